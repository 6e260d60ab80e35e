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
//! or in chunks ([`run::McRun::step`]), natively or in wasm.
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
//! use reo_lca::uncertainty::{monte_carlo, McOptions};
//! use reo_lca::Scenario;
//! let opts = McOptions { iterations: 500, seed: 7, ..McOptions::default() };
//! let r = monte_carlo(&Scenario::preset("ionic-missouri"), &opts).unwrap();
//! assert_eq!(r.samples.mined.len(), 500);
//! let p = r.summary.comparison.p_recycled_lower;
//! assert!((0.0..=1.0).contains(&p));
//! ```
//!
//! ## Layout
//! [`options`] (validated run options), [`inputs`] (which parameters and exchanges are
//! sampled, and their one-at-a-time bounds), [`draw`] (the draw loop's random streams),
//! [`run`] (the chunked run), [`summary`] (statistics of a run), [`result`] (a whole run), [`global`] (standardised
//! regression coefficients), [`sensitivity`] (adjoint sensitivities and tornado data).

pub mod draw;
pub mod global;
pub mod inputs;
pub mod options;
pub mod result;
pub mod run;
pub mod sensitivity;
pub mod summary;

pub use global::{GlobalSensitivity, SrcRow};
pub use inputs::{exchange_id, InputTarget, OneAtATime, Prepared, UncertainInput};
pub use options::{McOptions, DEFAULT_ITERATIONS, DEFAULT_SEED, MAX_ITERATIONS, MAX_SAFE_SEED};
pub use result::{monte_carlo, McResult, McSamples};
pub use run::McRun;
pub use summary::{Checkpoint, ComparisonStats, MonteCarloSummary, RouteStats};
