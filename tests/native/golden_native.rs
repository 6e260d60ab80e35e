//! Golden check, native side: the committed `tests/golden/presets.json` must equal what the
//! native build computes now (relative difference ≤ 1e-12), for every preset and a few
//! variants. The wasm suites (`wasm_node.rs`, `wasm_browser.rs`) check the same file, so wasm
//! results equal native ones.
//!
//! `UPDATE_GOLDEN=1 cargo test --test golden_native` rewrites the file (do it when the dataset
//! or the engine changes on purpose, and review the diff).

#[path = "../golden/digest.rs"]
mod digest;

use std::path::PathBuf;

use reo_lca::{catalog, compare, Scenario};
use serde_json::{json, Value};

/// Variants beyond the presets: overrides, another GWP set, substitution, a price set and a
/// custom inventory, so the golden check covers each switch of the API.
fn variants() -> Vec<(&'static str, Value)> {
    vec![
        (
            "ionic-missouri, grid and yield overridden, claim 50 %",
            json!({"preset": "ionic-missouri", "overrides": {"gridSrmw": 0.2, "recoveryYield": 0.3}, "claimPercent": 50}),
        ),
        (
            "ionic-belfast-ndpr, mass allocation, AR5",
            json!({"preset": "ionic-belfast-ndpr", "allocation": "mass", "gwp": "AR5"}),
        ),
        (
            "ionic-missouri-ndpr, substitution",
            json!({"preset": "ionic-missouri-ndpr", "recyclingRule": "substitution"}),
        ),
        (
            "smco-missouri, price set usgs-2020",
            json!({"preset": "smco-missouri", "priceSet": "usgs-2020"}),
        ),
        (
            "ionic-missouri, custom inventory",
            json!({"preset": "ionic-missouri", "inventory": {
                "name": "Example plant",
                "processes": [{
                    "id": "plant",
                    "stage": "processing",
                    "outputs": [{"flow": "Dy2O3", "amount": 1}],
                    "inputs": [{"flow": "electricity_site", "amount": 40}, {"flow": "hcl_100", "amount": 2.5}],
                    "emissions": [{"flow": "co2_fossil", "amount": 1.2}]
                }]
            }}),
        ),
    ]
}

/// Every preset, then the variants.
fn scenarios() -> Vec<(String, Value)> {
    catalog::presets()
        .into_iter()
        .map(|p| (p.id.clone(), json!({ "preset": p.id })))
        .chain(variants().into_iter().map(|(n, s)| (n.to_string(), s)))
        .collect()
}

fn compute(scenario: &Value) -> digest::Digest {
    let s: Scenario = serde_json::from_value(scenario.clone()).expect("golden scenario parses");
    let c = compare(&s).unwrap_or_else(|e| panic!("golden scenario {scenario} fails: {e}"));
    digest::digest(&serde_json::to_value(&c).expect("comparison serializes"))
}

fn golden_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/presets.json")
}

fn write_golden() {
    let cases: Vec<Value> = scenarios()
        .into_iter()
        .map(|(name, scenario)| {
            let values: serde_json::Map<String, Value> = compute(&scenario)
                .into_iter()
                .map(|(k, v)| (k, v.map_or(Value::Null, |x| json!(x))))
                .collect();
            json!({ "name": name, "scenario": scenario, "values": values })
        })
        .collect();
    let doc = json!({
        "about": "Numbers of compare() computed by the native build; the wasm tests must match them within a relative 1e-12. Regenerate with UPDATE_GOLDEN=1 cargo test --test golden_native.",
        "engineVersion": reo_lca::ENGINE_VERSION,
        "datasetVersion": reo_lca::dataset::DATASET_VERSION,
        "cases": cases,
    });
    let text = serde_json::to_string_pretty(&doc).expect("golden serializes") + "\n";
    std::fs::write(golden_path(), text).expect("write tests/golden/presets.json");
}

#[test]
fn golden_file_matches_native_results() {
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        write_golden();
        eprintln!("rewrote {}", golden_path().display());
    }
    // Read the file as it is on disk now (it may just have been rewritten).
    let text = std::fs::read_to_string(golden_path()).expect("read tests/golden/presets.json");
    let doc: Value = serde_json::from_str(&text).expect("golden JSON");
    assert_eq!(
        (
            doc["engineVersion"].as_str(),
            doc["datasetVersion"].as_str()
        ),
        (
            Some(reo_lca::ENGINE_VERSION),
            Some(reo_lca::dataset::DATASET_VERSION)
        ),
        "the golden file was made with another engine or dataset version; {}",
        digest::UPDATE_HINT
    );
    let cases = digest::parse(&text);
    let expected = scenarios();
    let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    let wanted: Vec<&str> = expected.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        wanted,
        "the golden cases differ from the presets and variants; {}",
        digest::UPDATE_HINT
    );
    let mut failures = Vec::new();
    for (case, (_, scenario)) in cases.iter().zip(&expected) {
        assert_eq!(
            &case.scenario,
            scenario,
            "scenario of golden case {:?} changed; {}",
            case.name,
            digest::UPDATE_HINT
        );
        failures.extend(digest::differences(
            &case.name,
            &compute(scenario),
            &case.values,
        ));
    }
    assert!(
        failures.is_empty(),
        "native results differ from tests/golden/presets.json ({} differences; {}):\n{}",
        failures.len(),
        digest::UPDATE_HINT,
        failures.join("\n")
    );
}

#[test]
fn digest_and_tolerance_behave() {
    let d = digest::digest(
        &json!({"a": 1.0, "b": [{"stage": "x", "v": 2.0}], "c": null, "d": true, "e": "text"}),
    );
    assert_eq!(d.get("a"), Some(&Some(1.0)));
    assert_eq!(d.get("b[0:x].v"), Some(&Some(2.0)));
    assert_eq!(d.get("c"), Some(&None));
    assert_eq!(d.get("d"), Some(&Some(1.0)));
    assert!(!d.contains_key("e"));
    assert!(digest::close(1.0, 1.0 + 5e-13));
    assert!(!digest::close(1.0, 1.0 + 5e-12));
    assert!(!digest::close(0.0, 1e-300));
    let mut other = d.clone();
    other.insert("a".into(), Some(1.1));
    assert_eq!(digest::differences("t", &other, &d).len(), 1);
}
