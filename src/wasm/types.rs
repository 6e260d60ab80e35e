//! The shapes that exist only on the JS side: results that carry typed arrays, the options read
//! from JS, the versions, and the declarations that are not a Rust type (the functional-unit
//! oxides, generated from the data tables; the error interface). Their TypeScript comes from
//! these types like every other boundary type's.

use js_sys::{Float64Array, Uint32Array};
use serde::{Deserialize, Serialize};
use tsify_next::Tsify;
use wasm_bindgen::prelude::*;

use crate::engine::{FlowLabel, ProcessLabel, ProductLabel, Triplet};
use crate::uncertainty::{GlobalSensitivity, MonteCarloSummary};

#[wasm_bindgen(typescript_custom_section)]
const FUNCTIONAL_UNIT_TS: &'static str = crate::dataset::FUNCTIONAL_UNIT_TS;

#[wasm_bindgen(typescript_custom_section)]
const ERROR_TS: &'static str = r#"
/**
 * What this package throws: RangeError (a bad value), TypeError (a bad shape) or Error
 * (anything else, such as a singular system), with the message "<field>: <reason>".
 */
export interface ReoLcaError extends Error {
  /** Path of the field at fault, e.g. "overrides.gridSrmw" or "inventory.processes[0].id". */
  field: string;
}
"#;

/// Engine and dataset versions.
#[derive(Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct Versions {
    /// Engine (package) version, e.g. `0.1.0`.
    pub engine: &'static str,
    /// Dataset version, e.g. `2026.12.1`.
    pub dataset: &'static str,
}

/// A sparse matrix as 0-based triplets; entries at the same position add up.
#[derive(Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct SparseMatrix {
    /// `[rows, columns]`.
    pub shape: (usize, usize),
    /// Row index of each entry.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint32Array")]
    pub rows: Uint32Array,
    /// Column index of each entry.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint32Array")]
    pub cols: Uint32Array,
    /// Value of each entry.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float64Array")]
    pub values: Float64Array,
}

impl SparseMatrix {
    pub fn new(t: &[Triplet], n_rows: usize, n_cols: usize) -> SparseMatrix {
        let rows: Vec<u32> = t.iter().map(|x| x.row as u32).collect();
        let cols: Vec<u32> = t.iter().map(|x| x.col as u32).collect();
        let values: Vec<f64> = t.iter().map(|x| x.value).collect();
        SparseMatrix {
            shape: (n_rows, n_cols),
            rows: Uint32Array::from(&rows[..]),
            cols: Uint32Array::from(&cols[..]),
            values: Float64Array::from(&values[..]),
        }
    }
}

fn f64s(v: &[f64]) -> Float64Array {
    Float64Array::from(v)
}

/// The labelled matrices of one solved route (format `reo-lca-matrices/1`); any matrix-LCA
/// tool recomputes the score as `cᵀ·B·A⁻¹·f`.
#[derive(Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct MatrixExport {
    pub format: String,
    pub engine_version: String,
    pub dataset_version: String,
    /// Route id.
    pub route: String,
    pub functional_unit: String,
    /// GWP set of the characterisation factors.
    pub gwp: String,
    /// Allocation rule asked for.
    pub allocation: String,
    /// Row labels of A.
    pub products: Vec<ProductLabel>,
    /// Column labels of A and B.
    pub processes: Vec<ProcessLabel>,
    /// Row labels of B.
    pub flows: Vec<FlowLabel>,
    /// A: products × processes, outputs positive, inputs negative.
    pub technosphere: SparseMatrix,
    /// B: flows × processes.
    pub biosphere: SparseMatrix,
    /// c: kg CO2-eq per unit of each flow.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float64Array")]
    pub characterisation: Float64Array,
    /// f: final demand per product.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float64Array")]
    pub demand: Float64Array,
    /// s: scaling per process (the solution of A·s = f).
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float64Array")]
    pub scaling: Float64Array,
    /// g = B·s: inventory per flow, per kg of functional unit.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float64Array")]
    pub inventory: Float64Array,
    /// kg CO2-eq per kg of functional unit.
    pub score: f64,
}

impl From<crate::export::MatrixExport> for MatrixExport {
    fn from(m: crate::export::MatrixExport) -> MatrixExport {
        let (np, nc, nf) = (m.products.len(), m.processes.len(), m.flows.len());
        MatrixExport {
            technosphere: SparseMatrix::new(&m.technosphere, np, nc),
            biosphere: SparseMatrix::new(&m.biosphere, nf, nc),
            characterisation: f64s(&m.characterisation),
            demand: f64s(&m.demand),
            scaling: f64s(&m.scaling),
            inventory: f64s(&m.inventory),
            format: m.format,
            engine_version: m.engine_version,
            dataset_version: m.dataset_version,
            route: m.route,
            functional_unit: m.functional_unit,
            gwp: m.gwp,
            allocation: m.allocation,
            products: m.products,
            processes: m.processes,
            flows: m.flows,
            score: m.score,
        }
    }
}

/// One value per iteration; `reductionPercent` is NaN where the mined total is not positive.
#[derive(Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct MonteCarloSamples {
    /// Mined totals, kg CO2-eq per kg.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float64Array")]
    pub mined: Float64Array,
    /// Recycled totals, kg CO2-eq per kg.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float64Array")]
    pub recycled: Float64Array,
    /// Reductions, %.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float64Array")]
    pub reduction_percent: Float64Array,
}

impl MonteCarloSamples {
    /// Copies of the three sample vectors.
    pub fn new(mined: &[f64], recycled: &[f64], reduction: &[f64]) -> MonteCarloSamples {
        MonteCarloSamples {
            mined: f64s(mined),
            recycled: f64s(recycled),
            reduction_percent: f64s(reduction),
        }
    }
}

/// The result of `monteCarlo()`.
#[derive(Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct MonteCarloResult {
    pub summary: MonteCarloSummary,
    /// Standardised regression coefficients, when `options.globalSensitivity` and there are
    /// enough iterations.
    pub global: Option<GlobalSensitivity>,
    pub samples: MonteCarloSamples,
}

/// Options of `monteCarlo()`. Unknown keys are rejected (TypeError); `null` or a missing key
/// means the default.
#[derive(Deserialize, Default, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MonteCarloOptions {
    /// Whole number from 1 to 200,000 (default 10,000); above the cap is a RangeError.
    #[serde(default)]
    #[tsify(optional, type = "number | null")]
    pub iterations: Option<f64>,
    /// Whole number from 0 to 2^53 − 1 (default 1); the same seed gives the same draws
    /// natively, in Node and in browsers.
    #[serde(default)]
    #[tsify(optional, type = "number | null")]
    pub seed: Option<f64>,
    /// One draw per input and iteration serves both routes (default true).
    #[serde(default)]
    #[tsify(optional, type = "boolean | null")]
    pub common_random_numbers: Option<bool>,
    /// Standardised regression coefficients as well (default false; about doubles the time).
    #[serde(default)]
    #[tsify(optional, type = "boolean | null")]
    pub global_sensitivity: Option<bool>,
}
