//! The comparison of a recycled with a mined route: both totals, the reduction, the claim
//! check with break-even values, and the warnings the result needs.

use serde::Serialize;

use crate::dataset::{self, PARAMETERS};
use crate::error::{Error, Result};
use crate::model::choices::{Allocation, GwpSet, RecyclingRule};
use crate::model::resolve::{resolve, Resolved};
use crate::model::scenario::Scenario;
use crate::routes::plan::CREDIT_STAGE;
use crate::routes::{plan, plan_routes, RoutePlan, Rules};
use crate::text::format_sig;
use crate::version::ENGINE_VERSION;

use super::claim::{claim_check, ClaimCheck};
use super::route_result::{route_result, RouteResult};
use super::verdict::reduction_percent;

/// The answer to "how much lower is recycled than mined, and does the claim hold?".
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub engine_version: String,
    pub dataset_version: String,
    pub preset: String,
    /// Functional unit, e.g. "1 kg Dy2O3 at the plant gate".
    pub functional_unit: String,
    /// Functional-unit oxide id.
    #[tsify(type = "FunctionalUnit")]
    pub oxide: String,
    pub gwp: GwpSet,
    pub allocation: Allocation,
    pub recycling_rule: RecyclingRule,
    /// Price set id used for economic allocation.
    pub price_set: String,
    /// Baseline route id and label.
    pub baseline: String,
    pub baseline_label: String,
    /// Recycling site id and label.
    pub site: String,
    pub site_label: String,
    /// The recycling site's grid: parameter id, value, unit.
    pub grid: GridUsed,
    pub mined: RouteResult,
    pub recycled: RouteResult,
    /// `(mined − recycled) / mined × 100`, %; `null` when the mined total is not positive.
    pub reduction_percent: Option<f64>,
    pub claim: ClaimCheck,
    /// Parameters changed from the preset.
    pub overridden: Vec<String>,
    /// Plain-language warnings about what the result rests on.
    pub warnings: Vec<String>,
}

/// Grid figure a comparison rests on.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct GridUsed {
    /// Parameter id of the site's grid intensity.
    pub parameter: String,
    /// Its value in `unit` (kg CO2-eq/kWh).
    pub value: f64,
    pub unit: String,
}

/// Compares the routes of a scenario: both totals, the reduction, the claim check and
/// break-even values.
pub fn compare(s: &Scenario) -> Result<Comparison> {
    let r = resolve(s)?;
    compare_resolved(&r)
}

/// As [`compare`], for an already validated scenario.
pub fn compare_resolved(r: &Resolved) -> Result<Comparison> {
    let (mp, rp) = plan_routes(r)?;
    compare_planned(r, &mp, &rp)
}

/// As [`compare`], for a validated scenario whose routes are planned (see
/// [`crate::calculator::Calculator`], which plans once for several results).
pub fn compare_planned(r: &Resolved, mp: &RoutePlan, rp: &RoutePlan) -> Result<Comparison> {
    let vars = r.vars();
    let mined = route_result(mp, &vars)?;
    let recycled = route_result(rp, &vars)?;
    let reduction = reduction_percent(mined.total, recycled.total);
    let claim = claim_check(r, mp, rp, reduction)?;
    let grid_def = &PARAMETERS[r.site.grid_param];
    let mut warnings = Vec::new();
    for a in mined.allocations.iter().chain(&recycled.allocations) {
        if let Some(n) = &a.note {
            warnings.push(format!("{}: {n}", a.process));
        }
    }
    if let Some(why) = substitution_explained(r, &recycled, &vars)? {
        warnings.push(why);
    }
    if !mined.data_gaps.is_empty() || !recycled.data_gaps.is_empty() {
        warnings.push(format!(
            "{} burden(s) without a sourced factor are excluded (see dataGaps).",
            mined.data_gaps.len() + recycled.data_gaps.len()
        ));
    }
    if reduction.is_none() {
        warnings.push("The mined total is not positive: no reduction can be computed.".into());
    }
    warnings.push(
        "GWP100 only: radioactivity, tailings and wastewater, where mined routes differ most, are outside this calculator."
            .into(),
    );
    for r in [&mined, &recycled] {
        // The stage breakdown uses the adjoint solve; in a badly scaled custom system its
        // rounding can differ from the total's. Say so rather than show stages that do not add up.
        let stages: f64 = r.by_stage.iter().map(|s| s.impact).sum();
        let scale = r.total.abs() + r.by_stage.iter().map(|s| s.impact.abs()).sum::<f64>();
        if (stages - r.total).abs() > STAGE_SUM_TOLERANCE * scale {
            warnings.push(format!(
                "The {} route's stages add up to {} kg CO2-eq/kg but its total is {}: the system mixes very large and very small numbers, so the breakdown by stage is approximate.",
                r.kind.as_str(),
                format_sig(stages, 6),
                format_sig(r.total, 6)
            ));
        }
    }
    if mined.condition > CONDITION_WARNING || recycled.condition > CONDITION_WARNING {
        warnings.push(format!(
            "The technosphere matrix is poorly conditioned (condition number ≈ {}): the last digits of the results are uncertain.",
            crate::number::exp_fixed(mined.condition.max(recycled.condition), 1)
        ));
    }
    let c = Comparison {
        engine_version: ENGINE_VERSION.into(),
        dataset_version: dataset::DATASET_VERSION.into(),
        preset: r.preset.id.into(),
        functional_unit: r.functional_unit(),
        oxide: r.oxide.into(),
        gwp: r.gwp,
        allocation: r.allocation,
        recycling_rule: r.recycling_rule,
        price_set: r.price_set.into(),
        baseline: r.baseline.id.into(),
        baseline_label: r.baseline.label.into(),
        site: r.site.id.into(),
        site_label: r.site.label.into(),
        grid: GridUsed {
            parameter: grid_def.id.into(),
            value: r.params[r.site.grid_param],
            unit: grid_def.unit.into(),
        },
        mined,
        recycled,
        reduction_percent: reduction,
        claim,
        overridden: r.overridden.iter().map(|s| s.to_string()).collect(),
        warnings,
    };
    ensure_finite(&c)?;
    Ok(c)
}

/// Why substitution gives the recycled route a higher figure than cut-off, when it does: under
/// substitution the whole route is charged to the functional-unit oxide, minus credits for
/// the co-product oxides at the burden of the primary production they displace; under
/// cut-off the co-products share the burden by the allocation rule.
fn substitution_explained(
    r: &Resolved,
    recycled: &RouteResult,
    vars: &crate::dataset::Vars,
) -> Result<Option<String>> {
    if r.recycling_rule != RecyclingRule::Substitution || r.inventory.is_some() {
        return Ok(None);
    }
    let cut_off = Rules {
        allocation: r.allocation,
        allocation_at: &r.allocation_at,
        recycling_rule: RecyclingRule::CutOff,
        gwp: r.gwp,
        custom: None,
    };
    let Ok(c) = plan(r.recycled, r.oxide, &cut_off, vars) else {
        return Ok(None);
    };
    let c = c.compile();
    let mut ws = c.workspace();
    let Ok(allocated) = c.total(vars, &mut ws) else {
        return Ok(None);
    };
    if recycled.total <= allocated {
        return Ok(None);
    }
    let credits: f64 = recycled
        .by_stage
        .iter()
        .filter(|s| s.stage == CREDIT_STAGE)
        .map(|s| s.impact)
        .sum();
    let fu = r.fu_label();
    Ok(Some(format!(
        "Substitution raises the recycled figure from {} (cut-off, {} allocation) to {} kg CO2-eq/kg: the whole recycled route ({} kg CO2-eq per kg of {fu} before credits) is charged to the {fu}, and its co-product oxides are credited only with the primary production they displace ({} kg CO2-eq/kg), which carries less burden per kg than the share of the route they would take under allocation.",
        format_sig(allocated, 4),
        r.allocation.as_str(),
        format_sig(recycled.total, 4),
        format_sig(recycled.total - credits, 4),
        format_sig(credits, 4),
    )))
}

/// Above this condition estimate a comparison carries a warning (systems above
/// [`crate::engine::lca::MAX_CONDITION`] are rejected).
pub const CONDITION_WARNING: f64 = 1e6;

/// Relative difference (to `|total| + Σ|stage|`) above which the stages of a route are said
/// not to add up to its total (the built-in presets agree to about 1e-16).
pub const STAGE_SUM_TOLERANCE: f64 = 1e-9;

/// Checks that every number of a comparison is finite; names the first one that is not.
pub fn ensure_finite(c: &Comparison) -> Result<()> {
    let bad = |field: String| Err(Error::NonFiniteResult { field });
    for (side, r) in [("mined", &c.mined), ("recycled", &c.recycled)] {
        for (name, v) in [
            ("total", r.total),
            ("fossil", r.fossil),
            ("biogenic", r.biogenic),
        ] {
            if !v.is_finite() {
                return bad(format!("{side}.{name}"));
            }
        }
        if let Some(i) = r.by_stage.iter().position(|s| !s.impact.is_finite()) {
            return bad(format!("{side}.byStage[{i}]"));
        }
        if let Some(i) = r
            .by_flow
            .iter()
            .position(|f| !(f.amount.is_finite() && f.impact.is_finite()))
        {
            return bad(format!("{side}.byFlow[{i}]"));
        }
        if let Some(i) = r
            .contributions
            .iter()
            .position(|x| !(x.amount.is_finite() && x.impact.is_finite()))
        {
            return bad(format!("{side}.contributions[{i}]"));
        }
        if let Some(i) = r
            .stage_flows
            .iter()
            .position(|x| !(x.amount.is_finite() && x.impact.is_finite()))
        {
            return bad(format!("{side}.stageFlows[{i}]"));
        }
    }
    if c.reduction_percent.is_some_and(|x| !x.is_finite()) {
        return bad("reductionPercent".into());
    }
    if let Some(i) = c
        .claim
        .break_evens
        .iter()
        .position(|b| b.value.is_some_and(|v| !v.is_finite()))
    {
        return bad(format!("claim.breakEvens[{i}]"));
    }
    if let Some(i) = c.claim.by_allocation.iter().position(|a| {
        !(a.mined.is_finite() && a.recycled.is_finite())
            || a.reduction_percent.is_some_and(|x| !x.is_finite())
    }) {
        return bad(format!("claim.byAllocation[{i}]"));
    }
    Ok(())
}
