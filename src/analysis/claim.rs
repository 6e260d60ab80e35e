//! Claim check: does a stated reduction (default 61 %) hold, and at which value of each main
//! driver would the computed reduction equal it (break-even)?

use serde::Serialize;

use crate::dataset::{Vars, PARAMETERS};
use crate::error::Result;
use crate::model::choices::Allocation;
use crate::model::derived::feed_reo_content;
use crate::model::resolve::Resolved;
use crate::number;
use crate::routes::{CompiledPlan, PlanWorkspace, RoutePlan};
use crate::text::format_sig;

use super::verdict::{holds, reduction_percent};

/// Break-even of one driver.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct BreakEven {
    /// Parameter id of the driver.
    pub parameter: String,
    pub label: String,
    /// Unit of `current`, `value` and `range`.
    pub unit: String,
    /// Value in the scenario.
    pub current: f64,
    /// Value at which the reduction equals the stated one, if one exists in the allowed range.
    pub value: Option<f64>,
    /// Allowed range searched, `[min, max]`.
    pub range: (f64, f64),
    pub note: String,
}

/// Reduction under each allocation rule (allocation is discrete, so no break-even value).
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct AllocationCase {
    pub allocation: Allocation,
    /// Mined total, kg CO2-eq per kg.
    pub mined: f64,
    /// Recycled total, kg CO2-eq per kg.
    pub recycled: f64,
    /// Reduction, % (`null` when the mined total is not positive).
    pub reduction_percent: Option<f64>,
    /// Whether the stated reduction holds under this rule.
    pub holds: bool,
}

/// The claim check of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ClaimCheck {
    /// Stated reduction, %.
    pub stated_percent: f64,
    /// Computed reduction, % (`null` when the mined total is not positive).
    pub reduction_percent: Option<f64>,
    /// Whether the computed reduction reaches the stated one.
    pub holds: bool,
    /// One sentence naming the baseline, allocation and grid the verdict rests on.
    pub verdict: String,
    pub break_evens: Vec<BreakEven>,
    pub by_allocation: Vec<AllocationCase>,
}

/// The drivers searched for break-even values (parameter indices): the site's grid, the
/// parameters ranked in column `claim_driver` of parameters.csv, and the baseline's own driver
/// (column `claim_driver` of routes.csv).
pub fn drivers(r: &Resolved) -> Vec<usize> {
    let mut ranked: Vec<(u8, usize)> = PARAMETERS
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.claim_driver.map(|rank| (rank, i)))
        .collect();
    crate::order::sort_by(&mut ranked, |a, b| a.cmp(b));
    std::iter::once(r.site.grid_param)
        .chain(ranked.into_iter().map(|(_, i)| i))
        .chain(r.baseline.claim_driver)
        .collect()
}

/// Both compiled routes with their workspaces, for the many evaluations of a search.
struct Evaluator<'a> {
    mined: &'a CompiledPlan,
    recycled: &'a CompiledPlan,
    ws_m: PlanWorkspace,
    ws_r: PlanWorkspace,
}

impl<'a> Evaluator<'a> {
    fn new(mp: &'a RoutePlan, rp: &'a RoutePlan) -> Evaluator<'a> {
        let (mined, recycled) = (&mp.compiled, &rp.compiled);
        Evaluator {
            mined,
            recycled,
            ws_m: mined.workspace(),
            ws_r: recycled.workspace(),
        }
    }

    /// `(mined, recycled)` totals, as [`crate::routes::route_total`] gives them.
    fn totals(&mut self, vars: &Vars) -> (Result<f64>, Result<f64>) {
        (
            self.mined.total(vars, &mut self.ws_m),
            self.recycled.total(vars, &mut self.ws_r),
        )
    }
}

fn reduction_at(r: &Resolved, ev: &mut Evaluator, idx: usize, x: f64) -> Option<f64> {
    let mut p = r.params;
    p[idx] = x;
    let vars = Vars::new(p, r.site.grid_param);
    let (m, c) = ev.totals(&vars);
    reduction_percent(m.ok()?, c.ok()?)
}

/// Finds `x` in `[lo, hi]` with `g(x) = 0`: a coarse scan (6 intervals plus the current value)
/// for sign changes, each refined by the Illinois variant of regula falsi to a relative width
/// of 1e-12 (exact in one step for the drivers that act linearly, such as emission factors).
/// Returns the root nearest the current value (tested in this module's tests).
fn find_root(mut g: impl FnMut(f64) -> Option<f64>, lo: f64, hi: f64, current: f64) -> Option<f64> {
    const N: usize = 6;
    let mut xs: Vec<f64> = (0..=N)
        .map(|i| lo + (hi - lo) * i as f64 / N as f64)
        .collect();
    if current > lo && current < hi {
        xs.push(current);
        crate::order::sort_f64(&mut xs);
        xs.dedup();
    }
    let gs: Vec<Option<f64>> = xs.iter().map(|&x| g(x)).collect();
    let mut roots = Vec::new();
    for i in 0..xs.len() {
        if gs[i] == Some(0.0) {
            roots.push(xs[i]);
        }
    }
    for i in 0..xs.len() - 1 {
        let (Some(ga), Some(gb)) = (gs[i], gs[i + 1]) else {
            continue;
        };
        if ga == 0.0 || gb == 0.0 || ga.signum() == gb.signum() {
            continue;
        }
        let (mut a, mut b, mut fa, mut fb) = (xs[i], xs[i + 1], ga, gb);
        let mut side = 0i8;
        let mut x = a;
        for _ in 0..100 {
            x = (a * fb - b * fa) / (fb - fa);
            if !(x > a && x < b) {
                x = 0.5 * (a + b);
            }
            let Some(fx) = g(x) else { break };
            if fx == 0.0 {
                break;
            }
            if fx.signum() == fa.signum() {
                a = x;
                fa = fx;
                if side == -1 {
                    fb *= 0.5;
                }
                side = -1;
            } else {
                b = x;
                fb = fx;
                if side == 1 {
                    fa *= 0.5;
                }
                side = 1;
            }
            if (b - a).abs() <= 1e-12 * (1.0 + x.abs()) || fx.abs() <= 1e-10 {
                break;
            }
        }
        roots.push(x);
    }
    roots
        .into_iter()
        .min_by(|a, b| (a - current).abs().total_cmp(&(b - current).abs()))
}

/// Builds the claim check for a resolved scenario whose routes are planned.
pub fn claim_check(
    r: &Resolved,
    mp: &RoutePlan,
    rp: &RoutePlan,
    reduction: Option<f64>,
) -> Result<ClaimCheck> {
    let stated = r.claim_percent;
    let holds_now = holds(reduction, stated);
    let mut break_evens = Vec::new();
    let mut ev = Evaluator::new(mp, rp);
    // Totals at the scenario's own values, once for all drivers (the probe below compares
    // against them bit for bit, so they come from the same evaluator).
    let (bm, br) = ev.totals(&r.vars());
    let base = (bm?, br?);
    for idx in drivers(r) {
        let def = &PARAMETERS[idx];
        let id = def.id;
        let current = r.params[idx];
        let (lo, mut hi) = (def.min, def.max);
        if id == "recoveryYield" {
            hi = hi.min(feed_reo_content(&r.params));
        }
        let probe = if current != 0.0 {
            current * 1.01
        } else {
            lo + 0.01 * (hi - lo)
        };
        let mut pp = r.params;
        pp[idx] = probe;
        let pv = Vars::new(pp, r.site.grid_param);
        let (pm, pr) = ev.totals(&pv);
        let used = pm.ok() != Some(base.0) || pr.ok() != Some(base.1);
        let (value, note) = if !used {
            (None, "does not enter this comparison".to_string())
        } else {
            let value = find_root(
                |x| reduction_at(r, &mut ev, idx, x).map(|red| red - stated),
                lo,
                hi,
                current,
            );
            let percent = number::display(stated);
            let note = match value {
                Some(v) => format!(
                    "the reduction equals {percent} % at {id} = {}",
                    format_sig(v, 4)
                ),
                None => format!(
                    "no value in [{}, {}] makes the reduction equal {percent} %",
                    format_sig(lo, 4),
                    format_sig(hi, 4)
                ),
            };
            (value, note)
        };
        break_evens.push(BreakEven {
            parameter: id.into(),
            label: def.label.into(),
            unit: def.unit.into(),
            current,
            value,
            range: (lo, hi),
            note,
        });
    }
    let mut by_allocation = Vec::new();
    let vars = r.vars();
    for a in Allocation::ALL {
        let (ma, ra) = (
            mp.compiled.with_allocation(a),
            rp.compiled.with_allocation(a),
        );
        let (mut wm, mut wr) = (ma.workspace(), ra.workspace());
        if let (Ok(m), Ok(c)) = (ma.total(&vars, &mut wm), ra.total(&vars, &mut wr)) {
            let red = reduction_percent(m, c);
            by_allocation.push(AllocationCase {
                allocation: a,
                mined: m,
                recycled: c,
                reduction_percent: red,
                holds: holds(red, stated),
            });
        }
    }
    let grid = &PARAMETERS[r.site.grid_param];
    let verdict = match reduction {
        Some(red) => format!(
            "Recycled {} is {} % {} than mined from {} under {} allocation ({}, grid {} {} at {}): the stated {} % reduction {}.",
            r.fu_label(),
            format_sig(red.abs(), 3),
            if red >= 0.0 { "lower" } else { "higher" },
            r.baseline.label,
            r.allocation.as_str(),
            r.recycling_rule.as_str(),
            format_sig(r.params[r.site.grid_param], 3),
            grid.unit,
            r.site.label,
            number::display(stated),
            if holds_now { "holds" } else { "does not hold" }
        ),
        None => "No reduction can be computed: the mined total is not positive.".into(),
    };
    Ok(ClaimCheck {
        stated_percent: stated,
        reduction_percent: reduction,
        holds: holds_now,
        verdict,
        break_evens,
        by_allocation,
    })
}

#[cfg(test)]
mod tests {
    use super::find_root;

    #[test]
    fn finds_roots_of_linear_nonlinear_and_rootless_functions() {
        let r = find_root(|x| Some(x * x - 2.0), 0.0, 3.0, 1.0).unwrap();
        assert!((r - 2f64.sqrt()).abs() < 1e-9);
        let r = find_root(|x| Some(3.0 * x - 1.0), 0.0, 5.0, 4.0).unwrap();
        assert!((r - 1.0 / 3.0).abs() < 1e-12);
        assert!(find_root(|x| Some(x + 1.0), 0.0, 5.0, 1.0).is_none());
        // two roots: the nearer to the current value wins
        let r = find_root(|x| Some((x - 1.0) * (x - 4.0)), 0.0, 5.0, 3.5).unwrap();
        assert!((r - 4.0).abs() < 1e-9);
        // a root exactly on a scan point
        assert_eq!(find_root(|x| Some(x - 2.5), 0.0, 5.0, 1.0), Some(2.5));
    }
}
