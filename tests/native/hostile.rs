//! Hostile input, round two (the Rust side; the JS side is tests/node/hostile.test.mjs): each
//! test fails on the engine before these fixes.
//!
//! * a custom process that takes in more of its product than it makes ran at a negative level
//!   and gave a negative footprint and a reduction above 100 % ("the claim holds");
//! * a custom inventory could expand to tens of thousands of products before anything said no;
//! * the same inventory passed in kg and failed in g ("badly conditioned"), and a chain that
//!   needs 1e12 units of an intermediate was refused;
//! * messages printed 300-digit decimals and `inf`, named every product of a large system, and
//!   the share link's version notice quoted whatever the link held.

use reo_lca::model::scenario::{CustomExchange, CustomInventory, CustomProcess};
use reo_lca::routes::plan::MAX_SYSTEM_PRODUCTS;
use reo_lca::{compare, share, Error, Scenario};

fn x(flow: &str, amount: f64) -> CustomExchange {
    CustomExchange {
        flow: flow.into(),
        amount,
    }
}

fn process(
    id: &str,
    outputs: Vec<CustomExchange>,
    inputs: Vec<CustomExchange>,
    emissions: Vec<CustomExchange>,
) -> CustomProcess {
    CustomProcess {
        id: id.into(),
        name: None,
        stage: None,
        outputs,
        inputs,
        emissions,
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

#[test]
fn negative_activities_are_refused_by_name() {
    // `loop` makes 1 unit of solvent from 2 units of solvent: the system can only balance by
    // running it backwards.
    let s = with(vec![
        process(
            "plant",
            vec![x("Dy2O3", 1.0)],
            vec![x("solvent", 1.0)],
            vec![x("co2_fossil", 1.0)],
        ),
        process(
            "loop",
            vec![x("solvent", 1.0)],
            vec![x("solvent", 2.0)],
            vec![x("co2_fossil", 5.0)],
        ),
    ]);
    let e = compare(&s).unwrap_err();
    assert_eq!(e.field(), "inventory.processes[1]", "{e}");
    assert!(e.to_string().contains("negative level"), "{e}");
    // The same through the values-only path (Monte Carlo) and the claim map.
    assert!(reo_lca::uncertainty::McRun::new(&s, 1).is_err());
    // A process that makes more than it takes is fine.
    let ok = with(vec![
        process(
            "plant",
            vec![x("Dy2O3", 1.0)],
            vec![x("solvent", 1.0)],
            vec![x("co2_fossil", 1.0)],
        ),
        process(
            "loop",
            vec![x("solvent", 2.0)],
            vec![x("solvent", 1.0)],
            vec![x("co2_fossil", 5.0)],
        ),
    ]);
    let c = compare(&ok).unwrap();
    assert!(
        (c.recycled.total - 6.0).abs() < 1e-12,
        "{}",
        c.recycled.total
    );
    // Substitution credits still run negative by design.
    let mut sub = Scenario::preset("ionic-missouri-ndpr");
    sub.recycling_rule = Some("substitution".into());
    assert!(compare(&sub).is_ok());
}

#[test]
fn custom_systems_are_capped_before_planning_grows() {
    // Three layers of 200-output processes: about 600 products.
    let layer = |name: &str, next: Option<&str>| {
        let outs = (0..200).map(|i| x(&format!("{name}{i}"), 1.0)).collect();
        let ins = match next {
            Some(n) => (0..199).map(|i| x(&format!("{n}{i}"), 1.0)).collect(),
            None => vec![x("electricity_site", 1.0)],
        };
        process(name, outs, ins, vec![x("co2_fossil", 1.0)])
    };
    let top = process(
        "plant",
        vec![x("Dy2O3", 1.0)],
        (0..199).map(|i| x(&format!("a{i}"), 1.0)).collect(),
        vec![],
    );
    let s = with(vec![
        top,
        layer("a", Some("b")),
        layer("b", Some("c")),
        layer("c", None),
    ]);
    let e = compare(&s).unwrap_err();
    assert!(
        matches!(e, Error::TooLarge { max, .. } if max == MAX_SYSTEM_PRODUCTS),
        "{e}"
    );
    assert_eq!(e.field(), "inventory");
}

/// `plant` makes 1 kg Dy2O3 from `need` units of an intermediate; 1 unit of the intermediate
/// emits `per` kg CO2.
fn chain(need: f64, out: f64, per: f64) -> Scenario {
    with(vec![
        process("plant", vec![x("Dy2O3", 1.0)], vec![x("mid", need)], vec![]),
        process(
            "mid",
            vec![x("mid", out)],
            vec![],
            vec![x("co2_fossil", per)],
        ),
    ])
}

#[test]
fn conditioning_does_not_depend_on_units() {
    // 2 kg of the intermediate at 3 kg CO2 each; then in g (2000 g, 1000 g per operation);
    // then in t (0.002 t, 0.001 t per operation).
    let kg = compare(&chain(2.0, 1.0, 3.0)).unwrap();
    let g = compare(&chain(2000.0, 1000.0, 3.0)).unwrap();
    let t = compare(&chain(0.002, 0.001, 3.0)).unwrap();
    for c in [&g, &t] {
        assert!((c.recycled.total - kg.recycled.total).abs() < 1e-12 * kg.recycled.total);
        // The scalings are powers of two, so the equilibrated matrices agree up to a factor of
        // two per row and column.
        let ratio = c.recycled.condition / kg.recycled.condition;
        assert!(
            (0.25..=4.0).contains(&ratio),
            "{} vs {}",
            c.recycled.condition,
            kg.recycled.condition
        );
    }
    // A chain that needs 1e12 units of a very light intermediate is well posed.
    let big = compare(&chain(1e12, 1.0, 1e-12)).unwrap();
    assert!(
        (big.recycled.total - 1.0).abs() < 1e-9,
        "{}",
        big.recycled.total
    );
    // A truly singular system is still refused.
    let singular = with(vec![
        process("plant", vec![x("Dy2O3", 1.0)], vec![x("loop", 1.0)], vec![]),
        process("a", vec![x("loop", 1.0)], vec![x("Dy2O3", 1.0)], vec![]),
    ]);
    assert!(matches!(
        compare(&singular),
        Err(Error::SingularSystem { .. } | Error::IllConditioned { .. })
    ));
}

#[test]
fn messages_are_short_and_readable() {
    let mut s = Scenario::preset("ionic-missouri");
    s.overrides.insert("gridSrmw".into(), -1e-300);
    let m = compare(&s).unwrap_err().to_string();
    assert!(m.ends_with("got -1e-300"), "{m}");
    s.overrides.insert("gridSrmw".into(), 1e300);
    let m = compare(&s).unwrap_err().to_string();
    assert!(m.ends_with("got 1e300") && m.len() < 100, "{m}");
    // Errors never exceed the cap, whatever they quote.
    let e = Error::SingularSystem {
        products: (0..1000).map(|i| format!("product-{i}")).collect(),
    };
    let m = e.to_string();
    assert!(
        m.contains("and 995 more") && m.chars().count() <= reo_lca::text::MAX_MESSAGE + 1,
        "{m}"
    );
    assert!(e.field().len() < 200, "{}", e.field());
    let e = Error::InvalidShape {
        field: "x".into(),
        reason: "y".repeat(5000),
    };
    assert_eq!(
        e.to_string().chars().count(),
        reo_lca::text::MAX_MESSAGE + 1
    );
    // The share link's notice quotes at most 60 characters of the versions it was made with.
    let d = share::decode(&format!("v=1~e={}~d=x~p=ionic-missouri", "9".repeat(3000))).unwrap();
    let notice = d.notice.unwrap();
    assert!(notice.len() < 300, "{}", notice.len());
}
