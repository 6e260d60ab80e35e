// The engine's WebAssembly API, with graceful fallbacks for functions a build may lack.
import init, * as wasm from './pkg/reo_lca.js';
import { plain } from './ui.js';

/** Loads the engine once the page's text is on screen, so the module's download never
 * competes with what the first paint needs. */
export async function load() {
  await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
  await init();
}

export const has = (name) => typeof wasm[name] === 'function';

function call(name, ...args) {
  if (!has(name)) return undefined;
  return plain(wasm[name](...args));
}

export const compare = (s) => call('compare', s);

/**
 * Everything the page shows for one scenario, from one validated and planned Calculator:
 * `{ comparison, inUse, share }`. Throws the engine's RangeError/TypeError/Error (with `field`).
 */
export function evaluate(s) {
  const calc = new wasm.Calculator(s);
  try {
    return { comparison: plain(calc.comparison()), inUse: plain(calc.inUse()), share: calc.shareLink() };
  } finally {
    calc.free();
  }
}

/** Runs `f(calc)` with a Calculator for `s`, then frees it. */
export function withCalculator(s, f) {
  const calc = new wasm.Calculator(s);
  try {
    return f(calc);
  } finally {
    calc.free();
  }
}
export const presets = () => call('presets') ?? [];
export const parameters = () => call('parameters') ?? [];
export const routes = () => call('routes') ?? [];
export const sites = () => call('sites') ?? [];
export const sources = () => call('sources') ?? [];
/** Price set ids (the API may return ids or objects with an `id`). */
export const priceSets = () =>
  (call('priceSets') ?? ['usgs-2024']).map((p) => (typeof p === 'string' ? p : p.id ?? p.set ?? String(p)));
export const version = () => call('version') ?? { engine: '?', dataset: '?' };
export const resultsCsv = (s) => call('resultsCsv', s);
export const exportMatrices = (s, side) => call('exportMatrices', s, side);
export const encodeShare = (s) => call('encodeShare', s);
export const decodeShare = (link) => call('decodeShare', link);
export const inUse = (s) => call('inUse', s);
/** Local sensitivities and tornado data (plain objects). */
export const sensitivity = (s) => call('sensitivity', s);
export const allocationSchemes = () => call('allocationSchemes') ?? [];
