//! Allocation factors for multi-output processes: one weights function and one fallback order,
//! used by every evaluation (the compiled plan) and by [`factors`] for a plain list of outputs.
//!
//! For co-products `i` with amounts `a_i`, prices `p_i` and published factors `s_i`:
//! mass `f_i = a_i / Σ a`; economic `f_i = a_i·p_i / Σ a·p`; model `f_i = s_i / Σ s`.
//! The allocated process for product `i` is the original process with every input and emission
//! multiplied by `f_i / a_i`, producing 1 unit of `i`. Where the requested rule cannot be
//! applied (no price for a co-product, no published factor, a co-product not in kg) the next one
//! in [`order`] is used and the result says so: economic → model → mass; model → economic →
//! mass; mass → economic → model.

use crate::error::{Error, Result};
use crate::model::choices::Allocation;

/// What the allocation rules need to know of a process's co-products.
pub trait CoProducts {
    /// Number of co-products.
    fn count(&self) -> usize;
    /// Amount of co-product `i` per unit of the process.
    fn amount(&self, i: usize) -> f64;
    /// Whether co-product `i` is measured in kg (mass allocation needs all of them in kg).
    fn in_kg(&self, i: usize) -> bool;
    /// Price of co-product `i`, if the dataset or the scenario gives one.
    fn price(&self, i: usize) -> Option<f64>;
    /// The published model's allocation factor of co-product `i`, if it gives one.
    fn model_share(&self, i: usize) -> Option<f64>;
}

/// The order in which the rules are tried when `requested` cannot be applied.
pub fn order(requested: Allocation) -> [Allocation; 3] {
    match requested {
        Allocation::Mass => [Allocation::Mass, Allocation::Economic, Allocation::Model],
        Allocation::Economic => [Allocation::Economic, Allocation::Model, Allocation::Mass],
        Allocation::Model => [Allocation::Model, Allocation::Economic, Allocation::Mass],
    }
}

/// Weights of the co-products under `rule` into `w` (one slot per co-product) and their sum,
/// or `None` if the rule does not apply: a co-product not in kg (mass), a missing price
/// (economic; a co-product with amount 0 needs none), a missing published factor (model), a
/// negative or NaN weight, or a sum that is not positive and finite.
pub fn weights<C: CoProducts + ?Sized>(rule: Allocation, c: &C, w: &mut [f64]) -> Option<f64> {
    let n = c.count();
    if w.len() < n || (rule == Allocation::Mass && !(0..n).all(|i| c.in_kg(i))) {
        return None;
    }
    let mut sum = 0.0;
    for (i, wi) in w.iter_mut().enumerate().take(n) {
        let x = c.amount(i);
        *wi = match rule {
            Allocation::Mass => x,
            Allocation::Economic => {
                if x == 0.0 {
                    0.0
                } else {
                    x * c.price(i)?
                }
            }
            Allocation::Model => c.model_share(i)?,
        };
        if wi.is_nan() || *wi < 0.0 {
            return None;
        }
        sum += *wi;
    }
    (sum > 0.0 && sum.is_finite()).then_some(sum)
}

/// The first rule of [`order`]`(requested)` that applies, with the weights in `w` and their
/// sum.
pub fn first_applicable<C: CoProducts + ?Sized>(
    requested: Allocation,
    c: &C,
    w: &mut [f64],
) -> Option<(Allocation, f64)> {
    order(requested)
        .into_iter()
        .find_map(|rule| weights(rule, c, w).map(|sum| (rule, sum)))
}

/// Why `applied` was used instead of `requested` (`None` when they are the same).
pub fn fallback_note(requested: Allocation, applied: Allocation) -> Option<String> {
    if requested == applied {
        return None;
    }
    let why = match requested {
        Allocation::Economic => "a co-product has no price in the dataset",
        Allocation::Model => "the published model gives no factor here",
        Allocation::Mass => "the co-products are not all in kg",
    };
    Some(format!(
        "{} asked, {} applied: {why}",
        requested.as_str(),
        applied.as_str()
    ))
}

/// The error for a co-product `product` whose amount is not positive.
pub fn no_yield(product: &str, amount: f64) -> String {
    format!(
        "the process yields no {product} with these parameters (amount {})",
        crate::text::short(amount)
    )
}

/// Reason given when no rule applies to a process.
pub const NO_RULE_APPLIES: &str = "no allocation rule applies to this process";

/// One output of a multi-output process, with its numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub product: String,
    pub amount: f64,
    /// Whether the amount is a mass in kg (mass allocation needs all outputs in kg).
    pub kg: bool,
    pub price: Option<f64>,
    pub model_share: Option<f64>,
}

impl CoProducts for [Output] {
    fn count(&self) -> usize {
        self.len()
    }
    fn amount(&self, i: usize) -> f64 {
        self[i].amount
    }
    fn in_kg(&self, i: usize) -> bool {
        self[i].kg
    }
    fn price(&self, i: usize) -> Option<f64> {
        self[i].price
    }
    fn model_share(&self, i: usize) -> Option<f64> {
        self[i].model_share
    }
}

/// The allocation applied at one process.
#[derive(Debug, Clone, PartialEq, serde::Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct AllocationUsed {
    /// Column id of the allocated process, e.g. `rec_calcination[Dy2O3]`.
    pub process: String,
    /// The rule asked for.
    pub requested: Allocation,
    /// The rule applied.
    pub rule: Allocation,
    /// Share of the process burden given to the product (0 to 1).
    pub factor: f64,
    /// Factors of all co-products under the applied rule, `[product, factor]`; they sum to 1.
    pub factors: Vec<(String, f64)>,
    /// Why the applied rule differs from the requested one, if it does.
    pub note: Option<String>,
}

/// A multi-output node of a product system: where allocation (or, under substitution, system
/// expansion) decides who carries the burden.
#[derive(Debug, Clone, PartialEq, serde::Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct AllocationNode {
    /// Process id: the key of `allocationAt` in a scenario.
    pub node: String,
    pub name: String,
    pub stage: String,
    /// Its co-products (product ids).
    pub co_products: Vec<String>,
    /// The rule asked for at this node.
    pub requested: Allocation,
    /// The rule applied (the next in the fallback order when the requested one cannot apply).
    pub rule: Allocation,
}

/// Allocation factors for output `target` of `outs` under `rule` (with the fallbacks above).
///
/// ```
/// use reo_lca::routes::allocation::{factors, Output};
/// use reo_lca::model::choices::Allocation;
/// let o = |p: &str, a: f64, price: f64| Output { product: p.into(), amount: a, kg: true, price: Some(price), model_share: None };
/// let outs = [o("a", 1.0, 10.0), o("b", 3.0, 2.0)];
/// let f = factors(&outs, 0, Allocation::Economic).unwrap();
/// assert!((f.factor - 10.0 / 16.0).abs() < 1e-12);
/// assert!((factors(&outs, 0, Allocation::Mass).unwrap().factor - 0.25).abs() < 1e-12);
/// ```
pub fn factors(outs: &[Output], target: usize, rule: Allocation) -> Result<AllocationUsed> {
    let target_out = outs.get(target).ok_or_else(|| Error::Unavailable {
        field: "oxide".into(),
        reason: "no such co-product".into(),
    })?;
    if target_out.amount.is_nan() || target_out.amount <= 0.0 {
        return Err(Error::Unavailable {
            field: "oxide".into(),
            reason: no_yield(&target_out.product, target_out.amount),
        });
    }
    let mut w = vec![0.0; outs.len()];
    let (applied, sum) =
        first_applicable(rule, outs, &mut w).ok_or_else(|| Error::Unavailable {
            field: "allocation".into(),
            reason: NO_RULE_APPLIES.into(),
        })?;
    Ok(AllocationUsed {
        process: String::new(),
        requested: rule,
        rule: applied,
        factor: w[target] / sum,
        factors: outs
            .iter()
            .zip(&w)
            .map(|(o, wi)| (o.product.clone(), wi / sum))
            .collect(),
        note: fallback_note(rule, applied),
    })
}
