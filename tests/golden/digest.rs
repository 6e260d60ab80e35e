//! The golden check shared by `tests/golden_native.rs` (native) and `tests/wasm_node.rs`,
//! `tests/wasm_browser.rs` (WebAssembly): every number of a comparison, flattened to
//! `path → value`, compared with `tests/golden/presets.json` at a relative tolerance.
//!
//! The golden file holds what the native build computed. When the dataset or the engine changes
//! on purpose, regenerate it with `UPDATE_GOLDEN=1 cargo test --test golden_native` and review
//! the diff.
#![allow(dead_code)]

use std::collections::BTreeMap;

use serde_json::Value;

/// The golden file, as committed.
pub const GOLDEN: &str = include_str!("presets.json");

/// Largest accepted relative difference between a result and the golden value.
pub const REL_TOL: f64 = 1e-12;

/// How to regenerate the golden file.
pub const UPDATE_HINT: &str =
    "if the dataset or the engine changed on purpose, run `UPDATE_GOLDEN=1 cargo test --test golden_native` and review the diff of tests/golden/presets.json";

/// Flattened numbers of one result: `None` for `null`, booleans as 0 or 1.
pub type Digest = BTreeMap<String, Option<f64>>;

/// One golden case: a scenario and the numbers its comparison gave.
pub struct Case {
    pub name: String,
    pub scenario: Value,
    pub values: Digest,
}

/// Keys whose string values label an array element in a path, in this order.
const LABEL_KEYS: [&str; 7] = [
    "stage",
    "process",
    "item",
    "flow",
    "parameter",
    "allocation",
    "id",
];

fn label(v: &Value) -> String {
    match v {
        Value::Object(m) => LABEL_KEYS
            .iter()
            .filter_map(|k| m.get(*k).and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join("/"),
        // `[product, factor]` pairs.
        Value::Array(a) => a.first().and_then(Value::as_str).unwrap_or("").to_string(),
        _ => String::new(),
    }
}

fn walk(v: &Value, path: &str, out: &mut Digest) {
    match v {
        Value::Null => {
            out.insert(path.to_string(), None);
        }
        Value::Bool(b) => {
            out.insert(path.to_string(), Some(if *b { 1.0 } else { 0.0 }));
        }
        Value::Number(n) => {
            out.insert(path.to_string(), n.as_f64());
        }
        Value::String(_) => {}
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                let l = label(x);
                let p = if l.is_empty() {
                    format!("{path}[{i}]")
                } else {
                    format!("{path}[{i}:{l}]")
                };
                walk(x, &p, out);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(x, &p, out);
            }
        }
    }
}

/// Every number (and boolean, and null) of a serialized comparison by path, e.g.
/// `mined.byStage[1:mining].impact`. Strings (labels, verdicts) are left out.
pub fn digest(comparison: &Value) -> Digest {
    let mut out = Digest::new();
    walk(comparison, "", &mut out);
    out
}

/// Whether `a` and `b` agree within [`REL_TOL`] (relative to the larger magnitude).
pub fn close(a: f64, b: f64) -> bool {
    if a == b {
        return true;
    }
    if !a.is_finite() || !b.is_finite() {
        return false;
    }
    (a - b).abs() <= REL_TOL * a.abs().max(b.abs())
}

/// Differences between a result and the golden values, one line each (empty when they agree).
pub fn differences(case: &str, got: &Digest, want: &Digest) -> Vec<String> {
    let mut out = Vec::new();
    for (k, w) in want {
        match got.get(k) {
            None => out.push(format!("{case}: {k}: missing (golden {w:?})")),
            Some(g) => match (g, w) {
                (Some(g), Some(w)) if close(*g, *w) => {}
                (None, None) => {}
                (Some(g), Some(w)) => out.push(format!(
                    "{case}: {k}: got {g:e}, golden {w:e} (relative difference {:.3e} > {REL_TOL:e})",
                    (g - w).abs() / g.abs().max(w.abs())
                )),
                _ => out.push(format!("{case}: {k}: got {g:?}, golden {w:?}")),
            },
        }
    }
    for k in got.keys().filter(|k| !want.contains_key(*k)) {
        out.push(format!("{case}: {k}: not in the golden file"));
    }
    out
}

/// The cases of a golden file.
pub fn parse(text: &str) -> Vec<Case> {
    let v: Value = serde_json::from_str(text).expect("tests/golden/presets.json is valid JSON");
    v["cases"]
        .as_array()
        .expect("golden file has a `cases` array")
        .iter()
        .map(|c| Case {
            name: c["name"].as_str().expect("case name").to_string(),
            scenario: c["scenario"].clone(),
            values: c["values"]
                .as_object()
                .expect("case values")
                .iter()
                .map(|(k, v)| (k.clone(), v.as_f64()))
                .collect(),
        })
        .collect()
}

/// The golden cases as committed.
pub fn golden_cases() -> Vec<Case> {
    parse(GOLDEN)
}
