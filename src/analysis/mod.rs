//! Analyses on top of the engine: route results and the mined-versus-recycled comparison with
//! its claim check and break-even values.

pub mod claim;
pub mod compare;
pub mod monte_carlo;
pub mod sensitivity;
