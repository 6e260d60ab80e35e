//! Uncertainty distributions attached to parameters and exchanges, with validated
//! constructors, moments, quantiles and sampling.
//!
//! A distribution describes the value itself (not a relative error), except
//! [`Dist::LogNormalGsd`] and [`Dist::NormalSd`], which are centred on the deterministic value
//! (its median, respectively its mean). Construct user-supplied distributions through the
//! constructors ([`Dist::triangular`], [`Dist::lognormal_gm_gsd`], …) or [`Dist::validated`],
//! which name the parameter at fault.
//!
//! | kind | parameters | mean | variance |
//! |---|---|---|---|
//! | `LogNormalGsd(g)` around `c` | `σ = ln g` | `c·exp(σ²/2)` | `c²·(exp(σ²) − 1)·exp(σ²)` |
//! | `LogNormal(μ, σ)` | `ln X ~ N(μ, σ²)` | `exp(μ + σ²/2)` | `(exp(σ²) − 1)·exp(2μ + σ²)` |
//! | `NormalSd(sd)` around `c` | | `c` | `sd²` |
//! | `Uniform(a, b)` | | `(a + b)/2` | `(b − a)²/12` |
//! | `Triangular(a, m, b)` | | `(a + m + b)/3` | `(a² + m² + b² − am − ab − mb)/18` |
//! | `Pert(a, m, b)` | `α = 1 + 4(m − a)/(b − a)`, `β = 1 + 4(b − m)/(b − a)` | `(a + 4m + b)/6` | `(μ − a)(b − μ)/7` |
//!
//! Sampling ([`Sampler`]) uses [`crate::stats::rng`]: inverse CDF for the uniform and the
//! triangular, the ziggurat for normals (and `exp` of a normal for lognormals, with the
//! module's own `exp`), and the ratio of two Marsaglia–Tsang gamma deviates for the PERT's beta.
//! Draws are therefore the same on every target.
//!
//! ```
//! use reo_lca::stats::distribution::Dist;
//! use reo_lca::stats::rng::Rng;
//! let d = Dist::triangular("gridSrmw", 0.451, 0.566, 0.638).unwrap();
//! assert!((d.mean(0.566) - (0.451 + 0.566 + 0.638) / 3.0).abs() < 1e-15);
//! let s = d.sampler(0.566);
//! let mut rng = Rng::new(1);
//! let x = s.sample(&mut rng);
//! assert!((0.451..=0.638).contains(&x));
//! ```

use crate::error::{Error, Result};
use crate::number;
use crate::stats::rng::{self, Rng};
use crate::stats::special::{beta_cdf, normal_quantile};

/// A probability distribution for one uncertain number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dist {
    /// No uncertainty: the value is used as it is.
    Fixed,
    /// Lognormal with median = the deterministic value and geometric standard deviation `gsd`
    /// (> 1). The mean is `median · exp(ln(gsd)² / 2)`, above the median.
    LogNormalGsd(f64),
    /// Normal with mean = the deterministic value and standard deviation `sd` (≥ 0).
    NormalSd(f64),
    /// Lognormal given absolutely: `ln X ~ N(μ, σ²)`, `σ > 0` (geometric mean `exp μ`,
    /// geometric standard deviation `exp σ`); ignores the deterministic value.
    LogNormal(f64, f64),
    /// Uniform on `[low, high]`.
    Uniform(f64, f64),
    /// Triangular with `min ≤ mode ≤ max`.
    Triangular(f64, f64, f64),
    /// PERT (beta) with `min ≤ mode ≤ max`, shape 4.
    Pert(f64, f64, f64),
}

impl Dist {
    /// Checks the parameters and returns the distribution, or an error naming `field` and the
    /// offending parameter.
    ///
    /// ```
    /// use reo_lca::stats::distribution::Dist;
    /// assert!(Dist::validated(Dist::Triangular(1.0, 2.0, 3.0), "x").is_ok());
    /// let e = Dist::validated(Dist::Triangular(3.0, 2.0, 1.0), "x").unwrap_err();
    /// assert!(e.to_string().starts_with("x.min"));
    /// ```
    pub fn validated(self, field: &str) -> Result<Dist> {
        let finite = |name: &str, v: f64| -> Result<()> {
            if v.is_finite() {
                Ok(())
            } else {
                Err(Error::NotFinite {
                    field: format!("{field}.{name}"),
                    value: v,
                })
            }
        };
        match self {
            Dist::Fixed => {}
            Dist::LogNormalGsd(g) => {
                finite("gsd", g)?;
                if g <= 1.0 {
                    return Err(Error::OutOfRange {
                        field: format!("{field}.gsd"),
                        value: g,
                        min: 1.0,
                        max: f64::INFINITY,
                    });
                }
            }
            Dist::LogNormal(mu, sigma) => {
                finite("mu", mu)?;
                finite("sigma", sigma)?;
                if sigma <= 0.0 {
                    return Err(Error::OutOfRange {
                        field: format!("{field}.sigma"),
                        value: sigma,
                        min: 0.0,
                        max: f64::INFINITY,
                    });
                }
            }
            Dist::NormalSd(s) => {
                finite("sd", s)?;
                if s < 0.0 {
                    return Err(Error::OutOfRange {
                        field: format!("{field}.sd"),
                        value: s,
                        min: 0.0,
                        max: f64::INFINITY,
                    });
                }
            }
            Dist::Uniform(a, b) => {
                finite("low", a)?;
                finite("high", b)?;
                if a > b {
                    return Err(Error::Inconsistent {
                        field: format!("{field}.low"),
                        reason: format!(
                            "must not exceed high ({}), got {}",
                            number::display(b),
                            number::display(a)
                        ),
                    });
                }
            }
            Dist::Triangular(a, m, b) | Dist::Pert(a, m, b) => {
                finite("min", a)?;
                finite("mode", m)?;
                finite("max", b)?;
                if a > m || m > b || a >= b && a != m {
                    // Name the bound that breaks the order: min above mode, else mode above max.
                    let which = if a > m { "min" } else { "mode" };
                    return Err(Error::Inconsistent {
                        field: format!("{field}.{which}"),
                        reason: format!(
                            "need min ≤ mode ≤ max, got {} ≤ {} ≤ {}",
                            number::display(a),
                            number::display(m),
                            number::display(b)
                        ),
                    });
                }
            }
        }
        Ok(self)
    }

    /// Short name of the distribution kind.
    pub fn name(&self) -> &'static str {
        match self {
            Dist::Fixed => "fixed",
            Dist::LogNormalGsd(_) | Dist::LogNormal(..) => "lognormal",
            Dist::NormalSd(_) => "normal",
            Dist::Uniform(..) => "uniform",
            Dist::Triangular(..) => "triangular",
            Dist::Pert(..) => "pert",
        }
    }
}

/// How a [`Dist`] is written in results and in the TypeScript declarations: the kind and its
/// parameters by name (`{ "kind": "triangular", "min": …, "mode": …, "max": … }`). A
/// lognormal is given either by its GSD around the deterministic value or by `mu` and `sigma`.
#[derive(serde::Serialize, tsify_next::Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Distribution {
    /// No uncertainty.
    Fixed,
    /// Lognormal around the value with geometric standard deviation `gsd` (> 1).
    #[serde(rename = "lognormal")]
    LognormalGsd { gsd: f64 },
    /// Lognormal with `ln X ~ N(mu, sigma²)`.
    #[serde(rename = "lognormal")]
    LognormalMuSigma { mu: f64, sigma: f64 },
    /// Normal around the value with standard deviation `sd`.
    Normal { sd: f64 },
    /// Uniform on `[low, high]`.
    Uniform { low: f64, high: f64 },
    /// Triangular with `min ≤ mode ≤ max`.
    Triangular { min: f64, mode: f64, max: f64 },
    /// PERT (beta, shape 4) with `min ≤ mode ≤ max`.
    Pert { min: f64, mode: f64, max: f64 },
}

impl From<Dist> for Distribution {
    fn from(d: Dist) -> Distribution {
        match d {
            Dist::Fixed => Distribution::Fixed,
            Dist::LogNormalGsd(gsd) => Distribution::LognormalGsd { gsd },
            Dist::LogNormal(mu, sigma) => Distribution::LognormalMuSigma { mu, sigma },
            Dist::NormalSd(sd) => Distribution::Normal { sd },
            Dist::Uniform(low, high) => Distribution::Uniform { low, high },
            Dist::Triangular(min, mode, max) => Distribution::Triangular { min, mode, max },
            Dist::Pert(min, mode, max) => Distribution::Pert { min, mode, max },
        }
    }
}

impl serde::Serialize for Dist {
    /// As its [`Distribution`].
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        Distribution::from(*self).serialize(s)
    }
}

/// Validated constructors in the manner of `statrs`: each checks its parameters and names the
/// field at fault (`field.gsd`, `field.min`, …) in the error.
impl Dist {
    /// No uncertainty.
    pub fn fixed() -> Dist {
        Dist::Fixed
    }

    /// Lognormal around the deterministic value (its median) with geometric standard
    /// deviation `gsd > 1`.
    ///
    /// ```
    /// use reo_lca::stats::distribution::Dist;
    /// assert!(Dist::lognormal_gsd("miningDiesel", 1.5).is_ok());
    /// let e = Dist::lognormal_gsd("miningDiesel", 0.9).unwrap_err();
    /// assert_eq!(e.field(), "miningDiesel.gsd");
    /// ```
    pub fn lognormal_gsd(field: &str, gsd: f64) -> Result<Dist> {
        Dist::LogNormalGsd(gsd).validated(field)
    }

    /// Lognormal with `ln X ~ N(μ, σ²)`, `σ > 0`.
    pub fn lognormal(field: &str, mu: f64, sigma: f64) -> Result<Dist> {
        Dist::LogNormal(mu, sigma).validated(field)
    }

    /// Lognormal from its geometric mean `gm > 0` (the median) and geometric standard
    /// deviation `gsd > 1`: `μ = ln gm`, `σ = ln gsd`.
    ///
    /// ```
    /// use reo_lca::stats::distribution::Dist;
    /// let d = Dist::lognormal_gm_gsd("x", 2.0, 1.2).unwrap();
    /// assert!((d.quantile(0.0, 0.5) - 2.0).abs() < 1e-12);
    /// assert_eq!(Dist::lognormal_gm_gsd("x", -1.0, 1.2).unwrap_err().field(), "x.gm");
    /// ```
    pub fn lognormal_gm_gsd(field: &str, gm: f64, gsd: f64) -> Result<Dist> {
        if !gm.is_finite() {
            return Err(Error::NotFinite {
                field: format!("{field}.gm"),
                value: gm,
            });
        }
        if gm <= 0.0 {
            return Err(Error::OutOfRange {
                field: format!("{field}.gm"),
                value: gm,
                min: f64::MIN_POSITIVE,
                max: f64::INFINITY,
            });
        }
        Dist::LogNormalGsd(gsd).validated(field)?;
        Ok(Dist::LogNormal(rng::ln(gm), rng::ln(gsd)))
    }

    /// Normal around the deterministic value (its mean) with standard deviation `sd ≥ 0`.
    pub fn normal_sd(field: &str, sd: f64) -> Result<Dist> {
        Dist::NormalSd(sd).validated(field)
    }

    /// Uniform on `[low, high]`.
    pub fn uniform(field: &str, low: f64, high: f64) -> Result<Dist> {
        Dist::Uniform(low, high).validated(field)
    }

    /// Triangular with `min ≤ mode ≤ max`.
    ///
    /// ```
    /// use reo_lca::stats::distribution::Dist;
    /// let e = Dist::triangular("efHcl", 1.2, 2.5, 2.0).unwrap_err();
    /// assert_eq!(e.field(), "efHcl.mode");
    /// ```
    pub fn triangular(field: &str, min: f64, mode: f64, max: f64) -> Result<Dist> {
        Dist::Triangular(min, mode, max).validated(field)
    }

    /// PERT (beta, shape 4) with `min ≤ mode ≤ max`.
    pub fn pert(field: &str, min: f64, mode: f64, max: f64) -> Result<Dist> {
        Dist::Pert(min, mode, max).validated(field)
    }

    /// Whether the number is certain.
    pub fn is_fixed(&self) -> bool {
        matches!(self, Dist::Fixed)
    }

    /// Whether the distribution is given relative to the deterministic value `center`
    /// (lognormal by GSD, normal by SD, fixed) rather than in absolute terms.
    pub fn is_relative(&self) -> bool {
        matches!(
            self,
            Dist::Fixed | Dist::LogNormalGsd(_) | Dist::NormalSd(_)
        )
    }

    /// Mean for deterministic value `center` (see the table in the module docs).
    pub fn mean(&self, center: f64) -> f64 {
        match *self {
            Dist::Fixed => center,
            Dist::LogNormalGsd(g) => {
                let s = rng::ln(g);
                center * rng::exp(0.5 * s * s)
            }
            Dist::LogNormal(mu, s) => rng::exp(mu + 0.5 * s * s),
            Dist::NormalSd(_) => center,
            Dist::Uniform(a, b) => 0.5 * (a + b),
            Dist::Triangular(a, m, b) => (a + m + b) / 3.0,
            Dist::Pert(a, m, b) => (a + 4.0 * m + b) / 6.0,
        }
    }

    /// Variance for deterministic value `center` (see the table in the module docs).
    pub fn variance(&self, center: f64) -> f64 {
        match *self {
            Dist::Fixed => 0.0,
            Dist::LogNormalGsd(g) => {
                let s2 = rng::ln(g) * rng::ln(g);
                center * center * (rng::exp(s2) - 1.0) * rng::exp(s2)
            }
            Dist::LogNormal(mu, s) => (rng::exp(s * s) - 1.0) * rng::exp(2.0 * mu + s * s),
            Dist::NormalSd(sd) => sd * sd,
            Dist::Uniform(a, b) => (b - a) * (b - a) / 12.0,
            Dist::Triangular(a, m, b) => (a * a + m * m + b * b - a * m - a * b - m * b) / 18.0,
            Dist::Pert(a, m, b) => {
                let mu = (a + 4.0 * m + b) / 6.0;
                (mu - a) * (b - mu) / 7.0
            }
        }
    }

    /// The `p`-quantile (`0 < p < 1`) for deterministic value `center`. Closed forms for the
    /// uniform and the triangular; normal and lognormal through [`normal_quantile`] (relative
    /// error < 1.2·10⁻⁹); PERT by bisection on the regularised incomplete beta function
    /// (absolute error < 10⁻¹²). NaN for `p` outside `(0, 1)`.
    ///
    /// ```
    /// use reo_lca::stats::distribution::Dist;
    /// let d = Dist::Uniform(2.0, 4.0);
    /// assert_eq!(d.quantile(0.0, 0.25), 2.5);
    /// let n = Dist::NormalSd(2.0);
    /// assert!((n.quantile(10.0, 0.975) - (10.0 + 2.0 * 1.959963984540054)).abs() < 1e-8);
    /// ```
    pub fn quantile(&self, center: f64, p: f64) -> f64 {
        if !(p > 0.0 && p < 1.0) {
            return f64::NAN;
        }
        match *self {
            Dist::Fixed => center,
            Dist::LogNormalGsd(g) => center * rng::exp(rng::ln(g) * normal_quantile(p)),
            Dist::LogNormal(mu, s) => rng::exp(mu + s * normal_quantile(p)),
            Dist::NormalSd(sd) => center + sd * normal_quantile(p),
            Dist::Uniform(a, b) => a + p * (b - a),
            Dist::Triangular(a, m, b) => {
                if b <= a {
                    return a;
                }
                let fc = (m - a) / (b - a);
                if p < fc {
                    a + (p * (b - a) * (m - a)).sqrt()
                } else {
                    b - ((1.0 - p) * (b - a) * (b - m)).sqrt()
                }
            }
            Dist::Pert(a, m, b) => {
                if b <= a {
                    return a;
                }
                let (al, be) = pert_shapes(a, m, b);
                let (mut lo, mut hi) = (0.0f64, 1.0f64);
                for _ in 0..80 {
                    let mid = 0.5 * (lo + hi);
                    if beta_cdf(mid, al, be) < p {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                a + 0.5 * (lo + hi) * (b - a)
            }
        }
    }

    /// A sampler with the constants of this distribution precomputed, centred on `center`.
    pub fn sampler(&self, center: f64) -> Sampler {
        match *self {
            Dist::Fixed => Sampler::Constant(center),
            Dist::LogNormalGsd(g) => Sampler::LogNormal {
                scale: center,
                mu: 0.0,
                sigma: rng::ln(g),
            },
            Dist::LogNormal(mu, sigma) => Sampler::LogNormal {
                scale: 1.0,
                mu,
                sigma,
            },
            Dist::NormalSd(sd) => Sampler::Normal { mean: center, sd },
            Dist::Uniform(a, b) => Sampler::Uniform {
                low: a,
                width: b - a,
            },
            Dist::Triangular(a, m, b) => {
                if b <= a {
                    Sampler::Constant(a)
                } else {
                    Sampler::Triangular {
                        a,
                        b,
                        fc: (m - a) / (b - a),
                        left: (b - a) * (m - a),
                        right: (b - a) * (b - m),
                    }
                }
            }
            Dist::Pert(a, m, b) => {
                if b <= a {
                    Sampler::Constant(a)
                } else {
                    let (alpha, beta) = pert_shapes(a, m, b);
                    Sampler::Pert {
                        a,
                        width: b - a,
                        alpha,
                        beta,
                    }
                }
            }
        }
    }
}

/// Shape parameters of the PERT distribution on `[a, b]` with mode `m` (shape 4).
fn pert_shapes(a: f64, m: f64, b: f64) -> (f64, f64) {
    (1.0 + 4.0 * (m - a) / (b - a), 1.0 + 4.0 * (b - m) / (b - a))
}

/// A distribution ready to draw from (see [`Dist::sampler`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sampler {
    /// Always the same value.
    Constant(f64),
    /// `scale · exp(μ + σ·Z)`.
    LogNormal { scale: f64, mu: f64, sigma: f64 },
    /// `mean + sd·Z`.
    Normal { mean: f64, sd: f64 },
    /// `low + width·U`.
    Uniform { low: f64, width: f64 },
    /// Inverse CDF: `a + √(U·left)` if `U < fc`, else `b − √((1 − U)·right)`.
    Triangular {
        a: f64,
        b: f64,
        fc: f64,
        left: f64,
        right: f64,
    },
    /// `a + width·Beta(α, β)`.
    Pert {
        a: f64,
        width: f64,
        alpha: f64,
        beta: f64,
    },
}

impl Sampler {
    /// One draw.
    #[inline]
    pub fn sample(&self, rng: &mut Rng) -> f64 {
        match *self {
            Sampler::Constant(x) => x,
            Sampler::LogNormal { scale, mu, sigma } => scale * rng::exp(mu + sigma * rng.normal()),
            Sampler::Normal { mean, sd } => mean + sd * rng.normal(),
            Sampler::Uniform { low, width } => low + width * rng.uniform(),
            Sampler::Triangular {
                a,
                b,
                fc,
                left,
                right,
            } => {
                let u = rng.uniform();
                if u < fc {
                    a + (u * left).sqrt()
                } else {
                    b - ((1.0 - u) * right).sqrt()
                }
            }
            Sampler::Pert {
                a,
                width,
                alpha,
                beta,
            } => a + width * rng.beta(alpha, beta),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beta_cdf_known_values() {
        // Beta(1, 1) is uniform; Beta(2, 2) has CDF 3x² − 2x³.
        assert!((beta_cdf(0.3, 1.0, 1.0) - 0.3).abs() < 1e-9);
        let x: f64 = 0.3;
        assert!((beta_cdf(x, 2.0, 2.0) - (3.0 * x * x - 2.0 * x * x * x)).abs() < 1e-9);
        let q = Dist::Pert(0.0, 0.5, 1.0).quantile(0.0, 0.5);
        assert!((q - 0.5).abs() < 1e-9);
    }

    #[test]
    fn normal_quantile_symmetry_and_values() {
        for p in [0.001, 0.01, 0.02425, 0.1, 0.3] {
            assert!((normal_quantile(p) + normal_quantile(1.0 - p)).abs() < 1e-8);
        }
        assert!((normal_quantile(0.001) + 3.090_232_306_167_813).abs() < 1e-8);
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-8);
        assert!(normal_quantile(0.0).is_nan() && normal_quantile(1.0).is_nan());
    }
}
