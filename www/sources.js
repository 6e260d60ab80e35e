// The sources and method section: factors in use, inventory data in use, citations.
import { $, h, fill, nice, table, statusTag } from './ui.js';

export const srcId = (key) => `src-${key}`;

// Sources are cited by their number in the list at the foot of the page, as in a paper.
const NUMBER = new Map();
const CITATION = new Map();

export function sourceLinks(keys) {
  return keys.flatMap((k, i) => [i ? ' ' : null, h('a', {
    href: `#${srcId(k)}`, class: 'src',
    'aria-label': `source ${NUMBER.get(k) ?? ''}: ${(CITATION.get(k) ?? k).slice(0, 90)}`,
    title: CITATION.get(k) ?? k,
  }, `[${NUMBER.get(k) ?? k}]`)]);
}

/** Lists every source once; entries are the targets of the parameter links. Call first. */
export function renderSources(sources) {
  sources.forEach((s, i) => {
    NUMBER.set(s.key, i + 1);
    CITATION.set(s.key, s.citation);
  });
  fill($('#sources'), sources.map((s) => h('li', { id: srcId(s.key), tabindex: '-1' },
    s.citation, ' ',
    s.url ? h('a', { href: s.url, rel: 'noopener noreferrer external' }, s.url) : null,
    s.licence ? h('span', { class: 'hint' }, ` Licence: ${s.licence}.`) : null,
  )));
}

const USED_BY = { mined: 'mined route', recycled: 'recycled route', both: 'both routes' };

/** Factors and data rows the current result rests on (from inUse), or all parameters. */
export function renderInUse(inUse, params) {
  const rows = inUse
    ? inUse.parameters
    : Array.from(params.values()).map((p) => ({ ...p, value: p.default, usedBy: '?' }));
  table($('#factors-table'), inUse ? `${rows.length} parameters enter this result` : 'All parameters (this build cannot list those in use)',
    [{ label: 'Parameter', rowHeader: true }, { label: 'Value', num: true }, { label: 'Unit' }, { label: 'Default', num: true }, { label: 'Status' }, { label: 'Year' }, { label: 'Used by' }, { label: 'Sources' }, { label: 'Note' }],
    rows.map((p) => [
      p.label,
      h('span', { class: p.value !== p.default ? 'changed' : null }, nice(p.value)),
      p.unit, nice(p.default), statusTag(p.status), p.year ?? '–', USED_BY[p.usedBy] ?? p.usedBy, sourceLinks(p.sources), p.note,
    ]));
  const data = inUse?.data ?? [];
  table($('#data-table'), 'Inventory rows (not parameters) taken from each source',
    [{ label: 'Source' }, { label: 'Rows', num: true }, { label: 'Status' }],
    data.length ? data.map((d) => [sourceLinks([d.source]), String(d.exchanges), d.statuses.flatMap((s, i) => [i ? ' ' : null, statusTag(s)])])
      : [['–', '–', inUse ? 'none' : 'this build cannot list them']]);
  const keys = new Set();
  for (const p of rows) for (const k of p.sources ?? []) keys.add(k);
  for (const d of data) keys.add(d.source);
  for (const li of document.querySelectorAll('#sources > li')) {
    li.classList.toggle('in-use', keys.has(li.id.slice(4)));
  }
}
