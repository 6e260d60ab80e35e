//! What the dataset offers, in display form: presets, parameters, routes, sites, sources and
//! the factors in use. Plain serializable data for the CLI, the wasm API and the page.

use serde::Serialize;

use crate::dataset::{self, Status, PARAMETERS, PRESETS, ROUTES, SITES, SOURCES};
use crate::model::distribution::Dist;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PresetInfo {
    pub id: String,
    pub label: String,
    pub recycled: String,
    pub site: String,
    pub baseline: String,
    pub oxide: String,
    pub allocation: String,
    pub recycling_rule: String,
    pub claim_percent: f64,
    pub sources: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParameterInfo {
    pub id: String,
    pub group: String,
    pub label: String,
    pub unit: String,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    pub uncertainty: Dist,
    pub status: Status,
    pub year: Option<u16>,
    pub sources: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteInfo {
    pub id: String,
    pub kind: dataset::RouteKind,
    pub label: String,
    pub oxides: Vec<String>,
    pub available: bool,
    pub sources: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteInfo {
    pub id: String,
    pub label: String,
    pub grid_parameter: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceInfo {
    pub key: String,
    pub citation: String,
    pub url: String,
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
            allocation: p.allocation.into(),
            recycling_rule: p.recycling_rule.into(),
            claim_percent: p.claim_percent,
            sources: keys(p.sources),
            note: p.note.into(),
        })
        .collect()
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
            available: r.available,
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
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FactorInUse {
    pub id: String,
    pub label: String,
    pub group: String,
    pub value: f64,
    pub default: f64,
    pub unit: String,
    pub status: Status,
    pub year: Option<u16>,
    pub sources: Vec<String>,
    pub note: String,
    /// `mined`, `recycled` or `both`.
    pub used_by: String,
}

/// Inventory data rows (not parameters) used by a scenario, grouped by source key.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataInUse {
    pub source: String,
    /// Number of exchange rows taken from this source.
    pub exchanges: usize,
    /// Their status tags.
    pub statuses: Vec<Status>,
}

/// Everything a scenario's result rests on.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InUse {
    pub parameters: Vec<FactorInUse>,
    pub data: Vec<DataInUse>,
}

/// The parameters and inventory rows that enter the result of scenario `s`.
pub fn in_use(s: &crate::Scenario) -> crate::Result<InUse> {
    use crate::routes::Value;
    let r = crate::model::scenario::resolve(s)?;
    let (mp, rp) = crate::analysis::compare::plan_routes(&r)?;
    let mut params: Vec<(usize, u8)> = Vec::new();
    let mut data: Vec<DataInUse> = Vec::new();
    for (side, plan) in [(1u8, &mp.plan), (2u8, &rp.plan)] {
        for e in &plan.entries {
            let Value::Exchange(i) = e.value else {
                continue;
            };
            let ex = &dataset::EXCHANGES[i];
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
    params.sort_by_key(|(p, _)| *p);
    Ok(InUse {
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
                    used_by: match m {
                        1 => "mined".into(),
                        2 => "recycled".into(),
                        _ => "both".into(),
                    },
                }
            })
            .collect(),
        data,
    })
}
