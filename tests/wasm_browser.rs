//! The WebAssembly API in headless Chromium (`cargo test --target wasm32-unknown-unknown`, with
//! chromedriver on PATH or in `$CHROMEDRIVER`): the golden check that browser results equal the
//! native ones for every preset, error classes and recovery, typed arrays.
#![cfg(target_arch = "wasm32")]

#[path = "golden/digest.rs"]
mod digest;
#[path = "golden/mc.rs"]
mod mc;

use js_sys::{Array, Float64Array, Reflect, JSON};
use reo_lca::wasm;
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(v: serde_json::Value) -> JsValue {
    JSON::parse(&v.to_string()).expect("valid JSON")
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |o, k| {
        Reflect::get(&o, &JsValue::from_str(k)).expect("property access")
    })
}

fn ok(r: Result<JsValue, JsValue>) -> JsValue {
    r.unwrap_or_else(|e| panic!("unexpected error: {e:?}"))
}

#[wasm_bindgen_test]
fn runs_in_a_browser() {
    assert!(js_sys::global().has_type::<web_sys_window::Window>());
}

/// Just enough of `Window` to tell a page from Node, without depending on web-sys.
mod web_sys_window {
    use wasm_bindgen::prelude::*;
    #[wasm_bindgen]
    extern "C" {
        pub type Window;
    }
}

#[wasm_bindgen_test]
fn golden_browser_results_equal_native_results_for_every_preset() {
    let cases = digest::golden_cases();
    for p in Array::from(&ok(wasm::presets())).iter() {
        let id = get(&p, "id").as_string().unwrap();
        assert!(
            cases.iter().any(|c| c.name == id),
            "preset {id} has no golden case; {}",
            digest::UPDATE_HINT
        );
    }
    let mut failures = Vec::new();
    for case in &cases {
        let c = ok(wasm::compare(js(case.scenario.clone())));
        let v: serde_json::Value = serde_wasm_bindgen::from_value(c).expect("plain data");
        failures.extend(digest::differences(
            &case.name,
            &digest::digest(&v),
            &case.values,
        ));
    }
    assert!(
        failures.is_empty(),
        "browser results differ from the native golden values:\n{}",
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
fn errors_are_range_and_type_errors_and_the_module_recovers() {
    for _ in 0..20 {
        let e = wasm::compare(js(
            json!({"preset": "ionic-missouri", "overrides": {"gridSrmw": -1}}),
        ))
        .unwrap_err();
        assert!(e.is_instance_of::<js_sys::RangeError>());
        assert_eq!(get(&e, "field").as_string().unwrap(), "overrides.gridSrmw");
        let e = wasm::compare(js(json!({"preset": "ionic-missouri", "oxide": 3}))).unwrap_err();
        assert!(e.is_instance_of::<js_sys::TypeError>());
        let msg = String::from(e.unchecked_ref::<js_sys::Error>().message());
        assert!(msg.starts_with("oxide: invalid type"), "{msg}");
    }
    let c = ok(wasm::compare(js(json!({"preset": "ionic-missouri"}))));
    assert!(get(&c, "mined.total").as_f64().unwrap() > 0.0);
}

#[wasm_bindgen_test]
fn export_is_plain_data_and_the_datapackage_bytes() {
    let m = ok(wasm::export_matrices(
        js(json!({"preset": "smco-missouri"})),
        "recycled".into(),
    ));
    assert!(Array::is_array(&get(&m, "technosphere.entries")));
    assert!(Array::is_array(&get(&m, "demand")));
    assert!(get(&m, "score.value").as_f64().unwrap() > 0.0);
    let zip = wasm::export_datapackage(js(json!({"preset": "smco-missouri"})), "recycled".into())
        .unwrap();
    assert_eq!(zip.to_vec()[..4], *b"PK\x03\x04");
}

#[wasm_bindgen_test]
fn catalog_and_versions_load() {
    assert!(Array::from(&ok(wasm::parameters())).length() > 10);
    assert!(Array::from(&ok(wasm::sources())).length() > 5);
    assert_eq!(
        get(&ok(wasm::version()), "dataset").as_string().unwrap(),
        reo_lca::dataset::DATASET_VERSION
    );
}

#[wasm_bindgen_test]
fn monte_carlo_in_the_browser_reproduces_the_native_golden_results() {
    let f64s = |v: JsValue| v.unchecked_into::<Float64Array>().to_vec();
    for (preset, want) in mc::PRESETS.iter().zip(&mc::golden_cases()) {
        // One shot and in chunks, as the page's worker does.
        let r = ok(wasm::monte_carlo(
            js(json!({ "preset": preset })),
            Some(js(json!({"iterations": mc::ITERATIONS, "seed": mc::SEED}))),
        ));
        let summary: serde_json::Value =
            serde_wasm_bindgen::from_value(get(&r, "summary")).expect("plain data");
        let got = mc::case(
            preset,
            &summary,
            &f64s(get(&r, "samples.mined")),
            &f64s(get(&r, "samples.recycled")),
            &f64s(get(&r, "samples.reductionPercent")),
        );
        assert_eq!(
            &got, want,
            "{preset}: browser differs from tests/golden/mc.json"
        );
        let run = wasm::MonteCarloRun::new(
            js(json!({ "preset": preset })),
            Some(JsValue::from_f64(mc::SEED as f64)),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        for _ in 0..4 {
            run.step(JsValue::from_f64((mc::ITERATIONS / 4) as f64))
                .unwrap();
        }
        let s = ok(run.samples());
        let summary: serde_json::Value =
            serde_wasm_bindgen::from_value(ok(run.summary())).expect("plain data");
        let chunked = mc::case(
            preset,
            &summary,
            &f64s(get(&s, "mined")),
            &f64s(get(&s, "recycled")),
            &f64s(get(&s, "reductionPercent")),
        );
        assert_eq!(&chunked, want, "{preset}: chunked run differs");
    }
    let e = wasm::monte_carlo(
        js(json!({"preset": "ionic-missouri"})),
        Some(js(json!({"iterations": 200_001}))),
    )
    .unwrap_err();
    assert!(e.is_instance_of::<js_sys::RangeError>());
    assert_eq!(get(&e, "field").as_string().unwrap(), "options.iterations");
}
