//! Global sensitivity of a Monte Carlo run: standardised regression coefficients of the
//! totals and of the reduction on the sampled inputs.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::stats::regression;
use crate::stats::rng::Rng;

use super::inputs::{InputKind, InputTarget};
use super::run::McRun;

impl McRun {
    /// Standardised regression coefficients of the totals and of the reduction on the
    /// sampled inputs (see [`super::sensitivity::regression`]). The input draws are not
    /// stored: each input's stream is replayed from the seed, so this costs about one more
    /// pass over the draws and no memory per iteration. With independent routes, the mined
    /// route's draws are used as regressors.
    pub fn global_sensitivity(&self) -> Result<GlobalSensitivity> {
        let k = self.prep.inputs.len();
        let n = self.len();
        if n < k + 3 {
            return Err(Error::Unavailable {
                field: "iterations".into(),
                reason: format!(
                    "standardised regression coefficients need more iterations than inputs + 2 ({} inputs, {n} iterations)",
                    k
                ),
            });
        }
        let mut rngs: Vec<Rng> = self
            .prep
            .inputs
            .iter()
            .map(|i| Rng::stream(self.seed, i.key))
            .collect();
        let centres: Vec<f64> = self
            .prep
            .inputs
            .iter()
            .map(|i| match i.target {
                InputTarget::Parameter(_) | InputTarget::PriceSet => i.value,
                InputTarget::Exchange(_) => 1.0,
            })
            .collect();
        let mut x = vec![0.0; k];
        let reduction_ok = self.reduction.iter().all(|v| !v.is_nan());
        let mut acc = regression::Accumulator::new(k, 3);
        for ((m, r), red) in self.mined.iter().zip(&self.recycled).zip(&self.reduction) {
            for (j, (inp, rng)) in self.prep.inputs.iter().zip(rngs.iter_mut()).enumerate() {
                x[j] = inp.draw(rng) - centres[j];
            }
            let y = [*m, *r, if reduction_ok { *red } else { 0.0 }];
            // Shapes match by construction.
            let _ = acc.add(&x, &y);
        }
        let fits = acc.fit();
        let names: Vec<(String, InputKind)> = self
            .prep
            .inputs
            .iter()
            .map(|i| (i.id.clone(), i.kind))
            .collect();
        Ok(GlobalSensitivity::from_fits(&names, &fits, reduction_ok, n))
    }
}

/// Standardised regression coefficient of one input.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct SrcRow {
    pub id: String,
    pub kind: InputKind,
    pub mined: f64,
    pub recycled: f64,
    /// `None` when the reduction is undefined in some iterations.
    pub reduction_percent: Option<f64>,
}

/// Global sensitivity from a Monte Carlo run.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct GlobalSensitivity {
    pub method: String,
    pub iterations: usize,
    pub r2_mined: f64,
    pub r2_recycled: f64,
    pub r2_reduction_percent: Option<f64>,
    /// Largest |SRC| of the reduction (else of the totals) first.
    pub inputs: Vec<SrcRow>,
}

impl GlobalSensitivity {
    /// Assembles the table from fits of (mined, recycled, reduction).
    pub fn from_fits(
        names: &[(String, InputKind)],
        fits: &[regression::Fit],
        reduction_ok: bool,
        iterations: usize,
    ) -> GlobalSensitivity {
        let get = |o: usize, i: usize| fits.get(o).and_then(|f| f.src.get(i)).copied();
        let mut inputs: Vec<SrcRow> = names
            .iter()
            .enumerate()
            .map(|(i, (id, kind))| SrcRow {
                id: id.clone(),
                kind: *kind,
                mined: get(0, i).unwrap_or(f64::NAN),
                recycled: get(1, i).unwrap_or(f64::NAN),
                reduction_percent: if reduction_ok { get(2, i) } else { None },
            })
            .collect();
        let key = |r: &SrcRow| {
            r.reduction_percent
                .unwrap_or_else(|| r.mined.abs().max(r.recycled.abs()))
                .abs()
        };
        crate::order::sort_by_f64_desc(&mut inputs, key);
        let r2 = |o: usize| fits.get(o).map_or(f64::NAN, |f| f.r2);
        GlobalSensitivity {
            method: "standardised regression coefficients: least squares of the standardised output on the standardised inputs; SRC² is the share of variance when R² is near 1".into(),
            iterations,
            r2_mined: r2(0),
            r2_recycled: r2(1),
            r2_reduction_percent: if reduction_ok { Some(r2(2)) } else { None },
            inputs,
        }
    }
}
