//! Hand-computed small systems: the engine must reproduce values worked out on paper.

use reo_lca::engine::*;
use reo_lca::Error;

use crate::support::{flow, process, product, t};

/// Two processes in a chain: electricity (0.5 kg CO2/kWh) and a product that needs 2 kWh and
/// emits 1 kg CO2 and 0.01 kg CH4 (GWP 29.8) per kg.
/// By hand: s = [1, 2]; g_CO2 = 1 + 2·0.5 = 2, g_CH4 = 0.01; h = 2 + 0.298 = 2.298.
fn chain() -> ProductSystem {
    ProductSystem {
        products: vec![product("x"), product("kwh")],
        processes: vec![
            process("make x", "foreground"),
            process("grid", "background"),
        ],
        flows: vec![flow("co2"), flow("ch4")],
        technosphere: vec![t(0, 0, 1.0), t(1, 0, -2.0), t(1, 1, 1.0)],
        biosphere: vec![t(0, 0, 1.0), t(1, 0, 0.01), t(0, 1, 0.5)],
        characterisation: vec![1.0, 29.8],
        demand: vec![1.0, 0.0],
    }
}

#[test]
fn chain_matches_hand_calculation() {
    let sys = chain();
    let s = solve(&sys).unwrap();
    assert_eq!(s.scaling, vec![1.0, 2.0]);
    assert!((s.inventory[0] - 2.0).abs() < 1e-15);
    assert!((s.inventory[1] - 0.01).abs() < 1e-15);
    assert!((s.impact - 2.298).abs() < 1e-12);
    // λ: impact per unit of each product: kWh 0.5, x 2.298
    assert!((s.product_intensity[1] - 0.5).abs() < 1e-15);
    assert!((s.product_intensity[0] - 2.298).abs() < 1e-12);
    // Tiered contributions: x's direct emissions 1.298, its electricity input 1.0.
    let c = s.contributions(&sys);
    let direct: f64 = c
        .iter()
        .filter(|c| c.kind == ContributionKind::Emission)
        .map(|c| c.impact)
        .sum();
    let input: f64 = c
        .iter()
        .filter(|c| c.kind == ContributionKind::Input)
        .map(|c| c.impact)
        .sum();
    assert!((direct - 1.298).abs() < 1e-12);
    assert!((input - 1.0).abs() < 1e-12);
    let by_stage: f64 = s.stage_flows(&sys).iter().map(|x| x.3).sum();
    assert!((by_stage - s.impact).abs() < 1e-12);
}

/// A loop: steel needs 0.1 kWh per kg, electricity needs 0.2 kg steel per kWh.
/// A = [[1, -0.2], [-0.1, 1]], f = [1, 0] → s_steel = 1/(1-0.02) = 1.0204…, s_kWh = 0.1·s_steel.
/// Emissions: steel 2 kg CO2/kg, electricity 0.5 kg/kWh. h = 2·s1 + 0.5·s2 = 2.05·s1.
#[test]
fn loop_matches_hand_calculation() {
    let sys = ProductSystem {
        products: vec![product("steel"), product("kwh")],
        processes: vec![process("steel", "a"), process("power", "b")],
        flows: vec![flow("co2")],
        technosphere: vec![t(0, 0, 1.0), t(1, 0, -0.1), t(0, 1, -0.2), t(1, 1, 1.0)],
        biosphere: vec![t(0, 0, 2.0), t(0, 1, 0.5)],
        characterisation: vec![1.0],
        demand: vec![1.0, 0.0],
    };
    let s = solve(&sys).unwrap();
    let s1 = 1.0 / 0.98;
    assert!((s.scaling[0] - s1).abs() < 1e-14);
    assert!((s.scaling[1] - 0.1 * s1).abs() < 1e-14);
    assert!((s.impact - 2.05 * s1).abs() < 1e-13);
}

/// Three processes where a shared input feeds two others (a diamond), demand on two products.
/// P1 makes a (needs 1 b, 2 c), P2 makes b (needs 1 c), P3 makes c. Emissions 1, 2, 3 kg CO2.
/// f = [1, 1, 0]: s_a = 1, s_b = 2, s_c = 2 + 2 = 4; h = 1 + 4 + 12 = 17.
#[test]
fn diamond_with_two_demands() {
    let sys = ProductSystem {
        products: vec![product("a"), product("b"), product("c")],
        processes: vec![process("P1", "s"), process("P2", "s"), process("P3", "s")],
        flows: vec![flow("co2")],
        technosphere: vec![
            t(0, 0, 1.0),
            t(1, 0, -1.0),
            t(2, 0, -2.0),
            t(1, 1, 1.0),
            t(2, 1, -1.0),
            t(2, 2, 1.0),
        ],
        biosphere: vec![t(0, 0, 1.0), t(0, 1, 2.0), t(0, 2, 3.0)],
        characterisation: vec![1.0],
        demand: vec![1.0, 1.0, 0.0],
    };
    let s = solve(&sys).unwrap();
    for (x, y) in s.scaling.iter().zip([1.0, 2.0, 4.0]) {
        assert!((x - y).abs() < 1e-14, "{x} vs {y}");
    }
    assert!((s.impact - 17.0).abs() < 1e-13);
}

#[test]
fn doubling_demand_doubles_every_result() {
    let mut sys = chain();
    let a = solve(&sys).unwrap();
    sys.demand = vec![2.0, 0.0];
    let b = solve(&sys).unwrap();
    for (x, y) in a.scaling.iter().zip(&b.scaling) {
        assert!((2.0 * x - y).abs() < 1e-14);
    }
    for (x, y) in a.inventory.iter().zip(&b.inventory) {
        assert!((2.0 * x - y).abs() < 1e-14);
    }
    assert!((2.0 * a.impact - b.impact).abs() < 1e-13);
}

#[test]
fn singular_system_names_the_products() {
    // Product "kwh" is consumed but nobody makes it: the process column for it produces x.
    let sys = ProductSystem {
        products: vec![product("x"), product("kwh")],
        processes: vec![process("make x", "s"), process("make x again", "s")],
        flows: vec![flow("co2")],
        technosphere: vec![t(0, 0, 1.0), t(1, 0, -2.0), t(0, 1, 1.0), t(1, 1, -2.0)],
        biosphere: vec![t(0, 0, 1.0)],
        characterisation: vec![1.0],
        demand: vec![1.0, 0.0],
    };
    match solve(&sys) {
        Err(Error::SingularSystem { products }) => assert_eq!(products, vec!["kwh".to_string()]),
        other => panic!("expected a singular system, got {other:?}"),
    }
    // Two identical columns that each make both products: no zero row, but singular.
    let sys2 = ProductSystem {
        technosphere: vec![t(0, 0, 1.0), t(1, 0, 1.0), t(0, 1, 2.0), t(1, 1, 2.0)],
        ..sys
    };
    let e = solve(&sys2).unwrap_err();
    assert!(matches!(e, Error::SingularSystem { .. }));
    assert!(e.to_string().contains("technosphere"), "{e}");
    assert!(e.field().contains('x') || e.field().contains("kwh"));
}

#[test]
fn ill_conditioned_system_is_rejected() {
    let eps = 1e-12;
    let sys = ProductSystem {
        products: vec![product("x"), product("y")],
        processes: vec![process("p", "s"), process("q", "s")],
        flows: vec![flow("co2")],
        technosphere: vec![t(0, 0, 1.0), t(1, 0, 1.0), t(0, 1, 1.0), t(1, 1, 1.0 + eps)],
        biosphere: vec![t(0, 0, 1.0)],
        characterisation: vec![1.0],
        demand: vec![1.0, 0.0],
    };
    let e = solve(&sys).unwrap_err();
    assert!(
        matches!(e, Error::IllConditioned { .. }),
        "expected ill-conditioned, got {e:?}"
    );
}

#[test]
fn non_square_and_empty_systems_are_shape_errors() {
    let mut sys = chain();
    sys.processes.pop();
    let e = solve(&sys).unwrap_err();
    assert_eq!(e.field(), "technosphere");
    assert!(e.to_string().contains("square"));
    let empty = ProductSystem::default();
    assert!(matches!(
        solve(&empty).unwrap_err(),
        Error::InvalidShape { .. }
    ));
}

#[test]
fn lu_transpose_solve_matches_explicit_transpose() {
    use reo_lca::engine::lu::Lu;
    let a = vec![4.0, -2.0, 1.0, 3.0, 6.0, -4.0, 2.0, 1.0, 8.0];
    let lu = Lu::factor(3, a.clone()).unwrap();
    let mut x = vec![1.0, 2.0, 3.0];
    lu.solve_transpose(&mut x);
    // check Aᵀ x = b
    for i in 0..3 {
        let s: f64 = (0..3).map(|j| a[j * 3 + i] * x[j]).sum();
        assert!((s - [1.0, 2.0, 3.0][i]).abs() < 1e-12);
    }
    // Condition estimate within a factor 3 of the exact 1-norm condition number.
    let mut inv = vec![0.0; 9];
    for c in 0..3 {
        let mut e = vec![0.0; 3];
        e[c] = 1.0;
        lu.solve(&mut e);
        for r in 0..3 {
            inv[r * 3 + c] = e[r];
        }
    }
    let norm1 = |m: &[f64]| {
        (0..3)
            .map(|j| (0..3).map(|i| m[i * 3 + j].abs()).sum::<f64>())
            .fold(0.0, f64::max)
    };
    let exact = norm1(&a) * norm1(&inv);
    let est = lu.condition_estimate();
    assert!(
        est <= exact * (1.0 + 1e-12) && est >= exact / 3.0,
        "{est} vs {exact}"
    );
}

/// The structured solver of `engine::fast` on small hand-made patterns.
mod fast {
    use reo_lca::engine::fast::{SolveFailure, SparseEntry, Structure};

    fn e(biosphere: bool, row: usize, col: usize, output: bool) -> SparseEntry {
        SparseEntry {
            biosphere,
            row,
            col,
            output,
        }
    }

    #[test]
    fn loop_falls_back_to_dense_and_agrees() {
        // x needs 0.2 y, y needs 0.1 x: a loop.
        let entries = [
            e(false, 0, 0, true),
            e(false, 1, 0, false),
            e(false, 1, 1, true),
            e(false, 0, 1, false),
            e(true, 0, 0, false),
            e(true, 0, 1, false),
        ];
        let st = Structure::new(2, 2, &entries, &[1.0], &[1.0, 0.0]);
        assert!(!st.is_triangular());
        let v = [1.0, -0.2, 1.0, -0.1, 2.0, 5.0];
        let mut ws = st.workspace();
        let h = st.impact_and_adjoint(&v, &mut ws).unwrap();
        // s = A⁻¹ f with A = [[1, -0.1], [-0.2, 1]]: det 0.98, s = [1, 0.2] / 0.98
        let s = [1.0 / 0.98, 0.2 / 0.98];
        assert!((h - (2.0 * s[0] + 5.0 * s[1])).abs() < 1e-12);
        // λ = A⁻ᵀ (Bᵀc) = the impact per unit of each product; λ_0 = h for f = e_0.
        assert!((ws.lambda[0] - h).abs() < 1e-12);
    }

    #[test]
    fn substitution_pattern_is_triangular() {
        // Column 0 makes product 0 and co-product 1; column 1 also makes product 1 (credit).
        let entries = [
            e(false, 1, 0, true),
            e(false, 0, 0, true),
            e(false, 1, 1, true),
            e(true, 0, 0, false),
            e(true, 0, 1, false),
        ];
        let st = Structure::new(2, 2, &entries, &[1.0], &[1.0, 0.0]);
        assert!(st.is_triangular());
        assert_eq!(st.reference_rows(), Some(&[0usize, 1][..]));
        let mut ws = st.workspace();
        let h = st.impact(&[0.5, 1.0, 1.0, 4.0, 3.0], &mut ws).unwrap();
        // s0 = 1, s1 = -0.5 (credit): h = 4 - 1.5
        assert!((h - 2.5).abs() < 1e-15);
        assert!(st.condition_estimate(&[0.5, 1.0, 1.0, 4.0, 3.0], &mut ws) >= 1.0);
    }

    #[test]
    fn zero_pivot_and_shape_are_reported() {
        let entries = [e(false, 0, 0, true), e(true, 0, 0, false)];
        let st = Structure::new(1, 1, &entries, &[1.0], &[1.0]);
        let mut ws = st.workspace();
        assert_eq!(
            st.impact(&[0.0, 1.0], &mut ws),
            Err(SolveFailure::ZeroPivot(0))
        );
        assert_eq!(st.impact(&[1.0], &mut ws), Err(SolveFailure::Shape));
        let bad = Structure::new(1, 2, &entries, &[1.0], &[1.0]);
        assert_eq!(bad.impact(&[1.0, 1.0], &mut ws), Err(SolveFailure::Shape));
    }
}
