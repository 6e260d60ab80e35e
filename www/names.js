// Words for the engine's ids, so the page never shows an id where a reader expects a name:
// stages, price sets, allocation rules, and the processes, products and flows of a route (from
// the route's labelled matrices, fetched once per route and kept).
import * as api from './api.js';

const STAGES = {
  background: 'Background supply',
  credit: 'Substitution credits',
  custom: 'Custom inventory',
};

/** "separation" → "Separation"; a few stages get a fuller name. */
export function stageLabel(stage) {
  const s = String(stage ?? '');
  return STAGES[s] ?? (s ? s[0].toUpperCase() + s.slice(1) : s);
}

const SOURCES = { usgs: 'USGS', ionic: 'IonicRE', argus: 'Argus', smm: 'SMM', fastmarkets: 'Fastmarkets' };
const WORDS = { eu: 'Europe', fob: 'FOB China', cif: 'CIF' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "usgs-2024" → "USGS, 2024 averages"; "smm-fob-2026-01" → "SMM, FOB China, Jan 2026". */
export function priceSetLabel(id) {
  const parts = String(id).split('-');
  const source = SOURCES[parts[0]];
  if (!source) return String(id);
  const rest = parts.slice(1);
  const year = rest.find((p) => /^\d{4}$/.test(p));
  const yi = rest.indexOf(year);
  const month = yi >= 0 && /^\d{2}$/.test(rest[yi + 1] ?? '') ? MONTHS[Number(rest[yi + 1]) - 1] : null;
  const words = rest.filter((p, i) => i !== yi && !(month && i === yi + 1)).map((p) => WORDS[p] ?? p);
  const when = year ? (month ? `${month} ${year}` : parts[0] === 'usgs' ? `${year} averages` : year) : '';
  return [source, ...words, when].filter(Boolean).join(', ');
}

export const ALLOCATION_TEXT = { mass: 'mass', economic: 'economic', model: 'the published model’s factors' };
export const allocationLabel = (a) => ALLOCATION_TEXT[a] ?? String(a);
export const ruleLabel = (r) => (r === 'cut-off' ? 'cut-off' : r === 'substitution' ? 'substitution' : String(r));

// ---------- processes, products and flows ----------

const processes = new Map();
const products = new Map();
const flows = new Map();
const fetched = new Set();

/**
 * Makes sure the names of both routes of `scenario` are known (from their labelled matrices;
 * one fetch per route and oxide). Returns whether anything new was learnt.
 */
export function learnNames(scenario, comparison) {
  let learnt = false;
  for (const side of ['mined', 'recycled']) {
    const key = `${comparison[side].route}|${comparison.oxide}`;
    if (fetched.has(key)) continue;
    const missing = comparison[side].contributions.some((x) => !processes.has(x.process));
    if (!missing && comparison[side].route !== 'custom') {
      fetched.add(key);
      continue;
    }
    try {
      const m = api.withCalculator(scenario, (calc) => calc.matrices(side));
      for (const p of m.processes ?? []) processes.set(p.id, p.name);
      for (const p of m.products ?? []) products.set(p.id, p.name);
      for (const f of m.flows ?? []) flows.set(f.id, f.name);
      if (comparison[side].route !== 'custom') fetched.add(key);
      learnt = true;
    } catch {
      /* names stay ids for this route: the table still shows the numbers */
    }
  }
  return learnt;
}

/** A process id as words: split nodes (`node[product]`) read "name, for product". */
export function processLabel(id, nodes = []) {
  if (processes.has(id)) return processes.get(id);
  const m = /^(.*)\[(.*)\]$/.exec(id);
  if (m) {
    const node = nodes.find((n) => n.node === m[1]);
    const name = node?.name ?? processes.get(m[1]) ?? m[1];
    return `${name}, share of ${productLabel(m[2])}`;
  }
  return String(id).replace(/^custom:/, '');
}

export const productLabel = (id) => products.get(id) ?? flows.get(id) ?? String(id);
export const flowLabel = (id, fallback) => flows.get(id) ?? fallback ?? String(id);
export const rememberFlows = (list) => list.forEach((f) => flows.set(f.flow, f.name));
