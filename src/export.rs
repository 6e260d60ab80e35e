//! Transparency exports: the solved system as labelled matrices (format `reo-lca-matrices/1`)
//! and tidy CSV of results.
//!
//! ## Matrix format `reo-lca-matrices/1`
//! A JSON object with `format`, `engineVersion`, `datasetVersion`, `route`, `functionalUnit`,
//! `gwp`, `allocation`; row/column labels `products` (rows of A), `processes` (columns of A and
//! B) and `flows` (rows of B); `technosphere` and `biosphere` as `[{row, col, value}]` triplets
//! (0-based; duplicates add up); `characterisation` as one factor per flow (kg CO2-eq per unit);
//! `demand` (one entry per product); and the engine's `scaling`, `inventory` and `score`.
//! Any matrix-LCA tool recomputes the score as `cᵀ·B·A⁻¹·f`.

use serde::Serialize;

use crate::analysis::compare::Comparison;
use crate::dataset::{Side, DATASET_VERSION};
use crate::engine::{solve, FlowLabel, ProcessLabel, ProductLabel, Triplet};
use crate::error::Result;
use crate::model::resolve::{resolve, Resolved};
use crate::model::scenario::Scenario;
use crate::routes::{plan_routes, RoutePlan};
use crate::version::ENGINE_VERSION;

/// The labelled matrices of one solved route.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixExport {
    pub format: String,
    pub engine_version: String,
    pub dataset_version: String,
    pub route: String,
    pub functional_unit: String,
    pub gwp: String,
    pub allocation: String,
    pub products: Vec<ProductLabel>,
    pub processes: Vec<ProcessLabel>,
    pub flows: Vec<FlowLabel>,
    pub technosphere: Vec<Triplet>,
    pub biosphere: Vec<Triplet>,
    pub characterisation: Vec<f64>,
    pub demand: Vec<f64>,
    pub scaling: Vec<f64>,
    pub inventory: Vec<f64>,
    /// kg CO2-eq per functional unit.
    pub score: f64,
}

/// Exports one side of a scenario as labelled matrices.
pub fn export_matrices(s: &Scenario, side: Side) -> Result<MatrixExport> {
    let r = resolve(s)?;
    let (mp, rp) = plan_routes(&r)?;
    matrices(
        &r,
        match side {
            Side::Mined => &mp,
            Side::Recycled => &rp,
        },
    )
}

/// The labelled matrices of one planned route of a validated scenario.
pub fn matrices(r: &Resolved, p: &RoutePlan) -> Result<MatrixExport> {
    let built = p.compiled.labelled(&r.vars())?;
    let sol = solve(&built.system)?;
    let sys = built.system;
    Ok(MatrixExport {
        format: "reo-lca-matrices/1".into(),
        engine_version: ENGINE_VERSION.into(),
        dataset_version: DATASET_VERSION.into(),
        route: p.route.id.into(),
        functional_unit: r.functional_unit(),
        gwp: r.gwp.as_str().into(),
        allocation: r.allocation.as_str().into(),
        products: sys.products,
        processes: sys.processes,
        flows: sys.flows,
        technosphere: sys.technosphere,
        biosphere: sys.biosphere,
        characterisation: sys.characterisation,
        demand: sys.demand,
        scaling: sol.scaling,
        inventory: sol.inventory,
        score: sol.impact,
    })
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Tidy CSV of a comparison: one row per route × stage × elementary flow, with the amount per
/// functional unit and its GWP100 impact.
pub fn results_csv(c: &Comparison) -> String {
    let mut out = String::from(
        "preset,oxide,route,kind,stage,flow,amount,unit,impact_kg_co2e,allocation,gwp,engine_version,dataset_version\n",
    );
    for r in [&c.mined, &c.recycled] {
        for sf in &r.stage_flows {
            let row = [
                csv_field(&c.preset),
                csv_field(&c.oxide),
                csv_field(&r.route),
                csv_field(r.kind.as_str()),
                csv_field(&sf.stage),
                csv_field(&sf.flow),
                crate::number::display(sf.amount),
                csv_field(&sf.unit),
                crate::number::display(sf.impact),
                csv_field(c.allocation.as_str()),
                csv_field(c.gwp.as_str()),
                csv_field(&c.engine_version),
                csv_field(&c.dataset_version),
            ];
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}
