//! The shapes that exist only on the JS side: results that carry typed arrays, the options read
//! from JS, the versions, and the declarations that are not a Rust type (the functional-unit
//! oxides, generated from the data tables; the error interface). Their TypeScript comes from
//! these types like every other boundary type's.

use js_sys::Float64Array;
use serde::{Deserialize, Serialize};
use tsify_next::Tsify;
use wasm_bindgen::prelude::*;

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

fn f64s(v: &[f64]) -> Float64Array {
    Float64Array::from(v)
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
