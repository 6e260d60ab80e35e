// DOM and formatting helpers. Text always goes in through text nodes, never as markup.

/** Creates an element: h('td', {class: 'num'}, 'text', child, ...). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** `x` with `sig` significant digits, no exponent for ordinary magnitudes. */
export function sig(x, digits = 3) {
  if (x == null || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const mag = Math.floor(Math.log10(Math.abs(x)));
  if (mag < -4 || mag > 9) return x.toExponential(digits - 1);
  const decimals = Math.max(0, digits - 1 - mag);
  return x.toFixed(decimals);
}

/**
 * `x` with up to `digits` significant digits, trailing zeros dropped and thousands grouped
 * (0.566, 1, 30, 10,000), as Intl.NumberFormat('en', {maximumSignificantDigits}) writes it but
 * without its cost, which the page pays hundreds of times per result.
 */
export function nice(x, digits = 4) {
  if (x == null || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return x.toExponential(digits - 1);
  let t = Number(x.toPrecision(digits)).toString();
  if (t.includes('e')) t = Number(t).toFixed(20).replace(/\.?0+$/, '');
  const neg = t.startsWith('-');
  const [int, frac] = (neg ? t.slice(1) : t).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg && (int !== '0' || frac) ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** A number as typed in a form: up to 6 significant digits, trailing zeros dropped. */
export function plainNumber(x) {
  if (x == null || !Number.isFinite(x)) return '';
  return String(Number(x.toPrecision(6)));
}

export function pct(x, digits = 3) {
  return x == null ? '–' : `${sig(x, digits)} %`;
}

const STATUS_TEXT = {
  found: 'found',
  foundSecondary: 'found (secondary)',
  derived: 'derived',
  gap: 'gap',
  parameter: 'parameter',
};

export function statusText(s) {
  return STATUS_TEXT[s] ?? String(s);
}

export function statusTag(s) {
  const key = STATUS_TEXT[s] ? s : 'other';
  return h('span', { class: `tag st-${key}` }, statusText(s));
}

const OXIDE_NAMES = {
  Nd2O3: ['Nd₂O₃', 'neodymium oxide'],
  Pr6O11: ['Pr₆O₁₁', 'praseodymium oxide'],
  NdPrOxide: ['NdPr oxide', 'didymium'],
  Dy2O3: ['Dy₂O₃', 'dysprosium oxide'],
  Tb4O7: ['Tb₄O₇', 'terbium oxide'],
  Sm2O3: ['Sm₂O₃', 'samarium oxide'],
  nd_metal: ['Nd metal', 'neodymium'],
  pr_metal: ['Pr metal', 'praseodymium'],
  ndpr_metal: ['NdPr metal', 'didymium metal'],
  dy_metal: ['Dy metal', 'dysprosium'],
};

export function oxideLabel(id) {
  const n = OXIDE_NAMES[id];
  return n ? `${n[0]} (${n[1]})` : id;
}

export function oxideShort(id) {
  return OXIDE_NAMES[id]?.[0] ?? id;
}

/** A simple table: columns [{label, num?}], rows of cell values (strings, numbers or nodes). */
export function table(el, caption, columns, rows) {
  const head = h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)));
  const body = rows.map((r) =>
    h('tr', null, r.map((cell, i) => {
      const c = columns[i] ?? {};
      const tag = c.rowHeader ? 'th' : 'td';
      return h(tag, { class: c.num ? 'num' : null, scope: c.rowHeader ? 'row' : null }, cell);
    })),
  );
  fill(el, caption ? h('caption', null, caption) : null, h('thead', null, head), h('tbody', null, body));
}

/**
 * Converts what the engine returns into plain JSON data, deeply: Maps (as serde-wasm-bindgen
 * may return) into objects and typed arrays into arrays.
 */
export function plain(v) {
  if (v instanceof Map) return Object.fromEntries(Array.from(v, ([k, x]) => [k, plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  if (ArrayBuffer.isView(v)) return Array.from(v);
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = plain(x);
    return o;
  }
  return v;
}

/** Starts a download of `data` (text or bytes) as a file. */
export function download(name, data, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
