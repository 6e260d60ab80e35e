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
//! Layout: [`dataset`] (tables from `src/data`, compiled by `build.rs`), [`model`] (scenarios,
//! stoichiometry, distributions), [`routes`] (product-system builders and allocation),
//! [`engine`] (matrices, LU, LCA), [`analysis`] (comparison and claim check), [`export`]
//! (matrix JSON and tidy CSV), [`catalog`] (presets, parameters and sources for display).
//! The `wasm` module is the WebAssembly façade; the `reo-lca` binary is the command line.

pub mod analysis;
pub mod catalog;
pub mod dataset;
pub mod engine;
pub mod error;
pub mod export;
#[cfg(not(target_arch = "wasm32"))]
pub mod json;
pub mod model;
pub mod routes;
pub mod share;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use analysis::compare::{compare, Comparison, RouteResult};
pub use error::{Error, ErrorClass, Result};
pub use model::scenario::{Allocation, CustomInventory, GwpSet, RecyclingRule, Scenario};

/// Version of the engine (the crate version).
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Formats `x` with `sig` significant digits, without exponent for ordinary magnitudes.
///
/// ```
/// assert_eq!(reo_lca::format_sig(0.0123456, 3), "0.0123");
/// assert_eq!(reo_lca::format_sig(61.0, 3), "61.0");
/// ```
pub fn format_sig(x: f64, sig: usize) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let mag = x.abs().log10().floor() as i32;
    let decimals = (sig as i32 - 1 - mag).max(0) as usize;
    format!("{x:.decimals$}")
}
