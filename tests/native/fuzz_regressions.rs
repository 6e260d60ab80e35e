//! Regression tests for what fuzzing found (see FUZZING.md). Each test is the minimal form of
//! a crashing or rule-breaking input; the raw inputs are also kept in `fuzz/seeds/<target>/`
//! so that every fuzz run replays them.

use reo_lca::engine::{solve, ProductSystem};
use reo_lca::model::scenario::{CustomExchange, CustomInventory, CustomProcess};
use reo_lca::{compare, share, Error, ErrorClass, Scenario};

use crate::support::{flow, process, product, t};

/// engine_solve, crash-3cb13ccd35c5: a biosphere entry outside the matrix was skipped by
/// `solve` but indexed by `Solution::contributions`, which panicked.
#[test]
fn triplets_outside_the_matrix_are_a_typed_error() {
    let sys = ProductSystem {
        products: vec![product("x")],
        processes: vec![process("make x", "fg")],
        flows: vec![flow("co2")],
        technosphere: vec![t(0, 0, 1.0)],
        biosphere: vec![t(0, 1, 2.0)],
        characterisation: vec![1.0],
        demand: vec![1.0],
    };
    let e = solve(&sys).unwrap_err();
    assert_eq!(e.field(), "biosphere[0]");
    assert_eq!(e.class(), ErrorClass::Type);
    let mut bad_tech = sys.clone();
    bad_tech.biosphere = vec![t(0, 0, 2.0)];
    bad_tech.technosphere.push(t(1, 0, -1.0));
    assert_eq!(solve(&bad_tech).unwrap_err().field(), "technosphere[1]");

    // A solution applied to a different, larger system skips what does not fit.
    let good = ProductSystem {
        biosphere: vec![t(0, 0, 2.0)],
        ..sys.clone()
    };
    let sol = solve(&good).expect("solvable");
    assert_eq!(sol.impact, 2.0);
    let c = sol.contributions(&sys);
    assert!(c.iter().all(|x| x.impact.is_finite()));
    let _ = sol.stage_flows(&sys);
}

/// Found while reviewing the engine target's finiteness assertion: a product no demand
/// reaches could carry an infinite intensity (c · A⁻ᵀBᵀ) while the total stayed finite.
#[test]
fn every_number_of_a_solution_is_finite() {
    let sys = ProductSystem {
        products: vec![product("wanted"), product("unused")],
        processes: vec![process("make wanted", "fg"), process("make unused", "fg")],
        flows: vec![flow("f")],
        technosphere: vec![t(0, 0, 1.0), t(1, 1, 1.0)],
        biosphere: vec![t(0, 1, 1e300)],
        characterisation: vec![1e300],
        demand: vec![1.0, 0.0],
    };
    let e = solve(&sys).unwrap_err();
    assert!(matches!(e, Error::NonFiniteResult { .. }), "{e:?}");
}

/// custom_inventory, crash-52564aede081: a custom process labelled with the stage
/// `background` was treated as a supply-chain dataset, so its emissions vanished from the
/// stage breakdown (stages summed to 0, total 72).
#[test]
fn a_custom_process_cannot_claim_the_background_stage() {
    let mut s = Scenario::preset("ionic-missouri");
    let plant = |stage: &str| CustomProcess {
        id: "plant".into(),
        name: None,
        stage: Some(stage.into()),
        outputs: vec![CustomExchange {
            flow: "Dy2O3".into(),
            amount: 1.0,
        }],
        inputs: vec![],
        emissions: vec![CustomExchange {
            flow: "co2_fossil".into(),
            amount: 72.0,
        }],
    };
    s.inventory = Some(CustomInventory {
        name: None,
        processes: vec![plant("background")],
    });
    let e = compare(&s).unwrap_err();
    assert_eq!(e.field(), "inventory.processes[0].stage");
    assert_eq!(e.class(), ErrorClass::Range);
    assert!(e.to_string().contains("reserved"), "{e}");

    s.inventory = Some(CustomInventory {
        name: None,
        processes: vec![plant("refining")],
    });
    let c = compare(&s).expect("valid inventory");
    let stages: f64 = c.recycled.by_stage.iter().map(|x| x.impact).sum();
    assert!(
        (stages - c.recycled.total).abs() < 1e-9,
        "{stages} vs {}",
        c.recycled.total
    );
    assert!((c.recycled.total - 72.0).abs() < 1e-9);
}

/// A share link's %-escape takes exactly two hex digits; `u8::from_str_radix` alone also
/// accepted a sign (`%+1`), so the decoder was not strict.
#[test]
fn share_escapes_take_two_hex_digits() {
    for link in ["v=1~p=%+1", "v=1~p=%-1", "v=1~p=ionic-missouri~o=% 1"] {
        let e = share::decode(link).unwrap_err();
        assert!(e.field().starts_with("share"), "{link}: {e}");
    }
    let ok = share::decode("v=1~p=ionic%2dmissouri").expect("lower-case hex");
    assert_eq!(ok.scenario.preset, "ionic-missouri");
}

/// Found by the bad-input table: an inventory's name was the one string without a length
/// limit (it is echoed back as the route's label).
#[test]
fn an_inventory_name_has_a_length_limit() {
    let mut s = Scenario::preset("ionic-missouri");
    s.inventory = Some(CustomInventory {
        name: Some("n".repeat(100_000)),
        processes: vec![CustomProcess {
            id: "p".into(),
            name: None,
            stage: None,
            outputs: vec![CustomExchange {
                flow: "Dy2O3".into(),
                amount: 1.0,
            }],
            inputs: vec![],
            emissions: vec![],
        }],
    });
    let e = compare(&s).unwrap_err();
    assert_eq!(e.field(), "inventory.name");
    assert!(matches!(e, Error::TooLarge { .. }), "{e:?}");
}

/// scenario_json, crash-b697132dd73d: a key given twice in an object, where the key was the
/// empty string, gave an error whose field path was empty.
#[test]
fn an_empty_key_given_twice_is_named() {
    let e =
        reo_lca::json::scenario_from_json("\"des\":{\"[\":59,\"\":9,\"\":0.9,\"\"\r").unwrap_err();
    assert_eq!(e.field(), "[\"\"]");
    let e =
        reo_lca::json::scenario_from_json(r#"{"preset":"x","overrides":{"":1,"":2}}"#).unwrap_err();
    assert_eq!(e.field(), "overrides[\"\"]");
    assert_eq!(e.to_string(), "overrides[\"\"]: given twice");
    let e =
        reo_lca::json::scenario_from_json(r#"{"preset":"x","overrides":{"a.b":"1"}}"#).unwrap_err();
    assert_eq!(e.field(), "overrides[\"a.b\"]");
}

/// custom_inventory, crash-0d694e2b84fe: columns that run at zero but emit 1e12 kg CO2 per
/// unit left rounding of ~1e-4 in the adjoint solve, so the stages added up to 0.433378 while
/// the total was 0.433500. Such a breakdown now carries a warning; well-scaled systems (every
/// preset) agree to ~1e-16 and carry none.
#[test]
fn stages_that_do_not_add_up_are_flagged() {
    let json = r#"{"preset":"ionic-belfast-ndpr","inventory":{"processes":[
        {"id":"p0","outputs":[{"flow":"c","amount":1.0},{"flow":"Dy2O3","amount":1e-8},{"flow":"Sm2O3","amount":1e-8}],
         "inputs":[{"flow":"oxalic_acid","amount":1.000000001},{"flow":"Sm2O3","amount":5e-324},{"flow":"hcl_100","amount":1e-300},{"flow":"c","amount":2.0}],
         "emissions":[{"flow":"co2_fossil","amount":1e12},{"flow":"ghg_co2e","amount":0.0}]},
        {"id":"p1","stage":"custom","outputs":[{"flow":"NdPrOxide","amount":1e-8},{"flow":"NdPrOxide","amount":0.3333333333333333},{"flow":"oxalic_acid","amount":1e-300}],
         "inputs":[{"flow":"electricity_site","amount":0.5},{"flow":"hcl_100","amount":0.0},{"flow":"Dy2O3","amount":0.0},{"flow":"Dy2O3","amount":0.0}]}]}}"#;
    let s = reo_lca::json::scenario_from_json(json).expect("valid JSON");
    let c = compare(&s).expect("solvable");
    // 1.5 kWh (0.5 × the mass-allocation scale 3) of Belfast electricity at 0.289.
    assert!(
        (c.recycled.total - 1.5 * 0.289).abs() < 1e-6,
        "{}",
        c.recycled.total
    );
    let stages: f64 = c.recycled.by_stage.iter().map(|x| x.impact).sum();
    if (stages - c.recycled.total).abs() > 1e-9 * c.recycled.total {
        assert!(
            c.warnings
                .iter()
                .any(|w| w.starts_with("The recycled route's stages add up to")),
            "{:?}",
            c.warnings
        );
    }
    for p in reo_lca::dataset::PRESETS {
        let c = compare(&Scenario::preset(p.id)).expect("preset");
        assert!(
            !c.warnings.iter().any(|w| w.contains("stages add up")),
            "{}: {:?}",
            p.id,
            c.warnings
        );
    }
}

/// share_link, crash-b6338018d67e: the encoder wrote numbers in Rust's plain form, so a valid
/// override of 1e-300 took 300 zeros and a link of a valid scenario could be longer than the
/// decoder's limit. Numbers now take the shorter of the plain and exponent forms; the longest
/// link of a valid scenario (every parameter overridden) stays well under the limit.
#[test]
fn links_of_valid_scenarios_fit_the_decoder() {
    let mut s = Scenario::preset("ionic-missouri-ndpr");
    s.claim_percent = Some(12.345678901234567);
    for p in reo_lca::dataset::PARAMETERS {
        s.overrides.insert(p.id.into(), -1.2345678901234567e-300);
    }
    let link = share::encode(&s);
    assert!(
        link.len() < share::MAX_SHARE_LEN * 3 / 4,
        "{} bytes",
        link.len()
    );
    assert_eq!(share::decode(&link).expect("decodes").scenario, s);

    let mut s = Scenario::preset("ionic-missouri");
    s.overrides.insert("feedShipKm".into(), 1e-300);
    s.overrides.insert("gridSrmw".into(), 0.45);
    let link = share::encode(&s);
    assert!(link.ends_with("feedShipKm=1e-300~gridSrmw=0.45"), "{link}");
    compare(&share::decode(&link).expect("decodes").scenario).expect("valid");

    // Bytes the decoder took raw re-encode as %XX: a link of an invalid scenario may then
    // be longer than the limit, which the decoder says by name.
    let raw = format!("v=1~p=x{}", "\u{0}".repeat(share::MAX_SHARE_LEN / 3 + 1));
    let d = share::decode(&raw).expect("decodes");
    let e = share::decode(&share::encode(&d.scenario)).unwrap_err();
    assert!(
        matches!(e, Error::TooLarge { .. }) && e.field() == "share",
        "{e:?}"
    );
    assert!(compare(&d.scenario).is_err());
}
