//! The Monte Carlo golden check shared by `tests/golden_mc_native.rs` (native) and
//! `tests/wasm_node.rs`, `tests/wasm_browser.rs` (WebAssembly): for a few presets, seed
//! [`SEED`] and [`ITERATIONS`] iterations, the first [`FIRST`] samples of each series, an
//! FNV-1a hash of every sample's bit pattern, and the summary statistics, all as IEEE-754 bit
//! patterns in hex. wasm must reproduce them **bit for bit**: the generator, `ln`/`exp`, the
//! solves, the sums and the sort are the same code on both targets.
//!
//! Regenerate with `UPDATE_GOLDEN=1 cargo test --test golden_mc_native` when the engine, the
//! sampler or the dataset changes on purpose, and review the diff of `tests/golden/mc.json`.
#![allow(dead_code)]

use serde_json::{json, Value};

/// The golden file, as committed.
pub const GOLDEN: &str = include_str!("mc.json");
/// Presets checked.
pub const PRESETS: [&str; 2] = ["ionic-missouri", "sprecher-hdd"];
pub const SEED: u64 = 7;
pub const ITERATIONS: usize = 2_000;
/// Samples pinned one by one at the start of each series.
pub const FIRST: usize = 20;

/// Summary numbers pinned (paths into the `MonteCarloSummary` object).
pub const STATS: &[&str] = &[
    "iterations",
    "mined.deterministic",
    "mined.mean",
    "mined.sd",
    "mined.median",
    "mined.p5",
    "mined.p95",
    "mined.min",
    "mined.max",
    "recycled.deterministic",
    "recycled.mean",
    "recycled.sd",
    "recycled.median",
    "recycled.p5",
    "recycled.p95",
    "recycled.min",
    "recycled.max",
    "comparison.claimPercent",
    "comparison.reductionPercent.deterministic",
    "comparison.reductionPercent.mean",
    "comparison.reductionPercent.median",
    "comparison.reductionPercent.p5",
    "comparison.reductionPercent.p95",
    "comparison.difference.mean",
    "comparison.pRecycledLower",
    "comparison.pReductionAtLeastClaim",
];

pub fn hex(x: f64) -> String {
    format!("{:016x}", x.to_bits())
}

/// FNV-1a (64 bit) over the little-endian bit patterns of `xs`.
pub fn fnv1a(xs: &[f64]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for x in xs {
        for b in x.to_bits().to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn at<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(v, |o, k| &o[k])
}

/// Everything pinned for one preset: `summary` is the summary as JSON data (numbers exact),
/// the samples as computed.
pub fn case(
    preset: &str,
    summary: &Value,
    mined: &[f64],
    recycled: &[f64],
    reduction: &[f64],
) -> Value {
    let series = |xs: &[f64]| {
        json!({
            "first": xs.iter().take(FIRST).map(|x| hex(*x)).collect::<Vec<_>>(),
            "len": xs.len(),
            "fnv1a": fnv1a(xs),
        })
    };
    let stats: serde_json::Map<String, Value> = STATS
        .iter()
        .map(|p| {
            let v = at(summary, p);
            let s = v.as_f64().map_or(Value::Null, |x| json!(hex(x)));
            (p.to_string(), s)
        })
        .collect();
    json!({
        "preset": preset,
        "seed": SEED,
        "iterations": ITERATIONS,
        "mined": series(mined),
        "recycled": series(recycled),
        "reductionPercent": series(reduction),
        "stats": stats,
        "explanation": at(summary, "explanation"),
    })
}

/// The committed cases, in [`PRESETS`] order.
pub fn golden_cases() -> Vec<Value> {
    let doc: Value = serde_json::from_str(GOLDEN).expect("tests/golden/mc.json is JSON");
    doc["cases"].as_array().expect("cases").clone()
}
