//! The layout of a product system: which process supplies which product, which multi-output
//! process is allocated or expanded, and where every exchange goes in A and B. [`plan`] walks
//! the supply chain once; the numbers come later, from [`super::compiled::CompiledPlan`].

use crate::dataset::{
    self, Direction, FlowRef, RouteDef, Side, Tier, Vars, EXCHANGES, FLOWS, PROCESSES, PRODUCTS,
};
use crate::engine::ProcessLabel;
use crate::error::{Error, Result};
use crate::model::choices::{Allocation, GwpSet, RecyclingRule};
use crate::model::scenario::CustomInventory;

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
    /// Whether the column supplies a displaced co-product (a substitution credit): it runs at
    /// a negative level by design.
    pub credit: bool,
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
    /// The rule at every multi-output node ...
    pub allocation: Allocation,
    /// ... except these: `(process index, rule)`.
    pub allocation_at: Vec<(usize, Allocation)>,
    pub gwp: GwpSet,
    pub custom: Option<CustomInventory>,
}

/// What [`plan`] needs to know besides the route.
#[derive(Debug, Clone)]
pub struct Rules<'a> {
    pub allocation: Allocation,
    /// Rules at single multi-output nodes, `(process index, rule)`.
    pub allocation_at: &'a [(usize, Allocation)],
    pub recycling_rule: RecyclingRule,
    pub gwp: GwpSet,
    /// Replaces the route's own processes when given.
    pub custom: Option<&'a CustomInventory>,
}

/// Most products (rows of A) of a planned system: a custom inventory that would expand to more
/// is refused before any matrix is built (a system of n products takes n² numbers to solve
/// densely; 500 products is 2 MB and a few milliseconds, the built-in systems have under 80).
pub const MAX_SYSTEM_PRODUCTS: usize = 500;

/// Stage of the columns that supply displaced co-products under substitution (their impacts
/// enter the recycled route with a negative sign).
pub const CREDIT_STAGE: &str = "credit";

/// Whether a process of route (or route family) `process_route` belongs to route `route`.
fn belongs(process_route: &str, route: &str) -> bool {
    process_route == route || dataset::route(route).and_then(|r| r.family) == Some(process_route)
}

/// The mined route whose production a recycled co-product displaces under substitution
/// (column `displaced_by` of oxides.csv); `None` for a product that is not an oxide.
pub fn displaced_supply(product: &str) -> Option<&'static str> {
    dataset::oxide(product).map(|o| o.displaced_by)
}

fn product_key(id: &str) -> ProductKey {
    match dataset::product_index(id) {
        Some(i) => ProductKey::Builtin(i),
        None => ProductKey::Custom(id.to_string()),
    }
}

impl ProductKey {
    /// The product id.
    pub fn id(&self) -> &str {
        match self {
            ProductKey::Builtin(i) => PRODUCTS[*i].id,
            ProductKey::Custom(s) => s,
        }
    }
}

/// The output exchanges (indices into [`EXCHANGES`]) of built-in process `p`.
pub(super) fn outputs_of(p: usize) -> Vec<usize> {
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
            && route.kind == Side::Recycled
            && outputs_of(p).iter().all(|&e| match EXCHANGES[e].flow {
                FlowRef::Product(q) => displaced_supply(PRODUCTS[q].id).is_some(),
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
        if products.len() > MAX_SYSTEM_PRODUCTS {
            return Err(Error::TooLarge {
                field: if rules.custom.is_some() {
                    "inventory".into()
                } else {
                    "technosphere".into()
                },
                len: products.len(),
                max: MAX_SYSTEM_PRODUCTS,
            });
        }
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
                    credit: false,
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
                        background: false,
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
        // Suppliers in order: the route's own processes (the displacing mined route's under
        // substitution; none beside a custom inventory), shared processes, background datasets.
        let own_route = match ctx {
            Some(r) => Some(r),
            None if rules.custom.is_some() => None,
            None => Some(route.id),
        };
        let tiers = [Tier::Route, Tier::Shared, Tier::Background];
        let found = tiers.iter().find_map(|&tier| {
            PROCESSES.iter().enumerate().find(|(pi, p)| {
                p.tier == tier
                    && (tier != Tier::Route || own_route.is_some_and(|r| belongs(p.route, r)))
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
                if let Some(r) = displaced_supply(PRODUCTS[prod].id) {
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
            credit: ctx.is_some(),
            source: Source::Builtin(pi),
            mode: mode.clone(),
            label: ProcessLabel {
                id: match mode {
                    Mode::Allocated { .. } => format!("{}[{}]", pdef.id, PRODUCTS[prod].id),
                    _ => pdef.id.to_string(),
                },
                name: pdef.name.to_string(),
                stage: if ctx.is_some() && pdef.tier != Tier::Background {
                    CREDIT_STAGE.to_string()
                } else {
                    pdef.stage.to_string()
                },
                background: pdef.tier == Tier::Background,
                allocation: None,
            },
        });
        producer[row] = Some(col);
        // Inputs of a displacing mined route's process are supplied by that route (a route
        // process found without a context belongs to the planned route itself).
        let sub_ctx = ctx;
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
        allocation_at: rules.allocation_at.to_vec(),
        gwp: rules.gwp,
        custom: rules.custom.cloned(),
    })
}
