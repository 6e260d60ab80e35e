// reo-lca calculator page: builds the form from the engine's catalogue, recomputes the
// comparison on every change, keeps the scenario in the URL and exports results with a receipt.
import * as api from './api.js';
import { $, $$, h, fill, nice, plainNumber, statusTag, oxideLabel, download, plain } from './ui.js';
import { renderResult } from './results.js';
import { renderSources, renderInUse, sourceLinks } from './sources.js';
import './uncertainty.js';

const DEFAULT_PRESET = 'ionic-missouri';
const GROUPS = [
  ['grid', 'Electricity grids'],
  ['factors', 'Emission factors'],
  ['mined', 'Mined routes'],
  ['recycled', 'Recycled routes'],
  ['prices', 'Oxide prices (economic allocation)'],
];
const CHOICES = ['oxide', 'baseline', 'recycled', 'site', 'allocation', 'recyclingRule', 'gwp', 'priceSet'];
const FIELD_CONTROL = {
  preset: '#preset', oxide: '#oxide', baseline: '#baseline', recycled: '#recycled', site: '#site',
  allocation: '#allocation', recyclingRule: '#recycling-rule', gwp: '#gwp', priceSet: '#price-set', claimPercent: '#claim',
};

const S = {
  presets: [], params: new Map(), routes: [], sites: [], sources: [], priceSets: [], version: null,
  scenario: { preset: DEFAULT_PRESET },
  inUseValues: new Map(), // parameter values in the last result (for parameters not overridden)
  good: null, // {scenario, comparison, share} of the last valid result
  lastHash: '',
  first: true,
};

// ---------- scenario helpers ----------

const preset = () => S.presets.find((p) => p.id === S.scenario.preset) ?? S.presets[0];
const route = (id) => S.routes.find((r) => r.id === id);
const site = (id) => S.sites.find((s) => s.id === id);
const defaultPriceSet = () => (S.priceSets.includes('usgs-2024') ? 'usgs-2024' : S.priceSets[0]);

function presetValue(field) {
  const p = preset();
  switch (field) {
    case 'gwp': return 'AR6';
    case 'priceSet': return defaultPriceSet();
    default: return p?.[field];
  }
}
const eff = (field) => S.scenario[field] ?? presetValue(field);

/** The scenario as the engine takes it: only what differs from the preset. */
function current() {
  const s = { preset: S.scenario.preset };
  for (const f of [...CHOICES, 'claimPercent']) if (S.scenario[f] != null) s[f] = S.scenario[f];
  const o = S.scenario.overrides ?? {};
  if (Object.keys(o).length) s.overrides = { ...o };
  return s;
}

/** Drops null fields and what links do not carry from a decoded scenario. */
function clean(sc) {
  const s = { preset: String(sc.preset) };
  for (const f of [...CHOICES, 'claimPercent']) if (sc[f] != null) s[f] = sc[f];
  const o = sc.overrides ?? {};
  s.overrides = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'number') s.overrides[k] = v;
  return s;
}

function setChoice(field, value) {
  if (value === presetValue(field) || value === '' || value == null) delete S.scenario[field];
  else S.scenario[field] = value;
}

const overrides = () => (S.scenario.overrides ??= {});

/** The drivers the claim check searches (the site's grid, the recycled-side drivers, the
 * baseline's own driver), from the last result or, before one, from the catalogue. */
function keyParams() {
  const found = S.good?.comparison?.claim?.breakEvens?.map((b) => b.parameter);
  const ids = found?.length
    ? found
    : [site(eff('site'))?.gridParameter, route(eff('baseline'))?.claimDriver];
  return ids.filter((id) => id && S.params.has(id));
}

const baseValue = (id) => S.inUseValues.get(id) ?? S.params.get(id)?.default;
const shownValue = (id) => overrides()[id] ?? baseValue(id);

// ---------- building the form ----------

function option(value, text, disabled) {
  return h('option', { value, disabled: disabled || null }, text);
}

function buildForm() {
  fill($('#preset'), S.presets.map((p) => option(p.id, p.label)));
  const mined = S.routes.filter((r) => r.kind === 'mined');
  const recycled = S.routes.filter((r) => r.kind === 'recycled');
  fill($('#baseline'), mined.map((r) => option(r.id, r.available ? r.label : `${r.label}`, !r.available)));
  fill($('#recycled'), recycled.map((r) => option(r.id, r.available ? r.label : `${r.label} (not modelled)`, !r.available)));
  fill($('#site'), S.sites.map((s) => option(s.id, s.label)));
  fill($('#price-set'), S.priceSets.map((p) => option(p, p)));
  const oxides = [];
  for (const r of S.routes) {
    for (const o of [...r.oxides, ...(r.conditionalOxides ?? []).map((c) => c.oxide)]) if (!oxides.includes(o)) oxides.push(o);
  }
  fill($('#oxide'), oxides.map((o) => option(o, oxideLabel(o))));

  const groups = $('#param-groups');
  fill(groups, GROUPS.map(([g, title]) => h('details', { class: 'group', 'data-group': g },
    h('summary', null, title, h('span', { class: 'count' })),
    h('div', { class: 'params' }))));
  for (const p of S.params.values()) paramRow(p);
  placeParams();
}

function paramRow(p) {
  const id = `p-${p.id}`;
  const input = h('input', {
    id, type: 'number', min: p.min, max: p.max, step: 'any', inputmode: 'decimal',
    'aria-describedby': `${id}-meta ${id}-msg`, 'data-param': p.id,
  });
  const reset = h('button', {
    type: 'button', class: 'reset-param small', hidden: true,
    'aria-label': `Reset ${p.label} to the preset value`, title: 'Back to the preset value',
  }, 'Reset');
  const row = h('div', { class: 'param', 'data-id': p.id, 'data-group': p.group },
    h('label', { for: id, title: p.note }, p.label),
    h('div', { class: 'param-input' }, input, h('span', { class: 'unit' }, p.unit), reset),
    h('p', { class: 'meta', id: `${id}-meta` },
      `default ${nice(p.default)} · range ${nice(p.min)}–${nice(p.max)} · `, statusTag(p.status),
      p.year ? ` ${p.year}` : '',
      p.sources.length ? [' · source: ', sourceLinks(p.sources)] : '',
      h('span', { class: 'unused-tag', hidden: true }, ' · not used in this scenario')),
    h('p', { class: 'field-msg', id: `${id}-msg` }));
  input.addEventListener('input', () => onParamInput(p.id, input));
  reset.addEventListener('click', () => {
    delete overrides()[p.id];
    syncParam(p.id, true);
    recompute();
    input.focus();
  });
  S.params.get(p.id).row = row;
}

/** Puts the key parameters first and the rest into their groups. */
function placeParams() {
  const keys = keyParams();
  const keyList = $('#key-param-list');
  const keyRows = keys.map((id) => S.params.get(id).row);
  if (keyRows.some((r, i) => keyList.children[i] !== r) || keyList.children.length !== keyRows.length) {
    keyList.replaceChildren(...keyRows);
  }
  for (const [g] of GROUPS) {
    const det = $(`details[data-group="${g}"]`);
    const list = $('.params', det);
    const rows = Array.from(S.params.values()).filter((p) => p.group === g && !keys.includes(p.id)).map((p) => p.row);
    if (rows.some((r, i) => list.children[i] !== r) || list.children.length !== rows.length) list.replaceChildren(...rows);
    fill($('.count', det), ` (${rows.length})`);
    det.hidden = rows.length === 0;
  }
}

function syncParam(id, force) {
  const p = S.params.get(id);
  const input = $('input', p.row);
  const overridden = Object.hasOwn(overrides(), id);
  if (force || document.activeElement !== input) input.value = plainNumber(shownValue(id));
  p.row.classList.toggle('overridden', overridden);
  $('.reset-param', p.row).hidden = !overridden;
}

/** Puts the scenario into the form controls. */
function syncForm() {
  $('#preset').value = S.scenario.preset;
  fill($('#preset-note'), preset()?.note ?? '');
  $('#baseline').value = eff('baseline');
  $('#recycled').value = eff('recycled');
  $('#site').value = eff('site');
  $('#gwp').value = eff('gwp');
  $('#price-set').value = eff('priceSet');
  for (const r of $$('input[name="allocation"]')) r.checked = r.value === eff('allocation');
  for (const r of $$('input[name="recyclingRule"]')) r.checked = r.value === eff('recyclingRule');
  const claim = $('#claim');
  if (document.activeElement !== claim) claim.value = plainNumber(eff('claimPercent'));
  syncOxides();
  placeParams();
  for (const id of S.params.keys()) syncParam(id);
}

/** The functional units a route makes in the current scenario (some need a parameter above 0). */
function routeOxides(id) {
  const r = route(id);
  if (!r) return [];
  const extra = (r.conditionalOxides ?? []).filter((c) => shownValue(c.parameter) > 0).map((c) => c.oxide);
  return [...r.oxides, ...extra];
}

/** Offers only the oxides both chosen routes produce. */
function syncOxides() {
  const a = routeOxides(eff('baseline'));
  const b = routeOxides(eff('recycled'));
  const ok = a.filter((o) => b.includes(o));
  for (const opt of $('#oxide').options) {
    opt.disabled = !ok.includes(opt.value);
  }
  $('#oxide').value = eff('oxide');
}

/** After a route change, moves to an oxide both routes offer, and says so. */
function fixOxide() {
  const a = routeOxides(eff('baseline'));
  const b = routeOxides(eff('recycled'));
  const ok = a.filter((o) => b.includes(o));
  const now = eff('oxide');
  if (ok.length && !ok.includes(now)) {
    const next = ok.includes(presetValue('oxide')) ? presetValue('oxide') : ok[0];
    setChoice('oxide', next);
    fill($('#oxide-note'), `${oxideLabel(now)} is not produced by both routes; switched to ${oxideLabel(next)}.`);
  } else {
    fill($('#oxide-note'), '');
  }
}

// ---------- events ----------

function onParamInput(id, input) {
  clearFieldMsg(input);
  if (input.value.trim() === '' || Number.isNaN(input.valueAsNumber)) {
    fieldMsg(input, 'Enter a number.');
    showError(null, `${id}: enter a number`);
    return;
  }
  const v = input.valueAsNumber;
  if (v === baseValue(id)) delete overrides()[id];
  else overrides()[id] = v;
  syncParam(id);
  syncOxides();
  recompute();
}

function wire() {
  $('#preset').addEventListener('change', (e) => {
    S.scenario = { preset: e.target.value };
    fill($('#oxide-note'), '');
    S.inUseValues.clear();
    syncForm();
    recompute();
  });
  $('#reset').addEventListener('click', () => {
    S.scenario = { preset: S.scenario.preset };
    fill($('#oxide-note'), '');
    S.inUseValues.clear();
    clearAllFieldMsgs();
    syncForm();
    recompute();
  });
  for (const [sel, field] of [['#baseline', 'baseline'], ['#recycled', 'recycled'], ['#site', 'site'], ['#gwp', 'gwp'], ['#price-set', 'priceSet'], ['#oxide', 'oxide']]) {
    $(sel).addEventListener('change', (e) => {
      setChoice(field, e.target.value);
      if (field === 'baseline' || field === 'recycled') fixOxide();
      else if (field === 'oxide') fill($('#oxide-note'), '');
      syncForm();
      recompute();
    });
  }
  for (const name of ['allocation', 'recyclingRule']) {
    for (const r of $$(`input[name="${name}"]`)) {
      r.addEventListener('change', () => {
        if (r.checked) {
          setChoice(name, r.value);
          recompute();
        }
      });
    }
  }
  $('#claim').addEventListener('input', (e) => {
    const el = e.target;
    clearFieldMsg(el);
    if (el.value.trim() === '') delete S.scenario.claimPercent;
    else if (Number.isNaN(el.valueAsNumber)) {
      fieldMsg(el, 'Enter a number.');
      return;
    } else setChoice('claimPercent', el.valueAsNumber);
    recompute();
  });

  // In-page links (sources, skip link) scroll without touching the hash, which holds the scenario.
  document.addEventListener('click', (e) => {
    const a = e.target.closest?.('a[href^="#"]');
    if (!a) return;
    let target = null;
    try {
      target = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
    } catch {
      target = null;
    }
    if (!target) return;
    e.preventDefault();
    for (let d = target.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
    target.scrollIntoView({ block: 'start' });
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
    target.classList.add('flash');
    setTimeout(() => target.classList.remove('flash'), 1500);
  });
  window.addEventListener('hashchange', () => {
    if (location.hash === S.lastHash) return;
    if (location.hash.length > 1 && openLink(location.hash.slice(1))) return;
    syncForm();
    recompute();
  });

  $('#copy-link').addEventListener('click', async () => {
    const input = $('#share-link');
    try {
      await navigator.clipboard.writeText(input.value);
      fill($('#share-status'), 'Link copied.');
    } catch {
      input.select();
      fill($('#share-status'), 'Select the link and copy it (Ctrl+C or ⌘C).');
    }
  });
  $('#export-csv').addEventListener('click', exportCsv);
  $('#export-json').addEventListener('click', exportJson);
  $('#export-mined').addEventListener('click', () => exportMatrices('mined'));
  $('#export-recycled').addEventListener('click', () => exportMatrices('recycled'));
}

// ---------- errors ----------

function controlFor(field) {
  if (!field) return null;
  const m = /^(?:overrides|share)\.([A-Za-z0-9_]+)/.exec(field);
  if (m && S.params.has(m[1])) return $(`#p-${m[1]}`);
  const sel = FIELD_CONTROL[field.split('.')[0]];
  return sel ? $(sel) : null;
}

function fieldMsg(el, text) {
  el.setAttribute('aria-invalid', 'true');
  const id = el.id ? `${el.id}-msg` : null;
  const msg = id && document.getElementById(id);
  if (msg) fill(msg, text);
}

function clearFieldMsg(el) {
  el.removeAttribute('aria-invalid');
  const msg = el.id && document.getElementById(`${el.id}-msg`);
  if (msg) fill(msg, '');
}

function clearAllFieldMsgs() {
  for (const el of $$('[aria-invalid="true"]')) clearFieldMsg(el);
}

/** Shows an engine error (or `text`) and marks the control of the field at fault (`err.field`). */
function showError(err, text) {
  const message = text ?? (err && err.message) ?? String(err);
  const field = err?.field ?? '';
  const el = controlFor(field);
  if (el && err) fieldMsg(el, message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message);
  const box = $('#error');
  fill(box, h('strong', null, 'Could not compute this scenario. '), message, /[.!?]$/.test(message) ? '' : '.',
    S.good ? ' The result below is the last valid one.' : '');
  box.hidden = false;
  $('#results').classList.toggle('stale', !!S.good);
}

function clearError() {
  const box = $('#error');
  box.replaceChildren();
  box.hidden = true;
  $('#results').classList.remove('stale');
}

// ---------- compute ----------

function recompute() {
  const scenario = current();
  let view;
  try {
    view = api.evaluate(scenario);
  } catch (err) {
    showError(err);
    return false;
  }
  const { comparison: c, inUse, share } = view;
  clearAllFieldMsgs();
  clearError();
  const ov = scenario.overrides ?? {};
  for (const p of inUse.parameters) if (!Object.hasOwn(ov, p.id)) S.inUseValues.set(p.id, p.value);
  const used = new Set(inUse.parameters.map((p) => p.id));
  for (const [id, p] of S.params) {
    const unused = !used.has(id);
    p.row.classList.toggle('unused', unused);
    $('.unused-tag', p.row).hidden = !unused;
    syncParam(id);
  }
  renderResult(c, { params: S.params, onTryValue });
  renderInUse(inUse, S.params);
  S.good = { scenario, comparison: c, share };
  placeParams();
  updateUrl(share);
  if (S.first) {
    S.first = false;
    performance.mark('reo:first-result');
  }
  document.documentElement.dataset.ready = 'true';
  document.dispatchEvent(new CustomEvent('reo:result', { detail: { scenario, comparison: c, share } }));
  return true;
}

/**
 * Sets a driver to its break-even value, rounded to 6 significant digits in the direction in
 * which the claim just holds (so the verdict flips where the table says it does).
 */
function onTryValue(id, value) {
  const step = 10 ** (Math.floor(Math.log10(Math.abs(value) || 1)) - 5);
  const round = (x) => Number(x.toPrecision(6));
  const candidates = [round(Math.ceil(value / step) * step), round(Math.floor(value / step) * step)];
  let chosen = round(value);
  for (const x of candidates) {
    try {
      const s = current();
      s.overrides = { ...(s.overrides ?? {}), [id]: x };
      if (api.compare(s)?.claim?.holds) {
        chosen = x;
        break;
      }
    } catch {
      /* outside the allowed range: try the other rounding */
    }
  }
  overrides()[id] = chosen;
  syncParam(id, true);
  recompute();
  const input = $(`#p-${id}`);
  input?.scrollIntoView({ block: 'center' });
  input?.focus({ preventScroll: true });
}

function updateUrl(share) {
  const box = $('#share-link');
  if (share == null) {
    box.value = '';
    box.placeholder = 'Links are not available in this build.';
    $('#copy-link').disabled = true;
    return;
  }
  const hash = `#${share}`;
  if (location.hash !== hash) history.replaceState(null, '', hash);
  S.lastHash = location.hash;
  box.value = location.href;
}

/** Opens a shared link; on failure says why and falls back to the default preset. */
function openLink(link) {
  const notice = $('#link-notice');
  notice.hidden = true;
  notice.replaceChildren();
  const fail = (msg) => {
    fill(notice, h('strong', null, 'This link could not be read: '), msg, ' Showing the default preset instead.');
    notice.className = 'notice warn';
    notice.hidden = false;
    S.scenario = { preset: defaultPreset() };
    S.inUseValues.clear();
    syncForm();
    recompute();
    return true;
  };
  if (!api.has('decodeShare')) return fail('this version of the calculator cannot read links.');
  let d;
  try {
    d = api.decodeShare(link);
  } catch (err) {
    return fail(err?.message ?? String(err));
  }
  if (!d || !d.scenario) return fail('it holds no scenario.');
  const before = S.scenario;
  S.scenario = clean(d.scenario);
  S.inUseValues.clear();
  try {
    api.compare(current());
  } catch (err) {
    S.scenario = before;
    return fail(err?.message ?? String(err));
  }
  if (d.notice) {
    fill(notice, d.notice);
    notice.className = 'notice';
    notice.hidden = false;
  }
  syncForm();
  recompute();
  return true;
}

const defaultPreset = () => (S.presets.some((p) => p.id === DEFAULT_PRESET) ? DEFAULT_PRESET : S.presets[0]?.id);

// ---------- exports ----------

function receipt() {
  const g = S.good;
  return {
    scenario: g.scenario,
    share: g.share,
    link: g.share ? `${location.origin}${location.pathname}#${g.share}` : null,
    engineVersion: g.comparison.engineVersion,
    datasetVersion: g.comparison.datasetVersion,
    date: new Date().toISOString(),
  };
}

const fileBase = () => `reo-lca-${S.good.scenario.preset}-${new Date().toISOString().slice(0, 10)}`;

function exportCsv() {
  if (!S.good) return;
  const r = receipt();
  const c = S.good.comparison;
  const body = api.withCalculator(S.good.scenario, (calc) => calc.csv());
  const lines = [
    '# reo-lca results: one row per route × stage × elementary flow; impact_kg_co2e per kg of oxide',
    `# share: ${r.share ?? '(not available)'}`,
    `# scenario: ${JSON.stringify(r.scenario)}`,
    `# engine version: ${r.engineVersion}`,
    `# dataset version: ${r.datasetVersion}`,
    `# date: ${r.date}`,
    `# functional unit: ${c.functionalUnit}`,
    `# mined total kg CO2-eq/kg: ${c.mined.total}`,
    `# recycled total kg CO2-eq/kg: ${c.recycled.total}`,
    `# reduction percent: ${c.reductionPercent ?? ''}`,
    `# verdict: ${c.claim.verdict}`,
  ];
  download(`${fileBase()}.csv`, `${lines.join('\n')}\n${body ?? ''}`, 'text/csv');
}

function exportJson() {
  if (!S.good) return;
  const text = JSON.stringify({ receipt: receipt(), result: S.good.comparison }, null, 2);
  download(`${fileBase()}.json`, text, 'application/json');
}

function exportMatrices(side) {
  if (!S.good) return;
  try {
    const m = api.withCalculator(S.good.scenario, (calc) => plain(calc.matrices(side)));
    download(`${fileBase()}-${side}-matrices.json`, JSON.stringify({ receipt: receipt(), matrices: m }, null, 2), 'application/json');
  } catch (err) {
    showError(err);
  }
}

/** Shows a one-line summary at the foot of the window while the totals are scrolled away. */
function watchTotals() {
  const bar = $('#summary-bar');
  if (!('IntersectionObserver' in window)) return;
  new IntersectionObserver(([e]) => {
    bar.hidden = e.isIntersecting || !S.good;
    document.body.classList.toggle('has-bar', !bar.hidden);
  }).observe($('#result-body .totals'));
}

// ---------- start ----------

async function main() {
  try {
    await api.load();
  } catch (err) {
    const l = $('#loading');
    l.className = 'notice warn';
    fill(l, `The calculator could not start: ${err?.message ?? err}. It needs a browser with WebAssembly.`);
    return;
  }
  performance.mark('reo:wasm-ready');
  S.presets = api.presets();
  for (const p of api.parameters()) S.params.set(p.id, { ...p });
  S.routes = api.routes();
  S.sites = api.sites();
  S.sources = api.sources();
  S.priceSets = api.priceSets();
  S.version = api.version();
  S.scenario = { preset: defaultPreset() };
  fill($('#versions'), `Engine ${S.version.engine}, dataset ${S.version.dataset}.`);

  buildForm();
  renderSources(S.sources);
  wire();
  performance.mark('reo:form-built');
  $('#app').hidden = false;
  $('#loading').hidden = true;
  watchTotals();
  if (!(location.hash.length > 1 && openLink(location.hash.slice(1)))) {
    syncForm();
    recompute();
  }
}

main();
