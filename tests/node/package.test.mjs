// The npm package as users get it: `npm pack` of pkg/ (built by scripts/build-wasm.sh), installed
// into a scratch Node project from the tarball, then
//   - the tarball's contents and package.json fields are checked,
//   - every ```js example of the package README runs in Node (plain `import 'reo-lca'`),
//   - the Node entry, the web entry and the error classes are exercised from a script,
//   - tests/ts/usage.ts type-checks against the installed package (exports map "types"),
//   - the README's ```html example runs in headless Chromium, served from the scratch project.
// Run: node --test tests/node/   (scripts/test.sh runs it after the wasm build)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PKG = join(ROOT, 'pkg');
const README = readFileSync(join(ROOT, 'npm', 'README.md'), 'utf8');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Fenced code blocks of one language in a Markdown text. */
function codeBlocks(markdown, lang) {
  const re = new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm');
  return [...markdown.matchAll(re)].map((m) => m[1]);
}

function cargoVersion() {
  const toml = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  return toml.match(/^\[package\][\s\S]*?^version\s*=\s*"([^"]+)"/m)[1];
}

let scratch;
let tarball;
let packed;

before(() => {
  assert.ok(
    existsSync(join(PKG, 'reo_lca_bg.wasm')) && existsSync(join(PKG, 'package.json')),
    'pkg/ is missing or incomplete: run `bash scripts/build-wasm.sh` first',
  );
  scratch = mkdtempSync(join(tmpdir(), 'reo-lca-package-'));
  const out = execFileSync(NPM, ['pack', '--json', '--pack-destination', scratch], {
    cwd: PKG,
    encoding: 'utf8',
  });
  packed = JSON.parse(out)[0];
  tarball = join(scratch, packed.filename);
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'scratch', version: '0.0.0', private: true, type: 'module' }, null, 2),
  );
  // The package has no dependencies: the install needs no network.
  execFileSync(
    NPM,
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', tarball],
    { cwd: scratch, encoding: 'utf8' },
  );
});

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Runs an ES module in the scratch project; returns stdout, fails on a non-zero exit. */
function runModule(name, source) {
  const file = join(scratch, name);
  writeFileSync(file, source);
  const r = spawnSync(process.execPath, [file], { cwd: scratch, encoding: 'utf8' });
  assert.equal(r.status, 0, `${name} exited with ${r.status}\n--- source ---\n${source}\n--- stderr ---\n${r.stderr}`);
  assert.equal(r.stderr, '', `${name} wrote to stderr:\n${r.stderr}`);
  return r.stdout;
}

describe('npm tarball', () => {
  test('holds exactly the files listed, with the wasm and the types', () => {
    const files = packed.files.map((f) => f.path).sort();
    assert.deepEqual(files, [
      'CHANGELOG.md',
      'LICENSE',
      'LICENSE-DATA.md',
      'README.md',
      'node.js',
      'package.json',
      'reo_lca.d.ts',
      'reo_lca.js',
      'reo_lca_bg.wasm',
      'reo_lca_text.js',
      'wasm.d.ts',
      'widget.d.ts',
      'widget.js',
    ]);
    assert.equal(packed.name, 'reo-lca');
  });

  test('package.json: name, version, licence, exports, types, engines', () => {
    const pj = JSON.parse(readFileSync(join(scratch, 'node_modules', 'reo-lca', 'package.json'), 'utf8'));
    assert.equal(pj.name, 'reo-lca');
    assert.equal(pj.version, cargoVersion(), 'npm/package.json version must equal the crate version');
    assert.equal(pj.license, '(MIT AND CC-BY-NC-4.0)');
    assert.equal(pj.type, 'module');
    assert.equal(pj.types, './reo_lca.d.ts');
    assert.deepEqual(Object.keys(pj.exports['.']), ['types', 'browser', 'node', 'default']);
    assert.equal(pj.exports['.'].node, './node.js');
    assert.equal(pj.exports['.'].browser, './reo_lca.js');
    assert.match(pj.engines.node, />=\s*18/);
    for (const f of pj.files) assert.ok(existsSync(join(scratch, 'node_modules', 'reo-lca', f)), f);
    assert.deepEqual(pj.exports['./widget'], { types: './widget.d.ts', default: './widget.js' });
    assert.deepEqual(pj.exports['./reo_lca_bg.wasm'], { types: './wasm.d.ts', default: './reo_lca_bg.wasm' });
    // Bundlers must keep `import 'reo-lca/widget'`: it defines the element.
    assert.deepEqual(pj.sideEffects, ['./node.js', './widget.js']);
  });

  test('package.json: repository, homepage and bugs name one project', () => {
    const pj = JSON.parse(readFileSync(join(scratch, 'node_modules', 'reo-lca', 'package.json'), 'utf8'));
    const project = 'https://github.com/reo-lca/reo-lca';
    assert.deepEqual(pj.repository, { type: 'git', url: `git+${project}.git` });
    assert.equal(pj.homepage, `${project}#readme`);
    assert.deepEqual(pj.bugs, { url: `${project}/issues` });
  });

  test('CHANGELOG.md has an entry for this version; LICENSE-DATA.md holds the CC BY-NC 4.0 legal code', () => {
    const dir = join(scratch, 'node_modules', 'reo-lca');
    const changelog = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8');
    const version = cargoVersion();
    assert.match(changelog, /keepachangelog\.com/);
    assert.match(changelog, new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d\\d-\\d\\d$`, 'm'));
    assert.match(changelog, new RegExp(`^\\[${version.replace(/\./g, '\\.')}\\]: https://github\\.com/reo-lca/reo-lca/`, 'm'));
    const data = readFileSync(join(dir, 'LICENSE-DATA.md'), 'utf8');
    assert.match(data, /https:\/\/creativecommons\.org\/licenses\/by-nc\/4\.0\/legalcode/);
    assert.match(data, /Sprecher et al\. \(2014\)/);
    assert.match(data, /Miranda Xicotencatl et al\. \(2023\)/);
    // The full legal code, not only a summary: its eight sections and closing notice.
    for (let n = 1; n <= 8; n++) assert.match(data, new RegExp(`^### Section ${n} – `, 'm'), `Section ${n}`);
    assert.match(data, /NonCommercial means not primarily intended for or directed towards commercial advantage/);
    assert.match(data, /Creative Commons may be contacted at creativecommons\.org\.\n$/);
    // The README says it plainly.
    assert.match(README, /code is MIT-licensed/);
    assert.match(README, /commercial reuse of those figures needs the permission/i);
    assert.match(README, /src\/data\/sources\.csv/);
  });

  test('require() from CommonJS where Node supports require(esm), ERR_REQUIRE_ESM before', () => {
    const file = join(scratch, 'require.cjs');
    writeFileSync(file, "const { compare } = require('reo-lca');\nconsole.log(compare({ preset: 'ionic-missouri' }).oxide);\n");
    const r = spawnSync(process.execPath, [file], { cwd: scratch, encoding: 'utf8' });
    if (process.features.require_module) {
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'Dy2O3');
    } else {
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /ERR_REQUIRE_ESM/);
    }
    // From CommonJS, import() works on every supported Node.
    writeFileSync(file, "import('reo-lca').then(({ compare }) => console.log(compare({ preset: 'sprecher-hdd' }).oxide));\n");
    const d = spawnSync(process.execPath, [file], { cwd: scratch, encoding: 'utf8' });
    assert.equal(d.status, 0, d.stderr);
    assert.equal(d.stdout.trim(), 'Nd2O3');
  });

  test('web entry: a call before init() throws an Error that says to await init()', () => {
    const out = runModule(
      'before-init.mjs',
      `
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import init, { compare, encodeShare, Calculator, MonteCarloRun, presets } from 'reo-lca/web';

const early = (f, name) => assert.throws(f, (e) => {
  assert.equal(e.constructor, Error, \`\${name}: \${e.constructor.name}: \${e.message}\`);
  assert.equal(e.message, \`reo-lca: \${name} was called before the WebAssembly module was loaded: \` +
    'call \`await init()\` (the default export) once first, or initSync({ module }) with the .wasm bytes');
  return true;
});
early(() => compare({ preset: 'ionic-missouri' }), 'compare()');
early(() => presets(), 'presets()');
early(() => encodeShare({ preset: 'ionic-missouri' }), 'encodeShare()'); // not its finally's free()
early(() => new Calculator({ preset: 'ionic-missouri' }), 'new Calculator()');
early(() => new MonteCarloRun({ preset: 'ionic-missouri' }, 1), 'new MonteCarloRun()');

// init() called but not awaited: the same message; awaited: the module works.
const wasm = readFileSync(createRequire(import.meta.url).resolve('reo-lca/reo_lca_bg.wasm'));
const loading = init({ module_or_path: wasm });
early(() => compare({ preset: 'ionic-missouri' }), 'compare()');
await loading;
const c = compare({ preset: 'ionic-missouri' });
assert.ok(c.mined.total > 0);
assert.equal(await init(), await init({ module_or_path: wasm }), 'init() is idempotent');
console.log(c.oxide);
`,
    );
    assert.equal(out.trim(), 'Dy2O3');
  });

  test('the widget module imports in Node without defining anything', () => {
    const out = runModule(
      'widget-in-node.mjs',
      `
import assert from 'node:assert/strict';
const w = await import('reo-lca/widget');
assert.equal(typeof w.ReoLcaCompare, 'function');
assert.deepEqual(w.ReoLcaCompare.observedAttributes.slice(0, 2), ['preset', 'oxide']);
assert.equal(typeof globalThis.customElements, 'undefined');
console.log('ok');
`,
    );
    assert.equal(out.trim(), 'ok');
  });

  test('every ```js example of the README runs in Node', () => {
    const examples = codeBlocks(README, 'js');
    assert.ok(examples.length >= 8, `found ${examples.length} js examples`);
    for (const name of ['monteCarlo', 'sensitivity', 'MonteCarloRun']) {
      assert.ok(examples.some((src) => src.includes(name)), `no README example uses ${name}`);
    }
    examples.forEach((src, i) => {
      const out = runModule(`readme-example-${i + 1}.mjs`, src);
      assert.notEqual(out.trim(), '', `README example ${i + 1} printed nothing`);
    });
  });

  test('Node entry: ready on import, typed arrays, error classes, recovery', () => {
    const out = runModule(
      'node-entry.mjs',
      `
import assert from 'node:assert/strict';
import init, * as lca from 'reo-lca';

// Ready on import; init() is a harmless no-op afterwards.
const c = lca.compare({ preset: 'ionic-missouri' });
assert.ok(c.mined.total > 0 && c.recycled.total > 0);
await init();
assert.equal(lca.compare({ preset: 'ionic-missouri' }).mined.total, c.mined.total);
assert.deepEqual(Object.getPrototypeOf(c), Object.prototype);
assert.equal(c.claim.breakEvens[0].value === undefined, false);

const m = lca.exportMatrices({ preset: 'ionic-missouri' }, 'recycled');
assert.equal(m.format, 'reo-lca-matrices/2');
assert.ok(Array.isArray(m.technosphere.entries) && Array.isArray(m.scaling));
// Plain data all the way down (no typed arrays, maps or class instances).
const plain = (v) => v === null || ['number', 'string', 'boolean'].includes(typeof v)
  || (Array.isArray(v) && v.every(plain))
  || (Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every(plain));
assert.ok(plain(m));
const zip = lca.exportDatapackage({ preset: 'ionic-missouri' }, 'recycled');
assert.ok(zip instanceof Uint8Array && zip[0] === 0x50 && zip[1] === 0x4b);

assert.throws(() => lca.compare({ preset: 'ionic-missouri', overrides: { gridSrmw: -1 } }),
  (e) => e instanceof RangeError && e.field === 'overrides.gridSrmw' && e.message.startsWith('overrides.gridSrmw: must be'));
assert.throws(() => lca.compare({ preset: 'ionic-missouri', colour: 1 }),
  (e) => e instanceof TypeError && e.field === 'colour');
assert.throws(() => lca.exportMatrices({ preset: 'ionic-missouri' }, 'both'),
  (e) => e instanceof RangeError && e.field === 'route');
assert.equal(lca.compare({ preset: 'ionic-missouri' }).mined.total, c.mined.total);
for (const f of ['compare', 'resultsCsv', 'exportMatrices', 'exportDatapackage', 'inUse', 'encodeShare', 'decodeShare',
  'presets', 'parameters', 'routes', 'sites', 'sources', 'priceSets', 'version', 'initSync']) {
  assert.equal(typeof lca[f], 'function', f);
}
console.log('ok');
`,
    );
    assert.equal(out.trim(), 'ok');
  });

  test('web entry ("reo-lca/web") works in Node with initSync and the bytes', () => {
    const out = runModule(
      'web-entry.mjs',
      `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, compare } from 'reo-lca/web';
const wasm = createRequire(import.meta.url).resolve('reo-lca/reo_lca_bg.wasm');
initSync({ module: readFileSync(wasm) });
console.log(compare({ preset: 'sprecher-hdd' }).oxide);
`,
    );
    assert.equal(out.trim(), 'Nd2O3');
  });

  test('tests/ts/usage.ts type-checks against the installed package', () => {
    copyFileSync(join(ROOT, 'tests', 'ts', 'usage.ts'), join(scratch, 'usage.ts'));
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: ['ES2022', 'DOM', 'ESNext.Disposable'],
          types: [],
        },
        files: ['usage.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: scratch, encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
  });

  test('tests/ts/node.ts type-checks against the installed package without the DOM library', () => {
    copyFileSync(join(ROOT, 'tests', 'ts', 'node.ts'), join(scratch, 'node.ts'));
    const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tests', 'ts', 'tsconfig.node.json'), 'utf8'));
    delete compilerOptions.paths; // the exports map of the installed package instead
    assert.deepEqual(compilerOptions.lib, ['ES2022', 'ESNext.Disposable']);
    writeFileSync(join(scratch, 'tsconfig.node.json'), JSON.stringify({ compilerOptions, files: ['node.ts'] }));
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.node.json'], { cwd: scratch, encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
  });

  test('the README ```html example runs in headless Chromium', async (t) => {
    const [html] = codeBlocks(README, 'html');
    assert.ok(html, 'README has an html example');
    writeFileSync(join(scratch, 'index.html'), html);
    const { chromium } = await import('playwright-core');
    const server = await serve(scratch);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    t.after(async () => {
      await browser.close();
      await server.close();
    });
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // Failed loads are reported with their URL below; the browser's own favicon request is not
    // the example's.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(server.url);
    await page.waitForFunction(() => document.getElementById('out')?.textContent !== '…', null, {
      timeout: 15000,
    });
    const text = await page.textContent('#out');
    assert.match(text, /^\d+\.\d\d vs \d+\.\d\d kg CO2-eq\/kg, -?\d+\.\d % lower$/);
    // The same module, from the page: error classes and typed arrays in the browser's realm.
    const checks = await page.evaluate(async () => {
      const lca = await import('reo-lca');
      let err;
      try {
        lca.compare({ preset: 'ionic-missouri', overrides: { gridSrmw: -1 } });
      } catch (e) {
        err = e;
      }
      const m = lca.exportMatrices({ preset: 'ionic-missouri' }, 'mined');
      return {
        range: err instanceof RangeError,
        field: err?.field,
        typed: m.format === 'reo-lca-matrices/2' && Array.isArray(m.biosphere.entries)
          && lca.exportDatapackage({ preset: 'ionic-missouri' }, 'mined') instanceof Uint8Array,
        again: lca.compare({ preset: 'ionic-missouri' }).mined.total > 0,
      };
    });
    assert.deepEqual(checks, { range: true, field: 'overrides.gridSrmw', typed: true, again: true });
    assert.deepEqual(errors, []);
  });
});

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/** Static server on 127.0.0.1, any free port. */
function serve(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir + sep)) return res.writeHead(403).end();
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({
        url: `http://127.0.0.1:${server.address().port}/`,
        close: () => new Promise((done) => server.close(done)),
      }),
    ),
  );
}
