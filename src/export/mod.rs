//! Transparency exports: the solved system as a self-describing matrix document (format
//! `reo-lca-matrices/2`), the same system as a Brightway datapackage, and tidy CSV of results.
//!
//! ## Matrix format `reo-lca-matrices/2`
//! One JSON document, the same from the command line (`reo-lca export`), from
//! `exportMatrices(scenario, side)` and from `Calculator.matrices(side)` ([`document`] has
//! the types; `schema/reo-lca-matrices-2.schema.json` the JSON Schema):
//! * `format`, `conventions` (sign convention of A and B, duplicates summed, units, how the
//!   cells' uncertainty is mapped, the stats_arrays ids), `engineVersion`, `datasetVersion`;
//! * the scenario that produced it (`scenario`, as given, and `shareLink`), `side`, `route`,
//!   `functionalUnit`, `gwp`, `allocation`;
//! * row and column labels with ids, names and units (`products`, `processes`, `flows`);
//! * `technosphere` and `biosphere` as `{shape, rows, cols, entries}`, each entry
//!   `{row, col, value, uncertainty}` (0-based; duplicates add up), the uncertainty in
//!   stats_arrays terms with the id of the input that drives it ([`cells`]);
//! * `characterisation` (`{method, unit, factors}`), `demand`, the engine's `scaling`,
//!   `inventory` and `score` (`{value, unit, per}`), and the uncertain `inputs`.
//!
//! Any matrix-LCA tool recomputes the score as `cᵀ·B·A⁻¹·f`; [`datapackage`] writes the same
//! matrices and distributions as a bw_processing datapackage for bw2calc.

mod cells;
pub mod csv;
pub mod datapackage;
pub mod document;
mod jsonw;
pub mod npy;
pub mod zip;

pub use csv::results_csv;
pub use document::{
    Cell, CellUncertainty, Characterisation, Conventions, Mapping, Matrix, MatrixExport, Score,
    FORMAT,
};

use crate::dataset::{Side, DATASET_VERSION};
use crate::engine::solve;
use crate::error::Result;
use crate::model::resolve::{resolve, Resolved};
use crate::model::scenario::Scenario;
use crate::uncertainty::Prepared;
use crate::version::ENGINE_VERSION;

/// Exports one side of a scenario as a `reo-lca-matrices/2` document.
pub fn export_matrices(s: &Scenario, side: Side) -> Result<MatrixExport> {
    matrices(s, &resolve(s)?, side)
}

/// The `reo-lca-matrices/2` document of one side of a validated scenario (`s` as given, `r`
/// its validation).
pub fn matrices(s: &Scenario, r: &Resolved, side: Side) -> Result<MatrixExport> {
    let prep = Prepared::new(r)?;
    let plan = match side {
        Side::Mined => &prep.mined,
        Side::Recycled => &prep.recycled,
    };
    let built = plan.labelled(&r.vars())?;
    let sol = solve(&built.system)?;
    let (uncertainty, inputs) = cells::cell_uncertainty(&prep, side)?;
    let sys = built.system;
    let (mut technosphere, mut biosphere) = (Vec::new(), Vec::new());
    // The system's triplets are the plan entries split by matrix, in entry order.
    let (mut t, mut b) = (sys.technosphere.iter(), sys.biosphere.iter());
    for (e, u) in plan.plan.entries.iter().zip(uncertainty) {
        let (list, next) = if e.biosphere {
            (&mut biosphere, b.next())
        } else {
            (&mut technosphere, t.next())
        };
        if let Some(x) = next {
            list.push(Cell {
                row: x.row,
                col: x.col,
                value: x.value,
                uncertainty: u,
            });
        }
    }
    let (np, nc, nf) = (sys.products.len(), sys.processes.len(), sys.flows.len());
    let functional_unit = r.functional_unit();
    Ok(MatrixExport {
        format: FORMAT,
        conventions: document::conventions(),
        engine_version: ENGINE_VERSION,
        dataset_version: DATASET_VERSION,
        scenario: s.clone(),
        share_link: crate::share::encode(s),
        side,
        route: plan.plan.route.into(),
        functional_unit: functional_unit.clone(),
        gwp: r.gwp.as_str().into(),
        allocation: r.allocation.as_str().into(),
        products: sys.products,
        processes: sys.processes,
        flows: sys.flows,
        technosphere: Matrix {
            shape: (np, nc),
            rows: "products",
            cols: "processes",
            entries: technosphere,
        },
        biosphere: Matrix {
            shape: (nf, nc),
            rows: "flows",
            cols: "processes",
            entries: biosphere,
        },
        characterisation: Characterisation {
            method: format!("IPCC {} GWP100", r.gwp.as_str()),
            unit: "kg CO2-eq per unit of flow",
            factors: sys.characterisation,
        },
        demand: sys.demand,
        scaling: sol.scaling,
        inventory: sol.inventory,
        score: Score {
            value: sol.impact,
            unit: "kg CO2-eq",
            per: functional_unit,
        },
        inputs,
    })
}
