//! Product-system builders: from the dataset's processes, a route id, a functional-unit oxide
//! and the scenario's rules, build the matrices A, B and c.
//!
//! Building happens in two steps. [`plan`] walks the supply chain once (which process supplies
//! which product, which multi-output process is allocated or expanded) and fixes the matrix
//! layout. [`Plan::evaluate`] fills in the numbers for a given parameter vector; Monte Carlo and
//! break-even searches call only this step.

pub mod allocation;

use crate::dataset::{self, Direction, FlowRef, RouteDef, EXCHANGES, FLOWS, PROCESSES, PRODUCTS};
use crate::engine::{FlowLabel, ProcessLabel, ProductLabel, ProductSystem, Triplet};
use crate::error::{Error, Result};
use crate::model::derived::Vars;
use crate::model::scenario::{Allocation, CustomInventory, GwpSet, RecyclingRule};
use allocation::{factors, AllocationUsed, Output};

/// A product row: built-in or from a custom inventory.
#[derive(Debug, Clone, PartialEq)]
pub enum ProductKey {
    Builtin(usize),
    Custom(String),
}

/// Where a process column comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Source {
    /// Index into [`PROCESSES`].
    Builtin(usize),
    /// Index into the custom inventory's processes.
    Custom(usize),
}

/// How a column is derived from its (possibly multi-output) process.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// Single-output process, used as it is.
    Single,
    /// Multi-output process allocated to output `target` (index into its outputs).
    Allocated { target: usize },
    /// Multi-output process kept whole (system expansion); output `target` is the reference,
    /// the others displace other producers.
    Expanded { target: usize },
}

/// One column of the plan.
#[derive(Debug, Clone)]
pub struct Column {
    pub source: Source,
    pub mode: Mode,
    pub label: ProcessLabel,
}

/// Where an entry's value comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A built-in exchange (index into [`EXCHANGES`]).
    Exchange(usize),
    /// A custom exchange value.
    Fixed(f64),
    /// The reference output of an allocated column (1).
    Unit,
}

/// One matrix entry of the plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    /// `true` for the biosphere, `false` for the technosphere.
    pub biosphere: bool,
    pub row: usize,
    pub col: usize,
    pub value: Value,
    /// Sign: +1 outputs and emissions, −1 inputs.
    pub sign: f64,
    /// Whether this entry is an input or emission that allocation scales.
    pub allocated: bool,
}

/// The layout of a product system and how to compute its numbers.
#[derive(Debug, Clone)]
pub struct Plan {
    pub route: &'static str,
    pub products: Vec<ProductKey>,
    pub columns: Vec<Column>,
    pub entries: Vec<Entry>,
    pub demand_row: usize,
    pub allocation: Allocation,
    pub gwp: GwpSet,
    pub custom: Option<CustomInventory>,
}

/// What [`plan`] needs to know besides the route.
#[derive(Debug, Clone)]
pub struct Rules<'a> {
    pub allocation: Allocation,
    pub recycling_rule: RecyclingRule,
    pub gwp: GwpSet,
    /// Replaces the route's own processes when given.
    pub custom: Option<&'a CustomInventory>,
    /// Mined route that supplies each displaced oxide under substitution.
    pub displaced_supply: fn(&str) -> Option<&'static str>,
}

/// Default supplier of a displaced primary oxide: light REO from Bayan Obo, heavy REO from
/// ion-adsorption clays.
pub fn default_displaced_supply(oxide: &str) -> Option<&'static str> {
    match oxide {
        "Dy2O3" | "Tb4O7" => Some("ion-clay"),
        "Nd2O3" | "Pr6O11" | "Sm2O3" | "CeO2" | "La2O3" | "Gd2O3" | "Eu2O3" => Some("bayan-obo"),
        _ => None,
    }
}

fn product_key(id: &str) -> ProductKey {
    match dataset::product_index(id) {
        Some(i) => ProductKey::Builtin(i),
        None => ProductKey::Custom(id.to_string()),
    }
}

impl ProductKey {
    fn id(&self) -> &str {
        match self {
            ProductKey::Builtin(i) => PRODUCTS[*i].id,
            ProductKey::Custom(s) => s,
        }
    }
}

fn outputs_of(p: usize) -> Vec<usize> {
    EXCHANGES
        .iter()
        .enumerate()
        .filter(|(_, e)| e.process == p && e.direction == Direction::Output)
        .map(|(i, _)| i)
        .collect()
}

/// Walks the supply chain of `oxide` on `route` and fixes the matrix layout.
///
/// Supplier search for each product, first match wins: the custom inventory (if any), the
/// route's own processes, shared processes (`any`), background datasets, and under substitution
/// the mined route that supplies each displaced co-product.
pub fn plan(route: &'static RouteDef, oxide: &str, rules: &Rules, vars: &Vars) -> Result<Plan> {
    let mut products: Vec<ProductKey> = vec![product_key(oxide)];
    let mut producer: Vec<Option<usize>> = vec![None];
    let mut columns: Vec<Column> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut queue: Vec<(usize, Option<&'static str>)> = vec![(0, None)];
    // System expansion needs a primary supplier for every co-product; a multi-output process
    // with a co-product nobody else makes (HDD shredder residue) is allocated instead.
    let is_expansion_point = |p: usize| {
        rules.recycling_rule == RecyclingRule::Substitution
            && rules.custom.is_none()
            && route.allocation_points.contains(&p)
            && route.kind == dataset::RouteKind::Recycled
            && outputs_of(p).iter().all(|&e| match EXCHANGES[e].flow {
                FlowRef::Product(q) => (rules.displaced_supply)(PRODUCTS[q].id).is_some(),
                FlowRef::Elementary(_) => false,
            })
    };
    let row_of = |products: &mut Vec<ProductKey>,
                  producer: &mut Vec<Option<usize>>,
                  queue: &mut Vec<(usize, Option<&'static str>)>,
                  key: ProductKey,
                  ctx: Option<&'static str>|
     -> usize {
        if let Some(i) = products.iter().position(|k| *k == key) {
            i
        } else {
            products.push(key);
            producer.push(None);
            queue.push((products.len() - 1, ctx));
            products.len() - 1
        }
    };

    while let Some((row, ctx)) = queue.pop() {
        if producer[row].is_some() {
            continue;
        }
        let key = products[row].clone();
        let pid = key.id().to_string();
        // 1. custom inventory
        if let (Some(inv), None) = (rules.custom, ctx) {
            if let Some(ci) = inv
                .processes
                .iter()
                .position(|p| p.outputs.iter().any(|o| o.flow == pid))
            {
                let cp = &inv.processes[ci];
                let col = columns.len();
                let multi = cp.outputs.len() > 1;
                let target = cp.outputs.iter().position(|o| o.flow == pid).unwrap_or(0);
                columns.push(Column {
                    source: Source::Custom(ci),
                    mode: if multi {
                        Mode::Allocated { target }
                    } else {
                        Mode::Single
                    },
                    label: ProcessLabel {
                        id: format!("custom:{}", cp.id),
                        name: cp.name.clone().unwrap_or_else(|| cp.id.clone()),
                        stage: cp.stage.clone().unwrap_or_else(|| "custom".into()),
                        allocation: None,
                    },
                });
                producer[row] = Some(col);
                if multi {
                    entries.push(Entry {
                        biosphere: false,
                        row,
                        col,
                        value: Value::Unit,
                        sign: 1.0,
                        allocated: false,
                    });
                } else {
                    entries.push(Entry {
                        biosphere: false,
                        row,
                        col,
                        value: Value::Fixed(cp.outputs[0].amount),
                        sign: 1.0,
                        allocated: false,
                    });
                }
                for x in &cp.inputs {
                    let r = row_of(
                        &mut products,
                        &mut producer,
                        &mut queue,
                        product_key(&x.flow),
                        None,
                    );
                    entries.push(Entry {
                        biosphere: false,
                        row: r,
                        col,
                        value: Value::Fixed(x.amount),
                        sign: -1.0,
                        allocated: multi,
                    });
                }
                for x in &cp.emissions {
                    let k = dataset::flow_index(&x.flow).ok_or_else(|| Error::UnknownId {
                        field: format!("inventory.processes[{ci}].emissions"),
                        kind: "elementary flow",
                        value: x.flow.clone(),
                        expected: FLOWS.iter().map(|f| f.id).collect::<Vec<_>>().join(", "),
                    })?;
                    entries.push(Entry {
                        biosphere: true,
                        row: k,
                        col,
                        value: Value::Fixed(x.amount),
                        sign: 1.0,
                        allocated: multi,
                    });
                }
                continue;
            }
        }
        // 2. built-in processes
        let ProductKey::Builtin(prod) = key else {
            return Err(Error::Unavailable {
                field: "inventory".into(),
                reason: format!(
                    "no process produces {:?} (not a built-in product and no custom process outputs it)",
                    pid
                ),
            });
        };
        let route_ids: Vec<&str> = match ctx {
            Some(r) => vec![r, "any", "background"],
            None if rules.custom.is_some() => vec!["any", "background"],
            None => vec![route.id, "any", "background"],
        };
        let found = route_ids.iter().find_map(|rid| {
            PROCESSES.iter().enumerate().find(|(pi, p)| {
                p.route == *rid
                    && !(is_expansion_point(*pi)
                        && columns.iter().any(|c| c.source == Source::Builtin(*pi)))
                    && EXCHANGES.iter().any(|e| {
                        e.process == *pi
                            && e.direction == Direction::Output
                            && e.flow == FlowRef::Product(prod)
                    })
            })
        });
        let Some((pi, pdef)) = found else {
            // Under substitution a displaced co-product is supplied by its mined route.
            if ctx.is_none() && rules.recycling_rule == RecyclingRule::Substitution {
                if let Some(r) = (rules.displaced_supply)(PRODUCTS[prod].id) {
                    queue.push((row, Some(r)));
                    continue;
                }
            }
            return Err(Error::Unavailable {
                field: "oxide".into(),
                reason: format!(
                    "route {} has no process that produces {}",
                    ctx.unwrap_or(route.id),
                    PRODUCTS[prod].id
                ),
            });
        };
        let outs = outputs_of(pi);
        let target = outs
            .iter()
            .position(|&e| EXCHANGES[e].flow == FlowRef::Product(prod))
            .unwrap_or(0);
        let mode = if outs.len() <= 1 {
            Mode::Single
        } else if is_expansion_point(pi) && ctx.is_none() {
            Mode::Expanded { target }
        } else {
            Mode::Allocated { target }
        };
        let col = columns.len();
        columns.push(Column {
            source: Source::Builtin(pi),
            mode: mode.clone(),
            label: ProcessLabel {
                id: match mode {
                    Mode::Allocated { .. } => format!("{}[{}]", pdef.id, PRODUCTS[prod].id),
                    _ => pdef.id.to_string(),
                },
                name: pdef.name.to_string(),
                stage: if ctx.is_some() && pdef.route != "background" {
                    "credit".to_string()
                } else {
                    pdef.stage.to_string()
                },
                allocation: None,
            },
        });
        producer[row] = Some(col);
        let sub_ctx = ctx.or(if pdef.route == route.id || pdef.route == "any" {
            None
        } else {
            Some(pdef.route)
        });
        let sub_ctx = if pdef.route == "any" || pdef.route == "background" {
            ctx
        } else {
            sub_ctx
        };
        for (ei, e) in EXCHANGES
            .iter()
            .enumerate()
            .filter(|(_, e)| e.process == pi)
        {
            match (e.direction, e.flow) {
                (Direction::Output, FlowRef::Product(q)) => match mode {
                    Mode::Allocated { .. } => {
                        if q == prod {
                            entries.push(Entry {
                                biosphere: false,
                                row,
                                col,
                                value: Value::Unit,
                                sign: 1.0,
                                allocated: false,
                            });
                        }
                    }
                    Mode::Single => entries.push(Entry {
                        biosphere: false,
                        row,
                        col,
                        value: Value::Exchange(ei),
                        sign: 1.0,
                        allocated: false,
                    }),
                    Mode::Expanded { .. } => {
                        // Only co-products produced in this scenario enter the system.
                        if q != prod && (e.amount)(vars) == 0.0 {
                            continue;
                        }
                        let r = if q == prod {
                            row
                        } else {
                            row_of(
                                &mut products,
                                &mut producer,
                                &mut queue,
                                ProductKey::Builtin(q),
                                None,
                            )
                        };
                        entries.push(Entry {
                            biosphere: false,
                            row: r,
                            col,
                            value: Value::Exchange(ei),
                            sign: 1.0,
                            allocated: false,
                        });
                    }
                },
                (Direction::Input, FlowRef::Product(q)) => {
                    let r = row_of(
                        &mut products,
                        &mut producer,
                        &mut queue,
                        ProductKey::Builtin(q),
                        sub_ctx,
                    );
                    entries.push(Entry {
                        biosphere: false,
                        row: r,
                        col,
                        value: Value::Exchange(ei),
                        sign: -1.0,
                        allocated: matches!(mode, Mode::Allocated { .. }),
                    });
                }
                (Direction::Emission, FlowRef::Elementary(k)) => entries.push(Entry {
                    biosphere: true,
                    row: k,
                    col,
                    value: Value::Exchange(ei),
                    sign: 1.0,
                    allocated: matches!(mode, Mode::Allocated { .. }),
                }),
                _ => {}
            }
        }
    }
    Ok(Plan {
        route: route.id,
        products,
        columns,
        entries,
        demand_row: 0,
        allocation: rules.allocation,
        gwp: rules.gwp,
        custom: rules.custom.cloned(),
    })
}

/// A product system with its numbers, plus what was decided while filling them in.
#[derive(Debug, Clone)]
pub struct Built {
    pub system: ProductSystem,
    /// Allocation used at each allocated column.
    pub allocations: Vec<AllocationUsed>,
    /// Value of every plan entry (same order as `Plan::entries`), before the sign.
    pub values: Vec<f64>,
}

impl Plan {
    /// The outputs of a column's process, with amounts and prices for `vars`.
    fn outputs(&self, col: &Column, vars: &Vars) -> Vec<Output> {
        match col.source {
            Source::Builtin(pi) => outputs_of(pi)
                .into_iter()
                .filter_map(|ei| {
                    let e = &EXCHANGES[ei];
                    let FlowRef::Product(q) = e.flow else {
                        return None;
                    };
                    Some(Output {
                        product: PRODUCTS[q].id.to_string(),
                        amount: (e.amount)(vars),
                        kg: PRODUCTS[q].unit == "kg",
                        price: PRODUCTS[q].price_param.map(|i| vars.p[i]),
                        model_share: e.model_share.map(|f| f(vars)),
                    })
                })
                .collect(),
            Source::Custom(ci) => self
                .custom
                .as_ref()
                .map(|inv| {
                    inv.processes[ci]
                        .outputs
                        .iter()
                        .map(|o| {
                            let b = dataset::product_index(&o.flow);
                            Output {
                                product: o.flow.clone(),
                                amount: o.amount,
                                kg: b.is_none_or(|i| PRODUCTS[i].unit == "kg"),
                                price: b.and_then(|i| PRODUCTS[i].price_param).map(|i| vars.p[i]),
                                model_share: None,
                            }
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// Fills in the numbers for `vars`.
    pub fn evaluate(&self, vars: &Vars) -> Result<Built> {
        let mut scale = vec![1.0; self.columns.len()];
        let mut allocations = Vec::new();
        for (j, col) in self.columns.iter().enumerate() {
            if let Mode::Allocated { target } = col.mode {
                let outs = self.outputs(col, vars);
                let used = factors(&outs, target, self.allocation).map_err(|e| match e {
                    Error::Unavailable { reason, .. } => Error::Unavailable {
                        field: "oxide".into(),
                        reason: format!("{}: {reason}", col.label.id),
                    },
                    other => other,
                })?;
                scale[j] = used.factor / outs[target].amount;
                allocations.push(AllocationUsed {
                    process: col.label.id.clone(),
                    ..used
                });
            }
        }
        let mut values = Vec::with_capacity(self.entries.len());
        let mut tech = Vec::new();
        let mut bio = Vec::new();
        for e in &self.entries {
            let raw = match e.value {
                Value::Exchange(i) => (EXCHANGES[i].amount)(vars),
                Value::Fixed(x) => x,
                Value::Unit => 1.0,
            };
            let v = if e.allocated { raw * scale[e.col] } else { raw };
            if !v.is_finite() {
                return Err(Error::NonFiniteResult {
                    field: format!("exchange in {}", self.columns[e.col].label.id),
                });
            }
            values.push(raw);
            let t = Triplet {
                row: e.row,
                col: e.col,
                value: e.sign * v,
            };
            if e.biosphere {
                bio.push(t);
            } else {
                tech.push(t);
            }
        }
        let system = ProductSystem {
            products: self.products.iter().map(product_label).collect(),
            processes: self
                .columns
                .iter()
                .map(|c| {
                    let mut l = c.label.clone();
                    l.allocation = allocations
                        .iter()
                        .find(|a| a.process == l.id)
                        .map(|a| format!("{} {:.4}", a.rule.as_str(), a.factor));
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
                    origin: match f.origin {
                        dataset::Origin::Fossil => "fossil".into(),
                        dataset::Origin::Biogenic => "biogenic".into(),
                    },
                })
                .collect(),
            technosphere: tech,
            biosphere: bio,
            characterisation: FLOWS
                .iter()
                .map(|f| match self.gwp {
                    GwpSet::AR6 => f.gwp_ar6,
                    GwpSet::AR5 => f.gwp_ar5,
                })
                .collect(),
            demand: (0..self.products.len())
                .map(|i| if i == self.demand_row { 1.0 } else { 0.0 })
                .collect(),
        };
        Ok(Built {
            system,
            allocations,
            values,
        })
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

// ---------------------------------------------------------------------------------------------
// Values-only evaluation for repeated solves (Monte Carlo, sensitivities, break-even searches).

/// Where an allocated column's output amount comes from.
#[derive(Debug, Clone, Copy)]
enum OutAmount {
    Exchange(usize),
    Fixed(f64),
}

/// One output of an allocated column's process, without labels.
#[derive(Debug, Clone, Copy)]
struct CompiledOutput {
    amount: OutAmount,
    kg: bool,
    price: Option<usize>,
    share: Option<fn(&Vars) -> f64>,
}

/// An allocated column: its outputs and which one it is for.
#[derive(Debug, Clone)]
struct CompiledAlloc {
    col: usize,
    target: usize,
    outputs: Vec<CompiledOutput>,
    /// Columns allocated from the same process share a group (their weights are computed
    /// once per evaluation).
    group: usize,
    /// Offset of the group's outputs in the workspace's allocation buffers.
    offset: usize,
}

/// A [`Plan`] compiled for repeated evaluation: the layout and the allocation inputs are
/// fixed once, so each evaluation only computes numbers into a [`PlanWorkspace`] (no labels,
/// no allocation of memory), and the system is solved by [`crate::engine::fast::Structure`]
/// (substitution in supply order for acyclic systems).
///
/// ```
/// use reo_lca::analysis::compare::{plan_routes, route_total};
/// use reo_lca::model::scenario::{resolve, Scenario};
/// let r = resolve(&Scenario::preset("ionic-missouri")).unwrap();
/// let (mined, _) = plan_routes(&r).unwrap();
/// let c = mined.plan.compile();
/// let mut ws = c.workspace();
/// let h = c.impact(&r.vars(), &[], &mut ws).unwrap();
/// assert!((h - route_total(&mined, &r.vars()).unwrap()).abs() < 1e-12 * h.abs());
/// ```
#[derive(Debug, Clone)]
pub struct CompiledPlan {
    /// The plan it was compiled from (used for labels and typed errors).
    pub plan: Plan,
    allocs: Vec<CompiledAlloc>,
    /// For each allocation group, the index of its first allocated column in `allocs`.
    groups: Vec<usize>,
    /// Total number of outputs over the groups.
    group_outputs: usize,
    structure: crate::engine::fast::Structure,
    /// Largest number of outputs of an allocated column.
    max_outputs: usize,
}

/// An entry recomputed on every draw (see [`CompiledPlan::dynamic_entries`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DynamicEntry {
    /// Index into the plan's entries.
    pub index: usize,
    /// The amount before factor and allocation, when the formula does not vary.
    pub amount: Option<f64>,
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
    pub solver: crate::engine::fast::Workspace,
    /// Co-product amounts and allocation weights of each allocation group, and the sum of
    /// the weights per group (NaN when no rule applies).
    alloc_amounts: Vec<f64>,
    alloc_weights: Vec<f64>,
    alloc_sums: Vec<f64>,
}

impl Plan {
    /// Compiles the plan for repeated evaluation (see [`CompiledPlan`]).
    pub fn compile(&self) -> CompiledPlan {
        use crate::engine::fast::{SparseEntry, Structure};
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
        let characterisation: Vec<f64> = FLOWS
            .iter()
            .map(|f| match self.gwp {
                GwpSet::AR6 => f.gwp_ar6,
                GwpSet::AR5 => f.gwp_ar5,
            })
            .collect();
        let demand: Vec<f64> = (0..self.products.len())
            .map(|i| if i == self.demand_row { 1.0 } else { 0.0 })
            .collect();
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
            plan: self.clone(),
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
        }
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
        v.sort_unstable();
        v.dedup();
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
        v.sort_unstable();
        v.dedup();
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
                            || (derived && uses_derived(x.formula)),
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

    /// A workspace made for another plan is refused.
    fn check_workspace(&self, ws: &PlanWorkspace) -> Result<()> {
        if ws.values.len() != self.plan.entries.len()
            || ws.scale.len() != self.plan.columns.len()
            || ws.alloc_amounts.len() != self.group_outputs
            || ws.alloc_weights.len() != self.group_outputs
            || ws.alloc_sums.len() != self.groups.len()
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
    fn entry_value(
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
    fn store(&self, k: usize, raw: f64, ws: &mut PlanWorkspace) -> Result<()> {
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
    /// co-product amounts and the weights of the first applicable rule (as
    /// [`allocation::factors`]: `f_i = w_i / Σ w`), then per column
    /// `scale = f_target / amount_target`.
    fn allocation_scales(
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
            ..
        } = ws;
        for (g, &first) in self.groups.iter().enumerate() {
            let a = &self.allocs[first];
            let amounts = &mut alloc_amounts[a.offset..a.offset + a.outputs.len()];
            for (x, o) in amounts.iter_mut().zip(&a.outputs) {
                *x = match o.amount {
                    OutAmount::Exchange(ei) => {
                        (EXCHANGES[ei].amount)(vars) * factors.get(ei).copied().unwrap_or(1.0)
                    }
                    OutAmount::Fixed(x) => x,
                };
            }
            let weights = &mut alloc_weights[a.offset..a.offset + a.outputs.len()];
            alloc_sums[g] = f64::NAN;
            for rule in alloc_order(self.plan.allocation) {
                if let Some(sum) = rule_weights(rule, &a.outputs, amounts, vars, weights) {
                    alloc_sums[g] = sum;
                    break;
                }
            }
        }
        for a in &self.allocs {
            let t = alloc_amounts[a.offset + a.target];
            let sum = alloc_sums[a.group];
            if t.is_nan() || t <= 0.0 || sum.is_nan() {
                return Err(self.allocation_error(a, vars, factors));
            }
            scale[a.col] = alloc_weights[a.offset + a.target] / sum / t;
        }
        Ok(())
    }

    /// The error [`Plan::evaluate`] gives for allocated column `a` (slow path, errors only).
    fn allocation_error(&self, a: &CompiledAlloc, vars: &Vars, factors: &[f64]) -> Error {
        let col = &self.plan.columns[a.col];
        let mut outs = self.plan.outputs(col, vars);
        for (o, c) in outs.iter_mut().zip(&a.outputs) {
            if let OutAmount::Exchange(ei) = c.amount {
                o.amount *= factors.get(ei).copied().unwrap_or(1.0);
            }
        }
        match allocation::factors(&outs, a.target, self.plan.allocation) {
            Err(Error::Unavailable { reason, .. }) => Error::Unavailable {
                field: "oxide".into(),
                reason: format!("{}: {reason}", col.label.id),
            },
            Err(other) => other,
            Ok(_) => Error::NonFiniteResult {
                field: format!("allocation at {}", col.label.id),
            },
        }
    }

    /// Total impact for `vars` and exchange `factors` (see [`CompiledPlan::evaluate_values`]),
    /// leaving values, scaling and inventory in `ws`. No condition check: use
    /// [`CompiledPlan::total`] for the checked result. When the fast solve fails, the full
    /// solver is run on the same numbers for its typed error.
    pub fn impact(&self, vars: &Vars, factors: &[f64], ws: &mut PlanWorkspace) -> Result<f64> {
        self.evaluate_values(vars, factors, ws)?;
        match self.structure.impact(&ws.values, &mut ws.solver) {
            Ok(h) => Ok(h),
            Err(_) => self.full_solve(vars, &ws.values).map(|s| s.impact),
        }
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
        match self.structure.impact(&ws.values, &mut ws.solver) {
            Ok(h) => Ok(h),
            Err(_) => self.full_solve(vars, &ws.values).map(|s| s.impact),
        }
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
            Ok(h) => Ok(h),
            Err(_) => {
                let sol = self.full_solve(vars, &ws.values)?;
                ws.solver.scaling.copy_from_slice(&sol.scaling);
                ws.solver.lambda.copy_from_slice(&sol.product_intensity);
                Ok(sol.impact)
            }
        }
    }

    /// The full solver ([`crate::engine::solve`]) on the system with entry values `values`.
    pub fn full_solve(&self, vars: &Vars, values: &[f64]) -> Result<crate::engine::Solution> {
        let mut built = self.plan.evaluate(vars)?;
        let (mut it, mut ib) = (0, 0);
        for (e, v) in self.plan.entries.iter().zip(values) {
            let t = if e.biosphere {
                ib += 1;
                built.system.biosphere.get_mut(ib - 1)
            } else {
                it += 1;
                built.system.technosphere.get_mut(it - 1)
            };
            if let Some(t) = t {
                t.value = *v;
            }
        }
        crate::engine::solve(&built.system)
    }

    /// Total impact for `vars` with the result and the errors of
    /// `solve(&plan.evaluate(vars)?.system)?.impact`: the fast solve, with the condition
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
                return Ok(h);
            }
        }
        self.full_solve(vars, &ws.values).map(|s| s.impact)
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

/// Weights of `outputs` under `rule` into `w` and their sum, or `None` if the rule does not
/// apply (as `by_rule` and `normalise` in [`allocation`]: a co-product not in kg for mass, a
/// missing price for economic, a missing published factor for model; a negative or NaN
/// weight; a sum that is not positive and finite).
fn rule_weights(
    rule: Allocation,
    outputs: &[CompiledOutput],
    amounts: &[f64],
    vars: &Vars,
    w: &mut [f64],
) -> Option<f64> {
    if rule == Allocation::Mass && !outputs.iter().all(|o| o.kg) {
        return None;
    }
    let mut sum = 0.0;
    for ((wi, o), &x) in w.iter_mut().zip(outputs).zip(amounts) {
        *wi = match rule {
            Allocation::Mass => x,
            Allocation::Economic => {
                if x == 0.0 {
                    0.0
                } else {
                    x * vars.p[o.price?]
                }
            }
            Allocation::Model => (o.share?)(vars),
        };
        if wi.is_nan() || *wi < 0.0 {
            return None;
        }
        sum += *wi;
    }
    if sum > 0.0 && sum.is_finite() {
        Some(sum)
    } else {
        None
    }
}

/// The order in which allocation rules are tried (as in [`allocation::factors`]).
fn alloc_order(rule: Allocation) -> [Allocation; 3] {
    match rule {
        Allocation::Mass => [Allocation::Mass, Allocation::Economic, Allocation::Model],
        Allocation::Economic => [Allocation::Economic, Allocation::Model, Allocation::Mass],
        Allocation::Model => [Allocation::Model, Allocation::Economic, Allocation::Mass],
    }
}
