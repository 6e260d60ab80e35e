// The page as a visitor reads it, in real Chromium: unreadable input never leaves a hidden
// value or a verdict behind; ranges shown are the ranges enforced; visible text uses names,
// never ids; the quick uncertainty run beside the headline equals the engine's; explanations
// and verdict flips; the claim map; keyboard use; charts at phone width; printing; and axe-core
// finds no accessibility violation in the default, error and after-uncertainty states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from './server.mjs';
import { browserSuite, openPage, done, text } from './harness.mjs';

const suite = browserSuite();

async function open(hash = '', viewport) {
  const p = await openPage(suite, hash, { viewport, timeout: 20_000 });
  await p.page.waitForSelector('html[data-settled]');
  return p;
}

/** Waits until the deferred part of the next result (tables, URL) is drawn. */
async function settled(page, before) {
  await page.waitForFunction((n) => Number(document.documentElement.dataset.settled) > n, before);
}
const settledCount = (page) => page.evaluate(() => Number(document.documentElement.dataset.settled));

const AXE = await readFile(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** axe-core's violations for the page as it is (WCAG 2.1 A and AA rules and best practices). */
async function axe(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

test('unreadable input drops the previous value; a half-typed claim gives no verdict', async () => {
  const p = await open();
  const { page } = p;
  let n = await settledCount(page);
  await page.fill('#p-gridSrmw', '0.45');
  await settled(page, n);
  await page.waitForFunction(() => location.hash.includes('gridSrmw=0.45'));

  // 1e309 is no number a computer holds: the field says so, nothing is computed, and the old
  // value is not kept out of sight. (Typed key by key: "1" is a valid value on the way, "1e30"
  // an out-of-range one; the last key makes the text unreadable.)
  await page.locator('#p-gridSrmw').selectText();
  await page.keyboard.type('1e30');
  await page.waitForSelector('#error:not(:empty)');
  const link = await page.evaluate(() => location.hash);
  await page.keyboard.type('9');
  await page.waitForFunction(() => /enter a number/.test(document.querySelector('#error').textContent));
  await page.waitForTimeout(400);
  assert.match(await text(page, '#error'), /Grid intensity, SERC Midwest \(Missouri site\): enter a number/);
  assert.equal(await page.getAttribute('#p-gridSrmw', 'aria-invalid'), 'true');
  assert.ok(await page.$eval('#results', (r) => r.classList.contains('stale') && r.classList.contains('no-verdict')));
  assert.equal(await page.isVisible('#verdict'), false);
  assert.equal(await page.isVisible('#verdict-wait'), true);
  assert.equal(await page.evaluate(() => location.hash), link, 'the link is not rewritten from a stale state');
  // Another edit does not compute either while the field is unreadable.
  await page.fill('#p-acidExcess', '1.2');
  assert.ok(await page.$eval('#results', (r) => r.classList.contains('no-verdict')));
  // Reset gives the preset value, not the hidden 0.45.
  n = await settledCount(page);
  await page.click('[data-id="gridSrmw"] .reset-param');
  await settled(page, n);
  assert.equal(await page.inputValue('#p-gridSrmw'), '0.566');
  await page.waitForFunction(() => !location.hash.includes('gridSrmw') && location.hash.includes('acidExcess=1.2'));
  assert.equal(await page.isVisible('#verdict'), true);

  // A half-typed claim: an error at the field and no verdict, until it is a number again.
  await page.locator('#claim').selectText();
  await page.keyboard.type('6e');
  await page.waitForSelector('#claim-msg:not(:empty)');
  assert.match(await text(page, '#claim-msg'), /Enter a number/);
  assert.equal(await page.isVisible('#verdict'), false);
  assert.match(await text(page, '#error'), /Claimed reduction: enter a number/);
  n = await settledCount(page);
  await page.fill('#claim', '10');
  await settled(page, n);
  assert.equal(await page.isVisible('#verdict'), true);
  assert.match(await text(page, '#verdict-badge'), /10 % claim holds/);
  await done(p);
});

test('the range shown is the range enforced, and its maximum is accepted', async () => {
  const p = await open();
  const { page } = p;
  const range = await text(page, '[data-id="recoveryYield"] .range');
  const m = range.match(/^([\d.]+)–([\d.]+) in this scenario \(table 0\.01–1\)$/);
  assert.ok(m, range);
  const max = Number(await page.getAttribute('#p-recoveryYield', 'max'));
  assert.ok(max > 0.3 && max < 0.4, String(max));
  assert.ok(Math.abs(Number(m[2]) - max) < 1e-3, `${m[2]} vs ${max}`);
  const n = await settledCount(page);
  await page.fill('#p-recoveryYield', String(max));
  await settled(page, n);
  assert.equal(await text(page, '#error'), '');
  await page.fill('#p-recoveryYield', '0.5');
  await page.waitForSelector('#error:not(:empty)');
  assert.match(await text(page, '#error'), /exceeds the feed's REO content/);
  await done(p);
});

/** Every id of the catalogue that a reader must never see as text. */
async function ids(page) {
  return page.evaluate(async () => {
    const m = await import('./pkg/reo_lca.js');
    const out = new Set(['dataGaps', 'NdPrOxide', 'bo_beneficiation', 'overrides.', 'iacMixedReoFootprint']);
    for (const r of m.routes()) if (r.id.includes('-')) out.add(r.id);
    for (const p of m.parameters()) if (/[a-z][A-Z]/.test(p.id)) out.add(p.id);
    for (const s of m.sites()) if (s.id.length > 4) out.add(s.id);
    for (const id of m.priceSets()) out.add(id);
    return [...out];
  });
}

test('visible text uses names, never ids', async () => {
  for (const hash of ['', '#v=1~p=ionic-missouri-ndpr', '#v=1~p=ionic-missouri-ndpr~b=bayan-obo~a=economic']) {
    const p = await open(hash);
    const { page } = p;
    await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
    await page.waitForFunction(() => document.querySelector('#cm-grid tbody tr'));
    await page.waitForTimeout(200);
    const body = await page.evaluate(() => document.body.innerText);
    const found = (await ids(page)).filter((id) => body.includes(id));
    assert.deepEqual(found, [], `${hash || 'default'}: ids shown`);
    assert.doesNotMatch(body, /\w+_\w+\[\w+\]/, 'split-node ids shown');
    await done(p);
  }
});

test('the quick uncertainty run beside the headline is the engine\'s seeded run', async () => {
  const p = await open();
  const { page } = p;
  await page.waitForFunction(() => document.querySelector('#results').dataset.quick === 'done');
  const shown = {
    mined: await text(page, '#unc-mined'),
    recycled: await text(page, '#unc-recycled'),
    verdict: await text(page, '#verdict-unc'),
  };
  const want = await page.evaluate(async () => {
    const m = await import('./pkg/reo_lca.js');
    const run = new m.MonteCarloRun({ preset: 'ionic-missouri' }, 1);
    run.step(2000);
    const s = run.summary();
    run.free();
    return { mined: s.mined, recycled: s.recycled, p: s.comparison.pReductionAtLeastClaim };
  });
  const sig = (x) => {
    const mag = Math.floor(Math.log10(Math.abs(x)));
    return x.toFixed(Math.max(0, 2 - mag)).replace(/^-/, '\u2212');
  };
  for (const k of ['mined', 'recycled']) {
    assert.equal(shown[k], `median ${sig(want[k].median)}, 90 % of draws ${sig(want[k].p5)} to ${sig(want[k].p95)}`);
  }
  assert.match(shown.verdict, new RegExp(`claimed 61 % in ${(100 * want.p).toFixed(1)} % of them`));
  // A change starts a new quick run for the new scenario.
  await page.fill('#p-gridSrmw', '1.2');
  await page.waitForFunction((old) => document.querySelector('#unc-recycled').textContent !== old && !document.querySelector('#unc-recycled').classList.contains('pending'), shown.recycled);
  assert.notEqual(await text(page, '#unc-recycled'), shown.recycled);
  await done(p);
});

test('each total says why, the choices are explained, and a flip of the verdict is stated', async () => {
  const p = await open('#v=1~p=ionic-missouri~b=ion-clay-xunwu');
  const { page } = p;
  assert.match(await text(page, '#why-mined'), /^Largest stage mining, [\d.]+ \(\d+(\.\d+)? %\); largest single item /);
  assert.match(await text(page, '#why-recycled'), /^Largest stage /);
  await page.click('.notes summary');
  const notes = await text(page, '#choice-notes');
  assert.match(notes, /Mass allocation: /);
  assert.match(notes, /Cut-off: /);
  // Under mass allocation the Xunwu baseline does not meet 61 %; economic allocation does.
  assert.match(await text(page, '#verdict-badge'), /does not hold/);
  assert.match(await text(page, '#flips'), /Under economic allocation, the claim would hold: recycled [\d.]+ % lower than mined\./);
  await done(p);
});

test('the claim map: a grid with its summary and data table, usable by keyboard', async () => {
  const p = await open();
  const { page } = p;
  await page.click('#claim-map-details summary');
  await page.waitForFunction(() => document.querySelector('#cm-grid tbody tr'));
  assert.match(await text(page, '#cm-status'), /^The stated 61 % reduction holds in 192 of 432 combinations/);
  const head = await page.$$eval('#cm-grid thead th', (ths) => ths.map((t) => t.textContent));
  assert.deepEqual(head.slice(1), ['Mass at every node', 'Economic at every node', "The published model's factors", 'Economic at beneficiation, mass at separation']);
  const rows = await page.$$eval('#cm-table tbody tr', (trs) => trs.length);
  assert.equal(rows, 432);
  // The cell under economic allocation for the Xunwu baseline, reached and used by keyboard.
  const cell = page.locator('#cm-grid tbody tr', { hasText: 'Xunwu' }).locator('button').nth(1);
  assert.match(await cell.getAttribute('aria-label'), /^[\d.]+ % ✓ holds: .*Xunwu.*, Economic at every node\. Use this combination\.$/);
  await cell.focus();
  const n = await settledCount(page);
  await page.keyboard.press('Enter');
  await settled(page, n);
  assert.equal(await page.inputValue('#baseline'), 'ion-clay-xunwu');
  assert.equal(await page.isChecked('input[name="allocation"][value="economic"]'), true);
  assert.match(await text(page, '#verdict-badge'), /claim holds/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'results');
  await done(p);
});

test('keyboard: tables scroll by keyboard and nothing focused hides under the summary bar', async () => {
  const p = await open('', { width: 390, height: 700 });
  const { page } = p;
  const wraps = await page.$$eval('.table-wrap', (ws) => ws.map((w) => [w.getAttribute('tabindex'), w.getAttribute('role'), w.getAttribute('aria-label')]));
  for (const [tab, role, label] of wraps) {
    assert.equal(tab, '0');
    assert.equal(role, 'region');
    assert.ok(label);
  }
  // Scroll to the parameters so the summary bar shows, then tab through a dozen controls.
  await page.evaluate(() => document.querySelector('#parameters').scrollIntoView());
  await page.waitForSelector('#summary-bar:not([hidden])');
  await page.focus('#p-gridSrmw');
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const hidden = await page.evaluate(() => {
      const el = document.activeElement;
      const bar = document.querySelector('#summary-bar');
      if (!el || bar.hidden) return false;
      const r = el.getBoundingClientRect();
      return r.bottom > bar.getBoundingClientRect().top + 1;
    });
    assert.equal(hidden, false, `focused element ${i} under the bar`);
  }
  await done(p);
});

test('charts at phone width: wrapped labels, one colour for the claim', async () => {
  const p = await open('', { width: 390, height: 844 });
  const { page } = p;
  await page.fill('#mc-iterations', '1000');
  await page.click('#mc-run');
  await page.waitForFunction(() => document.querySelector('#uncertainty').dataset.state === 'done');
  await page.evaluate(async () => {
    document.querySelector('#tornado').scrollIntoView();
    const { Chart } = await import('./vendor/chart.js');
    const both = () => Chart.getChart(document.querySelector('#tornado')) && Chart.getChart(document.querySelector('#mc-hist'));
    for (let i = 0; i < 400 && !both(); i++) await new Promise((ok) => setTimeout(ok, 50));
  });
  const info = await page.evaluate(async () => {
    const { Chart } = await import('./vendor/chart.js');
    const t = Chart.getChart(document.querySelector('#tornado'));
    return {
      labels: t.data.labels,
      font: t.options.scales.y.ticks.font.size,
      colours: ['#tornado', '#mc-hist'].map((s) => document.querySelector(s).dataset.claimColour),
      width: document.documentElement.scrollWidth,
    };
  });
  for (const l of info.labels) for (const line of [l].flat()) assert.ok(line.length <= 20, `label line "${line}"`);
  assert.ok(info.font >= 12);
  assert.equal(new Set(info.colours).size, 1, info.colours.join(' '));
  assert.ok(info.width <= 390);
  await done(p);
});

test('print: result, verdict, chart and scenario link on at most three pages; og tags', async () => {
  const p = await open();
  const { page } = p;
  const og = await page.$$eval('meta[property^="og:"]', (ms) => Object.fromEntries(ms.map((m) => [m.getAttribute('property'), m.content])));
  assert.ok(og['og:title'] && og['og:description'] && og['og:type'], JSON.stringify(og));
  // A printed page is laid out at the paper's width (A4 at 96 px per inch), not the window's.
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  // The chart is redrawn at the printed width at once, not after the page was printed.
  const chart = await page.$eval('#stage-chart', (c) => ({ canvas: c.getBoundingClientRect().width, box: c.parentElement.getBoundingClientRect().width }));
  assert.ok(Math.abs(chart.canvas - chart.box) < 2, JSON.stringify(chart));
  const shown = await page.evaluate(() => Object.fromEntries(['#results', '#verdict', '#stage-chart', '#print-link', '#scenario', '#parameters', '#uncertainty']
    .map((s) => [s, document.querySelector(s).getBoundingClientRect().height > 0])));
  assert.deepEqual(shown, { '#results': true, '#verdict': true, '#stage-chart': true, '#print-link': true, '#scenario': false, '#parameters': false, '#uncertainty': false });
  assert.match(await text(page, '#print-link'), /^Scenario link: http:\/\/127\.0\.0\.1:\d+\/#v=1~e=/);
  const pdf = await page.pdf({ format: 'A4' });
  const pages = Number(pdf.toString('latin1').match(/\/Type\s*\/Pages\b[^>]*?\/Count (\d+)/s)?.[1]);
  assert.ok(pages >= 1 && pages <= 3, `${pages} pages`);
  await page.emulateMedia({ media: 'screen' });
  await done(p);
});

test('axe-core: no violations in the default, error and after-uncertainty states', async () => {
  for (const viewport of [{ width: 1200, height: 900 }, { width: 390, height: 844 }]) {
    const p = await open('', viewport);
    const { page } = p;
    assert.deepEqual(await axe(page), [], `default state at ${viewport.width} px`);
    await page.fill('#p-gridSrmw', '7');
    await page.waitForSelector('#error:not(:empty)');
    assert.deepEqual(await axe(page), [], `error state at ${viewport.width} px`);
    await page.fill('#p-gridSrmw', '0.5');
    await page.waitForSelector('#error:empty', { state: 'attached' });
    await page.fill('#mc-iterations', '1000');
    await page.click('#mc-run');
    await page.waitForFunction(() => document.querySelector('#uncertainty').dataset.state === 'done');
    await page.click('#claim-map-details summary');
    await page.waitForFunction(() => document.querySelector('#cm-grid tbody tr'));
    assert.deepEqual(await axe(page), [], `after uncertainty and the claim map at ${viewport.width} px`);
    await done(p);
  }
});
