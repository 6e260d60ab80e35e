// Uncertainty section: a seeded Monte Carlo run in a Web Worker (histogram of the reduction that
// fills as chunks arrive, a cancel button, the summary table and the probabilities in words) and
// the tornado chart of the local sensitivity analysis. Listens for the page's "reo:result" event.
import * as api from './api.js';
import { $, fill, nice, sig, table } from './ui.js';

// Okabe–Ito colours, as in stage-chart.js.
const OI = { orange: '#E69F00', sky: '#56B4E9', blue: '#0072B2', vermillion: '#D55E00', black: '#000000', grey: '#999999' };
const MAX_ITERATIONS = 200_000;
const MAX_SEED = Number.MAX_SAFE_INTEGER;
const CHUNK = 500;
const TARGET_BINS = 40;
const TOP_BARS = 10;

const U = {
  key: '', // the scenario of the current result, as JSON
  scenario: null,
  claim: 61,
  oxide: '',
  worker: null,
  run: null, // the run in progress or last run
  hist: null, // Chart.js histogram
  tornado: null, // Chart.js tornado
  tornadoToken: 0,
  frame: 0,
};

const section = () => $('#uncertainty');
const pct1 = (p) => `${(100 * p).toFixed(1)} %`;
const fmtInt = (n) => n.toLocaleString('en');

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
    if (U.worker) cancel('The scenario changed, so the run was cancelled. Run it again for the new scenario.');
    else if (hadRun) {
      resetResults();
      setState('idle', 'The scenario changed. Run the uncertainty again for the new scenario.');
    }
  }
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
    start();
  });
  $('#mc-cancel').addEventListener('click', () => cancel('Cancelled.'));
}

function setState(state, text) {
  section().dataset.state = state;
  $('#mc-status').textContent = text;
  const running = state === 'running';
  $('#mc-run').disabled = running;
  $('#mc-cancel').disabled = !running;
  $('#mc-progress').hidden = !running;
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
  stopWorker();
  resetResults();
  const run = {
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
  let worker;
  try {
    worker = new Worker(new URL('./mc-worker.js', import.meta.url), { type: 'module' });
  } catch (e) {
    setState('error', `The background worker could not start: ${e.message}`);
    return;
  }
  U.worker = worker;
  worker.addEventListener('message', (ev) => onMessage(run, worker, ev.data));
  worker.addEventListener('error', (ev) => {
    if (U.worker !== worker) return;
    ev.preventDefault();
    stopWorker();
    setState('error', `The run failed: ${ev.message || 'the background worker could not load'}.`);
  });
  $('#mc-progress').value = 0;
  setState('running', `Starting ${fmtInt(iterations)} runs (seed ${seed})…`);
  worker.postMessage({ type: 'run', scenario: U.scenario, iterations, seed, chunk: CHUNK });
}

function stopWorker() {
  if (U.worker) U.worker.terminate();
  U.worker = null;
}

function cancel(text) {
  if (!U.worker) return;
  stopWorker();
  const r = U.run;
  const partial = r && r.done > 0 ? ` ${fmtInt(r.done)} of ${fmtInt(r.iterations)} runs were done; the histogram shows them.` : '';
  setState('cancelled', `${text}${partial}`);
  if (r && r.done > 0) {
    renderHistogram(r);
    renderHistogramTable(r);
    $('#mc-sentence').textContent = sentence(r.done, r.seed, r.lower / r.done, r.atClaim / r.done, r.claim, true);
  }
}

function onMessage(run, worker, msg) {
  if (U.worker !== worker || U.run !== run || !msg) return;
  run.messages += 1;
  const sec = section();
  sec.dataset.worker = 'used';
  sec.dataset.workerMessages = String(run.messages);
  switch (msg.type) {
    case 'started':
      break;
    case 'chunk':
      addChunk(run, msg);
      $('#mc-progress').value = run.done / run.iterations;
      $('#mc-status').textContent =
        `${fmtInt(run.done)} of ${fmtInt(run.iterations)} runs; so far the recycled oxide is lower in ${pct1(run.lower / run.done)} of them.`;
      $('#mc-results').hidden = false;
      scheduleHistogram(run);
      break;
    case 'done':
      stopWorker();
      renderHistogram(run);
      renderHistogramTable(run);
      renderSummary(run, msg.summary);
      setState('done', `Done: ${fmtInt(run.done)} runs, seed ${run.seed}.`);
      break;
    case 'cancelled':
      stopWorker();
      setState('cancelled', `Cancelled after ${fmtInt(msg.done)} runs.`);
      break;
    case 'error':
      stopWorker();
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

function scheduleHistogram(run) {
  if (U.frame) return;
  U.frame = requestAnimationFrame(() => {
    U.frame = 0;
    if (U.run === run) renderHistogram(run);
  });
}

const binColour = (centre, claim) => (centre >= claim ? OI.blue : centre >= 0 ? OI.sky : OI.vermillion);

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
        g.fillText(l.label, px + (g.textAlign === 'left' ? 4 : -4), top + 12 + (l.row ?? 0) * 14);
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
      'light blue: a reduction below the claim; vermillion: recycled higher than mined (negative reduction). ' +
      'Dashed lines: 0 % and the claim.',
  );
  const Chart = window.Chart;
  if (!Chart) return;
  if (U.hist) {
    U.hist.data.datasets[0].data = data;
    U.hist.data.datasets[0].backgroundColor = colours;
    U.hist.options.scales.x.min = run.bins.lo;
    U.hist.options.scales.x.max = run.bins.hi;
    U.hist.update('none');
    return;
  }
  U.hist = new Chart($('#mc-hist'), {
    type: 'bar',
    data: { datasets: [{ label: 'runs', data, backgroundColor: colours, barPercentage: 1, categoryPercentage: 1, borderWidth: 0 }] },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: true,
      scales: {
        x: { type: 'linear', min: run.bins.lo, max: run.bins.hi, ticks: { includeBounds: false }, title: { display: true, text: 'reduction, % (recycled vs mined)' }, grid: { color: '#e4e4e4' } },
        y: { beginAtZero: true, title: { display: true, text: 'runs' }, grid: { color: '#e4e4e4' } },
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
        { value: U.run?.claim, label: `claim ${nice(U.run?.claim ?? 0)} %`, colour: OI.blue, row: 1 },
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
    `Monte Carlo summary: ${fmtInt(s.iterations)} runs, seed ${s.seed}${U.oxide ? `, ${U.oxide}` : ''}`,
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

function renderTornado(scenario, comparison) {
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
  const Chart = window.Chart;
  const canvas = $('#tornado');
  if (!Chart || !canvas) return;
  canvas.parentElement.style.height = `${Math.max(160, 60 + 30 * bars.length)}px`;
  const short = (s) => (s.length > 34 ? `${s.slice(0, 33)}…` : s);
  const labels = bars.map((b) => short(b.label));
  const datasets = [
    { label: 'parameter at its 5th percentile', data: bars.map((b) => [base, b.reductionLow]), backgroundColor: OI.blue },
    { label: 'parameter at its 95th percentile', data: bars.map((b) => [base, b.reductionHigh]), backgroundColor: OI.orange },
  ];
  U.tornadoLines = [
    { value: base, label: `now ${sig(base)} %`, colour: OI.black, dash: [] },
    { value: claim, label: `claim ${nice(claim)} %`, colour: OI.vermillion, row: 1 },
  ];
  const values = [base, claim, ...bars.flatMap((b) => [b.reductionLow, b.reductionHigh])].filter(Number.isFinite);
  const pad = Math.max(1, (Math.max(...values) - Math.min(...values)) * 0.05);
  const min = Math.min(...values) - pad;
  const max = Math.max(...values) + pad;
  if (U.tornado) {
    U.tornado.data.labels = labels;
    U.tornado.data.datasets = datasets;
    U.tornado.options.scales.x.suggestedMin = min;
    U.tornado.options.scales.x.suggestedMax = max;
    U.tornado.update('none');
    return;
  }
  U.tornado = new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      grouped: false,
      datasets: { bar: { grouped: false, barPercentage: 0.8, categoryPercentage: 0.9 } },
      scales: {
        x: { suggestedMin: min, suggestedMax: max, title: { display: true, text: 'reduction, % (recycled vs mined)' }, grid: { color: '#e4e4e4' } },
        y: { grid: { display: false } },
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
