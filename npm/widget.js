// <reo-lca-compare>: recycled versus mined rare earth oxide, as a custom element.
//
//   import 'reo-lca/widget';
//   <reo-lca-compare preset="ionic-missouri" oxide="Dy2O3" allocation="economic"></reo-lca-compare>
//
// Shows both totals (kg CO2-eq per kg of oxide, with the route labels), the reduction, the
// verdict on the preset's claim with its baseline and allocation, and a link that opens the same
// scenario in the full calculator. Attributes map to the scenario's keys (preset, oxide,
// baseline, recycled, site, allocation, recycling-rule, gwp, price-set, claim-percent); an empty
// attribute counts as absent. `calculator-url` is the calculator page the link opens (default
// "./"), `heading-level` the level of the element's heading (1 to 6, default 2).
//
// Offline and CSP-friendly: the WebAssembly loads from beside this file
// (`new URL('./reo_lca_bg.wasm', import.meta.url)`, which bundlers rewrite), nothing else is
// fetched, the shadow root is styled with a constructable stylesheet (`adoptedStyleSheets`,
// which `style-src 'self'` allows) and there is no inline style, no `innerHTML` and no eval. A bad
// attribute shows the engine's error message inside the element; nothing is thrown out of it.
import init, { Calculator } from './reo_lca.js';

const TAG = 'reo-lca-compare';

/** Attribute → scenario key. */
const SCENARIO_ATTRIBUTES = {
  preset: 'preset',
  oxide: 'oxide',
  baseline: 'baseline',
  recycled: 'recycled',
  site: 'site',
  allocation: 'allocation',
  'recycling-rule': 'recyclingRule',
  gwp: 'gwp',
  'price-set': 'priceSet',
  'claim-percent': 'claimPercent',
};
const ATTRIBUTE_OF_KEY = Object.fromEntries(Object.entries(SCENARIO_ATTRIBUTES).map(([a, k]) => [k, a]));
const OBSERVED = [...Object.keys(SCENARIO_ATTRIBUTES), 'calculator-url', 'heading-level'];

const CSS = `
:host { display: block; font: inherit; color: var(--reo-lca-ink, #1b1f24); max-width: 36rem; }
:host([hidden]) { display: none; }
.panel { background: var(--reo-lca-background, #fff); border: 1px solid var(--reo-lca-line, #d5d9de);
  border-radius: 8px; padding: 0.9rem 1.1rem; }
.title { font-size: 1.15rem; line-height: 1.25; margin: 0 0 0.25rem; }
.unit, .basis, .versions, .status { margin: 0.35rem 0; color: var(--reo-lca-muted, #59626d); font-size: 0.9rem; }
.totals { display: grid; grid-template-columns: 1fr auto; gap: 0.35rem 1rem; margin: 0.75rem 0; }
.totals dt { margin: 0; }
.totals dd { margin: 0; text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.route { font-weight: 600; }
.label { display: block; font-weight: 400; color: var(--reo-lca-muted, #59626d); font-size: 0.85rem; }
.total { font-size: 1.35rem; font-weight: 700; }
.recycled .total { color: var(--reo-lca-recycled, #005a8c); }
.mined .total { color: var(--reo-lca-mined, #a64800); }
.verdict { margin: 0.6rem 0; padding: 0.5rem 0.7rem; border-left: 4px solid var(--reo-lca-line, #d5d9de);
  background: var(--reo-lca-verdict-background, #f5f6f7); }
.verdict[data-holds="true"] { border-left-color: var(--reo-lca-holds, #0072b2); }
.verdict[data-holds="false"] { border-left-color: var(--reo-lca-fails, #d55e00); }
.error { margin: 0.5rem 0; padding: 0.5rem 0.7rem; border-left: 4px solid var(--reo-lca-fails, #d55e00);
  background: var(--reo-lca-error-background, #fbeee3); overflow-wrap: anywhere; }
a { color: var(--reo-lca-link, #005a8c); }
a:focus-visible { outline: 3px solid var(--reo-lca-focus, #0072b2); outline-offset: 2px; }
`;

let sheet;
/** One constructable stylesheet shared by every instance (null where the browser has none). */
function styles() {
  if (sheet === undefined) {
    sheet = null;
    try {
      if (typeof CSSStyleSheet === 'function' && 'adoptedStyleSheets' in ShadowRoot.prototype) {
        const s = new CSSStyleSheet();
        s.replaceSync(CSS);
        sheet = s;
      }
    } catch {
      sheet = null; // unstyled, but working
    }
  }
  return sheet;
}

let loading;
/** Loads the WebAssembly once (a no-op where the page has loaded it already); retried after a failure. */
function load() {
  if (!loading) {
    loading = init({ module_or_path: new URL('./reo_lca_bg.wasm', import.meta.url) });
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

/** Three significant digits, without an exponent for the magnitudes the engine gives. */
function sig3(x) {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const mag = Math.floor(Math.log10(Math.abs(x)));
  return mag >= 2 ? x.toFixed(0) : mag >= -6 ? x.toFixed(2 - mag) : x.toPrecision(3);
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

const Base = typeof HTMLElement === 'undefined' ? class {} : HTMLElement;

/** The `<reo-lca-compare>` element. */
export class ReoLcaCompare extends Base {
  static get observedAttributes() {
    return OBSERVED;
  }

  #root;
  #body;
  #title;
  #token = 0;
  #scheduled = false;
  #comparison = null;
  #error = null;
  #link = null;
  #updated = Promise.resolve();

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    const s = styles();
    if (s) this.#root.adoptedStyleSheets = [s];
    this.#title = el('h2', { class: 'title', id: 'title', part: 'title' }, 'Recycled vs mined rare earth oxide');
    this.#body = el('div', { class: 'body', 'aria-live': 'polite' });
    const panel = el('section', { class: 'panel', part: 'panel', 'aria-labelledby': 'title' }, this.#title, this.#body);
    this.#root.append(panel);
    this.#status('Loading the calculator…');
  }

  /** The last comparison shown (`null` while loading or after an error). */
  get comparison() {
    return this.#comparison;
  }

  /** The message shown for a bad attribute or a failed load (`null` when a result is shown). */
  get error() {
    return this.#error;
  }

  /** The link to the full calculator with this scenario (`null` when none is shown). */
  get calculatorLink() {
    return this.#link;
  }

  /** Settles when the update under way (after the last attribute change) has been shown. */
  get updated() {
    return this.#updated;
  }

  /** The scenario the attributes describe. */
  get scenario() {
    const scenario = {};
    for (const [attr, key] of Object.entries(SCENARIO_ATTRIBUTES)) {
      const raw = this.getAttribute(attr);
      if (raw === null || raw.trim() === '') continue;
      const value = raw.trim();
      // A number where one is expected; anything else goes to the engine, which names the fault.
      scenario[key] = key === 'claimPercent' && Number.isFinite(Number(value)) ? Number(value) : value;
    }
    return scenario;
  }

  connectedCallback() {
    this.#schedule();
  }

  attributeChangedCallback(_name, before, after) {
    if (before !== after && this.isConnected) this.#schedule();
  }

  /** Several attribute changes in one task give one update. */
  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#updated = new Promise((done) => {
      queueMicrotask(() => {
        this.#scheduled = false;
        this.#update().then(done, done);
      });
    });
  }

  async #update() {
    const token = ++this.#token;
    const scenario = this.scenario;
    this.#body.setAttribute('aria-busy', 'true');
    try {
      let href;
      try {
        href = this.#calculatorUrl();
      } catch (e) {
        return this.#fail(String(e?.message ?? e));
      }
      try {
        await load();
      } catch (e) {
        if (token === this.#token) this.#fail(`The calculator could not be loaded: ${e?.message ?? e}`);
        return;
      }
      if (token !== this.#token) return; // a later change took over
      let comparison;
      let share;
      try {
        const calc = new Calculator(scenario);
        try {
          comparison = calc.comparison();
          share = calc.shareLink();
        } finally {
          calc.free();
        }
      } catch (e) {
        const attr = ATTRIBUTE_OF_KEY[String(e?.field ?? '').split('.')[0]];
        return this.#fail(String(e?.message ?? e), attr);
      }
      href.hash = share;
      this.#show(comparison, href.href);
    } catch (e) {
      // Nothing escapes the element, whatever went wrong.
      this.#fail(String(e?.message ?? e));
    } finally {
      if (token === this.#token) this.#body.removeAttribute('aria-busy');
    }
  }

  /** The calculator page, resolved against the document; only http(s) links are made. */
  #calculatorUrl() {
    const raw = this.getAttribute('calculator-url');
    const value = raw === null || raw.trim() === '' ? './' : raw.trim();
    let url;
    try {
      url = new URL(value, document.baseURI);
    } catch {
      throw new Error(`calculator-url: not a URL: ${JSON.stringify(value)}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`calculator-url: must be an http or https URL, got ${JSON.stringify(value)}`);
    }
    return url;
  }

  #headingLevel() {
    const n = Number(this.getAttribute('heading-level'));
    return Number.isInteger(n) && n >= 1 && n <= 6 ? n : 2;
  }

  #setTitle(text) {
    const tag = `H${this.#headingLevel()}`;
    if (this.#title.tagName !== tag) {
      const h = el(tag.toLowerCase(), { class: 'title', id: 'title', part: 'title' });
      this.#title.replaceWith(h);
      this.#title = h;
    }
    this.#title.textContent = text;
  }

  #status(text) {
    this.#body.replaceChildren(el('p', { class: 'status', role: 'status' }, text));
  }

  #fail(message, attr) {
    this.#comparison = null;
    this.#link = null;
    this.#error = message;
    this.#setTitle('Recycled vs mined rare earth oxide');
    const p = el('p', { class: 'error', role: 'alert', part: 'error' },
      el('strong', {}, 'Cannot show this comparison. '), message);
    if (attr) p.append(` (check the ${attr} attribute)`);
    this.#body.replaceChildren(p);
    this.#emit({ comparison: null, link: null, error: message });
  }

  #show(c, link) {
    this.#comparison = c;
    this.#link = link;
    this.#error = null;
    this.#setTitle(`Recycled vs mined ${c.oxide}`);
    const unit = 'kg CO\u2082-eq/kg';
    const row = (kind, name, r) => [
      el('dt', { class: `route ${kind}` }, name, el('span', { class: 'label' }, r.label)),
      el('dd', { class: kind },
        el('data', { class: 'total', value: String(r.total) }, sig3(r.total)), ` ${unit}`),
    ];
    const red = c.reductionPercent;
    const reduction = red === null
      ? 'not defined (the mined total is not positive)'
      : red >= 0 ? `${red.toFixed(1)} % lower than mined` : `${(-red).toFixed(1)} % higher than mined`;
    const holds = c.claim.holds;
    this.#body.replaceChildren(
      el('p', { class: 'unit' }, `${c.functionalUnit}; GWP100 (${c.gwp}), kg CO\u2082-eq per kg of oxide`),
      el('dl', { class: 'totals', part: 'totals' },
        ...row('recycled', 'Recycled', c.recycled),
        ...row('mined', 'Mined', c.mined),
        el('dt', { class: 'route reduction' }, 'Reduction'),
        el('dd', { class: 'reduction' }, el('data', red === null ? {} : { value: String(red) }, reduction))),
      el('p', { class: 'verdict', part: 'verdict', 'data-holds': String(holds) },
        el('strong', {}, holds ? 'Claim holds. ' : 'Claim does not hold. '), c.claim.verdict),
      el('p', { class: 'basis' }, `Baseline: ${c.baselineLabel}. Allocation: ${c.allocation}.`),
      el('p', { class: 'link' }, el('a', { href: link, part: 'link' }, 'Open this scenario in the full calculator')),
      el('p', { class: 'versions' }, `reo-lca engine ${c.engineVersion}, dataset ${c.datasetVersion}`),
    );
    this.#emit({ comparison: c, link, error: null });
  }

  #emit(detail) {
    try {
      this.dispatchEvent(new CustomEvent('reo-lca-update', { detail, bubbles: true, composed: true }));
    } catch {
      // a listener's error is the page's, and the browser reports it
    }
  }
}

if (typeof customElements !== 'undefined' && !customElements.get(TAG)) {
  customElements.define(TAG, ReoLcaCompare);
}
