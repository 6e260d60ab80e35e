//! One scenario, validated and planned once, and every result it gives: the comparison, the
//! parameters and data in use, the share link, each route's matrices and the tidy CSV. The
//! façades (command line, WebAssembly) and the free functions ([`crate::compare`],
//! [`crate::catalog::in_use`], [`crate::export::export_matrices`]) all go through the same
//! planned routes.
//!
//! ```
//! use reo_lca::{Calculator, Scenario};
//! use reo_lca::dataset::Side;
//! let calc = Calculator::new(&Scenario::preset("ionic-missouri")).unwrap();
//! let c = calc.comparison().unwrap();
//! let m = calc.matrices(Side::Mined).unwrap();
//! assert!((m.score.value - c.mined.total).abs() <= 1e-12 * c.mined.total);
//! assert_eq!(m.format, "reo-lca-matrices/2");
//! let zip = calc.datapackage(Side::Mined).unwrap();
//! assert_eq!(&zip[..2], b"PK");
//! assert!(calc.share_link().starts_with("v=1~"));
//! ```

use std::cell::OnceCell;

use crate::analysis::claim_map::{claim_map, ClaimMap};
use crate::analysis::compare::{compare_planned, Comparison};
use crate::catalog::{in_use_planned, InUse};
use crate::dataset::Side;
use crate::error::Result;
use crate::export::{matrices, results_csv, MatrixExport};
use crate::model::resolve::{resolve, Resolved};
use crate::model::scenario::Scenario;
use crate::routes::{plan_routes, RoutePlan};

/// A validated, planned scenario (see the module docs).
#[derive(Debug, Clone)]
pub struct Calculator {
    scenario: Scenario,
    resolved: Resolved,
    mined: RoutePlan,
    recycled: RoutePlan,
    /// The comparison, computed on first use.
    comparison: OnceCell<Result<Comparison>>,
}

impl Calculator {
    /// Validates `scenario` and plans both routes. Errors name the field at fault.
    pub fn new(scenario: &Scenario) -> Result<Calculator> {
        let resolved = resolve(scenario)?;
        let (mined, recycled) = plan_routes(&resolved)?;
        Ok(Calculator {
            scenario: scenario.clone(),
            resolved,
            mined,
            recycled,
            comparison: OnceCell::new(),
        })
    }

    /// The scenario as given.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The validated scenario.
    pub fn resolved(&self) -> &Resolved {
        &self.resolved
    }

    /// The planned route of one side.
    pub fn route(&self, side: Side) -> &RoutePlan {
        match side {
            Side::Mined => &self.mined,
            Side::Recycled => &self.recycled,
        }
    }

    /// Both totals, the reduction, the claim check and break-even values (computed once).
    pub fn comparison(&self) -> Result<&Comparison> {
        self.comparison
            .get_or_init(|| compare_planned(&self.resolved, &self.mined, &self.recycled))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The parameters (with values and provenance) and the inventory data the result rests on.
    pub fn in_use(&self) -> InUse {
        in_use_planned(&self.resolved, &self.mined, &self.recycled)
    }

    /// The scenario (without its custom inventory) as a share-link fragment.
    pub fn share_link(&self) -> String {
        crate::share::encode(&self.scenario)
    }

    /// The `reo-lca-matrices/2` document of one side (see [`crate::export`]).
    pub fn matrices(&self, side: Side) -> Result<MatrixExport> {
        matrices(&self.scenario, &self.resolved, side)
    }

    /// The same document as a Brightway datapackage: the bytes of a zip file (see
    /// [`crate::export::datapackage`]).
    pub fn datapackage(&self, side: Side) -> Result<Vec<u8>> {
        crate::export::datapackage::datapackage(&self.matrices(side)?)
    }

    /// The reduction and verdict for every combination of baseline, allocation scheme,
    /// recycling rule, price set and site (see [`crate::analysis::claim_map`]).
    pub fn claim_map(&self) -> Result<ClaimMap> {
        claim_map(&self.resolved)
    }

    /// Tidy CSV of the results: one row per route × stage × elementary flow.
    pub fn csv(&self) -> Result<String> {
        Ok(results_csv(self.comparison()?))
    }
}
