// Bundles the page's chart library from node_modules into www/vendor/ (no CDN): the Chart.js
// parts listed in scripts/chart-entry.js as one minified ES module, with Chart.js's licence.
//   node scripts/build-vendor.mjs [out-dir]      (default www/vendor)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'www', 'vendor'));
mkdirSync(out, { recursive: true });
const version = JSON.parse(readFileSync(join(root, 'node_modules', 'chart.js', 'package.json'), 'utf8')).version;
await build({
  entryPoints: [join(root, 'scripts', 'chart-entry.js')],
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2020',
  legalComments: 'none',
  banner: { js: `/*! Chart.js v${version} | MIT License | https://www.chartjs.org (subset: bar charts) */` },
  outfile: join(out, 'chart.js'),
  logLevel: 'warning',
});
copyFileSync(join(root, 'node_modules', 'chart.js', 'LICENSE.md'), join(out, 'chart.js.LICENSE.md'));
