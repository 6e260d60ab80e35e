//! Property-based tests (proptest) over random scenarios and random small custom inventories.
//!
//! * every accepted scenario gives finite numbers; the reduction is `100·(1 − recycled/mined)`;
//!   stages and flows sum to the route totals;
//! * a random acyclic inventory gives the footprint computed here by hand (back-substitution,
//!   independent of the engine), and a random cyclic one the footprint of a fixed-point
//!   iteration; doubling every emission doubles it (linearity);
//! * a process that consumes more of its own product than it makes is always refused;
//! * the recycled footprint never falls when the site's grid intensity rises, and the mined
//!   one does not move;
//! * after any error, the next comparison is bit for bit the one made before it.
//!
//! `PROPTEST_CASES` sets the number of cases (default 64 here, which keeps the suite to a few
//! seconds).

use proptest::prelude::*;
use reo_lca::catalog;
use reo_lca::model::choices::{Allocation, GwpSet, RecyclingRule};
use reo_lca::model::scenario::{CustomExchange, CustomInventory, CustomProcess};
use reo_lca::{compare, Comparison, Scenario};

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Relative closeness, with an absolute floor for results near zero.
fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-9)
}

/// A random choice of every scenario field from the catalogue, plus up to four parameter
/// overrides anywhere in their ranges. Not every combination is valid (an oxide the route does
/// not make, a Tb4O7 unit without terbium in the feed): those must be clear errors.
fn scenario() -> impl Strategy<Value = Scenario> {
    let presets: Vec<String> = catalog::presets().into_iter().map(|p| p.id).collect();
    let oxides: Vec<String> = catalog::functional_units()
        .into_iter()
        .map(|f| f.id)
        .collect();
    let mined: Vec<String> = catalog::routes()
        .into_iter()
        .filter(|r| r.kind == reo_lca::dataset::Side::Mined)
        .map(|r| r.id)
        .collect();
    let sites: Vec<String> = catalog::sites().into_iter().map(|s| s.id).collect();
    let prices: Vec<String> = reo_lca::dataset::price_sets()
        .into_iter()
        .map(String::from)
        .collect();
    let params = catalog::parameters();
    let overrides = proptest::collection::vec(
        (0..params.len(), 0.0..=1.0f64).prop_map(move |(i, t)| {
            let p = &params[i];
            (p.id.clone(), p.min + t * (p.max - p.min))
        }),
        0..4,
    )
    .prop_map(|pairs| {
        pairs
            .into_iter()
            .collect::<std::collections::BTreeMap<String, f64>>()
    });
    (
        proptest::sample::select(presets),
        proptest::option::of(proptest::sample::select(oxides)),
        proptest::option::of(proptest::sample::select(mined)),
        proptest::option::of(proptest::sample::select(sites)),
        proptest::option::of(proptest::sample::select(Allocation::ALL.to_vec())),
        proptest::option::of(proptest::sample::select(RecyclingRule::ALL.to_vec())),
        proptest::option::of(proptest::sample::select(GwpSet::ALL.to_vec())),
        proptest::option::of(proptest::sample::select(prices)),
        overrides,
    )
        .prop_map(
            |(preset, oxide, baseline, site, allocation, rule, gwp, price_set, overrides)| {
                Scenario {
                    oxide,
                    baseline,
                    site,
                    allocation: allocation.map(|a| a.to_string()),
                    recycling_rule: rule.map(|r| r.to_string()),
                    gwp: gwp.map(|g| g.as_str().to_string()),
                    price_set,
                    overrides,
                    ..Scenario::preset(&preset)
                }
            },
        )
}

fn check_comparison(c: &Comparison) -> Result<(), TestCaseError> {
    for r in [&c.mined, &c.recycled] {
        prop_assert!(r.total.is_finite(), "{} total {}", r.route, r.total);
        let stages: f64 = r.by_stage.iter().map(|s| s.impact).sum();
        prop_assert!(
            close(stages, r.total, 1e-9),
            "{}: stages {stages} vs total {}",
            r.route,
            r.total
        );
        let flows: f64 = r.by_flow.iter().map(|f| f.impact).sum();
        prop_assert!(
            close(flows, r.total, 1e-9),
            "{}: flows {flows} vs total {}",
            r.route,
            r.total
        );
        prop_assert!(
            close(r.fossil + r.biogenic, r.total, 1e-9),
            "{}: fossil + biogenic",
            r.route
        );
        for f in &r.by_flow {
            prop_assert!(f.amount.is_finite() && f.impact.is_finite(), "{}", f.flow);
        }
    }
    match c.reduction_percent {
        Some(p) => {
            prop_assert!(c.mined.total > 0.0);
            let want = 100.0 * (1.0 - c.recycled.total / c.mined.total);
            // Reported to nine decimals.
            prop_assert!(
                (p - want).abs() <= 5e-10 * want.abs().max(1.0),
                "reduction {p} vs {want}"
            );
        }
        None => prop_assert!(c.mined.total <= 0.0),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_scenarios_are_finite_and_consistent_or_a_clear_error(s in scenario()) {
        match compare(&s) {
            Ok(c) => check_comparison(&c)?,
            Err(e) => {
                let field = e.field();
                prop_assert!(!field.is_empty(), "{e}");
                let m = e.to_string();
                prop_assert!(!m.is_empty() && m.chars().count() <= reo_lca::text::MAX_MESSAGE + 1, "{m}");
                prop_assert!(!m.contains("NaN") && !m.contains("inf"), "{m}");
            }
        }
    }

    #[test]
    fn recycled_footprint_is_monotone_in_the_site_grid(s in scenario(), t in 0.0..1.0f64, dt in 0.0..1.0f64) {
        let Ok(c) = compare(&s) else { return Ok(()); };
        let p = catalog::parameters().into_iter().find(|p| p.id == c.grid.parameter).unwrap();
        let lo = p.min + t * (p.max - p.min);
        let hi = lo + dt * (p.max - lo);
        let at = |v: f64| {
            let mut s = s.clone();
            s.overrides.insert(p.id.clone(), v);
            compare(&s).unwrap()
        };
        let (a, b) = (at(lo), at(hi));
        prop_assert!(
            b.recycled.total >= a.recycled.total - 1e-12 * a.recycled.total.abs(),
            "{}: {} at {lo}, {} at {hi}", p.id, a.recycled.total, b.recycled.total
        );
        prop_assert_eq!(a.mined.total.to_bits(), b.mined.total.to_bits());
    }

    #[test]
    fn after_any_error_the_next_comparison_is_unchanged(s in scenario(), junk in any::<f64>()) {
        let reference = Scenario::preset("ionic-missouri");
        let before = compare(&reference).unwrap();
        // An error of the scenario's own, if it has one, then one that surely is.
        let _ = compare(&s);
        let mut bad = s.clone();
        bad.overrides.insert("gridSrmw".into(), if junk.is_finite() && (0.0..=2.0).contains(&junk) { f64::NAN } else { junk });
        prop_assert!(compare(&bad).is_err());
        let after = compare(&reference).unwrap();
        prop_assert_eq!(format!("{before:?}"), format!("{after:?}"));
    }
}

fn x(flow: &str, amount: f64) -> CustomExchange {
    CustomExchange {
        flow: flow.into(),
        amount,
    }
}

fn with(processes: Vec<CustomProcess>) -> Scenario {
    let mut s = Scenario::preset("ionic-missouri");
    s.inventory = Some(CustomInventory {
        name: None,
        processes,
    });
    s
}

/// A random system of `n` single-output processes `p0 … p{n-1}`; `p0` makes the functional
/// unit (Dy2O3). Each process makes `out` units of its product, takes `need[j]` units of the
/// product of each `j` it is linked to, and emits `co2` kg of fossil CO2 per operation.
#[derive(Debug, Clone)]
struct System {
    out: Vec<f64>,
    /// `links[i]`: (supplier j, amount) pairs.
    links: Vec<Vec<(usize, f64)>>,
    co2: Vec<f64>,
}

impl System {
    fn product(i: usize) -> String {
        if i == 0 {
            "Dy2O3".into()
        } else {
            format!("m{i}")
        }
    }

    fn scenario(&self, emission_scale: f64) -> Scenario {
        let processes = (0..self.out.len())
            .map(|i| CustomProcess {
                id: format!("p{i}"),
                name: None,
                stage: None,
                outputs: vec![x(&System::product(i), self.out[i])],
                inputs: self.links[i]
                    .iter()
                    .map(|&(j, a)| x(&System::product(j), a))
                    .collect(),
                emissions: vec![x("co2_fossil", self.co2[i] * emission_scale)],
            })
            .collect();
        with(processes)
    }

    /// Footprint by fixed-point iteration on the demand: `s = d + B·s` with `B[j][i] =
    /// need_ij / out_j` (units of j per unit of i); converges when every column sum of
    /// `B` is below 1. For an acyclic system it is exact after `n` sweeps.
    fn footprint(&self) -> f64 {
        let n = self.out.len();
        // Activity (operations) of each process: a = (demand of its product) / out.
        let mut demand = vec![0.0; n];
        for _ in 0..10_000 {
            let mut next = vec![0.0; n];
            next[0] = 1.0;
            for ((d, out), links) in demand.iter().zip(&self.out).zip(&self.links) {
                let ops = d / out;
                for &(j, a) in links {
                    next[j] += ops * a;
                }
            }
            let diff: f64 = next.iter().zip(&demand).map(|(a, b)| (a - b).abs()).sum();
            demand = next;
            if diff < 1e-15 {
                break;
            }
        }
        (0..n).map(|i| demand[i] / self.out[i] * self.co2[i]).sum()
    }
}

/// Acyclic: process i only takes from j > i.
fn acyclic() -> impl Strategy<Value = System> {
    (2usize..7).prop_flat_map(|n| {
        let links = (0..n)
            .map(|i| {
                proptest::collection::vec(((i + 1)..n.max(i + 2), 0.01..5.0f64), 0..3).prop_map(
                    move |v| {
                        let mut seen = std::collections::BTreeMap::new();
                        for (j, a) in v {
                            if j < n {
                                seen.insert(j, a);
                            }
                        }
                        seen.into_iter().collect::<Vec<_>>()
                    },
                )
            })
            .collect::<Vec<_>>();
        (
            proptest::collection::vec(0.1..10.0f64, n),
            links,
            proptest::collection::vec(0.0..20.0f64, n),
        )
            .prop_map(|(out, links, co2)| System { out, links, co2 })
    })
}

/// Cyclic but productive: every process may take from every other, yet what one unit of any
/// product pulls back in is below 0.8 units in all.
fn cyclic() -> impl Strategy<Value = System> {
    (2usize..6).prop_flat_map(|n| {
        (
            proptest::collection::vec(0.5..4.0f64, n),
            proptest::collection::vec(proptest::collection::vec(0.0..1.0f64, n), n),
            proptest::collection::vec(0.0..20.0f64, n),
        )
            .prop_map(move |(out, w, co2)| {
                // One operation of i makes out_i and takes need_ij of each j; the units of all
                // products one unit of i pulls in, sum_j need_ij / out_i, are kept to 0.8.
                let links = (0..n)
                    .map(|i| {
                        let raw: f64 = (0..n).filter(|&j| j != i).map(|j| w[i][j]).sum();
                        (0..n)
                            .filter(|&j| j != i && w[i][j] > 0.05 && raw > 0.0)
                            .map(|j| (j, w[i][j] / raw * 0.8 * out[i]))
                            .collect()
                    })
                    .collect();
                System { out, links, co2 }
            })
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn acyclic_inventories_give_the_hand_computed_footprint(sys in acyclic(), k in 0.1..10.0f64) {
        let c = compare(&sys.scenario(1.0)).unwrap();
        check_comparison(&c)?;
        let want = sys.footprint();
        prop_assert!(close(c.recycled.total, want, 1e-9), "{} vs {want}", c.recycled.total);
        // Linear in the emissions.
        let scaled = compare(&sys.scenario(k)).unwrap();
        prop_assert!(close(scaled.recycled.total, k * c.recycled.total, 1e-9));
        // The mined side does not see the custom inventory.
        let base = compare(&Scenario::preset("ionic-missouri")).unwrap();
        prop_assert_eq!(c.mined.total.to_bits(), base.mined.total.to_bits());
    }

    #[test]
    fn productive_cyclic_inventories_match_the_fixed_point(sys in cyclic()) {
        let c = compare(&sys.scenario(1.0)).unwrap();
        check_comparison(&c)?;
        let want = sys.footprint();
        prop_assert!(close(c.recycled.total, want, 1e-8), "{} vs {want}", c.recycled.total);
    }

    #[test]
    fn a_process_consuming_more_of_its_product_than_it_makes_is_refused(
        sys in acyclic(), extra in 1.001..3.0f64, who in 0usize..7
    ) {
        let mut s = sys.scenario(1.0);
        // A process nothing asks for runs at level zero whatever it does: pick one that runs.
        let mut running = vec![0usize];
        let mut k = 0;
        while k < running.len() {
            for &(j, _) in &sys.links[running[k]] {
                if !running.contains(&j) {
                    running.push(j);
                }
            }
            k += 1;
        }
        let i = running[who % running.len()];
        let inv = s.inventory.as_mut().unwrap();
        let p = &mut inv.processes[i];
        let made = p.outputs[0].amount;
        let own = p.outputs[0].flow.clone();
        p.inputs.retain(|e| e.flow != own);
        p.inputs.push(x(&own, made * extra));
        // Either the system cannot run (singular), or it runs with a negative level: never a
        // footprint.
        let e = compare(&s).unwrap_err();
        prop_assert!(e.field().starts_with("inventory"), "{e}: {}", e.field());
    }
}
