//! Scenarios and their validation, on top of the dataset: the discrete choices, the scenario
//! as users give it, its validation into a resolved scenario, stoichiometry and the derived
//! quantities of the exchange formulas.

pub mod choices;
pub mod derived;
pub mod resolve;
pub mod scenario;
pub mod stoichiometry;
