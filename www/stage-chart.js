// Stacked bars by life-cycle stage for both routes (Chart.js, served from vendor/), with the
// same numbers as an accessible table.
import { h, fill, sig, table, oxideShort } from './ui.js';
import { stageLabel } from './names.js';
import { loadCharts, narrow, wrapLabel, whenVisible } from './charts.js';

// Okabe–Ito colours (safe for the common colour-vision deficiencies); stages beyond eight get
// the same hues with white stripes, so no two stages look alike.
const OI = {
  orange: '#E69F00', sky: '#56B4E9', green: '#009E73', yellow: '#F0E442',
  blue: '#0072B2', vermillion: '#D55E00', purple: '#CC79A7', black: '#000000', grey: '#999999',
};
const STAGES = [
  ['collection', OI.orange, true],
  ['preparation', OI.sky, true],
  ['mining', OI.orange, false],
  ['beneficiation', OI.sky, false],
  ['cracking', OI.green, false],
  ['leaching', OI.yellow, false],
  ['digestion', OI.black, false],
  ['blending', OI.green, true],
  ['separation', OI.blue, false],
  ['precipitation', OI.vermillion, false],
  ['calcination', OI.purple, false],
  ['background', OI.grey, false],
  ['credit', OI.grey, true],
];
const FALLBACK = [OI.purple, OI.yellow, OI.blue, OI.vermillion];

const PATTERNS = new Map();
function stripes(color) {
  if (!PATTERNS.has(color)) PATTERNS.set(color, drawStripes(color));
  return PATTERNS.get(color);
}

function drawStripes(color) {
  const c = document.createElement('canvas');
  c.width = 8;
  c.height = 8;
  const g = c.getContext('2d');
  g.fillStyle = color;
  g.fillRect(0, 0, 8, 8);
  g.strokeStyle = 'rgba(255,255,255,0.85)';
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(0, 8); g.lineTo(8, 0);
  g.moveTo(-2, 2); g.lineTo(2, -2);
  g.moveTo(6, 10); g.lineTo(10, 6);
  g.stroke();
  return g.createPattern(c, 'repeat');
}

function styleOf(stage, i) {
  const known = STAGES.find((s) => s[0] === stage);
  const [color, striped] = known ? [known[1], known[2]] : [FALLBACK[i % FALLBACK.length], true];
  return { color, fill: striped ? stripes(color) : color, striped };
}

/** Stages of both routes in life-cycle order, then any others in order of appearance. */
export function stageOrder(c) {
  const seen = [];
  for (const r of [c.mined, c.recycled]) for (const s of r.byStage) if (!seen.includes(s.stage)) seen.push(s.stage);
  const rank = (s) => {
    const i = STAGES.findIndex((x) => x[0] === s);
    return i < 0 ? STAGES.length + seen.indexOf(s) : i;
  };
  return seen.sort((a, b) => rank(a) - rank(b));
}

const impactOf = (route, stage) => route.byStage.find((s) => s.stage === stage)?.impact ?? 0;

let chart = null;
let Chart = null;
let latest = null;

export function renderStages(c, { canvas, tableEl, summaryEl }) {
  const stages = stageOrder(c);
  const routes = [c.mined, c.recycled];
  const names = ['Mined', 'Recycled'];

  table(
    tableEl,
    `Emissions by stage, kg CO2-eq per kg ${oxideShort(c.oxide)}`,
    [{ label: 'Stage', rowHeader: true }, { label: 'Mined', num: true }, { label: 'Recycled', num: true }],
    [
      ...stages.map((s) => [stageLabel(s), sig(impactOf(c.mined, s)), sig(impactOf(c.recycled, s))]),
      ['Total', sig(c.mined.total), sig(c.recycled.total)],
    ],
  );
  const top = (r) => [...r.byStage].sort((a, b) => Math.abs(b.impact) - Math.abs(a.impact))[0];
  fill(
    summaryEl,
    routes.map((r, i) => {
      const t = top(r);
      return `${names[i]}: ${sig(r.total)} kg CO2-eq per kg${t ? `, largest stage ${stageLabel(t.stage)} (${sig(t.impact)})` : ''}. `;
    }),
  );

  latest = { c, canvas };
  if (Chart) {
    draw(c, canvas);
    return;
  }
  whenVisible(canvas.closest('.chart-box') ?? canvas, () => loadCharts().then((C) => {
    Chart = C;
    if (!C) {
      canvas.closest('.chart-box')?.replaceChildren(h('p', { class: 'hint' }, 'The chart library did not load; the table below holds the same numbers.'));
    } else if (latest) draw(latest.c, latest.canvas);
  }));
}

function draw(c, canvas) {
  const stages = stageOrder(c);
  const routes = [c.mined, c.recycled];
  const small = narrow();
  const labels = [['Mined', c.mined.label], ['Recycled', c.recycled.label]]
    .map(([k, l]) => [k, ...[wrapLabel(l, small ? 18 : 30, 2)].flat()]);
  const same = chart && chart.data.datasets.length === stages.length
    && chart.data.datasets.every((d, i) => d.stage === stages[i]);
  if (same) {
    // In place: only the numbers and labels change, Chart.js keeps its state.
    chart.data.labels = labels;
    chart.data.datasets.forEach((d, i) => { d.data = routes.map((r) => impactOf(r, stages[i])); });
    chart.update('none');
    return;
  }
  const datasets = stages.map((s, i) => {
    const st = styleOf(s, i);
    return {
      stage: s,
      label: stageLabel(s),
      data: routes.map((r) => impactOf(r, s)),
      backgroundColor: st.fill,
      borderColor: '#ffffff',
      borderWidth: 1,
      stack: 'total',
    };
  });
  if (chart) {
    chart.data.labels = labels;
    chart.data.datasets = datasets;
    chart.update('none');
    return;
  }
  chart = new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: {
          stacked: true, ticks: { maxTicksLimit: small ? 5 : 11, font: { size: 12 } },
          title: { display: true, text: 'kg CO2-eq per kg oxide', font: { size: 12 } }, grid: { color: '#e4e4e4' },
        },
        y: { stacked: true, grid: { display: false }, ticks: { font: { size: 12 } } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 14, font: { size: 12 } } },
        tooltip: {
          callbacks: {
            label: (ctx) => `${ctx.dataset.label}: ${sig(ctx.parsed.x)} kg CO2-eq`,
          },
        },
      },
    },
  });
  // Printing shows the chart; until it is drawn, it shows the table (print.css).
  canvas.closest('figure').dataset.drawn = '';
}
