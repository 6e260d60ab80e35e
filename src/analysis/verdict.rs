//! The reduction of a comparison and whether a stated reduction holds.

/// Slack below the stated reduction within which it still counts as reached (rounding of the
/// percentage, 1e-9 percentage points).
pub const HOLDS_TOLERANCE: f64 = 1e-9;

/// `(mined − recycled) / mined × 100`, rounded to 1e-9 percentage points, or `None` if the
/// mined total is not positive or either total is not finite.
///
/// ```
/// use reo_lca::analysis::verdict::reduction_percent;
/// assert_eq!(reduction_percent(10.0, 3.9), Some(61.0));
/// assert_eq!(reduction_percent(0.0, 3.9), None);
/// ```
pub fn reduction_percent(mined: f64, recycled: f64) -> Option<f64> {
    if mined > 0.0 && mined.is_finite() && recycled.is_finite() {
        let r = (mined - recycled) / mined * 100.0;
        Some((r * 1e9).round() / 1e9)
    } else {
        None
    }
}

/// Whether a computed reduction reaches the stated one (both in %).
///
/// ```
/// use reo_lca::analysis::verdict::holds;
/// assert!(holds(Some(61.0), 61.0));
/// assert!(!holds(Some(60.9), 61.0));
/// assert!(!holds(None, 0.0));
/// ```
pub fn holds(reduction: Option<f64>, stated: f64) -> bool {
    reduction.is_some_and(|x| x >= stated - HOLDS_TOLERANCE)
}
