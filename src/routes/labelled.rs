//! The labelled product system of a compiled plan: the matrices A, B, c and f with their row
//! and column labels, built from the numbers of [`CompiledPlan::evaluate_values`] (the one
//! numeric path), and the allocation applied at each multi-output process.

use crate::dataset::{Vars, FLOWS, PRODUCTS};
use crate::engine::{FlowLabel, ProductLabel, ProductSystem, Triplet};
use crate::error::Result;

use super::allocation::{fallback_note, AllocationNode, AllocationUsed};
use super::compiled::{characterisation, CompiledPlan, PlanWorkspace};
use super::plan::{Mode, ProductKey};

/// A product system with its numbers, plus the allocation applied while filling them in.
#[derive(Debug, Clone)]
pub struct Built {
    pub system: ProductSystem,
    /// Allocation used at each allocated column, in column order.
    pub allocations: Vec<AllocationUsed>,
    /// The multi-output nodes and their rules.
    pub nodes: Vec<AllocationNode>,
}

impl CompiledPlan {
    /// The labelled system for `vars`, with the allocation applied at each allocated column.
    /// Its numbers are those of [`CompiledPlan::evaluate_values`], so solving it gives the
    /// total of [`CompiledPlan::total`].
    pub fn labelled(&self, vars: &Vars) -> Result<Built> {
        let mut ws = self.workspace();
        self.evaluate_values(vars, &[], &mut ws)?;
        let allocations = self.allocations_used(&ws);
        let nodes = self.allocation_nodes(&ws);
        let mut system = self.system(&ws.values);
        for l in &mut system.processes {
            if let Some(a) = allocations.iter().find(|a| a.process == l.id) {
                l.allocation = Some(format!(
                    "{} {}",
                    a.rule.as_str(),
                    crate::number::fixed(a.factor, 4)
                ));
            }
        }
        Ok(Built {
            system,
            allocations,
            nodes,
        })
    }

    /// The allocation applied at each allocated column, from the weights an evaluation left
    /// in `ws`: `f_i = w_i / Σ w` for every co-product of the column's process.
    pub fn allocations_used(&self, ws: &PlanWorkspace) -> Vec<AllocationUsed> {
        self.allocs
            .iter()
            .map(|a| {
                let sum = ws.alloc_sums[a.group];
                let w = &ws.alloc_weights[a.offset..a.offset + a.outputs.len()];
                let requested = self.requested[a.group];
                let rule = ws.alloc_rules[a.group];
                AllocationUsed {
                    process: self.plan.columns[a.col].label.id.clone(),
                    requested,
                    rule,
                    factor: w[a.target] / sum,
                    factors: a
                        .outputs
                        .iter()
                        .zip(w)
                        .map(|(o, wi)| (o.product.id().to_string(), wi / sum))
                        .collect(),
                    note: fallback_note(requested, rule),
                }
            })
            .collect()
    }

    /// The multi-output nodes of the plan with their co-products and the rule asked for and
    /// applied at each (from the weights an evaluation left in `ws`).
    pub fn allocation_nodes(&self, ws: &PlanWorkspace) -> Vec<AllocationNode> {
        self.groups
            .iter()
            .enumerate()
            .map(|(g, &first)| {
                let a = &self.allocs[first];
                let col = &self.plan.columns[a.col];
                let node = match col.source {
                    super::plan::Source::Builtin(pi) => {
                        crate::dataset::PROCESSES[pi].id.to_string()
                    }
                    super::plan::Source::Custom(_) => col.label.id.clone(),
                };
                AllocationNode {
                    node,
                    name: col.label.name.clone(),
                    stage: col.label.stage.clone(),
                    co_products: a
                        .outputs
                        .iter()
                        .map(|o| o.product.id().to_string())
                        .collect(),
                    requested: self.requested[g],
                    rule: ws.alloc_rules[g],
                }
            })
            .collect()
    }

    /// The system with entry values `values` (one per plan entry, signed and scaled as
    /// [`PlanWorkspace::values`]), labelled; expanded columns say so, allocated ones are
    /// labelled by [`CompiledPlan::labelled`].
    pub fn system(&self, values: &[f64]) -> ProductSystem {
        let plan = &self.plan;
        let mut technosphere = Vec::new();
        let mut biosphere = Vec::new();
        for (e, &value) in plan.entries.iter().zip(values) {
            let t = Triplet {
                row: e.row,
                col: e.col,
                value,
            };
            if e.biosphere {
                biosphere.push(t);
            } else {
                technosphere.push(t);
            }
        }
        ProductSystem {
            products: plan.products.iter().map(product_label).collect(),
            processes: plan
                .columns
                .iter()
                .map(|c| {
                    let mut l = c.label.clone();
                    if let Mode::Expanded { .. } = c.mode {
                        l.allocation = Some("substitution (system expansion)".into());
                    }
                    l
                })
                .collect(),
            flows: FLOWS
                .iter()
                .map(|f| FlowLabel {
                    id: f.id.into(),
                    name: f.name.into(),
                    unit: f.unit.into(),
                    origin: f.origin,
                })
                .collect(),
            technosphere,
            biosphere,
            characterisation: characterisation(plan.gwp),
            demand: plan.demand(),
        }
    }
}

fn product_label(k: &ProductKey) -> ProductLabel {
    match k {
        ProductKey::Builtin(i) => ProductLabel {
            id: PRODUCTS[*i].id.into(),
            name: PRODUCTS[*i].name.into(),
            unit: PRODUCTS[*i].unit.into(),
        },
        ProductKey::Custom(s) => ProductLabel {
            id: s.clone(),
            name: s.clone(),
            unit: "unit".into(),
        },
    }
}
