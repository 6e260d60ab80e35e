//! Descriptive statistics of samples: mean, standard deviation, quantiles.

use serde::Serialize;

/// `Φ⁻¹(0.975)`, for 95 % intervals.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Summary statistics of one quantity.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Value at the scenario's deterministic inputs.
    pub deterministic: Option<f64>,
    pub mean: f64,
    /// Sample standard deviation (n − 1).
    pub sd: f64,
    /// Standard error of the mean, `sd/√n`.
    pub std_error: f64,
    pub median: f64,
    pub p5: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
}

impl Stats {
    /// Statistics of `xs` (NaN fields when `xs` is empty).
    pub fn of(deterministic: Option<f64>, xs: &[f64]) -> Stats {
        let n = xs.len();
        let (mean, sd) = mean_sd(xs);
        let mut s = xs.to_vec();
        crate::order::sort_f64(&mut s);
        Stats {
            deterministic,
            mean,
            sd,
            std_error: if n > 0 {
                sd / (n as f64).sqrt()
            } else {
                f64::NAN
            },
            median: quantile_sorted(&s, 0.5),
            p5: quantile_sorted(&s, 0.05),
            p95: quantile_sorted(&s, 0.95),
            min: s.first().copied().unwrap_or(f64::NAN),
            max: s.last().copied().unwrap_or(f64::NAN),
        }
    }
}

/// Mean and sample standard deviation (two-pass).
pub fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len();
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    if n == 1 {
        return (mean, 0.0);
    }
    let ss: f64 = xs.iter().map(|x| (x - mean) * (x - mean)).sum();
    (mean, (ss / (n - 1) as f64).sqrt())
}

/// The `p`-quantile of sorted `s` by linear interpolation between order statistics
/// (`h = (n − 1)·p`, Hyndman–Fan type 7); NaN if `s` is empty.
///
/// ```
/// use reo_lca::stats::descriptive::quantile_sorted;
/// assert_eq!(quantile_sorted(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
/// assert_eq!(quantile_sorted(&[1.0, 2.0, 3.0, 4.0], 0.05), 1.15);
/// ```
pub fn quantile_sorted(s: &[f64], p: f64) -> f64 {
    if s.is_empty() {
        return f64::NAN;
    }
    let h = (s.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(s.len() - 1);
    s[lo] + (h - lo as f64) * (s[hi] - s[lo])
}
