// Calculator page benchmark: time from navigation to the first result, and the first-load
// weight (every response the page fetches until its first result, gzip -9), in Chromium.
// Prints figures only; asserts nothing.
//   node benches/page.mjs            (7 loads)
//   RUNS=20 node benches/page.mjs
// Expects www/pkg (scripts/build-wasm.sh) and www/vendor (copied by the same script).
import { gzipSync } from 'node:zlib';
import { serve, launch } from '../tests/e2e/server.mjs';

const RUNS = Number(process.env.RUNS ?? 7);
const BUDGET = 200 * 1024;

const server = await serve(undefined, { cache: false });
const browser = await launch();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// First-load weight: one cold load, recording each response body.
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
}));
rows.sort((a, b) => b.gzip - a.gzip);
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });

console.log('First load (every response until the first result and network idle):');
console.log(`  ${'file'.padEnd(34)} ${'raw B'.padStart(9)} ${'gzip -9 B'.padStart(10)}`);
for (const r of rows) console.log(`  ${r.file.padEnd(34)} ${String(r.raw).padStart(9)} ${String(r.gzip).padStart(10)}`);
console.log(`  ${'total'.padEnd(34)} ${String(total.raw).padStart(9)} ${String(total.gzip).padStart(10)}`);
console.log(`  gzip total ${(total.gzip / 1024).toFixed(1)} KiB of a ${BUDGET / 1024} KiB budget (${total.gzip <= BUDGET ? 'within' : 'OVER'})`);

// Navigation → first result: a fresh page per run; the server sends no-store, so every run
// fetches and compiles everything again (from loopback), as a first visit does.
const times = [];
const wasmReady = [];
const compares = [];
for (let i = 0; i < RUNS; i++) {
  const p = await browser.context.newPage();
  await p.goto(`${server.url}?run=${i}`);
  await p.waitForSelector('html[data-ready]');
  const m = await p.evaluate(() => Object.fromEntries(['reo:wasm-ready', 'reo:form-built', 'reo:first-result']
    .map((n) => [n, performance.getEntriesByName(n)[0]?.startTime])));
  times.push(m['reo:first-result']);
  wasmReady.push(m['reo:wasm-ready']);
  // One recompute after a parameter change, as the page does it on every input.
  const t = await p.evaluate(async () => {
    const el = document.querySelector('#p-efOxalicAcid');
    const t0 = performance.now();
    el.value = '5';
    el.dispatchEvent(new Event('input', { bubbles: true }));
    return performance.now() - t0;
  });
  compares.push(t);
  await p.close();
}
console.log(`\nNavigation → first result over ${RUNS} loads (ms, performance mark 'reo:first-result'):`);
console.log(`  median ${median(times).toFixed(0)}, min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}`);
console.log(`  of which until the wasm module is ready (mark 'reo:wasm-ready'): median ${median(wasmReady).toFixed(0)}`);
console.log(`Recompute after a parameter edit (compare + inUse + render, ms): median ${median(compares).toFixed(1)}, max ${Math.max(...compares).toFixed(1)}`);

await browser.close();
await server.close();
