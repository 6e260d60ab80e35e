//! Monte Carlo uncertainty of the comparison: seeded, reproducible on every target, with
//! common random numbers across the mined and recycled routes.
//!
//! ## What is sampled
//! * **Parameters** whose table distribution is not `fixed` and that enter either route (their
//!   5th or 95th percentile changes a route total). A parameter whose scenario value differs
//!   from the table default (set by the user, the preset or the price set) is **fixed** at that
//!   value and listed in `fixedByScenario`: the table's ranges describe the default, not the
//!   user's figure.
//! * **Exchanges** of either route whose table distribution is not `fixed`, as a multiplicative
//!   factor on the amount: lognormal with median 1 (GSD from the table) for `LogNormalGsd`,
//!   otherwise the distribution of the amount divided by its deterministic amount. A factor is
//!   drawn per exchange row, so a background exchange shared by both routes gets the same
//!   factor in both. Exchanges whose amount is 0 in the scenario are not sampled.
//!
//! Draws are not truncated to the parameters' input ranges.
//!
//! ## Random numbers
//! Each input draws from its own [`Rng::stream`] keyed by its name (`parameter:<id>`,
//! `exchange:<process>/<direction>/<flow>#<n>`), so an input's draws do not depend on which
//! other inputs are sampled; with common random numbers (the default) one draw of every input
//! per iteration serves both routes. Results are identical whether the run is done in one go
//! or in chunks ([`McRun::step`]), natively or in wasm.
//!
//! ## Per iteration
//! Only numbers change: the parameter vector, the derived quantities, the exchange values and
//! allocation factors of each compiled route, and a substitution solve in supply order
//! ([`crate::engine::fast`]). The derived quantities (stoichiometric reagent demands, oxide
//! yields) are recomputed by [`Vars::new`] (a few dozen flops) only when a sampled parameter
//! feeds them; otherwise only the site grid is copied.
//!
//! ## Statistics
//! Quantiles interpolate linearly between order statistics (`h = (n − 1)·p`, Hyndman–Fan
//! type 7). The convergence report gives running means with 95 % intervals
//! `mean ± 1.96·sd/√n` at checkpoints 10, 20, 50, 100, … and at the last iteration.
//!
//! ```
//! use reo_lca::analysis::monte_carlo::{monte_carlo, McOptions};
//! use reo_lca::Scenario;
//! let opts = McOptions { iterations: 500, seed: 7, ..McOptions::default() };
//! let r = monte_carlo(&Scenario::preset("ionic-missouri"), &opts).unwrap();
//! assert_eq!(r.samples.mined.len(), 500);
//! let p = r.summary.comparison.p_recycled_lower;
//! assert!((0.0..=1.0).contains(&p));
//! ```

use serde::{Deserialize, Serialize};

use crate::dataset::{self, Direction, FlowRef, EXCHANGES, FLOWS, PARAMETERS, PROCESSES, PRODUCTS};
use crate::error::{Error, Result};
use crate::model::derived::{Vars, PARAMS_READ};
use crate::model::distribution::{Dist, Sampler};
use crate::model::rng::{self, key_of, Rng};
use crate::model::scenario::{resolve, Resolved, Scenario};
use crate::routes::{CompiledPlan, DynamicEntry, PlanWorkspace};

use super::compare::{plan_routes, reduction_percent};
use super::sensitivity::{regression, GlobalSensitivity};

/// Most iterations of one run.
pub const MAX_ITERATIONS: usize = 200_000;
/// Iterations when none are given.
pub const DEFAULT_ITERATIONS: usize = 10_000;
/// Seed when none is given.
pub const DEFAULT_SEED: u64 = 1;
/// Largest seed that a JavaScript number holds exactly (2⁵³ − 1).
pub const MAX_SAFE_SEED: u64 = 9_007_199_254_740_991;
/// `Φ⁻¹(0.975)`, for 95 % intervals.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Options of a Monte Carlo run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct McOptions {
    /// Number of iterations, 1 to [`MAX_ITERATIONS`].
    #[serde(default = "default_iterations")]
    pub iterations: usize,
    /// Seed of the generator.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// One draw of every input per iteration for both routes (default). `false` draws the
    /// routes independently (only useful to show what common random numbers save).
    #[serde(default = "default_true")]
    pub common_random_numbers: bool,
    /// Also compute standardised regression coefficients ([`McRun::global_sensitivity`]);
    /// off by default, as it costs about as much again as the run.
    #[serde(default)]
    pub global_sensitivity: bool,
}

fn default_iterations() -> usize {
    DEFAULT_ITERATIONS
}
fn default_seed() -> u64 {
    DEFAULT_SEED
}
fn default_true() -> bool {
    true
}

impl Default for McOptions {
    fn default() -> Self {
        McOptions {
            iterations: DEFAULT_ITERATIONS,
            seed: DEFAULT_SEED,
            common_random_numbers: true,
            global_sensitivity: false,
        }
    }
}

impl McOptions {
    /// Options from JavaScript-style numbers, checked: `iterations` a whole number in
    /// `1..=MAX_ITERATIONS`, `seed` a whole number in `0..=2⁵³ − 1`. Errors name
    /// `options.iterations` or `options.seed`.
    ///
    /// ```
    /// use reo_lca::analysis::monte_carlo::McOptions;
    /// assert_eq!(McOptions::from_numbers(1000.0, 42.0).unwrap().seed, 42);
    /// assert_eq!(McOptions::from_numbers(1000.0, f64::NAN).unwrap_err().field(), "options.seed");
    /// assert_eq!(McOptions::from_numbers(1e9, 1.0).unwrap_err().field(), "options.iterations");
    /// ```
    pub fn from_numbers(iterations: f64, seed: f64) -> Result<McOptions> {
        let whole = |field: &str, v: f64, max: f64| -> Result<f64> {
            if !v.is_finite() {
                return Err(Error::NotFinite {
                    field: field.into(),
                    value: v,
                });
            }
            let min = if field == "options.iterations" {
                1.0
            } else {
                0.0
            };
            if v < min || v > max {
                return Err(Error::OutOfRange {
                    field: field.into(),
                    value: v,
                    min,
                    max,
                });
            }
            if v.fract() != 0.0 {
                return Err(Error::InvalidShape {
                    field: field.into(),
                    reason: format!("must be a whole number, got {v}"),
                });
            }
            Ok(v)
        };
        let it = whole("options.iterations", iterations, MAX_ITERATIONS as f64)?;
        let seed = whole("options.seed", seed, MAX_SAFE_SEED as f64)?;
        Ok(McOptions {
            iterations: it as usize,
            seed: seed as u64,
            ..McOptions::default()
        })
    }

    /// Checks the iteration count.
    pub fn validate(&self) -> Result<()> {
        check_iterations(self.iterations)
    }
}

fn check_iterations(n: usize) -> Result<()> {
    if n == 0 || n > MAX_ITERATIONS {
        return Err(Error::OutOfRange {
            field: "options.iterations".into(),
            value: n as f64,
            min: 1.0,
            max: MAX_ITERATIONS as f64,
        });
    }
    Ok(())
}

/// What an uncertain input sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputTarget {
    /// A named parameter (index into [`PARAMETERS`]).
    Parameter(usize),
    /// A multiplicative factor on a built-in exchange (index into [`EXCHANGES`]).
    Exchange(usize),
}

/// One sampled input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UncertainInput {
    /// `parameter` or `exchange`.
    pub kind: &'static str,
    /// Parameter id, or `process/direction/flow` for an exchange.
    pub id: String,
    pub label: String,
    pub unit: String,
    /// Deterministic value: the parameter's value or the exchange's amount in the scenario.
    pub value: f64,
    /// The table's distribution.
    pub distribution: Dist,
    /// Mean, 5th and 95th percentiles of the input (parameter value or exchange amount).
    pub mean: f64,
    pub p5: f64,
    pub p95: f64,
    /// `mined`, `recycled` or `both`.
    pub used_by: &'static str,
    #[serde(skip)]
    pub target: InputTarget,
    #[serde(skip)]
    sampler: Sampler,
    /// The sample is divided by this (1, or the deterministic amount of an exchange whose
    /// distribution is absolute) to give the factor.
    #[serde(skip)]
    divisor: f64,
    #[serde(skip)]
    key: u64,
}

impl UncertainInput {
    /// One draw of the value this input sets (parameter value or exchange factor).
    fn draw(&self, rng: &mut Rng) -> f64 {
        self.sampler.sample(rng) / self.divisor
    }
}

/// Both routes of a scenario, compiled, with the uncertain inputs identified.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub resolved: Resolved,
    pub mined: CompiledPlan,
    pub recycled: CompiledPlan,
    /// Variables at the scenario values.
    pub base: Vars,
    /// Deterministic totals `(mined, recycled)`.
    pub deterministic: (f64, f64),
    /// Sampled inputs: parameters in table order, then exchanges in table order.
    pub inputs: Vec<UncertainInput>,
    /// Parameters with a distribution that are fixed because the scenario sets them.
    pub fixed_by_scenario: Vec<String>,
    /// For each uncertain parameter that enters: `(index, p5, p95, (mined, recycled) at p5,
    /// (mined, recycled) at p95)`, the others at their scenario values.
    pub one_at_a_time: Vec<OneAtATime>,
}

/// A route pair evaluated with one parameter at its 5th and 95th percentiles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OneAtATime {
    pub param: usize,
    pub low: f64,
    pub high: f64,
    pub at_low: (Option<f64>, Option<f64>),
    pub at_high: (Option<f64>, Option<f64>),
}

fn direction_str(d: Direction) -> &'static str {
    match d {
        Direction::Output => "output",
        Direction::Input => "input",
        Direction::Emission => "emission",
    }
}

/// `process/direction/flow` of an exchange (`#n` added for the n-th repeat of such a row),
/// and its stream name `exchange:process/direction/flow#n`.
pub fn exchange_id(ei: usize) -> (String, String) {
    let Some(e) = EXCHANGES.get(ei) else {
        return (format!("exchange#{ei}"), format!("exchange:#{ei}"));
    };
    let flow = match e.flow {
        FlowRef::Product(q) => PRODUCTS[q].id,
        FlowRef::Elementary(k) => FLOWS[k].id,
    };
    let base = format!(
        "{}/{}/{}",
        PROCESSES[e.process].id,
        direction_str(e.direction),
        flow
    );
    let n = EXCHANGES[..ei]
        .iter()
        .filter(|x| x.process == e.process && x.direction == e.direction && x.flow == e.flow)
        .count();
    let stream = format!("exchange:{base}#{n}");
    let id = if n == 0 { base } else { format!("{base}#{n}") };
    (id, stream)
}

impl Prepared {
    /// Resolves nothing: takes a validated scenario, plans and compiles both routes, computes
    /// the deterministic totals and identifies the uncertain inputs (see the module docs).
    pub fn new(r: &Resolved) -> Result<Prepared> {
        let (mp, rp) = plan_routes(r)?;
        let mined = mp.plan.compile();
        let recycled = rp.plan.compile();
        let base = r.vars();
        let (mut wm, mut wr) = (mined.workspace(), recycled.workspace());
        let m0 = mined.total(&base, &mut wm)?;
        let r0 = recycled.total(&base, &mut wr)?;
        let grid = r.site.grid_param;
        let mut inputs = Vec::new();
        let mut fixed_by_scenario = Vec::new();
        let mut one_at_a_time = Vec::new();
        for (i, def) in PARAMETERS.iter().enumerate() {
            if def.uncertainty.is_fixed() {
                continue;
            }
            let value = r.params[i];
            if value != def.default || r.overridden.contains(&def.id) {
                fixed_by_scenario.push(def.id.to_string());
                continue;
            }
            let d = def.uncertainty;
            let (low, high) = (d.quantile(value, 0.05), d.quantile(value, 0.95));
            let mut at = |x: f64| {
                let mut p = r.params;
                p[i] = x;
                let v = Vars::new(p, grid);
                (
                    mined.impact(&v, &[], &mut wm).ok(),
                    recycled.impact(&v, &[], &mut wr).ok(),
                )
            };
            let (at_low, at_high) = (at(low), at(high));
            let changes = |a: Option<f64>, b: f64| a != Some(b);
            let in_m = changes(at_low.0, m0) || changes(at_high.0, m0);
            let in_r = changes(at_low.1, r0) || changes(at_high.1, r0);
            if !(in_m || in_r) {
                continue;
            }
            one_at_a_time.push(OneAtATime {
                param: i,
                low,
                high,
                at_low,
                at_high,
            });
            inputs.push(UncertainInput {
                kind: "parameter",
                id: def.id.to_string(),
                label: def.label.to_string(),
                unit: def.unit.to_string(),
                value,
                distribution: d,
                mean: d.mean(value),
                p5: low,
                p95: high,
                used_by: used_by(in_m, in_r),
                target: InputTarget::Parameter(i),
                sampler: d.sampler(value),
                divisor: 1.0,
                key: key_of(&format!("parameter:{}", def.id)),
            });
        }
        let (em, er) = (mined.exchanges(), recycled.exchanges());
        let mut all: Vec<usize> = em.iter().chain(&er).copied().collect();
        all.sort_unstable();
        all.dedup();
        for ei in all {
            let e = &EXCHANGES[ei];
            let d = e.uncertainty;
            if d.is_fixed() {
                continue;
            }
            let amount = (e.amount)(&base);
            if amount == 0.0 || !amount.is_finite() {
                continue;
            }
            let (sampler, divisor) = match d {
                Dist::LogNormalGsd(_) => (d.sampler(1.0), 1.0),
                _ => (d.sampler(amount), amount),
            };
            let (id, stream) = exchange_id(ei);
            inputs.push(UncertainInput {
                kind: "exchange",
                label: format!("{} ({})", PROCESSES[e.process].name, id),
                id,
                unit: e.unit.to_string(),
                value: amount,
                distribution: d,
                mean: d.mean(amount),
                p5: d.quantile(amount, 0.05),
                p95: d.quantile(amount, 0.95),
                used_by: used_by(em.contains(&ei), er.contains(&ei)),
                target: InputTarget::Exchange(ei),
                sampler,
                divisor,
                key: key_of(&stream),
            });
        }
        Ok(Prepared {
            resolved: r.clone(),
            mined,
            recycled,
            base,
            deterministic: (m0, r0),
            inputs,
            fixed_by_scenario,
            one_at_a_time,
        })
    }
}

fn used_by(m: bool, r: bool) -> &'static str {
    match (m, r) {
        (true, true) => "both",
        (true, false) => "mined",
        _ => "recycled",
    }
}

/// What the draw loop needs of an input, packed.
#[derive(Debug, Clone, Copy)]
struct Draw {
    sampler: Sampler,
    divisor: f64,
    target: InputTarget,
}

/// The inputs split for the draw loop: lognormal exchange factors with median 1 (most of
/// them) in a tight loop, the others through their [`Sampler`]. Each input keeps its own
/// stream, so the split does not change any draw.
#[derive(Debug, Clone)]
struct Draws {
    generic: Vec<Draw>,
    /// `(σ, exchange index)`: factor `exp(σ·Z)`.
    lognormal: Vec<(f64, usize)>,
}

/// The random streams of [`Draws`], in the same order.
#[derive(Debug, Clone)]
struct Streams {
    generic: Vec<Rng>,
    lognormal: Vec<Rng>,
}

/// `(σ, exchange)` if the input is a lognormal exchange factor with median 1.
fn lognormal_factor(i: &UncertainInput) -> Option<(f64, usize)> {
    match (i.target, i.sampler) {
        (InputTarget::Exchange(ei), Sampler::LogNormal { scale, mu, sigma })
            if scale == 1.0 && mu == 0.0 && i.divisor == 1.0 =>
        {
            Some((sigma, ei))
        }
        _ => None,
    }
}

impl Draws {
    fn new(inputs: &[UncertainInput]) -> Draws {
        let mut d = Draws {
            generic: Vec::new(),
            lognormal: Vec::new(),
        };
        for i in inputs {
            match lognormal_factor(i) {
                Some(x) => d.lognormal.push(x),
                None => d.generic.push(Draw {
                    sampler: i.sampler,
                    divisor: i.divisor,
                    target: i.target,
                }),
            }
        }
        d
    }

    /// The streams for `seed`, each input's key XOR `salt`.
    fn streams(inputs: &[UncertainInput], seed: u64, salt: u64) -> Streams {
        let mut s = Streams {
            generic: Vec::new(),
            lognormal: Vec::new(),
        };
        for i in inputs {
            let rng = Rng::stream(seed, i.key ^ salt);
            if lognormal_factor(i).is_some() {
                s.lognormal.push(rng);
            } else {
                s.generic.push(rng);
            }
        }
        s
    }

    /// Draws every input once into the parameter vector and the exchange factors.
    #[inline]
    fn draw(&self, st: &mut Streams, p: &mut [f64], factors: &mut [f64]) {
        for (d, rng) in self.generic.iter().zip(st.generic.iter_mut()) {
            let x = d.sampler.sample(rng) / d.divisor;
            match d.target {
                InputTarget::Parameter(i) => p[i] = x,
                InputTarget::Exchange(ei) => factors[ei] = x,
            }
        }
        for (&(sigma, ei), rng) in self.lognormal.iter().zip(st.lognormal.iter_mut()) {
            factors[ei] = rng::exp(sigma * rng.normal());
        }
    }
}

/// How a draw gets its derived quantities.
#[derive(Debug, Clone)]
enum DerivedModel {
    /// No sampled parameter feeds them: the scenario's, with the site grid from the draw.
    Constant,
    /// [`Vars::new`] on every draw.
    Exact,
}

impl DerivedModel {
    fn new(sampled: &[(usize, f64)]) -> DerivedModel {
        if sampled
            .iter()
            .any(|(i, _)| PARAMS_READ.contains(&PARAMETERS[*i].id))
        {
            DerivedModel::Exact
        } else {
            DerivedModel::Constant
        }
    }

    /// Sets `vars.d` for the parameters in `vars.p`.
    fn apply(&self, vars: &mut Vars, grid: usize) {
        match self {
            DerivedModel::Constant => vars.d.siteGrid = vars.p[grid],
            DerivedModel::Exact => *vars = Vars::new(vars.p, grid),
        }
    }
}

/// A Monte Carlo run that can be advanced in chunks (for a Web Worker that fills a histogram
/// progressively and may cancel) and summarised at any point. The same seed gives the same
/// samples whether the run is done in one go or in chunks.
///
/// ```
/// use reo_lca::analysis::monte_carlo::McRun;
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
    prep: Prepared,
    seed: u64,
    crn: bool,
    derived: DerivedModel,
    draws: Draws,
    streams: Streams,
    /// Second set of streams for the recycled route without common random numbers.
    streams_rec: Streams,
    vars: Vars,
    vars_rec: Vars,
    factors: Vec<f64>,
    factors_rec: Vec<f64>,
    ws_m: PlanWorkspace,
    ws_r: PlanWorkspace,
    /// Entries of each route that change between draws.
    dyn_m: Vec<DynamicEntry>,
    dyn_r: Vec<DynamicEntry>,
    mined: Vec<f64>,
    recycled: Vec<f64>,
    reduction: Vec<f64>,
    failed: Option<Error>,
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
            .filter_map(|i| match i.target {
                InputTarget::Parameter(p) => Some((p, i.p95 - i.p5)),
                InputTarget::Exchange(_) => None,
            })
            .collect();
        let derived = DerivedModel::new(&sampled);
        let draws = Draws::new(&prep.inputs);
        let grid = prep.resolved.site.grid_param;
        let params: Vec<usize> = sampled.iter().map(|(i, _)| *i).collect();
        let exchanges: Vec<usize> = prep
            .inputs
            .iter()
            .filter_map(|i| match i.target {
                InputTarget::Exchange(e) => Some(e),
                InputTarget::Parameter(_) => None,
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
                field: "options.iterations".into(),
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

    /// Statistics of the samples so far. Error if no iteration was run.
    pub fn summary(&self) -> Result<McSummary> {
        if self.is_empty() {
            return Err(Error::OutOfRange {
                field: "options.iterations".into(),
                value: 0.0,
                min: 1.0,
                max: MAX_ITERATIONS as f64,
            });
        }
        let r = &self.prep.resolved;
        let (m0, r0) = self.prep.deterministic;
        let claim = r.claim_percent;
        let n = self.len();
        let diff: Vec<f64> = self
            .mined
            .iter()
            .zip(&self.recycled)
            .map(|(m, r)| m - r)
            .collect();
        let red_defined: Vec<f64> = self
            .reduction
            .iter()
            .copied()
            .filter(|x| !x.is_nan())
            .collect();
        let lower = self
            .mined
            .iter()
            .zip(&self.recycled)
            .filter(|(m, r)| r < m)
            .count();
        let at_least = red_defined.iter().filter(|x| **x >= claim).count();
        let p_lower = lower as f64 / n as f64;
        let p_claim = at_least as f64 / n as f64;
        let mined = route_stats(&self.prep.mined, r.baseline.label, "mined", m0, &self.mined);
        let recycled = route_stats(
            &self.prep.recycled,
            r.recycled.label,
            "recycled",
            r0,
            &self.recycled,
        );
        let comparison = ComparisonStats {
            claim_percent: claim,
            reduction_percent: Stats::of(reduction_percent(m0, r0), &red_defined),
            undefined_reductions: n - red_defined.len(),
            difference: Stats::of(Some(m0 - r0), &diff),
            p_recycled_lower: p_lower,
            p_recycled_lower_std_error: (p_lower * (1.0 - p_lower) / n as f64).sqrt(),
            p_reduction_at_least_claim: p_claim,
            p_reduction_at_least_claim_std_error: (p_claim * (1.0 - p_claim) / n as f64).sqrt(),
        };
        let convergence = convergence(&self.mined, &self.recycled, &diff);
        let explanation = explanation(&self.prep, &mined, &recycled);
        let mut notes = vec![
            "Each sampled input keeps its own random stream, and one draw per iteration serves both routes (common random numbers): inputs the routes share (background factors, reagents, transport) move both totals together, so they add no spurious noise to the difference and the reduction."
                .to_string(),
            "Parameters set by the scenario (overrides, preset, price set) are fixed at that value; draws are not truncated to the parameters' input ranges.".to_string(),
            "Exchange-level uncertainty: each uncertain exchange row is multiplied by its own factor per iteration (lognormal with median 1 and the table's GSD), the same factor wherever the row is used.".to_string(),
            "Quantiles: linear interpolation between order statistics (type 7).".to_string(),
        ];
        if !self.crn {
            notes[0] = "The routes were drawn independently (no common random numbers).".into();
        }
        if !self.prep.fixed_by_scenario.is_empty() {
            notes.push(format!(
                "Fixed at the scenario's value: {}.",
                self.prep.fixed_by_scenario.join(", ")
            ));
        }
        Ok(McSummary {
            engine_version: crate::ENGINE_VERSION.into(),
            dataset_version: dataset::DATASET_VERSION.into(),
            preset: r.preset.id.into(),
            oxide: r.oxide.into(),
            seed: self.seed,
            iterations: n,
            common_random_numbers: self.crn,
            mined,
            recycled,
            comparison,
            convergence,
            sampled: self.prep.inputs.clone(),
            fixed_by_scenario: self.prep.fixed_by_scenario.clone(),
            explanation,
            notes,
        })
    }

    /// Standardised regression coefficients of the totals and of the reduction on the
    /// sampled inputs (see [`super::sensitivity::regression`]). The input draws are not
    /// stored: each input's stream is replayed from the seed, so this costs about one more
    /// pass over the draws and no memory per iteration. With independent routes, the mined
    /// route's draws are used as regressors.
    pub fn global_sensitivity(&self) -> Result<GlobalSensitivity> {
        let k = self.prep.inputs.len();
        let n = self.len();
        if n < k + 3 {
            return Err(Error::Unavailable {
                field: "options.iterations".into(),
                reason: format!(
                    "standardised regression coefficients need more iterations than inputs + 2 ({} inputs, {n} iterations)",
                    k
                ),
            });
        }
        let mut rngs: Vec<Rng> = self
            .prep
            .inputs
            .iter()
            .map(|i| Rng::stream(self.seed, i.key))
            .collect();
        let centres: Vec<f64> = self
            .prep
            .inputs
            .iter()
            .map(|i| match i.target {
                InputTarget::Parameter(_) => i.value,
                InputTarget::Exchange(_) => 1.0,
            })
            .collect();
        let mut x = vec![0.0; k];
        let reduction_ok = self.reduction.iter().all(|v| !v.is_nan());
        let mut acc = regression::Accumulator::new(k, 3);
        for ((m, r), red) in self.mined.iter().zip(&self.recycled).zip(&self.reduction) {
            for (j, (inp, rng)) in self.prep.inputs.iter().zip(rngs.iter_mut()).enumerate() {
                x[j] = inp.draw(rng) - centres[j];
            }
            let y = [*m, *r, if reduction_ok { *red } else { 0.0 }];
            // Shapes match by construction.
            let _ = acc.add(&x, &y);
        }
        let fits = acc.fit();
        let names: Vec<(String, &'static str)> = self
            .prep
            .inputs
            .iter()
            .map(|i| (i.id.clone(), i.kind))
            .collect();
        Ok(GlobalSensitivity::from_fits(&names, &fits, reduction_ok, n))
    }

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

fn reduction(m: f64, r: f64) -> f64 {
    if m > 0.0 && m.is_finite() && r.is_finite() {
        (m - r) / m * 100.0
    } else {
        f64::NAN
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

/// Summary statistics of one quantity.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Value at the scenario's deterministic inputs.
    pub deterministic: Option<f64>,
    pub mean: f64,
    /// Sample standard deviation (n − 1).
    pub sd: f64,
    /// Standard error of the mean, `sd/√n`.
    pub std_error: f64,
    pub median: f64,
    pub p5: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
}

impl Stats {
    /// Statistics of `xs` (NaN fields when `xs` is empty).
    pub fn of(deterministic: Option<f64>, xs: &[f64]) -> Stats {
        let n = xs.len();
        let (mean, sd) = mean_sd(xs);
        let mut s = xs.to_vec();
        s.sort_by(|a, b| a.total_cmp(b));
        Stats {
            deterministic,
            mean,
            sd,
            std_error: if n > 0 {
                sd / (n as f64).sqrt()
            } else {
                f64::NAN
            },
            median: quantile_sorted(&s, 0.5),
            p5: quantile_sorted(&s, 0.05),
            p95: quantile_sorted(&s, 0.95),
            min: s.first().copied().unwrap_or(f64::NAN),
            max: s.last().copied().unwrap_or(f64::NAN),
        }
    }
}

/// Mean and sample standard deviation (two-pass).
pub fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len();
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    if n == 1 {
        return (mean, 0.0);
    }
    let ss: f64 = xs.iter().map(|x| (x - mean) * (x - mean)).sum();
    (mean, (ss / (n - 1) as f64).sqrt())
}

/// The `p`-quantile of sorted `s` by linear interpolation between order statistics
/// (`h = (n − 1)·p`, Hyndman–Fan type 7); NaN if `s` is empty.
///
/// ```
/// use reo_lca::analysis::monte_carlo::quantile_sorted;
/// assert_eq!(quantile_sorted(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
/// assert_eq!(quantile_sorted(&[1.0, 2.0, 3.0, 4.0], 0.05), 1.15);
/// ```
pub fn quantile_sorted(s: &[f64], p: f64) -> f64 {
    if s.is_empty() {
        return f64::NAN;
    }
    let h = (s.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(s.len() - 1);
    s[lo] + (h - lo as f64) * (s[hi] - s[lo])
}

/// Statistics of one route.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteStats {
    /// Route id (or `custom`).
    pub route: String,
    pub label: String,
    /// `mined` or `recycled`.
    pub kind: &'static str,
    /// kg CO2-eq per kg at the deterministic inputs.
    pub deterministic: f64,
    pub mean: f64,
    pub sd: f64,
    pub std_error: f64,
    pub median: f64,
    pub p5: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
    /// `(mean − deterministic) / deterministic × 100`.
    pub mean_vs_deterministic_percent: f64,
}

fn route_stats(
    c: &CompiledPlan,
    label: &str,
    kind: &'static str,
    det: f64,
    xs: &[f64],
) -> RouteStats {
    let s = Stats::of(Some(det), xs);
    let (route, label) = match &c.plan.custom {
        Some(inv) => (
            "custom".to_string(),
            inv.name
                .clone()
                .unwrap_or_else(|| "Custom inventory".into()),
        ),
        None => (c.plan.route.to_string(), label.to_string()),
    };
    RouteStats {
        route,
        label,
        kind,
        deterministic: det,
        mean: s.mean,
        sd: s.sd,
        std_error: s.std_error,
        median: s.median,
        p5: s.p5,
        p95: s.p95,
        min: s.min,
        max: s.max,
        mean_vs_deterministic_percent: if det != 0.0 {
            (s.mean - det) / det * 100.0
        } else {
            f64::NAN
        },
    }
}

/// Distribution of the comparison over the iterations.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonStats {
    /// The stated reduction checked, %.
    pub claim_percent: f64,
    /// `(mined − recycled)/mined × 100` over the iterations where the mined total is positive.
    pub reduction_percent: Stats,
    /// Iterations where the mined total is not positive (no reduction defined).
    pub undefined_reductions: usize,
    /// `mined − recycled`, kg CO2-eq per kg.
    pub difference: Stats,
    /// Share of iterations with recycled < mined.
    pub p_recycled_lower: f64,
    /// Its binomial standard error `√(p(1 − p)/n)`.
    pub p_recycled_lower_std_error: f64,
    /// Share of iterations with a reduction ≥ the claim (undefined reductions count as not).
    pub p_reduction_at_least_claim: f64,
    pub p_reduction_at_least_claim_std_error: f64,
}

/// Running means at one checkpoint, with 95 % intervals `mean ± halfWidth`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Checkpoint {
    pub iterations: usize,
    pub mined_mean: f64,
    pub mined_half_width: f64,
    pub recycled_mean: f64,
    pub recycled_half_width: f64,
    pub difference_mean: f64,
    pub difference_half_width: f64,
    pub p_recycled_lower: f64,
}

/// Checkpoints 10, 20, 50, 100, 200, 500, … below `n`, and `n`.
fn checkpoints(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    let mut base = 10usize;
    'outer: loop {
        for m in [1, 2, 5] {
            let c = base * m;
            if c >= n {
                break 'outer;
            }
            v.push(c);
        }
        base *= 10;
    }
    v.push(n);
    v
}

fn convergence(mined: &[f64], recycled: &[f64], diff: &[f64]) -> Vec<Checkpoint> {
    // Welford's running mean and variance.
    struct W {
        n: f64,
        mean: f64,
        m2: f64,
    }
    impl W {
        fn add(&mut self, x: f64) {
            self.n += 1.0;
            let d = x - self.mean;
            self.mean += d / self.n;
            self.m2 += d * (x - self.mean);
        }
        fn half(&self) -> f64 {
            if self.n < 2.0 {
                f64::NAN
            } else {
                Z95 * (self.m2 / (self.n - 1.0)).sqrt() / self.n.sqrt()
            }
        }
    }
    let w = || W {
        n: 0.0,
        mean: 0.0,
        m2: 0.0,
    };
    let (mut wm, mut wr, mut wd) = (w(), w(), w());
    let mut lower = 0usize;
    let cps = checkpoints(mined.len());
    let mut out = Vec::with_capacity(cps.len());
    let mut next = 0;
    for (i, ((m, r), d)) in mined.iter().zip(recycled).zip(diff).enumerate() {
        wm.add(*m);
        wr.add(*r);
        wd.add(*d);
        if r < m {
            lower += 1;
        }
        if next < cps.len() && i + 1 == cps[next] {
            out.push(Checkpoint {
                iterations: i + 1,
                mined_mean: wm.mean,
                mined_half_width: wm.half(),
                recycled_mean: wr.mean,
                recycled_half_width: wr.half(),
                difference_mean: wd.mean,
                difference_half_width: wd.half(),
                p_recycled_lower: lower as f64 / (i + 1) as f64,
            });
            next += 1;
        }
    }
    out
}

/// Why the mean differs from the deterministic value, with this run's numbers.
fn explanation(prep: &Prepared, m: &RouteStats, r: &RouteStats) -> String {
    let mut gsds: Vec<f64> = Vec::new();
    for i in &prep.inputs {
        if let Dist::LogNormalGsd(g) = i.distribution {
            if !gsds.contains(&g) {
                gsds.push(g);
            }
        }
    }
    gsds.sort_by(|a, b| a.total_cmp(b));
    let lognormal = if gsds.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> = gsds
            .iter()
            .map(|g| {
                let s = rng::ln(*g);
                format!(
                    "GSD {} → mean {} % above the median",
                    crate::format_sig(*g, 3),
                    crate::format_sig((rng::exp(0.5 * s * s) - 1.0) * 100.0, 2)
                )
            })
            .collect();
        format!(
            " Lognormal inputs are centred on their median (the deterministic value), and a lognormal's mean is median·exp(σ²/2) with σ = ln GSD, always above the median ({}): the skew adds up along the supply chain.",
            parts.join("; ")
        )
    };
    // Inputs with the most asymmetric ranges: mean far from the deterministic value.
    let mut skewed: Vec<(f64, &UncertainInput)> = prep
        .inputs
        .iter()
        .filter(|i| i.kind == "parameter" && i.value != 0.0)
        .map(|i| ((i.mean - i.value) / i.value, i))
        .filter(|(d, _)| d.abs() > 0.02)
        .collect();
    skewed.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
    let skew = if skewed.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> = skewed
            .iter()
            .take(4)
            .map(|(d, i)| {
                format!(
                    "{} {} {} (mean {}, {}{} %)",
                    i.id,
                    i.distribution.name(),
                    crate::format_sig(i.value, 3),
                    crate::format_sig(i.mean, 3),
                    if *d > 0.0 { "+" } else { "" },
                    crate::format_sig(d * 100.0, 2)
                )
            })
            .collect();
        format!(
            " Inputs whose range is not symmetric about their default pull the mean towards the long side: {}.",
            parts.join(", ")
        )
    };
    format!(
        "The deterministic result uses every input at its default (most likely) value; the Monte Carlo mean averages over the whole distributions, so it differs when they are skewed.{lognormal}{skew} Here the mined mean is {}{} % and the recycled mean {}{} % off the deterministic value; the medians are {} and {} kg CO2-eq/kg against deterministic values of {} and {}.",
        if m.mean_vs_deterministic_percent > 0.0 { "+" } else { "" },
        crate::format_sig(m.mean_vs_deterministic_percent, 2),
        if r.mean_vs_deterministic_percent > 0.0 { "+" } else { "" },
        crate::format_sig(r.mean_vs_deterministic_percent, 2),
        crate::format_sig(m.median, 4),
        crate::format_sig(r.median, 4),
        crate::format_sig(m.deterministic, 4),
        crate::format_sig(r.deterministic, 4),
    )
}

/// Summary of a Monte Carlo run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct McSummary {
    pub engine_version: String,
    pub dataset_version: String,
    pub preset: String,
    pub oxide: String,
    pub seed: u64,
    pub iterations: usize,
    pub common_random_numbers: bool,
    pub mined: RouteStats,
    pub recycled: RouteStats,
    pub comparison: ComparisonStats,
    pub convergence: Vec<Checkpoint>,
    /// The inputs that were sampled.
    pub sampled: Vec<UncertainInput>,
    /// Parameters with a distribution held at the scenario's value.
    pub fixed_by_scenario: Vec<String>,
    /// Why the mean differs from the deterministic value.
    pub explanation: String,
    pub notes: Vec<String>,
}

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
    pub summary: McSummary,
    /// Standardised regression coefficients (if asked and enough iterations).
    pub global: Option<GlobalSensitivity>,
    pub samples: McSamples,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_equal_a_full_evaluation_of_the_same_inputs() {
        // The run recomputes only the entries that vary; replaying the same inputs through
        // Vars::new and a full evaluation gives the same totals to rounding.
        for p in dataset::PRESETS {
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
            let draws = Draws::new(&prep.inputs);
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

    #[test]
    fn checkpoints_are_increasing_and_end_at_n() {
        assert_eq!(checkpoints(1), vec![1]);
        assert_eq!(checkpoints(10), vec![10]);
        assert_eq!(checkpoints(1000), vec![10, 20, 50, 100, 200, 500, 1000]);
        assert_eq!(checkpoints(1234).last(), Some(&1234));
    }
}
