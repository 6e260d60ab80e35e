//! Options of a Monte Carlo run, validated once for the command line and the wasm API.

use serde::{Deserialize, Serialize};

use crate::error::{check_range, Error, Result};

/// Most iterations of one run.
pub const MAX_ITERATIONS: usize = 200_000;
/// Iterations when none are given.
pub const DEFAULT_ITERATIONS: usize = 10_000;
/// Seed when none is given.
pub const DEFAULT_SEED: u64 = 1;
/// Largest seed that a JavaScript number holds exactly (2⁵³ − 1).
pub const MAX_SAFE_SEED: u64 = 9_007_199_254_740_991;

/// Options of a Monte Carlo run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct McOptions {
    /// Number of iterations, 1 to [`MAX_ITERATIONS`].
    #[serde(default = "default_iterations")]
    pub iterations: usize,
    /// Seed of the generator.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// One draw of every input per iteration for both routes (default). `false` draws the
    /// routes independently (only useful to show what common random numbers save).
    #[serde(default = "default_true")]
    pub common_random_numbers: bool,
    /// Also compute standardised regression coefficients ([`McRun::global_sensitivity`]);
    /// off by default, as it costs about as much again as the run.
    #[serde(default)]
    pub global_sensitivity: bool,
}

fn default_iterations() -> usize {
    DEFAULT_ITERATIONS
}
fn default_seed() -> u64 {
    DEFAULT_SEED
}
fn default_true() -> bool {
    true
}

impl Default for McOptions {
    fn default() -> Self {
        McOptions {
            iterations: DEFAULT_ITERATIONS,
            seed: DEFAULT_SEED,
            common_random_numbers: true,
            global_sensitivity: false,
        }
    }
}

impl McOptions {
    /// The one validated constructor (command line and JS alike): `iterations` a whole number
    /// in `1..=MAX_ITERATIONS`, `seed` a whole number in `0..=2⁵³ − 1` (what a JavaScript number
    /// holds exactly). Errors name `options.iterations` or `options.seed`.
    ///
    /// ```
    /// use reo_lca::uncertainty::McOptions;
    /// let o = McOptions::new(1000.0, 42.0, true, false).unwrap();
    /// assert_eq!((o.iterations, o.seed), (1000, 42));
    /// assert_eq!(McOptions::new(1000.0, f64::NAN, true, false).unwrap_err().field(), "options.seed");
    /// assert_eq!(McOptions::new(1e9, 1.0, true, false).unwrap_err().field(), "options.iterations");
    /// assert_eq!(McOptions::new(10.0, 1.5, true, false).unwrap_err().to_string(), "options.seed: must be a whole number, got 1.5");
    /// ```
    pub fn new(
        iterations: f64,
        seed: f64,
        common_random_numbers: bool,
        global_sensitivity: bool,
    ) -> Result<McOptions> {
        let it = whole_number("options.iterations", iterations, 1.0, MAX_ITERATIONS as f64)?;
        Ok(McOptions {
            iterations: it as usize,
            seed: McOptions::seed("options.seed", seed)?,
            common_random_numbers,
            global_sensitivity,
        })
    }

    /// As [`McOptions::new`] with common random numbers and without global sensitivity.
    pub fn from_numbers(iterations: f64, seed: f64) -> Result<McOptions> {
        McOptions::new(iterations, seed, true, false)
    }

    /// A seed checked as [`McOptions::new`] checks it, named `field`.
    pub fn seed(field: &str, seed: f64) -> Result<u64> {
        Ok(whole_number(field, seed, 0.0, MAX_SAFE_SEED as f64)? as u64)
    }

    /// Checks the iteration count.
    pub fn validate(&self) -> Result<()> {
        check_iterations(self.iterations)
    }
}

/// `v` if it is a whole number in `[min, max]`; else an error naming `field`.
pub fn whole_number(field: &str, v: f64, min: f64, max: f64) -> Result<f64> {
    let v = check_range(field, v, min, max)?;
    if v.fract() != 0.0 {
        return Err(Error::NotWhole {
            field: field.into(),
            value: v,
        });
    }
    Ok(v)
}

fn check_iterations(n: usize) -> Result<()> {
    if n == 0 || n > MAX_ITERATIONS {
        return Err(Error::OutOfRange {
            field: "options.iterations".into(),
            value: n as f64,
            min: 1.0,
            max: MAX_ITERATIONS as f64,
        });
    }
    Ok(())
}
