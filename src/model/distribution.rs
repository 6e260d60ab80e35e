//! Uncertainty distributions attached to parameters and exchanges.
//!
//! A distribution describes the value itself (not a relative error), except
//! [`Dist::LogNormalGsd`], whose median is the deterministic value and whose geometric standard
//! deviation is given. Construct user-supplied distributions through [`Dist::validated`], which
//! names the parameter at fault.

use crate::error::{Error, Result};

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
    /// use reo_lca::model::distribution::Dist;
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
                        reason: format!("must not exceed high ({b}), got {a}"),
                    });
                }
            }
            Dist::Triangular(a, m, b) | Dist::Pert(a, m, b) => {
                finite("min", a)?;
                finite("mode", m)?;
                finite("max", b)?;
                if a > m || m > b || a >= b && a != m {
                    return Err(Error::Inconsistent {
                        field: format!("{field}.min"),
                        reason: format!("need min ≤ mode ≤ max, got {a} ≤ {m} ≤ {b}"),
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
            Dist::LogNormalGsd(_) => "lognormal",
            Dist::NormalSd(_) => "normal",
            Dist::Uniform(..) => "uniform",
            Dist::Triangular(..) => "triangular",
            Dist::Pert(..) => "pert",
        }
    }
}

impl serde::Serialize for Dist {
    /// As `{ "kind": "triangular", "min": …, "mode": …, "max": … }` and so on.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let fields: &[(&str, f64)] = &match *self {
            Dist::Fixed => vec![],
            Dist::LogNormalGsd(g) => vec![("gsd", g)],
            Dist::NormalSd(sd) => vec![("sd", sd)],
            Dist::Uniform(a, b) => vec![("low", a), ("high", b)],
            Dist::Triangular(a, m, b) | Dist::Pert(a, m, b) => {
                vec![("min", a), ("mode", m), ("max", b)]
            }
        };
        let mut map = s.serialize_map(Some(fields.len() + 1))?;
        map.serialize_entry("kind", self.name())?;
        for (k, v) in fields {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
