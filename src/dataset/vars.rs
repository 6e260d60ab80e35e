//! The input of every exchange formula: the parameter vector and the quantities derived from
//! it. The type lives with the dataset (whose formulas take it); [`crate::model::derived`]
//! computes the derived part.

include!(concat!(env!("OUT_DIR"), "/dataset_size.rs"));

/// Values for formula identifiers that are not parameters (names as in `build.rs`).
#[allow(non_snake_case)]
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Derived {
    /// Grid intensity of the chosen recycling site, kg CO2-eq/kWh.
    pub siteGrid: f64,
    /// Stoichiometric HCl (100 %) to dissolve 1 kg of NdFeB feed, kg/kg.
    pub hclPerKgFeed: f64,
    /// Stoichiometric oxalic acid (anhydrous) to precipitate the RE recovered from 1 kg feed.
    pub oxalicPerKgFeed: f64,
    /// CO2 in the oxalate carbon recovered from 1 kg feed (all carbon), kg.
    pub oxalateCo2PerKgFeed: f64,
    pub recNd2O3: f64,
    pub recPr6O11: f64,
    pub recDy2O3: f64,
    pub recTb4O7: f64,
    pub boSharePr6O11: f64,
    pub boShareCeO2: f64,
    pub boShareLa2O3: f64,
    pub boShareSm2O3: f64,
    pub boShareGd2O3: f64,
    pub boShareEu2O3: f64,
    pub smcoH2so4PerKgFeed: f64,
    pub smcoAbcPerKgFeed: f64,
    pub smcoSm2O3PerKgFeed: f64,
    pub smcoCo2PerKgFeed: f64,
}

/// Parameters plus derived quantities: the input of every exchange formula.
#[derive(Debug, Clone, PartialEq)]
pub struct Vars {
    /// Parameter values in the order of `dataset::PARAMETERS`.
    pub p: [f64; N_PARAMS],
    /// Quantities derived from `p`.
    pub d: Derived,
}
