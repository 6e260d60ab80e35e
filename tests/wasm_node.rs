//! The WebAssembly API in Node (`cargo test --target wasm32-unknown-unknown`): every export,
//! its error paths (class, field path, message), recovery after errors, and the golden check
//! that wasm results equal the native ones for every preset.
#![cfg(target_arch = "wasm32")]

#[path = "golden/digest.rs"]
mod digest;
#[path = "golden/mc.rs"]
mod mc;

use js_sys::{Array, Float64Array, Object, Reflect, JSON};
use reo_lca::wasm;
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

fn js(v: serde_json::Value) -> JsValue {
    JSON::parse(&v.to_string()).expect("valid JSON")
}

/// `get(&v, "mined.byStage.0.impact")`.
fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |o, k| {
        Reflect::get(&o, &JsValue::from_str(k)).expect("property access")
    })
}

fn num(v: &JsValue, path: &str) -> f64 {
    get(v, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number"))
}

fn ok(r: Result<JsValue, JsValue>) -> JsValue {
    r.unwrap_or_else(|e| panic!("unexpected error: {}", message(&e)))
}

fn message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{e:?}"))
}

/// The error of a call that must fail, with its class name, message and `field` property.
fn fails(r: Result<JsValue, JsValue>) -> (String, String, String) {
    let e = match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e,
    };
    let err: &js_sys::Error = e.dyn_ref().expect("an Error object");
    let class = if e.is_instance_of::<js_sys::RangeError>() {
        "RangeError"
    } else if e.is_instance_of::<js_sys::TypeError>() {
        "TypeError"
    } else {
        "Error"
    };
    let field = get(&e, "field").as_string().unwrap_or_default();
    (class.to_string(), String::from(err.message()), field)
}

fn compare_json(v: serde_json::Value) -> Result<JsValue, JsValue> {
    wasm::compare(js(v))
}

fn assert_works() {
    let c = ok(compare_json(json!({"preset": "ionic-missouri"})));
    assert!(num(&c, "mined.total") > 0.0);
}

#[wasm_bindgen_test]
fn version_names_engine_and_dataset() {
    let v = ok(wasm::version());
    assert_eq!(
        get(&v, "engine").as_string().unwrap(),
        reo_lca::ENGINE_VERSION
    );
    assert_eq!(
        get(&v, "dataset").as_string().unwrap(),
        reo_lca::dataset::DATASET_VERSION
    );
}

#[wasm_bindgen_test]
fn catalog_functions_return_plain_arrays_of_objects() {
    for (name, v) in [
        ("presets", ok(wasm::presets())),
        ("parameters", ok(wasm::parameters())),
        ("routes", ok(wasm::routes())),
        ("sites", ok(wasm::sites())),
        ("sources", ok(wasm::sources())),
    ] {
        assert!(Array::is_array(&v), "{name} is an array");
        let first = Array::from(&v).get(0);
        assert!(
            !first.is_instance_of::<js_sys::Map>() && first.is_object(),
            "{name}[0] is a plain object"
        );
    }
    let params = Array::from(&ok(wasm::parameters()));
    let grid = params
        .iter()
        .find(|p| get(p, "id").as_string().as_deref() == Some("gridSrmw"))
        .expect("gridSrmw parameter");
    assert!(num(&grid, "default") > 0.0 && num(&grid, "max") > num(&grid, "min"));
    // The uncertainty is serialized through a map: a plain object, not a JS Map.
    assert!(get(&grid, "uncertainty.kind").is_string());
    let sets: Vec<String> = Array::from(&ok(wasm::price_sets()))
        .iter()
        .filter_map(|s| s.as_string())
        .collect();
    assert!(sets.iter().any(|s| s == "usgs-2024"), "{sets:?}");
}

#[wasm_bindgen_test]
fn compare_returns_the_comparison_with_null_for_absent_values() {
    let c = ok(compare_json(json!({"preset": "ionic-missouri"})));
    assert_eq!(get(&c, "preset").as_string().unwrap(), "ionic-missouri");
    assert_eq!(
        Object::get_prototype_of(&c),
        Object::get_prototype_of(&Object::new())
    );
    let (m, r) = (num(&c, "mined.total"), num(&c, "recycled.total"));
    let red = num(&c, "reductionPercent");
    assert!(((m - r) / m * 100.0 - red).abs() < 1e-6);
    // Option::None is null (as in the CLI's JSON), never undefined.
    assert!(get(&c, "claim.breakEvens.0.value").is_null());
    assert!(get(&c, "recycled.allocations.0.note").is_null());
    // Tuples are arrays.
    assert!(Array::is_array(&get(&c, "claim.breakEvens.0.range")));
}

#[wasm_bindgen_test]
fn golden_wasm_results_equal_native_results_for_every_preset() {
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
        "wasm results differ from the native golden values:\n{}",
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
fn out_of_range_value_is_a_range_error_naming_the_field() {
    let (class, msg, field) = fails(compare_json(
        json!({"preset": "ionic-missouri", "overrides": {"gridSrmw": -1}}),
    ));
    assert_eq!(class, "RangeError");
    assert_eq!(field, "overrides.gridSrmw");
    assert!(
        msg.starts_with("overrides.gridSrmw: must be") && msg.ends_with("got -1"),
        "{msg}"
    );
    assert_works();
}

#[wasm_bindgen_test]
fn non_finite_value_is_a_range_error() {
    let mut s = js(json!({"preset": "ionic-missouri", "overrides": {}}));
    Reflect::set(
        &get(&s, "overrides"),
        &"gridSrmw".into(),
        &JsValue::from_f64(f64::NAN),
    )
    .unwrap();
    let (class, msg, _) = fails(wasm::compare(s.clone()));
    assert_eq!(class, "RangeError");
    assert!(msg.contains("finite"), "{msg}");
    s = js(json!({"preset": "ionic-missouri", "claimPercent": 120}));
    let (class, msg, field) = fails(wasm::compare(s));
    assert_eq!(
        (class.as_str(), field.as_str()),
        ("RangeError", "claimPercent"),
        "{msg}"
    );
    assert_works();
}

#[wasm_bindgen_test]
fn unknown_ids_are_range_errors_listing_the_choices() {
    let (class, msg, field) = fails(compare_json(json!({"preset": "nowhere"})));
    assert_eq!((class.as_str(), field.as_str()), ("RangeError", "preset"));
    assert!(msg.contains("ionic-missouri"), "{msg}");
    let (class, _, field) = fails(compare_json(
        json!({"preset": "ionic-missouri", "overrides": {"noSuchParameter": 1}}),
    ));
    assert_eq!(
        (class.as_str(), field.as_str()),
        ("RangeError", "overrides.noSuchParameter")
    );
    let (class, _, field) = fails(compare_json(
        json!({"preset": "ionic-missouri", "allocation": "random"}),
    ));
    assert_eq!(
        (class.as_str(), field.as_str()),
        ("RangeError", "allocation")
    );
    assert_works();
}

#[wasm_bindgen_test]
fn wrong_types_are_type_errors_naming_the_path() {
    let cases = [
        (
            json!({"preset": "ionic-missouri", "overrides": {"gridSrmw": "high"}}),
            "overrides.gridSrmw",
            "invalid type",
        ),
        (json!({"preset": 7}), "preset", "invalid type"),
        (json!({"oxide": "Dy2O3"}), "preset", "is required"),
        (
            json!({"preset": "ionic-missouri", "colour": "blue"}),
            "colour",
            "unknown field",
        ),
        (
            json!({"preset": "ionic-missouri", "overrides": [1, 2]}),
            "overrides",
            "invalid type",
        ),
        (json!(42), "scenario", "invalid type"),
        (json!("ionic-missouri"), "scenario", "invalid type"),
        (json!(null), "scenario", "invalid type"),
        (
            json!({"preset": "ionic-missouri", "inventory": {"processes": [{"id": "p", "outputs": [{"flow": "Dy2O3", "amount": 1, "unit": "kg"}]}]}}),
            "inventory.processes[0].outputs[0].unit",
            "unknown field",
        ),
        (
            json!({"preset": "ionic-missouri", "inventory": {"processes": [{"id": "p"}]}}),
            "inventory.processes[0].outputs",
            "is required",
        ),
    ];
    for (scenario, path, what) in cases {
        let (class, msg, field) = fails(compare_json(scenario.clone()));
        assert_eq!(class, "TypeError", "{scenario}: {msg}");
        assert_eq!(field, path, "{scenario}: {msg}");
        assert!(
            msg.starts_with(&format!("{path}: ")) && msg.contains(what),
            "{scenario}: {msg}"
        );
    }
    assert_works();
}

#[wasm_bindgen_test]
fn unknown_field_lists_the_expected_ones() {
    let (_, msg, _) = fails(compare_json(
        json!({"preset": "ionic-missouri", "overides": {}}),
    ));
    assert!(
        msg.starts_with("overides: unknown field") && msg.contains("overrides"),
        "{msg}"
    );
}

#[wasm_bindgen_test]
fn values_that_are_not_plain_data_are_type_errors() {
    // A function, a Map and a Symbol where numbers or objects are expected.
    let f = js_sys::Function::new_no_args("return 1");
    let map = js_sys::Map::new();
    map.set(&"gridSrmw".into(), &0.5.into());
    for (value, path) in [
        (JsValue::from(f), "overrides.gridSrmw"),
        (
            JsValue::from(js_sys::Symbol::for_("x")),
            "overrides.gridSrmw",
        ),
    ] {
        let s = js(json!({"preset": "ionic-missouri", "overrides": {}}));
        Reflect::set(&get(&s, "overrides"), &"gridSrmw".into(), &value).unwrap();
        let (class, msg, field) = fails(wasm::compare(s));
        assert_eq!(
            (class.as_str(), field.as_str()),
            ("TypeError", path),
            "{msg}"
        );
    }
    let s = js(json!({"preset": "ionic-missouri"}));
    Reflect::set(&s, &"overrides".into(), &map).unwrap();
    let (class, msg, field) = fails(wasm::compare(s));
    assert_eq!((class.as_str(), field.as_str()), ("TypeError", "overrides"));
    assert!(msg.contains("Map"), "{msg}");
    assert_works();
}

#[wasm_bindgen_test]
fn deeply_nested_and_cyclic_inputs_are_type_errors() {
    let cyclic = js(json!({"preset": "ionic-missouri", "inventory": {}}));
    let inv = get(&cyclic, "inventory");
    Reflect::set(&inv, &"self".into(), &inv).unwrap();
    let (class, msg, field) = fails(wasm::compare(cyclic));
    assert_eq!(class, "TypeError");
    assert!(
        field.starts_with("inventory.self.self") && msg.contains("nested deeper"),
        "{msg}"
    );
    assert_works();
}

#[wasm_bindgen_test]
fn huge_arrays_are_range_errors_before_anything_is_read() {
    // A sparse array claiming 2^32 - 1 elements.
    let s = js(json!({"preset": "ionic-missouri", "inventory": {}}));
    let holes = Array::new_with_length(u32::MAX);
    Reflect::set(&get(&s, "inventory"), &"processes".into(), &holes).unwrap();
    let (class, msg, field) = fails(wasm::compare(s));
    assert_eq!(
        (class.as_str(), field.as_str()),
        ("RangeError", "inventory.processes")
    );
    assert!(msg.contains("above the limit"), "{msg}");
    // One array referenced many times: the total number of values is bounded too.
    let big = Array::new();
    for i in 0..50_000 {
        big.push(&JsValue::from_f64(i as f64));
    }
    let many = Array::new();
    for _ in 0..30 {
        many.push(&big);
    }
    let s = js(json!({"preset": "ionic-missouri"}));
    Reflect::set(&s, &"inventory".into(), &many).unwrap();
    let (class, _, _) = fails(wasm::compare(s));
    assert_eq!(class, "RangeError");
    assert_works();
}

#[wasm_bindgen_test]
fn a_scenario_is_an_object_not_an_array() {
    let (class, msg, field) = fails(compare_json(json!(["ionic-missouri"])));
    assert_eq!((class.as_str(), field.as_str()), ("TypeError", "scenario"));
    assert!(msg.contains("invalid type: sequence"), "{msg}");
    let (class, _, field) = fails(compare_json(
        json!({"preset": "ionic-missouri", "inventory": {"processes": [["p", null, null, []]]}}),
    ));
    assert_eq!(
        (class.as_str(), field.as_str()),
        ("TypeError", "inventory.processes[0]")
    );
}

#[wasm_bindgen_test]
fn undefined_properties_count_as_absent_and_null_as_not_given() {
    let s = js(json!({"preset": "ionic-missouri", "oxide": null, "inventory": null}));
    Reflect::set(&s, &"overrides".into(), &JsValue::UNDEFINED).unwrap();
    Reflect::set(&s, &"site".into(), &JsValue::UNDEFINED).unwrap();
    let c = ok(wasm::compare(s));
    assert_eq!(get(&c, "oxide").as_string().unwrap(), "Dy2O3");
    // Integers are accepted where numbers are.
    let c = ok(compare_json(
        json!({"preset": "ionic-missouri", "claimPercent": 20, "overrides": {"gridSrmw": 0}}),
    ));
    assert_eq!(num(&c, "claim.statedPercent"), 20.0);
    assert_eq!(num(&c, "grid.value"), 0.0);
}

#[wasm_bindgen_test]
fn custom_inventory_errors_name_the_exchange() {
    let (class, msg, field) = fails(compare_json(
        json!({"preset": "ionic-missouri", "inventory": {
        "processes": [{"id": "p", "outputs": [{"flow": "Dy2O3", "amount": 1}],
                       "inputs": [{"flow": "electricity_site", "amount": -3}]}]}}),
    ));
    assert_eq!(class, "RangeError");
    assert_eq!(field, "inventory.processes[0].inputs[0].amount");
    assert!(
        msg.starts_with("inventory.processes[0].inputs[0].amount: must be"),
        "{msg}"
    );
    assert_works();
}

#[wasm_bindgen_test]
fn errors_beyond_values_and_shapes_are_plain_errors() {
    // An inventory that does not produce the functional unit cannot be solved.
    let (class, msg, _) = fails(compare_json(
        json!({"preset": "ionic-missouri", "inventory": {
        "processes": [{"id": "p", "outputs": [{"flow": "Nd2O3", "amount": 1}]}]}}),
    ));
    assert_eq!(class, "Error", "{msg}");
    assert!(!msg.is_empty());
    assert_works();
}

#[wasm_bindgen_test]
fn module_keeps_working_after_many_errors() {
    for i in 0..50 {
        let _ = fails(compare_json(
            json!({"preset": "ionic-missouri", "overrides": {"gridSrmw": -1 - i}}),
        ));
        let _ = fails(compare_json(json!({"preset": 1})));
        let _ = fails(wasm::export_matrices(
            js(json!({"preset": "x"})),
            "mined".into(),
        ));
    }
    assert_works();
}

#[wasm_bindgen_test]
fn results_csv_has_a_row_per_stage_flow() {
    let csv = wasm::results_csv(js(json!({"preset": "ionic-missouri"}))).unwrap();
    let c = ok(compare_json(json!({"preset": "ionic-missouri"})));
    let rows = Array::from(&get(&c, "mined.stageFlows")).length()
        + Array::from(&get(&c, "recycled.stageFlows")).length();
    assert!(csv.starts_with("preset,oxide,route,kind,stage,flow,amount,unit,impact_kg_co2e"));
    assert_eq!(csv.lines().count(), rows as usize + 1);
    let e = wasm::results_csv(js(json!({"preset": "nowhere"}))).unwrap_err();
    assert!(e.is_instance_of::<js_sys::RangeError>());
}

/// Numbers equal to the last bits a JSON round trip may change, everything else equal.
fn same_json(a: &serde_json::Value, b: &serde_json::Value, at: &str) {
    use serde_json::Value as V;
    match (a, b) {
        (V::Number(x), V::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(
                (x - y).abs() <= 4.0 * f64::EPSILON * x.abs(),
                "{at}: {x} vs {y}"
            );
        }
        (V::Array(x), V::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{at}");
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                same_json(u, v, &format!("{at}[{i}]"));
            }
        }
        (V::Object(x), V::Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{at}"
            );
            for (k, u) in x {
                same_json(u, &y[k], &format!("{at}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{at}"),
    }
}

#[wasm_bindgen_test]
fn export_matrices_is_the_cores_document_and_reproduces_the_score() {
    let s = json!({"preset": "ionic-missouri-ndpr"});
    let c = ok(compare_json(s.clone()));
    for side in ["mined", "recycled"] {
        let m = ok(wasm::export_matrices(js(s.clone()), side.into()));
        assert_eq!(get(&m, "format").as_string().unwrap(), "reo-lca-matrices/2");
        // Plain data: the JSON text of the JS value is the core's document.
        let text = String::from(JSON::stringify(&m).unwrap());
        let from_js: serde_json::Value = serde_json::from_str(&text).unwrap();
        let side_ = reo_lca::dataset::Side::parse(side, "side").unwrap();
        let core = reo_lca::export::export_matrices(
            &reo_lca::Scenario::preset("ionic-missouri-ndpr"),
            side_,
        )
        .unwrap();
        same_json(&from_js, &serde_json::to_value(&core).unwrap(), side);
        // g = B·s, h = cᵀ·g from the plain arrays.
        let n_flows = Array::from(&get(&m, "flows")).length() as usize;
        let scaling: Vec<f64> = Array::from(&get(&m, "scaling"))
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        let cf: Vec<f64> = Array::from(&get(&m, "characterisation.factors"))
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        let mut g = vec![0.0; n_flows];
        for e in Array::from(&get(&m, "biosphere.entries")).iter() {
            g[num(&e, "row") as usize] += num(&e, "value") * scaling[num(&e, "col") as usize];
        }
        let h: f64 = g.iter().zip(&cf).map(|(x, c)| x * c).sum();
        let score = num(&m, "score.value");
        assert!((h - score).abs() <= 1e-9 * score.abs(), "{h} vs {score}");
        assert!(digest::close(score, num(&c, &format!("{side}.total"))));
        // The datapackage is the core's bytes.
        let zip = wasm::export_datapackage(js(s.clone()), side.into())
            .unwrap()
            .to_vec();
        assert_eq!(
            zip,
            reo_lca::export::datapackage::datapackage(&core).unwrap()
        );
    }
    let (class, _, field) = fails(
        wasm::export_datapackage(js(json!({"preset": "ionic-missouri"})), "both".into())
            .map(JsValue::from),
    );
    assert_eq!((class.as_str(), field.as_str()), ("RangeError", "route"));
    let (class, _, field) = fails(wasm::export_matrices(
        js(json!({"preset": "ionic-missouri"})),
        "sideways".into(),
    ));
    assert_eq!((class.as_str(), field.as_str()), ("RangeError", "route"));
    let (class, _, field) = fails(wasm::export_matrices(
        js(json!({"preset": "ionic-missouri"})),
        JsValue::from_f64(1.0),
    ));
    assert_eq!((class.as_str(), field.as_str()), ("TypeError", "route"));
    assert_works();
}

#[wasm_bindgen_test]
fn in_use_lists_parameters_with_provenance() {
    let u = ok(wasm::in_use(js(json!({"preset": "ionic-missouri"}))));
    let params = Array::from(&get(&u, "parameters"));
    assert!(params.length() > 0);
    assert!(params
        .iter()
        .any(|p| get(&p, "id").as_string().as_deref() == Some("gridSrmw")));
    assert!(Array::is_array(&get(&u, "data")));
}

#[wasm_bindgen_test]
fn share_links_round_trip_and_decode_into_a_valid_scenario() {
    let s = json!({"preset": "ionic-missouri", "allocation": "economic", "overrides": {"gridSrmw": 0.45}});
    let link = wasm::encode_share(js(s)).unwrap();
    assert!(link.contains("gridSrmw=0.45"), "{link}");
    let d = ok(wasm::decode_share(JsValue::from_str(&format!("#{link}"))));
    assert!(get(&d, "notice").is_null());
    assert_eq!(num(&d, "scenario.overrides.gridSrmw"), 0.45);
    // The decoded scenario (with null for what the link leaves out) is accepted as it is.
    let c = ok(wasm::compare(get(&d, "scenario")));
    assert_eq!(get(&c, "allocation").as_string().unwrap(), "economic");
    assert_eq!(num(&c, "grid.value"), 0.45);
    let (class, _, field) = fails(wasm::decode_share(JsValue::from_str(
        "v=1~p=ionic-missouri~gridSrmw=x",
    )));
    assert_eq!(
        (class.as_str(), field.as_str()),
        ("TypeError", "share.gridSrmw")
    );
    let (class, _, _) = fails(wasm::decode_share(JsValue::from_f64(3.0)));
    assert_eq!(class, "TypeError");
}

// ---------------------------------------------------------------------------------------------
// Uncertainty

fn f64s(v: &JsValue) -> Vec<f64> {
    v.dyn_ref::<Float64Array>()
        .expect("a Float64Array")
        .to_vec()
}

/// The golden digest of a wasm summary and its samples.
fn mc_case(preset: &str, summary: JsValue, samples: &JsValue) -> serde_json::Value {
    let summary: serde_json::Value = serde_wasm_bindgen::from_value(summary).expect("plain data");
    mc::case(
        preset,
        &summary,
        &f64s(&get(samples, "mined")),
        &f64s(&get(samples, "recycled")),
        &f64s(&get(samples, "reductionPercent")),
    )
}

fn mc_options(preset: &str) -> (JsValue, JsValue) {
    (
        js(json!({ "preset": preset })),
        js(json!({ "iterations": mc::ITERATIONS, "seed": mc::SEED })),
    )
}

#[wasm_bindgen_test]
fn monte_carlo_reproduces_the_native_golden_results_bit_for_bit() {
    let golden = mc::golden_cases();
    assert_eq!(golden.len(), mc::PRESETS.len());
    for (preset, want) in mc::PRESETS.iter().zip(&golden) {
        let (s, o) = mc_options(preset);
        let r = ok(wasm::monte_carlo(s, Some(o)));
        let got = mc_case(preset, get(&r, "summary"), &get(&r, "samples"));
        assert_eq!(
            &got, want,
            "{preset}: wasm differs from tests/golden/mc.json"
        );
        assert!(get(&r, "global").is_null());
        assert!(get(&r, "samples.mined").is_instance_of::<Float64Array>());
    }
}

#[wasm_bindgen_test]
fn chunked_monte_carlo_run_equals_one_shot() {
    let golden = mc::golden_cases();
    for (preset, want) in mc::PRESETS.iter().zip(&golden) {
        let run = wasm::MonteCarloRun::new(
            js(json!({ "preset": preset })),
            Some(JsValue::from_f64(mc::SEED as f64)),
        )
        .unwrap_or_else(|e| panic!("{}", message(&e)));
        let chunk = mc::ITERATIONS / 5;
        let mut pieces: Vec<Vec<f64>> = Vec::new();
        for k in 0..5 {
            let done = run.step(JsValue::from_f64(chunk as f64)).unwrap();
            assert_eq!(done, ((k + 1) * chunk) as f64);
            let since = ok(run.samples_since(JsValue::from_f64((k * chunk) as f64)));
            let part = f64s(&get(&since, "reductionPercent"));
            assert_eq!(part.len(), chunk);
            pieces.push(part);
        }
        assert_eq!(run.iterations().unwrap(), mc::ITERATIONS as f64);
        assert_eq!(run.seed().unwrap(), mc::SEED as f64);
        let all = ok(run.samples());
        let got = mc_case(preset, ok(run.summary()), &all);
        assert_eq!(
            &got, want,
            "{preset}: 5 chunks differ from the one-shot golden run"
        );
        let joined: Vec<u64> = pieces.concat().iter().map(|x| x.to_bits()).collect();
        let whole: Vec<u64> = f64s(&get(&all, "reductionPercent"))
            .iter()
            .map(|x| x.to_bits())
            .collect();
        assert_eq!(joined, whole);
        let past = ok(run.samples_since(JsValue::from_f64(1e9)));
        assert_eq!(f64s(&get(&past, "mined")).len(), 0);
        assert!(get(&ok(run.global_sensitivity()), "r2Mined")
            .as_f64()
            .is_some());
    }
}

#[wasm_bindgen_test]
fn monte_carlo_summary_states_the_probabilities_and_the_skew() {
    let r = ok(wasm::monte_carlo(
        js(json!({"preset": "ionic-missouri"})),
        Some(js(
            json!({"iterations": 1000, "seed": 3, "globalSensitivity": true}),
        )),
    ));
    let p = num(&r, "summary.comparison.pRecycledLower");
    let q = num(&r, "summary.comparison.pReductionAtLeastClaim");
    assert!((0.0..=1.0).contains(&p) && (0.0..=1.0).contains(&q) && q <= p);
    assert_eq!(num(&r, "summary.comparison.claimPercent"), 61.0);
    assert!(get(&r, "summary.explanation")
        .as_string()
        .unwrap()
        .contains("median"));
    assert!(Array::is_array(&get(&r, "summary.convergence")));
    assert!(num(&r, "global.r2Mined").is_finite());
    // Defaults: 10,000 iterations, seed 1.
    let d = ok(wasm::monte_carlo(
        js(json!({"preset": "ionic-belfast"})),
        None,
    ));
    assert_eq!(num(&d, "summary.iterations"), 10_000.0);
    assert_eq!(num(&d, "summary.seed"), 1.0);
    assert_eq!(f64s(&get(&d, "samples.recycled")).len(), 10_000);
}

#[wasm_bindgen_test]
fn monte_carlo_option_errors_name_the_option_and_the_module_recovers() {
    let scenario = || js(json!({"preset": "ionic-missouri"}));
    let cases: Vec<(JsValue, &str, &str)> = vec![
        (
            js(json!({"iterations": 0})),
            "RangeError",
            "options.iterations",
        ),
        (
            js(json!({"iterations": 200_001})),
            "RangeError",
            "options.iterations",
        ),
        (
            js(json!({"iterations": 1.5})),
            "RangeError",
            "options.iterations",
        ),
        (
            js(json!({"iterations": "10"})),
            "TypeError",
            "options.iterations",
        ),
        (js(json!({"seed": -1})), "RangeError", "options.seed"),
        (js(json!({"seed": 1.5})), "RangeError", "options.seed"),
        (
            js(json!({"seed": 9_007_199_254_740_992_u64})),
            "RangeError",
            "options.seed",
        ),
        (
            js(json!({"iterations": 10, "colour": 1})),
            "TypeError",
            "options.colour",
        ),
        (
            js(json!({"globalSensitivity": 1})),
            "TypeError",
            "options.globalSensitivity",
        ),
        (js(json!([1, 2])), "TypeError", "options"),
    ];
    for (options, class, field) in cases {
        let (c, m, f) = fails(wasm::monte_carlo(scenario(), Some(options)));
        assert_eq!((c.as_str(), f.as_str()), (class, field), "{m}");
        assert!(m.starts_with(field), "{m}");
    }
    for bad in [f64::NAN, f64::INFINITY] {
        let o: JsValue = js_sys::Object::new().into();
        Reflect::set(&o, &"iterations".into(), &JsValue::from_f64(bad)).unwrap();
        let (c, m, f) = fails(wasm::monte_carlo(scenario(), Some(o)));
        assert_eq!(
            (c.as_str(), f.as_str()),
            ("RangeError", "options.iterations"),
            "{m}"
        );
        let o: JsValue = js_sys::Object::new().into();
        Reflect::set(&o, &"seed".into(), &JsValue::from_f64(bad)).unwrap();
        let (c, _, f) = fails(wasm::monte_carlo(scenario(), Some(o)));
        assert_eq!((c.as_str(), f.as_str()), ("RangeError", "options.seed"));
    }
    let (c, _, f) = fails(wasm::monte_carlo(
        js(json!({"preset": "nope"})),
        Some(js(json!({"iterations": 10}))),
    ));
    assert_eq!((c.as_str(), f.as_str()), ("RangeError", "preset"));
    assert_works();
    let r = ok(wasm::monte_carlo(
        scenario(),
        Some(js(json!({"iterations": 10}))),
    ));
    assert_eq!(f64s(&get(&r, "samples.mined")).len(), 10);
}

#[wasm_bindgen_test]
fn monte_carlo_run_errors_are_range_errors_and_the_run_recovers() {
    let err = |r: Result<wasm::MonteCarloRun, JsValue>| fails(r.map(|_| JsValue::NULL));
    let s = || js(json!({"preset": "ionic-missouri"}));
    for bad in [-1.0, 0.5, f64::NAN, 9_007_199_254_740_992.0] {
        let (c, m, f) = err(wasm::MonteCarloRun::new(s(), Some(JsValue::from_f64(bad))));
        assert_eq!((c.as_str(), f.as_str()), ("RangeError", "seed"), "{m}");
    }
    let (c, _, f) = err(wasm::MonteCarloRun::new(s(), Some(JsValue::from_str("1"))));
    assert_eq!((c.as_str(), f.as_str()), ("TypeError", "seed"));
    let run = wasm::MonteCarloRun::new(s(), Some(JsValue::UNDEFINED)).unwrap();
    assert_eq!(run.seed().unwrap(), 1.0);
    let (c, _, f) = fails(run.summary());
    assert_eq!((c.as_str(), f.as_str()), ("RangeError", "iterations"));
    for bad in [-1.0, 2.5, f64::NAN, 300_000.0] {
        let (c, m, f) = fails(run.step(JsValue::from_f64(bad)).map(JsValue::from));
        assert_eq!((c.as_str(), f.as_str()), ("RangeError", "n"), "{m}");
    }
    assert_eq!(run.step(JsValue::from_f64(150_000.0)).unwrap(), 150_000.0);
    // Past the cap in all: nothing is run.
    let (c, _, f) = fails(run.step(JsValue::from_f64(50_001.0)).map(JsValue::from));
    assert_eq!((c.as_str(), f.as_str()), ("RangeError", "iterations"));
    assert_eq!(run.iterations().unwrap(), 150_000.0);
    let (c, _, f) = fails(run.samples_since(JsValue::from_f64(-1.0)));
    assert_eq!((c.as_str(), f.as_str()), ("RangeError", "offset"));
    assert_eq!(run.step(JsValue::from_f64(10.0)).unwrap(), 150_010.0);
    assert!(num(&ok(run.summary()), "mined.mean").is_finite());
    assert_works();
}

#[wasm_bindgen_test]
fn sensitivity_returns_finite_tornado_data() {
    for preset in mc::PRESETS {
        let s = ok(wasm::sensitivity(js(json!({ "preset": preset }))));
        let bars = Array::from(&get(&s, "tornado.bars"));
        assert!(bars.length() > 0, "{preset}");
        let mut last = f64::INFINITY;
        for b in bars.iter() {
            for k in ["low", "high", "swing", "value"] {
                assert!(num(&b, k).is_finite(), "{preset} {k}");
            }
            assert!(num(&b, "reductionLow").is_finite() && num(&b, "reductionHigh").is_finite());
            assert!(num(&b, "swing") <= last);
            last = num(&b, "swing");
        }
        assert!(num(&s, "tornado.baseReductionPercent").is_finite());
        let params = Array::from(&get(&s, "parameters"));
        assert!(params
            .iter()
            .all(|p| num(&p, "elasticityRecycled").is_finite()));
    }
    let (c, _, f) = fails(wasm::sensitivity(js(
        json!({"preset": "ionic-missouri", "x": 1}),
    )));
    assert_eq!((c.as_str(), f.as_str()), ("TypeError", "x"));
}
