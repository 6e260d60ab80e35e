//! Checks shared by the fuzz targets: what every answer of the public API must satisfy.

use reo_lca::analysis::compare::{ensure_finite, Comparison};
use reo_lca::Error;

/// An error must name a field (or the products at fault) and print without panicking.
pub fn check_error(e: &Error) {
    let field = e.field();
    assert!(!field.is_empty(), "error without a field: {e:?}");
    let msg = e.to_string();
    assert!(!msg.is_empty(), "error without a message: {e:?}");
    let _ = e.class();
}

/// A comparison must hold only finite numbers and a condition estimate below the rejection
/// threshold.
pub fn check_comparison(c: &Comparison) {
    assert_eq!(ensure_finite(c), Ok(()), "non-finite comparison");
    for r in [&c.mined, &c.recycled] {
        assert!(r.total.is_finite(), "{}: total {}", r.route, r.total);
        assert!(
            r.condition.is_finite() && r.condition <= reo_lca::engine::lca::MAX_CONDITION,
            "{}: condition {}",
            r.route,
            r.condition
        );
        // The stages add up to the total, or the comparison says they do not.
        let stages: f64 = r.by_stage.iter().map(|s| s.impact).sum();
        let scale = r.total.abs() + r.by_stage.iter().map(|s| s.impact.abs()).sum::<f64>();
        let warned = c
            .warnings
            .iter()
            .any(|w| w.starts_with(&format!("The {} route's stages add up to", r.kind)));
        assert!(
            (stages - r.total).abs() <= 1e-9 * scale || warned,
            "{}: stages sum to {stages}, total {}, no warning",
            r.route,
            r.total
        );
        for a in &r.allocations {
            assert!(a.factor.is_finite(), "{}: allocation {}", r.route, a.factor);
        }
    }
    if let Some(x) = c.reduction_percent {
        assert!(x.is_finite());
    }
}

/// Runs a comparison and checks whichever answer it gives.
pub fn compare_and_check(s: &reo_lca::Scenario) -> Option<Comparison> {
    match reo_lca::compare(s) {
        Ok(c) => {
            check_comparison(&c);
            Some(c)
        }
        Err(e) => {
            check_error(&e);
            None
        }
    }
}
