// Type-level test of `reo-lca/widget` (the <reo-lca-compare> element) in a DOM project.
import { ReoLcaCompare } from 'reo-lca/widget';
import type { ReoLcaUpdateDetail } from 'reo-lca/widget';
import type { Comparison } from 'reo-lca';

export async function widgetUsage(): Promise<number> {
  const el = document.createElement('reo-lca-compare');
  const typed: ReoLcaCompare = el;
  el.setAttribute('oxide', 'Dy2O3');
  await el.updated;
  const c: Comparison | null = el.comparison;
  const message: string | null = el.error;
  const link: string | null = el.calculatorLink;
  el.addEventListener('reo-lca-update', (e) => {
    const detail: ReoLcaUpdateDetail = e.detail;
    console.log(detail.comparison?.mined.total, detail.error);
  });
  // @ts-expect-error: the result is read-only
  el.comparison = null;
  // @ts-expect-error: the total is a number
  const wrong: string | undefined = c?.mined.total;
  return (typed instanceof ReoLcaCompare ? 1 : 0) + (c?.recycled.total ?? 0) + (message?.length ?? 0) +
    (link?.length ?? 0) + (wrong?.length ?? 0);
}
