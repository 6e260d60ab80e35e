//! A plan compiled for repeated evaluation: the one numeric path of the calculator. Every
//! result (the labelled system of a comparison, a break-even search, a Monte Carlo draw, a
//! sensitivity) takes its matrix values from [`CompiledPlan::evaluate_values`].

use crate::dataset::{self, FlowRef, Vars, EXCHANGES, FLOWS, PRODUCTS};
use crate::engine::fast::{SparseEntry, Structure, Workspace};
use crate::error::{Error, Result};
use crate::model::choices::{Allocation, GwpSet};

use super::allocation::{self, CoProducts};
use super::plan::{outputs_of, Mode, Plan, ProductKey, Source, Value};

/// Where an allocated column's output amount comes from.
#[derive(Debug, Clone, Copy)]
enum OutAmount {
    Exchange(usize),
    Fixed(f64),
}

/// One output of an allocated column's process.
#[derive(Debug, Clone)]
pub(super) struct CompiledOutput {
    pub(super) product: ProductKey,
    amount: OutAmount,
    kg: bool,
    price: Option<usize>,
    share: Option<fn(&Vars) -> f64>,
}

/// The co-products of one allocation group as the allocation rules see them, for `vars`.
struct GroupView<'a> {
    outputs: &'a [CompiledOutput],
    amounts: &'a [f64],
    vars: &'a Vars,
}

impl CoProducts for GroupView<'_> {
    fn count(&self) -> usize {
        self.outputs.len()
    }
    fn amount(&self, i: usize) -> f64 {
        self.amounts[i]
    }
    fn in_kg(&self, i: usize) -> bool {
        self.outputs[i].kg
    }
    fn price(&self, i: usize) -> Option<f64> {
        self.outputs[i].price.map(|p| self.vars.p[p])
    }
    fn model_share(&self, i: usize) -> Option<f64> {
        self.outputs[i].share.map(|f| f(self.vars))
    }
}

/// An allocated column: its outputs and which one it is for.
#[derive(Debug, Clone)]
pub(super) struct CompiledAlloc {
    pub(super) col: usize,
    pub(super) target: usize,
    pub(super) outputs: Vec<CompiledOutput>,
    /// Columns allocated from the same process share a group (their weights are computed
    /// once per evaluation).
    pub(super) group: usize,
    /// Offset of the group's outputs in the workspace's allocation buffers.
    pub(super) offset: usize,
}

/// A [`Plan`] compiled for repeated evaluation: the layout and the allocation inputs are
/// fixed once, so each evaluation only computes numbers into a [`PlanWorkspace`] (no labels,
/// no allocation of memory), and the system is solved by [`crate::engine::fast::Structure`]
/// (substitution in supply order for acyclic systems).
///
/// ```
/// use reo_lca::model::resolve::resolve;
/// use reo_lca::model::scenario::Scenario;
/// use reo_lca::routes::plan_routes;
/// let r = resolve(&Scenario::preset("ionic-missouri")).unwrap();
/// let (mined, _) = plan_routes(&r).unwrap();
/// let c = &mined.compiled;
/// let mut ws = c.workspace();
/// let h = c.impact(&r.vars(), &[], &mut ws).unwrap();
/// let labelled = c.labelled(&r.vars()).unwrap();
/// let full = reo_lca::engine::solve(&labelled.system).unwrap().impact;
/// assert!((h - full).abs() < 1e-12 * h.abs());
/// ```
#[derive(Debug, Clone)]
pub struct CompiledPlan {
    /// The plan it was compiled from (used for labels and typed errors).
    pub plan: Plan,
    pub(super) allocs: Vec<CompiledAlloc>,
    /// For each allocation group, the index of its first allocated column in `allocs`.
    pub(super) groups: Vec<usize>,
    /// The rule asked for at each allocation group.
    pub(super) requested: Vec<Allocation>,
    /// Whether any column supplies a substitution credit.
    has_credits: bool,
    /// Total number of outputs over the groups.
    group_outputs: usize,
    pub(super) structure: Structure,
    /// Largest number of outputs of an allocated column.
    max_outputs: usize,
}

/// Buffers of one [`CompiledPlan`].
#[derive(Debug, Clone)]
pub struct PlanWorkspace {
    /// Value of each plan entry as it enters A or B: signed and, for allocated entries,
    /// multiplied by the column's allocation scale.
    pub values: Vec<f64>,
    /// Allocation scale of each column (`factor / amount of the target output`; 1 if none).
    pub scale: Vec<f64>,
    /// Solver buffers (scaling, adjoint, inventory).
    pub solver: Workspace,
    /// Co-product amounts and allocation weights of each allocation group, and the sum of
    /// the weights per group (NaN when no rule applies) with the rule applied.
    pub(super) alloc_amounts: Vec<f64>,
    pub(super) alloc_weights: Vec<f64>,
    pub(super) alloc_sums: Vec<f64>,
    pub(super) alloc_rules: Vec<Allocation>,
}

impl Plan {
    /// Compiles the plan for repeated evaluation (see [`CompiledPlan`]).
    pub fn compile(&self) -> CompiledPlan {
        let mut allocs = Vec::new();
        for (j, col) in self.columns.iter().enumerate() {
            let Mode::Allocated { target } = col.mode else {
                continue;
            };
            let outputs: Vec<CompiledOutput> = match col.source {
                Source::Builtin(pi) => outputs_of(pi)
                    .into_iter()
                    .filter_map(|ei| {
                        let e = &EXCHANGES[ei];
                        let FlowRef::Product(q) = e.flow else {
                            return None;
                        };
                        Some(CompiledOutput {
                            product: ProductKey::Builtin(q),
                            amount: OutAmount::Exchange(ei),
                            kg: PRODUCTS[q].unit == "kg",
                            price: PRODUCTS[q].price_param,
                            share: e.model_share,
                        })
                    })
                    .collect(),
                Source::Custom(ci) => self
                    .custom
                    .as_ref()
                    .and_then(|inv| inv.processes.get(ci))
                    .map(|p| {
                        p.outputs
                            .iter()
                            .map(|o| {
                                let b = dataset::product_index(&o.flow);
                                CompiledOutput {
                                    product: match b {
                                        Some(i) => ProductKey::Builtin(i),
                                        None => ProductKey::Custom(o.flow.clone()),
                                    },
                                    amount: OutAmount::Fixed(o.amount),
                                    kg: b.is_none_or(|i| PRODUCTS[i].unit == "kg"),
                                    price: b.and_then(|i| PRODUCTS[i].price_param),
                                    share: None,
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            };
            allocs.push(CompiledAlloc {
                col: j,
                target,
                outputs,
                group: 0,
                offset: 0,
            });
        }
        let entries: Vec<SparseEntry> = self
            .entries
            .iter()
            .map(|e| SparseEntry {
                biosphere: e.biosphere,
                row: e.row,
                col: e.col,
                output: e.sign > 0.0,
            })
            .collect();
        let characterisation = characterisation(self.gwp);
        let demand = self.demand();
        let structure = Structure::new(
            self.products.len(),
            self.columns.len(),
            &entries,
            &characterisation,
            &demand,
        );
        let max_outputs = allocs.iter().map(|a| a.outputs.len()).max().unwrap_or(0);
        let mut groups: Vec<usize> = Vec::new();
        let mut group_outputs = 0;
        for k in 0..allocs.len() {
            let source = self.columns[allocs[k].col].source;
            let found = groups
                .iter()
                .position(|&g| self.columns[allocs[g].col].source == source);
            match found {
                Some(g) => {
                    allocs[k].group = g;
                    allocs[k].offset = allocs[groups[g]].offset;
                }
                None => {
                    allocs[k].group = groups.len();
                    allocs[k].offset = group_outputs;
                    group_outputs += allocs[k].outputs.len();
                    groups.push(k);
                }
            }
        }
        CompiledPlan {
            has_credits: self.columns.iter().any(|c| c.credit),
            plan: self.clone(),
            requested: groups
                .iter()
                .map(|&g| self.rule_at(self.columns[allocs[g].col].source))
                .collect(),
            allocs,
            groups,
            group_outputs,
            structure,
            max_outputs,
        }
    }
}

impl CompiledPlan {
    /// Buffers for evaluations of this plan.
    pub fn workspace(&self) -> PlanWorkspace {
        PlanWorkspace {
            values: vec![0.0; self.plan.entries.len()],
            scale: vec![1.0; self.plan.columns.len()],
            solver: self.structure.workspace(),
            alloc_amounts: vec![0.0; self.group_outputs],
            alloc_weights: vec![0.0; self.group_outputs],
            alloc_sums: vec![f64::NAN; self.groups.len()],
            alloc_rules: self.requested.clone(),
        }
    }

    /// The same plan with `rule` asked for at every allocation group (the layout does not
    /// depend on the rule).
    pub fn with_allocation(&self, rule: Allocation) -> CompiledPlan {
        self.with_rules(rule, &[])
    }

    /// The same plan with `rule` at every node but those in `at` (`(process index, rule)`).
    pub fn with_rules(&self, rule: Allocation, at: &[(usize, Allocation)]) -> CompiledPlan {
        let mut c = self.clone();
        c.plan.allocation = rule;
        c.plan.allocation_at = at.to_vec();
        c.requested = c
            .groups
            .iter()
            .map(|&g| c.plan.rule_at(c.plan.columns[c.allocs[g].col].source))
            .collect();
        c
    }

    /// The analysed structure of the system.
    pub fn structure(&self) -> &crate::engine::fast::Structure {
        &self.structure
    }

    /// Largest number of co-products of an allocated column.
    pub fn max_outputs(&self) -> usize {
        self.max_outputs
    }

    /// Built-in exchanges (indices into [`EXCHANGES`]) whose amounts enter this plan, as
    /// matrix entries or as co-product amounts of allocated columns; sorted, unique.
    pub fn exchanges(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .plan
            .entries
            .iter()
            .filter_map(|e| match e.value {
                Value::Exchange(i) => Some(i),
                _ => None,
            })
            .chain(self.allocation_exchanges())
            .collect();
        crate::order::sort_dedup(&mut v);
        v
    }

    /// Built-in exchanges that enter only through allocation: the co-product amounts of
    /// allocated columns (they set the allocation factors, not matrix entries).
    pub fn allocation_exchanges(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .allocs
            .iter()
            .flat_map(|a| a.outputs.iter())
            .filter_map(|o| match o.amount {
                OutAmount::Exchange(i) => Some(i),
                OutAmount::Fixed(_) => None,
            })
            .collect();
        crate::order::sort_dedup(&mut v);
        v
    }

    /// Fills `ws.values` and `ws.scale` for `vars`, every built-in exchange `i` multiplied by
    /// `factors[i]` (index into [`EXCHANGES`]; an empty slice means no factors). The numbers
    /// and the errors are those of [`Plan::evaluate`] (same operations in the same order).
    pub fn evaluate_values(
        &self,
        vars: &Vars,
        factors: &[f64],
        ws: &mut PlanWorkspace,
    ) -> Result<()> {
        self.check_workspace(ws)?;
        self.allocation_scales(vars, factors, ws)?;
        for k in 0..self.plan.entries.len() {
            self.entry_value(k, vars, factors, ws)?;
        }
        Ok(())
    }

    /// A workspace made for another plan is refused.
    pub(super) fn check_workspace(&self, ws: &PlanWorkspace) -> Result<()> {
        if ws.values.len() != self.plan.entries.len()
            || ws.scale.len() != self.plan.columns.len()
            || ws.alloc_amounts.len() != self.group_outputs
            || ws.alloc_weights.len() != self.group_outputs
            || ws.alloc_sums.len() != self.groups.len()
            || ws.alloc_rules.len() != self.groups.len()
        {
            return Err(Error::InvalidShape {
                field: "workspace".into(),
                reason: "made for another plan (use CompiledPlan::workspace)".into(),
            });
        }
        Ok(())
    }

    /// Computes entry `k` into `ws.values` (allocation scales must be current).
    #[inline]
    pub(super) fn entry_value(
        &self,
        k: usize,
        vars: &Vars,
        factors: &[f64],
        ws: &mut PlanWorkspace,
    ) -> Result<()> {
        let e = &self.plan.entries[k];
        let raw = match e.value {
            Value::Exchange(i) => {
                (EXCHANGES[i].amount)(vars) * factors.get(i).copied().unwrap_or(1.0)
            }
            Value::Fixed(x) => x,
            Value::Unit => 1.0,
        };
        self.store(k, raw, ws)
    }

    /// Stores entry `k` from its raw amount: scaled if allocated, checked finite, signed.
    #[inline]
    pub(super) fn store(&self, k: usize, raw: f64, ws: &mut PlanWorkspace) -> Result<()> {
        let e = &self.plan.entries[k];
        let x = if e.allocated {
            raw * ws.scale[e.col]
        } else {
            raw
        };
        if !x.is_finite() {
            return Err(Error::NonFiniteResult {
                field: format!("exchange in {}", self.plan.columns[e.col].label.id),
            });
        }
        ws.values[k] = e.sign * x;
        Ok(())
    }

    /// Allocation scale of every allocated column into `ws.scale`: per allocation group, the
    /// co-product amounts and the weights of the first applicable rule
    /// ([`allocation::first_applicable`]: `f_i = w_i / Σ w`), then per column
    /// `scale = f_target / amount_target`.
    pub(super) fn allocation_scales(
        &self,
        vars: &Vars,
        factors: &[f64],
        ws: &mut PlanWorkspace,
    ) -> Result<()> {
        let PlanWorkspace {
            scale,
            alloc_amounts,
            alloc_weights,
            alloc_sums,
            alloc_rules,
            ..
        } = ws;
        for (g, &first) in self.groups.iter().enumerate() {
            let a = &self.allocs[first];
            let span = a.offset..a.offset + a.outputs.len();
            let amounts = &mut alloc_amounts[span.clone()];
            for (x, o) in amounts.iter_mut().zip(&a.outputs) {
                *x = match o.amount {
                    OutAmount::Exchange(ei) => {
                        (EXCHANGES[ei].amount)(vars) * factors.get(ei).copied().unwrap_or(1.0)
                    }
                    OutAmount::Fixed(x) => x,
                };
            }
            let view = GroupView {
                outputs: &a.outputs,
                amounts,
                vars,
            };
            let found =
                allocation::first_applicable(self.requested[g], &view, &mut alloc_weights[span]);
            (alloc_rules[g], alloc_sums[g]) = found.unwrap_or((self.requested[g], f64::NAN));
        }
        for a in &self.allocs {
            let t = alloc_amounts[a.offset + a.target];
            let sum = alloc_sums[a.group];
            if t.is_nan() || t <= 0.0 || sum.is_nan() {
                return Err(self.allocation_error(a, t));
            }
            scale[a.col] = alloc_weights[a.offset + a.target] / sum / t;
        }
        Ok(())
    }

    /// The error for allocated column `a` whose target amount is `t`: the target is not
    /// produced, or no allocation rule applies.
    fn allocation_error(&self, a: &CompiledAlloc, t: f64) -> Error {
        let col = &self.plan.columns[a.col].label.id;
        let reason = if t.is_nan() || t <= 0.0 {
            allocation::no_yield(a.outputs[a.target].product.id(), t)
        } else {
            allocation::NO_RULE_APPLIES.to_string()
        };
        Error::Unavailable {
            field: "oxide".into(),
            reason: format!("{col}: {reason}"),
        }
    }

    /// Total impact for `vars` and exchange `factors` (see [`CompiledPlan::evaluate_values`]),
    /// leaving values, scaling and inventory in `ws`. No condition check: use
    /// [`CompiledPlan::total`] for the checked result. When the fast solve fails, the full
    /// solver is run on the same numbers for its typed error.
    pub fn impact(&self, vars: &Vars, factors: &[f64], ws: &mut PlanWorkspace) -> Result<f64> {
        self.evaluate_values(vars, factors, ws)?;
        self.solve_values(ws)
    }

    /// The fast solve of the values in `ws` (the full solver, for its typed error, when it
    /// fails), with the activities checked.
    pub(super) fn solve_values(&self, ws: &mut PlanWorkspace) -> Result<f64> {
        match self.structure.impact(&ws.values, &mut ws.solver) {
            Ok(h) => {
                self.check_activities(&ws.solver.scaling)?;
                Ok(h)
            }
            Err(_) => self.full_solve(&ws.values).map(|s| s.impact),
        }
    }

    /// No process runs at a negative level (consumes more of its product than the system
    /// makes), except the columns of substitution credits: a custom process that takes in more
    /// of a product than it gives would otherwise yield a negative footprint and a reduction
    /// above 100 %. Errors name the process (`inventory.processes[i]` for a custom one).
    pub fn check_activities(&self, scaling: &[f64]) -> Result<()> {
        let largest = scaling.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        let tol = NEGATIVE_TOLERANCE * largest;
        for (col, &s) in self.plan.columns.iter().zip(scaling) {
            // Under substitution the background datasets serve credits too, so only the
            // foreground is held to a sign there.
            let checked = !col.credit && (!col.label.background || !self.has_credits);
            if checked && s < -tol {
                let field = match col.source {
                    Source::Custom(ci) => format!("inventory.processes[{ci}]"),
                    Source::Builtin(_) => format!("technosphere[{}]", col.label.id),
                };
                return Err(Error::Inconsistent {
                    field,
                    reason: format!(
                        "process {} would run at a negative level ({} per functional unit): it takes in more of a product than the system makes of it; check its outputs and inputs",
                        crate::text::truncate(&col.label.id),
                        crate::text::short(s)
                    ),
                });
            }
        }
        Ok(())
    }

    /// As [`CompiledPlan::impact`], and the adjoint λ in `ws.solver.lambda`.
    pub fn impact_and_adjoint(
        &self,
        vars: &Vars,
        factors: &[f64],
        ws: &mut PlanWorkspace,
    ) -> Result<f64> {
        self.evaluate_values(vars, factors, ws)?;
        match self
            .structure
            .impact_and_adjoint(&ws.values, &mut ws.solver)
        {
            Ok(h) => {
                self.check_activities(&ws.solver.scaling)?;
                Ok(h)
            }
            Err(_) => {
                let sol = self.full_solve(&ws.values)?;
                ws.solver.scaling.copy_from_slice(&sol.scaling);
                ws.solver.lambda.copy_from_slice(&sol.product_intensity);
                Ok(sol.impact)
            }
        }
    }

    /// The full solver ([`crate::engine::solve`]) on the system with entry values `values`
    /// (as left in a workspace by [`CompiledPlan::evaluate_values`]).
    pub fn full_solve(&self, values: &[f64]) -> Result<crate::engine::Solution> {
        let sol = crate::engine::solve(&self.system(values))?;
        self.check_activities(&sol.scaling)?;
        Ok(sol)
    }

    /// Total impact for `vars` with the result and the errors of
    /// `solve(&self.labelled(vars)?.system)?.impact`: the fast solve, with the condition
    /// estimate checked; near the limit or on any failure the full solver decides.
    pub fn total(&self, vars: &Vars, ws: &mut PlanWorkspace) -> Result<f64> {
        self.evaluate_values(vars, &[], ws)?;
        if let Ok(h) = self.structure.impact(&ws.values, &mut ws.solver) {
            let cond = self
                .structure
                .condition_estimate(&ws.values, &mut ws.solver);
            // A tenth of the limit: Hager's estimate on the permuted system may differ a
            // little from the dense one, so close cases go to the full solver.
            if cond <= crate::engine::lca::MAX_CONDITION / 10.0 {
                self.check_activities(&ws.solver.scaling)?;
                return Ok(h);
            }
        }
        self.full_solve(&ws.values).map(|s| s.impact)
    }
}

/// A scaling below `−NEGATIVE_TOLERANCE × max|s|` is a negative activity (above it, rounding).
pub const NEGATIVE_TOLERANCE: f64 = 1e-12;

/// GWP100 factor of every elementary flow under `gwp` (the vector c).
pub(super) fn characterisation(gwp: GwpSet) -> Vec<f64> {
    FLOWS
        .iter()
        .map(|f| match gwp {
            GwpSet::AR6 => f.gwp_ar6,
            GwpSet::AR5 => f.gwp_ar5,
        })
        .collect()
}

impl Plan {
    /// The rule asked for at the node of column source `source`.
    pub fn rule_at(&self, source: Source) -> Allocation {
        match source {
            Source::Builtin(pi) => self
                .allocation_at
                .iter()
                .find(|(p, _)| *p == pi)
                .map_or(self.allocation, |(_, r)| *r),
            Source::Custom(_) => self.allocation,
        }
    }

    /// The final demand f: 1 unit of the functional-unit product.
    pub(super) fn demand(&self) -> Vec<f64> {
        (0..self.products.len())
            .map(|i| if i == self.demand_row { 1.0 } else { 0.0 })
            .collect()
    }
}
