//! # reo-lca
//!
//! Lifecycle greenhouse-gas emissions (GWP100, kg CO2-eq) of one kilogram of rare earth oxide
//! recycled from end-of-life NdFeB or SmCo magnets versus mined and refined from ore, computed
//! with a process-based matrix LCA and a cited dataset, with its working shown.
//!
//! The engine solves `A·s = f` (technosphere A, final demand f), then `g = B·s` (biosphere B)
//! and `h = cᵀ·g` (GWP100 characterisation c). Multi-output processes are split by mass,
//! economic or the published model's allocation factors, or expanded (substitution).
//!
//! ```
//! use reo_lca::{compare, Scenario};
//! let c = compare(&Scenario::preset("ionic-missouri")).unwrap();
//! assert!(c.mined.total > 0.0 && c.recycled.total > 0.0);
//! println!("{} vs {} kg CO2-eq/kg: {:?} % lower", c.recycled.total, c.mined.total, c.reduction_percent);
//! ```
//!
//! Layout, bottom to top (a module imports only from its own layer or below; a test checks it):
//! [`error`], [`text`], [`version`], [`read`] (field paths of input errors), [`order`] (every
//! sort), [`number`] (decimal text to numbers); [`engine`] (matrices, LU, structured solves,
//! contributions); [`stats`] (generator, distributions, statistics); [`dataset`] (tables from
//! `src/data`, compiled by `build.rs`); [`model`] (choices, scenarios and their validation,
//! stoichiometry); [`routes`] (product-system plans, the compiled evaluation, allocation);
//! [`analysis`] (route results, comparison, claim check); [`uncertainty`] (Monte Carlo and
//! sensitivity), [`catalog`], [`export`], [`share`]; [`calculator`] (one scenario planned once)
//! and `json` (native); the `wasm` façade. The `reo-lca` binary is the command line.

pub mod analysis;
pub mod calculator;
pub mod catalog;
pub mod dataset;
pub mod engine;
pub mod error;
pub mod export;
#[cfg(not(target_arch = "wasm32"))]
pub mod json;
pub mod model;
pub mod number;
pub mod order;
pub mod read;
pub mod routes;
pub mod share;
pub mod stats;
pub mod text;
pub mod uncertainty;
pub mod version;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use analysis::compare::{compare, Comparison};
pub use analysis::route_result::RouteResult;
pub use calculator::Calculator;
pub use error::{Error, ErrorClass, Result};
pub use model::choices::{Allocation, GwpSet, RecyclingRule};
pub use model::scenario::{CustomInventory, Scenario};
pub use text::format_sig;
pub use version::ENGINE_VERSION;
