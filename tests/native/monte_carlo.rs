//! Monte Carlo: sampling against theory, reproducibility (same seed, chunks, a committed
//! golden list of draws that the wasm suites check too), common random numbers, the fast
//! evaluation path against the full solver, error paths and the `mc` command.

use std::path::PathBuf;

use reo_lca::engine::solve;
use reo_lca::model::resolve::resolve;
use reo_lca::model::scenario::Scenario;
use reo_lca::routes::{plan_routes, route_total};
use reo_lca::stats::descriptive::quantile_sorted;
use reo_lca::stats::distribution::Dist;
use reo_lca::stats::rng::{exp, key_of, ln, Rng};
use reo_lca::uncertainty::{monte_carlo, McOptions, McRun, MAX_ITERATIONS};
use reo_lca::{compare, Error};

use crate::support::run_cli as cli;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Sampling against theory

/// Draws `n` values and checks mean and variance against the distribution's formulas:
/// |mean − μ| ≤ 4·σ/√n and |s² − σ²| ≤ 4·√((m₄ − s⁴)/n) (m₄ the sample fourth central
/// moment), and the 5th and 95th percentiles: the share of draws below the theoretical
/// quantile q_p is within 4·√(p(1 − p)/n) of p. A correct sampler fails one of these with
/// probability below 10⁻³.
fn check_moments(d: Dist, center: f64, seed: u64) {
    let n = 200_000;
    let s = d.sampler(center);
    let mut rng = Rng::new(seed);
    let xs: Vec<f64> = (0..n).map(|_| s.sample(&mut rng)).collect();
    let nf = n as f64;
    let mean = xs.iter().sum::<f64>() / nf;
    let m2 = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (nf - 1.0);
    let m4 = xs.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / nf;
    let (mu, var) = (d.mean(center), d.variance(center));
    let tol_mean = 4.0 * (var / nf).sqrt();
    assert!(
        (mean - mu).abs() <= tol_mean,
        "{d:?}: mean {mean} vs {mu} (tolerance {tol_mean})"
    );
    let tol_var = 4.0 * ((m4 - m2 * m2) / nf).sqrt();
    assert!(
        (m2 - var).abs() <= tol_var,
        "{d:?}: variance {m2} vs {var} (tolerance {tol_var})"
    );
    for p in [0.05, 0.95] {
        let q = d.quantile(center, p);
        let below = xs.iter().filter(|x| **x < q).count() as f64 / nf;
        let tol = 4.0 * (p * (1.0 - p) / nf).sqrt();
        assert!(
            (below - p).abs() <= tol,
            "{d:?}: P(X < q{p}) = {below} (tolerance {tol})"
        );
    }
}

#[test]
fn sample_moments_match_theory() {
    check_moments(Dist::Uniform(2.0, 5.0), 3.0, 1);
    check_moments(Dist::Triangular(1.0, 2.0, 6.0), 2.0, 2);
    check_moments(Dist::Triangular(0.44, 1.25, 1.25), 1.25, 3);
    check_moments(Dist::Pert(1.0, 2.0, 6.0), 2.0, 4);
    check_moments(Dist::Pert(0.0, 0.0, 1.0), 0.0, 5);
    check_moments(Dist::NormalSd(3.0), 10.0, 6);
    check_moments(Dist::LogNormalGsd(1.5), 2.0, 7);
    check_moments(Dist::LogNormalGsd(1.1), 1.0, 8);
    check_moments(Dist::lognormal("x", 0.3, 0.4).unwrap(), 0.0, 9);
    check_moments(Dist::lognormal_gm_gsd("x", 21.0, 1.2).unwrap(), 0.0, 10);
}

#[test]
fn standard_normal_tails_match_theory() {
    // The ziggurat's tail and wedges: P(|Z| > 2) = 0.0455, P(|Z| > 3.6541…) (beyond the base
    // layer) = 2.58e-4, within 4 standard errors over a million draws.
    let n = 1_000_000;
    let mut r = Rng::new(99);
    let (mut over2, mut over_r) = (0usize, 0usize);
    for _ in 0..n {
        let z = r.normal().abs();
        over2 += (z > 2.0) as usize;
        over_r += (z > 3.654_152_885_361_009) as usize;
    }
    for (count, p) in [(over2, 0.045_500_263_896_358_4), (over_r, 2.5802e-4)] {
        let got = count as f64 / n as f64;
        let tol = 4.0 * (p * (1.0 - p) / n as f64).sqrt();
        assert!((got - p).abs() <= tol, "{got} vs {p}");
    }
}

#[test]
fn distribution_errors_name_the_parameter() {
    let field = |r: reo_lca::Result<Dist>| r.unwrap_err().field();
    assert_eq!(
        field(Dist::triangular("gridSrmw", 3.0, 2.0, 4.0)),
        "gridSrmw.min"
    );
    assert_eq!(
        field(Dist::triangular("gridSrmw", 1.0, 5.0, 4.0)),
        "gridSrmw.mode"
    );
    assert_eq!(field(Dist::pert("efHcl", 1.0, 2.0, f64::NAN)), "efHcl.max");
    assert_eq!(
        field(Dist::uniform("feedTruckKm", 5.0, 1.0)),
        "feedTruckKm.low"
    );
    assert_eq!(
        field(Dist::lognormal_gsd("miningDiesel", 1.0)),
        "miningDiesel.gsd"
    );
    assert_eq!(field(Dist::lognormal("x", f64::NAN, 1.0)), "x.mu");
    assert_eq!(field(Dist::lognormal("x", 0.0, 0.0)), "x.sigma");
    assert_eq!(field(Dist::lognormal_gm_gsd("x", 0.0, 1.5)), "x.gm");
    assert_eq!(field(Dist::normal_sd("x", -1.0)), "x.sd");
    assert!(matches!(
        Dist::normal_sd("x", f64::INFINITY),
        Err(Error::NotFinite { .. })
    ));
    assert!(Dist::pert("x", 1.0, 1.0, 1.0).is_ok());
}

#[test]
fn platform_ln_and_exp_agree_to_one_ulp() {
    let mut r = Rng::new(3);
    for _ in 0..100_000 {
        let x = (r.uniform() - 0.5) * 60.0;
        let e = exp(x);
        assert!((e - x.exp()).abs() <= x.exp() * f64::EPSILON, "exp({x})");
        let y = exp(x);
        assert!((ln(y) - y.ln()).abs() <= y.ln().abs().max(1e-300) * f64::EPSILON + 1e-300);
    }
}

// ---------------------------------------------------------------------------------------------
// Reproducibility

fn hex(x: f64) -> String {
    format!("{:016x}", x.to_bits())
}

fn golden_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/rng.json")
}

/// Everything the golden file pins, computed now (bit patterns as hex).
fn golden_now() -> Value {
    let mut r = Rng::new(42);
    let u64s: Vec<String> = (0..8).map(|_| format!("{:016x}", r.next_u64())).collect();
    let mut r = Rng::new(42);
    let uniforms: Vec<String> = (0..8).map(|_| hex(r.uniform())).collect();
    let mut r = Rng::new(42);
    let normals: Vec<String> = (0..32).map(|_| hex(r.normal())).collect();
    let mut r = Rng::stream(42, key_of("parameter:gridSrmw"));
    let stream: Vec<String> = (0..8).map(|_| hex(r.normal())).collect();
    let mut r = Rng::new(7);
    let gammas: Vec<String> = (0..8).map(|_| hex(r.gamma(1.8))).collect();
    let xs = [1e-300, 0.001, 0.3, 1.0, 1.5, 2.0, 10.0, 12345.678];
    let lns: Vec<Value> = xs.iter().map(|&x| json!([hex(x), hex(ln(x))])).collect();
    let es = [-700.0, -20.5, -1.0, -1e-10, 0.25, 0.7, 3.3, 700.0];
    let exps: Vec<Value> = es.iter().map(|&x| json!([hex(x), hex(exp(x))])).collect();
    let mut run = McRun::new(&Scenario::preset("ionic-missouri"), 42).unwrap();
    run.step(8).unwrap();
    let (m, c, _) = run.samples();
    json!({
        "about": "First draws of reo_lca::model::rng for fixed seeds and the first Monte Carlo samples of ionic-missouri (seed 42), as IEEE-754 bit patterns in hex. Native and wasm must give exactly these. Regenerate with UPDATE_GOLDEN=1 cargo test --test monte_carlo when the generator, the sampler, the engine or the dataset changes on purpose.",
        "seed": 42,
        "nextU64": u64s,
        "uniform": uniforms,
        "normal": normals,
        "streamKey": "parameter:gridSrmw",
        "streamNormal": stream,
        "gamma1_8Seed7": gammas,
        "ln": lns,
        "exp": exps,
        "monteCarlo": {
            "preset": "ionic-missouri",
            "seed": 42,
            "mined": m.iter().map(|x| hex(*x)).collect::<Vec<_>>(),
            "recycled": c.iter().map(|x| hex(*x)).collect::<Vec<_>>(),
        }
    })
}

#[test]
fn draws_match_the_committed_golden_list() {
    let now = golden_now();
    let path = golden_path();
    if std::env::var("UPDATE_GOLDEN").is_ok() {
        let text = serde_json::to_string_pretty(&now).unwrap();
        std::fs::write(&path, text + "\n").unwrap();
        return;
    }
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    let golden: Value = serde_json::from_str(&text).unwrap();
    for key in [
        "nextU64",
        "uniform",
        "normal",
        "streamNormal",
        "gamma1_8Seed7",
        "ln",
        "exp",
    ] {
        assert_eq!(now[key], golden[key], "golden {key} differs");
    }
    assert_eq!(
        now["monteCarlo"], golden["monteCarlo"],
        "Monte Carlo samples differ from tests/golden/rng.json; if the engine or the dataset changed on purpose, run UPDATE_GOLDEN=1 cargo test --test monte_carlo"
    );
}

#[test]
fn same_seed_same_samples_and_chunks_equal_one_shot() {
    let s = Scenario::preset("ionic-missouri-ndpr");
    let opts = McOptions {
        iterations: 3000,
        seed: 123,
        global_sensitivity: true,
        ..McOptions::default()
    };
    let a = monte_carlo(&s, &opts).unwrap();
    let b = monte_carlo(&s, &opts).unwrap();
    assert_eq!(a, b);
    let mut run = McRun::new(&s, 123).unwrap();
    for n in [1, 99, 900, 2000] {
        run.step(n).unwrap();
    }
    let chunked = run.finish(true).unwrap();
    // Bit-identical samples and summary.
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&chunked.samples.mined), bits(&a.samples.mined));
    assert_eq!(bits(&chunked.samples.recycled), bits(&a.samples.recycled));
    assert_eq!(chunked.summary, a.summary);
    assert_eq!(chunked.global, a.global);
    assert!(a.global.is_some());
    let c = monte_carlo(&s, &McOptions { seed: 124, ..opts }).unwrap();
    assert_ne!(c.samples.mined, a.samples.mined);
}

// ---------------------------------------------------------------------------------------------
// Results

#[test]
fn deterministic_values_equal_compare_and_statistics_are_consistent() {
    for p in reo_lca::dataset::PRESETS {
        let s = Scenario::preset(p.id);
        let c = compare(&s).unwrap();
        let r = monte_carlo(
            &s,
            &McOptions {
                iterations: 2000,
                seed: 5,
                ..McOptions::default()
            },
        )
        .unwrap();
        let m = &r.summary;
        let rel = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs();
        assert!(rel(m.mined.deterministic, c.mined.total), "{}", p.id);
        assert!(rel(m.recycled.deterministic, c.recycled.total), "{}", p.id);
        assert_eq!(
            m.comparison.reduction_percent.deterministic,
            c.reduction_percent
        );
        // Probabilities are the shares of the samples.
        let n = r.samples.mined.len() as f64;
        let lower = r
            .samples
            .mined
            .iter()
            .zip(&r.samples.recycled)
            .filter(|(a, b)| b < a)
            .count() as f64;
        assert_eq!(m.comparison.p_recycled_lower, lower / n);
        let claim = m.comparison.claim_percent;
        let at_least = r
            .samples
            .reduction_percent
            .iter()
            .filter(|x| **x >= claim)
            .count() as f64;
        assert_eq!(m.comparison.p_reduction_at_least_claim, at_least / n);
        // Quantiles are ordered, and the median is the sorted middle.
        for st in [&m.mined, &m.recycled] {
            assert!(st.min <= st.p5 && st.p5 <= st.median && st.median <= st.p95);
            assert!(st.p95 <= st.max && st.sd > 0.0);
        }
        let mut sorted = r.samples.mined.clone();
        sorted.sort_by(|a, b| a.total_cmp(b));
        assert_eq!(m.mined.median, quantile_sorted(&sorted, 0.5));
        // The last convergence checkpoint is the full run.
        let last = m.convergence.last().unwrap();
        assert_eq!(last.iterations, 2000);
        assert!((last.mined_mean - m.mined.mean).abs() <= 1e-9 * m.mined.mean.abs());
        assert!(last.mined_half_width > 0.0);
        assert!(m.explanation.contains("exp(σ²/2)"), "{}", m.explanation);
        assert!(!m.sampled.is_empty());
    }
}

#[test]
fn overridden_parameters_are_fixed_and_listed() {
    let mut s = Scenario::preset("ionic-missouri");
    s.overrides.insert("gridSrmw".into(), 0.3);
    let r = monte_carlo(
        &s,
        &McOptions {
            iterations: 200,
            ..McOptions::default()
        },
    )
    .unwrap();
    assert!(r
        .summary
        .fixed_by_scenario
        .contains(&"gridSrmw".to_string()));
    assert!(r.summary.sampled.iter().all(|i| i.id != "gridSrmw"));
    assert!(r.summary.sampled.iter().any(|i| i.id == "efOxalicAcid"));
}

/// A scenario whose routes share their uncertain inputs: the mined ion-clay route with its
/// clay footprint fixed (overridden), and a custom recycled route made of the same reagents
/// (HCl, NaOH, kerosene, heavy fuel oil) in other amounts.
fn shared_inputs_scenario() -> Scenario {
    let v = json!({
        "preset": "ionic-missouri",
        "overrides": {"iacMixedReoFootprint": 21.0},
        "inventory": {"processes": [{
            "id": "reagents",
            "outputs": [{"flow": "Dy2O3", "amount": 1.0}],
            "inputs": [
                {"flow": "hcl_100", "amount": 1.2},
                {"flow": "naoh_50", "amount": 0.6},
                {"flow": "kerosene", "amount": 1.5},
                {"flow": "hfo_burned", "amount": 2.0}
            ]
        }]}
    });
    serde_json::from_value(v).unwrap()
}

#[test]
fn common_random_numbers_reduce_the_variance_of_the_difference() {
    let r = resolve(&shared_inputs_scenario()).unwrap();
    let var_of_difference = |crn: bool| {
        let mut run = McRun::from_resolved(&r, 11, crn).unwrap();
        run.step(20_000).unwrap();
        let s = run.summary().unwrap();
        s.comparison.difference.sd.powi(2)
    };
    let (crn, independent) = (var_of_difference(true), var_of_difference(false));
    // With 20,000 draws each variance is known to about ±2 %; the gap is far larger.
    assert!(
        crn < 0.8 * independent,
        "Var(mined − recycled): {crn} with common random numbers, {independent} independent"
    );
}

#[test]
fn fast_path_equals_the_full_solver() {
    let mut scenarios: Vec<Scenario> = reo_lca::dataset::PRESETS
        .iter()
        .map(|p| Scenario::preset(p.id))
        .collect();
    for (preset, allocation, rule) in [
        ("ionic-missouri-ndpr", "mass", "cut-off"),
        ("ionic-missouri-ndpr", "model", "substitution"),
        ("ionic-belfast-ndpr", "economic", "substitution"),
        ("sprecher-hdd", "economic", "cut-off"),
        ("smco-missouri", "mass", "substitution"),
    ] {
        let mut s = Scenario::preset(preset);
        s.allocation = Some(allocation.into());
        s.recycling_rule = Some(rule.into());
        s.gwp = Some("AR5".into());
        scenarios.push(s);
    }
    scenarios.push(shared_inputs_scenario());
    scenarios.push(loop_scenario());
    for s in &scenarios {
        let r = resolve(s).unwrap();
        let (mp, rp) = plan_routes(&r).unwrap();
        for p in [&mp, &rp] {
            let full = solve(&p.compiled.labelled(&r.vars()).unwrap().system)
                .unwrap()
                .impact;
            let fast = route_total(p, &r.vars()).unwrap();
            assert!(
                (fast - full).abs() <= 1e-12 * full.abs(),
                "{s:?}: {fast} vs {full}"
            );
        }
    }
}

/// A custom recycled route with a loop (the solvent is regenerated with its own product).
fn loop_scenario() -> Scenario {
    serde_json::from_value(json!({
        "preset": "ionic-missouri",
        "inventory": {"processes": [
            {"id": "recover", "outputs": [{"flow": "Dy2O3", "amount": 1.0}],
             "inputs": [{"flow": "solvent", "amount": 2.0}, {"flow": "electricity_site", "amount": 3.0}],
             "emissions": [{"flow": "co2_fossil", "amount": 0.5}]},
            {"id": "regenerate", "outputs": [{"flow": "solvent", "amount": 1.0}],
             "inputs": [{"flow": "Dy2O3", "amount": 0.01}, {"flow": "hcl_100", "amount": 0.2}]}
        ]}
    }))
    .unwrap()
}

#[test]
fn systems_with_loops_use_the_dense_fallback() {
    let r = resolve(&loop_scenario()).unwrap();
    let (_, rp) = plan_routes(&r).unwrap();
    let c = &rp.compiled;
    assert!(!c.structure().is_triangular());
    let mut run = McRun::from_resolved(&r, 3, true).unwrap();
    run.step(500).unwrap();
    let s = run.summary().unwrap();
    let full = solve(&rp.compiled.labelled(&r.vars()).unwrap().system)
        .unwrap()
        .impact;
    assert!((s.recycled.deterministic - full).abs() <= 1e-12 * full);
    assert!(s.recycled.sd > 0.0);
}

// ---------------------------------------------------------------------------------------------
// Errors

#[test]
fn iteration_and_seed_errors_name_the_option() {
    let s = Scenario::preset("ionic-missouri");
    for n in [0, MAX_ITERATIONS + 1] {
        let e = monte_carlo(
            &s,
            &McOptions {
                iterations: n,
                ..McOptions::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.field(), "options.iterations", "{e}");
        assert!(matches!(e, Error::OutOfRange { .. }));
    }
    let mut run = McRun::new(&s, 1).unwrap();
    assert_eq!(run.summary().unwrap_err().field(), "iterations");
    run.step(10).unwrap();
    let e = run.step(MAX_ITERATIONS).unwrap_err();
    assert_eq!(e.field(), "iterations");
    assert_eq!(run.len(), 10, "nothing is run past the cap");
    for (it, seed, field) in [
        (f64::NAN, 1.0, "options.iterations"),
        (10.5, 1.0, "options.iterations"),
        (1e6, 1.0, "options.iterations"),
        (10.0, f64::NAN, "options.seed"),
        (10.0, -1.0, "options.seed"),
        (10.0, 0.5, "options.seed"),
        (10.0, 2f64.powi(53), "options.seed"),
    ] {
        let e = McOptions::from_numbers(it, seed).unwrap_err();
        assert_eq!(e.field(), field, "{it} {seed}: {e}");
    }
    assert!(McOptions::from_numbers(10.0, 2f64.powi(53) - 1.0).is_ok());
    // Unknown option fields are refused.
    let bad: Result<McOptions, _> = serde_json::from_value(json!({"iterations": 5, "sed": 1}));
    assert!(bad.is_err());
    let ok: McOptions = serde_json::from_value(json!({"iterations": 5, "seed": 9})).unwrap();
    assert_eq!(
        (
            ok.iterations,
            ok.seed,
            ok.common_random_numbers,
            ok.global_sensitivity
        ),
        (5, 9, true, false)
    );
    // A bad scenario is reported as for compare.
    let e = monte_carlo(&Scenario::preset("nope"), &McOptions::default()).unwrap_err();
    assert_eq!(e.field(), "preset");
}

// ---------------------------------------------------------------------------------------------
// Command line

#[test]
fn mc_command_prints_text_and_json() {
    let (code, out, err) = cli(&[
        "mc",
        "--preset",
        "ionic-missouri",
        "--iterations",
        "500",
        "--seed",
        "7",
    ]);
    assert_eq!(code, 0, "{err}");
    for s in [
        "P(recycled < mined)",
        "P(reduction ≥ 61 %)",
        "convergence",
        "P95",
    ] {
        assert!(out.contains(s), "{s} missing:\n{out}");
    }
    let (code, out, _) = cli(&[
        "mc",
        "--preset",
        "ionic-missouri",
        "--iterations",
        "300",
        "--seed",
        "7",
        "--json",
        "--samples",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["iterations"], 300);
    assert_eq!(v["summary"]["seed"], 7);
    assert_eq!(v["samples"]["mined"].as_array().unwrap().len(), 300);
    for k in [
        "pRecycledLower",
        "pReductionAtLeastClaim",
        "claimPercent",
        "reductionPercent",
    ] {
        assert!(!v["summary"]["comparison"][k].is_null(), "{k}");
    }
    // The same seed gives the same JSON as the library.
    let lib = monte_carlo(
        &Scenario::preset("ionic-missouri"),
        &McOptions {
            iterations: 300,
            seed: 7,
            ..McOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        v["summary"]["mined"]["mean"].as_f64().unwrap(),
        lib.summary.mined.mean
    );
}

#[test]
fn mc_command_rejects_bad_arguments_naming_them() {
    for (args, name) in [
        (vec!["--iterations", "0"], "--iterations"),
        (vec!["--iterations", "200001"], "--iterations"),
        (vec!["--iterations", "ten"], "--iterations"),
        (vec!["--seed", "-3"], "--seed"),
        (vec!["--seed"], "--seed"),
        (vec!["--samples"], "--samples"),
        (vec!["--frobnicate"], "--frobnicate"),
    ] {
        let mut a = vec!["mc", "--preset", "ionic-missouri"];
        a.extend(args.iter());
        let (code, _, err) = cli(&a);
        assert_eq!(code, 2, "{a:?}");
        assert!(err.starts_with(&format!("reo-lca: {name}")), "{a:?}: {err}");
    }
}
