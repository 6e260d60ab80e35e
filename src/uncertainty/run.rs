//! A Monte Carlo run of both routes, advanced in chunks, with common random numbers.

use crate::dataset::Vars;
use crate::dataset::EXCHANGES;
use crate::error::{Error, Result};
use crate::model::resolve::{resolve, Resolved};
use crate::model::scenario::Scenario;
use crate::routes::{DynamicEntry, PlanWorkspace};
use crate::stats::rng::key_of;

use super::draw::{DerivedModel, Draws, Streams};
use super::inputs::{InputTarget, Prepared};
use super::options::MAX_ITERATIONS;

/// A Monte Carlo run that can be advanced in chunks (for a Web Worker that fills a histogram
/// progressively and may cancel) and summarised at any point. The same seed gives the same
/// samples whether the run is done in one go or in chunks.
///
/// ```
/// use reo_lca::uncertainty::McRun;
/// use reo_lca::Scenario;
/// let mut run = McRun::new(&Scenario::preset("ionic-belfast"), 3).unwrap();
/// run.step(200).unwrap();
/// run.step(300).unwrap();
/// assert_eq!(run.len(), 500);
/// let s = run.summary().unwrap();
/// assert!(s.mined.p5 <= s.mined.median && s.mined.median <= s.mined.p95);
/// ```
#[derive(Debug, Clone)]
pub struct McRun {
    pub(super) prep: Prepared,
    pub(super) seed: u64,
    pub(super) crn: bool,
    pub(super) derived: DerivedModel,
    pub(super) draws: Draws,
    pub(super) streams: Streams,
    /// Second set of streams for the recycled route without common random numbers.
    pub(super) streams_rec: Streams,
    pub(super) vars: Vars,
    pub(super) vars_rec: Vars,
    pub(super) factors: Vec<f64>,
    pub(super) factors_rec: Vec<f64>,
    pub(super) ws_m: PlanWorkspace,
    pub(super) ws_r: PlanWorkspace,
    /// Entries of each route that change between draws.
    pub(super) dyn_m: Vec<DynamicEntry>,
    pub(super) dyn_r: Vec<DynamicEntry>,
    pub(super) mined: Vec<f64>,
    pub(super) recycled: Vec<f64>,
    pub(super) reduction: Vec<f64>,
    pub(super) failed: Option<Error>,
}

/// Salt of the recycled route's streams when the routes are drawn independently.
fn independent_salt() -> u64 {
    key_of("independent:recycled")
}

impl McRun {
    /// Validates the scenario and prepares a run with common random numbers.
    pub fn new(s: &Scenario, seed: u64) -> Result<McRun> {
        let r = resolve(s)?;
        McRun::from_resolved(&r, seed, true)
    }

    /// Prepares a run for a validated scenario; `common_random_numbers = false` draws the
    /// recycled route from its own streams.
    pub fn from_resolved(r: &Resolved, seed: u64, common_random_numbers: bool) -> Result<McRun> {
        McRun::from_prepared(Prepared::new(r)?, seed, common_random_numbers)
    }

    /// Prepares a run from already compiled routes.
    pub fn from_prepared(prep: Prepared, seed: u64, common_random_numbers: bool) -> Result<McRun> {
        let streams = Draws::streams(&prep.inputs, seed, 0);
        let streams_rec = if common_random_numbers {
            Streams {
                generic: Vec::new(),
                lognormal: Vec::new(),
            }
        } else {
            Draws::streams(&prep.inputs, seed, independent_salt())
        };
        let sampled: Vec<(usize, f64)> = prep
            .inputs
            .iter()
            .flat_map(|i| match i.target {
                InputTarget::Parameter(p) => vec![(p, i.p95 - i.p5)],
                InputTarget::Exchange(_) => Vec::new(),
                // Every price a set may change varies.
                InputTarget::PriceSet => prep
                    .price_choices
                    .first()
                    .map(|c| c.iter().map(|&(p, _)| (p, 1.0)).collect())
                    .unwrap_or_default(),
            })
            .collect();
        let derived = DerivedModel::new(&sampled);
        let draws = Draws::new(&prep.inputs, &prep.price_choices);
        let grid = prep.resolved.site.grid_param;
        let params: Vec<usize> = sampled.iter().map(|(i, _)| *i).collect();
        let exchanges: Vec<usize> = prep
            .inputs
            .iter()
            .filter_map(|i| match i.target {
                InputTarget::Exchange(e) => Some(e),
                InputTarget::Parameter(_) | InputTarget::PriceSet => None,
            })
            .collect();
        let derived_varies = !matches!(derived, DerivedModel::Constant) || params.contains(&grid);
        let dyn_m = prep
            .mined
            .dynamic_entries(&prep.base, &params, derived_varies, &exchanges);
        let dyn_r = prep
            .recycled
            .dynamic_entries(&prep.base, &params, derived_varies, &exchanges);
        let (mut ws_m, mut ws_r) = (prep.mined.workspace(), prep.recycled.workspace());
        // The entries that never change keep these values.
        prep.mined.evaluate_values(&prep.base, &[], &mut ws_m)?;
        prep.recycled.evaluate_values(&prep.base, &[], &mut ws_r)?;
        Ok(McRun {
            seed,
            crn: common_random_numbers,
            derived,
            draws,
            streams,
            streams_rec,
            vars: prep.base.clone(),
            vars_rec: prep.base.clone(),
            factors: vec![1.0; EXCHANGES.len()],
            factors_rec: vec![1.0; EXCHANGES.len()],
            ws_m,
            ws_r,
            dyn_m,
            dyn_r,
            mined: Vec::new(),
            recycled: Vec::new(),
            reduction: Vec::new(),
            failed: None,
            prep,
        })
    }

    /// Iterations done.
    pub fn len(&self) -> usize {
        self.mined.len()
    }

    /// Whether no iteration was done yet.
    pub fn is_empty(&self) -> bool {
        self.mined.is_empty()
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The compiled routes and the sampled inputs.
    pub fn prepared(&self) -> &Prepared {
        &self.prep
    }

    /// Samples so far: mined totals, recycled totals and reductions (%; NaN where the mined
    /// total is not positive), one entry per iteration.
    pub fn samples(&self) -> (&[f64], &[f64], &[f64]) {
        (&self.mined, &self.recycled, &self.reduction)
    }

    /// Runs `n` more iterations; returns the number done in total. Errors: more than
    /// [`MAX_ITERATIONS`] in total (`options.iterations`, nothing is run), or a draw whose
    /// system cannot be solved (field `draws[i].mined` or `draws[i].recycled`; the run stops
    /// and returns that error from then on).
    pub fn step(&mut self, n: usize) -> Result<usize> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let total = self.len().saturating_add(n);
        if total > MAX_ITERATIONS {
            return Err(Error::OutOfRange {
                field: "iterations".into(),
                value: total as f64,
                min: 1.0,
                max: MAX_ITERATIONS as f64,
            });
        }
        self.mined.reserve(n);
        self.recycled.reserve(n);
        self.reduction.reserve(n);
        for _ in 0..n {
            if let Err(e) = self.draw() {
                self.failed = Some(e.clone());
                return Err(e);
            }
        }
        Ok(self.len())
    }

    fn draw(&mut self) -> Result<()> {
        let i = self.len();
        let grid = self.prep.resolved.site.grid_param;
        self.draws
            .draw(&mut self.streams, &mut self.vars.p, &mut self.factors);
        self.derived.apply(&mut self.vars, grid);
        let m = self
            .prep
            .mined
            .impact_dynamic(&self.vars, &self.factors, &mut self.ws_m, &self.dyn_m)
            .map_err(|e| e.within(&format!("draws[{i}].mined")))?;
        let r = if self.crn {
            self.prep.recycled.impact_dynamic(
                &self.vars,
                &self.factors,
                &mut self.ws_r,
                &self.dyn_r,
            )
        } else {
            self.draws.draw(
                &mut self.streams_rec,
                &mut self.vars_rec.p,
                &mut self.factors_rec,
            );
            self.derived.apply(&mut self.vars_rec, grid);
            self.prep.recycled.impact_dynamic(
                &self.vars_rec,
                &self.factors_rec,
                &mut self.ws_r,
                &self.dyn_r,
            )
        }
        .map_err(|e| e.within(&format!("draws[{i}].recycled")))?;
        self.mined.push(m);
        self.recycled.push(r);
        self.reduction.push(reduction(m, r));
        Ok(())
    }
}

fn reduction(m: f64, r: f64) -> f64 {
    if m > 0.0 && m.is_finite() && r.is_finite() {
        (m - r) / m * 100.0
    } else {
        f64::NAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_equal_a_full_evaluation_of_the_same_inputs() {
        // The run recomputes only the entries that vary; replaying the same inputs through
        // Vars::new and a full evaluation gives the same totals to rounding.
        for p in crate::dataset::PRESETS {
            let r = resolve(&Scenario::preset(p.id)).unwrap();
            let prep = Prepared::new(&r).unwrap();
            let mut run = McRun::from_prepared(prep.clone(), 9, true).unwrap();
            run.step(300).unwrap();
            if p.id.starts_with("ionic") {
                assert!(
                    matches!(run.derived, DerivedModel::Exact),
                    "{}: {:?}",
                    p.id,
                    run.derived
                );
            }
            let draws = Draws::new(&prep.inputs, &prep.price_choices);
            let mut st = Draws::streams(&prep.inputs, 9, 0);
            let mut vars = prep.base.clone();
            let mut f = vec![1.0; EXCHANGES.len()];
            let (mut wm, mut wr) = (prep.mined.workspace(), prep.recycled.workspace());
            let grid = r.site.grid_param;
            for i in 0..300 {
                draws.draw(&mut st, &mut vars.p, &mut f);
                let exact = Vars::new(vars.p, grid);
                let m = prep.mined.impact(&exact, &f, &mut wm).unwrap();
                let c = prep.recycled.impact(&exact, &f, &mut wr).unwrap();
                let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs();
                assert!(
                    close(run.mined[i], m),
                    "{} draw {i}: {} vs {m}",
                    p.id,
                    run.mined[i]
                );
                assert!(close(run.recycled[i], c), "{} draw {i}", p.id);
            }
        }
    }
}
