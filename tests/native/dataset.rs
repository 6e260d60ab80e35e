//! The dataset's bookkeeping: every number has a unit and a source that resolves, units
//! balance, allocation factors sum to 1, and the derived quantities use existing parameters.

use reo_lca::dataset::*;
use reo_lca::model::derived::{default_params, Vars, PARAMS_READ};
use reo_lca::stats::distribution::Dist;

#[test]
fn every_source_key_resolves_and_every_source_is_cited_in_full() {
    let all = SOURCES.len();
    let check = |ids: &[usize], what: &str| {
        assert!(!ids.is_empty(), "{what} has no source");
        for &i in ids {
            assert!(i < all, "{what}: source index {i} out of range");
        }
    };
    for p in PARAMETERS {
        check(p.sources, p.id);
    }
    for e in EXCHANGES {
        check(e.sources, &format!("{e:?}"));
    }
    for f in FLOWS {
        check(f.sources, f.id);
    }
    for s in SOURCES {
        assert!(s.citation.len() > 30, "citation of {} is too short", s.key);
        assert!(!s.licence.is_empty(), "{} has no licence/terms", s.key);
    }
    // Every source is used somewhere.
    for (i, s) in SOURCES.iter().enumerate() {
        let used = PARAMETERS.iter().any(|p| p.sources.contains(&i))
            || EXCHANGES.iter().any(|e| e.sources.contains(&i))
            || FLOWS.iter().any(|f| f.sources.contains(&i))
            || PROCESSES.iter().any(|p| p.sources.contains(&i))
            || ELEMENTS.iter().any(|e| e.sources.contains(&i))
            || PRICE_SET_ROWS.iter().any(|r| r.sources.contains(&i))
            || COMPOSITIONS.iter().any(|r| r.sources.contains(&i))
            || PRESETS.iter().any(|r| r.sources.contains(&i))
            || ROUTES.iter().any(|r| r.sources.contains(&i))
            || SITES.iter().any(|r| r.sources.contains(&i));
        assert!(used, "source {} is never cited", s.key);
    }
}

#[test]
fn every_number_has_a_unit_status_and_year() {
    for p in PARAMETERS {
        assert!(!p.unit.is_empty(), "{} has no unit", p.id);
        assert!(
            p.min <= p.default && p.default <= p.max,
            "{} default out of range",
            p.id
        );
        assert!(
            p.year.is_some() || p.status == Status::Gap,
            "{} has no year but is not a gap",
            p.id
        );
        assert_ne!(p.status, Status::Parameter);
        assert!(!p.note.is_empty(), "{} has no note", p.id);
    }
    for e in EXCHANGES {
        assert!(!e.unit.is_empty(), "{e:?} has no unit");
        assert!(
            e.year.is_some() || matches!(e.status, Status::Parameter | Status::Gap),
            "{e:?} has no year"
        );
    }
}

#[test]
fn exchange_units_balance() {
    for e in EXCHANGES {
        let p = &PROCESSES[e.process];
        let flow_unit = match e.flow {
            FlowRef::Product(i) => PRODUCTS[i].unit,
            FlowRef::Elementary(k) => FLOWS[k].unit,
        };
        let expected = format!("{flow_unit}/{}", p.per);
        assert_eq!(e.unit, expected, "unit of {e:?} in process {}", p.id);
        // A formula that is a single parameter must carry that parameter's unit.
        if e.params_used.len() == 1 && PARAMETERS[e.params_used[0]].id == e.formula.trim() {
            let par = &PARAMETERS[e.params_used[0]];
            assert_eq!(par.unit, e.unit, "parameter {} used as {e:?}", par.id);
        }
    }
    // Single-output processes produce exactly one unit of their product per operation.
    for (pi, p) in PROCESSES.iter().enumerate() {
        let outs: Vec<_> = exchanges_of(pi)
            .filter(|e| e.direction == Direction::Output)
            .collect();
        assert!(!outs.is_empty(), "{} has no output", p.id);
        if outs.len() == 1 && !p.per.contains("feed") {
            let v = (outs[0].amount)(&Vars::new(default_params(), SITES[0].grid_param));
            if outs[0].formula == "1" {
                assert_eq!(v, 1.0);
            }
        }
    }
}

#[test]
fn model_allocation_factors_sum_to_one() {
    let vars = Vars::new(default_params(), SITES[0].grid_param);
    for (pi, p) in PROCESSES.iter().enumerate() {
        let shares: Vec<f64> = exchanges_of(pi)
            .filter_map(|e| e.model_share.map(|f| f(&vars)))
            .collect();
        if !shares.is_empty() {
            let sum: f64 = shares.iter().sum();
            assert!(
                (sum - 1.0).abs() < 1e-9,
                "{}: model shares sum to {sum}",
                p.id
            );
        }
    }
}

#[test]
fn derived_parameter_names_exist() {
    for id in PARAMS_READ {
        assert!(
            param_index(id).is_some(),
            "derived.rs reads unknown parameter {id}"
        );
    }
    for s in SITES {
        assert!(PARAMETERS[s.grid_param].group == "grid");
    }
}

#[test]
fn distributions_are_valid_and_contain_the_default() {
    for p in PARAMETERS {
        Dist::validated(p.uncertainty, p.id).unwrap();
        match p.uncertainty {
            Dist::Triangular(a, _, b) | Dist::Uniform(a, b) | Dist::Pert(a, _, b) => {
                assert!(
                    a <= p.default && p.default <= b,
                    "{}: default {} outside its uncertainty range [{a}, {b}]",
                    p.id,
                    p.default
                );
                assert!(
                    p.min <= a && b <= p.max,
                    "{}: uncertainty outside the allowed range",
                    p.id
                );
            }
            _ => {}
        }
    }
    for e in EXCHANGES {
        Dist::validated(e.uncertainty, "exchange").unwrap();
    }
}

#[test]
fn presets_and_price_sets_are_consistent() {
    assert!(PRESETS.len() >= 3);
    for id in ["ionic-belfast", "ionic-missouri", "sprecher-hdd"] {
        let p = preset(id).unwrap_or_else(|| panic!("preset {id} missing"));
        assert!(route(p.baseline).is_some_and(|r| r.kind == Side::Mined && r.available));
    }
    for r in PRICE_SET_ROWS {
        assert!(
            PARAMETERS[r.param].group == "prices",
            "{}: not a price",
            r.set
        );
        assert!(r.value > 0.0);
    }
}

#[test]
fn gwp_values_are_the_published_constants() {
    let f = |id: &str| &FLOWS[flow_index(id).unwrap()];
    assert_eq!(f("co2_fossil").gwp_ar6, 1.0);
    assert_eq!(f("ch4_fossil").gwp_ar6, 29.8);
    assert_eq!(f("ch4_nonfossil").gwp_ar6, 27.0);
    assert_eq!(f("n2o").gwp_ar6, 273.0);
    assert_eq!(f("ch4_fossil").gwp_ar5, 28.0);
    assert_eq!(f("n2o").gwp_ar5, 265.0);
}
