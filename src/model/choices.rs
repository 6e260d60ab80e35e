//! The discrete choices of a scenario: allocation rule, recycling rule, GWP set, and which
//! side(s) of a comparison use an input.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::truncate;

/// How multi-output processes are split between co-products.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, tsify_next::Tsify)]
#[serde(rename_all = "camelCase")]
pub enum Allocation {
    /// By mass of the co-products.
    Mass,
    /// By economic value (mass × price from the price set and overrides).
    Economic,
    /// The published model's own factors (Sprecher et al.), where given.
    Model,
}

impl Allocation {
    pub const ALL: [Allocation; 3] = [Allocation::Mass, Allocation::Economic, Allocation::Model];
    pub fn as_str(self) -> &'static str {
        match self {
            Allocation::Mass => "mass",
            Allocation::Economic => "economic",
            Allocation::Model => "model",
        }
    }
    pub fn parse(s: &str, field: &str) -> Result<Allocation> {
        Allocation::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| unknown(field, "allocation rule", s, "mass, economic, model"))
    }
}

/// How the recycled route treats its inputs and co-products.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, tsify_next::Tsify)]
pub enum RecyclingRule {
    /// End-of-life magnets enter free of burden; collection, transport and processing are
    /// counted; co-product oxides share the burden by the allocation rule.
    #[serde(rename = "cut-off")]
    CutOff,
    /// As cut-off, but co-product oxides are credited with the primary production they
    /// displace (system expansion) instead of sharing the burden.
    #[serde(rename = "substitution")]
    Substitution,
}

impl RecyclingRule {
    pub const ALL: [RecyclingRule; 2] = [RecyclingRule::CutOff, RecyclingRule::Substitution];
    pub fn as_str(self) -> &'static str {
        match self {
            RecyclingRule::CutOff => "cut-off",
            RecyclingRule::Substitution => "substitution",
        }
    }
    pub fn parse(s: &str, field: &str) -> Result<RecyclingRule> {
        RecyclingRule::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| unknown(field, "recycling rule", s, "cut-off, substitution"))
    }
}

/// GWP100 characterisation set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, tsify_next::Tsify)]
pub enum GwpSet {
    /// IPCC AR6 (2021), the default.
    AR6,
    /// IPCC AR5 (2013), for comparison with older studies.
    AR5,
}

impl GwpSet {
    pub const ALL: [GwpSet; 2] = [GwpSet::AR6, GwpSet::AR5];
    pub fn as_str(self) -> &'static str {
        match self {
            GwpSet::AR6 => "AR6",
            GwpSet::AR5 => "AR5",
        }
    }
    pub fn parse(s: &str, field: &str) -> Result<GwpSet> {
        GwpSet::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| unknown(field, "GWP set", s, "AR6, AR5"))
    }
}

/// Which side(s) of a comparison use an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, tsify_next::Tsify)]
#[serde(rename_all = "camelCase")]
pub enum UsedBy {
    Mined,
    Recycled,
    Both,
}

impl UsedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            UsedBy::Mined => "mined",
            UsedBy::Recycled => "recycled",
            UsedBy::Both => "both",
        }
    }

    /// From whether the mined and the recycled route use the input (`None` if neither).
    pub fn of(mined: bool, recycled: bool) -> Option<UsedBy> {
        match (mined, recycled) {
            (true, true) => Some(UsedBy::Both),
            (true, false) => Some(UsedBy::Mined),
            (false, true) => Some(UsedBy::Recycled),
            (false, false) => None,
        }
    }
}

/// An [`Error::UnknownId`] for `value` at `field`, quoting at most [`crate::text::QUOTE_LEN`]
/// characters of it.
pub fn unknown(field: &str, kind: &'static str, value: &str, expected: &str) -> Error {
    Error::UnknownId {
        field: field.to_string(),
        kind,
        value: truncate(value),
        expected: expected.to_string(),
    }
}

crate::text::display_as_str!(Allocation, RecyclingRule, GwpSet, UsedBy);
