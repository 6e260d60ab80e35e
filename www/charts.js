// Loads the chart library (Chart.js, bar charts only, bundled into vendor/chart.js at build
// time) once, after the first result is on screen, and small helpers the charts share.

let loading = null;
let loaded = null;

/** Resolves to the Chart class, or null when the library cannot load (the tables stay). */
export function loadCharts() {
  loading ??= import('./vendor/chart.js').then((m) => (loaded = m.Chart), () => null);
  return loading;
}

/**
 * Redraws every chart at once at its container's current size. Called on `beforeprint` (the
 * print styles are in force then): a canvas keeps the size it had on screen otherwise, and the
 * redraw Chart.js schedules for the new size comes after the page was printed.
 */
export function resizeCharts() {
  for (const chart of Object.values(loaded?.instances ?? {})) chart.resize();
}

/** Whether the page is laid out for a phone. */
export const narrow = () => window.matchMedia('(max-width: 600px)').matches;

/**
 * Splits a label into lines of at most `width` characters at spaces (Chart.js draws an array
 * label as several lines), at most `lines` lines, the last one ending in "…" when cut.
 */
export function wrapLabel(text, width, lines = 3) {
  const words = String(text).split(/\s+/);
  const out = [];
  let line = '';
  for (const w of words) {
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      out.push(line);
      line = w;
    }
  }
  if (line) out.push(line);
  if (out.length > lines) {
    const kept = out.slice(0, lines);
    kept[lines - 1] = `${kept[lines - 1].slice(0, Math.max(1, width - 1))}…`;
    return kept;
  }
  return out.length === 1 ? out[0] : out;
}

const waiting = new WeakMap();

/**
 * Runs `draw` as soon as `el` is on or near the screen (the chart library is loaded only for
 * charts someone can see). Repeated calls before then keep the latest.
 */
export function whenVisible(el, draw) {
  if (!('IntersectionObserver' in window)) {
    draw();
    return;
  }
  const pending = waiting.get(el);
  if (pending) {
    pending.draw = draw;
    return;
  }
  // The observer reports the element's state once at the start, without forcing a layout.
  const margin = 300;
  const entry = { draw };
  waiting.set(el, entry);
  const obs = new IntersectionObserver((es) => {
    if (!es.some((e) => e.isIntersecting)) return;
    obs.disconnect();
    waiting.delete(el);
    entry.draw();
  }, { rootMargin: `${margin}px` });
  obs.observe(el);
}
