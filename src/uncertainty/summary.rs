//! Statistics of a Monte Carlo run: per route, of the comparison, convergence, and why the
//! means differ from the deterministic values.

use serde::Serialize;

use crate::analysis::verdict::reduction_percent;
use crate::dataset::{self, Side};
use crate::error::{Error, Result};
use crate::routes::CompiledPlan;
use crate::stats::descriptive::{Stats, Z95};
use crate::stats::distribution::Dist;
use crate::stats::rng;

use super::inputs::{InputKind, Prepared, UncertainInput};
use super::options::MAX_ITERATIONS;
use super::run::McRun;

impl McRun {
    /// Statistics of the samples so far. Error if no iteration was run.
    pub fn summary(&self) -> Result<MonteCarloSummary> {
        if self.is_empty() {
            return Err(Error::OutOfRange {
                field: "iterations".into(),
                value: 0.0,
                min: 1.0,
                max: MAX_ITERATIONS as f64,
            });
        }
        let r = &self.prep.resolved;
        let (m0, r0) = self.prep.deterministic;
        let claim = r.claim_percent;
        let n = self.len();
        let diff: Vec<f64> = self
            .mined
            .iter()
            .zip(&self.recycled)
            .map(|(m, r)| m - r)
            .collect();
        let red_defined: Vec<f64> = self
            .reduction
            .iter()
            .copied()
            .filter(|x| !x.is_nan())
            .collect();
        let lower = self
            .mined
            .iter()
            .zip(&self.recycled)
            .filter(|(m, r)| r < m)
            .count();
        let at_least = red_defined.iter().filter(|x| **x >= claim).count();
        let p_lower = lower as f64 / n as f64;
        let p_claim = at_least as f64 / n as f64;
        let mined = route_stats(
            &self.prep.mined,
            &r.baseline.label,
            Side::Mined,
            m0,
            &self.mined,
        );
        let recycled = route_stats(
            &self.prep.recycled,
            &r.recycled.label,
            Side::Recycled,
            r0,
            &self.recycled,
        );
        let comparison = ComparisonStats {
            claim_percent: claim,
            reduction_percent: Stats::of(reduction_percent(m0, r0), &red_defined),
            undefined_reductions: n - red_defined.len(),
            difference: Stats::of(Some(m0 - r0), &diff),
            p_recycled_lower: p_lower,
            p_recycled_lower_std_error: (p_lower * (1.0 - p_lower) / n as f64).sqrt(),
            p_reduction_at_least_claim: p_claim,
            p_reduction_at_least_claim_std_error: (p_claim * (1.0 - p_claim) / n as f64).sqrt(),
        };
        let convergence = convergence(&self.mined, &self.recycled, &diff);
        let explanation = explanation(&self.prep, &mined, &recycled);
        let mut notes = vec![
            "Each sampled input keeps its own random stream, and one draw per iteration serves both routes (common random numbers): inputs the routes share (background factors, reagents, transport) move both totals together, so they add no spurious noise to the difference and the reduction."
                .to_string(),
            "Parameters set by the scenario (overrides, preset, price set) are fixed at that value; draws are not truncated to the parameters' input ranges.".to_string(),
            "Exchange-level uncertainty: each uncertain exchange row is multiplied by its own factor per iteration (lognormal with median 1 and the table's GSD), the same factor wherever the row is used.".to_string(),
            "Quantiles: linear interpolation between order statistics (type 7).".to_string(),
        ];
        if !self.crn {
            notes[0] = "The routes were drawn independently (no common random numbers).".into();
        }
        if !self.prep.fixed_by_scenario.is_empty() {
            notes.push(format!(
                "Fixed at the scenario's value: {}.",
                self.prep.fixed_by_scenario.join(", ")
            ));
        }
        Ok(MonteCarloSummary {
            engine_version: crate::version::ENGINE_VERSION.into(),
            dataset_version: dataset::DATASET_VERSION.into(),
            preset: r.preset.id.into(),
            oxide: r.oxide.into(),
            seed: self.seed,
            iterations: n,
            common_random_numbers: self.crn,
            mined,
            recycled,
            comparison,
            convergence,
            sampled: self.prep.inputs.clone(),
            fixed_by_scenario: self.prep.fixed_by_scenario.clone(),
            explanation,
            notes,
        })
    }
}

/// Statistics of one route.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct RouteStats {
    /// Route id (or `custom`).
    pub route: String,
    pub label: String,
    pub kind: Side,
    /// kg CO2-eq per kg at the deterministic inputs.
    pub deterministic: f64,
    pub mean: f64,
    pub sd: f64,
    pub std_error: f64,
    pub median: f64,
    pub p5: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
    /// `(mean − deterministic) / deterministic × 100`.
    pub mean_vs_deterministic_percent: f64,
}

fn route_stats(c: &CompiledPlan, label: &str, kind: Side, det: f64, xs: &[f64]) -> RouteStats {
    let s = Stats::of(Some(det), xs);
    let (route, label) = match &c.plan.custom {
        Some(inv) => (
            "custom".to_string(),
            inv.name
                .clone()
                .unwrap_or_else(|| "Custom inventory".into()),
        ),
        None => (c.plan.route.to_string(), label.to_string()),
    };
    RouteStats {
        route,
        label,
        kind,
        deterministic: det,
        mean: s.mean,
        sd: s.sd,
        std_error: s.std_error,
        median: s.median,
        p5: s.p5,
        p95: s.p95,
        min: s.min,
        max: s.max,
        mean_vs_deterministic_percent: if det != 0.0 {
            (s.mean - det) / det * 100.0
        } else {
            f64::NAN
        },
    }
}

/// Distribution of the comparison over the iterations.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonStats {
    /// The stated reduction checked, %.
    pub claim_percent: f64,
    /// `(mined − recycled)/mined × 100` over the iterations where the mined total is positive.
    pub reduction_percent: Stats,
    /// Iterations where the mined total is not positive (no reduction defined).
    pub undefined_reductions: usize,
    /// `mined − recycled`, kg CO2-eq per kg.
    pub difference: Stats,
    /// Share of iterations with recycled < mined.
    pub p_recycled_lower: f64,
    /// Its binomial standard error `√(p(1 − p)/n)`.
    pub p_recycled_lower_std_error: f64,
    /// Share of iterations with a reduction ≥ the claim (undefined reductions count as not).
    pub p_reduction_at_least_claim: f64,
    pub p_reduction_at_least_claim_std_error: f64,
}

/// Running means at one checkpoint, with 95 % intervals `mean ± halfWidth`.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Checkpoint {
    pub iterations: usize,
    pub mined_mean: f64,
    pub mined_half_width: f64,
    pub recycled_mean: f64,
    pub recycled_half_width: f64,
    pub difference_mean: f64,
    pub difference_half_width: f64,
    pub p_recycled_lower: f64,
}

/// Checkpoints 10, 20, 50, 100, 200, 500, … below `n`, and `n`.
fn checkpoints(n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    let mut base = 10usize;
    'outer: loop {
        for m in [1, 2, 5] {
            let c = base * m;
            if c >= n {
                break 'outer;
            }
            v.push(c);
        }
        base *= 10;
    }
    v.push(n);
    v
}

fn convergence(mined: &[f64], recycled: &[f64], diff: &[f64]) -> Vec<Checkpoint> {
    // Welford's running mean and variance.
    struct W {
        n: f64,
        mean: f64,
        m2: f64,
    }
    impl W {
        fn add(&mut self, x: f64) {
            self.n += 1.0;
            let d = x - self.mean;
            self.mean += d / self.n;
            self.m2 += d * (x - self.mean);
        }
        fn half(&self) -> f64 {
            if self.n < 2.0 {
                f64::NAN
            } else {
                Z95 * (self.m2 / (self.n - 1.0)).sqrt() / self.n.sqrt()
            }
        }
    }
    let w = || W {
        n: 0.0,
        mean: 0.0,
        m2: 0.0,
    };
    let (mut wm, mut wr, mut wd) = (w(), w(), w());
    let mut lower = 0usize;
    let cps = checkpoints(mined.len());
    let mut out = Vec::with_capacity(cps.len());
    let mut next = 0;
    for (i, ((m, r), d)) in mined.iter().zip(recycled).zip(diff).enumerate() {
        wm.add(*m);
        wr.add(*r);
        wd.add(*d);
        if r < m {
            lower += 1;
        }
        if next < cps.len() && i + 1 == cps[next] {
            out.push(Checkpoint {
                iterations: i + 1,
                mined_mean: wm.mean,
                mined_half_width: wm.half(),
                recycled_mean: wr.mean,
                recycled_half_width: wr.half(),
                difference_mean: wd.mean,
                difference_half_width: wd.half(),
                p_recycled_lower: lower as f64 / (i + 1) as f64,
            });
            next += 1;
        }
    }
    out
}

/// Why the mean differs from the deterministic value, with this run's numbers.
fn explanation(prep: &Prepared, m: &RouteStats, r: &RouteStats) -> String {
    let mut gsds: Vec<f64> = Vec::new();
    for i in &prep.inputs {
        if let Dist::LogNormalGsd(g) = i.distribution {
            if !gsds.contains(&g) {
                gsds.push(g);
            }
        }
    }
    crate::order::sort_f64(&mut gsds);
    let lognormal = if gsds.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> = gsds
            .iter()
            .map(|g| {
                let s = rng::ln(*g);
                format!(
                    "GSD {} → mean {} % above the median",
                    crate::text::format_sig(*g, 3),
                    crate::text::format_sig((rng::exp(0.5 * s * s) - 1.0) * 100.0, 2)
                )
            })
            .collect();
        format!(
            " Lognormal inputs are centred on their median (the deterministic value), and a lognormal's mean is median·exp(σ²/2) with σ = ln GSD, always above the median ({}): the skew adds up along the supply chain.",
            parts.join("; ")
        )
    };
    // Inputs with the most asymmetric ranges: mean far from the deterministic value.
    let mut skewed: Vec<(f64, &UncertainInput)> = prep
        .inputs
        .iter()
        .filter(|i| i.kind == InputKind::Parameter && i.value != 0.0)
        .map(|i| ((i.mean - i.value) / i.value, i))
        .filter(|(d, _)| d.abs() > 0.02)
        .collect();
    crate::order::sort_by_f64_desc(&mut skewed, |x| x.0.abs());
    let skew = if skewed.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> = skewed
            .iter()
            .take(4)
            .map(|(d, i)| {
                format!(
                    "{} {} {} (mean {}, {}{} %)",
                    i.id,
                    i.distribution.name(),
                    crate::text::format_sig(i.value, 3),
                    crate::text::format_sig(i.mean, 3),
                    if *d > 0.0 { "+" } else { "" },
                    crate::text::format_sig(d * 100.0, 2)
                )
            })
            .collect();
        format!(
            " Inputs whose range is not symmetric about their default pull the mean towards the long side: {}.",
            parts.join(", ")
        )
    };
    format!(
        "The deterministic result uses every input at its default (most likely) value; the Monte Carlo mean averages over the whole distributions, so it differs when they are skewed.{lognormal}{skew} Here the mined mean is {}{} % and the recycled mean {}{} % off the deterministic value; the medians are {} and {} kg CO2-eq/kg against deterministic values of {} and {}.",
        if m.mean_vs_deterministic_percent > 0.0 { "+" } else { "" },
        crate::text::format_sig(m.mean_vs_deterministic_percent, 2),
        if r.mean_vs_deterministic_percent > 0.0 { "+" } else { "" },
        crate::text::format_sig(r.mean_vs_deterministic_percent, 2),
        crate::text::format_sig(m.median, 4),
        crate::text::format_sig(r.median, 4),
        crate::text::format_sig(m.deterministic, 4),
        crate::text::format_sig(r.deterministic, 4),
    )
}

/// Summary of a Monte Carlo run.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct MonteCarloSummary {
    pub engine_version: String,
    pub dataset_version: String,
    pub preset: String,
    pub oxide: String,
    pub seed: u64,
    pub iterations: usize,
    pub common_random_numbers: bool,
    pub mined: RouteStats,
    pub recycled: RouteStats,
    pub comparison: ComparisonStats,
    pub convergence: Vec<Checkpoint>,
    /// The inputs that were sampled.
    pub sampled: Vec<UncertainInput>,
    /// Parameters with a distribution held at the scenario's value.
    pub fixed_by_scenario: Vec<String>,
    /// Why the mean differs from the deterministic value.
    pub explanation: String,
    pub notes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoints_are_increasing_and_end_at_n() {
        assert_eq!(checkpoints(1), vec![1]);
        assert_eq!(checkpoints(10), vec![10]);
        assert_eq!(checkpoints(1000), vec![10, 20, 50, 100, 200, 500, 1000]);
        assert_eq!(checkpoints(1234).last(), Some(&1234));
    }
}
