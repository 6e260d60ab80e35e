//! Derived quantities that exchange formulas use besides the named parameters: stoichiometric
//! reagent demands, oxide yields and co-product shares ([`Vars::new`]). They are recomputed from the parameter
//! vector whenever it changes, so uncertainty and break-even analyses flow through them.

pub use crate::dataset::Vars;
use crate::dataset::{self, Derived, COMPOSITIONS, N_PARAMS, PARAMETERS};
use crate::model::stoichiometry::{
    carbonate_co2_per_kg_oxide, molar_mass, oxide_per_metal, Formula,
};

/// The parameter vector at its defaults.
pub fn default_params() -> [f64; N_PARAMS] {
    let mut p = [0.0; N_PARAMS];
    for (x, def) in p.iter_mut().zip(PARAMETERS) {
        *x = def.default;
    }
    p
}

/// Constants that [`Vars::new`] needs on every call, looked up once: parameter indices, molar
/// masses and oxide/metal ratios, and the Bayan Obo co-product shares (data, not parameters).
struct Constants {
    /// Parameter indices of feedNd, feedPr, feedDy, feedTb.
    feed: [usize; 4],
    /// Oxide per metal and metal molar mass for Nd2O3, Pr6O11, Dy2O3, Tb4O7.
    feed_oxide: [(f64, f64); 4],
    fe: usize,
    co: usize,
    recovery_yield: usize,
    base_metal_dissolved: usize,
    sm_content: usize,
    sm_recovery: usize,
    m_fe: f64,
    m_co: f64,
    m_sm: f64,
    sm2o3_per_metal: f64,
    sm2o3_carbonate_co2: f64,
    bo_shares: [f64; 6],
    /// Molar masses of HCl, H2C2O4, CO2, H2SO4, NH4HCO3.
    m_hcl: f64,
    m_oxalic: f64,
    m_co2: f64,
    m_h2so4: f64,
    m_abc: f64,
}

fn constants() -> &'static Constants {
    static C: std::sync::OnceLock<Constants> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        // Ids below are names of the parameter and element tables; a typo gives NaN results,
        // caught by the dataset test `derived_parameter_names_exist` and the route tests.
        let idx = |id: &str| dataset::param_index(id).unwrap_or(usize::MAX);
        let m = |s: &str| dataset::atomic_mass(s).unwrap_or(f64::NAN);
        let ratio = |id: &str| dataset::oxide(id).map_or(f64::NAN, oxide_per_metal);
        let feed_oxide = ["Nd2O3", "Pr6O11", "Dy2O3", "Tb4O7"].map(|id| {
            let o = dataset::oxide(id);
            (
                o.map_or(f64::NAN, oxide_per_metal),
                o.map_or(f64::NAN, |o| m(o.element)),
            )
        });
        // Bayan Obo: shares of the non-Nd oxides in the ore's REO (Sprecher mining step).
        let mut others = [0.0f64; 6];
        for (slot, id) in others
            .iter_mut()
            .zip(["Pr6O11", "CeO2", "La2O3", "Sm2O3", "Gd2O3", "Eu2O3"])
        {
            if let Some(o) = dataset::oxide(id) {
                let metal: f64 = COMPOSITIONS
                    .iter()
                    .filter(|c| c.composition == "bayan-obo-ore" && c.element == o.element)
                    .map(|c| c.value)
                    .sum();
                *slot = metal * oxide_per_metal(o);
            }
        }
        let total: f64 = others.iter().sum();
        let bo_shares = others.map(|x| if total > 0.0 { x / total } else { 0.0 });
        let sm2o3 = dataset::oxide("Sm2O3");
        Constants {
            feed: ["feedNd", "feedPr", "feedDy", "feedTb"].map(idx),
            feed_oxide,
            fe: idx("feedFe"),
            co: idx("feedCo"),
            recovery_yield: idx("recoveryYield"),
            base_metal_dissolved: idx("baseMetalDissolved"),
            sm_content: idx("smcoSmContent"),
            sm_recovery: idx("smcoRecovery"),
            m_fe: m("Fe"),
            m_co: m("Co"),
            m_sm: m("Sm"),
            sm2o3_per_metal: ratio("Sm2O3"),
            sm2o3_carbonate_co2: sm2o3.map_or(f64::NAN, carbonate_co2_per_kg_oxide),
            bo_shares,
            m_hcl: molar_mass(Formula::Hcl),
            m_oxalic: molar_mass(Formula::OxalicAcid),
            m_co2: molar_mass(Formula::Co2),
            m_h2so4: molar_mass(Formula::H2so4),
            m_abc: molar_mass(Formula::AmmoniumBicarbonate),
        }
    })
}

fn at(p: &[f64; N_PARAMS], i: usize) -> f64 {
    p.get(i).copied().unwrap_or(f64::NAN)
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
        let c = constants();
        let mut d = Derived {
            siteGrid: at(&p, site_grid_param),
            ..Derived::default()
        };

        // NdFeB feed
        let metals = c.feed.map(|i| at(&p, i));
        let mut reo_content = 0.0;
        let mut mol_re = 0.0; // mol RE per g feed ×1000 (g/mol basis)
        for (metal, (ratio, molar)) in metals.iter().zip(c.feed_oxide) {
            reo_content += metal * ratio;
            mol_re += metal / molar;
        }
        let recovery = if reo_content > 0.0 {
            at(&p, c.recovery_yield) / reo_content
        } else {
            0.0
        };
        let rec = |k: usize| metals[k] * c.feed_oxide[k].0 * recovery;
        d.recNd2O3 = rec(0);
        d.recPr6O11 = rec(1);
        d.recDy2O3 = rec(2);
        d.recTb4O7 = rec(3);
        let dissolved = at(&p, c.base_metal_dissolved);
        d.hclPerKgFeed = (2.0 * dissolved * at(&p, c.fe) / c.m_fe
            + 2.0 * dissolved * at(&p, c.co) / c.m_co
            + 3.0 * mol_re)
            * c.m_hcl;
        d.oxalicPerKgFeed = 1.5 * recovery * mol_re * c.m_oxalic;
        d.oxalateCo2PerKgFeed = 3.0 * recovery * mol_re * c.m_co2;

        [
            d.boSharePr6O11,
            d.boShareCeO2,
            d.boShareLa2O3,
            d.boShareSm2O3,
            d.boShareGd2O3,
            d.boShareEu2O3,
        ] = c.bo_shares;

        // SmCo (Sm2Co17 simplification: the rest is Co)
        let sm = at(&p, c.sm_content);
        let sm_rec = at(&p, c.sm_recovery);
        d.smcoH2so4PerKgFeed = ((1.0 - sm) / c.m_co + 1.5 * sm / c.m_sm) * c.m_h2so4;
        d.smcoAbcPerKgFeed = 3.0 * sm * sm_rec / c.m_sm * c.m_abc;
        d.smcoSm2O3PerKgFeed = sm * c.sm2o3_per_metal * sm_rec;
        d.smcoCo2PerKgFeed = d.smcoSm2O3PerKgFeed * c.sm2o3_carbonate_co2;
        Vars { p, d }
    }
}

/// REO content of the NdFeB feed, kg REO per kg magnet: `Σ metal_i · oxide/metal_i`.
pub fn feed_reo_content(p: &[f64; N_PARAMS]) -> f64 {
    let c = constants();
    c.feed
        .iter()
        .zip(c.feed_oxide)
        .map(|(&i, (ratio, _))| at(p, i) * ratio)
        .sum()
}
