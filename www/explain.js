// Plain-language explanations of a result: why each total is what it is (its largest stage and
// input), what the chosen allocation and recycling rule mean, and which other choice would flip
// the verdict or the sign of the reduction.
import { sig, pct, nice, oxideShort } from './ui.js';
import { stageLabel, processLabel, productLabel, flowLabel, allocationLabel, priceSetLabel } from './names.js';

const largest = (xs, f) => xs.reduce((best, x) => (best == null || Math.abs(f(x)) > Math.abs(f(best)) ? x : best), null);

/** "Largest stage: Separation, 12.6 of 20.6 (61 %); largest input: Hydrochloric acid, 4.30." */
export function whyTotal(route) {
  if (!route.total) return 'Nothing in this route carries a burden with the values chosen.';
  const stage = largest(route.byStage, (s) => s.impact);
  const item = largest(route.contributions, (x) => x.impact);
  const share = (x) => pct((100 * x) / route.total, 2);
  const parts = [];
  if (stage) parts.push(`Largest stage ${stageLabel(stage.stage).toLowerCase()}, ${sig(stage.impact)} (${share(stage.impact)})`);
  if (item) {
    const what = item.kind === 'emission'
      ? `direct ${flowLabel(item.item).replace(/^./, (c) => c.toLowerCase())} from ${processLabel(item.process, route.allocationNodes)}`
      : `${productLabel(item.item)} for ${processLabel(item.process, route.allocationNodes).replace(/^./, (c) => c.toLowerCase())}`;
    parts.push(`largest single item ${what}, ${sig(item.impact)} (${share(item.impact)})`);
  }
  const credit = route.byStage.find((s) => s.stage === 'credit');
  if (credit && credit.impact < 0) parts.push(`substitution credits ${sig(credit.impact)}`);
  return `${parts.join('; ')}.`;
}

/** What the chosen allocation and recycling rule mean, in words. */
export function choiceNotes(c) {
  const ox = oxideShort(c.oxide);
  const notes = [];
  switch (c.allocation) {
    case 'mass':
      notes.push(`Mass allocation: where one process yields several products (the oxides of one separation, iron ore and concentrate), ` +
        `each kilogram carries the same burden, so ${ox} carries as much per kg as the cheapest co-product.`);
      break;
    case 'economic':
      notes.push(`Economic allocation: each co-product carries the burden in proportion to its value (mass × price, ${priceSetLabel(c.priceSet)}), ` +
        `so a scarce, valuable oxide carries more per kg than a plentiful, cheap one. Prices move, and so does this result.`);
      break;
    case 'model':
      notes.push('The published model’s factors: the split each source study used where it gives one; elsewhere the next rule ' +
        '(economic, then mass) applies, and the allocation table below says where.');
      break;
    default:
      break;
  }
  if (c.recyclingRule === 'substitution') {
    notes.push('Substitution: the recycling plant’s co-products are credited with the primary production they displace ' +
      '(negative “substitution credits”), so the result depends on what they are assumed to replace.');
  } else {
    notes.push('Cut-off: the scrap magnets arrive free of the burden of their first life; collection, transport and processing count, ' +
      'and the plant’s co-products share its burden by the allocation rule.');
  }
  return notes;
}

const reductionText = (p) => (p == null ? 'no reduction defined' : p >= 0 ? `${pct(p)} lower` : `${pct(-p)} higher`);

/**
 * Sentences for every other allocation rule (from the comparison) and the other recycling
 * rule (`other`, a comparison under it, or null) that flips the verdict or the sign.
 */
export function flipSentences(c, other) {
  const out = [];
  const holds = c.claim.holds;
  const sign = Math.sign(c.reductionPercent ?? 0);
  const say = (what, p, h) => {
    const verdict = h !== holds ? (h ? 'the claim would hold' : 'the claim would not hold') : null;
    const flipped = p != null && Math.sign(p) !== sign && sign !== 0 ? (p < 0 ? 'recycled would be higher than mined' : 'recycled would be lower than mined') : null;
    if (!verdict && !flipped) return;
    const detail = p == null ? 'no reduction is defined' : `recycled ${reductionText(p)} than mined`;
    out.push(`Under ${what}, ${[verdict, flipped].filter(Boolean).join(' and ')}: ${detail}.`);
  };
  for (const a of c.claim.byAllocation) {
    if (a.allocation !== c.allocation) say(`${allocationLabel(a.allocation)} allocation`, a.reductionPercent, a.holds);
  }
  if (other) say(`the ${other.recyclingRule} rule`, other.reductionPercent, other.claim.holds);
  if (!out.length) {
    out.push(`No other allocation rule${other ? ' or recycling rule' : ''} changes the verdict on the ${nice(c.claim.statedPercent)} % claim.`);
  }
  return out;
}
