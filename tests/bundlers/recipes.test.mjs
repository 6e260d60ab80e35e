// The npm README's recipes, each as a tiny app in apps/ built with the real tool from the packed
// tarball (scripts/test-bundlers.sh packs pkg/, installs the tarball into every app and builds
// them first), then loaded in Debian's Chromium. Every page must show the recycled and mined
// totals of { preset: 'ionic-missouri' } exactly as compare() gives them in Node (from the same
// tarball), and the apps that embed <reo-lca-compare> must show its totals too; no page may log
// a console error, throw, fail a request or send one off its origin. The built apps are served
// with the calculator page's Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval'),
// except the plain-page recipe, whose import map and module are inline scripts.
//
// Run: bash scripts/test-bundlers.sh   (or, after it has built the apps: node --test tests/bundlers/)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CSP, launch } from '../e2e/server.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const APPS = join(HERE, 'apps');
const README = readFileSync(join(HERE, '..', '..', 'npm', 'README.md'), 'utf8');

/** The installed tarball's Node entry in one of the apps. */
const lca = await import(pathToFileURL(join(APPS, 'script', 'node_modules', 'reo-lca', 'node.js')).href);
const expected = (scenario) => {
  const c = lca.compare(scenario);
  return { recycled: String(c.recycled.total), mined: String(c.mined.total) };
};
const SCENARIO = { preset: 'ionic-missouri' };
const WIDGET = { preset: 'ionic-missouri', allocation: 'economic' };

const RECIPES = [
  { app: 'vite', serve: 'dist', widget: true, title: 'Vite (current)' },
  { app: 'vite6', serve: 'dist', title: 'Vite 6 (build.target es2022)' },
  { app: 'vite-worker', serve: 'dist', title: 'Vite, module worker (worker.format es)' },
  { app: 'vite6-worker', serve: 'dist', title: 'Vite 6, module worker (worker.format es, build.target es2022)' },
  { app: 'webpack', serve: '.', widget: true, title: 'webpack 5' },
  { app: 'esbuild', serve: '.', widget: true, title: 'esbuild (--loader:.wasm=file)' },
  { app: 'worker', serve: '.', title: 'module worker without a bundler' },
  { app: 'script', serve: '.', widget: true, csp: false, title: '<script type=module> without a bundler' },
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
};

/** Static server for one directory on 127.0.0.1 (any free port). */
function serve(dir, { csp }) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep)) return res.writeHead(403).end();
    let body;
    try {
      body = readFileSync(file);
    } catch {
      return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    if (csp) headers['content-security-policy'] = CSP;
    res.writeHead(200, headers).end(body);
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({
        url: `http://127.0.0.1:${server.address().port}/`,
        close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(done); }),
      }),
    ),
  );
}

let browser;
before(async () => {
  for (const { app, serve: dir } of RECIPES) {
    const page = join(APPS, app, dir, 'index.html');
    assert.ok(existsSync(page), `${page} is missing: run scripts/test-bundlers.sh (it builds the apps)`);
  }
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Opens `url`; returns the page and the problems seen (console errors, page errors, bad requests). */
async function open(url) {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = [];
  const origin = new URL(url).origin;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  });
  // Requests from workers go through the context.
  const onRequest = (r) => {
    const u = r.url();
    if (!(u.startsWith(origin + '/') || u.startsWith('blob:') || u.startsWith('data:'))) problems.push(`off origin: ${u}`);
  };
  browser.context.on('request', onRequest);
  await page.goto(url);
  return { page, problems, done: () => browser.context.off('request', onRequest) };
}

/** The totals an app wrote into #result, once it has (else the problems seen meanwhile). */
async function result(page, problems) {
  try {
    await page.waitForSelector('#result[data-mined]');
  } catch (e) {
    throw new Error(`${e.message.split('\n')[0]}\nproblems seen:\n  ${problems.join('\n  ')}`);
  }
  return page.$eval('#result', (o) => ({ recycled: o.dataset.recycled, mined: o.dataset.mined }));
}

/** The totals the first <reo-lca-compare> shows (its <data> values) and its link. */
async function widget(page) {
  await page.waitForSelector('reo-lca-compare .recycled data.total');
  return page.$eval('reo-lca-compare', (el) => {
    const root = el.shadowRoot;
    return {
      recycled: root.querySelector('dd.recycled data.total').getAttribute('value'),
      mined: root.querySelector('dd.mined data.total').getAttribute('value'),
      link: root.querySelector('a').href,
    };
  });
}

describe('recipes in Chromium', () => {
  for (const { app, serve: dir, widget: hasWidget, csp = true, title } of RECIPES) {
    test(`${title}: apps/${app}`, async () => {
      const server = await serve(join(APPS, app, dir), { csp });
      const { page, problems, done } = await open(server.url);
      try {
        assert.deepEqual(await result(page, problems), expected(SCENARIO));
        if (hasWidget) {
          const w = await widget(page);
          const { recycled, mined } = expected(WIDGET);
          assert.deepEqual({ recycled: w.recycled, mined: w.mined }, { recycled, mined });
          const link = new URL(w.link);
          assert.equal(link.origin + link.pathname, server.url, 'the link opens ./ beside the page');
          assert.deepEqual(lca.decodeShare(link.hash.slice(1)).scenario, lca.decodeShare(lca.encodeShare(WIDGET)).scenario);
        }
        assert.deepEqual(problems, []);
      } finally {
        done();
        await page.close();
        await server.close();
      }
    });
  }

  // The dev server serves the package through Vite's dependency optimiser, not as built.
  for (const { app, vite } of [{ app: 'vite', vite: 'vite' }, { app: 'vite6', vite: 'vite6' }]) {
    test(`${vite} dev server: apps/${app}`, async () => {
      const { createServer: viteServer } = await import(vite);
      const root = join(APPS, app);
      const config = join(root, 'vite.config.js');
      const dev = await viteServer({
        root,
        configFile: existsSync(config) ? config : false,
        logLevel: 'error',
        server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
      });
      await dev.listen();
      const { page, problems, done } = await open(dev.resolvedUrls.local[0]);
      try {
        assert.deepEqual(await result(page, problems), expected(SCENARIO));
        if (app === 'vite') {
          const w = await widget(page);
          assert.deepEqual({ recycled: w.recycled, mined: w.mined }, expected(WIDGET));
        }
        assert.deepEqual(problems, []);
      } finally {
        done();
        await page.close();
        await dev.close();
      }
    });
  }
});

describe('Node-only TypeScript project', () => {
  test('apps/node-ts type-checks ("lib": ["es2022"], "types": ["node"]) and runs', () => {
    const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: join(APPS, 'node-ts'), encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    const out = JSON.parse(r.stdout);
    assert.deepEqual({ recycled: String(out.recycled), mined: String(out.mined) }, expected(SCENARIO));
    assert.equal(out.link, lca.encodeShare(SCENARIO));
    assert.equal(out.wasmUrl, true);
  });
});

describe('the README shows the configurations the apps use', () => {
  const verbatim = (file) => {
    const text = readFileSync(join(APPS, file), 'utf8').trim();
    assert.ok(README.includes(text), `npm/README.md does not contain apps/${file} verbatim:\n${text}`);
  };
  for (const file of ['vite6/vite.config.js', 'vite-worker/vite.config.js', 'vite6-worker/vite.config.js',
    'vite-worker/worker.js', 'webpack/webpack.config.js', 'worker/worker.js']) {
    test(file, () => verbatim(file));
  }
  test('esbuild command and init call', () => {
    const { build } = JSON.parse(readFileSync(join(APPS, 'esbuild', 'package.json'), 'utf8')).scripts;
    assert.ok(README.includes(`npx ${build}`), `README lacks: npx ${build}`);
    assert.ok(README.includes('await init({ module_or_path: new URL(wasmUrl, import.meta.url) });'));
  });
});
