// `reo-lca/widget`: the <reo-lca-compare> custom element (defined on import, in browsers).
import type { Comparison, Scenario } from './reo_lca.js';

/** What each `reo-lca-update` event carries: the result shown, or the message shown instead. */
export interface ReoLcaUpdateDetail {
    /** The comparison shown, or `null` after an error. */
    comparison: Comparison | null;
    /** The link to the full calculator with this scenario, or `null` after an error. */
    link: string | null;
    /** The message shown for a bad attribute or a failed load, or `null`. */
    error: string | null;
}

/**
 * `<reo-lca-compare preset="ionic-missouri" oxide="Dy2O3" baseline="…" recycled="…" site="…"
 * allocation="…" recycling-rule="…" gwp="…" price-set="…" claim-percent="…"
 * calculator-url="https://…/" heading-level="2">`: both totals, the reduction, the verdict and a
 * link to the full calculator with the same scenario. Fires `reo-lca-update` after every update.
 */
export declare class ReoLcaCompare extends HTMLElement {
    static readonly observedAttributes: readonly string[];
    /** The last comparison shown (`null` while loading or after an error). */
    readonly comparison: Comparison | null;
    /** The message shown for a bad attribute or a failed load (`null` when a result is shown). */
    readonly error: string | null;
    /** The link to the full calculator with this scenario (`null` when none is shown). */
    readonly calculatorLink: string | null;
    /** Settles when the update under way (after the last attribute change) has been shown. */
    readonly updated: Promise<void>;
    /** The scenario the attributes describe. */
    readonly scenario: Partial<Scenario>;
    connectedCallback(): void;
    attributeChangedCallback(name: string, before: string | null, after: string | null): void;
}

declare global {
    interface HTMLElementTagNameMap {
        "reo-lca-compare": ReoLcaCompare;
    }
    interface HTMLElementEventMap {
        "reo-lca-update": CustomEvent<ReoLcaUpdateDetail>;
    }
}
