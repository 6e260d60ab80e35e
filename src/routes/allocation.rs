//! Allocation factors for multi-output processes.
//!
//! For co-products `i` with amounts `a_i`, prices `p_i` and published factors `s_i`:
//! mass `f_i = a_i / Σ a`; economic `f_i = a_i·p_i / Σ a·p`; model `f_i = s_i / Σ s`.
//! The allocated process for product `i` is the original process with every input and emission
//! multiplied by `f_i / a_i`, producing 1 unit of `i`. Where the requested rule cannot be
//! applied (no price for a co-product, no published factor) the next one is used and the
//! result says so: economic → model → mass; model → economic → mass.

use crate::error::{Error, Result};
use crate::model::scenario::Allocation;

/// One output of a multi-output process.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub product: String,
    pub amount: f64,
    /// Whether the amount is a mass in kg (mass allocation needs all outputs in kg).
    pub kg: bool,
    pub price: Option<f64>,
    pub model_share: Option<f64>,
}

/// The allocation applied at one process.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AllocationUsed {
    /// Column id of the allocated process.
    pub process: String,
    /// The rule asked for.
    pub requested: Allocation,
    /// The rule applied.
    pub rule: Allocation,
    /// Share of the process burden given to the product.
    pub factor: f64,
    /// Factors of all co-products under the applied rule, `(product, factor)`; they sum to 1.
    pub factors: Vec<(String, f64)>,
    /// Why the applied rule differs from the requested one, if it does.
    pub note: Option<String>,
}

fn normalise(w: &[f64]) -> Option<Vec<f64>> {
    let s: f64 = w.iter().sum();
    if s > 0.0 && s.is_finite() && w.iter().all(|x| *x >= 0.0) {
        Some(w.iter().map(|x| x / s).collect())
    } else {
        None
    }
}

fn by_rule(outs: &[Output], rule: Allocation) -> Option<Vec<f64>> {
    match rule {
        Allocation::Mass => {
            if outs.iter().all(|o| o.kg) {
                normalise(&outs.iter().map(|o| o.amount).collect::<Vec<_>>())
            } else {
                None
            }
        }
        Allocation::Economic => {
            let w: Option<Vec<f64>> = outs
                .iter()
                .map(|o| {
                    if o.amount == 0.0 {
                        Some(0.0)
                    } else {
                        o.price.map(|p| o.amount * p)
                    }
                })
                .collect();
            w.and_then(|w| normalise(&w))
        }
        Allocation::Model => {
            let w: Option<Vec<f64>> = outs.iter().map(|o| o.model_share).collect();
            w.and_then(|w| normalise(&w))
        }
    }
}

/// Allocation factors for output `target` of `outs` under `rule` (with the fallbacks above).
///
/// ```
/// use reo_lca::routes::allocation::{factors, Output};
/// use reo_lca::model::scenario::Allocation;
/// let o = |p: &str, a: f64, price: f64| Output { product: p.into(), amount: a, kg: true, price: Some(price), model_share: None };
/// let outs = [o("a", 1.0, 10.0), o("b", 3.0, 2.0)];
/// let f = factors(&outs, 0, Allocation::Economic).unwrap();
/// assert!((f.factor - 10.0 / 16.0).abs() < 1e-12);
/// assert!((factors(&outs, 0, Allocation::Mass).unwrap().factor - 0.25).abs() < 1e-12);
/// ```
pub fn factors(outs: &[Output], target: usize, rule: Allocation) -> Result<AllocationUsed> {
    let order: [Allocation; 3] = match rule {
        Allocation::Mass => [Allocation::Mass, Allocation::Economic, Allocation::Model],
        Allocation::Economic => [Allocation::Economic, Allocation::Model, Allocation::Mass],
        Allocation::Model => [Allocation::Model, Allocation::Economic, Allocation::Mass],
    };
    let target_out = outs.get(target).ok_or_else(|| Error::Unavailable {
        field: "oxide".into(),
        reason: "no such co-product".into(),
    })?;
    if target_out.amount.is_nan() || target_out.amount <= 0.0 {
        return Err(Error::Unavailable {
            field: "oxide".into(),
            reason: format!(
                "the process yields no {} with these parameters (amount {})",
                target_out.product, target_out.amount
            ),
        });
    }
    for r in order {
        if let Some(f) = by_rule(outs, r) {
            let note = if r == rule {
                None
            } else {
                let why = match rule {
                    Allocation::Economic => "a co-product has no price in the dataset",
                    Allocation::Model => "the published model gives no factor here",
                    Allocation::Mass => "the co-products are not all in kg",
                };
                Some(format!(
                    "{} asked, {} applied: {why}",
                    rule.as_str(),
                    r.as_str()
                ))
            };
            return Ok(AllocationUsed {
                process: String::new(),
                requested: rule,
                rule: r,
                factor: f[target],
                factors: outs.iter().map(|o| o.product.clone()).zip(f).collect(),
                note,
            });
        }
    }
    Err(Error::Unavailable {
        field: "allocation".into(),
        reason: "no allocation rule applies to this process".into(),
    })
}
