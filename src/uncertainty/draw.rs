//! The draw loop: every sampled input's own random stream, the fast path for lognormal
//! exchange factors, and how a draw gets its derived quantities.

use crate::dataset::Vars;
use crate::dataset::PARAMETERS;
use crate::model::derived::PARAMS_READ;
use crate::stats::distribution::Sampler;
use crate::stats::rng::{self, Rng};

use super::inputs::{choice, InputTarget, UncertainInput};

/// What the draw loop needs of an input, packed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Draw {
    sampler: Sampler,
    divisor: f64,
    target: InputTarget,
}

/// The inputs split for the draw loop: lognormal exchange factors with median 1 (most of
/// them) in a tight loop, the others through their [`Sampler`]. Each input keeps its own
/// stream, so the split does not change any draw.
#[derive(Debug, Clone)]
pub(super) struct Draws {
    pub(super) generic: Vec<Draw>,
    /// The parameter values of each price set a price-set input draws from.
    pub(super) price_sets: Vec<Vec<(usize, f64)>>,
    /// `(σ, exchange index)`: factor `exp(σ·Z)`.
    pub(super) lognormal: Vec<(f64, usize)>,
}

/// The random streams of [`Draws`], in the same order.
#[derive(Debug, Clone)]
pub(super) struct Streams {
    pub(super) generic: Vec<Rng>,
    pub(super) lognormal: Vec<Rng>,
}

/// `(σ, exchange)` if the input is a lognormal exchange factor with median 1.
pub(super) fn lognormal_factor(i: &UncertainInput) -> Option<(f64, usize)> {
    match (i.target, i.sampler) {
        (InputTarget::Exchange(ei), Sampler::LogNormal { scale, mu, sigma })
            if scale == 1.0 && mu == 0.0 && i.divisor == 1.0 =>
        {
            Some((sigma, ei))
        }
        _ => None,
    }
}

impl Draws {
    pub(super) fn new(inputs: &[UncertainInput], price_sets: &[Vec<(usize, f64)>]) -> Draws {
        let mut d = Draws {
            generic: Vec::new(),
            price_sets: price_sets.to_vec(),
            lognormal: Vec::new(),
        };
        for i in inputs {
            match lognormal_factor(i) {
                Some(x) => d.lognormal.push(x),
                None => d.generic.push(Draw {
                    sampler: i.sampler,
                    divisor: i.divisor,
                    target: i.target,
                }),
            }
        }
        d
    }

    /// The streams for `seed`, each input's key XOR `salt`.
    pub(super) fn streams(inputs: &[UncertainInput], seed: u64, salt: u64) -> Streams {
        let mut s = Streams {
            generic: Vec::new(),
            lognormal: Vec::new(),
        };
        for i in inputs {
            let rng = Rng::stream(seed, i.key ^ salt);
            if lognormal_factor(i).is_some() {
                s.lognormal.push(rng);
            } else {
                s.generic.push(rng);
            }
        }
        s
    }

    /// Draws every input once into the parameter vector and the exchange factors.
    #[inline]
    pub(super) fn draw(&self, st: &mut Streams, p: &mut [f64], factors: &mut [f64]) {
        for (d, rng) in self.generic.iter().zip(st.generic.iter_mut()) {
            let x = d.sampler.sample(rng) / d.divisor;
            match d.target {
                InputTarget::Parameter(i) => p[i] = x,
                InputTarget::Exchange(ei) => factors[ei] = x,
                InputTarget::PriceSet => {
                    let set = &self.price_sets[choice(x, self.price_sets.len())];
                    for &(i, v) in set {
                        p[i] = v;
                    }
                }
            }
        }
        for (&(sigma, ei), rng) in self.lognormal.iter().zip(st.lognormal.iter_mut()) {
            factors[ei] = rng::exp(sigma * rng.normal());
        }
    }
}

/// How a draw gets its derived quantities.
#[derive(Debug, Clone)]
pub(super) enum DerivedModel {
    /// No sampled parameter feeds them: the scenario's, with the site grid from the draw.
    Constant,
    /// [`Vars::new`] on every draw.
    Exact,
}

impl DerivedModel {
    pub(super) fn new(sampled: &[(usize, f64)]) -> DerivedModel {
        if sampled
            .iter()
            .any(|(i, _)| PARAMS_READ.contains(&PARAMETERS[*i].id))
        {
            DerivedModel::Exact
        } else {
            DerivedModel::Constant
        }
    }

    /// Sets `vars.d` for the parameters in `vars.p`.
    pub(super) fn apply(&self, vars: &mut Vars, grid: usize) {
        match self {
            DerivedModel::Constant => vars.d.siteGrid = vars.p[grid],
            DerivedModel::Exact => *vars = Vars::new(vars.p, grid),
        }
    }
}
