//! Analyses on top of the planned routes: each route's result, the mined-versus-recycled
//! comparison, its claim check with break-even values, the claim map over every combination of
//! choices, and the reduction and verdict rules.

pub mod claim;
pub mod claim_map;
pub mod compare;
pub mod route_result;
pub mod verdict;
