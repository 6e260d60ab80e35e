//! The stateful JS classes: `Calculator` (one scenario validated and planned once, every
//! result from the same plan) and `MonteCarloRun` (a run advanced in chunks, e.g. in a Web
//! Worker). `free()` and `[Symbol.dispose]()` come from wasm-bindgen.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::error::{core, range_error};
use super::read::from_js;
use super::types::MonteCarloSamples;
use super::{scenario, to_js};
use crate::read::Root;
use crate::uncertainty::{McOptions, McRun, DEFAULT_SEED, MAX_ITERATIONS};

/// One scenario, validated and planned once: `comparison()`, `inUse()`, `shareLink()`,
/// `matrices(side)`, `datapackage(side)` and `csv()` all reuse that plan. Errors of the
/// constructor name the field at fault (`err.field`).
#[wasm_bindgen]
pub struct Calculator {
    calc: crate::calculator::Calculator,
}

#[wasm_bindgen]
impl Calculator {
    /// Validates `scenario` and plans both routes.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
    ) -> Result<Calculator, JsValue> {
        let s = self::scenario(&scenario)?;
        Ok(Calculator {
            calc: core(crate::calculator::Calculator::new(&s))?,
        })
    }

    /// Both totals, the reduction, the claim check and break-even values.
    #[wasm_bindgen(unchecked_return_type = "Comparison")]
    pub fn comparison(&self) -> Result<JsValue, JsValue> {
        to_js(core(self.calc.comparison())?)
    }

    /// The parameters (with values and provenance) and the inventory data the result rests on.
    #[wasm_bindgen(js_name = inUse, unchecked_return_type = "InUse")]
    pub fn in_use(&self) -> Result<JsValue, JsValue> {
        to_js(&self.calc.in_use())
    }

    /// The scenario (without its custom inventory) as a share-link fragment.
    #[wasm_bindgen(js_name = shareLink)]
    pub fn share_link(&self) -> String {
        self.calc.share_link()
    }

    /// The `reo-lca-matrices/2` document of one side (`"mined"` or `"recycled"`), as
    /// `exportMatrices`.
    #[wasm_bindgen(unchecked_return_type = "MatrixExport")]
    pub fn matrices(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Side")] side: JsValue,
    ) -> Result<JsValue, JsValue> {
        let side = super::side(&side, "side")?;
        to_js(&core(self.calc.matrices(side))?)
    }

    /// The same document as a Brightway datapackage (zip bytes), as `exportDatapackage`.
    pub fn datapackage(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Side")] side: JsValue,
    ) -> Result<js_sys::Uint8Array, JsValue> {
        let side = super::side(&side, "side")?;
        Ok(js_sys::Uint8Array::from(
            &core(self.calc.datapackage(side))?[..],
        ))
    }

    /// Tidy CSV of the results: one row per route × stage × elementary flow.
    pub fn csv(&self) -> Result<String, JsValue> {
        core(self.calc.csv())
    }

    /// The reduction and verdict for every combination of baseline, allocation scheme,
    /// recycling rule, price set and site, with a summary of what decides the verdict.
    #[wasm_bindgen(js_name = claimMap, unchecked_return_type = "ClaimMap")]
    pub fn claim_map(&self) -> Result<JsValue, JsValue> {
        to_js(&core(self.calc.claim_map())?)
    }
}

/// A Monte Carlo run advanced in chunks (e.g. in a Web Worker): the draws equal those of
/// `monteCarlo` with the same seed, however the run is split.
#[wasm_bindgen]
pub struct MonteCarloRun {
    /// Borrowed only while the arguments are already read, so a getter of an argument that
    /// calls back into the run finds it free (or gets an `Error`, never a stuck borrow).
    run: RefCell<McRun>,
}

/// A whole number from 0 to `max` read from `value`, named `field`.
fn count(value: &JsValue, field: &str, max: f64) -> Result<f64, JsValue> {
    let n: f64 = from_js(value, Root::relative(field))?;
    if !(n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= max) {
        let range = if max.is_finite() {
            format!(" from 0 to {}", crate::number::display(max))
        } else {
            ", 0 or more".to_string()
        };
        return Err(range_error(
            field,
            &format!(
                "must be a whole number{range}, got {}",
                crate::text::short(n)
            ),
        ));
    }
    Ok(n)
}

/// The `Error` for a call made while the run is stepping (from a getter of its argument).
fn busy() -> JsValue {
    crate::wasm::error::js_error(
        crate::error::ErrorClass::Other,
        "run",
        "run: busy (called from inside its own step())",
    )
}

impl MonteCarloRun {
    fn run(&self) -> Result<std::cell::Ref<'_, McRun>, JsValue> {
        self.run.try_borrow().map_err(|_| busy())
    }
}

#[wasm_bindgen]
impl MonteCarloRun {
    /// Prepares a run of `scenario` with `seed` (a whole number from 0 to 2^53 − 1; default 1).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null")] seed: Option<JsValue>,
    ) -> Result<MonteCarloRun, JsValue> {
        let s = self::scenario(&scenario)?;
        let seed: Option<f64> =
            from_js(&seed.unwrap_or(JsValue::UNDEFINED), Root::relative("seed"))?;
        let seed = core(McOptions::seed("seed", seed.unwrap_or(DEFAULT_SEED as f64)))?;
        Ok(MonteCarloRun {
            run: RefCell::new(core(McRun::new(&s, seed))?),
        })
    }

    /// Runs `n` more iterations (a whole number, 0 or more); returns the number done in all.
    /// More than 200,000 in all is a `RangeError` (nothing is run).
    pub fn step(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    ) -> Result<f64, JsValue> {
        let n = count(&n, "n", MAX_ITERATIONS as f64)?;
        let mut run = self.run.try_borrow_mut().map_err(|_| busy())?;
        Ok(core(run.step(n as usize))? as f64)
    }

    /// Iterations done so far.
    #[wasm_bindgen(getter)]
    pub fn iterations(&self) -> Result<f64, JsValue> {
        Ok(self.run()?.len() as f64)
    }

    /// The seed.
    #[wasm_bindgen(getter)]
    pub fn seed(&self) -> Result<f64, JsValue> {
        Ok(self.run()?.seed() as f64)
    }

    /// All samples so far: `{ mined, recycled, reductionPercent }` as `Float64Array`s.
    #[wasm_bindgen(unchecked_return_type = "MonteCarloSamples")]
    pub fn samples(&self) -> Result<JsValue, JsValue> {
        self.samples_from(0)
    }

    /// The samples from iteration `offset` on (to send only the new ones); an offset past the
    /// end gives empty arrays.
    #[wasm_bindgen(js_name = samplesSince, unchecked_return_type = "MonteCarloSamples")]
    pub fn samples_since(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] offset: JsValue,
    ) -> Result<JsValue, JsValue> {
        let offset = count(&offset, "offset", f64::INFINITY)?;
        let len = self.run()?.len() as f64;
        self.samples_from(offset.min(len) as usize)
    }

    fn samples_from(&self, k: usize) -> Result<JsValue, JsValue> {
        let run = self.run()?;
        let (m, r, d) = run.samples();
        let k = k.min(m.len());
        to_js(&MonteCarloSamples::new(&m[k..], &r[k..], &d[k..]))
    }

    /// Statistics of the samples so far (`RangeError` before the first step).
    #[wasm_bindgen(unchecked_return_type = "MonteCarloSummary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&core(self.run()?.summary())?)
    }

    /// Standardised regression coefficients of the samples so far (`Error` while there are
    /// not more iterations than sampled inputs + 2).
    #[wasm_bindgen(js_name = globalSensitivity, unchecked_return_type = "GlobalSensitivity")]
    pub fn global_sensitivity(&self) -> Result<JsValue, JsValue> {
        to_js(&core(self.run()?.global_sensitivity())?)
    }
}
