//! Statistics that know nothing of LCA: the random number generator and its own `ln`/`exp`,
//! distributions with validated constructors, descriptive statistics and least-squares
//! regression.

pub mod descriptive;
pub mod distribution;
pub mod regression;
pub mod rng;
pub mod special;
