//! Properties of the built-in product systems: every preset solves, stages add up, allocation
//! factors sum to 1, results move the right way with their drivers, system expansion equals
//! its hand formula, and a user inventory is solved like the built-in one.

use reo_lca::analysis::verdict::reduction_percent;
use reo_lca::dataset::PRESETS;
use reo_lca::engine::solve;
use reo_lca::model::resolve::resolve;
use reo_lca::model::scenario::{CustomExchange, CustomInventory, CustomProcess};
use reo_lca::routes::plan_routes;
use reo_lca::{compare, Scenario};

fn with(preset: &str, f: impl FnOnce(&mut Scenario)) -> Scenario {
    let mut s = Scenario::preset(preset);
    f(&mut s);
    s
}

#[test]
fn every_preset_compares_with_finite_positive_totals_and_stages_that_add_up() {
    for p in PRESETS {
        let c = compare(&Scenario::preset(p.id)).unwrap_or_else(|e| panic!("{}: {e}", p.id));
        for r in [&c.mined, &c.recycled] {
            assert!(
                r.total.is_finite() && r.total > 0.0,
                "{}: {}",
                p.id,
                r.total
            );
            let stages: f64 = r.by_stage.iter().map(|s| s.impact).sum();
            assert!(
                (stages - r.total).abs() < 1e-9 * r.total,
                "{} {}: stages {stages} vs total {}",
                p.id,
                r.route,
                r.total
            );
            let contrib: f64 = r.contributions.iter().map(|c| c.impact).sum();
            assert!((contrib - r.total).abs() < 1e-9 * r.total);
            let flows: f64 = r.by_flow.iter().map(|f| f.impact).sum();
            assert!((flows - r.total).abs() < 1e-9 * r.total);
            assert!((r.fossil + r.biogenic - r.total).abs() < 1e-12 * r.total);
        }
        assert_eq!(
            c.reduction_percent,
            reduction_percent(c.mined.total, c.recycled.total)
        );
        assert!(!c.claim.verdict.is_empty());
        assert!(c.claim.verdict.contains(&c.baseline_label));
    }
}

#[test]
fn allocation_factors_sum_to_one() {
    for p in PRESETS {
        for alloc in ["mass", "economic", "model"] {
            let c = compare(&with(p.id, |s| s.allocation = Some(alloc.into()))).unwrap();
            for a in c.mined.allocations.iter().chain(&c.recycled.allocations) {
                let sum: f64 = a.factors.iter().map(|(_, f)| f).sum();
                assert!(
                    (sum - 1.0).abs() < 1e-12,
                    "{} {alloc} {}: {sum}",
                    p.id,
                    a.process
                );
                assert!(a.factor > 0.0 && a.factor <= 1.0);
            }
        }
    }
}

#[test]
fn mass_allocation_gives_every_oxide_the_same_burden_per_kg() {
    let total = |oxide: &str| {
        compare(&with("ionic-missouri", |s| {
            s.oxide = Some(oxide.into());
            s.allocation = Some("mass".into());
        }))
        .unwrap()
        .recycled
        .total
    };
    let nd = total("Nd2O3");
    for o in ["Pr6O11", "Dy2O3", "NdPrOxide"] {
        assert!((total(o) - nd).abs() < 1e-9 * nd, "{o}");
    }
}

#[test]
fn economic_allocation_follows_price_ratios() {
    // Within one multi-output process, economic allocation makes burden per kg proportional
    // to price: Dy2O3/Nd2O3 recycled burden ratio = 260/56.
    let total = |oxide: &str| {
        compare(&with("ionic-missouri", |s| {
            s.oxide = Some(oxide.into());
            s.allocation = Some("economic".into());
        }))
        .unwrap()
        .recycled
        .total
    };
    let ratio = total("Dy2O3") / total("Nd2O3");
    assert!((ratio - 260.0 / 56.0).abs() < 1e-9, "{ratio}");
}

fn recycled_total(preset: &str, param: &str, value: f64) -> f64 {
    compare(&with(preset, |s| {
        s.overrides.insert(param.into(), value);
    }))
    .unwrap()
    .recycled
    .total
}

#[test]
fn recycled_total_rises_with_grid_intensity() {
    let mut last = f64::NEG_INFINITY;
    for g in [0.0, 0.1, 0.3, 0.566, 0.9, 1.5] {
        let t = recycled_total("ionic-missouri", "gridSrmw", g);
        assert!(t > last, "grid {g}: {t} not above {last}");
        last = t;
    }
    // Linear in the grid factor: equal steps give equal increments.
    let a = recycled_total("ionic-belfast", "gridNorthernIreland", 0.1);
    let b = recycled_total("ionic-belfast", "gridNorthernIreland", 0.2);
    let c = recycled_total("ionic-belfast", "gridNorthernIreland", 0.3);
    assert!(((b - a) - (c - b)).abs() < 1e-12);
}

#[test]
fn drivers_move_results_the_expected_way() {
    let up = |param: &str, lo: f64, hi: f64| {
        recycled_total("ionic-missouri", param, hi) > recycled_total("ionic-missouri", param, lo)
    };
    assert!(up("efOxalicAcid", 5.0, 12.0));
    assert!(up("acidExcess", 1.0, 2.0));
    assert!(up("oxalicExcess", 1.0, 1.67));
    assert!(up("baseMetalDissolved", 0.0, 1.0));
    // A higher yield spreads the feed's burdens over more oxide.
    assert!(
        recycled_total("ionic-missouri", "recoveryYield", 0.36)
            < recycled_total("ionic-missouri", "recoveryYield", 0.30)
    );
    let mined = |d: f64| {
        compare(&with("ionic-missouri-ndpr", |s| {
            s.overrides.insert("miningDiesel".into(), d);
        }))
        .unwrap()
        .mined
        .total
    };
    assert!(mined(2.0) > mined(1.25));
}

#[test]
fn break_even_values_reproduce_the_stated_reduction() {
    let c = compare(&Scenario::preset("ionic-belfast-ndpr")).unwrap();
    let mut checked = 0;
    for b in &c.claim.break_evens {
        if let Some(v) = b.value {
            let c2 = compare(&with("ionic-belfast-ndpr", |s| {
                s.overrides.insert(b.parameter.clone(), v);
            }))
            .unwrap();
            let red = c2.reduction_percent.unwrap();
            assert!(
                (red - c.claim.stated_percent).abs() < 1e-6,
                "{}: reduction {red} at break-even {v}",
                b.parameter
            );
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} break-evens found");
}

#[test]
fn gwp_set_changes_only_non_co2_gases() {
    let ar6 = compare(&Scenario::preset("sprecher-hdd")).unwrap();
    let ar5 = compare(&with("sprecher-hdd", |s| s.gwp = Some("AR5".into()))).unwrap();
    let ch4 = |c: &reo_lca::Comparison| {
        c.mined
            .by_flow
            .iter()
            .find(|f| f.flow == "ch4_fossil")
            .map(|f| (f.amount, f.impact))
            .unwrap()
    };
    let (a6, i6) = ch4(&ar6);
    let (a5, i5) = ch4(&ar5);
    assert_eq!(a6, a5);
    assert!((i6 / a6 - 29.8).abs() < 1e-9 && (i5 / a5 - 28.0).abs() < 1e-9);
    let diff = ar6.mined.total - ar5.mined.total;
    let n2o = ar6
        .mined
        .by_flow
        .iter()
        .find(|f| f.flow == "n2o")
        .unwrap()
        .amount;
    assert!((diff - (a6 * 1.8 + n2o * 8.0)).abs() < 1e-12);
}

#[test]
fn substitution_equals_its_hand_formula() {
    // Under substitution the recycled Dy2O3 carries the whole chain's burden per kg of feed
    // minus the primary production its co-products displace:
    //   t_sub = (B_feed − Σ_j m_j·mined_j) / m_Dy,   with B_feed = t_mass · Σ_i m_i.
    let base = |f: &dyn Fn(&mut Scenario)| {
        let mut s = Scenario::preset("ionic-missouri");
        s.allocation = Some("mass".into());
        f(&mut s);
        compare(&s).unwrap()
    };
    let mass = base(&|_| {});
    let sub = base(&|s| s.recycling_rule = Some("substitution".into()));
    let r = resolve(&Scenario::preset("ionic-missouri")).unwrap();
    let v = r.vars();
    let (m_nd, m_pr, m_dy) = (v.d.recNd2O3, v.d.recPr6O11, v.d.recDy2O3);
    let b_feed = mass.recycled.total * (m_nd + m_pr + m_dy);
    let primary = |o: &str| {
        base(&|s| {
            s.oxide = Some(o.into());
            s.baseline = Some("bayan-obo".into());
        })
        .mined
        .total
    };
    let expected = (b_feed - m_nd * primary("Nd2O3") - m_pr * primary("Pr6O11")) / m_dy;
    assert!(
        (sub.recycled.total - expected).abs() < 1e-9 * expected.abs(),
        "{} vs {expected}",
        sub.recycled.total
    );
    assert!(sub
        .recycled
        .by_stage
        .iter()
        .any(|s| s.stage == "credit" && s.impact < 0.0));
}

#[test]
fn doubling_the_demand_of_a_built_in_route_doubles_every_result() {
    let r = resolve(&Scenario::preset("ionic-belfast-ndpr")).unwrap();
    let (m, _) = plan_routes(&r).unwrap();
    let mut sys = m.compiled.labelled(&r.vars()).unwrap().system;
    let a = solve(&sys).unwrap();
    sys.demand.iter_mut().for_each(|d| *d *= 2.0);
    let b = solve(&sys).unwrap();
    for (x, y) in a.scaling.iter().zip(&b.scaling) {
        assert!((2.0 * x - y).abs() <= 1e-12 * x.abs().max(1e-300));
    }
    for (x, y) in a.inventory.iter().zip(&b.inventory) {
        assert!((2.0 * x - y).abs() <= 1e-12 * x.abs().max(1e-300));
    }
    assert!((2.0 * a.impact - b.impact).abs() < 1e-12 * a.impact);
}

#[test]
fn a_custom_inventory_is_solved_like_the_built_in_one() {
    // One process makes 1 kg Dy2O3 from 2 kWh of site electricity, 1 kg HCl (100 %) and
    // emits 0.5 kg fossil CO2. By hand at the Missouri grid (0.566) and efHcl 1.99:
    //   2·0.566 + 1.99 + 0.5 = 3.622 kg CO2-eq.
    let mut s = Scenario::preset("ionic-missouri");
    s.inventory = Some(CustomInventory {
        name: Some("my plant".into()),
        processes: vec![CustomProcess {
            id: "plant".into(),
            name: None,
            stage: Some("digestion".into()),
            outputs: vec![CustomExchange {
                flow: "Dy2O3".into(),
                amount: 1.0,
            }],
            inputs: vec![
                CustomExchange {
                    flow: "electricity_site".into(),
                    amount: 2.0,
                },
                CustomExchange {
                    flow: "hcl_100".into(),
                    amount: 1.0,
                },
            ],
            emissions: vec![CustomExchange {
                flow: "co2_fossil".into(),
                amount: 0.5,
            }],
        }],
    });
    let c = compare(&s).unwrap();
    assert!(
        (c.recycled.total - 3.622).abs() < 1e-12,
        "{}",
        c.recycled.total
    );
    assert_eq!(c.recycled.route, "custom");
    assert_eq!(c.recycled.label, "my plant");
}

#[test]
fn substitution_allocates_where_a_co_product_has_no_primary_supplier() {
    // HDD shredding makes an NdFeB-rich residue and other residue; nobody else makes either,
    // so under substitution the shredding stays allocated and the result equals cut-off.
    let cut = compare(&Scenario::preset("sprecher-hdd")).unwrap();
    let sub = compare(&with("sprecher-hdd", |s| {
        s.recycling_rule = Some("substitution".into())
    }))
    .unwrap();
    assert_eq!(sub.recycled.total, cut.recycled.total);
    assert_eq!(sub.recycling_rule.as_str(), "substitution");
}
