//! Per-oxide allocation on both sides, per-node rules and the claim map: burden conservation at
//! every multi-output node, economic factors in the ratio of prices, per-node overrides that
//! change only their node, claim-map rows equal to single comparisons, monotonicity in the
//! grid, and the provenance of the ore baskets.

use reo_lca::analysis::claim_map::claim_map;
use reo_lca::dataset::{
    self, BasketValue, Status, BASKETS, PARAMETERS, PROCESSES, ROUTES, SCHEMES,
};
use reo_lca::model::choices::{Allocation, GwpSet, RecyclingRule};
use reo_lca::model::resolve::resolve;
use reo_lca::routes::{plan, Rules};
use reo_lca::{compare, Scenario};

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-300)
}

/// Route total with functional unit `product` (any product the route makes).
fn total(route: &str, product: &str, rule: Allocation, overrides: &[(&str, f64)]) -> f64 {
    let mut s = Scenario::preset("ionic-missouri");
    for (k, v) in overrides {
        s.overrides.insert((*k).into(), *v);
    }
    let r = resolve(&s).unwrap();
    let rules = Rules {
        allocation: rule,
        allocation_at: &[],
        recycling_rule: RecyclingRule::CutOff,
        gwp: GwpSet::AR6,
        custom: None,
    };
    let route = dataset::route(route).unwrap();
    let c = plan(route, product, &rules, &r.vars()).unwrap().compile();
    let mut ws = c.workspace();
    c.total(&r.vars(), &mut ws).unwrap()
}

/// The normalised basket shares of `basket` for parameters `params`.
fn shares(basket: &str, params: &[f64]) -> Vec<(&'static str, f64)> {
    let rows: Vec<_> = BASKETS.iter().filter(|b| b.basket == basket).collect();
    let raw: Vec<f64> = rows
        .iter()
        .map(|b| match b.value {
            BasketValue::Share(x) => x,
            BasketValue::Parameter(p) => params[p],
        })
        .collect();
    let sum: f64 = raw.iter().sum();
    rows.iter()
        .zip(raw)
        .map(|(b, x)| (b.product, x / sum))
        .collect()
}

/// Per-oxide burdens times the oxides' shares add up to the burden of the separated REO they
/// come from, under every rule: allocation moves burden between oxides, never creates it.
#[test]
fn per_oxide_burdens_conserve_the_mix_burden() {
    let cases: [&[(&str, f64)]; 2] = [
        &[],
        &[("iacLongnanShareDy2O3", 0.1), ("iacXunwuShareTb4O7", 0.03)],
    ];
    for (route, basket) in [
        ("ion-clay-longnan", "iac-longnan"),
        ("ion-clay-xunwu", "iac-xunwu"),
    ] {
        for ov in cases {
            let mut s = Scenario::preset("ionic-missouri");
            for (k, v) in ov {
                s.overrides.insert((*k).into(), *v);
            }
            let params = resolve(&s).unwrap().params;
            let whole = total(route, "iac_separated_reo", Allocation::Mass, ov);
            for rule in [Allocation::Mass, Allocation::Economic] {
                let sum: f64 = shares(basket, &params)
                    .iter()
                    .map(|(product, share)| share * total(route, product, rule, ov))
                    .sum();
                assert!(
                    close(sum, whole, 1e-12),
                    "{route} {rule:?} {ov:?}: {sum} vs {whole}"
                );
            }
        }
    }
    // Under mass allocation every oxide of one split carries the separated REO's burden per kg.
    let whole = total(
        "ion-clay-longnan",
        "iac_separated_reo",
        Allocation::Mass,
        &[],
    );
    for ox in ["Dy2O3", "Tb4O7", "Nd2O3", "Y2O3"] {
        let h = total("ion-clay-longnan", ox, Allocation::Mass, &[]);
        assert!(close(h, whole, 1e-12), "{ox}: {h} vs {whole}");
    }
}

/// Economic allocation at one node: the burdens per kg of two co-products are in the ratio of
/// their prices.
#[test]
fn economic_burdens_are_in_the_ratio_of_prices() {
    let price = |id: &str| PARAMETERS[dataset::param_index(id).unwrap()].default;
    for route in ["ion-clay-longnan", "ion-clay-xunwu"] {
        let dy = total(route, "Dy2O3", Allocation::Economic, &[]);
        let tb = total(route, "Tb4O7", Allocation::Economic, &[]);
        let nd = total(route, "Nd2O3", Allocation::Economic, &[]);
        assert!(close(
            dy / tb,
            price("priceDy2O3") / price("priceTb4O7"),
            1e-12
        ));
        assert!(close(
            dy / nd,
            price("priceDy2O3") / price("priceNd2O3"),
            1e-12
        ));
    }
    // Recycled side: the calcination node's oxides, per kg.
    let dy = total("ionic-hydromet", "Dy2O3", Allocation::Economic, &[]);
    let nd = total("ionic-hydromet", "Nd2O3", Allocation::Economic, &[]);
    assert!(close(
        dy / nd,
        price("priceDy2O3") / price("priceNd2O3"),
        1e-12
    ));
}

/// A per-node rule changes the allocation at that node only.
#[test]
fn per_node_overrides_change_only_their_node() {
    let base = compare(&Scenario::preset("ionic-missouri-ndpr")).unwrap();
    let mut s = Scenario::preset("ionic-missouri-ndpr");
    s.allocation_at
        .insert("bo_beneficiation".into(), "mass".into());
    let c = compare(&s).unwrap();
    let factor = |c: &reo_lca::Comparison, col: &str| {
        c.mined
            .allocations
            .iter()
            .chain(&c.recycled.allocations)
            .find(|a| a.process == col)
            .map(|a| (a.rule, a.factor))
            .unwrap()
    };
    assert_eq!(
        factor(&base, "bo_beneficiation[bo_concentrate]").0,
        Allocation::Economic
    );
    assert_eq!(
        factor(&c, "bo_beneficiation[bo_concentrate]").0,
        Allocation::Mass
    );
    assert!(factor(&c, "bo_beneficiation[bo_concentrate]").1 < 0.1);
    for col in [
        "bo_sx[Nd2O3]",
        "bo_sx[Pr6O11]",
        "rec_calcination[Nd2O3]",
        "rec_calcination[Pr6O11]",
    ] {
        assert_eq!(factor(&base, col), factor(&c, col), "{col}");
    }
    assert_eq!(base.recycled.total, c.recycled.total);
    assert!(c.mined.total < base.mined.total);
    let node = c
        .mined
        .allocation_nodes
        .iter()
        .find(|n| n.node == "bo_beneficiation")
        .unwrap();
    assert_eq!(
        (node.requested, node.rule),
        (Allocation::Mass, Allocation::Mass)
    );
    assert_eq!(node.co_products, ["bo_concentrate", "iron_ore"]);
    // A node of neither route is refused by name.
    let mut bad = Scenario::preset("ionic-missouri-ndpr");
    bad.allocation_at
        .insert("rec_digestion".into(), "mass".into());
    assert_eq!(
        compare(&bad).unwrap_err().field(),
        "allocationAt.rec_digestion"
    );
    let mut bad = Scenario::preset("ionic-missouri-ndpr");
    bad.allocation_at.insert("bo_sx".into(), "by-weight".into());
    assert_eq!(compare(&bad).unwrap_err().field(), "allocationAt.bo_sx");
}

/// Every row of a claim map equals a single comparison of that combination.
#[test]
fn claim_map_rows_equal_single_comparisons() {
    for preset in ["ionic-missouri", "ionic-missouri-ndpr", "sprecher-hdd"] {
        let r = resolve(&Scenario::preset(preset)).unwrap();
        let m = claim_map(&r).unwrap();
        assert!(m.skipped.is_empty(), "{preset}: {:?}", m.skipped);
        assert_eq!(
            m.rows.len(),
            m.baselines.len() * SCHEMES.len() * 2 * m.price_sets.len() * m.sites.len()
        );
        assert_eq!(m.summary.holding, m.rows.iter().filter(|x| x.holds).count());
        // Every 7th row (all of them is slow in a debug build), always including the first and
        // last.
        for (k, row) in m.rows.iter().enumerate() {
            if k % 7 != 0 && k + 1 != m.rows.len() {
                continue;
            }
            let scheme = SCHEMES.iter().find(|s| s.id == row.scheme).unwrap();
            let mut s = Scenario::preset(preset);
            s.baseline = Some(row.baseline.clone());
            s.allocation = Some(scheme.rule.into());
            s.recycling_rule = Some(row.recycling_rule.as_str().into());
            s.price_set = Some(row.price_set.clone());
            s.site = Some(row.site.clone());
            // The scheme's stage rules hold at every node, the displaced suppliers' too.
            let points = ROUTES
                .iter()
                .filter(|x| x.kind == dataset::Side::Mined || x.id == r.recycled.id)
                .flat_map(|x| x.allocation_points.iter());
            for &p in points {
                if let Some((_, rule)) = scheme
                    .at_stages
                    .iter()
                    .find(|(st, _)| *st == PROCESSES[p].stage)
                {
                    s.allocation_at
                        .insert(PROCESSES[p].id.into(), (*rule).into());
                }
            }
            let c = compare(&s).unwrap();
            assert!(
                close(c.mined.total, row.mined, 1e-12),
                "{preset} {row:?}: {}",
                c.mined.total
            );
            assert!(
                close(c.recycled.total, row.recycled, 1e-12),
                "{preset} {row:?}: {}",
                c.recycled.total
            );
            assert_eq!(c.claim.holds, row.holds, "{preset} {row:?}");
        }
        // Sentences name the deciders that flip the verdict.
        for d in m.summary.deciders.iter().filter(|d| d.flips > 0) {
            assert!(
                m.summary.sentence.contains(d.dimension.noun()),
                "{}",
                m.summary.sentence
            );
        }
    }
}

/// More carbon-intensive electricity at the recycling site never lowers the recycled total,
/// and never raises the reduction.
#[test]
fn recycled_total_is_monotone_in_the_site_grid() {
    for p in dataset::PRESETS {
        let grid = PARAMETERS[dataset::site(p.site).unwrap().grid_param].id;
        let mut last: Option<(f64, Option<f64>)> = None;
        for k in 0..=15 {
            let mut s = Scenario::preset(p.id);
            s.overrides.insert(grid.into(), k as f64 * 0.1);
            let c = compare(&s).unwrap();
            if let Some((total, red)) = last {
                assert!(
                    c.recycled.total >= total,
                    "{}: {} < {total}",
                    p.id,
                    c.recycled.total
                );
                if let (Some(a), Some(b)) = (red, c.reduction_percent) {
                    assert!(b <= a + 1e-9, "{}: reduction rose from {a} to {b}", p.id);
                }
            }
            last = Some((c.recycled.total, c.reduction_percent));
        }
    }
}

/// Every basket share is sourced or a visible gap parameter with a range, and every basket
/// sums to 1 (within the rounding its source states) at the defaults.
#[test]
fn baskets_are_sourced_or_gap_parameters() {
    let mut baskets: Vec<&str> = BASKETS.iter().map(|b| b.basket).collect();
    baskets.dedup();
    for b in BASKETS {
        match b.value {
            BasketValue::Share(x) => {
                assert!(
                    matches!(
                        b.status,
                        Status::Found | Status::FoundSecondary | Status::Derived
                    ),
                    "{b:?}"
                );
                assert!(!b.sources.is_empty() && (0.0..=1.0).contains(&x), "{b:?}");
            }
            BasketValue::Parameter(p) => {
                let def = &PARAMETERS[p];
                assert_eq!(b.status, Status::Parameter, "{b:?}");
                assert_eq!(def.status, Status::Gap, "{}", def.id);
                assert!(def.min < def.max && !def.sources.is_empty(), "{}", def.id);
                assert!(
                    !def.uncertainty.is_fixed(),
                    "{} has no range for Monte Carlo",
                    def.id
                );
            }
        }
    }
    for basket in baskets {
        let rows: Vec<_> = BASKETS.iter().filter(|b| b.basket == basket).collect();
        let sum: f64 = rows
            .iter()
            .map(|b| match b.value {
                BasketValue::Share(x) => x,
                BasketValue::Parameter(p) => PARAMETERS[p].default,
            })
            .sum();
        // Longnan's groups add to 99.93 % in the source.
        assert!((sum - 1.0).abs() <= 1e-3, "{basket}: {sum}");
    }
    // Every available mined route's separation has a basket or the model's own distribution.
    for r in ROUTES
        .iter()
        .filter(|r| r.available && r.kind == dataset::Side::Mined)
    {
        assert!(!r.allocation_points.is_empty(), "{}", r.id);
    }
}

/// Oxides a route makes only with a parameter above 0 say so, and become available with it.
#[test]
fn oxides_are_offered_only_where_both_routes_make_them() {
    let mut s = Scenario::preset("ionic-missouri");
    s.oxide = Some("Tb4O7".into());
    let e = compare(&s).unwrap_err();
    assert_eq!(e.field(), "oxide");
    assert!(e.to_string().contains("feedTb"), "{e}");
    s.overrides.insert("feedTb".into(), 0.001);
    assert!(compare(&s).unwrap().recycled.total > 0.0);
    let mut s = Scenario::preset("ionic-missouri-ndpr");
    s.oxide = Some("Dy2O3".into());
    let e = compare(&s).unwrap_err();
    assert!(e.to_string().contains("boShareDy2O3"), "{e}");
    let mut s = Scenario::preset("ionic-missouri");
    s.recycled = Some("sprecher-hdd".into());
    let e = compare(&s).unwrap_err();
    assert!(e.to_string().contains("does not make Dy2O3"), "{e}");
}

/// Per kg metal both sides carry the same electrolysis, so the difference of the totals is the
/// difference of the oxides times the oxide per kg metal.
#[test]
fn metal_functional_unit_adds_the_same_step_to_both_sides() {
    for (oxide, metal) in [("Dy2O3", "dy_metal"), ("NdPrOxide", "ndpr_metal")] {
        let preset = if oxide == "Dy2O3" {
            "ionic-missouri"
        } else {
            "ionic-missouri-ndpr"
        };
        let mut s = Scenario::preset(preset);
        let ox = compare(&s).unwrap();
        s.oxide = Some(metal.into());
        let me = compare(&s).unwrap();
        assert!(
            me.functional_unit.contains("metal"),
            "{}",
            me.functional_unit
        );
        let per_metal = (me.mined.total - me.recycled.total) / (ox.mined.total - ox.recycled.total);
        // oxide per kg metal: stoichiometric / metal yield 0.972
        assert!(per_metal > 1.1 && per_metal < 1.25, "{oxide}: {per_metal}");
        let metal_stage = |r: &reo_lca::RouteResult| {
            r.by_stage
                .iter()
                .find(|s| s.stage == "metal")
                .map(|s| s.impact)
                .unwrap()
        };
        assert!(close(
            metal_stage(&me.mined),
            metal_stage(&me.recycled),
            1e-12
        ));
    }
}
