//! Derived quantities that exchange formulas use besides the named parameters: stoichiometric
//! reagent demands, oxide yields and co-product shares. They are recomputed from the parameter
//! vector whenever it changes, so uncertainty and break-even analyses flow through them.

use crate::dataset::{self, COMPOSITIONS, N_PARAMS, PARAMETERS};
use crate::model::stoichiometry::{
    carbonate_co2_per_kg_oxide, molar_mass, oxide_mass_per_mol_re, oxide_per_metal, Formula,
};

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
    /// Parameter values in the order of [`PARAMETERS`].
    pub p: [f64; N_PARAMS],
    /// Quantities derived from `p`.
    pub d: Derived,
}

/// The parameter vector at its defaults.
pub fn default_params() -> [f64; N_PARAMS] {
    let mut p = [0.0; N_PARAMS];
    for (x, def) in p.iter_mut().zip(PARAMETERS) {
        *x = def.default;
    }
    p
}

fn pidx(id: &str) -> usize {
    // The ids below are compile-time names of the parameter table; a typo is caught by the
    // dataset tests (`derived_parameter_names_exist`).
    dataset::param_index(id).unwrap_or(usize::MAX)
}

fn get(p: &[f64; N_PARAMS], id: &str) -> f64 {
    p.get(pidx(id)).copied().unwrap_or(f64::NAN)
}

fn ox(id: &str) -> Option<&'static dataset::OxideDef> {
    dataset::oxide(id)
}

/// Names of the parameters [`Vars::new`] reads directly (checked by a dataset test).
pub const PARAMS_READ: &[&str] = &[
    "feedNd",
    "feedPr",
    "feedDy",
    "feedTb",
    "feedFe",
    "feedCo",
    "recoveryYield",
    "baseMetalDissolved",
    "smcoSmContent",
    "smcoRecovery",
];

impl Vars {
    /// Computes the derived quantities for parameters `p` and the recycling site whose grid
    /// parameter is `site_grid_param`.
    ///
    /// NdFeB digestion, HCl per kg feed (stoichiometric, chlorides FeCl2, CoCl2, RECl3):
    /// `(2·d·Fe/M_Fe + 2·d·Co/M_Co + 3·Σ RE_i/M_i) · M_HCl`, `d` = share of base metals dissolved.
    /// Oxalate precipitation: `1.5 · r · Σ RE_i/M_i · M(H2C2O4)`, `r` = recovery =
    /// yield / REO content of the feed. Oxalate CO2: `3 · r · Σ RE_i/M_i · M(CO2)`.
    pub fn new(p: [f64; N_PARAMS], site_grid_param: usize) -> Vars {
        let mut d = Derived {
            siteGrid: p.get(site_grid_param).copied().unwrap_or(f64::NAN),
            ..Derived::default()
        };
        let m = |s: &str| dataset::atomic_mass(s).unwrap_or(f64::NAN);

        // NdFeB feed
        let feed = [
            ("Nd2O3", get(&p, "feedNd")),
            ("Pr6O11", get(&p, "feedPr")),
            ("Dy2O3", get(&p, "feedDy")),
            ("Tb4O7", get(&p, "feedTb")),
        ];
        let mut reo_content = 0.0;
        let mut mol_re = 0.0; // kmol RE per kg feed ×1000 (g/mol basis)
        for (id, metal) in feed {
            if let Some(o) = ox(id) {
                reo_content += metal * oxide_per_metal(o);
                mol_re += metal / m(o.element);
            }
        }
        let recovery = if reo_content > 0.0 {
            get(&p, "recoveryYield") / reo_content
        } else {
            0.0
        };
        for (id, metal) in feed {
            let v = ox(id).map_or(0.0, |o| metal * oxide_per_metal(o) * recovery);
            match id {
                "Nd2O3" => d.recNd2O3 = v,
                "Pr6O11" => d.recPr6O11 = v,
                "Dy2O3" => d.recDy2O3 = v,
                _ => d.recTb4O7 = v,
            }
        }
        let dissolved = get(&p, "baseMetalDissolved");
        d.hclPerKgFeed = (2.0 * dissolved * get(&p, "feedFe") / m("Fe")
            + 2.0 * dissolved * get(&p, "feedCo") / m("Co")
            + 3.0 * mol_re)
            * molar_mass(Formula::Hcl);
        d.oxalicPerKgFeed = 1.5 * recovery * mol_re * molar_mass(Formula::OxalicAcid);
        d.oxalateCo2PerKgFeed = 3.0 * recovery * mol_re * molar_mass(Formula::Co2);

        // Bayan Obo: shares of the non-Nd oxides in the ore's REO (Sprecher mining step)
        let mut others = [0.0f64; 6];
        let names = ["Pr6O11", "CeO2", "La2O3", "Sm2O3", "Gd2O3", "Eu2O3"];
        for (slot, id) in others.iter_mut().zip(names) {
            if let Some(o) = ox(id) {
                let metal: f64 = COMPOSITIONS
                    .iter()
                    .filter(|c| c.composition == "bayan-obo-ore" && c.element == o.element)
                    .map(|c| c.value)
                    .sum();
                *slot = metal * oxide_per_metal(o);
            }
        }
        let total: f64 = others.iter().sum();
        let share = |i: usize| if total > 0.0 { others[i] / total } else { 0.0 };
        d.boSharePr6O11 = share(0);
        d.boShareCeO2 = share(1);
        d.boShareLa2O3 = share(2);
        d.boShareSm2O3 = share(3);
        d.boShareGd2O3 = share(4);
        d.boShareEu2O3 = share(5);

        // SmCo (Sm2Co17 simplification: the rest is Co)
        let sm = get(&p, "smcoSmContent");
        let sm_rec = get(&p, "smcoRecovery");
        d.smcoH2so4PerKgFeed =
            ((1.0 - sm) / m("Co") + 1.5 * sm / m("Sm")) * molar_mass(Formula::H2so4);
        d.smcoAbcPerKgFeed = 3.0 * sm * sm_rec / m("Sm") * molar_mass(Formula::AmmoniumBicarbonate);
        if let Some(o) = ox("Sm2O3") {
            d.smcoSm2O3PerKgFeed = sm * oxide_per_metal(o) * sm_rec;
            d.smcoCo2PerKgFeed = d.smcoSm2O3PerKgFeed * carbonate_co2_per_kg_oxide(o);
            debug_assert!(oxide_mass_per_mol_re(o) > 0.0);
        }
        Vars { p, d }
    }
}

/// REO content of the NdFeB feed, kg REO per kg magnet: `Σ metal_i · oxide/metal_i`.
pub fn feed_reo_content(p: &[f64; N_PARAMS]) -> f64 {
    [
        ("Nd2O3", "feedNd"),
        ("Pr6O11", "feedPr"),
        ("Dy2O3", "feedDy"),
        ("Tb4O7", "feedTb"),
    ]
    .iter()
    .map(|(o, f)| ox(o).map_or(0.0, |o| get(p, f) * oxide_per_metal(o)))
    .sum()
}
