//! What the dataset offers, in display form: presets, parameters, routes, sites, sources and
//! the factors in use. Plain serializable data for the CLI, the wasm API and the page.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::dataset::{
    Side, Status, EXCHANGES, PARAMETERS, PRESETS, PRODUCTS, ROUTES, SITES, SOURCES,
};
use crate::error::Result;
use crate::model::choices::{Allocation, RecyclingRule, UsedBy};
use crate::model::resolve::{accepted_range, resolve, Resolved};
use crate::model::scenario::Scenario;
use crate::routes::{plan_routes, RoutePlan, Value};
use crate::stats::distribution::Dist;

#[derive(Debug, Clone, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct PresetInfo {
    pub id: String,
    pub label: String,
    /// Recycled route id.
    pub recycled: String,
    /// Recycling site id.
    pub site: String,
    /// Mined baseline route id.
    pub baseline: String,
    /// Functional-unit oxide.
    #[tsify(type = "FunctionalUnit")]
    pub oxide: String,
    pub allocation: Allocation,
    /// Rules at single multi-output nodes.
    #[tsify(type = "Record<string, Allocation>")]
    pub allocation_at: BTreeMap<String, Allocation>,
    pub recycling_rule: RecyclingRule,
    /// The stated reduction checked, %.
    pub claim_percent: f64,
    /// Source keys (see `sources()`).
    pub sources: Vec<String>,
    /// Why the preset's choices are what they are.
    pub note: String,
}

#[derive(Debug, Clone, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ParameterInfo {
    pub id: String,
    /// Display group (`grid`, `factors`, `mined`, `recycled`, `prices`).
    pub group: String,
    pub label: String,
    /// Unit of `default`, `min` and `max`.
    pub unit: String,
    pub default: f64,
    /// Smallest value accepted.
    pub min: f64,
    /// Largest value accepted.
    pub max: f64,
    /// Distribution of the Monte Carlo draws around the value.
    #[tsify(type = "Distribution")]
    pub uncertainty: Dist,
    pub status: Status,
    /// Year the figure refers to.
    pub year: Option<u16>,
    /// Source keys (see `sources()`).
    pub sources: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct RouteInfo {
    pub id: String,
    pub kind: Side,
    pub label: String,
    /// The functional-unit oxides the route can make.
    #[tsify(type = "FunctionalUnit[]")]
    pub oxides: Vec<String>,
    /// Functional units it makes only when a parameter is above 0, and why.
    pub conditional_oxides: Vec<ConditionalOxide>,
    /// Whether the route is modelled (unavailable routes say why in `note`).
    pub available: bool,
    /// The parameter searched for a break-even value on this baseline (mined routes).
    pub claim_driver: Option<String>,
    /// Source keys (see `sources()`).
    pub sources: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ConditionalOxide {
    #[tsify(type = "FunctionalUnit")]
    pub oxide: String,
    /// The parameter that must be above 0.
    pub parameter: String,
    /// Why the route yields none by default.
    pub note: String,
}

/// A functional unit the calculator offers.
#[derive(Debug, Clone, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct FunctionalUnitInfo {
    #[tsify(type = "FunctionalUnit")]
    pub id: String,
    /// The product's name, e.g. "Dy2O3 (dysprosium oxide)".
    pub label: String,
    /// The functional unit's wording, e.g. "1 kg Dy2O3 at the plant gate".
    pub functional_unit: String,
}

/// An allocation scheme of the claim map.
#[derive(Debug, Clone, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct AllocationSchemeInfo {
    pub id: String,
    pub label: String,
    /// The rule at every node ...
    pub rule: Allocation,
    /// ... but at the nodes of these stages.
    #[tsify(type = "Record<string, Allocation>")]
    pub at_stages: BTreeMap<String, Allocation>,
    pub note: String,
}

/// The allocation schemes of the claim map.
pub fn allocation_schemes() -> Vec<AllocationSchemeInfo> {
    crate::dataset::SCHEMES
        .iter()
        .map(|s| AllocationSchemeInfo {
            id: s.id.into(),
            label: s.label.into(),
            rule: Allocation::parse(s.rule, "rule").unwrap_or(Allocation::Mass),
            at_stages: rules_at(s.at_stages, "rule"),
            note: s.note.into(),
        })
        .collect()
}

/// The functional units: every product with a functional-unit wording.
pub fn functional_units() -> Vec<FunctionalUnitInfo> {
    PRODUCTS
        .iter()
        .filter_map(|p| {
            p.functional_unit.map(|fu| FunctionalUnitInfo {
                id: p.id.into(),
                label: p.name.into(),
                functional_unit: fu.into(),
            })
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct SiteInfo {
    pub id: String,
    pub label: String,
    /// Parameter id of the site's grid intensity (kg CO2-eq/kWh).
    pub grid_parameter: String,
}

#[derive(Debug, Clone, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct SourceInfo {
    /// Key used by `sources` lists.
    pub key: String,
    /// Full citation.
    pub citation: String,
    pub url: String,
    /// Terms of use of the figures taken from it.
    pub licence: String,
}

pub fn presets() -> Vec<PresetInfo> {
    PRESETS
        .iter()
        .map(|p| PresetInfo {
            id: p.id.into(),
            label: p.label.into(),
            recycled: p.recycled.into(),
            site: p.site.into(),
            baseline: p.baseline.into(),
            oxide: p.oxide.into(),
            allocation: Allocation::parse(p.allocation, "allocation").unwrap_or(Allocation::Mass),
            allocation_at: rules_at(p.allocation_at, "allocationAt"),
            recycling_rule: RecyclingRule::parse(p.recycling_rule, "recyclingRule")
                .unwrap_or(RecyclingRule::CutOff),
            claim_percent: p.claim_percent,
            sources: keys(p.sources),
            note: p.note.into(),
        })
        .collect()
}

/// `(node or stage, rule)` pairs of a table as a map (inserted one by one: collecting into a
/// `BTreeMap` would bring one more copy of the standard library's sort per call site).
fn rules_at(pairs: &[(&str, &str)], field: &str) -> BTreeMap<String, Allocation> {
    let mut map = BTreeMap::new();
    for (k, r) in pairs {
        if let Ok(rule) = Allocation::parse(r, field) {
            map.insert(k.to_string(), rule);
        }
    }
    map
}

fn keys(ids: &[usize]) -> Vec<String> {
    ids.iter().map(|&i| SOURCES[i].key.to_string()).collect()
}

pub fn parameters() -> Vec<ParameterInfo> {
    PARAMETERS
        .iter()
        .map(|p| ParameterInfo {
            id: p.id.into(),
            group: p.group.into(),
            label: p.label.into(),
            unit: p.unit.into(),
            default: p.default,
            min: p.min,
            max: p.max,
            uncertainty: p.uncertainty,
            status: p.status,
            year: p.year,
            sources: keys(p.sources),
            note: p.note.into(),
        })
        .collect()
}

pub fn routes() -> Vec<RouteInfo> {
    ROUTES
        .iter()
        .map(|r| RouteInfo {
            id: r.id.into(),
            kind: r.kind,
            label: r.label.into(),
            oxides: r.oxides.iter().map(|s| s.to_string()).collect(),
            conditional_oxides: r
                .oxides_if
                .iter()
                .map(|&(o, p)| ConditionalOxide {
                    oxide: o.into(),
                    parameter: PARAMETERS[p].id.into(),
                    note: PARAMETERS[p].note.into(),
                })
                .collect(),
            available: r.available,
            claim_driver: r.claim_driver.map(|p| PARAMETERS[p].id.to_string()),
            sources: keys(r.sources),
            note: r.note.into(),
        })
        .collect()
}

pub fn sites() -> Vec<SiteInfo> {
    SITES
        .iter()
        .map(|s| SiteInfo {
            id: s.id.into(),
            label: s.label.into(),
            grid_parameter: PARAMETERS[s.grid_param].id.into(),
        })
        .collect()
}

pub fn sources() -> Vec<SourceInfo> {
    SOURCES
        .iter()
        .map(|s| SourceInfo {
            key: s.key.into(),
            citation: s.citation.into(),
            url: s.url.into(),
            licence: s.licence.into(),
        })
        .collect()
}

/// A parameter that enters a scenario's result, with its value and provenance.
#[derive(Debug, Clone, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct FactorInUse {
    pub id: String,
    pub label: String,
    pub group: String,
    /// Value in this scenario, in `unit`.
    pub value: f64,
    /// The table's default, in `unit`.
    pub default: f64,
    pub unit: String,
    pub status: Status,
    pub year: Option<u16>,
    /// Source keys (see `sources()`).
    pub sources: Vec<String>,
    pub note: String,
    pub used_by: UsedBy,
}

/// Inventory data rows (not parameters) used by a scenario, grouped by source key.
#[derive(Debug, Clone, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct DataInUse {
    pub source: String,
    /// Number of exchange rows taken from this source.
    pub exchanges: usize,
    /// Their status tags.
    pub statuses: Vec<Status>,
}

/// Everything a scenario's result rests on.
#[derive(Debug, Clone, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct InUse {
    pub parameters: Vec<FactorInUse>,
    pub data: Vec<DataInUse>,
    /// Parameters (in use or not) whose accepted range in this scenario is narrower than the
    /// table's, because another parameter limits it.
    pub narrowed: Vec<AcceptedRange>,
}

/// The range a parameter accepts in a scenario (see [`accepted_range`]).
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct AcceptedRange {
    pub id: String,
    /// In the parameter's unit.
    pub min: f64,
    pub max: f64,
}

/// The parameters and inventory rows that enter the result of scenario `s`.
pub fn in_use(s: &Scenario) -> Result<InUse> {
    let r = resolve(s)?;
    let (mp, rp) = plan_routes(&r)?;
    Ok(in_use_planned(&r, &mp, &rp))
}

/// As [`in_use`], for a validated scenario whose routes are planned.
pub fn in_use_planned(r: &Resolved, mp: &RoutePlan, rp: &RoutePlan) -> InUse {
    let mut params: Vec<(usize, u8)> = Vec::new();
    let mut data: Vec<DataInUse> = Vec::new();
    for (side, plan) in [(1u8, mp.plan()), (2u8, rp.plan())] {
        for e in &plan.entries {
            let Value::Exchange(i) = e.value else {
                continue;
            };
            let ex = &EXCHANGES[i];
            let mut used: Vec<usize> = ex.params_used.to_vec();
            if ex.formula.contains("siteGrid") {
                used.push(r.site.grid_param);
            }
            for p in used {
                match params.iter_mut().find(|(q, _)| *q == p) {
                    Some((_, m)) => *m |= side,
                    None => params.push((p, side)),
                }
            }
            if ex.status != Status::Parameter {
                for &k in ex.sources {
                    let key = SOURCES[k].key.to_string();
                    match data.iter_mut().find(|d| d.source == key) {
                        Some(d) => {
                            d.exchanges += 1;
                            if !d.statuses.contains(&ex.status) {
                                d.statuses.push(ex.status);
                            }
                        }
                        None => data.push(DataInUse {
                            source: key,
                            exchanges: 1,
                            statuses: vec![ex.status],
                        }),
                    }
                }
            }
        }
    }
    crate::order::sort_by_key(&mut params, |(p, _)| *p);
    InUse {
        parameters: params
            .into_iter()
            .map(|(p, m)| {
                let d = &PARAMETERS[p];
                FactorInUse {
                    id: d.id.into(),
                    label: d.label.into(),
                    group: d.group.into(),
                    value: r.params[p],
                    default: d.default,
                    unit: d.unit.into(),
                    status: d.status,
                    year: d.year,
                    sources: keys(d.sources),
                    note: d.note.into(),
                    used_by: UsedBy::of(m & 1 != 0, m & 2 != 0).unwrap_or(UsedBy::Both),
                }
            })
            .collect(),
        data,
        narrowed: PARAMETERS
            .iter()
            .enumerate()
            .filter_map(|(i, d)| {
                let (min, max) = accepted_range(&r.params, r.recycled.id, i);
                (min != d.min || max != d.max).then(|| AcceptedRange {
                    id: d.id.into(),
                    min,
                    max,
                })
            })
            .collect(),
    }
}
