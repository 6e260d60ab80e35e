//! Sensitivities: the adjoint derivatives against finite differences (a hand-made system, the
//! built-in routes, a system with a loop), the parameter chain rule against finite differences
//! of the whole route, the tornado against full comparisons, the standardised regression
//! coefficients, and the `sensitivity` command.

use std::process::Command;

use reo_lca::dataset::{EXCHANGES, PARAMETERS, PRESETS};
use reo_lca::engine::fast::{SparseEntry, Structure};
use reo_lca::model::derived::Vars;
use reo_lca::model::resolve::resolve;
use reo_lca::model::scenario::Scenario;
use reo_lca::routes::route_total;
use reo_lca::uncertainty::sensitivity::{
    parameter_derivatives, route_gradient, sensitivity, sensitivity_prepared,
};
use reo_lca::uncertainty::{McRun, Prepared};
use reo_lca::{compare, RouteResult};
use serde_json::{json, Value};

/// Relative agreement with a floor for derivatives that are (nearly) zero.
fn close(a: f64, b: f64, rel: f64, floor: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()) + floor
}

fn e(biosphere: bool, row: usize, col: usize, output: bool) -> SparseEntry {
    SparseEntry {
        biosphere,
        row,
        col,
        output,
    }
}

/// Finite difference of the impact with respect to each entry's value: central differences
/// with steps h and h/2 combined by Richardson extrapolation, `(4·D(h/2) − D(h))/3`, so the
/// truncation error is O(h⁴) and the step can be large enough to keep rounding small.
fn fd_entries(st: &Structure, v: &[f64]) -> Vec<f64> {
    let mut ws = st.workspace();
    let mut central = |k: usize, h: f64| {
        let mut p = v.to_vec();
        p[k] += h;
        let hp = st.impact(&p, &mut ws).unwrap();
        p[k] -= 2.0 * h;
        let hm = st.impact(&p, &mut ws).unwrap();
        (hp - hm) / (2.0 * h)
    };
    (0..v.len())
        .map(|k| {
            let h = 1e-3 * v[k].abs().max(1e-2);
            (4.0 * central(k, h / 2.0) - central(k, h)) / 3.0
        })
        .collect()
}

fn adjoint_entries(st: &Structure, v: &[f64]) -> Vec<f64> {
    let mut ws = st.workspace();
    st.impact_and_adjoint(v, &mut ws).unwrap();
    let mut g = vec![0.0; v.len()];
    st.entry_gradient(&ws, &mut g);
    g
}

#[test]
fn adjoint_equals_finite_differences_on_a_small_system() {
    // Oxide (0) ← leaching (1) ← ore (2); leaching also takes acid (3); acid and ore emit CO2
    // (flow 0) and leaching emits CH4 (flow 1, factor 27). One co-product credit: the oxide
    // process also yields 0.2 of product 3 (acid) back.
    let entries = [
        e(false, 0, 0, true),
        e(false, 1, 0, false),
        e(false, 3, 0, true),
        e(false, 1, 1, true),
        e(false, 2, 1, false),
        e(false, 3, 1, false),
        e(false, 2, 2, true),
        e(false, 3, 3, true),
        e(true, 0, 2, false),
        e(true, 0, 3, false),
        e(true, 1, 1, false),
        e(true, 0, 0, false),
    ];
    let st = Structure::new(4, 4, &entries, &[1.0, 27.0], &[1.0, 0.0, 0.0, 0.0]);
    assert!(st.is_triangular());
    let v = [
        1.0, -1.8, 0.2, 1.0, -30.0, -2.5, 1.0, 1.0, 0.04, 1.9, 0.003, 0.7,
    ];
    let (adj, fd) = (adjoint_entries(&st, &v), fd_entries(&st, &v));
    for k in 0..v.len() {
        assert!(
            close(adj[k], fd[k], 1e-6, 1e-10),
            "entry {k}: {} vs {}",
            adj[k],
            fd[k]
        );
    }
    // The same system with a loop (acid made with 0.05 oxide) goes through the dense LU.
    let mut with_loop = entries.to_vec();
    with_loop.push(e(false, 0, 3, false));
    let st = Structure::new(4, 4, &with_loop, &[1.0, 27.0], &[1.0, 0.0, 0.0, 0.0]);
    assert!(!st.is_triangular());
    let mut v2 = v.to_vec();
    v2.push(-0.05);
    let (adj, fd) = (adjoint_entries(&st, &v2), fd_entries(&st, &v2));
    for k in 0..v2.len() {
        assert!(
            close(adj[k], fd[k], 1e-6, 1e-10),
            "loop entry {k}: {} vs {}",
            adj[k],
            fd[k]
        );
    }
}

#[test]
fn adjoint_equals_finite_differences_on_the_builtin_routes() {
    for p in PRESETS {
        let r = resolve(&Scenario::preset(p.id)).unwrap();
        let prep = Prepared::new(&r).unwrap();
        for c in [&prep.mined, &prep.recycled] {
            let mut ws = c.workspace();
            let (h, grad) = route_gradient(c, &prep.base, &mut ws).unwrap();
            let values = ws.values.clone();
            let fd = fd_entries(c.structure(), &values);
            for k in 0..values.len() {
                assert!(
                    close(grad[k], fd[k], 1e-6, 1e-9 * h.abs()),
                    "{} {} entry {k}: {} vs {}",
                    p.id,
                    c.plan.route,
                    grad[k],
                    fd[k]
                );
            }
        }
    }
}

#[test]
fn exchange_elasticities_equal_finite_differences_of_the_route() {
    for p in PRESETS {
        let s = Scenario::preset(p.id);
        let r = resolve(&s).unwrap();
        let prep = Prepared::new(&r).unwrap();
        let sens = sensitivity_prepared(&prep).unwrap();
        for (c, rs) in [(&prep.mined, &sens.mined), (&prep.recycled, &sens.recycled)] {
            let mut ws = c.workspace();
            let h = c.impact(&prep.base, &[], &mut ws).unwrap();
            assert!(close(rs.total, h, 1e-12, 0.0));
            let mut factors = vec![1.0; EXCHANGES.len()];
            let mut checked = 0;
            for ei in c.exchanges() {
                let Some(row) = rs
                    .exchanges
                    .iter()
                    .find(|x| x.id == reo_lca::uncertainty::exchange_id(ei).0)
                else {
                    continue;
                };
                let d = 1e-5;
                factors[ei] = 1.0 + d;
                let hp = c.impact(&prep.base, &factors, &mut ws).unwrap();
                factors[ei] = 1.0 - d;
                let hm = c.impact(&prep.base, &factors, &mut ws).unwrap();
                factors[ei] = 1.0;
                let fd = (hp - hm) / (2.0 * d) / h;
                assert!(
                    close(row.elasticity, fd, 1e-6, 1e-9),
                    "{} {}: {} ({}) vs {fd}",
                    p.id,
                    row.id,
                    row.elasticity,
                    row.method
                );
                checked += 1;
            }
            assert!(checked > 5, "{}: only {checked} exchanges checked", p.id);
        }
    }
}

#[test]
fn parameter_derivatives_equal_finite_differences_of_the_route() {
    for p in PRESETS {
        let r = resolve(&Scenario::preset(p.id)).unwrap();
        let prep = Prepared::new(&r).unwrap();
        let (mp, rp) = reo_lca::routes::plan_routes(&r).unwrap();
        let derivs = parameter_derivatives(&prep).unwrap();
        assert!(derivs.len() > 5);
        for (i, dm, dr) in derivs {
            let def = &PARAMETERS[i];
            let x = r.params[i];
            // A larger step than the chain rule's (to test it, not repeat it); one-sided at the
            // lower bound of the range.
            let h = 1e-4 * x.abs().max(1e-2 * (def.max - def.min));
            let (lo, hi) = if x - h < def.min {
                (x, x + h)
            } else {
                (x - h, x + h)
            };
            let at = |v: f64| {
                let mut q = r.params;
                q[i] = v;
                let vars = Vars::new(q, r.site.grid_param);
                (
                    route_total(&mp, &vars).unwrap(),
                    route_total(&rp, &vars).unwrap(),
                )
            };
            let ((m0, r0), (m1, r1)) = (at(lo), at(hi));
            let (fm, fr) = ((m1 - m0) / (hi - lo), (r1 - r0) / (hi - lo));
            // Formulas are polynomial in a parameter: one-sided differences carry a
            // truncation error of order h, hence the looser tolerance there.
            let tol = if lo == x { 1e-3 } else { 1e-6 };
            let floor = 1e-9 * (prep.deterministic.0.abs() + prep.deterministic.1.abs())
                / x.abs().max(1e-3);
            assert!(
                close(dm, fm, tol, floor),
                "{} {}: mined {dm} vs {fm}",
                p.id,
                def.id
            );
            assert!(
                close(dr, fr, tol, floor),
                "{} {}: recycled {dr} vs {fr}",
                p.id,
                def.id
            );
        }
    }
}

fn with_override(preset: &str, id: &str, v: f64) -> (RouteResult, RouteResult, Option<f64>) {
    let mut s = Scenario::preset(preset);
    s.overrides.insert(id.into(), v);
    let c = compare(&s).unwrap();
    (c.mined, c.recycled, c.reduction_percent)
}

#[test]
fn tornado_bars_equal_full_comparisons_and_are_sorted() {
    let s = sensitivity(&Scenario::preset("ionic-missouri")).unwrap();
    let bars = &s.tornado.bars;
    assert!(bars.len() >= 5);
    for w in bars.windows(2) {
        assert!(w[0].swing >= w[1].swing);
    }
    for b in bars.iter().take(6) {
        let def = PARAMETERS.iter().find(|p| p.id == b.id).unwrap();
        for (x, red) in [(b.low, b.reduction_low), (b.high, b.reduction_high)] {
            if x < def.min || x > def.max {
                continue;
            }
            let (m, c, rd) = with_override("ionic-missouri", &b.id, x);
            let red = red.unwrap();
            assert!(
                close(red, rd.unwrap(), 1e-9, 1e-8),
                "{}: {red} vs {rd:?}",
                b.id
            );
            assert!(m.total > 0.0 && c.total > 0.0);
        }
        assert!(b.low < b.high, "{}", b.id);
    }
    // The tornado bounds are the 5th and 95th percentiles of the table distributions.
    let b = bars
        .iter()
        .find(|b| b.id == "iacMixedReoFootprint")
        .unwrap();
    assert!(close(b.low, 17.8 + 0.05 * 6.5, 1e-12, 0.0));
    assert!(close(b.high, 17.8 + 0.95 * 6.5, 1e-12, 0.0));
    assert_eq!(s.tornado.base_reduction_percent, s.reduction_percent);
}

#[test]
fn reduction_sensitivity_follows_from_the_totals() {
    let s = sensitivity(&Scenario::preset("sprecher-hdd")).unwrap();
    let (m, c) = (s.mined.total, s.recycled.total);
    for p in &s.parameters {
        let d = 100.0 * (c * p.d_mined - m * p.d_recycled) / (m * m);
        assert!(close(p.d_reduction_percent.unwrap(), d, 1e-12, 1e-15));
        assert!(close(
            p.elasticity_mined,
            p.d_mined * p.value / m,
            1e-12,
            1e-15
        ));
    }
    // Sorted by the effect on the reduction.
    let k = |p: &reo_lca::uncertainty::sensitivity::ParameterSensitivity| {
        p.reduction_points_per_percent.unwrap().abs()
    };
    for w in s.parameters.windows(2) {
        assert!(k(&w[0]) >= k(&w[1]) || k(&w[0]) == 0.0);
    }
    // Exchange rows: the entries of the adjoint and, for co-product amounts, the route FD.
    assert!(s
        .recycled
        .exchanges
        .iter()
        .chain(&s.mined.exchanges)
        .any(|x| x.method.as_str() == "adjoint"));
}

#[test]
fn sensitivity_of_a_custom_inventory_with_a_loop() {
    let sc: Scenario = serde_json::from_value(json!({
        "preset": "ionic-missouri",
        "inventory": {"processes": [
            {"id": "recover", "outputs": [{"flow": "Dy2O3", "amount": 1.0}],
             "inputs": [{"flow": "solvent", "amount": 2.0}, {"flow": "electricity_site", "amount": 3.0}],
             "emissions": [{"flow": "co2_fossil", "amount": 0.5}]},
            {"id": "regenerate", "outputs": [{"flow": "solvent", "amount": 1.0}],
             "inputs": [{"flow": "Dy2O3", "amount": 0.01}, {"flow": "hcl_100", "amount": 0.2}]}
        ]}
    }))
    .unwrap();
    let s = sensitivity(&sc).unwrap();
    assert_eq!(s.recycled.route, "custom");
    // Custom exchanges get adjoint elasticities; check one against a finite difference of the
    // custom amount.
    let row = s
        .recycled
        .exchanges
        .iter()
        .find(|x| x.id == "custom:recover/input/electricity_site")
        .expect("custom row");
    let mut sc2 = sc.clone();
    let d = 1e-5;
    let total = |f: f64, sc2: &mut Scenario| {
        sc2.inventory.as_mut().unwrap().processes[0].inputs[1].amount = 3.0 * f;
        compare(sc2).unwrap().recycled.total
    };
    let fd = (total(1.0 + d, &mut sc2) - total(1.0 - d, &mut sc2)) / (2.0 * d) / s.recycled.total;
    assert!(
        close(row.elasticity, fd, 1e-6, 1e-10),
        "{} vs {fd}",
        row.elasticity
    );
}

#[test]
fn standardised_regression_coefficients_explain_the_variance() {
    let mut run = McRun::new(&Scenario::preset("ionic-missouri"), 21).unwrap();
    run.step(4000).unwrap();
    let g = run.global_sensitivity().unwrap();
    for r2 in [g.r2_mined, g.r2_recycled, g.r2_reduction_percent.unwrap()] {
        assert!(r2 > 0.9 && r2 <= 1.0 + 1e-9, "R² {r2}");
    }
    // Independent inputs: the squared coefficients add up to about R².
    let sum: f64 = g.inputs.iter().map(|i| i.recycled * i.recycled).sum();
    assert!(
        (sum - g.r2_recycled).abs() < 0.05,
        "{sum} vs {}",
        g.r2_recycled
    );
    // The clay footprint drives the mined route; it is the first or second input overall.
    let top: Vec<&str> = g.inputs.iter().take(3).map(|i| i.id.as_str()).collect();
    assert!(top.contains(&"iacMixedReoFootprint"), "{top:?}");
    let clay = g
        .inputs
        .iter()
        .find(|i| i.id == "iacMixedReoFootprint")
        .unwrap();
    assert!(clay.mined > 0.9);
    // Too few iterations for the regression.
    let mut small = McRun::new(&Scenario::preset("ionic-missouri"), 1).unwrap();
    small.step(5).unwrap();
    assert_eq!(
        small.global_sensitivity().unwrap_err().field(),
        "iterations"
    );
}

#[test]
fn sensitivity_command_prints_text_and_json() {
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_reo-lca"))
            .args(args)
            .output()
            .unwrap();
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, out, err) = run(&["sensitivity", "--preset", "ionic-missouri"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("tornado") && out.contains("iacMixedReoFootprint"),
        "{out}"
    );
    let (code, out, _) = run(&["sensitivity", "--preset", "sprecher-hdd", "--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["tornado"]["bars"].as_array().unwrap().len() > 3);
    assert!(v["mined"]["exchanges"][0]["elasticity"].is_number());
    let (code, _, err) = run(&["sensitivity", "--preset", "ionic-missouri", "--seed", "1"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("reo-lca: --seed"), "{err}");
    let (code, _, err) = run(&["sensitivity"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("reo-lca: --preset"), "{err}");
}
