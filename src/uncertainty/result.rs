//! The result of a whole Monte Carlo run: its summary, the samples and (if asked) the global
//! sensitivity.

use serde::Serialize;

use crate::error::Result;
use crate::model::resolve::resolve;
use crate::model::scenario::Scenario;

use super::global::GlobalSensitivity;
use super::options::McOptions;
use super::run::McRun;
use super::summary::MonteCarloSummary;

/// The samples, one entry per iteration (the wasm layer hands them over as `Float64Array`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct McSamples {
    pub mined: Vec<f64>,
    pub recycled: Vec<f64>,
    /// NaN where the mined total is not positive.
    pub reduction_percent: Vec<f64>,
}

/// Result of [`monte_carlo`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct McResult {
    pub summary: MonteCarloSummary,
    /// Standardised regression coefficients (if asked and enough iterations).
    pub global: Option<GlobalSensitivity>,
    pub samples: McSamples,
}

impl McRun {
    /// The summary, the samples and (if asked) the global sensitivity, consuming the run.
    pub fn finish(self, global_sensitivity: bool) -> Result<McResult> {
        let summary = self.summary()?;
        let mut notes = Vec::new();
        let global = if global_sensitivity {
            match self.global_sensitivity() {
                Ok(g) => Some(g),
                Err(e) => {
                    notes.push(e.to_string());
                    None
                }
            }
        } else {
            None
        };
        let mut summary = summary;
        summary.notes.extend(notes);
        Ok(McResult {
            summary,
            global,
            samples: McSamples {
                mined: self.mined,
                recycled: self.recycled,
                reduction_percent: self.reduction,
            },
        })
    }
}

/// Runs `options.iterations` iterations of the scenario with `options.seed` and returns the
/// summary, the samples and (if `options.globalSensitivity`) the global sensitivity.
pub fn monte_carlo(s: &Scenario, options: &McOptions) -> Result<McResult> {
    options.validate()?;
    let r = resolve(s)?;
    let mut run = McRun::from_resolved(&r, options.seed, options.common_random_numbers)?;
    run.step(options.iterations)?;
    run.finish(options.global_sensitivity)
}
