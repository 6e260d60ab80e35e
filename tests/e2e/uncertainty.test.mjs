// The page's uncertainty section in real Chromium: a Monte Carlo run in the Web Worker (the
// histogram and the summary fill, the probabilities are stated in words), cancelling a long
// run, a new scenario cancelling a running one, the tornado with its data table, the matrices
// download (the reo-lca-matrices/2 document), a phone-width layout, and no console error or
// request leaving the origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { browserSuite, openPage, done, text } from './harness.mjs';

const suite = browserSuite({ files: ['pkg/reo_lca.js', 'pkg/reo_lca_bg.wasm', 'vendor/chart.js', 'mc-worker.js'] });

async function open(hash = '', viewport) {
  const p = await openPage(suite, hash, { viewport, timeout: 20_000 });
  await p.page.waitForSelector('html[data-ready]');
  await p.page.waitForSelector('#uncertainty:not([hidden])');
  return p;
}

const state = (page) => page.getAttribute('#uncertainty', 'data-state');

async function runMc(page, iterations, seed = 1) {
  await page.fill('#mc-iterations', String(iterations));
  await page.fill('#mc-seed', String(seed));
  await page.click('#mc-run');
}

test('a 2,000-run Monte Carlo runs in the worker and fills the histogram, the table and the sentence', async () => {
  const p = await open();
  const { page, requests } = p;
  assert.equal(await state(page), 'idle');
  // The quick run beside the headline starts the one worker the page keeps.
  await page.waitForFunction(() => document.querySelector('#results').dataset.quick === 'done');
  await runMc(page, 2000, 7);
  await page.waitForFunction(() => document.querySelector('#uncertainty').dataset.state === 'done');
  assert.equal(requests.filter((u) => u.endsWith('/mc-worker.js')).length, 1, 'one worker, loaded once');
  assert.equal(await page.getAttribute('#uncertainty', 'data-worker'), 'used');
  // started + 2 chunks of 1,000 + done.
  assert.equal(Number(await page.getAttribute('#uncertainty', 'data-worker-messages')), 4);
  assert.match(await text(page, '#mc-status'), /^Done: 2,000 runs, seed 7\.$/);

  const sentence = await text(page, '#mc-sentence');
  const m = sentence.match(
    /^In 2,000 runs \(seed 7\), the recycled oxide had lower emissions than the mined one in ([\d.]+) % of cases; the reduction reached the claimed 61 % in ([\d.]+) % of cases\.$/,
  );
  assert.ok(m, sentence);
  const [pLower, pClaim] = [Number(m[1]), Number(m[2])];
  assert.ok(pLower >= 0 && pLower <= 100 && pClaim >= 0 && pClaim <= pLower, sentence);

  // The same numbers as the npm API with the same seed (wasm in the page's main thread).
  const expected = await page.evaluate(async () => {
    const m = await import('./pkg/reo_lca.js');
    const r = m.monteCarlo({ preset: 'ionic-missouri' }, { iterations: 2000, seed: 7 });
    return [r.summary.comparison.pRecycledLower, r.summary.comparison.pReductionAtLeastClaim, r.summary.mined.mean];
  });
  assert.equal(m[1], (100 * expected[0]).toFixed(1));
  assert.equal(m[2], (100 * expected[1]).toFixed(1));

  // Summary table: four rows of five finite numbers, with headers.
  const headers = await page.$$eval('#mc-table thead th', (ths) => ths.map((t) => t.textContent));
  assert.deepEqual(headers, ['Quantity', 'Deterministic', 'Mean', 'Median', 'P5', 'P95']);
  const rows = await page.$$eval('#mc-table tbody tr', (trs) =>
    trs.map((tr) => Array.from(tr.children, (c) => c.textContent)));
  assert.equal(rows.length, 4);
  assert.match(rows[0][0], /^Mined/);
  assert.match(rows[1][0], /^Recycled/);
  assert.match(rows[2][0], /^Reduction/);
  for (const r of rows) for (const x of r.slice(1)) assert.ok(Number.isFinite(Number(x)), `${r[0]}: ${x}`);
  assert.ok(Math.abs(Number(rows[0][2]) - expected[2]) / expected[2] < 0.01, `${rows[0][2]} vs ${expected[2]}`);
  assert.match(await text(page, '#mc-skew'), /median/);

  // Histogram: a chart with bars and a data table whose counts add up to the runs.
  const bars = await page.evaluate(async () => {
    const { Chart } = await import('./vendor/chart.js');
    const c = Chart.getChart(document.querySelector('#mc-hist'));
    return c.data.datasets[0].data.map((d) => d.y);
  });
  assert.ok(bars.length >= 10, `${bars.length} bins`);
  assert.equal(bars.reduce((a, b) => a + b, 0), 2000);
  const counts = await page.$$eval('#mc-hist-table tbody tr td:nth-child(2)', (tds) =>
    tds.map((t) => Number(t.textContent.replace(/,/g, ''))));
  assert.equal(counts.reduce((a, b) => a + b, 0), 2000);
  await done(p);
});

test('cancel stops a long run, and a new scenario cancels a running one', async () => {
  const p = await open();
  const { page } = p;
  await page.fill('#mc-iterations', '200000');
  await page.fill('#mc-seed', '3');
  // A 200,000-run takes well under a second here, so the checks during the run and the cancel
  // happen in the page, in the callback of the third message, before the run can end.
  const during = await page.evaluate(() => new Promise((ok) => {
    const sec = document.querySelector('#uncertainty');
    const obs = new MutationObserver(() => {
      if (Number(sec.dataset.workerMessages ?? 0) < 3) return;
      obs.disconnect();
      const seen = {
        state: sec.dataset.state,
        cancel: document.querySelector('#mc-cancel').getAttribute('aria-disabled'),
        run: document.querySelector('#mc-run').getAttribute('aria-disabled'),
        focus: document.activeElement?.id,
      };
      document.querySelector('#mc-cancel').focus();
      document.querySelector('#mc-cancel').click();
      ok({ ...seen, focusAfter: document.activeElement?.id });
    });
    obs.observe(sec, { attributes: true, attributeFilter: ['data-worker-messages'] });
    document.querySelector('#mc-run').focus();
    document.querySelector('#mc-run').click();
  }));
  // Unavailable buttons are aria-disabled, so the focus stays where it was during a run.
  assert.deepEqual(during, { state: 'running', cancel: 'false', run: 'true', focus: 'mc-run', focusAfter: 'mc-cancel' });
  assert.equal(await state(page), 'cancelled');
  assert.match(await text(page, '#mc-status'), /^Cancelled\. [\d,]+ of 200,000 runs were done; the histogram shows them\.$/);
  const messages = await page.getAttribute('#uncertainty', 'data-worker-messages');
  await page.waitForTimeout(300);
  assert.equal(await page.getAttribute('#uncertainty', 'data-worker-messages'), messages, 'no message after cancel');
  assert.equal(await page.getAttribute('#mc-run', 'aria-disabled'), 'false');
  assert.match(await text(page, '#mc-sentence'), /before the run was cancelled/);

  // Running again, then changing the scenario, cancels the run.
  await page.evaluate(() => {
    document.querySelector('#mc-run').click();
    const sel = document.querySelector('#preset');
    sel.value = 'ionic-belfast';
    sel.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.waitForFunction(() => document.querySelector('#uncertainty').dataset.state === 'cancelled');
  assert.match(await text(page, '#mc-status'), /scenario changed/);

  // Bad input is reported, nothing runs.
  await page.fill('#mc-iterations', '300000');
  await page.click('#mc-run');
  assert.equal(await state(page), 'invalid');
  assert.equal(await page.getAttribute('#mc-iterations', 'aria-invalid'), 'true');
  assert.match(await text(page, '#mc-status'), /Runs must be a whole number from 1 to 200,000/);
  await page.fill('#mc-iterations', '500');
  await page.fill('#mc-seed', '1.5');
  await page.click('#mc-run');
  assert.equal(await state(page), 'invalid');
  // Keyboard: Enter in the form runs it.
  await page.fill('#mc-seed', '2');
  await page.focus('#mc-seed');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#uncertainty').dataset.state === 'done');
  assert.match(await text(page, '#mc-sentence'), /^In 500 runs \(seed 2\)/);
  await done(p);
});

test('the tornado shows the largest swings with a data table and elasticities', async () => {
  const p = await open();
  const { page } = p;
  await page.waitForSelector('#tornado-table tbody tr', { state: 'attached' });
  const rows = await page.$$eval('#tornado-table tbody tr', (trs) =>
    trs.map((tr) => Array.from(tr.children, (c) => c.textContent)));
  assert.ok(rows.length >= 3 && rows.length <= 10, `${rows.length} rows`);
  const swings = rows.map((r) => Number(r[4]));
  for (const s of swings) assert.ok(Number.isFinite(s) && s >= 0);
  assert.deepEqual([...swings].sort((a, b) => b - a), swings, 'largest swing first');
  for (const r of rows) {
    assert.match(r[2], /→ -?[\d.]+$/);
    assert.ok(Number.isFinite(Number(r[5])) || r[5] === '–');
  }
  // Charts are drawn once they are on or near the screen.
  await page.evaluate(() => document.querySelector('#tornado').scrollIntoView());
  await page.evaluate(async () => {
    const { Chart } = await import('./vendor/chart.js');
    for (let i = 0; i < 400 && !Chart.getChart(document.querySelector('#tornado')); i++) await new Promise((ok) => setTimeout(ok, 50));
  });
  const chart = await page.evaluate(async () => {
    const { Chart } = await import('./vendor/chart.js');
    const c = Chart.getChart(document.querySelector('#tornado'));
    return { labels: c.data.labels.length, sets: c.data.datasets.length, first: c.data.datasets[0].data[0] };
  });
  assert.equal(chart.labels, rows.length);
  assert.equal(chart.sets, 2);
  assert.ok(chart.first.every(Number.isFinite));
  assert.match(await text(page, '#tornado-summary'), /^Largest swings of the reduction: /);
  await done(p);
});

test('the matrices download holds the reo-lca-matrices/2 document', async () => {
  const p = await open();
  const { page } = p;
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-recycled')]);
  const doc = JSON.parse(await readFile(await download.path(), 'utf8'));
  // The same document as the npm package and the command line write, with its scenario.
  const m = doc;
  assert.equal(m.scenario.preset, 'ionic-missouri');
  assert.match(m.shareLink, /^v=1~e=/);
  const [zip] = await Promise.all([page.waitForEvent('download'), page.click('#export-bw-recycled')]);
  assert.match(zip.suggestedFilename(), /-recycled-datapackage\.zip$/);
  const bytes = await readFile(await zip.path());
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  assert.ok(bytes.includes(Buffer.from('datapackage.json')));
  assert.equal(m.format, 'reo-lca-matrices/2');
  assert.equal(m.side, 'recycled');
  assert.ok(Array.isArray(m.technosphere.entries) && m.technosphere.entries.length > 0);
  for (const t of [...m.technosphere.entries, ...m.biosphere.entries]) {
    assert.deepEqual(Object.keys(t), ['row', 'col', 'value', 'uncertainty']);
    assert.ok(Number.isInteger(t.row) && Number.isInteger(t.col) && Number.isFinite(t.value));
    assert.ok(Number.isInteger(t.uncertainty.uncertaintyType));
  }
  for (const k of ['demand', 'scaling', 'inventory']) assert.ok(Array.isArray(m[k]), k);
  assert.equal(m.scaling.length, m.processes.length);
  assert.equal(m.characterisation.factors.length, m.flows.length);
  // score = cᵀ · B · s
  const g = new Array(m.flows.length).fill(0);
  for (const t of m.biosphere.entries) g[t.row] += t.value * m.scaling[t.col];
  const score = g.reduce((h, x, i) => h + x * m.characterisation.factors[i], 0);
  assert.ok(Math.abs(score - m.score.value) <= 1e-9 * Math.abs(m.score.value), `${score} vs ${m.score.value}`);
  await done(p);
});

test('at 390 px the section fits the width and a short run works', async () => {
  const p = await open('', { width: 390, height: 844 });
  const { page } = p;
  await runMc(page, 1000, 1);
  await page.waitForFunction(() => document.querySelector('#uncertainty').dataset.state === 'done');
  const overflow = await page.evaluate(() => {
    const s = document.querySelector('#uncertainty');
    return { section: s.scrollWidth - s.clientWidth, page: document.documentElement.scrollWidth - window.innerWidth };
  });
  assert.ok(overflow.page <= 0, `page overflows by ${overflow.page}px`);
  assert.ok(overflow.section <= 1, `section overflows by ${overflow.section}px`);
  await done(p);
});
