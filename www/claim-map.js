// The claim map: the stated reduction checked over every baseline × allocation scheme ×
// recycling rule × price set × site the engine offers for the scenario's oxide, shown as a
// compact grid (baseline × allocation scheme) for one rule, price set and site at a time, with
// the engine's summary and every combination in a data table. Computed only while its section
// is open, a moment after the result it belongs to. A cell's button applies that combination.
import * as api from './api.js';
import { $, h, fill, pct, nice, table } from './ui.js';
import { priceSetLabel, ruleLabel } from './names.js';

const M = { map: null, key: '', scenario: null, onApply: null, timer: 0, rule: '', priceSet: '', site: '' };

const choice = (list, id) => list.find((x) => x.id === id)?.label ?? id;

/** Call after every result; computes and draws the map when its section is open. */
export function updateClaimMap(scenario, comparison, onApply) {
  M.scenario = scenario;
  M.onApply = onApply;
  M.rule = comparison.recyclingRule;
  M.priceSet = comparison.priceSet;
  M.site = comparison.site;
  const details = $('#claim-map-details');
  if (!details) return;
  if (!details.dataset.wired) {
    details.dataset.wired = 'true';
    details.addEventListener('toggle', () => details.open && schedule());
    for (const id of ['#cm-rule', '#cm-price', '#cm-site']) $(id).addEventListener('change', drawGrid);
  }
  if (details.open) schedule();
}

function schedule() {
  clearTimeout(M.timer);
  M.timer = setTimeout(compute, 50);
}

function compute() {
  const key = JSON.stringify(M.scenario);
  const status = $('#cm-status');
  if (key === M.key && M.map) return;
  let map;
  try {
    map = api.withCalculator(M.scenario, (calc) => calc.claimMap());
  } catch (err) {
    M.map = null;
    M.key = '';
    fill(status, `The claim map could not be computed: ${err.message}`);
    fill($('#cm-grid'));
    return;
  }
  M.map = map;
  M.key = key;
  const options = (sel, items, value) => {
    const el = $(sel);
    fill(el, items.map((x) => h('option', { value: x.id }, x.label)));
    el.value = items.some((x) => x.id === value) ? value : items[0]?.id ?? '';
  };
  options('#cm-rule', map.recyclingRules.map((r) => ({ id: r, label: ruleLabel(r) })), M.rule);
  options('#cm-price', map.priceSets.map((p) => ({ id: p, label: priceSetLabel(p) })), M.priceSet);
  options('#cm-site', map.sites, M.site);
  const s = map.summary;
  const deciders = s.deciders.filter((d) => d.flips > 0).map((d) =>
    `${dimensionName(d.dimension)} changes the verdict in ${d.flips} of ${d.groups} groups`);
  fill(status,
    `The stated ${nice(map.statedPercent)} % reduction holds in ${s.holding} of ${s.combinations} combinations for ${map.functionalUnit}` +
    (s.minReductionPercent == null ? '.' : `; the reduction ranges from ${pct(s.minReductionPercent)} to ${pct(s.maxReductionPercent)}.`) +
    (deciders.length ? ` ${deciders.join('; ').replace(/^./, (x) => x.toUpperCase())}.` : '') +
    (map.skipped.length ? ` ${map.skipped.length} combinations could not be computed (listed in the table).` : ''));
  drawGrid();
  drawTable();
}

const DIMENSIONS = { scheme: 'the allocation scheme', priceSet: 'the price set', baseline: 'the mined baseline', recyclingRule: 'the recycling rule', site: 'the recycling site' };
const dimensionName = (d) => DIMENSIONS[d] ?? d;

function drawGrid() {
  const map = M.map;
  if (!map) return;
  const rule = $('#cm-rule').value;
  const price = $('#cm-price').value;
  const site = $('#cm-site').value;
  const rows = map.rows.filter((r) => r.recyclingRule === rule && r.priceSet === price && r.site === site);
  const cell = (b, sc) => rows.find((r) => r.baseline === b && r.scheme === sc);
  const head = h('tr', null, h('th', { scope: 'col' }, 'Mined baseline'),
    map.schemes.map((sc) => h('th', { scope: 'col' }, sc.label)));
  const body = map.baselines.map((b) => h('tr', null,
    h('th', { scope: 'row' }, b.label),
    map.schemes.map((sc) => {
      const r = cell(b.id, sc.id);
      if (!r) return h('td', { class: 'cm-none' }, 'not computed');
      const text = r.reductionPercent == null ? 'n/a' : pct(r.reductionPercent);
      const mark = r.holds ? '✓ holds' : '✗ does not hold';
      return h('td', { class: r.holds ? 'cm-holds' : 'cm-fails' },
        h('button', {
          type: 'button', class: 'cm-cell',
          // The name starts with the visible text, then says where the cell is and what it does.
          'aria-label': `${text} ${mark}: ${b.label}, ${sc.label}. Use this combination.`,
          onclick: () => M.onApply?.({ baseline: b.id, scheme: sc.id, recyclingRule: rule, priceSet: price, site }),
        }, h('span', { class: 'cm-value' }, text), ' ', h('span', { class: 'cm-mark' }, mark)));
    })));
  // The caption's text is held at the scroll box's left edge and width, so it stays readable when
  // the grid is wider than a phone's screen.
  fill($('#cm-grid'), h('caption', null, h('span', { class: 'cm-caption' },
    `Reduction and verdict on the ${nice(map.statedPercent)} % claim: ${ruleLabel(rule)}, ${priceSetLabel(price)}, ${choice(map.sites, site)}`)),
  h('thead', null, head), h('tbody', null, body));
}

function drawTable() {
  const map = M.map;
  const t = $('#cm-table');
  table(t, `All ${map.rows.length} combinations`,
    [{ label: 'Baseline', rowHeader: true }, { label: 'Allocation' }, { label: 'Rule' }, { label: 'Prices' }, { label: 'Site' },
      { label: 'Mined', num: true }, { label: 'Recycled', num: true }, { label: 'Reduction', num: true }, { label: 'Claim' }],
    [
      ...map.rows.map((r) => [
        choice(map.baselines, r.baseline), choice(map.schemes, r.scheme), ruleLabel(r.recyclingRule), priceSetLabel(r.priceSet),
        choice(map.sites, r.site), nice(r.mined, 3), nice(r.recycled, 3),
        r.reductionPercent == null ? 'n/a' : pct(r.reductionPercent), r.holds ? '✓ holds' : '✗ does not hold',
      ]),
      ...map.skipped.map((s) => [s, '', '', '', '', '', '', '', 'not computed']),
    ]);
}
