//! Solving a product system: scaling `A·s = f`, inventory `g = B·s`, impact `h = cᵀ·g`, and
//! contributions by stage and by supply-chain input.

use super::lu::{Equilibration, Lu, SingularAt};
use super::system::{ProductSystem, Triplet};
use crate::error::{Error, Result};

/// Above this 1-norm condition estimate (of the equilibrated matrix, see
/// [`super::lu::Equilibration`]) a system is rejected as ill-conditioned: about eight
/// significant digits are left of double precision's sixteen.
pub const MAX_CONDITION: f64 = 1e8;

/// The solved system.
#[derive(Debug, Clone)]
pub struct Solution {
    /// Scaling vector s (one entry per process).
    pub scaling: Vec<f64>,
    /// Inventory g (one entry per elementary flow), per the demand.
    pub inventory: Vec<f64>,
    /// Characterised impact per flow, `c_k · g_k`.
    pub impact_by_flow: Vec<f64>,
    /// Total impact h = cᵀ·B·s (kg CO2-eq).
    pub impact: f64,
    /// λ = A⁻ᵀ·(cᵀB)ᵀ: total impact per unit of each product (adjoint solution).
    pub product_intensity: Vec<f64>,
    /// μ_k = A⁻ᵀ·B_kᵀ: inventory of flow k per unit of each product, one vector per flow.
    pub product_inventory: Vec<Vec<f64>>,
    /// 1-norm condition estimate of A.
    pub condition: f64,
    /// The factorisation, kept for adjoint and repeated solves.
    pub lu: Lu,
}

/// Solves the system. Errors: [`Error::InvalidShape`] for a non-square A or labels that do not
/// match, [`Error::SingularSystem`] naming the products without a unique supply,
/// [`Error::IllConditioned`] above [`MAX_CONDITION`], [`Error::NonFiniteResult`].
///
/// ```
/// use reo_lca::engine::*;
/// let p = |id: &str| ProductLabel { id: id.into(), name: id.into(), unit: "kg".into() };
/// let q = |id: &str| ProcessLabel { id: id.into(), name: id.into(), stage: "s".into(), background: false, allocation: None };
/// // one process makes 1 kg of x and emits 2 kg CO2
/// let sys = ProductSystem {
///     products: vec![p("x")], processes: vec![q("make x")],
///     flows: vec![FlowLabel { id: "co2".into(), name: "CO2".into(), unit: "kg".into(), origin: Origin::Fossil }],
///     technosphere: vec![Triplet { row: 0, col: 0, value: 1.0 }],
///     biosphere: vec![Triplet { row: 0, col: 0, value: 2.0 }],
///     characterisation: vec![1.0], demand: vec![3.0],
/// };
/// assert_eq!(solve(&sys).unwrap().impact, 6.0);
/// ```
pub fn solve(sys: &ProductSystem) -> Result<Solution> {
    let n = sys.products.len();
    if sys.processes.len() != n {
        return Err(Error::InvalidShape {
            field: "technosphere".into(),
            reason: format!(
                "must be square: {} products but {} processes (each product needs exactly one producing process)",
                n,
                sys.processes.len()
            ),
        });
    }
    if n == 0 {
        return Err(Error::InvalidShape {
            field: "technosphere".into(),
            reason: "the system is empty".into(),
        });
    }
    if sys.demand.len() != n || sys.characterisation.len() != sys.flows.len() {
        return Err(Error::InvalidShape {
            field: "demand".into(),
            reason: "demand and characterisation must match the labels".into(),
        });
    }
    for (name, entries, rows) in [
        ("technosphere", &sys.technosphere, n),
        ("biosphere", &sys.biosphere, sys.flows.len()),
    ] {
        if let Some(i) = entries.iter().position(|t| t.row >= rows || t.col >= n) {
            let t = entries[i];
            return Err(Error::InvalidShape {
                field: format!("{name}[{i}]"),
                reason: format!(
                    "row {} or column {} is outside the {rows} × {n} matrix",
                    t.row, t.col
                ),
            });
        }
    }
    let a = sys.dense_technosphere();
    let lu = Lu::factor(n, a.clone()).map_err(|SingularAt(k)| singular(sys, &a, k))?;
    // The condition of the equilibrated matrix: the same system in other units (g instead of
    // kg) is as well or as badly posed.
    let eq = Equilibration::new(n, sys.technosphere.iter().map(|t| (t.row, t.col, t.value)));
    let condition = lu.scaled_condition_estimate(&eq);
    if condition.is_nan() || condition > MAX_CONDITION {
        return Err(Error::IllConditioned {
            condition,
            products: sys.products.iter().map(|p| p.id.clone()).collect(),
        });
    }
    let mut scaling = sys.demand.clone();
    lu.solve(&mut scaling);

    let nf = sys.flows.len();
    let mut inventory = vec![0.0; nf];
    let mut b_rows = vec![vec![0.0; n]; nf];
    for t in &sys.biosphere {
        if t.row < nf && t.col < n {
            inventory[t.row] += t.value * scaling[t.col];
            b_rows[t.row][t.col] += t.value;
        }
    }
    let impact_by_flow: Vec<f64> = inventory
        .iter()
        .zip(&sys.characterisation)
        .map(|(g, c)| g * c)
        .collect();
    let impact: f64 = impact_by_flow.iter().sum();

    let mut product_inventory = Vec::with_capacity(nf);
    for row in b_rows {
        let mut mu = row;
        lu.solve_transpose(&mut mu);
        product_inventory.push(mu);
    }
    let mut product_intensity = vec![0.0; n];
    for (mu, c) in product_inventory.iter().zip(&sys.characterisation) {
        for (l, m) in product_intensity.iter_mut().zip(mu) {
            *l += c * m;
        }
    }
    let finite = scaling
        .iter()
        .chain(&inventory)
        .chain(&impact_by_flow)
        .chain(&product_intensity)
        .chain(product_inventory.iter().flatten())
        .all(|x| x.is_finite())
        && impact.is_finite();
    if !finite {
        return Err(Error::NonFiniteResult {
            field: "scaling".into(),
        });
    }
    Ok(Solution {
        scaling,
        inventory,
        impact_by_flow,
        impact,
        product_intensity,
        product_inventory,
        condition,
        lu,
    })
}

/// Names the products behind a singular system: those no process produces, else those whose
/// row became zero during elimination.
fn singular(sys: &ProductSystem, a: &[f64], k: usize) -> Error {
    let n = sys.products.len();
    let unproduced: Vec<String> = (0..n)
        .filter(|&i| (0..n).all(|j| a[i * n + j] <= 0.0))
        .map(|i| sys.products[i].id.clone())
        .collect();
    let products = if unproduced.is_empty() {
        // The k-th column had no pivot: name the products that process touches.
        let touched: Vec<String> = (0..n)
            .filter(|&i| a[i * n + k.min(n - 1)] != 0.0)
            .map(|i| sys.products[i].id.clone())
            .collect();
        if touched.is_empty() {
            vec![sys.products[k.min(n - 1)].id.clone()]
        } else {
            touched
        }
    } else {
        unproduced
    };
    Error::SingularSystem { products }
}

/// What carries a contribution's burden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, tsify_next::Tsify)]
#[serde(rename_all = "camelCase")]
pub enum ContributionKind {
    /// A background product taken in, with its whole supply chain.
    Input,
    /// A direct emission of the foreground process.
    Emission,
}

/// One row of a contribution analysis.
#[derive(Debug, Clone, PartialEq, serde::Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Contribution {
    /// Stage of the foreground process.
    pub stage: String,
    /// Foreground process id.
    pub process: String,
    /// What carries the burden: a background product (input) or an elementary flow (direct
    /// emission).
    pub item: String,
    pub kind: ContributionKind,
    /// Physical amount per functional unit, in `unit`.
    pub amount: f64,
    pub unit: String,
    /// kg CO2-eq per kg of functional unit.
    pub impact: f64,
}

impl Solution {
    /// The triplets of `sys` that index inside both `sys` and this solution (all of them for
    /// the system this solution was solved from), so a mismatched system cannot panic.
    fn entries_in_range(&self, sys: &ProductSystem) -> (Vec<Triplet>, Vec<Triplet>) {
        let cols = sys.processes.len().min(self.scaling.len());
        let n = sys.products.len().min(self.product_intensity.len());
        let nf = sys.flows.len().min(sys.characterisation.len());
        let tech = sys
            .technosphere
            .iter()
            .filter(|t| t.row < n && t.col < cols)
            .copied()
            .collect();
        let bio = sys
            .biosphere
            .iter()
            .filter(|t| t.row < nf && t.col < cols)
            .copied()
            .collect();
        (tech, bio)
    }

    /// Contributions of each foreground process, split into its direct emissions and the full
    /// supply chains of the background products it takes in (tiered decomposition with the
    /// adjoint λ). They sum to the total impact when the demand is on foreground products.
    pub fn contributions(&self, sys: &ProductSystem) -> Vec<Contribution> {
        let (tech, bio) = self.entries_in_range(sys);
        let n = sys.products.len();
        let bg_row: Vec<bool> = (0..n)
            .map(|i| {
                tech.iter()
                    .any(|t| t.row == i && t.value > 0.0 && sys.processes[t.col].is_background())
            })
            .collect();
        let mut out: Vec<Contribution> = Vec::new();
        let mut push = |c: Contribution| {
            if let Some(e) = out
                .iter_mut()
                .find(|e| e.process == c.process && e.item == c.item && e.kind == c.kind)
            {
                e.amount += c.amount;
                e.impact += c.impact;
            } else {
                out.push(c);
            }
        };
        for t in &bio {
            let p = &sys.processes[t.col];
            if p.is_background() {
                continue;
            }
            let amount = t.value * self.scaling[t.col];
            push(Contribution {
                stage: p.stage.clone(),
                process: p.id.clone(),
                item: sys.flows[t.row].id.clone(),
                kind: ContributionKind::Emission,
                amount,
                unit: sys.flows[t.row].unit.clone(),
                impact: amount * sys.characterisation[t.row],
            });
        }
        for t in &tech {
            let p = &sys.processes[t.col];
            if p.is_background() || t.value >= 0.0 || !bg_row[t.row] {
                continue;
            }
            let amount = -t.value * self.scaling[t.col];
            push(Contribution {
                stage: p.stage.clone(),
                process: p.id.clone(),
                item: sys.products[t.row].id.clone(),
                kind: ContributionKind::Input,
                amount,
                unit: sys.products[t.row].unit.clone(),
                impact: amount * self.product_intensity[t.row],
            });
        }
        out
    }

    /// Impact by stage and elementary flow: `[(stage, flow index, kg of flow, kg CO2-eq)]`.
    pub fn stage_flows(&self, sys: &ProductSystem) -> Vec<(String, usize, f64, f64)> {
        let (tech, bio) = self.entries_in_range(sys);
        let n = sys.products.len();
        let bg_row: Vec<bool> = (0..n)
            .map(|i| {
                tech.iter()
                    .any(|t| t.row == i && t.value > 0.0 && sys.processes[t.col].is_background())
            })
            .collect();
        let mut out: Vec<(String, usize, f64, f64)> = Vec::new();
        let mut add = |stage: &str, k: usize, amount: f64| {
            if amount == 0.0 {
                return;
            }
            let cf = sys.characterisation.get(k).copied().unwrap_or(0.0);
            if let Some(e) = out.iter_mut().find(|e| e.0 == stage && e.1 == k) {
                e.2 += amount;
                e.3 += amount * cf;
            } else {
                out.push((stage.to_string(), k, amount, amount * cf));
            }
        };
        for t in &bio {
            let p = &sys.processes[t.col];
            if !p.is_background() {
                add(&p.stage, t.row, t.value * self.scaling[t.col]);
            }
        }
        for t in &tech {
            let p = &sys.processes[t.col];
            if p.is_background() || t.value >= 0.0 || !bg_row[t.row] {
                continue;
            }
            for (k, mu) in self.product_inventory.iter().enumerate() {
                let m = mu.get(t.row).copied().unwrap_or(0.0);
                add(&p.stage, k, -t.value * self.scaling[t.col] * m);
            }
        }
        out
    }
}

impl ContributionKind {
    /// The value as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            ContributionKind::Input => "input",
            ContributionKind::Emission => "emission",
        }
    }
}

crate::text::display_as_str!(ContributionKind);
