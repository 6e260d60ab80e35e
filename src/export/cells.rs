//! The uncertainty of every cell of an exported route in stats_arrays terms: which sampled
//! inputs drive each cell (each input moved alone to its 5th and 95th percentiles) and how
//! their distributions map to the cell's (see [`Mapping`] and the conventions text).

use crate::dataset::{Side, Vars, EXCHANGES};
use crate::routes::{CompiledPlan, PlanWorkspace};
use crate::stats::distribution::Dist;
// The crate's own ln, so that native and wasm documents agree to the bit.
use crate::stats::rng::ln;
use crate::uncertainty::{InputTarget, Prepared, UncertainInput};

use super::document::{CellUncertainty, Mapping};

/// The 95th percentile of the standard normal.
const Z95: f64 = 1.644_853_626_951_472_2;

/// Relative change of a cell below which an input does not count as driving it.
const CHANGE: f64 = 1e-12;

/// Relative tolerance of the linearity (or power-law) check of an exact mapping.
const LINEAR: f64 = 1e-9;

/// Stats_arrays ids.
const NONE: u8 = 1;
const LOGNORMAL: u8 = 2;
const NORMAL: u8 = 3;
const UNIFORM: u8 = 4;
const TRIANGULAR: u8 = 5;
const BETA_PERT: u8 = 13;

/// One input's effect on every plan entry: the entry values with the input at its low and
/// high ends (for a price set, the smallest and largest over the sets).
struct Effect {
    input: usize,
    lo: Vec<f64>,
    hi: Vec<f64>,
}

/// The uncertainty of each plan entry of `side` (in plan-entry order), and the inputs that
/// drive at least one entry.
pub(super) fn cell_uncertainty(
    prep: &Prepared,
    side: Side,
) -> crate::error::Result<(Vec<CellUncertainty>, Vec<UncertainInput>)> {
    let plan = match side {
        Side::Mined => &prep.mined,
        Side::Recycled => &prep.recycled,
    };
    let mut ws = plan.workspace();
    plan.evaluate_values(&prep.base, &[], &mut ws)?;
    let base = ws.values.clone();
    let effects: Vec<Effect> = (0..prep.inputs.len())
        .filter_map(|i| effect(prep, plan, i, &mut ws))
        .collect();
    let mut used = vec![false; prep.inputs.len()];
    let cells = base
        .iter()
        .enumerate()
        .map(|(k, &v)| {
            let drivers: Vec<(&Effect, f64, f64)> = effects
                .iter()
                .map(|e| (e, e.lo[k], e.hi[k]))
                .filter(|&(_, lo, hi)| changes(v, lo) || changes(v, hi))
                .collect();
            for (e, ..) in &drivers {
                used[e.input] = true;
            }
            cell(&prep.inputs, v, &drivers)
        })
        .collect();
    let inputs = prep
        .inputs
        .iter()
        .zip(used)
        .filter(|(_, u)| *u)
        .map(|(i, _)| i.clone())
        .collect();
    Ok((cells, inputs))
}

fn changes(base: f64, x: f64) -> bool {
    (x - base).abs() > CHANGE * base.abs()
}

/// The entry values with input `i` at its low and high ends; `None` if the input changes
/// nothing or an evaluation fails (an input whose percentile breaks the system is left out).
fn effect(
    prep: &Prepared,
    plan: &CompiledPlan,
    i: usize,
    ws: &mut PlanWorkspace,
) -> Option<Effect> {
    let input = &prep.inputs[i];
    let grid = prep.resolved.site.grid_param;
    let mut eval = |vars: &Vars, factors: &[f64]| -> Option<Vec<f64>> {
        plan.evaluate_values(vars, factors, ws).ok()?;
        Some(ws.values.clone())
    };
    let (lo, hi) = match input.target {
        InputTarget::Parameter(pi) => {
            let mut at = |x: f64| {
                let mut p = prep.base.p;
                p[pi] = x;
                eval(&Vars::new(p, grid), &[])
            };
            (at(input.p5)?, at(input.p95)?)
        }
        InputTarget::Exchange(ei) => {
            let mut at = |x: f64| {
                let mut f = vec![1.0; EXCHANGES.len()];
                f[ei] = x / input.value;
                eval(&prep.base, &f)
            };
            (at(input.p5)?, at(input.p95)?)
        }
        InputTarget::PriceSet => {
            let mut lo: Option<Vec<f64>> = None;
            let mut hi: Option<Vec<f64>> = None;
            for set in &prep.price_choices {
                let mut p = prep.base.p;
                for &(pi, v) in set {
                    p[pi] = v;
                }
                let v = eval(&Vars::new(p, grid), &[])?;
                lo = Some(match lo {
                    None => v.clone(),
                    Some(l) => l.iter().zip(&v).map(|(a, b)| a.min(*b)).collect(),
                });
                hi = Some(match hi {
                    None => v,
                    Some(h) => h.iter().zip(&v).map(|(a, b)| a.max(*b)).collect(),
                });
            }
            (lo?, hi?)
        }
    };
    Some(Effect { input: i, lo, hi })
}

fn is_lognormal(d: Dist) -> bool {
    matches!(d, Dist::LogNormalGsd(_) | Dist::LogNormal(..))
}

/// σ of ln x of a lognormal input (0 for any other).
fn sigma(i: &UncertainInput) -> f64 {
    match i.distribution {
        Dist::LogNormalGsd(g) => ln(g),
        Dist::LogNormal(_, s) => s,
        _ => 0.0,
    }
}

/// The cell's elasticity to a lognormal input, `ln(hi/lo) / ln(x₉₅/x₅)`, from the cell at the
/// input's percentiles; a whole number when within rounding of one (a cell proportional to
/// the input has exactly its σ).
fn elasticity(i: &UncertainInput, lo: f64, hi: f64) -> f64 {
    let lx = ln(i.p95 / i.p5);
    if lx == 0.0 || !lx.is_finite() {
        return 0.0;
    }
    let e = ln(hi / lo) / lx;
    if (e - e.round()).abs() <= LINEAR {
        e.round()
    } else {
        e
    }
}

/// ln of the input's median minus ln of its value (0 for a lognormal centred on the value).
fn median_shift(i: &UncertainInput) -> f64 {
    match i.distribution {
        Dist::LogNormal(mu, _) if i.value > 0.0 => mu - ln(i.value),
        _ => 0.0,
    }
}

/// Same sign and non-zero.
fn same_sign(a: f64, b: f64, c: f64) -> bool {
    (a > 0.0 && b > 0.0 && c > 0.0) || (a < 0.0 && b < 0.0 && c < 0.0)
}

fn none(value: f64, drivers: usize) -> CellUncertainty {
    CellUncertainty {
        uncertainty_type: NONE,
        loc: Some(value),
        scale: None,
        shape: None,
        minimum: None,
        maximum: None,
        negative: false,
        parameter: None,
        mapping: Mapping::None,
        drivers,
        dominant_share: None,
    }
}

fn lognormal(value: f64, loc_shift: f64, sigma: f64) -> CellUncertainty {
    CellUncertainty {
        uncertainty_type: LOGNORMAL,
        loc: Some(ln(value.abs()) + loc_shift),
        scale: Some(sigma),
        negative: value < 0.0,
        ..none(value, 0)
    }
}

fn bounded(kind: u8, loc: f64, a: f64, b: f64) -> CellUncertainty {
    CellUncertainty {
        uncertainty_type: kind,
        loc: Some(loc),
        minimum: Some(a.min(b)),
        maximum: Some(a.max(b)),
        ..none(loc, 0)
    }
}

/// The uncertainty of a cell of value `v` driven by `drivers` (`(effect, low, high)`).
fn cell(inputs: &[UncertainInput], v: f64, drivers: &[(&Effect, f64, f64)]) -> CellUncertainty {
    let n = drivers.len();
    let width2: Vec<f64> = drivers
        .iter()
        .map(|(_, lo, hi)| (hi - lo).powi(2))
        .collect();
    let Some(dom) = (0..n).max_by(|&a, &b| width2[a].total_cmp(&width2[b])) else {
        return none(v, 0);
    };
    let total: f64 = width2.iter().sum();
    let (e, lo, hi) = drivers[dom];
    let input = &inputs[e.input];
    let all_log = drivers
        .iter()
        .all(|(e, lo, hi)| is_lognormal(inputs[e.input].distribution) && same_sign(v, *lo, *hi));
    let mut c = if all_log {
        // σ of ln|cell| from each driver: eᵢ·σᵢ, eᵢ the cell's elasticity to input i.
        let mut var = 0.0;
        let mut shift = 0.0;
        for (e, lo, hi) in drivers {
            let i = &inputs[e.input];
            let el = elasticity(i, *lo, *hi);
            var += (el * sigma(i)).powi(2);
            shift += el * median_shift(i);
        }
        let mut c = lognormal(v, shift, var.sqrt());
        c.mapping = if n == 1 && power_law(input, v, lo, hi) {
            Mapping::Exact
        } else {
            Mapping::FirstOrder
        };
        c.dominant_share = Some(1.0);
        c
    } else {
        let mut c = dominant(input, v, lo, hi);
        c.mapping = if n == 1 && linear(input, v, lo, hi) {
            Mapping::Exact
        } else {
            Mapping::Dominant
        };
        c.dominant_share = Some(if total > 0.0 {
            width2[dom] / total
        } else {
            1.0
        });
        c
    };
    if c.uncertainty_type == NONE {
        c.mapping = Mapping::None;
        c.dominant_share = None;
    }
    c.parameter = Some(input.id.clone());
    c.drivers = n;
    c
}

/// Whether `ln|cell|` is linear in `ln x` through the three points (low, value, high).
fn power_law(i: &UncertainInput, v: f64, lo: f64, hi: f64) -> bool {
    let (a, b, x0) = (ln(i.p5), ln(i.p95), ln(i.value));
    if !(a.is_finite() && b.is_finite() && x0.is_finite()) || a == b {
        return false;
    }
    let (la, lb) = (ln(lo.abs()), ln(hi.abs()));
    let at = la + (lb - la) * (x0 - a) / (b - a);
    (at - ln(v.abs())).abs() <= LINEAR
}

/// Whether the cell is linear in the input through the three points (low, value, high).
fn linear(i: &UncertainInput, v: f64, lo: f64, hi: f64) -> bool {
    if i.target == InputTarget::PriceSet || i.p95 == i.p5 {
        return false;
    }
    let at = lo + (hi - lo) * (i.value - i.p5) / (i.p95 - i.p5);
    (at - v).abs() <= LINEAR * v.abs().max(lo.abs()).max(hi.abs())
}

/// The dominant input's distribution carried to the cell through the secant between its 5th
/// and 95th percentiles.
fn dominant(i: &UncertainInput, v: f64, lo: f64, hi: f64) -> CellUncertainty {
    if i.target == InputTarget::PriceSet {
        return bounded(UNIFORM, v, lo, hi);
    }
    if i.p95 == i.p5 {
        return none(v, 0);
    }
    let k = (hi - lo) / (i.p95 - i.p5);
    let at = |x: f64| v + k * (x - i.value);
    let c = match i.distribution {
        Dist::LogNormalGsd(_) | Dist::LogNormal(..) if same_sign(v, lo, hi) => {
            let el = elasticity(i, lo, hi);
            lognormal(v, el * median_shift(i), (el * sigma(i)).abs())
        }
        Dist::LogNormalGsd(_) | Dist::LogNormal(..) => CellUncertainty {
            uncertainty_type: NORMAL,
            scale: Some((hi - lo).abs() / (2.0 * Z95)),
            ..none(v, 0)
        },
        Dist::NormalSd(sd) => CellUncertainty {
            uncertainty_type: NORMAL,
            scale: Some(k.abs() * sd),
            ..none(v, 0)
        },
        Dist::Uniform(a, b) => bounded(UNIFORM, v, at(a), at(b)),
        Dist::Triangular(a, m, b) => bounded(TRIANGULAR, at(m), at(a), at(b)),
        Dist::Pert(a, m, b) => bounded(BETA_PERT, at(m), at(a), at(b)),
        Dist::Fixed => none(v, 0),
    };
    let degenerate = match (c.minimum, c.maximum, c.scale) {
        (Some(a), Some(b), _) => a >= b || a.is_nan() || b.is_nan(),
        (_, _, Some(s)) => !(s > 0.0 && s.is_finite()),
        _ => false,
    };
    if degenerate {
        none(v, 0)
    } else {
        c
    }
}
