//! Least-squares fits for global sensitivity: standardised regression coefficients (SRC)
//! from sums accumulated one sample at a time.
#![allow(clippy::needless_range_loop)] // index loops mirror the sums they accumulate
use crate::engine::lu::Lu;

/// Sums for a least-squares fit of `q` outputs on `k` inputs, accumulated one sample at a
/// time (no sample is stored). Inputs should be roughly centred by the caller; outputs are
/// shifted by their first value to limit cancellation.
#[derive(Debug, Clone)]
pub struct Accumulator {
    k: usize,
    q: usize,
    n: f64,
    sx: Vec<f64>,
    /// Upper triangle of Σ x xᵀ, row-major k × k.
    sxx: Vec<f64>,
    y0: Vec<f64>,
    sy: Vec<f64>,
    syy: Vec<f64>,
    /// Σ x·y, q × k.
    sxy: Vec<f64>,
}

/// One fitted output.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// Standardised regression coefficient of each input (0 for an input that did not
    /// vary); NaN when the fit is impossible.
    pub src: Vec<f64>,
    /// Coefficient of determination.
    pub r2: f64,
}

impl Accumulator {
    pub fn new(k: usize, q: usize) -> Accumulator {
        Accumulator {
            k,
            q,
            n: 0.0,
            sx: vec![0.0; k],
            sxx: vec![0.0; k * k],
            y0: Vec::new(),
            sy: vec![0.0; q],
            syy: vec![0.0; q],
            sxy: vec![0.0; q * k],
        }
    }

    /// Adds one sample: inputs `x` (length k) and outputs `y` (length q); a sample of
    /// another shape is refused (`false`).
    pub fn add(&mut self, x: &[f64], y: &[f64]) -> bool {
        let k = self.k;
        if x.len() != k || y.len() != self.q {
            return false;
        }
        if self.y0.is_empty() {
            self.y0 = y.to_vec();
        }
        self.n += 1.0;
        for i in 0..k {
            let xi = x[i];
            self.sx[i] += xi;
            let row = &mut self.sxx[i * k..(i + 1) * k];
            for j in i..k {
                row[j] += xi * x[j];
            }
        }
        for o in 0..self.q {
            let yo = y[o] - self.y0[o];
            self.sy[o] += yo;
            self.syy[o] += yo * yo;
            let row = &mut self.sxy[o * k..(o + 1) * k];
            for i in 0..k {
                row[i] += x[i] * yo;
            }
        }
        true
    }

    /// Fits every output: solves `R_xx·β = r_xy` on the correlation matrix of the inputs
    /// that varied; `R² = β·r_xy`.
    pub fn fit(&self) -> Vec<Fit> {
        let (k, n) = (self.k, self.n);
        let nan = |k| Fit {
            src: vec![f64::NAN; k],
            r2: f64::NAN,
        };
        if n < 3.0 {
            return (0..self.q).map(|_| nan(k)).collect();
        }
        let mean: Vec<f64> = self.sx.iter().map(|s| s / n).collect();
        let cov = |i: usize, j: usize| {
            let (a, b) = if i <= j { (i, j) } else { (j, i) };
            (self.sxx[a * k + b] - n * mean[a] * mean[b]) / (n - 1.0)
        };
        let sd: Vec<f64> = (0..k).map(|i| cov(i, i).max(0.0).sqrt()).collect();
        let active: Vec<usize> = (0..k)
            .filter(|&i| sd[i] > 1e-12 * (mean[i].abs() + 1.0))
            .collect();
        let m = active.len();
        let mut corr = vec![0.0; m * m];
        for (a, &i) in active.iter().enumerate() {
            for (b, &j) in active.iter().enumerate() {
                corr[a * m + b] = cov(i, j) / (sd[i] * sd[j]);
            }
        }
        let lu = if m > 0 {
            Lu::factor(m, corr).ok()
        } else {
            None
        };
        (0..self.q)
            .map(|o| {
                let my = self.sy[o] / n;
                let vy = (self.syy[o] - n * my * my) / (n - 1.0);
                if vy.is_nan() || vy <= 0.0 || m == 0 {
                    return Fit {
                        src: vec![0.0; k],
                        r2: f64::NAN,
                    };
                }
                let sdy = vy.sqrt();
                let rxy: Vec<f64> = active
                    .iter()
                    .map(|&i| (self.sxy[o * k + i] - n * mean[i] * my) / (n - 1.0) / (sd[i] * sdy))
                    .collect();
                let Some(lu) = &lu else {
                    return nan(k);
                };
                let mut beta = rxy.clone();
                lu.solve(&mut beta);
                let r2: f64 = beta.iter().zip(&rxy).map(|(b, r)| b * r).sum();
                let mut src = vec![0.0; k];
                for (a, &i) in active.iter().enumerate() {
                    src[i] = beta[a];
                }
                Fit { src, r2 }
            })
            .collect()
    }
}
