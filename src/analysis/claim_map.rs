//! The claim map: the reduction and the verdict for every combination of the choices a claim
//! rests on — mined baseline × allocation scheme × recycling rule × price set × recycling
//! site — with a summary of how many hold, the range of the reduction, and which choices
//! decide it.
//!
//! Everything else of the scenario (oxide, GWP set, parameters set by the preset or the user,
//! the custom inventory) is kept. Each combination is a planned system evaluated with its own
//! rules and parameters, exactly as a single comparison of that combination would be (a test
//! checks the rows against single `compare` runs); the plans are made once per baseline and
//! recycling rule, and the totals that do not depend on a choice are computed once for it.

use serde::Serialize;

use crate::dataset::{
    self, Side, SiteDef, Vars, PRICE_SET_ROWS, PROCESSES, ROUTES, SCHEMES, SITES,
};
use crate::error::{Error, Result};
use crate::model::choices::{Allocation, RecyclingRule};
use crate::model::derived::default_params;
use crate::model::resolve::{offers, Resolved};
use crate::number;
use crate::routes::{plan, CompiledPlan, Rules};

use super::verdict::{holds, reduction_percent};

/// One combination of choices and its result.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ClaimMapRow {
    /// Mined baseline route id.
    pub baseline: String,
    /// Allocation scheme id (see `schemes` of the map).
    pub scheme: String,
    pub recycling_rule: RecyclingRule,
    /// Price set id.
    pub price_set: String,
    /// Recycling site id.
    pub site: String,
    /// Mined total, kg CO2-eq per kg of functional unit.
    pub mined: f64,
    /// Recycled total, kg CO2-eq per kg of functional unit.
    pub recycled: f64,
    /// `(mined − recycled) / mined × 100`, %; `null` when the mined total is not positive.
    pub reduction_percent: Option<f64>,
    /// Whether the stated reduction holds.
    pub holds: bool,
}

/// A dimension of the claim map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, tsify_next::Tsify)]
#[serde(rename_all = "camelCase")]
pub enum ClaimDimension {
    Baseline,
    Scheme,
    RecyclingRule,
    PriceSet,
    Site,
}

impl ClaimDimension {
    pub const ALL: [ClaimDimension; 5] = [
        ClaimDimension::Baseline,
        ClaimDimension::Scheme,
        ClaimDimension::RecyclingRule,
        ClaimDimension::PriceSet,
        ClaimDimension::Site,
    ];
    /// How the dimension is named in sentences.
    pub fn noun(self) -> &'static str {
        match self {
            ClaimDimension::Baseline => "the mined baseline",
            ClaimDimension::Scheme => "the allocation",
            ClaimDimension::RecyclingRule => "the recycling rule",
            ClaimDimension::PriceSet => "the price set",
            ClaimDimension::Site => "the recycling site",
        }
    }
    fn of(self, r: &ClaimMapRow) -> &str {
        match self {
            ClaimDimension::Baseline => &r.baseline,
            ClaimDimension::Scheme => &r.scheme,
            ClaimDimension::RecyclingRule => r.recycling_rule.as_str(),
            ClaimDimension::PriceSet => &r.price_set,
            ClaimDimension::Site => &r.site,
        }
    }
}

/// How much one choice decides the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Decider {
    pub dimension: ClaimDimension,
    /// Groups of rows that differ only in this choice whose verdict changes with it ...
    pub flips: usize,
    /// ... out of this many such groups.
    pub groups: usize,
    /// The values of this choice under which the claim holds somewhere.
    pub holds_with: Vec<String>,
}

/// Summary of a claim map.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ClaimMapSummary {
    /// Combinations computed.
    pub combinations: usize,
    /// Combinations where the stated reduction holds.
    pub holding: usize,
    /// Smallest and largest reduction, % (`null` if none is defined).
    pub min_reduction_percent: Option<f64>,
    pub max_reduction_percent: Option<f64>,
    /// The choices, most deciding first.
    pub deciders: Vec<Decider>,
    /// The summary in one paragraph.
    pub sentence: String,
}

/// A choice offered by the map, with its label.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ClaimChoice {
    pub id: String,
    pub label: String,
}

/// The claim map of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ClaimMap {
    pub preset: String,
    /// Functional-unit product id.
    #[tsify(type = "FunctionalUnit")]
    pub oxide: String,
    pub functional_unit: String,
    /// The stated reduction checked, %.
    pub stated_percent: f64,
    pub baselines: Vec<ClaimChoice>,
    pub schemes: Vec<ClaimChoice>,
    pub recycling_rules: Vec<RecyclingRule>,
    pub price_sets: Vec<String>,
    pub sites: Vec<ClaimChoice>,
    pub rows: Vec<ClaimMapRow>,
    /// Combinations that could not be computed, with the reason.
    pub skipped: Vec<String>,
    pub summary: ClaimMapSummary,
}

/// The rule of scheme `s` at every node, and the per-node rules of its stages.
fn scheme_rules(s: &dataset::SchemeDef) -> (Allocation, Vec<(usize, Allocation)>) {
    let rule = |x: &str| Allocation::parse(x, "scheme").unwrap_or(Allocation::Mass);
    let at = PROCESSES
        .iter()
        .enumerate()
        .filter_map(|(pi, p)| {
            s.at_stages
                .iter()
                .find(|(stage, _)| *stage == p.stage)
                .map(|(_, r)| (pi, rule(r)))
        })
        .collect();
    (rule(s.rule), at)
}

/// The scenario's parameters with price set `set` (as [`crate::model::resolve::resolve`]
/// applies it: the set's rows, then the preset's overrides and the user's).
fn params_with_price_set(r: &Resolved, set: &str) -> [f64; dataset::N_PARAMS] {
    let mut p = default_params();
    for row in PRICE_SET_ROWS.iter().filter(|x| x.set == set) {
        p[row.param] = row.value;
    }
    for &(i, v) in r.preset.overrides {
        p[i] = v;
    }
    for id in &r.overridden {
        if let Some(i) = dataset::param_index(id) {
            p[i] = r.params[i];
        }
    }
    p
}

/// The plans of one baseline and recycling rule.
struct Planned {
    mined: CompiledPlan,
    recycled: CompiledPlan,
}

fn planned(
    r: &Resolved,
    baseline: &'static dataset::RouteDef,
    rule: RecyclingRule,
) -> Result<Planned> {
    let vars = r.vars();
    let rules = Rules {
        allocation: r.allocation,
        allocation_at: &r.allocation_at,
        recycling_rule: rule,
        gwp: r.gwp,
        custom: None,
    };
    let mined = plan(baseline, r.oxide, &rules, &vars)?.compile();
    let rec_rules = Rules {
        custom: r.inventory.as_ref(),
        ..rules
    };
    let recycled = plan(r.recycled, r.oxide, &rec_rules, &vars)?.compile();
    Ok(Planned { mined, recycled })
}

/// Whether a plan's numbers depend on the recycling site (its grid).
fn uses_site(c: &CompiledPlan) -> bool {
    c.plan.entries.iter().any(|e| match e.value {
        crate::routes::Value::Exchange(i) => dataset::EXCHANGES[i].formula.contains("siteGrid"),
        _ => false,
    })
}

/// The claim map of a validated scenario (see the module docs).
pub fn claim_map(r: &Resolved) -> Result<ClaimMap> {
    let stated = r.claim_percent;
    let baselines: Vec<&'static dataset::RouteDef> = ROUTES
        .iter()
        .filter(|b| b.kind == Side::Mined && b.available && offers(b, r.oxide, &r.params).is_ok())
        .collect();
    let rules = RecyclingRule::ALL;
    let sets = dataset::price_sets();
    let sites: Vec<&SiteDef> = SITES.iter().collect();
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for &rule in &rules {
        for &b in &baselines {
            let p = match planned(r, b, rule) {
                Ok(p) => p,
                Err(e) => {
                    skipped.push(format!("{} with {}: {e}", b.id, rule.as_str()));
                    continue;
                }
            };
            let mined_by_site = uses_site(&p.mined);
            for s in SCHEMES {
                let (all, at) = scheme_rules(s);
                let (cm, cr) = (
                    p.mined.with_rules(all, &at),
                    p.recycled.with_rules(all, &at),
                );
                let (mut wm, mut wr) = (cm.workspace(), cr.workspace());
                for set in &sets {
                    let params = params_with_price_set(r, set);
                    let mut mined_once: Option<Result<f64>> = None;
                    for site in &sites {
                        let vars = Vars::new(params, site.grid_param);
                        let m = if mined_by_site {
                            cm.total(&vars, &mut wm)
                        } else {
                            mined_once
                                .get_or_insert_with(|| cm.total(&vars, &mut wm))
                                .clone()
                        };
                        let c = cr.total(&vars, &mut wr);
                        match (m, c) {
                            (Ok(m), Ok(c)) => {
                                let red = reduction_percent(m, c);
                                rows.push(ClaimMapRow {
                                    baseline: b.id.into(),
                                    scheme: s.id.into(),
                                    recycling_rule: rule,
                                    price_set: (*set).into(),
                                    site: site.id.into(),
                                    mined: m,
                                    recycled: c,
                                    reduction_percent: red,
                                    holds: holds(red, stated),
                                });
                            }
                            (Err(e), _) | (_, Err(e)) => skipped.push(format!(
                                "{} / {} / {} / {} / {}: {e}",
                                b.id,
                                s.id,
                                rule.as_str(),
                                set,
                                site.id
                            )),
                        }
                    }
                }
            }
        }
    }
    if rows.is_empty() {
        return Err(Error::Unavailable {
            field: "oxide".into(),
            reason: format!(
                "no combination of baseline, allocation, recycling rule, price set and site can be computed for {}{}",
                r.oxide,
                skipped.first().map(|s| format!(": {s}")).unwrap_or_default()
            ),
        });
    }
    crate::order::sort_by_key(&mut rows, |x| {
        (
            baselines.iter().position(|b| b.id == x.baseline),
            SCHEMES.iter().position(|s| s.id == x.scheme),
            rules.iter().position(|q| *q == x.recycling_rule),
            sets.iter().position(|q| *q == x.price_set),
            sites.iter().position(|q| q.id == x.site),
        )
    });
    let summary = summarise(&rows, stated);
    Ok(ClaimMap {
        preset: r.preset.id.into(),
        oxide: r.oxide.into(),
        functional_unit: r.functional_unit(),
        stated_percent: stated,
        baselines: baselines
            .iter()
            .map(|b| ClaimChoice {
                id: b.id.into(),
                label: b.label.into(),
            })
            .collect(),
        schemes: SCHEMES
            .iter()
            .map(|s| ClaimChoice {
                id: s.id.into(),
                label: s.label.into(),
            })
            .collect(),
        recycling_rules: rules.to_vec(),
        price_sets: sets.iter().map(|s| s.to_string()).collect(),
        sites: sites
            .iter()
            .map(|s| ClaimChoice {
                id: s.id.into(),
                label: s.label.into(),
            })
            .collect(),
        rows,
        skipped,
        summary,
    })
}

/// Counts, range and deciders of the rows.
fn summarise(rows: &[ClaimMapRow], stated: f64) -> ClaimMapSummary {
    // The values of each dimension in row order (the map's own order).
    let values = |d: ClaimDimension| -> Vec<&str> {
        let mut v: Vec<&str> = Vec::new();
        for r in rows {
            if !v.contains(&d.of(r)) {
                v.push(d.of(r));
            }
        }
        v
    };
    let holding = rows.iter().filter(|r| r.holds).count();
    let reds: Vec<f64> = rows.iter().filter_map(|r| r.reduction_percent).collect();
    let min = reds.iter().copied().reduce(f64::min);
    let max = reds.iter().copied().reduce(f64::max);
    let mut deciders: Vec<Decider> = ClaimDimension::ALL
        .iter()
        .map(|&d| {
            // Rows grouped by every other choice: a group flips if its verdicts differ.
            let mut groups: Vec<(Vec<&str>, bool, bool)> = Vec::new();
            for r in rows {
                let key: Vec<&str> = ClaimDimension::ALL
                    .iter()
                    .filter(|&&o| o != d)
                    .map(|o| o.of(r))
                    .collect();
                match groups.iter_mut().find(|(k, _, _)| *k == key) {
                    Some(g) => {
                        g.1 |= r.holds;
                        g.2 |= !r.holds;
                    }
                    None => groups.push((key, r.holds, !r.holds)),
                }
            }
            let holds_with: Vec<String> = values(d)
                .into_iter()
                .filter(|v| rows.iter().any(|r| r.holds && d.of(r) == *v))
                .map(String::from)
                .collect();
            Decider {
                dimension: d,
                flips: groups.iter().filter(|g| g.1 && g.2).count(),
                groups: groups.len(),
                holds_with,
            }
        })
        .collect();
    crate::order::sort_by_f64_desc(&mut deciders, |x| x.flips as f64 / x.groups.max(1) as f64);
    let range = match (min, max) {
        (Some(a), Some(b)) => format!(
            "the reduction ranges from {} % to {} %",
            crate::text::format_sig(a, 3),
            crate::text::format_sig(b, 3)
        ),
        _ => "no reduction is defined".into(),
    };
    let deciding: Vec<String> = deciders
        .iter()
        .filter(|d| d.flips > 0)
        .map(|d| {
            format!(
                "{} (changes the verdict in {} of {} comparisons)",
                d.dimension.noun(),
                d.flips,
                d.groups
            )
        })
        .collect();
    let turns = if holding == 0 {
        format!(
            "No combination reaches the stated {} %.",
            number::display(stated)
        )
    } else if holding == rows.len() {
        format!(
            "Every combination reaches the stated {} %.",
            number::display(stated)
        )
    } else {
        // The choices under which it never holds, where that narrows anything down.
        let only: Vec<String> = deciders
            .iter()
            .filter(|d| d.flips > 0 && d.holds_with.len() < values(d.dimension).len())
            .map(|d| format!("{} is {}", d.dimension.noun(), d.holds_with.join(" or ")))
            .collect();
        let only = if only.is_empty() {
            String::new()
        } else {
            format!(" It holds only where {}.", only.join(" and "))
        };
        format!("It turns on {}.{only}", deciding.join(", "))
    };
    ClaimMapSummary {
        combinations: rows.len(),
        holding,
        min_reduction_percent: min,
        max_reduction_percent: max,
        sentence: format!(
            "The stated {} % reduction holds in {holding} of {} combinations; {range}. {turns}",
            number::display(stated),
            rows.len()
        ),
        deciders,
    }
}

/// The claim map as CSV: one row per combination, then nothing else.
pub fn claim_map_csv(m: &ClaimMap) -> String {
    let mut out = String::from(
        "baseline,scheme,recycling_rule,price_set,site,mined_kg_co2e,recycled_kg_co2e,reduction_percent,holds\n",
    );
    for r in &m.rows {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{}\n",
            r.baseline,
            r.scheme,
            r.recycling_rule.as_str(),
            r.price_set,
            r.site,
            number::display(r.mined),
            number::display(r.recycled),
            r.reduction_percent.map(number::display).unwrap_or_default(),
            r.holds
        ));
    }
    out
}
