//! Stoichiometry of rare earth oxides and their precipitates, from standard atomic masses.
//!
//! All masses in g/mol; ratios are dimensionless (kg per kg).

use crate::dataset::{atomic_mass, OxideDef};

/// Molar masses of the reagents, g/mol (from the element table).
pub fn molar_mass(formula: Formula) -> f64 {
    let m = |s: &str| atomic_mass(s).unwrap_or(f64::NAN);
    match formula {
        Formula::Co2 => m("C") + 2.0 * m("O"),
        Formula::Hcl => m("H") + m("Cl"),
        Formula::H2so4 => 2.0 * m("H") + m("S") + 4.0 * m("O"),
        Formula::OxalicAcid => 2.0 * m("H") + 2.0 * m("C") + 4.0 * m("O"),
        Formula::OxalicAcidDihydrate => {
            2.0 * m("H") + 2.0 * m("C") + 4.0 * m("O") + 2.0 * (2.0 * m("H") + m("O"))
        }
        Formula::AmmoniumBicarbonate => m("N") + 5.0 * m("H") + m("C") + 3.0 * m("O"),
    }
}

/// Reagents with a fixed formula.
#[derive(Debug, Clone, Copy)]
pub enum Formula {
    Co2,
    Hcl,
    H2so4,
    OxalicAcid,
    OxalicAcidDihydrate,
    AmmoniumBicarbonate,
}

/// Molar mass of an oxide `RE_a O_b`: `a·M(RE) + b·M(O)`.
///
/// ```
/// let nd2o3 = reo_lca::dataset::oxide("Nd2O3").unwrap();
/// let m = reo_lca::model::stoichiometry::oxide_molar_mass(nd2o3);
/// assert!((m - 336.481).abs() < 1e-3); // 2 × 144.242 + 3 × 15.999
/// ```
pub fn oxide_molar_mass(ox: &OxideDef) -> f64 {
    ox.re_atoms * atomic_mass(ox.element).unwrap_or(f64::NAN)
        + ox.o_atoms * atomic_mass("O").unwrap_or(f64::NAN)
}

/// Oxide mass per mol of rare earth atoms, g/mol RE: `M(oxide) / a`.
pub fn oxide_mass_per_mol_re(ox: &OxideDef) -> f64 {
    oxide_molar_mass(ox) / ox.re_atoms
}

/// kg of oxide per kg of rare earth metal: `M(oxide) / (a · M(RE))`.
///
/// ```
/// let dy = reo_lca::dataset::oxide("Dy2O3").unwrap();
/// let r = reo_lca::model::stoichiometry::oxide_per_metal(dy);
/// assert!((r - 1.148).abs() < 5e-4);
/// ```
pub fn oxide_per_metal(ox: &OxideDef) -> f64 {
    oxide_mass_per_mol_re(ox) / atomic_mass(ox.element).unwrap_or(f64::NAN)
}

/// Process CO2 released when the oxalate `RE2(C2O4)3` is calcined to the oxide, kg CO2 per kg
/// oxide, counting all carbon: `3 · M(CO2) / (M(oxide)/a)` (3 mol C per mol RE).
///
/// ```
/// let nd = reo_lca::dataset::oxide("Nd2O3").unwrap();
/// let c = reo_lca::model::stoichiometry::oxalate_co2_per_kg_oxide(nd);
/// assert!((c - 0.785).abs() < 5e-4);
/// ```
pub fn oxalate_co2_per_kg_oxide(ox: &OxideDef) -> f64 {
    3.0 * molar_mass(Formula::Co2) / oxide_mass_per_mol_re(ox)
}

/// Process CO2 from calcining the carbonate `RE2(CO3)3`, kg CO2 per kg oxide:
/// `1.5 · M(CO2) / (M(oxide)/a)`.
pub fn carbonate_co2_per_kg_oxide(ox: &OxideDef) -> f64 {
    1.5 * molar_mass(Formula::Co2) / oxide_mass_per_mol_re(ox)
}

/// Oxalic acid dihydrate needed to precipitate the oxide's RE, kg per kg oxide (no excess):
/// `1.5 · M(H2C2O4·2H2O) / (M(oxide)/a)`.
///
/// ```
/// let nd = reo_lca::dataset::oxide("Nd2O3").unwrap();
/// let x = reo_lca::model::stoichiometry::oxalic_dihydrate_per_kg_oxide(nd);
/// assert!((x - 1.124).abs() < 5e-4);
/// ```
pub fn oxalic_dihydrate_per_kg_oxide(ox: &OxideDef) -> f64 {
    1.5 * molar_mass(Formula::OxalicAcidDihydrate) / oxide_mass_per_mol_re(ox)
}
