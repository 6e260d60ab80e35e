//! Sensitivity of the comparison: analytical (adjoint) sensitivities per exchange and per
//! named parameter, one-at-a-time tornado data, and global sensitivity (standardised regression
//! coefficients) from Monte Carlo samples.
//!
//! ## Adjoint sensitivities
//! With `A·s = f`, `h = cᵀ·B·s` and the adjoint `Aᵀ·λ = Bᵀ·c` (one solve per route, λ the
//! impact per unit of each product):
//!
//! `∂h/∂a_ij = −λ_i·s_j`, `∂h/∂b_kj = c_k·s_j`.
//!
//! The **elasticity** of the total with respect to an exchange is `(∂h/∂x)·x/h`: the % change
//! of the total for a 1 % change of the exchange amount. An exchange may enter several matrix
//! entries (one per allocated column of its process); their terms add up. Co-product amounts
//! of allocated processes set allocation factors rather than matrix entries; for them the
//! elasticity is a central finite difference of the whole route (relative step 10⁻⁶) through
//! the values-only path. Each row says which method gave it.
//!
//! **Parameters** enter through the exchange formulas, the derived quantities and the
//! allocation factors. Their derivatives use the chain rule
//! `∂h/∂p = Σ_e (∂h/∂v_e)·(∂v_e/∂p)`, with `∂h/∂v_e` from the adjoint and `∂v_e/∂p` by a
//! central finite difference of the matrix values (formulas only, no solve; step
//! `10⁻⁶·max(|p|, 10⁻³·(max − min))`, one-sided at the lower bound of the parameter's range).
//! The reduction `R = 100·(m − r)/m` has `∂R/∂p = 100·(r·∂m/∂p − m·∂r/∂p)/m²`; the report
//! gives it as percentage points per +1 % of the parameter.
//!
//! ## Tornado
//! Each uncertain parameter that enters the comparison (as sampled by
//! [`super::monte_carlo`]) is set to the 5th and to the 95th percentile of its distribution,
//! the others kept at their scenario values, and both routes are recomputed exactly (not
//! linearised). Bars are sorted by the swing of the reduction.
//!
//! ## Global sensitivity
//! [`regression`] fits the standardised outputs on the standardised inputs of a Monte Carlo
//! run by least squares: the coefficients are the standardised regression coefficients (SRC).
//! With independent inputs and `R²` near 1, `SRC²` is the share of the output variance due to
//! each input; a low `R²` means non-linearity or interactions that SRC cannot apportion.
//!
//! ```
//! use reo_lca::uncertainty::sensitivity::sensitivity;
//! use reo_lca::Scenario;
//! let s = sensitivity(&Scenario::preset("ionic-missouri")).unwrap();
//! let top = &s.tornado.bars[0];
//! assert!(top.swing >= s.tornado.bars.last().unwrap().swing);
//! ```

use serde::Serialize;

use crate::dataset::Vars;
use crate::dataset::{self, EXCHANGES, FLOWS, PARAMETERS, PRODUCTS};
use crate::error::Result;
use crate::model::resolve::{resolve, Resolved};
use crate::model::scenario::Scenario;
use crate::routes::{CompiledPlan, PlanWorkspace, ProductKey, Value};
use crate::stats::distribution::Dist;

use super::inputs::{exchange_id, Prepared};
use crate::analysis::verdict::reduction_percent;

/// Relative step of the finite differences.
pub const FD_STEP: f64 = 1e-6;

/// How a sensitivity was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, tsify_next::Tsify)]
pub enum SensitivityMethod {
    /// From one adjoint solve per route.
    #[serde(rename = "adjoint")]
    Adjoint,
    /// A central finite difference of the whole route.
    #[serde(rename = "finite difference")]
    FiniteDifference,
}

/// Sensitivity of one exchange.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeSensitivity {
    /// `process/direction/flow` (custom exchanges: `custom:process/direction/flow`).
    pub id: String,
    /// Amount per unit of the process, before allocation and sign.
    pub amount: f64,
    pub unit: String,
    /// `∂h/∂x`, kg CO2-eq per unit of the amount (per kg of functional unit).
    pub derivative: f64,
    /// `(∂h/∂x)·x/h`.
    pub elasticity: f64,
    pub method: SensitivityMethod,
}

/// Sensitivities of one route.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct RouteSensitivity {
    pub route: String,
    /// kg CO2-eq per kg of functional unit.
    pub total: f64,
    /// Exchanges with a non-zero elasticity, largest |elasticity| first.
    pub exchanges: Vec<ExchangeSensitivity>,
}

/// Sensitivity of the comparison to one named parameter.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ParameterSensitivity {
    pub id: String,
    pub label: String,
    pub unit: String,
    pub value: f64,
    /// `∂(mined total)/∂p` and `∂(recycled total)/∂p`.
    pub d_mined: f64,
    pub d_recycled: f64,
    /// `(∂m/∂p)·p/m` and `(∂r/∂p)·p/r`.
    pub elasticity_mined: f64,
    pub elasticity_recycled: f64,
    /// `∂R/∂p`, percentage points per unit of the parameter.
    pub d_reduction_percent: Option<f64>,
    /// Change of the reduction, in percentage points, for +1 % of the parameter:
    /// `(∂R/∂p)·p/100`.
    pub reduction_points_per_percent: Option<f64>,
}

/// One bar of the tornado: the comparison with one parameter at its 5th and 95th
/// percentiles.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct TornadoBar {
    pub id: String,
    pub label: String,
    pub unit: String,
    pub value: f64,
    #[tsify(type = "Distribution")]
    pub distribution: Dist,
    /// The parameter's 5th and 95th percentiles.
    pub low: f64,
    pub high: f64,
    pub mined_low: Option<f64>,
    pub mined_high: Option<f64>,
    pub recycled_low: Option<f64>,
    pub recycled_high: Option<f64>,
    pub reduction_low: Option<f64>,
    pub reduction_high: Option<f64>,
    /// `|reductionHigh − reductionLow|`, percentage points (0 if either is undefined).
    pub swing: f64,
}

/// Tornado data.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Tornado {
    /// The reduction at the scenario values, %.
    pub base_reduction_percent: Option<f64>,
    pub claim_percent: f64,
    /// How the bounds are chosen.
    pub bounds: String,
    /// Largest swing first.
    pub bars: Vec<TornadoBar>,
}

/// Local sensitivities and tornado data of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Sensitivity {
    pub engine_version: String,
    pub dataset_version: String,
    pub preset: String,
    pub oxide: String,
    pub reduction_percent: Option<f64>,
    pub mined: RouteSensitivity,
    pub recycled: RouteSensitivity,
    /// Parameters that change either total, largest effect on the reduction first.
    pub parameters: Vec<ParameterSensitivity>,
    pub tornado: Tornado,
    /// Parameters with a distribution held at the scenario's value (not in the tornado).
    pub fixed_by_scenario: Vec<String>,
    pub method: Vec<String>,
}

/// Sensitivities of a scenario (see the module docs).
pub fn sensitivity(s: &Scenario) -> Result<Sensitivity> {
    let r = resolve(s)?;
    sensitivity_resolved(&r)
}

/// As [`sensitivity`], for a validated scenario.
pub fn sensitivity_resolved(r: &Resolved) -> Result<Sensitivity> {
    sensitivity_prepared(&Prepared::new(r)?)
}

/// The adjoint gradient of one route at `vars`: `(h, ∂h/∂v_e per entry)`; leaves the values
/// in `ws`.
pub fn route_gradient(
    c: &CompiledPlan,
    vars: &Vars,
    ws: &mut PlanWorkspace,
) -> Result<(f64, Vec<f64>)> {
    let h = c.impact_and_adjoint(vars, &[], ws)?;
    let mut grad = vec![0.0; ws.values.len()];
    c.structure().entry_gradient(&ws.solver, &mut grad);
    Ok((h, grad))
}

fn product_id(k: &ProductKey) -> &str {
    match k {
        ProductKey::Builtin(i) => PRODUCTS[*i].id,
        ProductKey::Custom(s) => s,
    }
}

fn route_exchanges(c: &CompiledPlan, vars: &Vars) -> Result<RouteSensitivity> {
    let mut ws = c.workspace();
    let (h, grad) = route_gradient(c, vars, &mut ws)?;
    let values = ws.values.clone();
    let by_fd = c.allocation_exchanges();
    let mut rows: Vec<ExchangeSensitivity> = Vec::new();
    // Adjoint: exchanges that enter only as matrix entries.
    let mut seen: Vec<usize> = Vec::new();
    for (k, e) in c.plan.entries.iter().enumerate() {
        let dh_dlnx = grad[k] * values[k];
        match e.value {
            Value::Exchange(ei) => {
                if by_fd.contains(&ei) {
                    continue;
                }
                if let Some(pos) = seen.iter().position(|x| *x == ei) {
                    rows[pos].elasticity += dh_dlnx / h;
                } else {
                    seen.push(ei);
                    let (id, _) = exchange_id(ei);
                    rows.push(ExchangeSensitivity {
                        id,
                        amount: (EXCHANGES[ei].amount)(vars),
                        unit: EXCHANGES[ei].unit.into(),
                        derivative: 0.0,
                        elasticity: dh_dlnx / h,
                        method: SensitivityMethod::Adjoint,
                    });
                }
            }
            Value::Fixed(x) => {
                seen.push(usize::MAX);
                let col = &c.plan.columns[e.col].label.id;
                let (dir, flow) = if e.biosphere {
                    ("emission", FLOWS.get(e.row).map_or("?", |f| f.id))
                } else if e.sign > 0.0 {
                    ("output", product_id(&c.plan.products[e.row]))
                } else {
                    ("input", product_id(&c.plan.products[e.row]))
                };
                rows.push(ExchangeSensitivity {
                    id: format!("{col}/{dir}/{flow}"),
                    amount: x,
                    unit: String::new(),
                    derivative: 0.0,
                    elasticity: dh_dlnx / h,
                    method: SensitivityMethod::Adjoint,
                });
            }
            Value::Unit => {}
        }
    }
    // Finite differences: co-product amounts that set allocation factors.
    let mut factors = vec![1.0; EXCHANGES.len()];
    for ei in by_fd {
        factors[ei] = 1.0 + FD_STEP;
        let hp = c.impact(vars, &factors, &mut ws)?;
        factors[ei] = 1.0 - FD_STEP;
        let hm = c.impact(vars, &factors, &mut ws)?;
        factors[ei] = 1.0;
        let (id, _) = exchange_id(ei);
        rows.push(ExchangeSensitivity {
            id,
            amount: (EXCHANGES[ei].amount)(vars),
            unit: EXCHANGES[ei].unit.into(),
            derivative: 0.0,
            elasticity: (hp - hm) / (2.0 * FD_STEP) / h,
            method: SensitivityMethod::FiniteDifference,
        });
    }
    for r in &mut rows {
        r.derivative = if r.amount != 0.0 {
            r.elasticity * h / r.amount
        } else {
            0.0
        };
    }
    rows.retain(|r| r.elasticity != 0.0 && r.elasticity.is_finite());
    crate::order::sort_by_f64_desc(&mut rows, |r| r.elasticity.abs());
    Ok(RouteSensitivity {
        route: if c.plan.custom.is_some() {
            "custom".into()
        } else {
            c.plan.route.into()
        },
        total: h,
        exchanges: rows,
    })
}

/// Derivatives of both totals with respect to every parameter by the chain rule (see the
/// module docs): `(index, ∂m/∂p, ∂r/∂p)` for the parameters with a non-zero derivative.
pub fn parameter_derivatives(p: &Prepared) -> Result<Vec<(usize, f64, f64)>> {
    let r = &p.resolved;
    let grid = r.site.grid_param;
    let (mut wm, mut wr) = (p.mined.workspace(), p.recycled.workspace());
    let (_, gm) = route_gradient(&p.mined, &p.base, &mut wm)?;
    let (_, gr) = route_gradient(&p.recycled, &p.base, &mut wr)?;
    let (mut vp, mut vm) = (p.mined.workspace(), p.mined.workspace());
    let (mut rp, mut rm) = (p.recycled.workspace(), p.recycled.workspace());
    let mut out = Vec::new();
    for (i, def) in PARAMETERS.iter().enumerate() {
        let x = r.params[i];
        let step = FD_STEP * x.abs().max(1e-3 * (def.max - def.min)).max(1e-12);
        let (lo, hi) = if x - step < def.min {
            (x, x + step)
        } else {
            (x - step, x + step)
        };
        let vars_at = |v: f64| {
            let mut q = r.params;
            q[i] = v;
            Vars::new(q, grid)
        };
        let (va, vb) = (vars_at(lo), vars_at(hi));
        let dot = |c: &CompiledPlan,
                   g: &[f64],
                   wa: &mut PlanWorkspace,
                   wb: &mut PlanWorkspace|
         -> Result<f64> {
            c.evaluate_values(&va, &[], wa)?;
            c.evaluate_values(&vb, &[], wb)?;
            let mut s = 0.0;
            for ((ge, a), b) in g.iter().zip(&wa.values).zip(&wb.values) {
                if a != b {
                    s += ge * (b - a);
                }
            }
            Ok(s / (hi - lo))
        };
        let dm = dot(&p.mined, &gm, &mut vm, &mut vp)?;
        let dr = dot(&p.recycled, &gr, &mut rm, &mut rp)?;
        if dm != 0.0 || dr != 0.0 {
            out.push((i, dm, dr));
        }
    }
    Ok(out)
}

/// As [`sensitivity`], for already compiled routes.
pub fn sensitivity_prepared(p: &Prepared) -> Result<Sensitivity> {
    let r = &p.resolved;
    let (m, c) = p.deterministic;
    let red = reduction_percent(m, c);
    let mined = route_exchanges(&p.mined, &p.base)?;
    let recycled = route_exchanges(&p.recycled, &p.base)?;
    let mut parameters: Vec<ParameterSensitivity> = parameter_derivatives(p)?
        .into_iter()
        .map(|(i, dm, dr)| {
            let def = &PARAMETERS[i];
            let x = r.params[i];
            let d_red = if m > 0.0 {
                Some(100.0 * (c * dm - m * dr) / (m * m))
            } else {
                None
            };
            ParameterSensitivity {
                id: def.id.into(),
                label: def.label.into(),
                unit: def.unit.into(),
                value: x,
                d_mined: dm,
                d_recycled: dr,
                elasticity_mined: if m != 0.0 { dm * x / m } else { 0.0 },
                elasticity_recycled: if c != 0.0 { dr * x / c } else { 0.0 },
                d_reduction_percent: d_red,
                reduction_points_per_percent: d_red.map(|d| d * x / 100.0),
            }
        })
        .collect();
    let key = |q: &ParameterSensitivity| {
        q.reduction_points_per_percent
            .map(f64::abs)
            .unwrap_or(0.0)
            .max(q.elasticity_mined.abs().max(q.elasticity_recycled.abs()) * 1e-9)
    };
    crate::order::sort_by_f64_desc(&mut parameters, key);
    let mut bars: Vec<TornadoBar> = p
        .one_at_a_time
        .iter()
        .map(|o| {
            let def = &PARAMETERS[o.param];
            let red = |(m, c): (Option<f64>, Option<f64>)| match (m, c) {
                (Some(m), Some(c)) => reduction_percent(m, c),
                _ => None,
            };
            let (rl, rh) = (red(o.at_low), red(o.at_high));
            TornadoBar {
                id: def.id.into(),
                label: def.label.into(),
                unit: def.unit.into(),
                value: r.params[o.param],
                distribution: def.uncertainty,
                low: o.low,
                high: o.high,
                mined_low: o.at_low.0,
                mined_high: o.at_high.0,
                recycled_low: o.at_low.1,
                recycled_high: o.at_high.1,
                reduction_low: rl,
                reduction_high: rh,
                swing: match (rl, rh) {
                    (Some(a), Some(b)) => (b - a).abs(),
                    _ => 0.0,
                },
            }
        })
        .collect();
    crate::order::sort_by_f64_desc(&mut bars, |b| b.swing);
    Ok(Sensitivity {
        engine_version: crate::version::ENGINE_VERSION.into(),
        dataset_version: dataset::DATASET_VERSION.into(),
        preset: r.preset.id.into(),
        oxide: r.oxide.into(),
        reduction_percent: red,
        mined,
        recycled,
        parameters,
        tornado: Tornado {
            base_reduction_percent: red,
            claim_percent: r.claim_percent,
            bounds: "each parameter at the 5th and the 95th percentile of its distribution, the others at their scenario values; both routes recomputed exactly".into(),
            bars,
        },
        fixed_by_scenario: p.fixed_by_scenario.clone(),
        method: vec![
            "Exchanges: elasticity (∂h/∂x)·x/h from one adjoint solve per route (∂h/∂a_ij = −λ_i·s_j, ∂h/∂b_kj = c_k·s_j); co-product amounts that set allocation factors by central finite difference of the route.".into(),
            "Parameters: chain rule through the exchange formulas, derived quantities and allocation factors (adjoint gradient times a central finite difference of the matrix values).".into(),
            "Tornado: one parameter at a time at its 5th and 95th percentiles, exact recomputation.".into(),
        ],
    })
}

impl SensitivityMethod {
    /// The value as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            SensitivityMethod::Adjoint => "adjoint",
            SensitivityMethod::FiniteDifference => "finite difference",
        }
    }
}

crate::text::display_as_str!(SensitivityMethod);
