//! Monte Carlo throughput, native: for every preset, the time of 10,000 iterations of both
//! routes (preparation shown apart), the global-sensitivity pass (standardised regression
//! coefficients, replaying the input streams) and the local sensitivity analysis. No
//! assertions.
//!
//! `cargo bench --profile benchmark --bench monte_carlo` (the release settings with unwinding;
//! see Cargo.toml). `MC_PRESET=ID` runs one preset; `MC_MICRO=1` times the building blocks
//! (one normal deviate, one `exp`, one `Vars::new`). Each figure is the best of several
//! repetitions, as the machine may be shared.

use std::time::{Duration, Instant};

use reo_lca::dataset::PRESETS;
use reo_lca::model::resolve::resolve;
use reo_lca::model::scenario::Scenario;
use reo_lca::uncertainty::sensitivity::sensitivity_prepared;
use reo_lca::uncertainty::{McRun, Prepared};

const ITERATIONS: usize = 10_000;
const REPEAT: usize = 7;

fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..REPEAT {
        let t = Instant::now();
        let x = f();
        best = best.min(t.elapsed());
        out = Some(x);
    }
    (best, out.expect("REPEAT > 0"))
}

fn ms(d: Duration) -> String {
    format!("{:8.3} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    if std::env::var("MC_MICRO").is_ok() {
        micro();
        return;
    }
    println!("Monte Carlo, native, {ITERATIONS} iterations of both routes (best of {REPEAT})\n");
    println!(
        "{:<22} {:>7} {:>8} {:>11} {:>11} {:>9} {:>11} {:>11}",
        "preset", "inputs", "tri", "prepare", "10k draws", "µs/iter", "SRC pass", "sensitivity"
    );
    let only = std::env::var("MC_PRESET").ok();
    for p in PRESETS {
        if only.as_deref().is_some_and(|o| o != p.id) {
            continue;
        }
        let r = match resolve(&Scenario::preset(p.id)) {
            Ok(r) => r,
            Err(e) => {
                println!("{:<22} error: {e}", p.id);
                continue;
            }
        };
        let (t_prep, prep) = best(|| Prepared::new(&r).expect("prepare"));
        let tri =
            prep.mined.structure().is_triangular() && prep.recycled.structure().is_triangular();
        let inputs = prep.inputs.len();
        let (t_run, run) = best(|| {
            let mut run = McRun::from_prepared(prep.clone(), 1, true).expect("run");
            run.step(ITERATIONS).expect("step");
            run
        });
        let (t_src, _) = best(|| run.global_sensitivity().expect("src"));
        let (t_sens, _) = best(|| sensitivity_prepared(&prep).expect("sensitivity"));
        println!(
            "{:<22} {:>7} {:>8} {} {} {:>9.3} {} {}",
            p.id,
            inputs,
            if tri { "yes" } else { "no" },
            ms(t_prep),
            ms(t_run),
            t_run.as_secs_f64() * 1e6 / ITERATIONS as f64,
            ms(t_src),
            ms(t_sens)
        );
    }
}

/// Building blocks, per call.
fn micro() {
    use reo_lca::stats::rng::{exp, Rng};
    let mut r = Rng::new(1);
    let n = 1_000_000;
    let (t, s) = best(|| {
        let mut s = 0.0;
        for _ in 0..n {
            s += r.normal();
        }
        s
    });
    println!("normal: {:.2} ns ({s})", t.as_secs_f64() * 1e9 / n as f64);
    let (t, s) = best(|| {
        let mut s = 0.0;
        for _ in 0..n {
            s += r.uniform();
        }
        s
    });
    println!("uniform: {:.2} ns ({s})", t.as_secs_f64() * 1e9 / n as f64);
    let xs: Vec<f64> = (0..n).map(|i| (i as f64 / n as f64) - 0.5).collect();
    let (t, s) = best(|| xs.iter().map(|x| exp(*x)).sum::<f64>());
    println!("exp: {:.2} ns ({s})", t.as_secs_f64() * 1e9 / n as f64);
    let (t, s) = best(|| xs.iter().map(|x| x.exp()).sum::<f64>());
    println!("std exp: {:.2} ns ({s})", t.as_secs_f64() * 1e9 / n as f64);
    let r0 = resolve(&Scenario::preset("ionic-missouri")).unwrap();
    let p = r0.params;
    let (t, _) = best(|| {
        let mut s = 0.0;
        for i in 0..10_000 {
            let mut q = p;
            q[0] += i as f64 * 1e-9;
            s += reo_lca::model::derived::Vars::new(q, r0.site.grid_param)
                .d
                .oxalicPerKgFeed;
        }
        s
    });
    println!("Vars::new: {:.2} ns", t.as_secs_f64() * 1e9 / 10_000.0);
}
