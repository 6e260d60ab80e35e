//! WebAssembly façade: each export reads its arguments ([`read::from_js`]), calls the core and
//! writes the result back ([`to_js`]). No model logic lives here.
//!
//! * **Inputs**: [`read`] (plain data only, bounded, field paths from [`crate::read`]).
//! * **Outputs**: one configured serializer, [`SERIALIZER`]: plain objects (never `Map`) and
//!   `None` as `null`, so results look exactly like the command line's JSON. Bulk numbers are
//!   `Float64Array` ([`types`]); the matrix document is plain data (the command line's JSON).
//! * **Errors**: [`error`] turns a core error into a `RangeError`, `TypeError` or `Error`
//!   with the field path in its `field` property.
//! * **Types**: the `.d.ts` is generated from the boundary types (`tsify_next::Tsify` on the
//!   core's result and input types, [`types`] for the JS-only shapes); every export names its
//!   types with `unchecked_param_type` / `unchecked_return_type`.
//! * **State**: [`classes::Calculator`] (one scenario validated and planned once) and
//!   [`classes::MonteCarloRun`] (a run advanced in chunks).
//!
//! A new export is three lines: `from_js` each argument, call the core, `to_js` the result
//! (map core errors with [`error::core`]).

pub mod classes;
pub mod error;
pub mod read;
pub mod types;

pub use classes::{Calculator, MonteCarloRun};

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::dataset::Side;
use crate::error::ErrorClass;
use crate::model::scenario::Scenario;
use crate::read::Root;
use crate::uncertainty::{McOptions, DEFAULT_ITERATIONS, DEFAULT_SEED};
use error::{core, js_error};
use read::from_js;
use types::{MonteCarloOptions, MonteCarloResult, MonteCarloSamples, Versions};

/// The one serializer of the façade: plain objects for maps, `null` for `None`.
const SERIALIZER: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::new()
    .serialize_maps_as_objects(true)
    .serialize_missing_as_null(true);

/// Writes a result as plain JS data with [`SERIALIZER`].
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&SERIALIZER)
        .map_err(|e| js_error(ErrorClass::Other, "", &e.to_string()))
}

const SCENARIO: Root = Root::relative("scenario");

/// Reads the `scenario` argument.
fn scenario(value: &JsValue) -> Result<Scenario, JsValue> {
    from_js(value, SCENARIO)
}

/// Reads a side argument (`"mined"` or `"recycled"`) named `field`.
fn side(value: &JsValue, field: &str) -> Result<Side, JsValue> {
    let s: String = from_js(value, Root::relative(field))?;
    core(Side::parse(&s, field))
}

/// Engine and dataset versions: `{ engine: "0.1.0", dataset: "2026.12.1" }`.
#[wasm_bindgen(unchecked_return_type = "Versions")]
pub fn version() -> Result<JsValue, JsValue> {
    to_js(&Versions {
        engine: crate::version::ENGINE_VERSION,
        dataset: crate::dataset::DATASET_VERSION,
    })
}

/// Compares the mined and recycled routes of a scenario (as `new Calculator(scenario)
/// .comparison()`).
#[wasm_bindgen(unchecked_return_type = "Comparison")]
pub fn compare(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    classes::Calculator::new(scenario)?.comparison()
}

/// The claim map of a scenario (as `new Calculator(scenario).claimMap()`): the reduction and
/// verdict for every combination of baseline, allocation scheme, recycling rule, price set and
/// site, with a summary of what decides the verdict.
#[wasm_bindgen(js_name = claimMap, unchecked_return_type = "ClaimMap")]
pub fn claim_map(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    classes::Calculator::new(scenario)?.claim_map()
}

/// Tidy CSV of a scenario's results: one row per route × stage × elementary flow.
#[wasm_bindgen(js_name = resultsCsv)]
pub fn results_csv(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
) -> Result<String, JsValue> {
    classes::Calculator::new(scenario)?.csv()
}

/// The `reo-lca-matrices/2` document of one side (`"mined"` or `"recycled"`) of a scenario:
/// plain JSON data, the same document as `reo-lca export` writes.
#[wasm_bindgen(js_name = exportMatrices, unchecked_return_type = "MatrixExport")]
pub fn export_matrices(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Side")] route: JsValue,
) -> Result<JsValue, JsValue> {
    let s = self::scenario(&scenario)?;
    let side = side(&route, "route")?;
    to_js(&core(crate::export::export_matrices(&s, side))?)
}

/// The same document as a Brightway datapackage (bw_processing layout): the bytes of a zip
/// file with `datapackage.json` and the `.npy` arrays, as `reo-lca export --format
/// bw-datapackage` writes it.
#[wasm_bindgen(js_name = exportDatapackage)]
pub fn export_datapackage(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Side")] route: JsValue,
) -> Result<js_sys::Uint8Array, JsValue> {
    let s = self::scenario(&scenario)?;
    let side = side(&route, "route")?;
    let m = core(crate::export::export_matrices(&s, side))?;
    let zip = core(crate::export::datapackage::datapackage(&m))?;
    Ok(js_sys::Uint8Array::from(&zip[..]))
}

/// The parameters (with values and provenance) and the inventory data a scenario rests on.
#[wasm_bindgen(js_name = inUse, unchecked_return_type = "InUse")]
pub fn in_use(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    classes::Calculator::new(scenario)?.in_use()
}

/// The scenario (without its custom inventory) as a share-link fragment.
#[wasm_bindgen(js_name = encodeShare)]
pub fn encode_share(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
) -> Result<String, JsValue> {
    Ok(crate::share::encode(&self::scenario(&scenario)?))
}

/// Decodes a share-link fragment (with or without the leading `#`).
#[wasm_bindgen(js_name = decodeShare, unchecked_return_type = "SharedScenario")]
pub fn decode_share(
    #[wasm_bindgen(unchecked_param_type = "string")] link: JsValue,
) -> Result<JsValue, JsValue> {
    let link: String = from_js(&link, Root::relative("share"))?;
    to_js(&core(crate::share::decode(&link))?)
}

/// The built-in presets.
#[wasm_bindgen(unchecked_return_type = "PresetInfo[]")]
pub fn presets() -> Result<JsValue, JsValue> {
    Ok(crate::dataset::text::catalog("presets"))
}

/// Every parameter with its default, range, uncertainty, status and sources.
#[wasm_bindgen(unchecked_return_type = "ParameterInfo[]")]
pub fn parameters() -> Result<JsValue, JsValue> {
    Ok(crate::dataset::text::catalog("parameters"))
}

/// The mined and recycled routes.
#[wasm_bindgen(unchecked_return_type = "RouteInfo[]")]
pub fn routes() -> Result<JsValue, JsValue> {
    Ok(crate::dataset::text::catalog("routes"))
}

/// The functional units: oxides (1 kg at the plant gate) and metals (1 kg at the smelter gate),
/// with their labels.
#[wasm_bindgen(js_name = functionalUnits, unchecked_return_type = "FunctionalUnitInfo[]")]
pub fn functional_units() -> Result<JsValue, JsValue> {
    Ok(crate::dataset::text::catalog("functionalUnits"))
}

/// The allocation schemes of the claim map.
#[wasm_bindgen(js_name = allocationSchemes, unchecked_return_type = "AllocationSchemeInfo[]")]
pub fn allocation_schemes() -> Result<JsValue, JsValue> {
    Ok(crate::dataset::text::catalog("allocationSchemes"))
}

/// The recycling sites and their grid parameters.
#[wasm_bindgen(unchecked_return_type = "SiteInfo[]")]
pub fn sites() -> Result<JsValue, JsValue> {
    Ok(crate::dataset::text::catalog("sites"))
}

/// The cited sources.
#[wasm_bindgen(unchecked_return_type = "SourceInfo[]")]
pub fn sources() -> Result<JsValue, JsValue> {
    Ok(crate::dataset::text::catalog("sources"))
}

/// Ids of the price sets (for economic allocation).
#[wasm_bindgen(js_name = priceSets, unchecked_return_type = "string[]")]
pub fn price_sets() -> Result<JsValue, JsValue> {
    Ok(crate::dataset::text::catalog("priceSets"))
}

/// Seeded Monte Carlo of both routes with common random numbers. Options: iterations (1 to
/// 200000, default 10000), seed (0 to 2^53 − 1, default 1), globalSensitivity (default false),
/// commonRandomNumbers (default true). Bad options throw a RangeError or TypeError naming
/// `options.<key>`.
#[wasm_bindgen(js_name = monteCarlo, unchecked_return_type = "MonteCarloResult")]
pub fn monte_carlo(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MonteCarloOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let s = self::scenario(&scenario)?;
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let o: Option<MonteCarloOptions> = from_js(&options, Root::named("options"))?;
    let o = o.unwrap_or_default();
    let opts = core(McOptions::new(
        o.iterations.unwrap_or(DEFAULT_ITERATIONS as f64),
        o.seed.unwrap_or(DEFAULT_SEED as f64),
        o.common_random_numbers.unwrap_or(true),
        o.global_sensitivity.unwrap_or(false),
    ))?;
    let r = core(crate::uncertainty::monte_carlo(&s, &opts))?;
    let m = &r.samples;
    to_js(&MonteCarloResult {
        summary: r.summary,
        global: r.global,
        samples: MonteCarloSamples::new(&m.mined, &m.recycled, &m.reduction_percent),
    })
}

/// Local sensitivities (adjoint) and the tornado data of a scenario.
#[wasm_bindgen(unchecked_return_type = "Sensitivity")]
pub fn sensitivity(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    let s = self::scenario(&scenario)?;
    to_js(&core(crate::uncertainty::sensitivity::sensitivity(&s))?)
}
