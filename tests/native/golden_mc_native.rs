//! Monte Carlo golden check, native side: `tests/golden/mc.json` (first samples, a hash of all
//! samples and the summary statistics, as bit patterns) must equal what the native build
//! computes now. The wasm suites check the same file bit for bit, so a seed gives the same
//! draws natively, in Node and in the browser.
//!
//! `UPDATE_GOLDEN=1 cargo test --test golden_mc_native` rewrites the file.

#[path = "../golden/mc.rs"]
mod mc;

use std::path::PathBuf;

use reo_lca::uncertainty::{monte_carlo, McOptions, McRun};
use reo_lca::Scenario;
use serde_json::{json, Value};

fn compute(preset: &str) -> Value {
    let opts = McOptions {
        iterations: mc::ITERATIONS,
        seed: mc::SEED,
        ..McOptions::default()
    };
    let r = monte_carlo(&Scenario::preset(preset), &opts).expect("golden run");
    let summary = serde_json::to_value(&r.summary).expect("summary serializes");
    let s = &r.samples;
    mc::case(
        preset,
        &summary,
        &s.mined,
        &s.recycled,
        &s.reduction_percent,
    )
}

fn golden_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/mc.json")
}

#[test]
fn monte_carlo_golden_file_matches_native_results() {
    let now: Vec<Value> = mc::PRESETS.iter().map(|p| compute(p)).collect();
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        let doc = json!({
            "about": "monteCarlo() with a fixed seed, computed by the native build: first samples, an FNV-1a hash of all samples' bit patterns and summary statistics, as IEEE-754 bit patterns in hex. The wasm tests (Node and browser) must match bit for bit. Regenerate with UPDATE_GOLDEN=1 cargo test --test golden_mc_native.",
            "engineVersion": reo_lca::ENGINE_VERSION,
            "datasetVersion": reo_lca::dataset::DATASET_VERSION,
            "cases": now,
        });
        let text = serde_json::to_string_pretty(&doc).expect("golden serializes") + "\n";
        std::fs::write(golden_path(), text).expect("write tests/golden/mc.json");
        eprintln!("rewrote {}", golden_path().display());
        return;
    }
    let golden = mc::golden_cases();
    assert_eq!(
        golden.len(),
        now.len(),
        "run UPDATE_GOLDEN=1 cargo test --test golden_mc_native"
    );
    for (g, n) in golden.iter().zip(&now) {
        assert_eq!(
            g, n,
            "Monte Carlo results of {} differ from tests/golden/mc.json; if the engine, the sampler or the dataset changed on purpose, run UPDATE_GOLDEN=1 cargo test --test golden_mc_native",
            n["preset"]
        );
    }
}

#[test]
fn chunked_run_equals_one_shot() {
    for preset in mc::PRESETS {
        let mut run = McRun::new(&Scenario::preset(preset), mc::SEED).expect("run");
        for _ in 0..5 {
            run.step(mc::ITERATIONS / 5).expect("step");
        }
        let summary = serde_json::to_value(run.summary().expect("summary")).expect("json");
        let (m, r, d) = run.samples();
        assert_eq!(
            mc::case(preset, &summary, m, r, d),
            compute(preset),
            "{preset}"
        );
    }
}
