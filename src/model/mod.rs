//! Plain model types and their validation: distributions, stoichiometry, derived quantities,
//! scenarios.

pub mod derived;
pub mod distribution;
pub mod rng;
pub mod scenario;
pub mod stoichiometry;
