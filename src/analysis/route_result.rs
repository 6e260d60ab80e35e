//! The full result of one solved route: totals, stages, flows, contributions, allocations and
//! data gaps.

use serde::Serialize;

use crate::dataset::{Side, Status, Vars, EXCHANGES, FLOWS, PARAMETERS};
use crate::engine::{solve, Contribution, Origin};
use crate::error::Result;
use crate::routes::allocation::{AllocationNode, AllocationUsed};
use crate::routes::{route_id, route_label, Built, Plan, RoutePlan, Value};

/// Impact of one life-cycle stage.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct StageImpact {
    /// Life-cycle stage (`credit` for substitution credits).
    pub stage: String,
    /// kg CO2-eq per kg of functional unit.
    pub impact: f64,
}

/// Inventory and impact of one elementary flow.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct FlowImpact {
    /// Elementary flow id.
    pub flow: String,
    pub name: String,
    pub unit: String,
    /// Inventory per kg of functional unit, in `unit`.
    pub amount: f64,
    /// kg CO2-eq per kg of functional unit.
    pub impact: f64,
}

/// One row of the tidy table: route × stage × flow.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct StageFlow {
    pub stage: String,
    /// Elementary flow id.
    pub flow: String,
    /// Amount per kg of functional unit, in `unit`.
    pub amount: f64,
    pub unit: String,
    /// kg CO2-eq per kg of functional unit.
    pub impact: f64,
}

/// A solved route.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct RouteResult {
    /// Route id (`custom` for a custom inventory).
    pub route: String,
    pub label: String,
    pub kind: Side,
    /// kg CO2-eq per kg of the functional unit (fossil + biogenic emissions).
    pub total: f64,
    /// Fossil part of `total` (and pre-characterised background CO2-eq), kg CO2-eq per kg.
    pub fossil: f64,
    /// Biogenic CO2 emissions, reported apart (ISO 14067), kg CO2-eq per kg.
    pub biogenic: f64,
    /// Impact per life-cycle stage; the stages add up to `total`.
    pub by_stage: Vec<StageImpact>,
    /// Inventory and impact per elementary flow.
    pub by_flow: Vec<FlowImpact>,
    /// Route × stage × flow (the tidy table).
    pub stage_flows: Vec<StageFlow>,
    /// Direct emissions and supply-chain inputs of each foreground process.
    pub contributions: Vec<Contribution>,
    /// The allocation applied at each allocated column (one per co-product a column is for).
    pub allocations: Vec<AllocationUsed>,
    /// The multi-output nodes of the route, with their co-products and rules.
    pub allocation_nodes: Vec<AllocationNode>,
    /// Parameters without a sourced value that enter this route at 0 (excluded burdens).
    pub data_gaps: Vec<String>,
    pub note: String,
    /// 1-norm condition estimate of the technosphere matrix (dimensionless).
    pub condition: f64,
}

/// Parameters without a sourced value (status `gap`) that enter the plan at 0.
fn data_gaps(plan: &Plan, vars: &Vars) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in &plan.entries {
        // Outputs with a gap share (an oxide the ore may hold) are not excluded burdens.
        let burden = e.biosphere || e.sign < 0.0;
        if let (Value::Exchange(i), true) = (e.value, burden) {
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
    let Built {
        system: sys,
        allocations,
        nodes,
    } = rp.compiled.labelled(vars)?;
    let sol = solve(&sys)?;
    rp.compiled.check_activities(&sol.scaling)?;
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
    let (label, note) = route_label(rp);
    Ok(RouteResult {
        route: route_id(rp).into(),
        label,
        kind: rp.route.kind,
        total: sol.impact,
        fossil: sol.impact - biogenic,
        biogenic,
        by_stage,
        by_flow,
        stage_flows,
        contributions: sol.contributions(&sys),
        allocations,
        allocation_nodes: nodes,
        data_gaps: data_gaps(rp.plan(), vars),
        note,
        condition: sol.condition,
    })
}
