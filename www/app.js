// reo-lca calculator page: builds the form from the engine's catalogue, recomputes the
// comparison on every change, keeps the scenario in the URL and exports results with a receipt.
import * as api from './api.js';
import { $, $$, h, fill, nice, plainNumber, statusTag, oxideLabel, download, plain } from './ui.js';
import { renderHeadline, renderExplanations, renderFlips, renderDetails } from './results.js';
import { renderSources, renderInUse, sourceLinks } from './sources.js';
import { learnNames, priceSetLabel } from './names.js';
import { flipSentences } from './explain.js';
import { resizeCharts } from './charts.js';
import { updateClaimMap } from './claim-map.js';
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
  invalid: new Map(), // field → what is wrong with what was typed there (no value is kept for it)
  narrowed: new Map(), // parameter id → [min, max] this scenario accepts, where narrower than the table's
  lastHash: '',
  first: true,
  deferred: 0,
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
  const at = S.scenario.allocationAt ?? {};
  if (Object.keys(at).length) s.allocationAt = { ...at };
  return s;
}

/** Drops null fields and what links do not carry from a decoded scenario. */
function clean(sc) {
  const s = { preset: String(sc.preset) };
  for (const f of [...CHOICES, 'claimPercent']) if (sc[f] != null) s[f] = sc[f];
  const o = sc.overrides ?? {};
  s.overrides = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'number') s.overrides[k] = v;
  const at = sc.allocationAt ?? {};
  if (Object.keys(at).length) {
    s.allocationAt = {};
    for (const [k, v] of Object.entries(at)) if (typeof v === 'string') s.allocationAt[k] = v;
  }
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

/** Lets the browser paint and handle input between pieces of start-up work. */
const yieldToPage = () => new Promise((ok) => setTimeout(ok, 0));

async function buildForm() {
  fill($('#preset'), S.presets.map((p) => option(p.id, p.label)));
  const mined = S.routes.filter((r) => r.kind === 'mined');
  const recycled = S.routes.filter((r) => r.kind === 'recycled');
  fill($('#baseline'), mined.map((r) => option(r.id, r.available ? r.label : `${r.label}`, !r.available)));
  fill($('#recycled'), recycled.map((r) => option(r.id, r.available ? r.label : `${r.label} (not modelled)`, !r.available)));
  fill($('#site'), S.sites.map((s) => option(s.id, s.label)));
  fill($('#price-set'), S.priceSets.map((p) => option(p, priceSetLabel(p))));
  const oxides = [];
  for (const r of S.routes) {
    for (const o of [...r.oxides, ...(r.conditionalOxides ?? []).map((c) => c.oxide)]) if (!oxides.includes(o)) oxides.push(o);
  }
  fill($('#oxide'), oxides.map((o) => option(o, oxideLabel(o))));

  const groups = $('#param-groups');
  fill(groups, GROUPS.map(([g, title]) => h('details', { class: 'group', 'data-group': g },
    h('summary', null, title, h('span', { class: 'count' })),
    h('div', { class: 'params' }))));
  // The parameter rows in batches, so no task of the start-up blocks the page for long.
  let k = 0;
  for (const p of S.params.values()) {
    paramRow(p);
    if (++k % 24 === 0) await yieldToPage();
  }
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
      `default ${nice(p.default)} · range `, h('span', { class: 'range' }, `${nice(p.min)}–${nice(p.max)}`), ' · ', statusTag(p.status),
      p.year ? ` ${p.year}` : '',
      p.sources.length ? [' · source: ', sourceLinks(p.sources)] : '',
      h('span', { class: 'unused-tag', hidden: true }, ' · not used in this scenario')),
    h('p', { class: 'field-msg', id: `${id}-msg` }));
  input.addEventListener('input', () => onParamInput(p.id, input));
  reset.addEventListener('click', () => {
    delete overrides()[p.id];
    S.invalid.delete(p.id);
    clearFieldMsg(input);
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
  // A field whose text cannot be read keeps that text (and its message) until it is edited.
  if ((force || document.activeElement !== input) && !S.invalid.has(id)) input.value = plainNumber(shownValue(id));
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

/** The number typed into `input`, or null when it cannot be read (empty, half-typed, 1e309). */
function typedNumber(input) {
  if (input.validity?.badInput || input.value.trim() === '') return null;
  const v = input.valueAsNumber;
  return Number.isFinite(v) ? v : null;
}

function onParamInput(id, input) {
  clearFieldMsg(input);
  const v = typedNumber(input);
  if (v == null) {
    // The previous value is dropped, not kept out of sight: nothing is computed until the
    // field holds a number again (or is reset).
    delete overrides()[id];
    S.invalid.set(id, `${S.params.get(id).label}: enter a number`);
    fieldMsg(input, 'Enter a number.');
    recompute();
    return;
  }
  S.invalid.delete(id);
  if (v === baseValue(id)) delete overrides()[id];
  else overrides()[id] = v;
  syncParam(id);
  syncOxides();
  recompute();
}

function clearInvalid() {
  S.invalid.clear();
}

function wire() {
  $('#preset').addEventListener('change', (e) => {
    S.scenario = { preset: e.target.value };
    clearInvalid();
    fill($('#oxide-note'), '');
    S.inUseValues.clear();
    syncForm();
    recompute();
  });
  $('#reset').addEventListener('click', () => {
    S.scenario = { preset: S.scenario.preset };
    clearInvalid();
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
          if (name === 'allocation') delete S.scenario.allocationAt;
          recompute();
        }
      });
    }
  }
  $('#claim').addEventListener('input', (e) => {
    const el = e.target;
    clearFieldMsg(el);
    S.invalid.delete('claimPercent');
    if (el.value.trim() === '' && !el.validity?.badInput) delete S.scenario.claimPercent;
    else {
      const v = typedNumber(el);
      if (v == null) {
        // No verdict from half-typed input: the claim is unknown until it is a number.
        delete S.scenario.claimPercent;
        S.invalid.set('claimPercent', 'Claimed reduction: enter a number');
        fieldMsg(el, 'Enter a number from 0 to 100.');
      } else setChoice('claimPercent', v);
    }
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
  // Printed pages carry the notes on allocation and the recycling rule.
  window.addEventListener('beforeprint', () => {
    for (const d of $$('details.notes')) d.open = true;
    // A stage chart not drawn yet prints as its table (print.css).
    for (const d of $$('figure.chart:not([data-drawn]) details.data-table')) d.open = true;
    resizeCharts();
  });
  $('#export-csv').addEventListener('click', exportCsv);
  $('#export-json').addEventListener('click', exportJson);
  $('#export-mined').addEventListener('click', () => exportMatrices('mined'));
  $('#export-recycled').addEventListener('click', () => exportMatrices('recycled'));
  $('#export-bw-mined').addEventListener('click', () => exportDatapackage('mined'));
  $('#export-bw-recycled').addEventListener('click', () => exportDatapackage('recycled'));
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
  // The address bar keeps the last result that was shown as current.
  clearTimeout(S.urlTimer);
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

/** Marks what cannot be computed while a field holds unreadable text. */
function showInvalid() {
  const list = [...S.invalid.values()];
  showError(null, `${list.join('; ')}`);
  $('#results').classList.add('no-verdict');
}

function recompute() {
  if (S.invalid.size) {
    showInvalid();
    return false;
  }
  $('#results').classList.remove('no-verdict');
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
  renderHeadline(c);
  S.good = { scenario, comparison: c, share, inUse };
  syncBar();
  if (S.first) {
    S.first = false;
    performance.mark('reo:first-result');
  }
  document.documentElement.dataset.ready = 'true';
  document.dispatchEvent(new CustomEvent('reo:result', { detail: { scenario, comparison: c, share } }));
  // Everything below the headline a moment later, once, for the latest result only.
  clearTimeout(S.deferred);
  S.deferred = setTimeout(() => afterResult(S.good), 0);
  return true;
}

/** The parts of a result that can wait a frame: tables, explanations, ranges, the URL. */
function afterResult(g) {
  if (!g || g !== S.good) return;
  const { scenario, comparison: c, inUse, share } = g;
  const ov = scenario.overrides ?? {};
  for (const p of inUse.parameters) if (!Object.hasOwn(ov, p.id)) S.inUseValues.set(p.id, p.value);
  const used = new Set(inUse.parameters.map((p) => p.id));
  syncRanges(inUse.narrowed ?? []);
  for (const [id, p] of S.params) {
    const unused = !used.has(id);
    p.row.classList.toggle('unused', unused);
    $('.unused-tag', p.row).hidden = !unused;
    syncParam(id);
  }
  learnNames(scenario, c);
  renderExplanations(c);
  renderDetails(c, { params: S.params, onTryValue });
  renderInUse(inUse, S.params);
  renderFlips(flipSentences(c, otherRule(scenario, c)));
  placeParams();
  // The address bar waits until typing pauses: each history update costs the browser a
  // round trip to its own process.
  clearTimeout(S.urlTimer);
  S.urlTimer = setTimeout(() => g === S.good && updateUrl(share), S.lastHash ? 250 : 0);
  updateClaimMap(scenario, c, applyCombination);
  document.documentElement.dataset.settled = String(Number(document.documentElement.dataset.settled ?? 0) + 1);
}

/** The same scenario under the other recycling rule, or null when it cannot be computed. */
function otherRule(scenario, c) {
  const rule = c.recyclingRule === 'cut-off' ? 'substitution' : 'cut-off';
  try {
    return api.compare({ ...scenario, recyclingRule: rule });
  } catch {
    return null;
  }
}

/** Shows each parameter's accepted range (narrower than the table's where another limits it). */
function syncRanges(narrowed) {
  const next = new Map(narrowed.map((r) => [r.id, [r.min, r.max]]));
  for (const id of new Set([...S.narrowed.keys(), ...next.keys()])) {
    const p = S.params.get(id);
    if (!p) continue;
    const [lo, hi] = next.get(id) ?? [p.min, p.max];
    const input = $('input', p.row);
    input.min = lo;
    input.max = hi;
    const limited = next.has(id);
    fill($('.range', p.row), `${nice(lo)}–${nice(hi)}`, limited ? ` in this scenario (table ${nice(p.min)}–${nice(p.max)})` : '');
  }
  S.narrowed = next;
}

/** Applies one combination of the claim map to the scenario. */
function applyCombination({ baseline, scheme, recyclingRule, priceSet, site }) {
  const sch = api.allocationSchemes().find((x) => x.id === scheme);
  setChoice('baseline', baseline);
  setChoice('recyclingRule', recyclingRule);
  setChoice('priceSet', priceSet);
  setChoice('site', site);
  delete S.scenario.allocationAt;
  if (sch) {
    setChoice('allocation', sch.rule);
    // A scheme that sets some stages apart applies at the nodes of those stages.
    const stages = Object.entries(sch.atStages ?? {});
    if (stages.length) {
      try {
        const c = api.compare(current());
        const at = {};
        for (const n of [...c.mined.allocationNodes, ...c.recycled.allocationNodes]) {
          const rule = sch.atStages[n.stage];
          if (rule) at[n.node] = rule;
        }
        if (Object.keys(at).length) S.scenario.allocationAt = at;
      } catch {
        /* the scenario's own error shows on recompute */
      }
    }
  }
  fixOxide();
  syncForm();
  recompute();
  $('#results').focus();
  $('#results').scrollIntoView({ block: 'start' });
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
  fill($('#print-link'), `Scenario link: ${location.href}`);
}

/** A field of a scenario in the words of the form ("Grid intensity, SERC Midwest", "Mined baseline"). */
function fieldWords(field) {
  const m = /^overrides\.([A-Za-z0-9_]+)/.exec(field ?? '');
  if (m && S.params.has(m[1])) return S.params.get(m[1]).label;
  const words = {
    oxide: 'oxide', baseline: 'mined baseline', recycled: 'recycled route', site: 'recycling site', allocation: 'allocation',
    allocationAt: 'allocation at one node', recyclingRule: 'recycling rule', gwp: 'GWP100 factors', priceSet: 'oxide prices',
    claimPercent: 'claimed reduction', preset: 'preset',
  };
  return words[String(field ?? '').split('.')[0]] ?? 'a value';
}

/** Removes the part of `sc` that `field` names; false when nothing could be removed. */
function dropField(sc, field) {
  const m = /^overrides\.([A-Za-z0-9_]+)/.exec(field ?? '');
  if (m && sc.overrides && Object.hasOwn(sc.overrides, m[1])) {
    delete sc.overrides[m[1]];
    return true;
  }
  const top = String(field ?? '').split('.')[0];
  if (top !== 'preset' && top in sc) {
    delete sc[top];
    return true;
  }
  return false;
}

function showNotice(content, warn) {
  const notice = $('#link-notice');
  fill(notice, ...content);
  notice.className = warn ? 'notice warn' : 'notice';
  notice.hidden = false;
  notice.setAttribute('tabindex', '-1');
  notice.scrollIntoView({ block: 'nearest' });
  notice.focus({ preventScroll: true });
}

/**
 * Opens a shared link. A value the engine refuses is left out, with a notice naming it in the
 * form's words, and the rest of the link applies; a link that cannot be read at all falls back
 * to the default preset, saying why.
 */
function openLink(link) {
  const notice = $('#link-notice');
  notice.hidden = true;
  notice.replaceChildren();
  const fail = (msg) => {
    showNotice([h('strong', null, 'This link could not be read: '), msg, ' Showing the default preset instead.'], true);
    S.scenario = { preset: defaultPreset() };
    S.inUseValues.clear();
    clearInvalid();
    syncForm();
    recompute();
    return true;
  };
  if (!api.has('decodeShare')) return fail('this version of the calculator cannot read links.');
  const dropped = [];
  let d;
  for (let tries = 0; !d; tries++) {
    try {
      d = api.decodeShare(link);
    } catch (err) {
      // One unreadable value (`share.gridSrmw`) is left out; a link that is unreadable as a
      // whole (`share`, `share.v`, the preset) falls back to the default.
      const key = /^share\.([A-Za-z0-9_]+)$/.exec(err?.field ?? '')?.[1];
      const segments = link.split('~');
      const rest = segments.filter((x) => !x.startsWith(`${key}=`));
      if (!key || key === 'v' || key === 'p' || rest.length === segments.length || tries > 50) return fail(err?.message ?? String(err));
      dropped.push(`${fieldWords(`overrides.${key}`)} (${String(err.message).replace(`${err.field}: `, '')})`);
      link = rest.join('~');
    }
  }
  if (!d.scenario) return fail('it holds no scenario.');
  const sc = clean(d.scenario);
  for (let tries = 0; tries < 50; tries++) {
    try {
      api.compare(sc);
      break;
    } catch (err) {
      const field = err?.field ?? '';
      if (!dropField(sc, field)) return fail(err?.message ?? String(err));
      const why = String(err?.message ?? '').replace(`${field}: `, '');
      dropped.push(`${fieldWords(field)} (${why})`);
    }
  }
  S.scenario = sc;
  S.inUseValues.clear();
  clearInvalid();
  const parts = [];
  if (d.notice) parts.push(d.notice, ' ');
  if (dropped.length) {
    parts.push(h('strong', null, `${dropped.length === 1 ? 'One value' : `${dropped.length} values`} of this link could not be used and ${dropped.length === 1 ? 'was' : 'were'} left out: `),
      dropped.join('; '), '. The rest of the link is applied; the form shows the preset value instead.');
  }
  if (parts.length) showNotice(parts, dropped.length > 0);
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

/** One CSV field, quoted when it must be (RFC 4180). */
const csvField = (v) => {
  const t = v == null ? '' : String(v);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};

function exportCsv() {
  if (!S.good) return;
  const r = receipt();
  const c = S.good.comparison;
  const body = api.withCalculator(S.good.scenario, (calc) => calc.csv()) ?? '';
  // The header row comes first, so a spreadsheet reads the columns; the receipt follows the
  // data after an empty row, as two-column rows a spreadsheet also reads.
  const receiptRows = [
    ['receipt', 'value'],
    ['link', r.link ?? '(not available)'],
    ['share', r.share ?? ''],
    ['scenario', JSON.stringify(r.scenario)],
    ['engine version', r.engineVersion],
    ['dataset version', r.datasetVersion],
    ['date', r.date],
    ['functional unit', c.functionalUnit],
    ['mined total, kg CO2-eq/kg', c.mined.total],
    ['recycled total, kg CO2-eq/kg', c.recycled.total],
    ['reduction, %', c.reductionPercent ?? ''],
    ['verdict', c.claim.verdict],
  ];
  const text = `${body.replace(/\s+$/, '')}\n\n${receiptRows.map((row) => row.map(csvField).join(',')).join('\n')}\n`;
  download(`${fileBase()}.csv`, text, 'text/csv');
}

function exportJson() {
  if (!S.good) return;
  const text = JSON.stringify({ receipt: receipt(), result: S.good.comparison }, null, 2);
  download(`${fileBase()}.json`, text, 'application/json');
}

/** The route's matrices as the `reo-lca-matrices/2` document (it carries its own scenario,
 * share link and versions: the same document as the npm package and the command line). */
function exportMatrices(side) {
  if (!S.good) return;
  try {
    const doc = api.withCalculator(S.good.scenario, (calc) => calc.matrices(side));
    download(`${fileBase()}-${side}-matrices.json`, JSON.stringify(doc, null, 2), 'application/json');
  } catch (err) {
    showError(err);
  }
}

/** The same route as a Brightway datapackage (bw_processing layout, a zip). */
function exportDatapackage(side) {
  if (!S.good) return;
  try {
    const bytes = api.withCalculator(S.good.scenario, (calc) => calc.datapackage(side));
    download(`${fileBase()}-${side}-datapackage.zip`, bytes, 'application/zip');
  } catch (err) {
    showError(err);
  }
}

/** Shows a one-line summary at the foot of the window while the totals are scrolled away. */
function watchTotals() {
  if (!('IntersectionObserver' in window)) return;
  new IntersectionObserver(([e]) => {
    S.totalsInView = e.isIntersecting;
    syncBar();
  }).observe($('#result-body .totals'));
}

function syncBar() {
  const bar = $('#summary-bar');
  bar.hidden = S.totalsInView !== false || !S.good;
  document.body.classList.toggle('has-bar', !bar.hidden);
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

  await yieldToPage();
  renderSources(S.sources);
  await yieldToPage();
  await buildForm();
  // The preset's note is open beside the form on wide screens; on phones it waits behind its
  // summary, so the result is one scroll away.
  $('#preset-about').open = window.matchMedia('(min-width: 900px)').matches;
  wire();
  performance.mark('reo:form-built');
  await yieldToPage();
  if (!(location.hash.length > 1 && openLink(location.hash.slice(1)))) {
    syncForm();
    recompute();
  }
  // Shown only with its first result in place: the form, the preset's note and the totals
  // appear in one frame, so nothing moves once it is on screen.
  $('#app').hidden = false;
  $('#loading').hidden = true;
  watchTotals();
}

main();
