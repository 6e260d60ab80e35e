//! Partial re-evaluation for Monte Carlo draws: only the plan entries whose value can change
//! when the sampled parameters and exchange factors change are recomputed; the others keep
//! the values of the last full evaluation.

use crate::dataset::{self, Vars, EXCHANGES};
use crate::error::{Error, Result};

use super::compiled::{CompiledPlan, PlanWorkspace};
use super::plan::Value;

/// An entry recomputed on every draw (see [`CompiledPlan::dynamic_entries`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DynamicEntry {
    /// Index into the plan's entries.
    pub index: usize,
    /// The amount before factor and allocation, when the formula does not vary.
    pub amount: Option<f64>,
}

impl CompiledPlan {
    /// As [`CompiledPlan::evaluate_values`], recomputing only the allocation scales and the
    /// entries listed in `dynamic` (see [`CompiledPlan::dynamic_entries`]); the other entries
    /// keep the values of the last full evaluation in `ws`, which must have been made with
    /// the same values of everything that does not vary.
    pub fn evaluate_dynamic(
        &self,
        vars: &Vars,
        factors: &[f64],
        ws: &mut PlanWorkspace,
        dynamic: &[DynamicEntry],
    ) -> Result<()> {
        self.check_workspace(ws)?;
        if dynamic.iter().any(|d| d.index >= self.plan.entries.len()) {
            return Err(Error::InvalidShape {
                field: "dynamic".into(),
                reason: "an entry index is outside the plan".into(),
            });
        }
        self.allocation_scales(vars, factors, ws)?;
        for d in dynamic {
            match d.amount {
                Some(a) => {
                    let e = &self.plan.entries[d.index];
                    let f = match e.value {
                        Value::Exchange(i) => factors.get(i).copied().unwrap_or(1.0),
                        _ => 1.0,
                    };
                    self.store(d.index, a * f, ws)?;
                }
                None => self.entry_value(d.index, vars, factors, ws)?,
            }
        }
        Ok(())
    }

    /// The entries whose value may change when the parameters `params` vary, directly or,
    /// when `derived` is true, through the derived quantities, and when the exchanges
    /// `exchanges` are multiplied by factors. Entries of allocated columns always count (their
    /// allocation scale is recomputed on every evaluation). An entry whose formula does not
    /// vary carries its amount at `base`, so only its factor and scale are applied.
    pub fn dynamic_entries(
        &self,
        base: &Vars,
        params: &[usize],
        derived: bool,
        exchanges: &[usize],
    ) -> Vec<DynamicEntry> {
        let mut out = Vec::new();
        for (k, e) in self.plan.entries.iter().enumerate() {
            let (formula_varies, factor, amount) = match e.value {
                Value::Exchange(i) => {
                    let x = &EXCHANGES[i];
                    (
                        x.params_used.iter().any(|p| params.contains(p))
                            || (derived && uses_derived(&x.formula)),
                        exchanges.contains(&i),
                        (x.amount)(base),
                    )
                }
                Value::Fixed(x) => (false, false, x),
                Value::Unit => (false, false, 1.0),
            };
            if formula_varies {
                out.push(DynamicEntry {
                    index: k,
                    amount: None,
                });
            } else if factor || e.allocated {
                out.push(DynamicEntry {
                    index: k,
                    amount: Some(amount),
                });
            }
        }
        out
    }

    /// As [`CompiledPlan::impact`], recomputing only the `dynamic` entries (see
    /// [`CompiledPlan::evaluate_dynamic`]).
    pub fn impact_dynamic(
        &self,
        vars: &Vars,
        factors: &[f64],
        ws: &mut PlanWorkspace,
        dynamic: &[DynamicEntry],
    ) -> Result<f64> {
        self.evaluate_dynamic(vars, factors, ws, dynamic)?;
        self.solve_values(ws)
    }
}

/// Whether an exchange formula reads a derived quantity (an identifier that is not a
/// parameter id).
fn uses_derived(formula: &str) -> bool {
    formula
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|t| t.starts_with(|c: char| c.is_ascii_alphabetic()))
        .any(|t| dataset::param_index(t).is_none())
}
