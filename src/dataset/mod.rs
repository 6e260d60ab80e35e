//! The built-in dataset: tables from `src/data/*.csv`, compiled into Rust by `build.rs`.
//!
//! Every exchange, parameter and factor carries its unit, status tag, year and source keys;
//! [`SOURCES`] resolves each key to a full citation. Lookups here are by id and return `None`
//! for unknown ids; callers turn that into a typed [`crate::Error`].

pub mod defs;
pub mod tables;
pub mod text;
pub mod vars;

pub use defs::*;
pub use tables::*;
pub use text::Text;
pub use vars::{Derived, Vars, N_PARAMS};

/// Version of the built-in dataset (bump when any table changes a number).
pub const DATASET_VERSION: &str = "2026.12.1";

fn find<T>(items: &'static [T], key: impl Fn(&T) -> bool) -> Option<usize> {
    items.iter().position(key)
}

/// Index of a parameter by id.
pub fn param_index(id: &str) -> Option<usize> {
    find(PARAMETERS, |p| p.id == id)
}
/// Index of a product by id.
pub fn product_index(id: &str) -> Option<usize> {
    find(PRODUCTS, |p| p.id == id)
}
/// Index of an elementary flow by id.
pub fn flow_index(id: &str) -> Option<usize> {
    find(FLOWS, |f| f.id == id)
}
/// Index of a process by id.
pub fn process_index(id: &str) -> Option<usize> {
    find(PROCESSES, |p| p.id == id)
}
/// A route by id.
pub fn route(id: &str) -> Option<&'static RouteDef> {
    ROUTES.iter().find(|r| r.id == id)
}
/// A site by id.
pub fn site(id: &str) -> Option<&'static SiteDef> {
    SITES.iter().find(|s| s.id == id)
}
/// A preset by id.
pub fn preset(id: &str) -> Option<&'static PresetDef> {
    PRESETS.iter().find(|p| p.id == id)
}
/// An oxide by id.
pub fn oxide(id: &str) -> Option<&'static OxideDef> {
    OXIDES.iter().find(|o| o.id == id)
}
/// Atomic mass of an element, g/mol.
pub fn atomic_mass(symbol: &str) -> Option<f64> {
    ELEMENTS
        .iter()
        .find(|e| e.symbol == symbol)
        .map(|e| e.atomic_mass)
}
/// Names of the price sets.
pub fn price_sets() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    for r in PRICE_SET_ROWS {
        if !v.contains(&r.set) {
            v.push(r.set);
        }
    }
    v
}
/// The sample group of price set `set`, if it has one.
pub fn price_set_group(set: &str) -> Option<&'static str> {
    PRICE_SET_ROWS
        .iter()
        .find(|r| r.set == set)
        .and_then(|r| r.sample_group)
}
/// The price sets of sample group `group`, in table order.
pub fn price_sets_in_group(group: &str) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    for r in PRICE_SET_ROWS
        .iter()
        .filter(|r| r.sample_group == Some(group))
    {
        if !v.contains(&r.set) {
            v.push(r.set);
        }
    }
    v
}
/// Exchanges of one process (indices into [`EXCHANGES`]).
pub fn exchanges_of(process: usize) -> impl Iterator<Item = &'static ExchangeDef> {
    EXCHANGES.iter().filter(move |e| e.process == process)
}
