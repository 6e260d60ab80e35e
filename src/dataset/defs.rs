//! The types of the dataset's rows: sources, parameters, elements, oxides, compositions,
//! flows, products, processes, exchanges, sites, routes, presets and price sets.

use super::text::Text;
use super::vars::Vars;
use crate::engine::Origin;
use crate::stats::distribution::Dist;

/// Status tag of a figure, as in the data brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, tsify_next::Tsify)]
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
    pub citation: Text,
    pub url: Text,
    pub licence: Text,
}

/// A named, user-visible parameter.
#[derive(Debug)]
pub struct ParameterDef {
    pub id: &'static str,
    pub group: &'static str,
    pub label: Text,
    pub unit: &'static str,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    pub uncertainty: Dist,
    pub status: Status,
    pub year: Option<u16>,
    pub sources: &'static [usize],
    pub note: Text,
    /// Rank among the recycled-side drivers searched for break-even values (`None`: not one).
    pub claim_driver: Option<u8>,
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
    pub label: Text,
    pub element: &'static str,
    pub re_atoms: f64,
    pub o_atoms: f64,
    pub price_param: usize,
    pub functional_unit: bool,
    /// Mined route whose production a recycled co-product of this oxide displaces under
    /// substitution.
    pub displaced_by: &'static str,
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
    pub note: Text,
}

/// An elementary flow with its GWP100 characterisation factors.
#[derive(Debug)]
pub struct FlowDef {
    pub id: &'static str,
    pub name: Text,
    pub unit: &'static str,
    pub origin: Origin,
    pub gwp_ar6: f64,
    pub gwp_ar5: f64,
    pub status: Status,
    pub sources: &'static [usize],
    pub note: Text,
}

#[derive(Debug)]
pub struct ProductDef {
    pub id: &'static str,
    pub name: Text,
    pub unit: &'static str,
    pub price_param: Option<usize>,
    /// The functional unit's wording when 1 kg of this product can be the functional unit of a
    /// comparison (e.g. "1 kg Dy2O3 at the plant gate").
    pub functional_unit: Option<Text>,
}

#[derive(Debug)]
pub struct ProcessDef {
    pub id: &'static str,
    pub name: Text,
    pub route: &'static str,
    /// Where the planner looks for the process: on its own route, shared by every route, or a
    /// background (supply-chain) dataset.
    pub tier: Tier,
    pub stage: &'static str,
    pub per: &'static str,
    pub location: &'static str,
    pub year: Option<u16>,
    pub sources: &'static [usize],
    pub note: Text,
}

/// Where a process supplies products from (column `tier` of processes.csv).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// A process of its route only.
    Route,
    /// A foreground process any route may use (e.g. blending separated oxides).
    Shared,
    /// A supply-chain dataset (reagents, fuels, electricity); its impacts are charged to the
    /// foreground processes that use it.
    Background,
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
    pub formula: Text,
    pub params_used: &'static [usize],
    pub unit: &'static str,
    pub model_share: Option<fn(&Vars) -> f64>,
    pub model_share_formula: Text,
    pub status: Status,
    pub year: Option<u16>,
    pub sources: &'static [usize],
    pub uncertainty: Dist,
    pub note: Text,
}

#[derive(Debug)]
pub struct SiteDef {
    pub id: &'static str,
    pub label: Text,
    pub grid_param: usize,
    pub location: &'static str,
    pub sources: &'static [usize],
}

/// Side of a comparison: the mined or the recycled route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, tsify_next::Tsify)]
#[serde(rename_all = "camelCase")]
pub enum Side {
    Mined,
    Recycled,
}

impl Side {
    pub const ALL: [Side; 2] = [Side::Mined, Side::Recycled];
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Mined => "mined",
            Side::Recycled => "recycled",
        }
    }
    /// Reads `mined` or `recycled`; anything else is an unknown id at `field`.
    pub fn parse(s: &str, field: &str) -> crate::error::Result<Side> {
        Side::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| crate::error::Error::UnknownId {
                field: field.into(),
                kind: "route side",
                value: crate::text::truncate(s),
                expected: "mined, recycled".into(),
            })
    }
}

#[derive(Debug)]
pub struct RouteDef {
    pub id: &'static str,
    pub kind: Side,
    pub label: Text,
    /// Functional-unit products the route makes with the default parameters.
    pub oxides: &'static [&'static str],
    /// Products it makes only when a parameter (index) is above 0.
    pub oxides_if: &'static [(&'static str, usize)],
    pub available: bool,
    pub allocation_points: &'static [usize],
    /// The baseline's main driver searched for a break-even value (a parameter index).
    pub claim_driver: Option<usize>,
    /// Family of routes whose processes this route shares (e.g. both ion-clay types).
    pub family: Option<&'static str>,
    pub sources: &'static [usize],
    pub note: Text,
}

#[derive(Debug)]
pub struct PresetDef {
    pub id: &'static str,
    pub label: Text,
    pub recycled: &'static str,
    pub site: &'static str,
    pub baseline: &'static str,
    pub oxide: &'static str,
    pub allocation: &'static str,
    /// Rules at single nodes, `(process id, rule)`.
    pub allocation_at: &'static [(&'static str, &'static str)],
    pub recycling_rule: &'static str,
    pub claim_percent: f64,
    pub overrides: &'static [(usize, f64)],
    pub sources: &'static [usize],
    pub note: Text,
}

#[derive(Debug)]
pub struct PriceSetRow {
    pub set: &'static str,
    pub param: usize,
    pub value: f64,
    /// Range quoted by the source, `(low, high)`, sampled in Monte Carlo runs of this set.
    pub range: Option<(f64, f64)>,
    /// Sets of one group (e.g. the USGS annual averages) stand for each other in Monte Carlo
    /// runs: a run of a set of the group draws one set of the group per iteration.
    pub sample_group: Option<&'static str>,
    pub status: Status,
    pub year: Option<u16>,
    pub sources: &'static [usize],
    pub note: Text,
}

crate::text::display_as_str!(Side);

/// A share of an ore basket: a sourced number, or a parameter (a gap with a range).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BasketValue {
    Share(f64),
    Parameter(usize),
}

/// One product's share in the REO of an ore basket (kg per kg total REO, before the
/// normalisation over the basket).
#[derive(Debug)]
pub struct BasketRow {
    pub basket: &'static str,
    pub product: &'static str,
    pub value: BasketValue,
    pub status: Status,
    pub year: Option<u16>,
    pub sources: &'static [usize],
    pub note: Text,
}

/// An allocation scheme of the claim map: a rule for every node, and rules by stage.
#[derive(Debug)]
pub struct SchemeDef {
    pub id: &'static str,
    pub label: Text,
    pub rule: &'static str,
    /// `(stage, rule)`: the rule at the multi-output nodes of that stage.
    pub at_stages: &'static [(&'static str, &'static str)],
    pub note: Text,
}
