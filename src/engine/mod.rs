//! The matrix LCA engine: a product system as labelled sparse matrices, a dense LU solver, and
//! the inventory, impact and contribution calculations. Knows nothing of rare earths.

pub mod fast;
pub mod lca;
pub mod lu;
pub mod system;

pub use lca::{solve, Contribution, ContributionKind, Solution};
pub use system::{FlowLabel, Origin, ProcessLabel, ProductLabel, ProductSystem, Triplet};
