//! One test per class of bad input: each error names the field at fault and has the right
//! JavaScript error class.

use reo_lca::model::scenario::{CustomExchange, CustomInventory, CustomProcess};
use reo_lca::{compare, share, Error, ErrorClass, Scenario};

fn err(f: impl FnOnce(&mut Scenario)) -> Error {
    let mut s = Scenario::preset("ionic-missouri");
    f(&mut s);
    compare(&s).expect_err("expected an error")
}

fn set(name: &str, v: f64) -> impl FnOnce(&mut Scenario) + '_ {
    move |s| {
        s.overrides.insert(name.into(), v);
    }
}

#[test]
fn value_outside_range_names_the_parameter() {
    let e = err(set("gridSrmw", -1.0));
    assert_eq!(e.field(), "overrides.gridSrmw");
    assert_eq!(e.class(), ErrorClass::Range);
    assert_eq!(
        e.to_string(),
        "overrides.gridSrmw: must be between 0 and 1.5, got -1"
    );
    let e = err(set("acidExcess", 0.5));
    assert_eq!(e.field(), "overrides.acidExcess");
}

#[test]
fn nan_and_infinity_are_rejected() {
    for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let e = err(set("efOxalicAcid", v));
        assert_eq!(e.field(), "overrides.efOxalicAcid");
        assert!(matches!(e, Error::NotFinite { .. }));
    }
    let e = err(|s| s.claim_percent = Some(f64::NAN));
    assert_eq!(e.field(), "claimPercent");
}

#[test]
fn unknown_parameter_is_named() {
    let e = err(set("gridIntensity", 0.3));
    assert_eq!(e.field(), "overrides.gridIntensity");
    assert!(e.to_string().contains("unknown parameter"));
    assert_eq!(e.class(), ErrorClass::Range);
}

#[test]
fn unknown_ids_are_named() {
    let e = compare(&Scenario::preset("no-such-preset")).unwrap_err();
    assert_eq!(e.field(), "preset");
    assert!(e.to_string().contains("ionic-missouri"), "{e}");
    assert_eq!(err(|s| s.oxide = Some("Ho2O3".into())).field(), "oxide");
    assert_eq!(
        err(|s| s.baseline = Some("ionic-hydromet".into())).field(),
        "baseline"
    );
    assert_eq!(err(|s| s.site = Some("mars".into())).field(), "site");
    assert_eq!(
        err(|s| s.allocation = Some("exergy".into())).field(),
        "allocation"
    );
    assert_eq!(
        err(|s| s.recycling_rule = Some("50:50".into())).field(),
        "recyclingRule"
    );
    assert_eq!(err(|s| s.gwp = Some("AR4".into())).field(), "gwp");
    assert_eq!(
        err(|s| s.price_set = Some("2031".into())).field(),
        "priceSet"
    );
}

#[test]
fn unavailable_route_and_oxide_say_why() {
    let e = err(|s| s.baseline = Some("mountain-pass".into()));
    assert_eq!(e.field(), "baseline");
    assert!(e.to_string().contains("not modelled"), "{e}");
    // Bayan Obo produces no Dy in the model's ore composition.
    let e = err(|s| s.baseline = Some("bayan-obo".into()));
    assert_eq!(e.field(), "oxide");
    assert!(e.to_string().contains("bayan-obo"), "{e}");
    // Tb4O7 from the recycled route needs a Tb content in the feed.
    let e = err(|s| s.oxide = Some("Tb4O7".into()));
    assert_eq!(e.field(), "oxide");
    assert!(e.to_string().contains("Tb4O7"), "{e}");
    let ok = {
        let mut s = Scenario::preset("ionic-missouri");
        s.oxide = Some("Tb4O7".into());
        s.overrides.insert("feedTb".into(), 0.005);
        compare(&s)
    };
    assert!(ok.is_ok(), "{ok:?}");
}

#[test]
fn inconsistent_values_are_named() {
    // A yield above the feed's REO content (0.373 kg/kg).
    let e = err(set("recoveryYield", 0.5));
    assert_eq!(e.field(), "overrides.recoveryYield");
    assert!(e.to_string().contains("REO content"));
}

fn inventory(f: impl FnOnce(&mut CustomProcess)) -> Error {
    let mut p = CustomProcess {
        id: "plant".into(),
        name: None,
        stage: None,
        outputs: vec![CustomExchange {
            flow: "Dy2O3".into(),
            amount: 1.0,
        }],
        inputs: vec![CustomExchange {
            flow: "hcl_100".into(),
            amount: 1.0,
        }],
        emissions: vec![],
    };
    f(&mut p);
    err(|s| {
        s.inventory = Some(CustomInventory {
            name: None,
            processes: vec![p],
        })
    })
}

#[test]
fn negative_amounts_in_a_custom_inventory_are_named() {
    let e = inventory(|p| p.inputs[0].amount = -1.0);
    assert_eq!(e.field(), "inventory.processes[0].inputs[0].amount");
    assert_eq!(e.class(), ErrorClass::Range);
    let e = inventory(|p| p.outputs[0].amount = 0.0);
    assert_eq!(e.field(), "inventory.processes[0].outputs[0].amount");
    let e = inventory(|p| p.inputs[0].amount = f64::NAN);
    assert_eq!(e.field(), "inventory.processes[0].inputs[0].amount");
    let e = inventory(|p| {
        p.emissions.push(CustomExchange {
            flow: "unobtainium".into(),
            amount: 1.0,
        })
    });
    assert_eq!(e.field(), "inventory.processes[0].emissions[0].flow");
}

#[test]
fn singular_custom_inventory_names_the_products() {
    // Two processes that both make Dy2O3 from each other: A = [[1, -1], [-1, 1]] is singular.
    let e = err(|s| {
        s.inventory = Some(CustomInventory {
            name: None,
            processes: vec![
                CustomProcess {
                    id: "a".into(),
                    name: None,
                    stage: None,
                    outputs: vec![CustomExchange {
                        flow: "Dy2O3".into(),
                        amount: 1.0,
                    }],
                    inputs: vec![CustomExchange {
                        flow: "loop".into(),
                        amount: 1.0,
                    }],
                    emissions: vec![],
                },
                CustomProcess {
                    id: "b".into(),
                    name: None,
                    stage: None,
                    outputs: vec![CustomExchange {
                        flow: "loop".into(),
                        amount: 1.0,
                    }],
                    inputs: vec![CustomExchange {
                        flow: "Dy2O3".into(),
                        amount: 1.0,
                    }],
                    emissions: vec![],
                },
            ],
        })
    });
    assert!(matches!(e, Error::SingularSystem { .. }), "{e:?}");
    assert!(
        e.field().contains("Dy2O3") || e.field().contains("loop"),
        "{}",
        e.field()
    );
    assert_eq!(e.class(), ErrorClass::Other);
}

#[test]
fn empty_and_oversized_inputs() {
    let e = err(|s| {
        s.inventory = Some(CustomInventory {
            name: None,
            processes: vec![],
        })
    });
    assert_eq!(e.field(), "inventory.processes");
    assert_eq!(e.class(), ErrorClass::Type);
    let e = compare(&Scenario::preset(&"x".repeat(10_000))).unwrap_err();
    assert_eq!(e.field(), "preset");
    assert!(matches!(e, Error::TooLarge { .. }));
}

#[test]
fn malformed_share_links_name_the_key() {
    assert_eq!(
        share::decode("v=1~p=ionic-missouri~gridSrmw=abc")
            .unwrap_err()
            .field(),
        "share.gridSrmw"
    );
    assert_eq!(
        share::decode("v=2~p=ionic-missouri").unwrap_err().field(),
        "share.v"
    );
    assert_eq!(share::decode("v=1").unwrap_err().field(), "share.p");
    assert_eq!(share::decode("garbage").unwrap_err().field(), "share");
    assert_eq!(
        share::decode("v=1~p=x~o=%G1").unwrap_err().field(),
        "share.o"
    );
    assert_eq!(
        share::decode(&"~".repeat(share::MAX_SHARE_LEN + 1))
            .unwrap_err()
            .field(),
        "share"
    );
    // A link from another version decodes with a notice.
    let d = share::decode("v=1~e=0.0.1~d=2000.1.1~p=ionic-belfast").unwrap();
    assert!(d.notice.is_some());
    assert_eq!(d.scenario.preset, "ionic-belfast");
}
