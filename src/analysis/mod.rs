//! Analyses on top of the planned routes: each route's result, the mined-versus-recycled
//! comparison, its claim check with break-even values, and the reduction and verdict rules.

pub mod claim;
pub mod compare;
pub mod route_result;
pub mod verdict;
