// Calculator page benchmark, in Debian's Chromium. Prints figures only; asserts nothing.
//
//   1. first-load weight: every response until the first result, raw, gzip -9 and brotli;
//   2. navigation → first result (performance marks set by the page);
//   3. the recompute handler after a parameter edit (the 'input' event's synchronous work:
//      compare, render, chart data), median and 90th percentile over many edits;
//   4. a 10,000-run Monte Carlo started from the page's form until its summary shows, against
//      the same run in Node (MonteCarloRun in chunks of 500, as the page's worker steps it, and
//      in one step), and their ratio;
//   5. Lighthouse (mobile and desktop presets) when benches/lighthouse is installed
//      (`npm ci --prefix benches/lighthouse`): performance, accessibility, LCP, TBT, CLS.
//
//   node benches/page.mjs                 (7 loads, 40 edits)
//   RUNS=20 EDITS=100 node benches/page.mjs
//   PAGE_DIR=/path/to/www node benches/page.mjs   (another build of the page)
//   LIGHTHOUSE=0 node benches/page.mjs            (skip Lighthouse)
// Expects www/pkg and www/vendor (scripts/build-wasm.sh).
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, launch, WWW, ROOT } from '../tests/e2e/server.mjs';

const RUNS = Number(process.env.RUNS ?? 7);
const EDITS = Number(process.env.EDITS ?? 40);
const MC_RUNS = 10_000;
const DIR = process.env.PAGE_DIR ?? WWW;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;

const server = await serve(DIR, { cache: false });
const browser = await launch();

// ---------- 1. first-load weight ----------
{
  const page = await browser.context.newPage();
  const bodies = new Map();
  page.on('response', async (r) => {
    if (!r.url().startsWith(server.url)) return;
    try {
      bodies.set(r.url(), await r.body());
    } catch {
      /* redirects and aborted requests have no body */
    }
  });
  await page.goto(server.url);
  await page.waitForSelector('html[data-ready]');
  await page.waitForLoadState('networkidle');
  await page.close();
  const rows = [...bodies].map(([url, body]) => ({
    file: new URL(url).pathname,
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }));
  rows.sort((a, b) => b.gzip - a.gzip);
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, br: t.br + r.br }), { raw: 0, gzip: 0, br: 0 });
  console.log('1. First load (every response until the first result and network idle), bytes:');
  console.log(`  ${'file'.padEnd(34)} ${'raw'.padStart(9)} ${'gzip -9'.padStart(9)} ${'brotli'.padStart(9)}`);
  for (const r of [...rows, { file: 'total', ...total }]) {
    console.log(`  ${r.file.padEnd(34)} ${String(r.raw).padStart(9)} ${String(r.gzip).padStart(9)} ${String(r.br).padStart(9)}`);
  }
  console.log(`  total ${kib(total.raw)} raw, ${kib(total.gzip)} gzip, ${kib(total.br)} brotli`);
}

// ---------- 2 and 3. first result and the recompute handler ----------
{
  const times = [];
  const wasmReady = [];
  for (let i = 0; i < RUNS; i++) {
    const p = await browser.context.newPage();
    await p.goto(`${server.url}?run=${i}`);
    await p.waitForSelector('html[data-ready]');
    const m = await p.evaluate(() => Object.fromEntries(['reo:wasm-ready', 'reo:first-result']
      .map((n) => [n, performance.getEntriesByName(n)[0]?.startTime])));
    times.push(m['reo:first-result']);
    wasmReady.push(m['reo:wasm-ready']);
    await p.close();
  }
  console.log(`\n2. Navigation → first result over ${RUNS} loads (ms): median ${median(times).toFixed(0)}, ` +
    `min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}; wasm ready at median ${median(wasmReady).toFixed(0)}`);

  for (const [label, viewport] of [['desktop 1200 px', { width: 1200, height: 900 }], ['phone 390 px', { width: 390, height: 844 }]]) {
    const p = await browser.context.newPage();
    await p.setViewportSize(viewport);
    await p.goto(server.url);
    await p.waitForSelector('html[data-ready]');
    const handler = await p.evaluate(async (edits) => {
      const el = document.querySelector('#p-efOxalicAcid');
      const frame = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
      const out = [];
      for (let i = 0; i < edits + 5; i++) {
        el.value = String(3 + (i % 7));
        const t0 = performance.now();
        el.dispatchEvent(new Event('input', { bubbles: true }));
        const t1 = performance.now();
        if (i >= 5) out.push(t1 - t0);
        await frame();
      }
      return out;
    }, EDITS);
    console.log(`3. Recompute handler after a parameter edit, ${label} (ms over ${EDITS} edits): median ${median(handler).toFixed(1)}, ` +
      `p90 ${quantile(handler, 0.9).toFixed(1)}, max ${Math.max(...handler).toFixed(1)}`);
    await p.close();
  }
}

// ---------- 4. Monte Carlo in the page and in Node ----------
{
  const p = await browser.context.newPage();
  await p.goto(server.url);
  await p.waitForSelector('html[data-ready]');
  const pageTimes = [];
  for (let k = 0; k < 3; k++) {
    const ms = await p.evaluate(async (n) => {
      document.querySelector('#mc-iterations').value = String(n);
      document.querySelector('#mc-seed').value = '1';
      const sec = document.querySelector('#uncertainty');
      const done = new Promise((ok) => {
        const obs = new MutationObserver(() => {
          if (sec.dataset.state === 'done') {
            obs.disconnect();
            ok(performance.now());
          }
        });
        obs.observe(sec, { attributes: true, attributeFilter: ['data-state'] });
      });
      const t0 = performance.now();
      document.querySelector('#mc-run').click();
      return (await done) - t0;
    }, MC_RUNS);
    pageTimes.push(ms);
  }
  await p.close();

  const pkg = join(DIR, 'pkg');
  const glue = await import(pathToFileURL(join(pkg, 'reo_lca.js')).href);
  glue.initSync({ module: readFileSync(join(pkg, 'reo_lca_bg.wasm')) });
  const scenario = { preset: 'ionic-missouri' };
  const nodeChunked = [];
  const nodeOne = [];
  for (let k = 0; k < 5; k++) {
    let t0 = performance.now();
    let run = new glue.MonteCarloRun(scenario, 1);
    for (let done = 0; done < MC_RUNS;) {
      const before = done;
      done = run.step(Math.min(500, MC_RUNS - done));
      run.samplesSince(before);
    }
    run.summary();
    run.free();
    nodeChunked.push(performance.now() - t0);
    t0 = performance.now();
    run = new glue.MonteCarloRun(scenario, 1);
    run.step(MC_RUNS);
    run.summary();
    run.free();
    nodeOne.push(performance.now() - t0);
  }
  const pg = median(pageTimes);
  const nc = median(nodeChunked);
  console.log(`\n4. ${MC_RUNS.toLocaleString('en')}-run Monte Carlo (ms, median): page, click to summary ${pg.toFixed(0)} ` +
    `(runs ${pageTimes.map((x) => x.toFixed(0)).join(', ')}); Node, chunks of 500 ${nc.toFixed(0)}; Node, one step ${median(nodeOne).toFixed(0)}`);
  console.log(`   page / Node (chunked) = ${(pg / nc).toFixed(2)}×`);
}

await browser.close();

// ---------- 5. Lighthouse ----------
const LH = join(ROOT, 'benches', 'lighthouse', 'node_modules', 'lighthouse', 'core', 'index.js');
if (process.env.LIGHTHOUSE === '0') {
  console.log('\n5. Lighthouse: skipped (LIGHTHOUSE=0)');
} else if (!existsSync(LH)) {
  console.log('\n5. Lighthouse: not installed; run `npm ci --prefix benches/lighthouse` first');
} else {
  const lighthouse = (await import(pathToFileURL(LH).href)).default;
  const launcher = await import(pathToFileURL(join(ROOT, 'benches', 'lighthouse', 'node_modules', 'chrome-launcher', 'dist', 'index.js')).href);
  const cached = await serve(DIR, { cache: true });
  const configs = {
    mobile: undefined,
    desktop: (await import(pathToFileURL(join(ROOT, 'benches', 'lighthouse', 'node_modules', 'lighthouse', 'core', 'config', 'desktop-config.js')).href)).default,
  };
  console.log('\n5. Lighthouse (simulated throttling; median of 3 runs per preset):');
  for (const [name, config] of Object.entries(configs)) {
    const runs = [];
    for (let k = 0; k < 3; k++) {
      const chrome = await launcher.launch({
        chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
        chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
      });
      try {
        const r = await lighthouse(cached.url, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
        }, config);
        const a = r.lhr.audits;
        runs.push({
          perf: r.lhr.categories.performance.score * 100,
          a11y: r.lhr.categories.accessibility.score * 100,
          bp: r.lhr.categories['best-practices'].score * 100,
          seo: r.lhr.categories.seo.score * 100,
          fcp: a['first-contentful-paint'].numericValue,
          lcp: a['largest-contentful-paint'].numericValue,
          tbt: a['total-blocking-time'].numericValue,
          cls: a['cumulative-layout-shift'].numericValue,
        });
      } finally {
        await chrome.kill();
      }
    }
    const m = (k) => median(runs.map((r) => r[k]));
    console.log(`  ${name.padEnd(7)} performance ${m('perf').toFixed(0)}, accessibility ${m('a11y').toFixed(0)}, ` +
      `best practices ${m('bp').toFixed(0)}, SEO ${m('seo').toFixed(0)}; FCP ${(m('fcp') / 1000).toFixed(2)} s, ` +
      `LCP ${(m('lcp') / 1000).toFixed(2)} s, TBT ${m('tbt').toFixed(0)} ms, CLS ${m('cls').toFixed(3)} ` +
      `(performance runs ${runs.map((r) => r.perf.toFixed(0)).join(', ')})`);
  }
  await cached.close();
}
await server.close();
