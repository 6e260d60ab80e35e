// Renders a Comparison (the engine's result) into the result and detail sections.
import { $, h, fill, sig, nice, pct, table, oxideShort } from './ui.js';
import { renderStages } from './stage-chart.js';

const ALLOCATION_TEXT = { mass: 'mass', economic: 'economic', model: 'published model’s factors' };

export function renderResult(c, { params, onTryValue }) {
  fill($('#fu'), `Functional unit: ${c.functionalUnit} · ${c.gwp} GWP100 · ${ALLOCATION_TEXT[c.allocation] ?? c.allocation} allocation · ${c.recyclingRule}`);
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
  fill(bio, bioAny.map((r) => `${r.kind === 'mined' ? 'Mined' : 'Recycled'}: ${sig(r.biogenic)} kg biogenic CO2 included in the total (fossil ${sig(r.fossil)}). `));

  renderStages(c, { canvas: $('#stage-chart'), tableEl: $('#stage-table'), summaryEl: $('#chart-summary') });
  renderBreakEvens(c, params, onTryValue);
  renderAllocations(c);
  renderWarnings(c);
  renderContributions(c);
  fill($('#method-fu'), `${c.functionalUnit} (${oxideShort(c.oxide)}), once from the recycled route and once from the mined baseline.`);
  renderGaps(c);
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
          type: 'button', class: 'small', 'aria-label': `Set ${b.label} to its break-even value ${nice(b.value)}`,
          onclick: () => onTryValue(b.parameter, b.value),
        }, 'Try it'));
    } else {
      be = b.note === 'does not enter this comparison' ? 'not used here' : 'none in range';
    }
    return [
      h('span', null, b.label, h('br'), h('code', null, b.parameter)),
      nice(b.current),
      be,
      `${nice(lo)}–${nice(hi)}`,
      b.unit || def?.unit || '',
    ];
  });
  table($('#breakeven-table'), `Break-even values for a ${stated} % reduction`,
    [{ label: 'Driver' }, { label: 'Now', num: true }, { label: 'Break-even', num: true }, { label: 'Range searched' }, { label: 'Unit' }],
    rows);
}

function renderAllocations(c) {
  table($('#allocation-table'), `Totals in kg CO2-eq per kg ${c.oxide} and the claim under each allocation rule`,
    [{ label: 'Allocation', rowHeader: true }, { label: 'Mined', num: true }, { label: 'Recycled', num: true }, { label: 'Reduction', num: true }, { label: 'Claim' }],
    c.claim.byAllocation.map((a) => [
      `${ALLOCATION_TEXT[a.allocation] ?? a.allocation}${a.allocation === c.allocation ? ' (chosen)' : ''}`,
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
      `${r.kind === 'mined' ? 'Mined' : 'Recycled'}, `, h('code', null, a.process), `: ${a.rule} allocation`,
      a.rule !== a.requested ? ` (${a.requested} asked)` : '',
      `, ${sig(a.factor * 100)} % of the burden to this product`,
      a.factors?.length ? ` (${a.factors.map(([p, f]) => `${p} ${sig(f * 100)} %`).join(', ')})` : '',
      a.note ? `. ${a.note}` : '',
    ))));
}

function renderWarnings(c) {
  fill($('#warnings'), c.warnings.map((w) => h('li', null, w)));
}

function renderContributions(c) {
  const box = $('#contributions');
  fill(box, [c.mined, c.recycled].map((r) => {
    const rows = [...r.contributions].sort((a, b) => Math.abs(b.impact) - Math.abs(a.impact));
    const t = h('table');
    table(t, `${r.kind === 'mined' ? 'Mined' : 'Recycled'} (${r.route}): ${sig(r.total)} kg CO2-eq per kg`,
      [{ label: 'Stage' }, { label: 'Process' }, { label: 'Input or emission' }, { label: 'Amount', num: true }, { label: 'Unit' }, { label: 'kg CO2-eq', num: true }, { label: 'Share', num: true }],
      rows.map((x) => [
        x.stage, h('code', null, x.process), `${x.item}${x.kind === 'emission' ? ' (emitted)' : ''}`,
        sig(x.amount), x.unit, sig(x.impact),
        r.total ? pct((x.impact / r.total) * 100, 2) : '–',
      ]));
    return h('div', { class: 'table-wrap' }, t);
  }));
}

function renderGaps(c) {
  const gaps = [
    ...c.mined.dataGaps.map((g) => ['Mined', g]),
    ...c.recycled.dataGaps.map((g) => ['Recycled', g]),
  ];
  fill($('#data-gaps'), gaps.length
    ? gaps.map(([k, g]) => h('li', null, h('strong', null, `${k}: `), g))
    : h('li', null, 'None for this scenario.'));
}
