// The <reo-lca-compare> widget (npm/widget.js, served from www/pkg/) on www/widget-demo.html in
// real Chromium, with the calculator's Content-Security-Policy as a header and in the page's meta
// tag. Fails on any console error, page error, CSP violation or request that leaves the test
// server's origin. The numbers must equal compare() in Node (pkg/node.js) for the same
// scenario, and each link's hash must decode to that scenario.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, launch, ROOT, WWW } from './server.mjs';

const lca = await import(pathToFileURL(join(ROOT, 'pkg', 'node.js')).href);

let server;
let browser;
const external = [];

before(async () => {
  for (const f of ['pkg/widget.js', 'pkg/reo_lca.js', 'pkg/reo_lca_bg.wasm', 'widget-demo.html']) {
    await access(join(WWW, f)).catch(() => {
      throw new Error(`www/${f} is missing: run scripts/build-wasm.sh first`);
    });
  }
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  assert.deepEqual(external, [], 'requests left the origin');
});

/** Opens the demo; collects console errors, page errors and CSP violations. */
async function open() {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!(u.startsWith(server.url) || u.startsWith('data:') || u.startsWith('blob:'))) external.push(u);
  });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  await page.goto(`${server.url}widget-demo.html`);
  // Every element has shown a result or an error.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('reo-lca-compare')].every((el) => el.comparison || el.error));
  return { page, problems };
}

async function finish({ page, problems }) {
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'CSP violations');
  await page.close();
  assert.deepEqual(problems, [], 'console or page errors');
}

/** What one element shows, read from its shadow root. */
function shown(page, id) {
  return page.$eval(`#${id}`, (el) => {
    const root = el.shadowRoot;
    const q = (s) => root.querySelector(s);
    const region = q('section');
    const heading = root.getElementById(region?.getAttribute('aria-labelledby') ?? '');
    return {
      heading: heading?.textContent ?? null,
      headingTag: heading?.tagName ?? null,
      recycled: { value: q('dd.recycled data')?.getAttribute('value'), text: q('dd.recycled')?.textContent, label: q('dt.recycled .label')?.textContent },
      mined: { value: q('dd.mined data')?.getAttribute('value'), text: q('dd.mined')?.textContent, label: q('dt.mined .label')?.textContent },
      reduction: { value: q('dd.reduction data')?.getAttribute('value') ?? null, text: q('dd.reduction')?.textContent },
      verdict: q('.verdict')?.textContent ?? null,
      holds: q('.verdict')?.dataset.holds ?? null,
      basis: q('.basis')?.textContent ?? null,
      link: q('a')?.href ?? null,
      alert: q('[role="alert"]')?.textContent ?? null,
      error: el.error,
      styleAttributes: root.querySelectorAll('[style]').length,
      styleElements: root.querySelectorAll('style').length,
      adopted: root.adoptedStyleSheets.length,
      radius: region ? getComputedStyle(region).borderTopLeftRadius : null,
    };
  });
}

/** The displayed number (3 significant digits) is the value rounded. */
function assertRounded(text, value) {
  const shownNumber = Number(text.match(/-?[\d.]+/)[0]);
  const mag = Math.floor(Math.log10(Math.abs(value)));
  assert.ok(Math.abs(shownNumber - value) <= 0.5 * 10 ** (mag - 2) + 1e-12, `${text} shows ${value}`);
}

/** Checks one element against compare() and the share link of `scenario`. */
function check(w, scenario) {
  const c = lca.compare(scenario);
  assert.equal(w.error, null);
  assert.equal(w.heading, `Recycled vs mined ${c.oxide}`);
  assert.equal(w.recycled.value, String(c.recycled.total));
  assert.equal(w.mined.value, String(c.mined.total));
  assert.equal(w.recycled.label, c.recycled.label);
  assert.equal(w.mined.label, c.mined.label);
  assertRounded(w.recycled.text, c.recycled.total);
  assertRounded(w.mined.text, c.mined.total);
  assert.match(w.recycled.text, /kg CO₂-eq\/kg$/);
  assert.equal(w.reduction.value, String(c.reductionPercent));
  assert.equal(w.reduction.text, `${c.reductionPercent.toFixed(1)} % lower than mined`);
  // The verdict is written out, not shown by colour alone.
  assert.equal(w.holds, String(c.claim.holds));
  assert.equal(w.verdict, `${c.claim.holds ? 'Claim holds.' : 'Claim does not hold.'} ${c.claim.verdict}`);
  assert.equal(w.basis, `Baseline: ${c.baselineLabel}. Allocation: ${c.allocation}.`);
  // The link opens the calculator beside the demo with the same scenario.
  const link = new URL(w.link);
  assert.equal(link.origin + link.pathname, server.url);
  const share = new lca.Calculator(scenario);
  try {
    assert.equal(link.hash, `#${share.shareLink()}`);
  } finally {
    share.free();
  }
  const decoded = lca.decodeShare(link.hash.slice(1));
  assert.equal(decoded.notice, null);
  assert.deepEqual(decoded.scenario, lca.decodeShare(lca.encodeShare(scenario)).scenario);
  assert.deepEqual(lca.compare(decoded.scenario), c);
}

test('the demo under the strict CSP: numbers as compare() in Node, links that decode to the scenario', async () => {
  const p = await open();
  const { page } = p;
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /style-src 'self';/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);

  const def = await shown(page, 'default');
  check(def, { preset: 'ionic-missouri' });
  assert.equal(def.holds, 'false');
  const custom = await shown(page, 'custom');
  const scenario = { preset: 'ionic-missouri', oxide: 'Dy2O3', baseline: 'ion-clay-xunwu', allocation: 'economic', site: 'belfast' };
  check(custom, scenario);
  assert.equal(custom.holds, 'true', 'the demo shows a claim that holds too');
  assert.notEqual(custom.mined.value, def.mined.value);

  // Styled by the adopted stylesheet, with no inline style for the CSP to block.
  for (const w of [def, custom]) {
    assert.equal(w.adopted, 1);
    assert.equal(w.styleAttributes, 0);
    assert.equal(w.styleElements, 0);
    assert.equal(w.radius, '8px');
  }
  // The WebAssembly came from the package's directory, once.
  assert.equal(server.served.filter((s) => s === '/pkg/reo_lca_bg.wasm').length, 1);
  await finish(p);
});

test('accessible: labelled regions with headings at the level asked for', async () => {
  const p = await open();
  const { page } = p;
  const regions = page.getByRole('region', { name: 'Recycled vs mined Dy2O3' });
  assert.equal(await regions.count(), 3); // default, custom, live
  assert.equal((await shown(page, 'default')).headingTag, 'H3');
  await page.$eval('#default', (el) => el.setAttribute('heading-level', '4'));
  await page.$eval('#default', (el) => el.updated);
  assert.equal((await shown(page, 'default')).headingTag, 'H4');
  assert.equal(await page.getByRole('heading', { level: 4, name: 'Recycled vs mined Dy2O3' }).count(), 1);
  const alert = page.getByRole('alert');
  assert.equal(await alert.count(), 1);
  await finish(p);
});

test('reacts to attribute changes; several changes in one task give one update', async () => {
  const p = await open();
  const { page } = p;
  const base = { preset: 'ionic-missouri', allocation: 'mass' };
  check(await shown(page, 'live'), { ...base, oxide: 'Dy2O3' });

  for (const [select, value, scenario] of [
    ['#oxide', 'Nd2O3', { ...base, oxide: 'Nd2O3' }],
    ['#allocation', 'economic', { ...base, oxide: 'Nd2O3', allocation: 'economic' }],
    ['#oxide', 'NdPrOxide', { ...base, oxide: 'NdPrOxide', allocation: 'economic' }],
  ]) {
    await page.selectOption(select, value);
    await page.$eval('#live', (el) => el.updated);
    check(await shown(page, 'live'), scenario);
  }

  const updates = await page.$eval('#live', async (el) => {
    let n = 0;
    el.addEventListener('reo-lca-update', () => n++);
    el.setAttribute('oxide', 'Pr6O11');
    el.setAttribute('allocation', 'mass');
    el.setAttribute('site', 'belfast');
    await el.updated;
    return n;
  });
  assert.equal(updates, 1);
  check(await shown(page, 'live'), { ...base, oxide: 'Pr6O11', site: 'belfast' });
  await finish(p);
});

test("a bad attribute shows the engine's message, never throws, and the element recovers", async () => {
  const p = await open();
  const { page } = p;
  const engineMessage = (scenario) => {
    try {
      lca.compare(scenario);
    } catch (e) {
      return e.message;
    }
    throw new Error(`no error for ${JSON.stringify(scenario)}`);
  };

  const bad = await shown(page, 'bad');
  const message = engineMessage({ preset: 'ionic-missouri', allocation: 'bogus' });
  assert.match(message, /^allocation: unknown allocation rule "bogus"/);
  assert.equal(bad.error, message);
  assert.equal(bad.alert, `Cannot show this comparison. ${message} (check the allocation attribute)`);
  assert.equal(bad.recycled.value, undefined);
  assert.equal(bad.link, null);

  // An oxide the recycled route cannot make, chosen in the form.
  await page.selectOption('#oxide', 'Tb4O7');
  await page.$eval('#live', (el) => el.updated);
  const tb = await shown(page, 'live');
  assert.equal(tb.error, engineMessage({ preset: 'ionic-missouri', oxide: 'Tb4O7', allocation: 'mass' }));
  assert.match(tb.alert, /\(check the oxide attribute\)$/);

  // Missing preset, a non-number claim, a link that is not http(s), an unknown attribute value
  // on each scenario attribute: messages, no exception.
  const cases = [
    [{ preset: null }, engineMessage({})],
    [{ 'claim-percent': 'lots' }, engineMessage({ preset: 'ionic-missouri', claimPercent: 'lots' })],
    [{ site: 'atlantis' }, engineMessage({ preset: 'ionic-missouri', site: 'atlantis' })],
    [{ 'calculator-url': 'javascript:alert(1)' }, 'calculator-url: must be an http or https URL, got "javascript:alert(1)"'],
  ];
  for (const [attrs, expected] of cases) {
    const error = await page.$eval('#bad', async (el, attrs) => {
      el.setAttribute('allocation', 'mass');
      for (const [k, v] of Object.entries(attrs)) (v === null ? el.removeAttribute(k) : el.setAttribute(k, v));
      await el.updated;
      const error = el.error;
      for (const k of Object.keys(attrs)) el.removeAttribute(k);
      el.setAttribute('preset', 'ionic-missouri');
      await el.updated;
      return error;
    }, attrs);
    assert.equal(error, expected, JSON.stringify(attrs));
  }

  // Back to good values: results again, and calculator-url is followed.
  await page.$eval('#bad', async (el) => {
    el.setAttribute('calculator-url', 'https://calculator.example/reo/');
    await el.updated;
  });
  const recovered = await shown(page, 'bad');
  assert.equal(recovered.error, null);
  assert.equal(recovered.recycled.value, String(lca.compare({ preset: 'ionic-missouri', allocation: 'mass' }).recycled.total));
  assert.equal(recovered.link, `https://calculator.example/reo/#${lca.encodeShare({ preset: 'ionic-missouri', allocation: 'mass' })}`);
  await finish(p);
});
