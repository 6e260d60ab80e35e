//! Dense LU factorisation with partial pivoting.
//!
//! Why a hand-written dense LU: the built-in product systems have 20–60 products. A dense
//! factorisation costs `n³/3` ≈ 72,000 flops at n = 60 (well under a millisecond in wasm) and
//! compiles to a few kilobytes; general-purpose linear-algebra crates add hundreds of kilobytes
//! to the WebAssembly module for no measurable gain at this size (see BENCHMARKS.md). The
//! factors are kept: Monte Carlo draws that change only the biosphere reuse them, and the
//! adjoint (sensitivity) solve `Aᵀλ = c` uses the same factors transposed.
#![allow(clippy::needless_range_loop)] // index loops mirror the textbook algorithm

use crate::order;

/// `P·A = L·U` for a square matrix stored row-major.
#[derive(Debug, Clone)]
pub struct Lu {
    n: usize,
    /// L (unit diagonal, below) and U (on and above the diagonal), row-major.
    lu: Vec<f64>,
    /// Row `i` of the factorisation is row `perm[i]` of the original matrix.
    perm: Vec<usize>,
    /// 1-norm of the original matrix (for the condition estimate).
    norm1: f64,
}

/// Why a factorisation failed: the elimination step (column) with no usable pivot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SingularAt(pub usize);

impl Lu {
    /// Factorises the `n × n` row-major matrix `a`. A pivot smaller than `n · ε` times the
    /// largest entry of its column counts as zero (a tolerance relative to the column, so that
    /// the units a column is written in do not decide whether the system is singular).
    ///
    /// ```
    /// use reo_lca::engine::lu::Lu;
    /// // [[2, 1], [1, 3]] x = [3, 4]  →  x = [1, 1]
    /// let lu = Lu::factor(2, vec![2.0, 1.0, 1.0, 3.0]).unwrap();
    /// let mut b = vec![3.0, 4.0];
    /// lu.solve(&mut b);
    /// assert!((b[0] - 1.0).abs() < 1e-12 && (b[1] - 1.0).abs() < 1e-12);
    /// ```
    pub fn factor(n: usize, mut a: Vec<f64>) -> Result<Lu, SingularAt> {
        if a.len() != n * n {
            return Err(SingularAt(0));
        }
        let mut norm1 = 0.0f64;
        for j in 0..n {
            let s: f64 = (0..n).map(|i| a[i * n + j].abs()).sum();
            norm1 = norm1.max(s);
        }
        let colmax: Vec<f64> = (0..n)
            .map(|j| (0..n).fold(0.0f64, |m, i| m.max(a[i * n + j].abs())))
            .collect();
        let eps = (n.max(1) as f64) * f64::EPSILON;
        let mut perm: Vec<usize> = (0..n).collect();
        for k in 0..n {
            let tol = eps * colmax[k];
            let (mut p, mut best) = (k, a[k * n + k].abs());
            for i in k + 1..n {
                let v = a[i * n + k].abs();
                if v > best {
                    best = v;
                    p = i;
                }
            }
            if best.is_nan() || best <= tol {
                return Err(SingularAt(k));
            }
            if p != k {
                for j in 0..n {
                    a.swap(k * n + j, p * n + j);
                }
                perm.swap(k, p);
            }
            let pivot = a[k * n + k];
            for i in k + 1..n {
                let f = a[i * n + k] / pivot;
                if f != 0.0 {
                    a[i * n + k] = f;
                    for j in k + 1..n {
                        a[i * n + j] -= f * a[k * n + j];
                    }
                } else {
                    a[i * n + k] = 0.0;
                }
            }
        }
        Ok(Lu {
            n,
            lu: a,
            perm,
            norm1,
        })
    }

    /// Order of the matrix.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Solves `A·x = b` in place.
    pub fn solve(&self, b: &mut [f64]) {
        let n = self.n;
        let mut x: Vec<f64> = self.perm.iter().map(|&p| b[p]).collect();
        for i in 0..n {
            let mut s = x[i];
            for j in 0..i {
                s -= self.lu[i * n + j] * x[j];
            }
            x[i] = s;
        }
        for i in (0..n).rev() {
            let mut s = x[i];
            for j in i + 1..n {
                s -= self.lu[i * n + j] * x[j];
            }
            x[i] = s / self.lu[i * n + i];
        }
        b[..n].copy_from_slice(&x);
    }

    /// Solves `Aᵀ·x = b` in place (the adjoint system).
    pub fn solve_transpose(&self, b: &mut [f64]) {
        let n = self.n;
        // Aᵀ = Uᵀ Lᵀ P  →  Uᵀ y = b, Lᵀ z = y, x = Pᵀ z
        let mut y = b[..n].to_vec();
        for i in 0..n {
            let mut s = y[i];
            for j in 0..i {
                s -= self.lu[j * n + i] * y[j];
            }
            y[i] = s / self.lu[i * n + i];
        }
        for i in (0..n).rev() {
            let mut s = y[i];
            for j in i + 1..n {
                s -= self.lu[j * n + i] * y[j];
            }
            y[i] = s;
        }
        for (i, &p) in self.perm.iter().enumerate() {
            b[p] = y[i];
        }
    }

    /// Estimate of the 1-norm condition number `‖A‖₁·‖A⁻¹‖₁` (Hager's method, as in LAPACK's
    /// `xGECON`): a lower bound that is almost always within a factor of 3 of the true value.
    pub fn condition_estimate(&self) -> f64 {
        let inv = estimate_inverse_norm1(
            self.n,
            |b| {
                self.solve(b);
                true
            },
            |b| {
                self.solve_transpose(b);
                true
            },
        );
        inv.map_or(f64::NAN, |e| e * self.norm1)
    }

    /// The condition estimate of the equilibrated matrix `R·A·C` (see [`Equilibration`]), from
    /// this factorisation of `A`: `‖RAC‖₁·‖C⁻¹A⁻¹R⁻¹‖₁`. It does not change when a row or a
    /// column of `A` is written in other units.
    pub fn scaled_condition_estimate(&self, eq: &Equilibration) -> f64 {
        let n = self.n;
        if eq.row.len() != n || eq.col.len() != n {
            return f64::NAN;
        }
        let inv = estimate_inverse_norm1(
            n,
            |b| {
                b.iter_mut().zip(&eq.row).for_each(|(x, r)| *x /= r);
                self.solve(b);
                b.iter_mut().zip(&eq.col).for_each(|(x, c)| *x /= c);
                true
            },
            |b| {
                b.iter_mut().zip(&eq.col).for_each(|(x, c)| *x /= c);
                self.solve_transpose(b);
                b.iter_mut().zip(&eq.row).for_each(|(x, r)| *x /= r);
                true
            },
        );
        inv.map_or(f64::NAN, |e| e * eq.norm1)
    }
}

/// Row and column scalings `R`, `C` (powers of two, so scaling is exact) that bring every row
/// and then every column of a matrix to a largest absolute entry between 0.5 and 2, and the
/// 1-norm of `R·A·C`. The condition of the scaled matrix measures how well the system is
/// posed, whatever units its products are counted in (kg, g or t).
///
/// ```
/// use reo_lca::engine::lu::{Equilibration, Lu};
/// // The same chain in kg and in g: x needs 2 kg (2000 g) of y.
/// let kg = [(0, 0, 1.0), (1, 0, -2.0), (1, 1, 1.0)];
/// let g = [(0, 0, 1.0), (1, 0, -2000.0), (1, 1, 1000.0)];
/// let lu = |t: &[(usize, usize, f64)]| {
///     let mut a = vec![0.0; 4];
///     for &(i, j, v) in t { a[i * 2 + j] += v; }
///     Lu::factor(2, a).unwrap()
/// };
/// let scaled = |t: &[(usize, usize, f64)]| {
///     lu(t).scaled_condition_estimate(&Equilibration::new(2, t.iter().copied()))
/// };
/// // Unscaled, the gram version looks a thousand times worse posed ...
/// assert!(lu(&g).condition_estimate() > 100.0 * lu(&kg).condition_estimate());
/// // ... scaled, both agree within the factor 2 per side that powers of two leave.
/// let (a, b) = (scaled(&kg), scaled(&g));
/// assert!(a.max(b) / a.min(b) <= 4.0, "{a} vs {b}");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Equilibration {
    pub row: Vec<f64>,
    pub col: Vec<f64>,
    pub norm1: f64,
}

impl Equilibration {
    /// From the entries `(row, col, value)` of an `n × n` matrix (duplicates add up).
    pub fn new(n: usize, entries: impl Iterator<Item = (usize, usize, f64)>) -> Equilibration {
        let pow2 = |m: f64| {
            if m > 0.0 && m.is_finite() {
                2f64.powi(-(m.log2().round() as i32))
            } else {
                1.0
            }
        };
        // Sum duplicates first: the scaling must see the entries the solver sees.
        let entries: Vec<(usize, usize, f64)> =
            entries.filter(|&(i, j, _)| i < n && j < n).collect();
        // Row by row in increasing order (a stable counting sort), duplicates of a row added in
        // their given order: below, a column's sum then takes its rows in increasing order, and
        // the maxima do not depend on the order.
        let rows: Vec<usize> = entries.iter().map(|e| e.0).collect();
        let ids: Vec<usize> = (0..entries.len()).collect();
        let mut a: Vec<(usize, usize, f64)> = Vec::with_capacity(entries.len());
        // slot[j]: where column j of the current row is in `a` (if at or after row_start).
        let mut slot = vec![usize::MAX; n];
        let (mut current, mut row_start) = (usize::MAX, 0);
        for k in order::bucket_order(&ids, &rows, n) {
            let (i, j, v) = entries[k];
            if i != current {
                current = i;
                row_start = a.len();
            }
            match slot[j] {
                s if s != usize::MAX && s >= row_start => a[s].2 += v,
                _ => {
                    slot[j] = a.len();
                    a.push((i, j, v));
                }
            }
        }
        let mut rmax = vec![0.0f64; n];
        for &(i, _, v) in &a {
            rmax[i] = rmax[i].max(v.abs());
        }
        let row: Vec<f64> = rmax.into_iter().map(pow2).collect();
        let mut cmax = vec![0.0f64; n];
        for &(i, j, v) in &a {
            cmax[j] = cmax[j].max((row[i] * v).abs());
        }
        let col: Vec<f64> = cmax.into_iter().map(pow2).collect();
        let mut sums = vec![0.0f64; n];
        for &(i, j, v) in &a {
            sums[j] += (row[i] * v * col[j]).abs();
        }
        Equilibration {
            row,
            col,
            norm1: sums.into_iter().fold(0.0, f64::max),
        }
    }
}

/// Hager's estimate of `‖A⁻¹‖₁` (as in LAPACK's `xGECON`) from in-place solves with `A`
/// (`solve`) and `Aᵀ` (`solve_transpose`); `None` when a solve fails. For `n = 0` it is 1.
///
/// ```
/// // A = diag(2, 4): ‖A⁻¹‖₁ = 0.5
/// let e = reo_lca::engine::lu::estimate_inverse_norm1(
///     2,
///     |b| { b[0] /= 2.0; b[1] /= 4.0; true },
///     |b| { b[0] /= 2.0; b[1] /= 4.0; true },
/// );
/// assert_eq!(e, Some(0.5));
/// ```
pub fn estimate_inverse_norm1(
    n: usize,
    mut solve: impl FnMut(&mut [f64]) -> bool,
    mut solve_transpose: impl FnMut(&mut [f64]) -> bool,
) -> Option<f64> {
    if n == 0 {
        return Some(1.0);
    }
    let mut x = vec![1.0 / n as f64; n];
    let mut est = 0.0;
    for _ in 0..5 {
        let mut y = x.clone();
        if !solve(&mut y) {
            return None;
        }
        let new_est: f64 = y.iter().map(|v| v.abs()).sum();
        let mut z: Vec<f64> = y
            .iter()
            .map(|v| if *v >= 0.0 { 1.0 } else { -1.0 })
            .collect();
        if !solve_transpose(&mut z) {
            return None;
        }
        let (jmax, zmax) = z.iter().enumerate().fold((0, 0.0f64), |(bj, bv), (j, v)| {
            if v.abs() > bv {
                (j, v.abs())
            } else {
                (bj, bv)
            }
        });
        let ztx: f64 = z.iter().zip(&x).map(|(a, b)| a * b).sum();
        if new_est <= est || zmax <= ztx {
            est = est.max(new_est);
            break;
        }
        est = new_est;
        x.iter_mut().for_each(|v| *v = 0.0);
        x[jmax] = 1.0;
    }
    Some(est)
}
