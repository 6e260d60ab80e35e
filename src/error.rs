//! One error type for the whole crate. Every variant names the field at fault with a path such
//! as `overrides.gridSrmw` or `inventory.processes[2].inputs[0].amount`, so a user can find it.

use std::fmt;

use crate::text::{list, short, MAX_MESSAGE};

/// What kind of JavaScript error a [`Error`] becomes at the wasm boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// A value of the right type but not allowed (`RangeError`).
    Range,
    /// A value of the wrong type or shape (`TypeError`).
    Type,
    /// Anything else, such as a singular system (`Error`).
    Other,
}

/// Errors of reo-lca. Each names the field (or the products) at fault.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// A number outside its allowed range.
    OutOfRange {
        field: String,
        value: f64,
        min: f64,
        max: f64,
    },
    /// NaN or an infinity where a finite number is required.
    NotFinite { field: String, value: f64 },
    /// A fractional number where a whole number is required.
    NotWhole { field: String, value: f64 },
    /// An id (preset, parameter, oxide, route, site, rule, product, flow) that is not known.
    UnknownId {
        field: String,
        kind: &'static str,
        value: String,
        expected: String,
    },
    /// A valid request the data cannot serve (an oxide a route does not produce, a route
    /// without data).
    Unavailable { field: String, reason: String },
    /// Values that are each valid but contradict each other.
    Inconsistent { field: String, reason: String },
    /// Wrong type or shape (missing field, wrong JSON type, unknown field).
    InvalidShape { field: String, reason: String },
    /// A list or string above its size limit.
    TooLarge {
        field: String,
        len: usize,
        max: usize,
    },
    /// The technosphere matrix cannot be inverted; names the products involved.
    SingularSystem { products: Vec<String> },
    /// The technosphere matrix is invertible in principle but so badly conditioned that the
    /// result would be noise.
    IllConditioned {
        condition: f64,
        products: Vec<String>,
    },
    /// A computation produced NaN or an infinity.
    NonFiniteResult { field: String },
}

impl Error {
    /// The field path (or product list) the error is about.
    pub fn field(&self) -> String {
        match self {
            Error::OutOfRange { field, .. }
            | Error::NotFinite { field, .. }
            | Error::NotWhole { field, .. }
            | Error::UnknownId { field, .. }
            | Error::Unavailable { field, .. }
            | Error::Inconsistent { field, .. }
            | Error::InvalidShape { field, .. }
            | Error::TooLarge { field, .. }
            | Error::NonFiniteResult { field } => field.clone(),
            Error::SingularSystem { products } | Error::IllConditioned { products, .. } => {
                format!("technosphere[{}]", list(products))
            }
        }
    }

    /// Which JavaScript error class this becomes.
    pub fn class(&self) -> ErrorClass {
        match self {
            Error::OutOfRange { .. }
            | Error::NotFinite { .. }
            | Error::NotWhole { .. }
            | Error::UnknownId { .. }
            | Error::Inconsistent { .. }
            | Error::TooLarge { .. } => ErrorClass::Range,
            Error::InvalidShape { .. } => ErrorClass::Type,
            _ => ErrorClass::Other,
        }
    }

    /// Prefixes the field path, e.g. `overrides` + `.gridSrmw`.
    pub fn within(self, prefix: &str) -> Error {
        let join = |f: String| {
            if f.is_empty() {
                prefix.to_string()
            } else if f.starts_with('[') {
                format!("{prefix}{f}")
            } else {
                format!("{prefix}.{f}")
            }
        };
        match self {
            Error::OutOfRange {
                field,
                value,
                min,
                max,
            } => Error::OutOfRange {
                field: join(field),
                value,
                min,
                max,
            },
            Error::NotFinite { field, value } => Error::NotFinite {
                field: join(field),
                value,
            },
            Error::NotWhole { field, value } => Error::NotWhole {
                field: join(field),
                value,
            },
            Error::UnknownId {
                field,
                kind,
                value,
                expected,
            } => Error::UnknownId {
                field: join(field),
                kind,
                value,
                expected,
            },
            Error::Unavailable { field, reason } => Error::Unavailable {
                field: join(field),
                reason,
            },
            Error::Inconsistent { field, reason } => Error::Inconsistent {
                field: join(field),
                reason,
            },
            Error::InvalidShape { field, reason } => Error::InvalidShape {
                field: join(field),
                reason,
            },
            Error::TooLarge { field, len, max } => Error::TooLarge {
                field: join(field),
                len,
                max,
            },
            Error::NonFiniteResult { field } => Error::NonFiniteResult { field: join(field) },
            other => other,
        }
    }
}

impl fmt::Display for Error {
    /// The message, at most [`crate::text::MAX_MESSAGE`] characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let full = self.message();
        if full.chars().count() > MAX_MESSAGE {
            let cut: String = full.chars().take(MAX_MESSAGE).collect();
            write!(f, "{cut}…")
        } else {
            f.write_str(&full)
        }
    }
}

impl Error {
    /// The whole message (see [`fmt::Display`], which caps its length).
    fn message(&self) -> String {
        let mut s = String::new();
        let _ = self.write(&mut s);
        s
    }

    fn write(&self, f: &mut impl fmt::Write) -> fmt::Result {
        match self {
            Error::OutOfRange {
                field,
                value,
                min,
                max,
            } => {
                let (min, max, value) = (short(*min), short(*max), short(*value));
                if min == max {
                    write!(f, "{field}: must be {min}, got {value}")
                } else if max == "Infinity" {
                    write!(f, "{field}: must be ≥ {min}, got {value}")
                } else {
                    write!(f, "{field}: must be between {min} and {max}, got {value}")
                }
            }
            Error::NotFinite { field, value } => {
                write!(f, "{field}: must be a finite number, got {}", short(*value))
            }
            Error::NotWhole { field, value } => {
                write!(f, "{field}: must be a whole number, got {}", short(*value))
            }
            Error::UnknownId {
                field,
                kind,
                value,
                expected,
            } => write!(
                f,
                "{field}: unknown {kind} {value:?}; expected one of {expected}"
            ),
            Error::Unavailable { field, reason }
            | Error::Inconsistent { field, reason }
            | Error::InvalidShape { field, reason } => write!(f, "{field}: {reason}"),
            Error::TooLarge { field, len, max } => {
                write!(f, "{field}: {len} is above the limit of {max}")
            }
            Error::SingularSystem { products } => write!(
                f,
                "technosphere: the system is singular (no unique supply) for product(s) {}",
                list(products)
            ),
            Error::IllConditioned {
                condition,
                products,
            } => write!(
                f,
                "technosphere: badly conditioned (condition number ≈ {}) around product(s) {}",
                crate::number::exp_fixed(*condition, 3),
                list(products)
            ),
            Error::NonFiniteResult { field } => {
                write!(f, "{field}: the computation gave a non-finite number")
            }
        }
    }
}

impl std::error::Error for Error {}

/// Result alias.
pub type Result<T> = std::result::Result<T, Error>;

/// Checks that `value` is finite and within `[min, max]`.
pub fn check_range(field: &str, value: f64, min: f64, max: f64) -> Result<f64> {
    if !value.is_finite() {
        return Err(Error::NotFinite {
            field: field.to_string(),
            value,
        });
    }
    if value < min || value > max {
        return Err(Error::OutOfRange {
            field: field.to_string(),
            value,
            min,
            max,
        });
    }
    Ok(value)
}
