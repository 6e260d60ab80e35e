//! Validation of a [`Scenario`] into a [`Resolved`] one, with typed errors that name the field
//! at fault.

use crate::dataset::Vars;
use crate::dataset::{
    self, PresetDef, RouteDef, Side, SiteDef, N_PARAMS, PARAMETERS, PRESETS, PRICE_SET_ROWS,
    ROUTES, SITES,
};
use crate::error::{check_range, Error, Result};
use crate::model::choices::{unknown, Allocation, GwpSet, RecyclingRule};
use crate::model::derived::{default_params, feed_reo_content};
use crate::model::scenario::{
    CustomInventory, Scenario, MAX_CUSTOM_EXCHANGES, MAX_CUSTOM_PROCESSES, MAX_FEED_INPUT_SUM,
    MAX_ID_LEN, MAX_OVERRIDES,
};
use crate::number;
use crate::text::truncate;

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub preset: &'static PresetDef,
    /// Functional-unit product id.
    pub oxide: &'static str,
    pub baseline: &'static RouteDef,
    pub recycled: &'static RouteDef,
    pub site: &'static SiteDef,
    pub allocation: Allocation,
    /// Rules at single nodes, `(process index, rule)`: the preset's, then the scenario's.
    pub allocation_at: Vec<(usize, Allocation)>,
    pub recycling_rule: RecyclingRule,
    pub gwp: GwpSet,
    pub price_set: &'static str,
    pub claim_percent: f64,
    /// Parameter values after price set, preset and overrides.
    pub params: [f64; N_PARAMS],
    /// Ids of the parameters the user changed.
    pub overridden: Vec<&'static str>,
    pub inventory: Option<CustomInventory>,
}

impl Resolved {
    /// The functional-unit product as named in sentences: "Dy2O3", "NdPr oxide (75:25)",
    /// "Dy metal" (the wording of the functional unit without "1 kg" and the gate).
    pub fn fu_label(&self) -> String {
        let fu = self.functional_unit();
        let s = fu.strip_prefix("1 kg ").unwrap_or(&fu);
        s.split(" at the ").next().unwrap_or(s).to_string()
    }

    /// The functional unit's wording, e.g. "1 kg Dy2O3 at the plant gate".
    pub fn functional_unit(&self) -> String {
        dataset::product_index(self.oxide)
            .and_then(|i| dataset::PRODUCTS[i].functional_unit)
            .map_or_else(|| format!("1 kg {}", self.oxide), String::from)
    }

    /// Parameters and derived quantities for this scenario.
    pub fn vars(&self) -> Vars {
        Vars::new(self.params, self.site.grid_param)
    }
    /// The range the scenario's price set quotes for parameter `i`, if it sets that parameter
    /// with a range.
    pub fn price_range(&self, i: usize) -> Option<(f64, f64)> {
        PRICE_SET_ROWS
            .iter()
            .find(|row| row.set == self.price_set && row.param == i)
            .and_then(|row| row.range)
    }

    /// The same scenario with parameter `idx` set to `value` (no validation).
    pub fn with_param(&self, idx: usize, value: f64) -> Resolved {
        let mut r = self.clone();
        if let Some(p) = r.params.get_mut(idx) {
            *p = value;
        }
        r
    }
}

fn check_id(field: &str, s: &str) -> Result<()> {
    if s.len() > MAX_ID_LEN {
        return Err(Error::TooLarge {
            field: field.to_string(),
            len: s.len(),
            max: MAX_ID_LEN,
        });
    }
    Ok(())
}

fn list<T>(items: &[T], f: impl Fn(&T) -> &str) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(", ")
}

/// Feed composition parameters, kg per kg magnet.
pub const FEED_ELEMENTS: [&str; 6] = ["feedNd", "feedPr", "feedDy", "feedTb", "feedFe", "feedCo"];

/// The range a parameter accepts in a scenario whose other values are `params`: the table's
/// `[min, max]`, narrowed where another parameter limits it. The feed elements together may
/// not exceed [`MAX_FEED_INPUT_SUM`] kg per kg magnet, so each one's maximum is what the others
/// leave; the plant yield of `ionic-hydromet` may not exceed the feed's REO content.
///
/// ```
/// use reo_lca::dataset::{param_index, PARAMETERS};
/// use reo_lca::model::resolve::accepted_range;
/// let mut p = [0.0; reo_lca::dataset::N_PARAMS];
/// for (i, d) in PARAMETERS.iter().enumerate() { p[i] = d.default; }
/// let y = param_index("recoveryYield").unwrap();
/// let (lo, hi) = accepted_range(&p, "ionic-hydromet", y);
/// assert_eq!(lo, PARAMETERS[y].min);
/// assert!(hi < PARAMETERS[y].max && hi == reo_lca::model::derived::feed_reo_content(&p));
/// ```
pub fn accepted_range(params: &[f64; N_PARAMS], recycled: &str, i: usize) -> (f64, f64) {
    let d = &dataset::PARAMETERS[i];
    let (lo, mut hi) = (d.min, d.max);
    let feed: Vec<usize> = FEED_ELEMENTS
        .iter()
        .filter_map(|id| dataset::param_index(id))
        .collect();
    if feed.contains(&i) {
        let others: f64 = feed.iter().filter(|&&j| j != i).map(|&j| params[j]).sum();
        hi = hi.min((MAX_FEED_INPUT_SUM - others).max(lo));
    }
    if d.id == "recoveryYield" && recycled == "ionic-hydromet" {
        hi = hi.min(feed_reo_content(params).max(lo));
    }
    (lo, hi)
}

/// Validates a scenario. Order: preset, ids, price set, overrides (each checked against its
/// range), cross-checks (yield vs feed REO content, feed composition), custom inventory.
pub fn resolve(s: &Scenario) -> Result<Resolved> {
    check_id("preset", &s.preset)?;
    let preset = dataset::preset(&s.preset)
        .ok_or_else(|| unknown("preset", "preset", &s.preset, &list(PRESETS, |p| p.id)))?;
    let route_of = |field: &str, id: &str, kind: Side| -> Result<&'static RouteDef> {
        check_id(field, id)?;
        let candidates: Vec<&RouteDef> = ROUTES.iter().filter(|r| r.kind == kind).collect();
        let r = dataset::route(id)
            .filter(|r| r.kind == kind)
            .ok_or_else(|| unknown(field, "route", id, &list(&candidates, |r| r.id)))?;
        if !r.available {
            return Err(Error::Unavailable {
                field: field.to_string(),
                reason: format!("route {} is not modelled: {}", r.id, r.note),
            });
        }
        Ok(r)
    };
    let baseline = route_of(
        "baseline",
        s.baseline.as_deref().unwrap_or(preset.baseline),
        Side::Mined,
    )?;
    let recycled = route_of(
        "recycled",
        s.recycled.as_deref().unwrap_or(preset.recycled),
        Side::Recycled,
    )?;
    let site_id = s.site.as_deref().unwrap_or(preset.site);
    check_id("site", site_id)?;
    let site = dataset::site(site_id)
        .ok_or_else(|| unknown("site", "site", site_id, &list(SITES, |s| s.id)))?;
    let oxide_id = s.oxide.as_deref().unwrap_or(preset.oxide);
    check_id("oxide", oxide_id)?;
    let fu: Vec<&str> = dataset::PRODUCTS
        .iter()
        .filter(|p| p.functional_unit.is_some())
        .map(|p| p.id)
        .collect();
    let oxide = *fu
        .iter()
        .find(|o| **o == oxide_id)
        .ok_or_else(|| unknown("oxide", "oxide", oxide_id, &fu.join(", ")))?;
    let allocation = Allocation::parse(
        s.allocation.as_deref().unwrap_or(preset.allocation),
        "allocation",
    )?;
    let allocation_at = allocation_at(s, preset, baseline, recycled)?;
    let recycling_rule = RecyclingRule::parse(
        s.recycling_rule.as_deref().unwrap_or(preset.recycling_rule),
        "recyclingRule",
    )?;
    let gwp = GwpSet::parse(s.gwp.as_deref().unwrap_or("AR6"), "gwp")?;
    let claim_percent = match s.claim_percent {
        Some(c) => check_range("claimPercent", c, 0.0, 100.0)?,
        None => preset.claim_percent,
    };

    let mut params = default_params();
    let sets = dataset::price_sets();
    let price_set_id = s.price_set.as_deref().unwrap_or("usgs-2024");
    check_id("priceSet", price_set_id)?;
    let price_set = *sets
        .iter()
        .find(|x| **x == price_set_id)
        .ok_or_else(|| unknown("priceSet", "price set", price_set_id, &sets.join(", ")))?;
    for row in PRICE_SET_ROWS.iter().filter(|r| r.set == price_set) {
        params[row.param] = row.value;
    }
    for &(i, v) in preset.overrides {
        params[i] = v;
    }
    if s.overrides.len() > MAX_OVERRIDES {
        return Err(Error::TooLarge {
            field: "overrides".into(),
            len: s.overrides.len(),
            max: MAX_OVERRIDES,
        });
    }
    let mut overridden = Vec::new();
    for (k, &v) in &s.overrides {
        check_id("overrides", k)?;
        let field = format!("overrides.{}", truncate(k));
        let i = dataset::param_index(k)
            .ok_or_else(|| unknown(&field, "parameter", k, "the ids listed by parameters()"))?;
        let def = &PARAMETERS[i];
        params[i] = check_range(&field, v, def.min, def.max)?;
        overridden.push(def.id);
    }

    // Cross-checks on the recycled feed.
    let feed_sum: f64 = FEED_ELEMENTS
        .iter()
        .filter_map(|id| dataset::param_index(id))
        .map(|i| params[i])
        .sum();
    // The Jin base case lists inputs per kg magnet including manufacturing losses (they sum to
    // 1.109 kg/kg with B, Cu and Ga), so the check allows up to 1.25 kg/kg.
    if feed_sum > MAX_FEED_INPUT_SUM {
        // Name the changed element that grew most; the iron share when none was changed.
        let culprit = FEED_ELEMENTS
            .iter()
            .filter_map(|id| Some((*id, s.overrides.get(*id)?, dataset::param_index(id)?)))
            .max_by(|a, b| {
                let up = |(_, v, i): &(&str, &f64, usize)| **v - PARAMETERS[*i].default;
                up(a).total_cmp(&up(b))
            })
            .map_or("feedFe", |(id, _, _)| id);
        return Err(Error::Inconsistent {
            field: format!("overrides.{culprit}"),
            reason: format!(
                "the feed elements sum to {} kg per kg magnet, above {}",
                number::fixed(feed_sum, 4),
                number::display(MAX_FEED_INPUT_SUM)
            ),
        });
    }
    let reo = feed_reo_content(&params);
    if let Some(iy) = dataset::param_index("recoveryYield") {
        if recycled.id == "ionic-hydromet" && params[iy] > reo + 1e-12 {
            return Err(Error::Inconsistent {
                field: "overrides.recoveryYield".into(),
                reason: format!(
                    "a yield of {} kg REO per kg feed exceeds the feed's REO content of {} kg/kg",
                    number::display(params[iy]),
                    number::fixed(reo, 4)
                ),
            });
        }
    }
    if let Some(inv) = &s.inventory {
        validate_inventory(inv).map_err(|e| e.within("inventory"))?;
    }
    offers(baseline, oxide, &params)?;
    if s.inventory.is_none() {
        offers(recycled, oxide, &params)?;
    }
    Ok(Resolved {
        preset,
        oxide,
        baseline,
        recycled,
        site,
        allocation,
        allocation_at,
        recycling_rule,
        gwp,
        price_set,
        claim_percent,
        params,
        overridden,
        inventory: s.inventory.clone(),
    })
}

/// Checks a custom inventory's shape and numbers (field paths relative to the inventory).
pub fn validate_inventory(inv: &CustomInventory) -> Result<()> {
    if inv.processes.is_empty() {
        return Err(Error::InvalidShape {
            field: "processes".into(),
            reason: "must hold at least one process".into(),
        });
    }
    if inv.processes.len() > MAX_CUSTOM_PROCESSES {
        return Err(Error::TooLarge {
            field: "processes".into(),
            len: inv.processes.len(),
            max: MAX_CUSTOM_PROCESSES,
        });
    }
    if let Some(n) = &inv.name {
        check_id("name", n)?;
    }
    let mut ids: Vec<&str> = Vec::new();
    for (i, p) in inv.processes.iter().enumerate() {
        let base = format!("processes[{i}]");
        check_id(&format!("{base}.id"), &p.id)?;
        if p.id.is_empty() {
            return Err(Error::InvalidShape {
                field: format!("{base}.id"),
                reason: "must not be empty".into(),
            });
        }
        if ids.contains(&p.id.as_str()) {
            return Err(Error::Inconsistent {
                field: format!("{base}.id"),
                reason: format!("duplicate process id {:?}", truncate(&p.id)),
            });
        }
        ids.push(&p.id);
        if let Some(n) = &p.name {
            check_id(&format!("{base}.name"), n)?;
        }
        if let Some(n) = &p.stage {
            check_id(&format!("{base}.stage"), n)?;
            // The engine charges background processes to the foreground stages that use
            // them; a custom process labelled so would vanish from the stage breakdown.
            if n == "background" {
                return Err(Error::Inconsistent {
                    field: format!("{base}.stage"),
                    reason: "\"background\" is reserved for the built-in supply-chain datasets"
                        .into(),
                });
            }
        }
        if p.outputs.is_empty() {
            return Err(Error::InvalidShape {
                field: format!("{base}.outputs"),
                reason: "must hold at least one output".into(),
            });
        }
        for (kind, items) in [
            ("outputs", &p.outputs),
            ("inputs", &p.inputs),
            ("emissions", &p.emissions),
        ] {
            if items.len() > MAX_CUSTOM_EXCHANGES {
                return Err(Error::TooLarge {
                    field: format!("{base}.{kind}"),
                    len: items.len(),
                    max: MAX_CUSTOM_EXCHANGES,
                });
            }
            for (j, x) in items.iter().enumerate() {
                let f = format!("{base}.{kind}[{j}]");
                check_id(&format!("{f}.flow"), &x.flow)?;
                if x.flow.is_empty() {
                    return Err(Error::InvalidShape {
                        field: format!("{f}.flow"),
                        reason: "must not be empty".into(),
                    });
                }
                check_range(&format!("{f}.amount"), x.amount, 0.0, 1e12)?;
                if kind == "outputs" && x.amount <= 0.0 {
                    return Err(Error::OutOfRange {
                        field: format!("{f}.amount"),
                        value: x.amount,
                        min: f64::MIN_POSITIVE,
                        max: 1e12,
                    });
                }
                if kind == "emissions" && dataset::flow_index(&x.flow).is_none() {
                    return Err(unknown(
                        &format!("{f}.flow"),
                        "elementary flow",
                        &x.flow,
                        &list(dataset::FLOWS, |f| f.id),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The per-node rules of a scenario: the preset's, then the scenario's `allocationAt`. A node
/// must be a multi-output process of the baseline or the recycled route, or of a mined route
/// (the suppliers of displaced co-products under substitution).
fn allocation_at(
    s: &Scenario,
    preset: &PresetDef,
    baseline: &RouteDef,
    recycled: &RouteDef,
) -> Result<Vec<(usize, Allocation)>> {
    let nodes: Vec<usize> = baseline
        .allocation_points
        .iter()
        .chain(recycled.allocation_points)
        .chain(
            ROUTES
                .iter()
                .filter(|r| r.kind == Side::Mined)
                .flat_map(|r| r.allocation_points),
        )
        .copied()
        .collect();
    let mut out: Vec<(usize, Allocation)> = Vec::new();
    let mut set = |field: &str, node: &str, rule: &str| -> Result<()> {
        check_id(field, node)?;
        let p = dataset::process_index(node)
            .filter(|p| nodes.contains(p))
            .ok_or_else(|| {
                let mut ids: Vec<&str> = baseline
                    .allocation_points
                    .iter()
                    .chain(recycled.allocation_points)
                    .map(|&p| dataset::PROCESSES[p].id)
                    .collect();
                ids.dedup();
                unknown(field, "multi-output node", node, &ids.join(", "))
            })?;
        let rule = Allocation::parse(rule, field)?;
        match out.iter_mut().find(|(q, _)| *q == p) {
            Some(x) => x.1 = rule,
            None => out.push((p, rule)),
        }
        Ok(())
    };
    for (node, rule) in preset.allocation_at {
        set("allocationAt", node, rule)?;
    }
    if s.allocation_at.len() > MAX_OVERRIDES {
        return Err(Error::TooLarge {
            field: "allocationAt".into(),
            len: s.allocation_at.len(),
            max: MAX_OVERRIDES,
        });
    }
    for (node, rule) in &s.allocation_at {
        check_id("allocationAt", node)?;
        set(&format!("allocationAt.{}", truncate(node)), node, rule)?;
    }
    Ok(out)
}

/// Whether `route` makes functional unit `fu` with parameters `params`: an
/// [`Error::Unavailable`] at `oxide` saying why not (the route does not make it, or makes it
/// only when a parameter is above 0, e.g. a magnet feed with no Tb).
pub fn offers(route: &RouteDef, fu: &str, params: &[f64; N_PARAMS]) -> Result<()> {
    if route.oxides.contains(&fu) {
        return Ok(());
    }
    let reason = match route.oxides_if.iter().find(|(o, _)| *o == fu) {
        Some(&(_, p)) if params[p] > 0.0 => return Ok(()),
        Some(&(_, p)) => {
            let def = &PARAMETERS[p];
            format!(
                "route {} yields no {fu} while {} ({}) is 0: {}",
                route.id, def.label, def.id, def.note
            )
        }
        None => format!(
            "route {} does not make {fu}; it offers {}",
            route.id,
            route.oxides.join(", ")
        ),
    };
    Err(Error::Unavailable {
        field: "oxide".into(),
        reason,
    })
}
