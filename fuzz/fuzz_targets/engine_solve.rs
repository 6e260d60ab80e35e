//! The matrix engine on its own: small product systems with arbitrary (including
//! out-of-range) triplets and awkward values. `solve` must return a typed error or a solution
//! whose numbers are all finite, and the contribution analyses of a solution must not panic.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use reo_lca::engine::{
    solve, FlowLabel, Origin, ProcessLabel, ProductLabel, ProductSystem, Triplet,
};

#[path = "common.rs"]
#[allow(dead_code)]
mod common;

const VALUES: &[f64] = &[
    0.0,
    1.0,
    -1.0,
    0.5,
    -0.5,
    2.0,
    1.0 + 1e-9,
    -1.0 + 1e-9,
    1e-12,
    -1e-12,
    1e12,
    -1e12,
    1e300,
    -1e300,
    5e-324,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
];

fn value(u: &mut Unstructured) -> Result<f64> {
    if u.ratio(1, 6)? {
        Ok(f64::from_bits(u.arbitrary::<u64>()?))
    } else {
        Ok(VALUES[u.choose_index(VALUES.len())?])
    }
}

fn triplets(u: &mut Unstructured, rows: usize, cols: usize, max: usize) -> Result<Vec<Triplet>> {
    let k = u.int_in_range(0..=max)?;
    (0..k)
        .map(|_| {
            // Mostly in range; sometimes one past the end, as a malformed system would be.
            Ok(Triplet {
                row: u.int_in_range(0..=rows)?,
                col: u.int_in_range(0..=cols)?,
                value: value(u)?,
            })
        })
        .collect()
}

fn system(u: &mut Unstructured) -> Result<ProductSystem> {
    let n = u.int_in_range(0..=8)?;
    let m = if u.ratio(1, 10)? {
        u.int_in_range(0..=8)?
    } else {
        n
    };
    let nf = u.int_in_range(0..=3)?;
    let products = (0..n)
        .map(|i| ProductLabel {
            id: format!("p{i}"),
            name: String::new(),
            unit: "kg".into(),
        })
        .collect();
    let processes = (0..m)
        .map(|j| ProcessLabel {
            id: format!("q{j}"),
            name: String::new(),
            stage: if j % 2 == 0 {
                "fg".into()
            } else {
                "background".into()
            },
            background: j % 2 == 1,
            allocation: None,
        })
        .collect();
    let flows = (0..nf)
        .map(|k| FlowLabel {
            id: format!("f{k}"),
            name: String::new(),
            unit: "kg".into(),
            origin: Origin::Fossil,
        })
        .collect();
    let mut technosphere = Vec::new();
    if u.arbitrary()? {
        // Start from an identity so that most systems are solvable and the rest perturbs them.
        technosphere.extend((0..n.min(m)).map(|i| Triplet {
            row: i,
            col: i,
            value: 1.0,
        }));
    }
    technosphere.extend(triplets(u, n, m, 24)?);
    let biosphere = triplets(u, nf, m, 8)?;
    let nc = if u.ratio(1, 10)? {
        u.int_in_range(0..=4)?
    } else {
        nf
    };
    let characterisation = (0..nc).map(|_| value(u)).collect::<Result<_>>()?;
    let nd = if u.ratio(1, 10)? {
        u.int_in_range(0..=9)?
    } else {
        n
    };
    let demand = (0..nd)
        .map(|i| if i == 0 { Ok(1.0) } else { value(u) })
        .collect::<Result<_>>()?;
    Ok(ProductSystem {
        products,
        processes,
        flows,
        technosphere,
        biosphere,
        characterisation,
        demand,
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(sys) = system(&mut u) else {
        return;
    };
    match solve(&sys) {
        Ok(sol) => {
            assert!(sol.impact.is_finite(), "impact {}", sol.impact);
            assert!(
                sol.condition.is_finite() && sol.condition <= reo_lca::engine::lca::MAX_CONDITION
            );
            for (name, xs) in [
                ("scaling", &sol.scaling),
                ("inventory", &sol.inventory),
                ("impact_by_flow", &sol.impact_by_flow),
                ("product_intensity", &sol.product_intensity),
            ] {
                assert!(xs.iter().all(|x| x.is_finite()), "{name}: {xs:?}");
            }
            let _ = sol.contributions(&sys);
            let _ = sol.stage_flows(&sys);
        }
        Err(e) => common::check_error(&e),
    }
});
