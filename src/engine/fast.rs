//! Repeated solves of one product system whose layout is fixed and whose numbers change: the
//! engine behind Monte Carlo, sensitivities and break-even searches.
//!
//! [`Structure::new`] analyses the sparsity pattern once:
//!
//! 1. **Reference products.** Each process column is matched to the product row it supplies,
//!    a perfect matching of columns to rows along output (positive) entries (Kuhn's
//!    augmenting paths). Permuting the rows by this matching puts every reference output on
//!    the diagonal.
//! 2. **Supply order.** Column `k` must be solved before column `j` when `k` has an entry in
//!    the reference row of `j` (`j` supplies `k`, or `k` co-produces `j`'s product). If this
//!    graph has no cycle (Kahn's topological sort), the permuted matrix is triangular.
//!
//! For such acyclic systems (every built-in supply chain), `A·s = f` is solved by substitution
//! in supply order, consumers first, in `O(nnz)`:
//! `s_j = (f_{ρ(j)} − Σ_{k≠j} a_{ρ(j)k}·s_k) / a_{ρ(j)j}`, and the adjoint `Aᵀ·λ = Bᵀc` by
//! substitution in reverse order: `λ_{ρ(j)} = ((Bᵀc)_j − Σ_{i≠ρ(j)} a_{ij}·λ_i) / a_{ρ(j)j}`.
//! Systems with loops (possible in custom inventories) fall back to a dense LU per solve.
//! Nothing here allocates per solve: the numbers live in caller-owned buffers ([`Workspace`]).
//!
//! Values are given per pattern entry, already signed (outputs positive, inputs negative) and
//! scaled; duplicate entries at one position add up, as in [`super::ProductSystem`].
//!
//! ```
//! use reo_lca::engine::fast::{SparseEntry, Structure};
//! // Product 0 (1 kg) needs 2 kg of product 1; product 1 emits 3 kg CO2 per kg.
//! let e = |biosphere, row, col, output| SparseEntry { biosphere, row, col, output };
//! let entries = [e(false, 0, 0, true), e(false, 1, 0, false), e(false, 1, 1, true), e(true, 0, 1, false)];
//! let st = Structure::new(2, 2, &entries, &[1.0], &[1.0, 0.0]);
//! assert!(st.is_triangular());
//! let mut ws = st.workspace();
//! let h = st.impact(&[1.0, -2.0, 1.0, 3.0], &mut ws).unwrap();
//! assert_eq!(h, 6.0);
//! ```
#![allow(clippy::needless_range_loop)] // index loops mirror the formulas

use super::lu::{estimate_inverse_norm1, Equilibration, Lu, SingularAt};

/// One structural non-zero of A (technosphere) or B (biosphere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SparseEntry {
    /// `true` for B, `false` for A.
    pub biosphere: bool,
    /// Product row (A) or elementary-flow row (B).
    pub row: usize,
    /// Process column.
    pub col: usize,
    /// Whether this is an output (a candidate for the column's reference product).
    pub output: bool,
}

/// Why a fast solve gave no answer (the caller then asks the full solver for a typed error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolveFailure {
    /// A zero or non-finite reference output on the diagonal.
    ZeroPivot(usize),
    /// The dense factorisation found no pivot.
    Singular(usize),
    /// A non-finite scaling or impact.
    NonFinite,
    /// A pattern that is not a square system.
    Shape,
}

#[derive(Debug, Clone, Copy)]
struct Step {
    /// Column solved at this step.
    col: usize,
    /// Its reference row.
    row: usize,
    /// Range of `diag` (entries at (row, col)).
    diag: (usize, usize),
    /// Range of `fwd_off` (entries in `row`, other columns).
    fwd: (usize, usize),
    /// Range of `adj_off` (entries in `col`, other rows).
    adj: (usize, usize),
}

impl Step {
    /// The diagonal entry A[row, col] (duplicates summed).
    #[inline]
    fn diagonal(&self, diag: &[usize], values: &[f64]) -> f64 {
        diag[self.diag.0..self.diag.1]
            .iter()
            .map(|&i| values[i])
            .sum()
    }

    /// The diagonal entry as a pivot: an error when it is zero or not finite.
    #[inline]
    fn pivot(&self, diag: &[usize], values: &[f64]) -> Result<f64, SolveFailure> {
        let d = self.diagonal(diag, values);
        if d == 0.0 || !d.is_finite() {
            Err(SolveFailure::ZeroPivot(self.col))
        } else {
            Ok(d)
        }
    }
}

#[derive(Debug, Clone)]
enum Method {
    Triangular {
        steps: Vec<Step>,
        diag: Vec<usize>,
        /// (entry, column) pairs.
        fwd_off: Vec<(usize, usize)>,
        /// (entry, row) pairs.
        adj_off: Vec<(usize, usize)>,
    },
    Dense {
        /// (entry, row, col) of the technosphere entries.
        tech: Vec<(usize, usize, usize)>,
    },
    Invalid,
}

/// The analysed pattern of a square product system (see the module docs).
#[derive(Debug, Clone)]
pub struct Structure {
    n: usize,
    nf: usize,
    /// (entry, flow, col) of the biosphere entries.
    bio: Vec<(usize, usize, usize)>,
    characterisation: Vec<f64>,
    demand: Vec<f64>,
    n_entries: usize,
    /// The pattern, in value order.
    entries: Vec<SparseEntry>,
    /// Reference row of each column (`usize::MAX` if none).
    reference: Vec<usize>,
    method: Method,
}

/// Caller-owned buffers for [`Structure`] solves.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Scaling vector s (one entry per column).
    pub scaling: Vec<f64>,
    /// Adjoint λ (one entry per product row).
    pub lambda: Vec<f64>,
    /// Inventory g (one entry per elementary flow).
    pub inventory: Vec<f64>,
    /// `Bᵀc` (one entry per column).
    cb: Vec<f64>,
    /// Scratch of length n.
    tmp: Vec<f64>,
    tmp2: Vec<f64>,
    /// The last dense factorisation (dense method only).
    lu: Option<Lu>,
}

impl Structure {
    /// Analyses the pattern of an `n_rows × n_cols` technosphere with `entries` (technosphere
    /// and biosphere mixed, in the order the values will be given), the characterisation
    /// factors (one per elementary flow) and the final demand (one per product row).
    pub fn new(
        n_rows: usize,
        n_cols: usize,
        entries: &[SparseEntry],
        characterisation: &[f64],
        demand: &[f64],
    ) -> Structure {
        let n = n_rows;
        let nf = characterisation.len();
        let bio: Vec<(usize, usize, usize)> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.biosphere && e.row < nf && e.col < n_cols)
            .map(|(i, e)| (i, e.row, e.col))
            .collect();
        let mut st = Structure {
            n,
            nf,
            bio,
            characterisation: characterisation.to_vec(),
            demand: demand.to_vec(),
            n_entries: entries.len(),
            entries: entries.to_vec(),
            reference: vec![usize::MAX; n_cols],
            method: Method::Invalid,
        };
        let in_range = entries.iter().all(|e| {
            e.col < n_cols
                && if e.biosphere {
                    e.row < nf
                } else {
                    e.row < n_rows
                }
        });
        if n_rows != n_cols || n == 0 || demand.len() != n || !in_range {
            return st;
        }
        let tech: Vec<(usize, usize, usize)> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.biosphere)
            .map(|(i, e)| (i, e.row, e.col))
            .collect();
        // 1. Match columns to rows along output entries (Kuhn's algorithm).
        let mut cand: Vec<Vec<usize>> = vec![Vec::new(); n];
        for e in entries.iter().filter(|e| !e.biosphere && e.output) {
            if !cand[e.col].contains(&e.row) {
                cand[e.col].push(e.row);
            }
        }
        let mut owner = vec![usize::MAX; n]; // row → column
        let mut matched = true;
        for j in 0..n {
            let mut seen = vec![false; n];
            if !augment(j, &cand, &mut owner, &mut seen) {
                matched = false;
                break;
            }
        }
        if !matched {
            st.method = Method::Dense { tech };
            return st;
        }
        let mut reference = vec![usize::MAX; n];
        for (r, &c) in owner.iter().enumerate() {
            reference[c] = r;
        }
        st.reference = reference.clone();
        // 2. Topological order: k before owner(r) for every entry (r, k), k ≠ owner(r).
        let mut indeg = vec![0usize; n];
        let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &(_, r, k) in &tech {
            let j = owner[r];
            if j != k {
                succ[k].push(j);
                indeg[j] += 1;
            }
        }
        let mut queue: Vec<usize> = (0..n).filter(|&j| indeg[j] == 0).collect();
        queue.reverse();
        let mut order = Vec::with_capacity(n);
        while let Some(k) = queue.pop() {
            order.push(k);
            for &j in &succ[k] {
                indeg[j] -= 1;
                if indeg[j] == 0 {
                    queue.push(j);
                }
            }
        }
        if order.len() < n {
            st.method = Method::Dense { tech };
            return st;
        }
        let mut steps = Vec::with_capacity(n);
        let (mut diag, mut fwd_off, mut adj_off) = (Vec::new(), Vec::new(), Vec::new());
        for &j in &order {
            let r = reference[j];
            let d0 = diag.len();
            let f0 = fwd_off.len();
            let a0 = adj_off.len();
            for &(i, row, col) in &tech {
                if row == r && col == j {
                    diag.push(i);
                } else if row == r {
                    fwd_off.push((i, col));
                } else if col == j {
                    adj_off.push((i, row));
                }
            }
            steps.push(Step {
                col: j,
                row: r,
                diag: (d0, diag.len()),
                fwd: (f0, fwd_off.len()),
                adj: (a0, adj_off.len()),
            });
        }
        st.method = Method::Triangular {
            steps,
            diag,
            fwd_off,
            adj_off,
        };
        st
    }

    /// Whether the system is solved by substitution (no loops in the supply chain).
    pub fn is_triangular(&self) -> bool {
        matches!(self.method, Method::Triangular { .. })
    }

    /// Order of the system (number of products = number of processes).
    pub fn n(&self) -> usize {
        self.n
    }

    /// Reference row of each column (`None` when the system is not structurally square).
    pub fn reference_rows(&self) -> Option<&[usize]> {
        if self.reference.iter().all(|&r| r < self.n) {
            Some(&self.reference)
        } else {
            None
        }
    }

    /// Characterisation factors, one per elementary flow.
    pub fn characterisation(&self) -> &[f64] {
        &self.characterisation
    }

    /// The derivative of the impact with respect to each entry's value, from the scaling and
    /// the adjoint left in `ws` by [`Structure::impact_and_adjoint`]:
    /// `∂h/∂a_ij = −λ_i·s_j` (technosphere), `∂h/∂b_kj = c_k·s_j` (biosphere). Duplicate
    /// entries at one position get the same derivative. `grad` must have one slot per entry.
    ///
    /// ```
    /// use reo_lca::engine::fast::{SparseEntry, Structure};
    /// let e = |biosphere, row, col, output| SparseEntry { biosphere, row, col, output };
    /// let entries = [e(false, 0, 0, true), e(false, 1, 0, false), e(false, 1, 1, true), e(true, 0, 1, false)];
    /// let st = Structure::new(2, 2, &entries, &[1.0], &[1.0, 0.0]);
    /// let mut ws = st.workspace();
    /// let v = [1.0, -2.0, 1.0, 3.0];
    /// let h = st.impact_and_adjoint(&v, &mut ws).unwrap();
    /// let mut g = [0.0; 4];
    /// st.entry_gradient(&ws, &mut g);
    /// // h = 3·2/1: ∂h/∂(input −2) = −3, ∂h/∂(emission 3) = 2
    /// assert_eq!((h, g[1], g[3]), (6.0, -3.0, 2.0));
    /// ```
    pub fn entry_gradient(&self, ws: &Workspace, grad: &mut [f64]) {
        for (g, e) in grad.iter_mut().zip(&self.entries) {
            let s = ws.scaling.get(e.col).copied().unwrap_or(0.0);
            *g = if e.biosphere {
                self.characterisation.get(e.row).copied().unwrap_or(0.0) * s
            } else {
                -ws.lambda.get(e.row).copied().unwrap_or(0.0) * s
            };
        }
    }

    /// Buffers for solves of this structure.
    pub fn workspace(&self) -> Workspace {
        Workspace {
            scaling: vec![0.0; self.n],
            lambda: vec![0.0; self.n],
            inventory: vec![0.0; self.nf],
            cb: vec![0.0; self.n],
            tmp: vec![0.0; self.n],
            tmp2: vec![0.0; self.n],
            lu: None,
        }
    }

    /// Values and buffers must fit this structure (a workspace of another one is refused).
    fn check_len(&self, values: &[f64], ws: &Workspace) -> Result<(), SolveFailure> {
        let n = self.n;
        let fits = ws.scaling.len() == n
            && ws.lambda.len() == n
            && ws.cb.len() == n
            && ws.tmp.len() == n
            && ws.tmp2.len() == n
            && ws.inventory.len() == self.nf;
        if values.len() != self.n_entries || !fits || matches!(self.method, Method::Invalid) {
            Err(SolveFailure::Shape)
        } else {
            Ok(())
        }
    }

    /// Dense factorisation of A for `values` (dense method only).
    fn factor(&self, values: &[f64], ws: &mut Workspace) -> Result<(), SolveFailure> {
        if let Method::Dense { tech } = &self.method {
            let n = self.n;
            let mut a = vec![0.0; n * n];
            for &(i, r, c) in tech {
                a[r * n + c] += values[i];
            }
            let lu = Lu::factor(n, a).map_err(|SingularAt(k)| SolveFailure::Singular(k))?;
            ws.lu = Some(lu);
        }
        Ok(())
    }

    /// Solves `A·x = b` (`b` indexed by row, `x` by column) in place, `A` from `values`.
    /// For the dense method the factorisation in `ws` must be current.
    fn solve_with(
        &self,
        values: &[f64],
        b: &mut [f64],
        x: &mut [f64],
        lu: Option<&Lu>,
    ) -> Result<(), SolveFailure> {
        match &self.method {
            Method::Triangular {
                steps,
                diag,
                fwd_off,
                ..
            } => {
                for st in steps {
                    let d = st.pivot(diag, values)?;
                    let mut acc = b[st.row];
                    for &(i, k) in &fwd_off[st.fwd.0..st.fwd.1] {
                        acc -= values[i] * x[k];
                    }
                    x[st.col] = acc / d;
                }
                Ok(())
            }
            Method::Dense { .. } => {
                let lu = lu.ok_or(SolveFailure::Shape)?;
                lu.solve(b);
                x[..self.n].copy_from_slice(&b[..self.n]);
                Ok(())
            }
            Method::Invalid => Err(SolveFailure::Shape),
        }
    }

    /// Solves `Aᵀ·y = c` (`c` indexed by column, `y` by row) in place.
    fn solve_transpose_with(
        &self,
        values: &[f64],
        c: &mut [f64],
        y: &mut [f64],
        lu: Option<&Lu>,
    ) -> Result<(), SolveFailure> {
        match &self.method {
            Method::Triangular {
                steps,
                diag,
                adj_off,
                ..
            } => {
                for st in steps.iter().rev() {
                    let d = st.pivot(diag, values)?;
                    let mut acc = c[st.col];
                    for &(i, r) in &adj_off[st.adj.0..st.adj.1] {
                        acc -= values[i] * y[r];
                    }
                    y[st.row] = acc / d;
                }
                Ok(())
            }
            Method::Dense { .. } => {
                let lu = lu.ok_or(SolveFailure::Shape)?;
                lu.solve_transpose(c);
                y[..self.n].copy_from_slice(&c[..self.n]);
                Ok(())
            }
            Method::Invalid => Err(SolveFailure::Shape),
        }
    }

    /// Solves `A·s = f` into `ws.scaling`.
    pub fn solve_scaling(&self, values: &[f64], ws: &mut Workspace) -> Result<(), SolveFailure> {
        self.check_len(values, ws)?;
        self.factor(values, ws)?;
        let Workspace {
            scaling, tmp, lu, ..
        } = ws;
        tmp.copy_from_slice(&self.demand);
        self.solve_with(values, tmp, scaling, lu.as_ref())?;
        if scaling.iter().all(|x| x.is_finite()) {
            Ok(())
        } else {
            Err(SolveFailure::NonFinite)
        }
    }

    /// Total impact `h = cᵀ·B·A⁻¹·f` for `values`; also leaves the scaling in `ws.scaling`
    /// and the inventory in `ws.inventory`. The inventory is accumulated in entry order and
    /// `h = Σ_k c_k·g_k` in flow order, as in [`super::solve`].
    pub fn impact(&self, values: &[f64], ws: &mut Workspace) -> Result<f64, SolveFailure> {
        self.solve_scaling(values, ws)?;
        let g = &mut ws.inventory;
        g.iter_mut().for_each(|x| *x = 0.0);
        for &(i, k, c) in &self.bio {
            g[k] += values[i] * ws.scaling[c];
        }
        let mut h = 0.0;
        for (gk, ck) in g.iter().zip(&self.characterisation) {
            h += gk * ck;
        }
        if h.is_finite() && g.iter().all(|x| x.is_finite()) {
            Ok(h)
        } else {
            Err(SolveFailure::NonFinite)
        }
    }

    /// Impact and adjoint: after [`Structure::impact`], solves `Aᵀ·λ = Bᵀ·c` into
    /// `ws.lambda` (λ_i = impact per unit of product i, the product intensities). Then
    /// `∂h/∂a_ij = −λ_i·s_j` and `∂h/∂b_kj = c_k·s_j`.
    pub fn impact_and_adjoint(
        &self,
        values: &[f64],
        ws: &mut Workspace,
    ) -> Result<f64, SolveFailure> {
        let h = self.impact(values, ws)?;
        ws.cb.iter_mut().for_each(|x| *x = 0.0);
        for &(i, k, c) in &self.bio {
            ws.cb[c] += self.characterisation[k] * values[i];
        }
        let Workspace { lambda, cb, lu, .. } = ws;
        self.solve_transpose_with(values, cb, lambda, lu.as_ref())?;
        if lambda.iter().all(|x| x.is_finite()) {
            Ok(h)
        } else {
            Err(SolveFailure::NonFinite)
        }
    }

    /// Estimate of the 1-norm condition number of A for `values` (Hager's method, as
    /// [`Lu::condition_estimate`], with this structure's solves). NaN if A is singular.
    pub fn condition_estimate(&self, values: &[f64], ws: &mut Workspace) -> f64 {
        if self.check_len(values, ws).is_err() || self.factor(values, ws).is_err() {
            return f64::NAN;
        }
        // The condition of the equilibrated matrix R·A·C (see `Equilibration`).
        let eq = Equilibration::new(
            self.n,
            self.entries
                .iter()
                .zip(values)
                .filter(|(e, _)| !e.biosphere)
                .map(|(e, &v)| (e.row, e.col, v)),
        );
        if let Some(lu) = &ws.lu {
            if !self.is_triangular() {
                return lu.scaled_condition_estimate(&eq);
            }
        }
        let n = self.n;
        let mut out = vec![0.0; n];
        let mut out_t = vec![0.0; n];
        let inv = estimate_inverse_norm1(
            n,
            |b| {
                b.iter_mut().zip(&eq.row).for_each(|(x, r)| *x /= r);
                self.solve_with(values, b, &mut out, None).is_ok() && {
                    for ((x, o), c) in b.iter_mut().zip(&out).zip(&eq.col) {
                        *x = o / c;
                    }
                    true
                }
            },
            |c| {
                c.iter_mut().zip(&eq.col).for_each(|(x, s)| *x /= s);
                self.solve_transpose_with(values, c, &mut out_t, None)
                    .is_ok()
                    && {
                        for ((x, o), r) in c.iter_mut().zip(&out_t).zip(&eq.row) {
                            *x = o / r;
                        }
                        true
                    }
            },
        );
        inv.map_or(f64::NAN, |e| e * eq.norm1)
    }
}

/// One augmenting-path search of Kuhn's bipartite matching from column `j`.
fn augment(j: usize, cand: &[Vec<usize>], owner: &mut [usize], seen: &mut [bool]) -> bool {
    for &r in &cand[j] {
        if seen[r] {
            continue;
        }
        seen[r] = true;
        if owner[r] == usize::MAX || augment(owner[r], cand, owner, seen) {
            owner[r] = j;
            return true;
        }
    }
    false
}
