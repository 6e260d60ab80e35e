// The calculator page in real Chromium (Debian's /usr/bin/chromium via playwright-core).
// Serves www/ on 127.0.0.1 with the page's Content-Security-Policy as a header, and fails on any
// console error, page error or request that leaves the test server's origin.
// Artefacts: test-artifacts/page.png, test-artifacts/page-phone.png; with UPDATE_SCREENSHOT=1
// also docs/screenshot.png (the README's screenshot).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from './server.mjs';
import { browserSuite, openPage, done, text } from './harness.mjs';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const suite = browserSuite();
before(() => mkdir(ARTIFACTS, { recursive: true }));

/** Opens the page (optionally with a hash) and collects its console errors and page errors. */
async function open(hash = '', viewport) {
  const p = await openPage(suite, hash, { viewport });
  await p.page.waitForSelector('html[data-ready]');
  return p;
}

const hash = (page) => page.evaluate(() => location.hash);
/** The address bar follows a result once typing pauses (about 250 ms): wait for it. */
async function hashMatches(page, re) {
  await page.waitForFunction(([src, flags]) => new RegExp(src, flags).test(location.hash), [re.source, re.flags]);
  return hash(page);
}

/** Formats like the page's totals: 3 significant digits. */
function sig3(x) {
  const mag = Math.floor(Math.log10(Math.abs(x)));
  return x.toFixed(Math.max(0, 2 - mag));
}

test('loads under the CSP with no console error and shows the default result', async () => {
  const p = await open();
  const { page, response } = p;
  const header = response.headers()['content-security-policy'];
  assert.match(header, /script-src 'self' 'wasm-unsafe-eval'/);
  const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(meta, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(meta, /default-src 'self'/);

  assert.equal(await page.inputValue('#preset'), 'ionic-missouri');
  const mined = Number(await page.getAttribute('#total-mined', 'data-value'));
  const recycled = Number(await page.getAttribute('#total-recycled', 'data-value'));
  assert.ok(mined > 0 && recycled > 0, `totals ${mined} ${recycled}`);
  assert.equal(await text(page, '#total-mined'), sig3(mined));
  assert.equal(await text(page, '#total-recycled'), sig3(recycled));
  assert.match(await text(page, '#reduction'), /^-?\d+(\.\d+)? %$/);
  const verdict = await text(page, '#verdict-text');
  assert.match(verdict, /61 %/);
  assert.match(verdict, /mass allocation/);
  assert.match(verdict, /Missouri/);
  assert.match(verdict, /kg CO2-eq\/kWh/);
  // Chart drawn, with its data table; break-evens, contributions, factors and sources listed.
  const box = await page.$eval('#stage-chart', (c) => [c.width, c.height]);
  assert.ok(box[0] > 100 && box[1] > 100, `canvas ${box}`);
  assert.ok((await page.$$('#stage-table tbody tr')).length >= 3);
  assert.ok((await page.$$('#breakeven-table tbody tr')).length >= 5);
  assert.ok((await page.$$('#contributions tbody tr')).length >= 5);
  assert.ok((await page.$$('#factors-table tbody tr')).length >= 10);
  assert.ok((await page.$$('#sources li[id^="src-"]')).length >= 10);
  // Every parameter's source link points at an entry of the sources list.
  const broken = await page.$$eval('a[href^="#src-"]', (as) =>
    as.map((a) => a.getAttribute('href').slice(1)).filter((id) => !document.getElementById(id)));
  assert.deepEqual(broken, []);
  // Every form control has a label.
  const unlabelled = await page.$$eval('input, select, textarea', (els) =>
    els.filter((e) => e.type !== 'hidden' && !e.labels?.length && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
      .map((e) => e.id || e.name));
  assert.deepEqual(unlabelled, []);
  assert.match(await hashMatches(page, /^#v=1~e=[^~]+~d=[^~]+~p=ionic-missouri/), /^#v=1~e=[^~]+~d=[^~]+~p=ionic-missouri/);

  await page.screenshot({ path: join(ARTIFACTS, 'page.png') });
  if (process.env.UPDATE_SCREENSHOT) {
    await mkdir(join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'docs', 'screenshot.png') });
  }
  await done(p);
});

test('changing a parameter changes the result and the URL', async () => {
  const p = await open();
  const { page } = p;
  const before = await text(page, '#total-recycled');
  await page.fill('#p-gridSrmw', '0.9');
  await page.waitForFunction((b) => document.querySelector('#total-recycled').textContent.trim() !== b, before);
  assert.ok(Number(await text(page, '#total-recycled')) > Number(before));
  assert.match(await hashMatches(page, /~gridSrmw=0\.9(~|$)/), /~gridSrmw=0\.9(~|$)/);
  assert.match(await page.inputValue('#share-link'), /gridSrmw=0\.9/);
  assert.match(await text(page, '#verdict-text'), /grid 0\.9/);

  const red = await text(page, '#reduction');
  await page.check('input[name="allocation"][value="economic"]');
  await page.waitForFunction((r) => document.querySelector('#reduction').textContent.trim() !== r, red);
  assert.match(await hashMatches(page, /~a=economic/), /~a=economic/);
  assert.match(await text(page, '#verdict-text'), /economic allocation/);

  // Back to the preset: the link shrinks to the preset alone.
  await page.click('#reset');
  await page.waitForFunction(() => !location.hash.includes('gridSrmw'));
  assert.equal(await page.inputValue('#p-gridSrmw'), '0.566');
  assert.equal(await text(page, '#total-recycled'), before);
  await done(p);
});

test('"Try it" on a break-even value moves the reduction to the claim, which then holds', async () => {
  const p = await open();
  const { page } = p;
  assert.match(await text(page, '#verdict-badge'), /does not hold/);
  const row = page.locator('#breakeven-table tbody tr', { hasText: 'Ion-adsorption clay mixed REO' });
  const shown = Number((await row.locator('td').nth(1).textContent()).replace(/[^0-9.]/g, ''));
  await row.getByRole('button').click();
  await page.waitForFunction(() => /claim holds/.test(document.querySelector('#verdict-badge').textContent));
  assert.equal(await text(page, '#reduction'), '61.0 %');
  const value = Number(await page.inputValue('#p-iacMixedReoFootprint'));
  assert.ok(Math.abs(value - shown) / shown < 1e-3, `${value} vs ${shown}`);
  assert.match(await hashMatches(page, /~iacMixedReoFootprint=44\.5/), /~iacMixedReoFootprint=44\.5/);
  await done(p);
});

test('an out-of-range value shows an alert and keeps the last result, marked stale', async () => {
  const p = await open();
  const { page } = p;
  const total = await text(page, '#total-recycled');
  const link = await hash(page);
  await page.fill('#p-gridSrmw', '7');
  await page.waitForSelector('#error:not(:empty)');
  assert.equal(await page.getAttribute('#error', 'role'), 'alert');
  assert.match(await text(page, '#error'), /overrides\.gridSrmw: must be between 0 and 1\.5, got 7/);
  assert.equal(await page.getAttribute('#p-gridSrmw', 'aria-invalid'), 'true');
  assert.ok(await page.$eval('#results', (r) => r.classList.contains('stale')));
  assert.equal(await text(page, '#total-recycled'), total);
  assert.equal(await hash(page), link);

  await page.fill('#p-gridSrmw', '0.5');
  await page.waitForSelector('#error:empty', { state: 'attached' });
  assert.ok(!(await page.$eval('#results', (r) => r.classList.contains('stale'))));
  assert.match(await hashMatches(page, /gridSrmw=0\.5/), /gridSrmw=0\.5/);
  await done(p);
});

test('opening a shared URL restores the scenario', async () => {
  const a = await open();
  await a.page.selectOption('#preset', 'ionic-belfast');
  await a.page.waitForFunction(() => location.hash.includes('p=ionic-belfast'));
  await a.page.check('input[name="recyclingRule"][value="substitution"]');
  await a.page.fill('#claim', '40');
  await a.page.fill('#p-efOxalicAcid', '4.5');
  await a.page.waitForFunction(() => location.hash.includes('efOxalicAcid=4.5'));
  const link = await hash(a.page);
  assert.match(link, /rr=substitution/);
  assert.match(link, /c=40/);
  const shown = {
    mined: await text(a.page, '#total-mined'),
    recycled: await text(a.page, '#total-recycled'),
    reduction: await text(a.page, '#reduction'),
    verdict: await text(a.page, '#verdict-text'),
  };
  await done(a);

  const b = await open(link);
  const { page } = b;
  assert.equal(await page.inputValue('#preset'), 'ionic-belfast');
  assert.ok(await page.isChecked('input[name="recyclingRule"][value="substitution"]'));
  assert.equal(await page.inputValue('#claim'), '40');
  assert.equal(await page.inputValue('#p-efOxalicAcid'), '4.5');
  assert.deepEqual({
    mined: await text(page, '#total-mined'),
    recycled: await text(page, '#total-recycled'),
    reduction: await text(page, '#reduction'),
    verdict: await text(page, '#verdict-text'),
  }, shown);
  assert.equal(await hash(page), link);
  assert.ok(await page.isHidden('#link-notice'), 'no notice for a link of this version');
  await done(b);
});

test('a link made with another engine or dataset version opens with a notice', async () => {
  const p = await open('#v=1~e=0.0.1~d=1999.1.1~p=ionic-belfast~gridNorthernIreland=0.2');
  const { page } = p;
  await page.waitForSelector('#link-notice:not([hidden])');
  assert.match(await text(page, '#link-notice'), /engine 0\.0\.1 and dataset 1999\.1\.1/);
  assert.equal(await page.inputValue('#preset'), 'ionic-belfast');
  assert.equal(await page.inputValue('#p-gridNorthernIreland'), '0.2');
  await done(p);
});

test('a corrupted URL shows a message, not a broken page', async () => {
  // [link, the field the message must name]: links unreadable as a whole. The first two open a
  // fresh page, the others arrive as a hash change in the open page (a link pasted into the
  // same tab).
  const cases = [
    ['#v=1~p=no-such-preset', 'preset'],
    ['#v=1~p=ionic-missouri~acidExcess=1.5', null],
    ['#%ZZ~~==', 'share'],
    ['#v=7~p=ionic-missouri', 'share.v'],
  ];
  let p = null;
  for (const [i, [bad, field]] of cases.entries()) {
    if (i < 2) {
      if (p) await done(p);
      p = await open(bad);
    } else {
      await p.page.evaluate((h) => { location.hash = h; }, bad);
    }
    if (!field) continue;
    const { page } = p;
    await page.waitForFunction((f) => {
      const n = document.querySelector('#link-notice');
      return !n.hidden && n.textContent.includes(`${f}:`);
    }, field);
    assert.match(await text(page, '#link-notice'), /^This link could not be read: .+ Showing the default preset instead\.$/, bad);
    // The notice is brought into view and takes the focus, so it is read first.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'link-notice');
    assert.equal(await page.inputValue('#preset'), 'ionic-missouri', bad);
    assert.ok(Number(await page.getAttribute('#total-mined', 'data-value')) > 0, bad);
    await page.waitForFunction(() => location.hash.startsWith('#v=1~e='));
  }
  await done(p);
});

test('a link with one bad value keeps the rest and names the value in words', async () => {
  for (const [bad, says] of [
    ['#v=1~p=ionic-missouri~acidExcess=1.5~gridSrmw=abc', /Grid intensity, SERC Midwest \(Missouri site\) \(not a number: "abc"\)/],
    ['#v=1~p=ionic-missouri~acidExcess=1.5~gridSrmw=99', /Grid intensity, SERC Midwest \(Missouri site\) \(must be between 0 and 1\.5, got 99\)/],
  ]) {
    const p = await open(bad);
    const { page } = p;
    await page.waitForFunction(() => !document.querySelector('#link-notice').hidden);
    const notice = await text(page, '#link-notice');
    assert.match(notice, /One value of this link could not be used and was left out: /, notice);
    assert.match(notice, says, notice);
    assert.match(notice, /The rest of the link is applied/);
    assert.doesNotMatch(notice, /gridSrmw|overrides\./, 'no ids in the notice');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'link-notice');
    assert.equal(await page.inputValue('#p-acidExcess'), '1.5');
    assert.equal(await page.inputValue('#p-gridSrmw'), '0.566');
    await page.waitForFunction(() => /acidExcess=1\.5/.test(location.hash) && !/gridSrmw/.test(location.hash));
    await done(p);
  }
});

test('the CSV and JSON exports hold the numbers shown, with a receipt', async () => {
  const p = await open();
  const { page } = p;
  await page.fill('#p-acidExcess', '1.5');
  await page.waitForFunction(() => location.hash.includes('acidExcess=1.5'));
  const link = (await hash(page)).slice(1);
  const versions = await text(page, '#versions');

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  assert.match(csvDownload.suggestedFilename(), /^reo-lca-ionic-missouri-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await csvDownload.path(), 'utf8');
  // The header is the first line; the receipt follows the data after an empty line, as
  // two-column rows (quoted where a value holds a comma or a quote).
  const [data, tail] = csv.split('\n\n');
  const rows = data.split('\n');
  const head = rows[0].split(',');
  const col = (name) => head.indexOf(name);
  assert.ok(col('impact_kg_co2e') >= 0 && col('kind') >= 0, rows[0]);
  const cells = (line) => {
    const out = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (q && ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = !q;
      else if (ch === ',' && !q) { out.push(cur); cur = ''; } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const receiptRows = tail.trim().split('\n').map(cells);
  assert.deepEqual(receiptRows[0], ['receipt', 'value']);
  for (const r of receiptRows) assert.equal(r.length, 2, r.join('|'));
  const receipt = Object.fromEntries(receiptRows.slice(1));
  assert.equal(receipt.share, link);
  assert.equal(JSON.parse(receipt.scenario).overrides.acidExcess, 1.5);
  assert.ok(versions.includes(receipt['engine version']) && versions.includes(receipt['dataset version']));
  assert.ok(!Number.isNaN(Date.parse(receipt.date)));
  const sum = { mined: 0, recycled: 0 };
  for (const r of rows.slice(1)) {
    const f = r.split(',');
    sum[f[col('kind')]] += Number(f[col('impact_kg_co2e')]);
  }
  for (const kind of ['mined', 'recycled']) {
    const shownText = await text(page, `#total-${kind}`);
    const value = Number(await page.getAttribute(`#total-${kind}`, 'data-value'));
    assert.equal(Number(receipt[`${kind} total, kg CO2-eq/kg`]), value);
    assert.ok(Math.abs(sum[kind] - value) <= 1e-9 * Math.abs(value), `${kind}: rows sum to ${sum[kind]}, total ${value}`);
    assert.equal(sig3(sum[kind]), shownText);
  }
  assert.equal(`${sig3(Number(receipt['reduction, %']))} %`, await text(page, '#reduction'));

  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const json = JSON.parse(await readFile(await jsonDownload.path(), 'utf8'));
  assert.equal(json.receipt.share, link);
  assert.equal(json.receipt.scenario.overrides.acidExcess, 1.5);
  assert.ok(json.receipt.engineVersion && json.receipt.datasetVersion && json.receipt.date);
  assert.equal(sig3(json.result.mined.total), await text(page, '#total-mined'));
  assert.equal(sig3(json.result.recycled.total), await text(page, '#total-recycled'));
  await done(p);
});

test('keyboard: skip link, preset change and source links keep the scenario in the URL', async () => {
  const p = await open();
  const { page } = p;
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'results');

  const before = await text(page, '#verdict-text');
  await page.focus('#preset');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction((b) => document.querySelector('#verdict-text').textContent.trim() !== b, before);
  const chosen = await page.inputValue('#preset');
  assert.notEqual(chosen, 'ionic-missouri');
  const link = await hashMatches(page, new RegExp(`~p=${chosen}(~|$)`));

  await page.focus('#key-param-list a[href^="#src-"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id?.startsWith('src-'));
  assert.equal(await hash(page), link, 'following a source link keeps the scenario');
  await done(p);
});

test('usable at phone width (390 px): no horizontal scrolling', async () => {
  const p = await open('', { width: 390, height: 844 });
  const { page } = p;
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width}px wide`);
  await page.screenshot({ path: join(ARTIFACTS, 'page-phone.png') });
  await done(p);
});

test('nothing moves once the page is shown: no layout shift at desktop, tablet and phone widths', async () => {
  for (const viewport of [{ width: 1350, height: 940 }, { width: 1000, height: 800 }, { width: 390, height: 844 }]) {
    const page = await suite.browser.context.newPage();
    await page.setViewportSize(viewport);
    await page.addInitScript(() => {
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (!e.hadRecentInput) window.__shifts.push({ value: e.value, nodes: e.sources.map((s) => s.node?.id || s.node?.className || s.node?.nodeName) });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(suite.server.url);
    // The first result, then the quick uncertainty run and the explanations that follow it.
    await page.waitForFunction(() => document.querySelector('#results').dataset.quick === 'done');
    await page.waitForSelector('#stage-chart');
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    const shifts = await page.evaluate(() => window.__shifts);
    const total = shifts.reduce((a, s) => a + s.value, 0);
    assert.ok(total < 0.005, `${viewport.width} px: layout shift ${total.toFixed(4)} ${JSON.stringify(shifts)}`);
    await page.close();
  }
});
