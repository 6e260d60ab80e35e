//! The uncertain inputs of a scenario: which parameters and exchange rows are sampled, with
//! which distribution and random stream, and both routes compiled for re-evaluation.

use serde::Serialize;

use crate::dataset::Vars;
use crate::dataset::{
    self, Direction, FlowRef, EXCHANGES, FLOWS, PARAMETERS, PRICE_SET_ROWS, PROCESSES, PRODUCTS,
};
use crate::error::Result;
use crate::model::choices::UsedBy;
use crate::model::resolve::Resolved;
use crate::routes::{plan_routes, CompiledPlan};
use crate::stats::distribution::{Dist, Sampler};
use crate::stats::rng::{key_of, Rng};

/// What an uncertain input sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputTarget {
    /// A named parameter (index into [`PARAMETERS`]).
    Parameter(usize),
    /// A multiplicative factor on a built-in exchange (index into [`EXCHANGES`]).
    Exchange(usize),
    /// One price set of a group per draw (the sets' values are [`Prepared::price_choices`]).
    PriceSet,
}

/// What kind of input is sampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, tsify_next::Tsify)]
#[serde(rename_all = "camelCase")]
pub enum InputKind {
    /// A named parameter.
    Parameter,
    /// A multiplicative factor on one exchange row of the inventory.
    Exchange,
    /// The price set, drawn among the sets of its group (e.g. the USGS annual averages): the
    /// value is the set's position in `choices`.
    PriceSet,
}

/// One sampled input.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct UncertainInput {
    pub kind: InputKind,
    /// Parameter id, or `process/direction/flow` for an exchange.
    pub id: String,
    pub label: String,
    pub unit: String,
    /// Deterministic value: the parameter's value or the exchange's amount in the scenario.
    pub value: f64,
    /// The table's distribution.
    #[tsify(type = "Distribution")]
    pub distribution: Dist,
    /// Mean, 5th and 95th percentiles of the input (parameter value or exchange amount).
    pub mean: f64,
    pub p5: f64,
    pub p95: f64,
    pub used_by: UsedBy,
    /// For a price set: the sets drawn from, in order (`value` is the scenario's position).
    pub choices: Vec<String>,
    #[serde(skip)]
    pub target: InputTarget,
    #[serde(skip)]
    pub(super) sampler: Sampler,
    /// The sample is divided by this (1, or the deterministic amount of an exchange whose
    /// distribution is absolute) to give the factor.
    #[serde(skip)]
    pub(super) divisor: f64,
    #[serde(skip)]
    pub(super) key: u64,
}

impl UncertainInput {
    /// One draw of the value this input sets (parameter value, exchange factor, or the
    /// position of a price set).
    pub(super) fn draw(&self, rng: &mut Rng) -> f64 {
        let x = self.sampler.sample(rng) / self.divisor;
        match self.target {
            InputTarget::PriceSet => choice(x, self.choices.len()) as f64,
            _ => x,
        }
    }
}

/// Both routes of a scenario, compiled, with the uncertain inputs identified.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub resolved: Resolved,
    pub mined: CompiledPlan,
    pub recycled: CompiledPlan,
    /// Variables at the scenario values.
    pub base: Vars,
    /// Deterministic totals `(mined, recycled)`.
    pub deterministic: (f64, f64),
    /// Sampled inputs: parameters in table order, then exchanges in table order.
    pub inputs: Vec<UncertainInput>,
    /// Parameters with a distribution that are fixed because the scenario sets them.
    pub fixed_by_scenario: Vec<String>,
    /// The parameter values of each price set a [`InputTarget::PriceSet`] draws from.
    pub price_choices: Vec<Vec<(usize, f64)>>,
    /// For each uncertain parameter that enters: `(index, p5, p95, (mined, recycled) at p5,
    /// (mined, recycled) at p95)`, the others at their scenario values.
    pub one_at_a_time: Vec<OneAtATime>,
}

/// A route pair evaluated with one parameter at its 5th and 95th percentiles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OneAtATime {
    pub param: usize,
    pub low: f64,
    pub high: f64,
    pub at_low: (Option<f64>, Option<f64>),
    pub at_high: (Option<f64>, Option<f64>),
}

fn direction_str(d: Direction) -> &'static str {
    match d {
        Direction::Output => "output",
        Direction::Input => "input",
        Direction::Emission => "emission",
    }
}

/// The position drawn among `n` choices from a uniform draw `x` in `[0, n)`.
pub(super) fn choice(x: f64, n: usize) -> usize {
    (x.max(0.0) as usize).min(n.saturating_sub(1))
}

/// `process/direction/flow` of an exchange (`#n` added for the n-th repeat of such a row),
/// and its stream name `exchange:process/direction/flow#n`.
pub fn exchange_id(ei: usize) -> (String, String) {
    let Some(e) = EXCHANGES.get(ei) else {
        return (format!("exchange#{ei}"), format!("exchange:#{ei}"));
    };
    let flow = match e.flow {
        FlowRef::Product(q) => PRODUCTS[q].id,
        FlowRef::Elementary(k) => FLOWS[k].id,
    };
    let base = format!(
        "{}/{}/{}",
        PROCESSES[e.process].id,
        direction_str(e.direction),
        flow
    );
    let n = EXCHANGES[..ei]
        .iter()
        .filter(|x| x.process == e.process && x.direction == e.direction && x.flow == e.flow)
        .count();
    let stream = format!("exchange:{base}#{n}");
    let id = if n == 0 { base } else { format!("{base}#{n}") };
    (id, stream)
}

impl Prepared {
    /// Resolves nothing: takes a validated scenario, plans and compiles both routes, computes
    /// the deterministic totals and identifies the uncertain inputs (see the module docs).
    pub fn new(r: &Resolved) -> Result<Prepared> {
        let (mp, rp) = plan_routes(r)?;
        let (mined, recycled) = (mp.compiled, rp.compiled);
        let base = r.vars();
        let (mut wm, mut wr) = (mined.workspace(), recycled.workspace());
        let m0 = mined.total(&base, &mut wm)?;
        let r0 = recycled.total(&base, &mut wr)?;
        let grid = r.site.grid_param;
        let mut inputs = Vec::new();
        let mut fixed_by_scenario = Vec::new();
        let mut one_at_a_time = Vec::new();
        // The price set stands for its group (e.g. one USGS year for any other): drawn per
        // iteration unless the scenario sets a price itself.
        let group = dataset::price_set_group(r.price_set);
        let group_sets = group.map(dataset::price_sets_in_group).unwrap_or_default();
        let price_params: Vec<usize> = PRICE_SET_ROWS
            .iter()
            .filter(|row| group_sets.contains(&row.set))
            .map(|row| row.param)
            .collect();
        let draw_sets = group_sets.len() > 1
            && !price_params
                .iter()
                .any(|&i| r.overridden.contains(&PARAMETERS[i].id));
        for (i, def) in PARAMETERS.iter().enumerate() {
            if draw_sets && price_params.contains(&i) {
                continue;
            }
            let value = r.params[i];
            let overridden = r.overridden.contains(&def.id);
            // A price of the scenario's price set with a quoted range is drawn in that range.
            let range = r.price_range(i).filter(|_| !overridden);
            let d = match range {
                Some((lo, hi)) => Dist::Uniform(lo, hi),
                None => def.uncertainty,
            };
            if d.is_fixed() {
                continue;
            }
            if overridden || (range.is_none() && value != def.default) {
                fixed_by_scenario.push(def.id.to_string());
                continue;
            }
            let d = def.uncertainty;
            let (low, high) = (d.quantile(value, 0.05), d.quantile(value, 0.95));
            let mut at = |x: f64| {
                let mut p = r.params;
                p[i] = x;
                let v = Vars::new(p, grid);
                (
                    mined.impact(&v, &[], &mut wm).ok(),
                    recycled.impact(&v, &[], &mut wr).ok(),
                )
            };
            let (at_low, at_high) = (at(low), at(high));
            // A change at the rounding level (a normalised basket share under mass
            // allocation) does not count as entering.
            let changes =
                |a: Option<f64>, b: f64| a.is_none_or(|a| (a - b).abs() > 1e-12 * b.abs());
            let in_m = changes(at_low.0, m0) || changes(at_high.0, m0);
            let in_r = changes(at_low.1, r0) || changes(at_high.1, r0);
            if !(in_m || in_r) {
                continue;
            }
            one_at_a_time.push(OneAtATime {
                param: i,
                low,
                high,
                at_low,
                at_high,
            });
            inputs.push(UncertainInput {
                kind: InputKind::Parameter,
                id: def.id.to_string(),
                label: def.label.to_string(),
                unit: def.unit.to_string(),
                value,
                distribution: d,
                mean: d.mean(value),
                p5: low,
                p95: high,
                used_by: used_by(in_m, in_r),
                choices: Vec::new(),
                target: InputTarget::Parameter(i),
                sampler: d.sampler(value),
                divisor: 1.0,
                key: key_of(&format!("parameter:{}", def.id)),
            });
        }
        let mut price_choices = Vec::new();
        if draw_sets {
            let choices: Vec<Vec<(usize, f64)>> = group_sets
                .iter()
                .map(|set| {
                    let mut p = r.params;
                    for &i in &price_params {
                        p[i] = PARAMETERS[i].default;
                    }
                    for row in PRICE_SET_ROWS.iter().filter(|row| row.set == *set) {
                        p[row.param] = row.value;
                    }
                    price_params.iter().map(|&i| (i, p[i])).collect()
                })
                .collect();
            let mut changes = (false, false);
            for c in &choices {
                let mut p = r.params;
                for &(i, v) in c {
                    p[i] = v;
                }
                let v = Vars::new(p, grid);
                changes.0 |= mined.impact(&v, &[], &mut wm).ok() != Some(m0);
                changes.1 |= recycled.impact(&v, &[], &mut wr).ok() != Some(r0);
            }
            if changes.0 || changes.1 {
                let n = choices.len() as f64;
                let at = group_sets
                    .iter()
                    .position(|s| *s == r.price_set)
                    .unwrap_or(0) as f64;
                let d = Dist::Uniform(0.0, n);
                inputs.push(UncertainInput {
                    kind: InputKind::PriceSet,
                    id: "priceSet".into(),
                    label: format!(
                        "Price set, one of {} per iteration (equally likely)",
                        group_sets.join(", ")
                    ),
                    unit: "set".into(),
                    value: at,
                    distribution: d,
                    mean: (n - 1.0) / 2.0,
                    p5: 0.0,
                    p95: n - 1.0,
                    used_by: used_by(changes.0, changes.1),
                    choices: group_sets.iter().map(|s| s.to_string()).collect(),
                    target: InputTarget::PriceSet,
                    sampler: d.sampler(0.0),
                    divisor: 1.0,
                    key: key_of(&format!("priceSet:{}", group.unwrap_or(""))),
                });
                price_choices = choices;
            }
        }
        let (em, er) = (mined.exchanges(), recycled.exchanges());
        let mut all: Vec<usize> = em.iter().chain(&er).copied().collect();
        crate::order::sort_dedup(&mut all);
        for ei in all {
            let e = &EXCHANGES[ei];
            let d = e.uncertainty;
            if d.is_fixed() {
                continue;
            }
            let amount = (e.amount)(&base);
            if amount == 0.0 || !amount.is_finite() {
                continue;
            }
            let (sampler, divisor) = match d {
                Dist::LogNormalGsd(_) => (d.sampler(1.0), 1.0),
                _ => (d.sampler(amount), amount),
            };
            let (id, stream) = exchange_id(ei);
            inputs.push(UncertainInput {
                kind: InputKind::Exchange,
                label: format!("{} ({})", PROCESSES[e.process].name, id),
                id,
                unit: e.unit.to_string(),
                value: amount,
                distribution: d,
                mean: d.mean(amount),
                p5: d.quantile(amount, 0.05),
                p95: d.quantile(amount, 0.95),
                used_by: used_by(em.contains(&ei), er.contains(&ei)),
                choices: Vec::new(),
                target: InputTarget::Exchange(ei),
                sampler,
                divisor,
                key: key_of(&stream),
            });
        }
        Ok(Prepared {
            resolved: r.clone(),
            mined,
            recycled,
            base,
            deterministic: (m0, r0),
            inputs,
            fixed_by_scenario,
            price_choices,
            one_at_a_time,
        })
    }
}

/// Which routes use an input (an input is sampled only when one does).
fn used_by(m: bool, r: bool) -> UsedBy {
    UsedBy::of(m, r).unwrap_or(UsedBy::Both)
}

impl InputKind {
    /// The value as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Parameter => "parameter",
            InputKind::Exchange => "exchange",
            InputKind::PriceSet => "priceSet",
        }
    }
}

crate::text::display_as_str!(InputKind);
