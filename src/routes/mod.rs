//! Product systems from the dataset: a route id, a functional-unit oxide and the scenario's
//! rules become the matrices A, B, c and f.
//!
//! Building happens in two steps. [`plan::plan`] walks the supply chain once (which process
//! supplies which product, which multi-output process is allocated or expanded) and fixes the
//! matrix layout; [`compiled::CompiledPlan`] fills in the numbers for a parameter vector (the
//! one numeric path: comparisons, break-even searches, Monte Carlo and sensitivities all call
//! it); [`labelled`] turns those numbers into the labelled system that results and exports
//! show. [`allocation`] holds the one allocation weights function.

pub mod allocation;
pub mod compiled;
pub mod dynamic;
pub mod labelled;
pub mod plan;

pub use compiled::{CompiledPlan, PlanWorkspace};
pub use dynamic::DynamicEntry;
pub use labelled::Built;
pub use plan::{
    displaced_supply, plan, Column, Entry, Mode, Plan, ProductKey, Rules, Source, Value,
};

use crate::dataset::{RouteDef, Vars};
use crate::error::{Error, Result};
use crate::model::resolve::Resolved;

/// A route of a scenario, planned and compiled once, reused by every evaluation.
#[derive(Debug, Clone)]
pub struct RoutePlan {
    pub route: &'static RouteDef,
    pub compiled: CompiledPlan,
}

impl RoutePlan {
    /// The layout.
    pub fn plan(&self) -> &Plan {
        &self.compiled.plan
    }

    /// Total impact for `vars`: the checked fast solve ([`CompiledPlan::total`]).
    pub fn total(&self, vars: &Vars) -> Result<f64> {
        route_total(self, vars)
    }
}

/// Plans and compiles both routes of a resolved scenario: `(mined, recycled)`.
pub fn plan_routes(r: &Resolved) -> Result<(RoutePlan, RoutePlan)> {
    let vars = r.vars();
    let rules = Rules {
        allocation: r.allocation,
        allocation_at: &r.allocation_at,
        recycling_rule: r.recycling_rule,
        gwp: r.gwp,
        custom: None,
    };
    let mined =
        plan(r.baseline, r.oxide, &rules, &vars).map_err(|e| rename_oxide_error(e, r.baseline))?;
    let rec_rules = Rules {
        custom: r.inventory.as_ref(),
        ..rules
    };
    let recycled = plan(r.recycled, r.oxide, &rec_rules, &vars)
        .map_err(|e| rename_oxide_error(e, r.recycled))?;
    Ok((
        RoutePlan {
            route: r.baseline,
            compiled: mined.compile(),
        },
        RoutePlan {
            route: r.recycled,
            compiled: recycled.compile(),
        },
    ))
}

fn rename_oxide_error(e: Error, route: &RouteDef) -> Error {
    match e {
        Error::Unavailable { field, reason } if field == "oxide" => Error::Unavailable {
            field,
            reason: format!(
                "{reason}; route {} offers {}",
                route.id,
                route.oxides.join(", ")
            ),
        },
        other => other,
    }
}

/// Total impact of a planned route for `vars` (used by searches and Monte Carlo).
///
/// Same result and same errors as solving `rp.compiled.labelled(vars)` with
/// [`crate::engine::solve`], through the values-only path ([`CompiledPlan::total`]).
pub fn route_total(rp: &RoutePlan, vars: &Vars) -> Result<f64> {
    let mut ws = rp.compiled.workspace();
    rp.compiled.total(vars, &mut ws)
}

/// The route's label and note, or the custom inventory's.
pub fn route_label(rp: &RoutePlan) -> (String, String) {
    match &rp.plan().custom {
        Some(inv) => (
            inv.name
                .clone()
                .unwrap_or_else(|| "Custom inventory".to_string()),
            "User-supplied inventory replacing the recycled route.".to_string(),
        ),
        None => (rp.route.label.to_string(), rp.route.note.to_string()),
    }
}

/// The route id shown in results: the route's, or `custom` for a custom inventory.
pub fn route_id(rp: &RoutePlan) -> &'static str {
    if rp.plan().custom.is_some() {
        "custom"
    } else {
        rp.route.id
    }
}
