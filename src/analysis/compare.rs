//! Route results and the comparison of a recycled with a mined route.

use serde::Serialize;

use crate::dataset::{self, Origin, Status, EXCHANGES, FLOWS, PARAMETERS};
use crate::engine::lca::Contribution;
use crate::engine::{solve, ProductSystem, Solution};
use crate::error::{Error, Result};
use crate::model::derived::Vars;
use crate::model::scenario::{resolve, Allocation, Resolved, Scenario};
use crate::routes::allocation::AllocationUsed;
use crate::routes::{default_displaced_supply, plan, Plan, Rules, Value};

use super::claim::{claim_check, ClaimCheck};

/// Impact of one life-cycle stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageImpact {
    pub stage: String,
    /// kg CO2-eq per kg of functional unit.
    pub impact: f64,
}

/// Inventory and impact of one elementary flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowImpact {
    pub flow: String,
    pub name: String,
    pub unit: String,
    pub amount: f64,
    pub impact: f64,
}

/// One row of the tidy table: route × stage × flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageFlow {
    pub stage: String,
    pub flow: String,
    pub amount: f64,
    pub unit: String,
    pub impact: f64,
}

/// A solved route.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteResult {
    pub route: String,
    pub label: String,
    /// `mined` or `recycled`.
    pub kind: String,
    /// kg CO2-eq per kg of the functional unit (fossil + biogenic emissions).
    pub total: f64,
    /// Fossil part of `total` (and pre-characterised background CO2-eq).
    pub fossil: f64,
    /// Biogenic CO2 emissions, reported apart (ISO 14067).
    pub biogenic: f64,
    pub by_stage: Vec<StageImpact>,
    pub by_flow: Vec<FlowImpact>,
    pub stage_flows: Vec<StageFlow>,
    pub contributions: Vec<Contribution>,
    pub allocations: Vec<AllocationUsed>,
    /// Parameters without a sourced value that enter this route at 0 (excluded burdens).
    pub data_gaps: Vec<String>,
    pub note: String,
    /// Condition estimate of the technosphere matrix.
    pub condition: f64,
}

/// The answer to "how much lower is recycled than mined, and does the claim hold?".
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub engine_version: String,
    pub dataset_version: String,
    pub preset: String,
    /// Functional unit, e.g. "1 kg Dy2O3 at the plant gate".
    pub functional_unit: String,
    pub oxide: String,
    pub gwp: String,
    pub allocation: Allocation,
    pub recycling_rule: String,
    pub price_set: String,
    /// Baseline route id and label.
    pub baseline: String,
    pub baseline_label: String,
    pub site: String,
    pub site_label: String,
    /// The recycling site's grid: parameter id, value, unit.
    pub grid: GridUsed,
    pub mined: RouteResult,
    pub recycled: RouteResult,
    /// `(mined − recycled) / mined × 100`; `None` when the mined total is not positive.
    pub reduction_percent: Option<f64>,
    pub claim: ClaimCheck,
    /// Parameters changed from the preset.
    pub overridden: Vec<String>,
    pub warnings: Vec<String>,
}

/// Grid figure a comparison rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GridUsed {
    pub parameter: String,
    pub value: f64,
    pub unit: String,
}

/// A route's plan plus the rules that made it (reused for re-evaluation).
#[derive(Debug, Clone)]
pub struct RoutePlan {
    pub plan: Plan,
    pub route: &'static dataset::RouteDef,
}

/// Plans both routes of a resolved scenario: `(mined, recycled)`.
pub fn plan_routes(r: &Resolved) -> Result<(RoutePlan, RoutePlan)> {
    let vars = r.vars();
    let rules = Rules {
        allocation: r.allocation,
        recycling_rule: r.recycling_rule,
        gwp: r.gwp,
        custom: None,
        displaced_supply: default_displaced_supply,
    };
    let mined = plan(r.baseline, r.oxide, &rules, &vars)
        .map_err(|e| rename_oxide_error(e, r.baseline.id))?;
    let rec_rules = Rules {
        custom: r.inventory.as_ref(),
        ..rules
    };
    let recycled = plan(r.recycled, r.oxide, &rec_rules, &vars)
        .map_err(|e| rename_oxide_error(e, r.recycled.id))?;
    Ok((
        RoutePlan {
            plan: mined,
            route: r.baseline,
        },
        RoutePlan {
            plan: recycled,
            route: r.recycled,
        },
    ))
}

fn rename_oxide_error(e: Error, route: &str) -> Error {
    match e {
        Error::Unavailable { field, reason } if field == "oxide" => Error::Unavailable {
            field,
            reason: format!(
                "{reason}; route {route} offers {}",
                dataset::route(route)
                    .map(|r| r.oxides.join(", "))
                    .unwrap_or_default()
            ),
        },
        other => other,
    }
}

/// Evaluates and solves one planned route.
pub fn solve_route(
    rp: &RoutePlan,
    vars: &Vars,
) -> Result<(ProductSystem, Solution, Vec<AllocationUsed>)> {
    let built = rp.plan.evaluate(vars)?;
    let sol = solve(&built.system)?;
    Ok((built.system, sol, built.allocations))
}

/// Total impact of a planned route for `vars` (used by searches and Monte Carlo).
///
/// Same result (to rounding) and same errors as solving `rp.plan.evaluate(vars)` with
/// [`solve`], through the values-only path ([`crate::routes::CompiledPlan::total`]). Callers
/// that evaluate one plan many times should compile it once instead.
pub fn route_total(rp: &RoutePlan, vars: &Vars) -> Result<f64> {
    let c = rp.plan.compile();
    let mut ws = c.workspace();
    c.total(vars, &mut ws)
}

fn data_gaps(plan: &Plan, vars: &Vars) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in &plan.entries {
        if let Value::Exchange(i) = e.value {
            for &p in EXCHANGES[i].params_used {
                let def = &PARAMETERS[p];
                if def.status == Status::Gap && vars.p[p] == 0.0 {
                    let s = format!("{} ({} = 0): {}", def.label, def.id, def.note);
                    if !out.contains(&s) {
                        out.push(s);
                    }
                }
            }
        }
    }
    out
}

/// Builds the full result of one route.
pub fn route_result(rp: &RoutePlan, vars: &Vars) -> Result<RouteResult> {
    let (sys, sol, allocations) = solve_route(rp, vars)?;
    let mut by_stage: Vec<StageImpact> = Vec::new();
    let stage_flows_raw = sol.stage_flows(&sys);
    for (stage, _, _, impact) in &stage_flows_raw {
        match by_stage.iter_mut().find(|s| &s.stage == stage) {
            Some(s) => s.impact += impact,
            None => by_stage.push(StageImpact {
                stage: stage.clone(),
                impact: *impact,
            }),
        }
    }
    let biogenic: f64 = FLOWS
        .iter()
        .zip(&sol.impact_by_flow)
        .filter(|(f, _)| f.origin == Origin::Biogenic)
        .map(|(_, i)| i)
        .sum();
    let by_flow = FLOWS
        .iter()
        .enumerate()
        .filter(|(k, _)| sol.inventory[*k] != 0.0)
        .map(|(k, f)| FlowImpact {
            flow: f.id.into(),
            name: f.name.into(),
            unit: f.unit.into(),
            amount: sol.inventory[k],
            impact: sol.impact_by_flow[k],
        })
        .collect();
    let stage_flows = stage_flows_raw
        .into_iter()
        .map(|(stage, k, amount, impact)| StageFlow {
            stage,
            flow: FLOWS[k].id.into(),
            amount,
            unit: FLOWS[k].unit.into(),
            impact,
        })
        .collect();
    let route = rp.route;
    let (label, note) = match &rp.plan.custom {
        Some(inv) => (
            inv.name
                .clone()
                .unwrap_or_else(|| "Custom inventory".to_string()),
            "User-supplied inventory replacing the recycled route.".to_string(),
        ),
        None => (route.label.to_string(), route.note.to_string()),
    };
    Ok(RouteResult {
        route: if rp.plan.custom.is_some() {
            "custom".into()
        } else {
            route.id.into()
        },
        label,
        kind: match route.kind {
            dataset::RouteKind::Mined => "mined".into(),
            dataset::RouteKind::Recycled => "recycled".into(),
        },
        total: sol.impact,
        fossil: sol.impact - biogenic,
        biogenic,
        by_stage,
        by_flow,
        stage_flows,
        contributions: sol.contributions(&sys),
        allocations,
        data_gaps: data_gaps(&rp.plan, vars),
        note,
        condition: sol.condition,
    })
}

/// `(mined − recycled) / mined × 100`, or `None` if `mined ≤ 0`.
///
/// ```
/// assert_eq!(reo_lca::analysis::compare::reduction_percent(10.0, 3.9), Some(61.0));
/// ```
pub fn reduction_percent(mined: f64, recycled: f64) -> Option<f64> {
    if mined > 0.0 && mined.is_finite() && recycled.is_finite() {
        let r = (mined - recycled) / mined * 100.0;
        Some((r * 1e9).round() / 1e9)
    } else {
        None
    }
}

/// Compares the routes of a scenario: both totals, the reduction, the claim check and
/// break-even values.
pub fn compare(s: &Scenario) -> Result<Comparison> {
    let r = resolve(s)?;
    compare_resolved(&r)
}

/// As [`compare`], for an already validated scenario.
pub fn compare_resolved(r: &Resolved) -> Result<Comparison> {
    let vars = r.vars();
    let (mp, rp) = plan_routes(r)?;
    let mined = route_result(&mp, &vars)?;
    let recycled = route_result(&rp, &vars)?;
    let reduction = reduction_percent(mined.total, recycled.total);
    let claim = claim_check(r, &mp, &rp, reduction)?;
    let grid_def = &PARAMETERS[r.site.grid_param];
    let mut warnings = Vec::new();
    let rules_m: Vec<_> = mined.allocations.iter().map(|a| a.rule).collect();
    let rules_r: Vec<_> = recycled.allocations.iter().map(|a| a.rule).collect();
    for a in mined.allocations.iter().chain(&recycled.allocations) {
        if let Some(n) = &a.note {
            warnings.push(format!("{}: {n}", a.process));
        }
    }
    if r.baseline.id == "ion-clay" && rules_r.iter().any(|x| *x != Allocation::Mass) {
        warnings.push(
            "The ion-clay baseline gives every oxide the same burden per kg (no oxide distribution in the dataset), while the recycled route applies the chosen allocation: choose mass allocation to compare like with like."
                .into(),
        );
    }
    let _ = rules_m;
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
                r.kind,
                crate::format_sig(stages, 6),
                crate::format_sig(r.total, 6)
            ));
        }
    }
    if mined.condition > CONDITION_WARNING || recycled.condition > CONDITION_WARNING {
        warnings.push(format!(
            "The technosphere matrix is poorly conditioned (condition number ≈ {:.1e}): the last digits of the results are uncertain.",
            mined.condition.max(recycled.condition)
        ));
    }
    let c = Comparison {
        engine_version: crate::ENGINE_VERSION.into(),
        dataset_version: dataset::DATASET_VERSION.into(),
        preset: r.preset.id.into(),
        functional_unit: format!("1 kg {} at the plant gate", r.oxide),
        oxide: r.oxide.into(),
        gwp: r.gwp.as_str().into(),
        allocation: r.allocation,
        recycling_rule: r.recycling_rule.as_str().into(),
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
