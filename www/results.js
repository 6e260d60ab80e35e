// Renders a Comparison (the engine's result): the headline (totals, verdict, explanations, the
// stage chart) at once, and the detail tables (break-evens, allocations, warnings,
// contributions, data gaps) a moment later, so an edit answers within one frame.
import { $, h, fill, sig, nice, pct, table, oxideShort } from './ui.js';
import { renderStages } from './stage-chart.js';
import { whyTotal, choiceNotes } from './explain.js';
import { allocationLabel, ruleLabel, priceSetLabel, processLabel, productLabel, flowLabel, stageLabel, rememberFlows } from './names.js';

const sideName = (r) => (r.kind === 'mined' ? 'Mined' : 'Recycled');

/** What a visitor sees first; cheap enough for every keystroke. */
export function renderHeadline(c) {
  fill($('#fu'), `Functional unit: ${c.functionalUnit} · ${c.gwp} GWP100 · ${allocationLabel(c.allocation)} allocation · ${ruleLabel(c.recyclingRule)}` +
    (c.allocation === 'economic' || c.allocation === 'model' ? ` · prices ${priceSetLabel(c.priceSet)}` : ''));
  fill($('#total-mined'), sig(c.mined.total));
  fill($('#total-recycled'), sig(c.recycled.total));
  fill($('#route-mined'), c.mined.label);
  fill($('#route-recycled'), c.recycled.label);
  fill($('#reduction'), c.reductionPercent == null ? 'n/a' : pct(c.reductionPercent));
  $('#total-mined').dataset.value = String(c.mined.total);
  $('#total-recycled').dataset.value = String(c.recycled.total);
  $('#reduction').dataset.value = String(c.reductionPercent ?? '');

  fill($('#sb-mined'), sig(c.mined.total));
  fill($('#sb-recycled'), sig(c.recycled.total));
  fill($('#sb-reduction'), c.reductionPercent == null ? 'n/a' : pct(c.reductionPercent));
  fill($('#sb-claim'), c.claim.holds ? `✓ ${nice(c.claim.statedPercent)} % claim holds` : `✗ ${nice(c.claim.statedPercent)} % claim does not hold`);

  const holds = c.claim.holds;
  const badge = $('#verdict-badge');
  badge.className = `badge ${holds ? 'holds' : 'fails'}`;
  fill(badge, holds ? `✓ The ${nice(c.claim.statedPercent)} % claim holds` : `✗ The ${nice(c.claim.statedPercent)} % claim does not hold`);
  fill($('#verdict-text'), c.claim.verdict);

  const bio = $('#biogenic');
  const bioAny = [c.mined, c.recycled].filter((r) => r.biogenic !== 0);
  bio.hidden = bioAny.length === 0;
  fill(bio, bioAny.map((r) => `${sideName(r)}: ${sig(r.biogenic)} kg biogenic CO2 included in the total (fossil ${sig(r.fossil)}). `));

  renderStages(c, { canvas: $('#stage-chart'), tableEl: $('#stage-table'), summaryEl: $('#chart-summary') });
}

/** The explanations under the totals and the verdict (names may arrive later: re-run then). */
export function renderExplanations(c) {
  fill($('#why-mined'), whyTotal(c.mined));
  fill($('#why-recycled'), whyTotal(c.recycled));
  fill($('#choice-notes'), choiceNotes(c).map((n) => h('li', null, n)));
}

export function renderFlips(sentences) {
  fill($('#flips'), sentences.map((s) => h('li', null, s)));
}

/** The tables below the headline. */
export function renderDetails(c, { params, onTryValue }) {
  rememberFlows([...c.mined.byFlow, ...c.recycled.byFlow]);
  renderBreakEvens(c, params, onTryValue);
  renderAllocations(c);
  renderWarnings(c);
  renderContributions(c);
  fill($('#method-fu'), `${c.functionalUnit} (${oxideShort(c.oxide)}), once from the recycled route and once from the mined baseline.`);
  renderGaps(c, params);
}

function renderBreakEvens(c, params, onTryValue) {
  const stated = nice(c.claim.statedPercent);
  fill($('#breakeven-intro'),
    `The value of each main driver at which the computed reduction would equal the claimed ${stated} %, all else unchanged. ` +
    'Allocation is a choice, not a number, so it has no break-even: see the next table.');
  const rows = c.claim.breakEvens.map((b) => {
    const def = params.get(b.parameter);
    const [lo, hi] = b.range;
    let be;
    if (b.value != null) {
      be = h('span', null, `${nice(b.value)} `,
        h('button', {
          type: 'button', class: 'small', 'aria-label': `Try it: set ${b.label} to its break-even value ${nice(b.value)}`,
          onclick: () => onTryValue(b.parameter, b.value),
        }, 'Try it'));
    } else {
      be = b.note === 'does not enter this comparison' ? 'not used here' : 'none in range';
    }
    return [b.label, nice(b.current), be, `${nice(lo)}–${nice(hi)}`, b.unit || def?.unit || ''];
  });
  table($('#breakeven-table'), `Break-even values for a ${stated} % reduction`,
    [{ label: 'Driver', rowHeader: true }, { label: 'Now', num: true }, { label: 'Break-even', num: true }, { label: 'Range searched' }, { label: 'Unit' }],
    rows);
}

function renderAllocations(c) {
  table($('#allocation-table'), `Totals in kg CO2-eq per kg ${oxideShort(c.oxide)} and the claim under each allocation rule`,
    [{ label: 'Allocation', rowHeader: true }, { label: 'Mined', num: true }, { label: 'Recycled', num: true }, { label: 'Reduction', num: true }, { label: 'Claim' }],
    c.claim.byAllocation.map((a) => [
      `${allocationLabel(a.allocation)}${a.allocation === c.allocation ? ' (chosen)' : ''}`,
      sig(a.mined), sig(a.recycled),
      a.reductionPercent == null ? 'n/a' : pct(a.reductionPercent),
      a.holds ? '✓ holds' : '✗ does not hold',
    ]));
  const used = [c.mined, c.recycled].flatMap((r) => r.allocations.map((a) => ({ r, a })));
  const box = $('#allocations-used');
  if (used.length === 0) {
    fill(box, h('p', { class: 'hint' }, 'No multi-output process is split in this scenario.'));
    return;
  }
  fill(box, h('p', { class: 'hint' }, 'Splits applied in this result:'),
    h('ul', null, used.map(({ r, a }) => h('li', null,
      `${sideName(r)}, ${processLabel(a.process, r.allocationNodes)}: ${allocationLabel(a.rule)} allocation`,
      a.rule !== a.requested ? ` (${allocationLabel(a.requested)} asked)` : '',
      `, ${sig(a.factor * 100)} % of the burden to this product`,
      a.factors?.length ? ` (${a.factors.map(([p, f]) => `${productLabel(p)} ${sig(f * 100)} %`).join(', ')})` : '',
      a.note ? `. ${a.note}` : '',
    ))));
}

/** Engine warnings, with the ids they name turned into the words of this page. */
function renderWarnings(c) {
  const words = (w) => w.replace(/\(see dataGaps\)/g, '(listed under “Data gaps” in Sources and method)');
  fill($('#warnings'), c.warnings.map((w) => h('li', null, words(w))));
}

function renderContributions(c) {
  const box = $('#contributions');
  fill(box, [c.mined, c.recycled].map((r) => {
    const rows = [...r.contributions].sort((a, b) => Math.abs(b.impact) - Math.abs(a.impact));
    const t = h('table');
    const caption = `${sideName(r)} (${r.label}): ${sig(r.total)} kg CO2-eq per kg`;
    table(t, caption,
      [{ label: 'Stage' }, { label: 'Process' }, { label: 'Input or emission' }, { label: 'Amount', num: true }, { label: 'Unit' }, { label: 'kg CO2-eq', num: true }, { label: 'Share', num: true }],
      rows.map((x) => [
        stageLabel(x.stage), processLabel(x.process, r.allocationNodes),
        x.kind === 'emission' ? `${flowLabel(x.item)} (emitted)` : productLabel(x.item),
        sig(x.amount), x.unit, sig(x.impact),
        r.total ? pct((x.impact / r.total) * 100, 2) : '–',
      ]));
    return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption }, t);
  }));
}

/** Data gaps, each with the parameter that holds its value and a link to it. */
function renderGaps(c, params) {
  const gaps = [
    ...c.mined.dataGaps.map((g) => ['Mined', g]),
    ...c.recycled.dataGaps.map((g) => ['Recycled', g]),
  ];
  const item = ([k, g]) => {
    const m = /^(.*?) \(([A-Za-z0-9_]+) = ([^)]*)\): (.*)$/.exec(g);
    if (!m || !params.has(m[2])) return h('li', null, h('strong', null, `${k}: `), g);
    return h('li', null, h('strong', null, `${k}: `), `${m[1]}, now ${m[3]}: ${m[4]} `,
      h('a', { href: `#p-${m[2]}` }, `Set ${m[1].replace(/^./, (x) => x.toLowerCase())}`));
  };
  fill($('#data-gaps'), gaps.length ? gaps.map(item) : h('li', null, 'None for this scenario.'));
}
