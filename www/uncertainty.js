// Uncertainty: a long-lived Web Worker runs seeded Monte Carlo runs for the page. After every
// result a quick run (2,000 draws) puts the median and the 5–95 % range beside each total and the
// probability of the claim beside the verdict; the full run fills a histogram of the reduction as
// chunks arrive, with a cancel button, a summary table and the probabilities in words. Also draws
// the tornado chart of the local sensitivity analysis. Listens for the page's "reo:result" event.
import * as api from './api.js';
import { $, fill, nice, sig, table, oxideShort } from './ui.js';
import { loadCharts, narrow, wrapLabel, whenVisible } from './charts.js';

let Chart = null;
const withCharts = (redraw) => loadCharts().then((C) => {
  Chart = C;
  if (C) redraw();
});

// Okabe–Ito colours, as in stage-chart.js; the claim is vermillion on every chart.
const OI = { orange: '#E69F00', sky: '#56B4E9', blue: '#0072B2', vermillion: '#D55E00', black: '#000000', grey: '#999999' };
const CLAIM_COLOUR = OI.vermillion;
const MAX_ITERATIONS = 200_000;
const MAX_SEED = Number.MAX_SAFE_INTEGER;
const CHUNK = 1000;
const QUICK_RUNS = 2000;
const QUICK_SEED = 1;
const QUICK_DELAY = 120; // ms after the last change before the quick run starts
const TARGET_BINS = 40;
const TOP_BARS = 10;

const U = {
  key: '', // the scenario of the current result, as JSON
  scenario: null,
  claim: 61,
  oxide: '',
  run: null, // the full run in progress or the last one
  hist: null, // Chart.js histogram
  tornado: null, // Chart.js tornado
  tornadoToken: 0,
  frame: 0,
  quick: { id: 0, timer: 0, key: '' },
};

// ---------- the worker ----------

const W = { worker: null, seq: 0, handlers: new Map(), broken: '' };

function worker() {
  if (W.worker || W.broken) return W.worker;
  try {
    W.worker = new Worker(new URL('./mc-worker.js', import.meta.url), { type: 'module' });
  } catch (e) {
    W.broken = e.message;
    return null;
  }
  W.worker.addEventListener('message', (ev) => {
    const msg = ev.data ?? {};
    if (msg.type === 'ready') return;
    W.handlers.get(msg.id)?.(msg);
  });
  W.worker.addEventListener('error', (ev) => {
    ev.preventDefault();
    const why = ev.message || 'the background worker could not load';
    W.worker = null;
    for (const h of W.handlers.values()) h({ type: 'error', message: why });
    W.handlers.clear();
  });
  return W.worker;
}

/** Starts a run in the worker; `onMessage` gets its messages. Returns the run id, or 0. */
function post(run, onMessage) {
  const w = worker();
  if (!w) return 0;
  const id = ++W.seq;
  W.handlers.set(id, (msg) => {
    if (msg.type === 'done' || msg.type === 'error' || msg.type === 'cancelled') W.handlers.delete(id);
    onMessage(msg);
  });
  w.postMessage({ type: 'run', id, ...run });
  return id;
}

function cancelRun(id) {
  if (!id || !W.handlers.has(id)) return;
  W.handlers.delete(id);
  W.worker?.postMessage({ type: 'cancel', id });
}

const section = () => $('#uncertainty');
const pct1 = (p) => `${(100 * p).toFixed(1)} %`;
const fmtInt = (n) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

// ---------- result events ----------

document.addEventListener('reo:result', (ev) => {
  const { scenario, comparison } = ev.detail ?? {};
  if (!scenario || !comparison) return;
  if (!(api.has('MonteCarloRun') && api.has('sensitivity'))) return;
  const sec = section();
  if (!sec) return;
  if (sec.hidden) init(sec);
  const key = JSON.stringify(scenario);
  U.claim = comparison.claim?.statedPercent ?? U.claim;
  U.oxide = comparison.oxide ?? '';
  if (key !== U.key) {
    const hadRun = U.run != null;
    U.key = key;
    U.scenario = scenario;
    if (U.run?.running) cancel('The scenario changed, so the run was cancelled. Run it again for the new scenario.');
    else if (hadRun) {
      resetResults();
      setState('idle', 'The scenario changed. Run the uncertainty again for the new scenario.');
    }
  }
  scheduleQuick(scenario, key);
  // The tornado costs a few milliseconds: after the result is on screen, and only the latest.
  const token = ++U.tornadoToken;
  setTimeout(() => {
    if (token === U.tornadoToken) renderTornado(scenario, comparison);
  }, 0);
});

function init(sec) {
  sec.hidden = false;
  sec.dataset.state = 'idle';
  $('#mc-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!U.run?.running) start();
  });
  $('#mc-cancel').addEventListener('click', () => {
    if (U.run?.running) cancel('Cancelled.');
  });
}

// The buttons are marked unavailable with aria-disabled rather than disabled, so a button that
// has the focus keeps it while a run starts and ends.
function setState(state, text) {
  section().dataset.state = state;
  $('#mc-status').textContent = text;
  const running = state === 'running';
  $('#mc-run').setAttribute('aria-disabled', String(running));
  $('#mc-cancel').setAttribute('aria-disabled', String(!running));
  $('#mc-progress').hidden = !running;
}

// ---------- the quick run beside the headline ----------

function scheduleQuick(scenario, key) {
  const q = U.quick;
  if (key === q.key) return;
  q.key = key;
  clearTimeout(q.timer);
  cancelRun(q.id);
  q.id = 0;
  for (const el of [$('#unc-mined'), $('#unc-recycled'), $('#unc-reduction'), $('#verdict-unc')]) {
    if (!el) continue;
    el.setAttribute('aria-busy', 'true');
    el.classList.add('pending');
    // Before the first run, text of the same shape holds the place, so the numbers do not move
    // what is below them when they arrive; later runs keep the previous numbers, greyed.
    if (!el.textContent) el.textContent = el.id === 'verdict-unc' ? VERDICT_PLACEHOLDER : RANGE_PLACEHOLDER;
  }
  q.timer = setTimeout(() => {
    q.id = post({ scenario, iterations: QUICK_RUNS, seed: QUICK_SEED, chunk: QUICK_RUNS, samples: false }, (msg) => {
      if (U.quick.key !== key) return;
      if (msg.type === 'done') showQuick(msg.summary);
      else if (msg.type === 'error') showQuickError(msg.message);
    });
    if (!q.id) showQuickError(W.broken || 'no background worker');
  }, QUICK_DELAY);
}

const RANGE_PLACEHOLDER = 'median …, 90 % of draws … to …';
const VERDICT_PLACEHOLDER = `Over ${QUICK_RUNS.toLocaleString('en')} seeded draws of every uncertain input, the reduction reaches the claimed … % in … of them, and recycled is lower than mined in ….`;
// Negative values with a minus sign and the interval written out, so '-15.5–27.9' reads as a range.
const signed = (x) => sig(x).replace(/^-/, '\u2212');
const range = (st, unit = '') => `median ${signed(st.median)}${unit}, 90 % of draws ${signed(st.p5)} to ${signed(st.p95)}${unit}`;

function showQuick(s) {
  const c = s.comparison;
  const set = (sel, text) => {
    const el = $(sel);
    if (!el) return;
    el.textContent = text;
    el.removeAttribute('aria-busy');
    el.classList.remove('pending');
  };
  set('#unc-mined', range(s.mined));
  set('#unc-recycled', range(s.recycled));
  set('#unc-reduction', c.undefinedReductions === s.iterations ? 'no reduction defined in the draws' : range(c.reductionPercent, ' %'));
  set('#verdict-unc',
    `Over ${s.iterations.toLocaleString('en')} seeded draws of every uncertain input, the reduction reaches the claimed ` +
    `${nice(c.claimPercent)} % in ${pct1(c.pReductionAtLeastClaim)} of them, and recycled is lower than mined in ${pct1(c.pRecycledLower)}.`);
  const box = $('#results');
  if (box) box.dataset.quick = 'done';
}

function showQuickError(message) {
  for (const sel of ['#unc-mined', '#unc-recycled', '#unc-reduction']) {
    const el = $(sel);
    if (el) {
      el.textContent = '';
      el.removeAttribute('aria-busy');
      el.classList.remove('pending');
    }
  }
  const v = $('#verdict-unc');
  if (v) {
    v.textContent = `The uncertainty range is not available: ${message}`;
    v.removeAttribute('aria-busy');
    v.classList.remove('pending');
  }
}

function resetResults() {
  U.run = null;
  $('#mc-results').hidden = true;
  fill($('#mc-sentence'));
  fill($('#mc-table'));
  fill($('#mc-skew'));
  fill($('#mc-hist-table'));
  fill($('#mc-hist-summary'));
  if (U.hist) {
    U.hist.destroy();
    U.hist = null;
  }
}

// ---------- reading the form ----------

function wholeNumber(input, min, max, what) {
  const raw = input.value.trim();
  const x = Number(raw);
  const ok = raw !== '' && Number.isInteger(x) && x >= min && x <= max;
  input.setAttribute('aria-invalid', ok ? 'false' : 'true');
  if (!ok) throw new Error(`${what} must be a whole number from ${fmtInt(min)} to ${fmtInt(max)}.`);
  return x;
}

// ---------- running ----------

function start() {
  if (!U.scenario) return;
  let iterations;
  let seed;
  try {
    iterations = wholeNumber($('#mc-iterations'), 1, MAX_ITERATIONS, 'Runs');
    seed = wholeNumber($('#mc-seed'), 0, MAX_SEED, 'The seed');
  } catch (e) {
    setState('invalid', e.message);
    return;
  }
  resetResults();
  const run = {
    id: 0,
    running: true,
    iterations,
    seed,
    claim: U.claim,
    done: 0,
    lower: 0,
    atClaim: 0,
    defined: 0,
    bins: null,
    counts: null,
    messages: 0,
  };
  U.run = run;
  $('#mc-progress').value = 0;
  setState('running', `Starting ${fmtInt(iterations)} runs (seed ${seed})…`);
  run.id = post({ scenario: U.scenario, iterations, seed, chunk: CHUNK, samples: true }, (msg) => onMessage(run, msg));
  if (!run.id) {
    run.running = false;
    setState('error', `The background worker could not start: ${W.broken}`);
  }
}

function cancel(text) {
  const r = U.run;
  if (!r?.running) return;
  cancelRun(r.id);
  r.running = false;
  const partial = r.done > 0 ? ` ${fmtInt(r.done)} of ${fmtInt(r.iterations)} runs were done; the histogram shows them.` : '';
  setState('cancelled', `${text}${partial}`);
  if (r.done > 0) {
    renderHistogram(r);
    renderHistogramTable(r);
    $('#mc-sentence').textContent = sentence(r.done, r.seed, r.lower / r.done, r.atClaim / r.done, r.claim, true);
  }
}

function onMessage(run, msg) {
  if (U.run !== run || !run.running) return;
  run.messages += 1;
  const sec = section();
  sec.dataset.worker = 'used';
  sec.dataset.workerMessages = String(run.messages);
  switch (msg.type) {
    case 'started':
      break;
    case 'chunk':
      addChunk(run, msg);
      scheduleHistogram(run);
      break;
    case 'done':
      run.running = false;
      renderHistogram(run);
      renderHistogramTable(run);
      renderSummary(run, msg.summary);
      setState('done', `Done: ${fmtInt(run.done)} runs, seed ${run.seed}.`);
      break;
    case 'cancelled':
      run.running = false;
      setState('cancelled', `Cancelled after ${fmtInt(msg.done)} runs.`);
      break;
    case 'error':
      run.running = false;
      setState('error', `The run failed: ${msg.message}`);
      break;
    default:
      break;
  }
}

// ---------- histogram ----------

/** A "nice" bin width near `span / TARGET_BINS` (1, 2, 2.5 or 5 × 10^k). */
function niceWidth(span) {
  const raw = Math.max(span, 1e-9) / TARGET_BINS;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** Bins from the first chunk: its 0.5–99.5 % range widened by a quarter, with 0 and the claim. */
function makeBins(values, claim) {
  const xs = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  let lo = xs.length ? xs[Math.floor(0.005 * (xs.length - 1))] : 0;
  let hi = xs.length ? xs[Math.ceil(0.995 * (xs.length - 1))] : 100;
  const pad = Math.max((hi - lo) * 0.25, 1);
  lo = Math.min(lo - pad, 0, claim);
  hi = Math.max(hi + pad, 0, claim);
  const width = niceWidth(hi - lo);
  lo = Math.floor(lo / width) * width;
  const n = Math.max(1, Math.ceil((hi - lo) / width));
  return { lo, width, n, hi: lo + n * width };
}

function addChunk(run, msg) {
  const red = msg.reductionPercent;
  if (!run.bins) {
    run.bins = makeBins(red, run.claim);
    run.counts = new Array(run.bins.n).fill(0);
  }
  const { lo, width, n } = run.bins;
  for (let i = 0; i < red.length; i++) {
    const x = red[i];
    if (msg.recycled[i] < msg.mined[i]) run.lower += 1;
    if (!Number.isFinite(x)) continue;
    run.defined += 1;
    if (x >= run.claim) run.atClaim += 1;
    const k = Math.min(n - 1, Math.max(0, Math.floor((x - lo) / width)));
    run.counts[k] += 1;
  }
  run.done = msg.done;
}

// While a run goes on the histogram is redrawn at most every REDRAW_MS (a short run is drawn
// once, at its end), so drawing never slows the run down.
const REDRAW_MS = 200;

function scheduleHistogram(run) {
  if (U.frame) return;
  const wait = Math.max(0, (run.drawn ?? performance.now()) + REDRAW_MS - performance.now());
  run.drawn ??= performance.now();
  U.frame = setTimeout(() => {
    U.frame = 0;
    if (U.run !== run || !run.running) return;
    run.drawn = performance.now();
    $('#mc-progress').value = run.done / run.iterations;
    $('#mc-status').textContent =
      `${fmtInt(run.done)} of ${fmtInt(run.iterations)} runs; so far the recycled oxide is lower in ${pct1(run.lower / run.done)} of them.`;
    $('#mc-results').hidden = false;
    renderHistogram(run);
  }, wait);
}

const binColour = (centre, claim) => (centre >= claim ? OI.blue : centre >= 0 ? OI.sky : OI.grey);

/** Vertical reference lines with labels, on the x axis: [{value, label, colour}]. */
function linesPlugin(getLines) {
  return {
    id: 'reoLines',
    afterDatasetsDraw(chart) {
      const x = chart.scales.x;
      const { top, bottom } = chart.chartArea;
      const g = chart.ctx;
      for (const l of getLines()) {
        if (l.value == null || !Number.isFinite(l.value) || l.value < x.min || l.value > x.max) continue;
        const px = x.getPixelForValue(l.value);
        g.save();
        g.strokeStyle = l.colour;
        g.lineWidth = 2;
        g.setLineDash(l.dash ?? [6, 4]);
        g.beginPath();
        g.moveTo(px, top);
        g.lineTo(px, bottom);
        g.stroke();
        g.setLineDash([]);
        g.fillStyle = l.colour;
        g.font = '12px system-ui, sans-serif';
        g.textAlign = px > (chart.chartArea.left + chart.chartArea.right) / 2 ? 'right' : 'left';
        // Above the plot area (the charts leave room there), so no label covers a bar.
        g.fillText(l.label, px + (g.textAlign === 'left' ? 4 : -4), top - 6 - (l.row ?? 0) * 14);
        g.restore();
      }
    },
  };
}

function renderHistogram(run) {
  if (!run.bins) return;
  const { lo, width } = run.bins;
  const data = run.counts.map((c, k) => ({ x: lo + (k + 0.5) * width, y: c }));
  const colours = data.map((d) => binColour(d.x, run.claim));
  fill(
    $('#mc-hist-summary'),
    `Bars: number of runs per ${sig(width, 2)}-point bin of the reduction. Dark blue: at or above the claimed ${nice(run.claim)} %; ` +
      'light blue: a reduction below the claim; grey: recycled higher than mined (negative reduction). ' +
      'Dashed lines: 0 % (black) and the claim (vermillion).',
  );
  if (!Chart) {
    withCharts(() => U.run === run && renderHistogram(run));
    return;
  }
  if (U.hist) {
    U.hist.data.datasets[0].data = data;
    U.hist.data.datasets[0].backgroundColor = colours;
    U.hist.options.scales.x.min = run.bins.lo;
    U.hist.options.scales.x.max = run.bins.hi;
    U.hist.update('none');
    return;
  }
  $('#mc-hist').dataset.claimColour = CLAIM_COLOUR;
  U.hist = new Chart($('#mc-hist'), {
    type: 'bar',
    data: { datasets: [{ label: 'runs', data, backgroundColor: colours, barPercentage: 1, categoryPercentage: 1, borderWidth: 0 }] },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      layout: { padding: { top: 34 } },
      parsing: true,
      scales: {
        x: {
          type: 'linear', min: run.bins.lo, max: run.bins.hi,
          ticks: { includeBounds: false, maxTicksLimit: narrow() ? 5 : 11, font: { size: 12 } },
          title: { display: true, text: 'reduction, % (recycled vs mined)', font: { size: 12 } }, grid: { color: '#e4e4e4' },
        },
        y: { beginAtZero: true, ticks: { font: { size: 12 } }, title: { display: true, text: 'runs', font: { size: 12 } }, grid: { color: '#e4e4e4' } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => {
              const c = items[0]?.parsed.x ?? 0;
              return `${sig(c - width / 2)} to ${sig(c + width / 2)} %`;
            },
            label: (ctx) => `${fmtInt(ctx.parsed.y)} runs`,
          },
        },
      },
    },
    plugins: [
      linesPlugin(() => [
        { value: 0, label: '0 %', colour: OI.black },
        { value: U.run?.claim, label: `claim ${nice(U.run?.claim ?? 0)} %`, colour: CLAIM_COLOUR, row: 1 },
      ]),
    ],
  });
}

function renderHistogramTable(run) {
  if (!run.bins) return;
  const { lo, width, n } = run.bins;
  const total = run.defined || 1;
  const rows = run.counts.map((c, k) => {
    const a = lo + k * width;
    const b = a + width;
    const range = k === 0 ? `below ${sig(b)}` : k === n - 1 ? `${sig(a)} and above` : `${sig(a)} to ${sig(b)}`;
    return [range, fmtInt(c), pct1(c / total)];
  });
  table(
    $('#mc-hist-table'),
    `Reduction over ${fmtInt(run.done)} runs, by bin (%)`,
    [{ label: 'Reduction, %', rowHeader: true }, { label: 'Runs', num: true }, { label: 'Share', num: true }],
    rows,
  );
}

// ---------- summary ----------

function sentence(n, seed, pLower, pClaim, claim, partial = false) {
  return (
    `In ${fmtInt(n)} runs (seed ${seed})${partial ? ', before the run was cancelled' : ''}, the recycled oxide had lower emissions than the mined one ` +
    `in ${pct1(pLower)} of cases; the reduction reached the claimed ${nice(claim)} % in ${pct1(pClaim)} of cases.`
  );
}

function renderSummary(run, s) {
  const c = s.comparison;
  $('#mc-sentence').textContent = sentence(s.iterations, s.seed, c.pRecycledLower, c.pReductionAtLeastClaim, c.claimPercent);
  const row = (name, st, unit) => [
    `${name} (${unit})`,
    sig(st.deterministic),
    sig(st.mean),
    sig(st.median),
    sig(st.p5),
    sig(st.p95),
  ];
  const unit = 'kg CO2-eq per kg';
  table(
    $('#mc-table'),
    `Monte Carlo summary: ${fmtInt(s.iterations)} runs, seed ${s.seed}${U.oxide ? `, ${oxideShort(U.oxide)}` : ''}`,
    [
      { label: 'Quantity', rowHeader: true },
      { label: 'Deterministic', num: true },
      { label: 'Mean', num: true },
      { label: 'Median', num: true },
      { label: 'P5', num: true },
      { label: 'P95', num: true },
    ],
    [
      row(`Mined: ${s.mined.label}`, s.mined, unit),
      row(`Recycled: ${s.recycled.label}`, s.recycled, unit),
      row('Reduction', c.reductionPercent, '%'),
      row('Difference, mined − recycled', c.difference, unit),
    ],
  );
  const last = s.convergence[s.convergence.length - 1];
  const precision = last
    ? ` Precision of the means after ${fmtInt(last.iterations)} runs (95 % interval): mined ±${sig(last.minedHalfWidth, 2)}, ` +
      `recycled ±${sig(last.recycledHalfWidth, 2)}, difference ±${sig(last.differenceHalfWidth, 2)} kg CO2-eq per kg; ` +
      `the probabilities ±${sig(100 * 1.96 * c.pRecycledLowerStdError, 2)} and ±${sig(100 * 1.96 * c.pReductionAtLeastClaimStdError, 2)} points.`
    : '';
  const undefinedNote = c.undefinedReductions
    ? ` In ${fmtInt(c.undefinedReductions)} runs the mined total was not positive, so no reduction is defined there.`
    : '';
  $('#mc-skew').textContent = `${s.explanation}${precision}${undefinedNote}`;
  $('#mc-results').hidden = false;
}

// ---------- tornado ----------

function renderTornado(scenario, comparison, token = U.tornadoToken) {
  let sens;
  try {
    sens = api.sensitivity(scenario);
  } catch (e) {
    fill($('#tornado-summary'), `The sensitivity analysis failed: ${e.message}`);
    fill($('#tornado-table'));
    return;
  }
  if (!sens) return;
  const t = sens.tornado;
  const base = t.baseReductionPercent;
  const claim = t.claimPercent ?? comparison.claim?.statedPercent;
  const bars = t.bars
    .filter((b) => b.reductionLow != null && b.reductionHigh != null)
    .sort((a, b) => b.swing - a.swing)
    .slice(0, TOP_BARS);
  const byId = new Map(sens.parameters.map((p) => [p.id, p]));
  const el = (x) => (x == null ? '–' : sig(x, 2));
  table(
    $('#tornado-table'),
    `Reduction (%) with each parameter at its 5th and 95th percentile; current reduction ${sig(base)} %`,
    [
      { label: 'Parameter', rowHeader: true },
      { label: 'Value' },
      { label: 'P5 → reduction, %' },
      { label: 'P95 → reduction, %' },
      { label: 'Swing, points', num: true },
      { label: 'Elasticity, mined', num: true },
      { label: 'Elasticity, recycled', num: true },
      { label: 'Points per +1 %', num: true },
    ],
    bars.map((b) => {
      const p = byId.get(b.id);
      return [
        b.label,
        `${sig(b.value)} ${b.unit}`,
        `${sig(b.low)} → ${sig(b.reductionLow)}`,
        `${sig(b.high)} → ${sig(b.reductionHigh)}`,
        sig(b.swing),
        el(p?.elasticityMined),
        el(p?.elasticityRecycled),
        el(p?.reductionPointsPerPercent),
      ];
    }),
  );
  fill(
    $('#tornado-summary'),
    bars.length
      ? `Largest swings of the reduction: ${bars.slice(0, 3).map((b) => `${b.label}, ${sig(b.reductionLow)} to ${sig(b.reductionHigh)} %`).join('; ')}.`
      : 'No uncertain parameter changes the reduction in this scenario.',
  );
  const canvas = $('#tornado');
  if (!canvas) return;
  if (!Chart) {
    whenVisible(canvas.parentElement, () => withCharts(() => token === U.tornadoToken && renderTornado(scenario, comparison, token)));
    return;
  }
  // Phones: labels wrap onto up to three short lines, so the bars keep most of the width.
  const small = narrow();
  const perBar = small ? 48 : 30;
  // Set through the CSSOM, which the page's style-src 'self' policy allows.
  canvas.parentElement.style.height = `${Math.max(160, 60 + perBar * bars.length)}px`;
  const labels = bars.map((b) => wrapLabel(b.label, small ? 20 : 34, small ? 2 : 1));
  const datasets = [
    { label: 'parameter at its 5th percentile', data: bars.map((b) => [base, b.reductionLow]), backgroundColor: OI.blue },
    { label: 'parameter at its 95th percentile', data: bars.map((b) => [base, b.reductionHigh]), backgroundColor: OI.orange },
  ];
  U.tornadoLines = [
    { value: base, label: `now ${sig(base)} %`, colour: OI.black, dash: [] },
    { value: claim, label: `claim ${nice(claim)} %`, colour: CLAIM_COLOUR, row: 1 },
  ];
  const values = [base, claim, ...bars.flatMap((b) => [b.reductionLow, b.reductionHigh])].filter(Number.isFinite);
  const pad = Math.max(1, (Math.max(...values) - Math.min(...values)) * 0.05);
  const min = Math.min(...values) - pad;
  const max = Math.max(...values) + pad;
  if (U.tornado) {
    // In place: Chart.js keeps its dataset state and only redraws.
    U.tornado.data.labels = labels;
    U.tornado.data.datasets.forEach((d, i) => { d.data = datasets[i].data; });
    Object.assign(U.tornado.options.scales.x, { suggestedMin: min, suggestedMax: max });
    U.tornado.options.scales.x.ticks.maxTicksLimit = small ? 5 : 11;
    U.tornado.update('none');
    return;
  }
  canvas.dataset.claimColour = CLAIM_COLOUR;
  U.tornado = new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      layout: { padding: { top: 34 } },
      grouped: false,
      datasets: { bar: { grouped: false, barPercentage: 0.8, categoryPercentage: 0.9 } },
      scales: {
        x: {
          suggestedMin: min, suggestedMax: max, ticks: { maxTicksLimit: small ? 5 : 11, font: { size: 12 } },
          title: { display: true, text: 'reduction, % (recycled vs mined)', font: { size: 12 } }, grid: { color: '#e4e4e4' },
        },
        y: { grid: { display: false }, ticks: { autoSkip: false, font: { size: 12 } } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 14 } },
        tooltip: {
          callbacks: {
            label: (ctx) => `${ctx.dataset.label}: ${sig(ctx.raw[1])} %`,
          },
        },
      },
    },
    plugins: [linesPlugin(() => U.tornadoLines ?? [])],
  });
}
