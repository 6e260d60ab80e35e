//! The built-in dataset: tables from `src/data/*.csv`, compiled into Rust by `build.rs`.
//!
//! Every exchange, parameter and factor carries its unit, status tag, year and source keys;
//! [`SOURCES`] resolves each key to a full citation. Lookups here are by id and return `None`
//! for unknown ids; callers turn that into a typed [`crate::Error`].

use crate::model::derived::Vars;
use crate::model::distribution::Dist;

/// Status tag of a figure, as in the data brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    /// Read in the cited source itself.
    Found,
    /// Read in a third-party copy; usable, re-check before release.
    FoundSecondary,
    /// Computed from found figures or stoichiometry.
    Derived,
    /// No sourced value: a user parameter (excluded or assumed; see the note).
    Gap,
    /// The exchange's value is a named parameter; status and year are the parameter's.
    Parameter,
}

impl Status {
    /// The tag as written in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Found => "found",
            Status::FoundSecondary => "found (secondary)",
            Status::Derived => "derived",
            Status::Gap => "gap",
            Status::Parameter => "parameter",
        }
    }
}

/// A citation.
#[derive(Debug)]
pub struct SourceDef {
    pub key: &'static str,
    pub citation: &'static str,
    pub url: &'static str,
    pub licence: &'static str,
}

/// A named, user-visible parameter.
#[derive(Debug)]
pub struct ParameterDef {
    pub id: &'static str,
    pub group: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    pub uncertainty: Dist,
    pub status: Status,
    pub year: Option<u16>,
    pub sources: &'static [usize],
    pub note: &'static str,
}

#[derive(Debug)]
pub struct ElementDef {
    pub symbol: &'static str,
    pub atomic_mass: f64,
    pub sources: &'static [usize],
}

#[derive(Debug)]
pub struct OxideDef {
    pub id: &'static str,
    pub label: &'static str,
    pub element: &'static str,
    pub re_atoms: f64,
    pub o_atoms: f64,
    pub price_param: usize,
    pub functional_unit: bool,
}

#[derive(Debug)]
pub struct CompositionRow {
    pub composition: &'static str,
    pub element: &'static str,
    pub value: f64,
    pub unit: &'static str,
    pub status: Status,
    pub year: Option<u16>,
    pub sources: &'static [usize],
    pub note: &'static str,
}

/// Fossil or biogenic carbon, for ISO 14067-style reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Origin {
    Fossil,
    Biogenic,
}

/// An elementary flow with its GWP100 characterisation factors.
#[derive(Debug)]
pub struct FlowDef {
    pub id: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    pub origin: Origin,
    pub gwp_ar6: f64,
    pub gwp_ar5: f64,
    pub status: Status,
    pub sources: &'static [usize],
    pub note: &'static str,
}

#[derive(Debug)]
pub struct ProductDef {
    pub id: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    pub price_param: Option<usize>,
}

#[derive(Debug)]
pub struct ProcessDef {
    pub id: &'static str,
    pub name: &'static str,
    pub route: &'static str,
    pub stage: &'static str,
    pub per: &'static str,
    pub location: &'static str,
    pub year: Option<u16>,
    pub sources: &'static [usize],
    pub note: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Output,
    Input,
    Emission,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowRef {
    Product(usize),
    Elementary(usize),
}

/// One exchange row; `amount` is the compiled formula.
pub struct ExchangeDef {
    pub process: usize,
    pub direction: Direction,
    pub flow: FlowRef,
    pub amount: fn(&Vars) -> f64,
    pub formula: &'static str,
    pub params_used: &'static [usize],
    pub unit: &'static str,
    pub model_share: Option<fn(&Vars) -> f64>,
    pub model_share_formula: &'static str,
    pub status: Status,
    pub year: Option<u16>,
    pub sources: &'static [usize],
    pub uncertainty: Dist,
    pub note: &'static str,
}

impl std::fmt::Debug for ExchangeDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExchangeDef")
            .field("process", &PROCESSES[self.process].id)
            .field("flow", &self.flow)
            .field("formula", &self.formula)
            .finish()
    }
}

#[derive(Debug)]
pub struct SiteDef {
    pub id: &'static str,
    pub label: &'static str,
    pub grid_param: usize,
    pub location: &'static str,
    pub sources: &'static [usize],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RouteKind {
    Mined,
    Recycled,
}

#[derive(Debug)]
pub struct RouteDef {
    pub id: &'static str,
    pub kind: RouteKind,
    pub label: &'static str,
    pub oxides: &'static [&'static str],
    pub available: bool,
    pub allocation_points: &'static [usize],
    pub sources: &'static [usize],
    pub note: &'static str,
}

#[derive(Debug)]
pub struct PresetDef {
    pub id: &'static str,
    pub label: &'static str,
    pub recycled: &'static str,
    pub site: &'static str,
    pub baseline: &'static str,
    pub oxide: &'static str,
    pub allocation: &'static str,
    pub recycling_rule: &'static str,
    pub claim_percent: f64,
    pub overrides: &'static [(usize, f64)],
    pub sources: &'static [usize],
    pub note: &'static str,
}

#[derive(Debug)]
pub struct PriceSetRow {
    pub set: &'static str,
    pub param: usize,
    pub value: f64,
    pub status: Status,
    pub year: Option<u16>,
    pub sources: &'static [usize],
    pub note: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/dataset.rs"));

/// Version of the built-in dataset (bump when any table changes a number).
pub const DATASET_VERSION: &str = "2026.11.1";

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
/// Exchanges of one process (indices into [`EXCHANGES`]).
pub fn exchanges_of(process: usize) -> impl Iterator<Item = &'static ExchangeDef> {
    EXCHANGES.iter().filter(move |e| e.process == process)
}
