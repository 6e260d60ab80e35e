//! The stoichiometry of the data brief (§7) reproduced from atomic masses.

use reo_lca::dataset::{oxide, param_index, SITES};
use reo_lca::model::derived::{default_params, feed_reo_content, Vars};
use reo_lca::model::stoichiometry::*;

fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} vs {b} (tol {tol})");
}

#[test]
fn oxide_molar_masses_and_ratios() {
    // (oxide, molar mass, oxide per metal, oxalate CO2, carbonate CO2) from §7.1
    let table = [
        ("Nd2O3", 336.48, 1.166, 0.785, 0.392),
        ("Pr6O11", 1021.44, 1.208, 0.776, 0.388),
        ("Dy2O3", 373.00, 1.148, 0.708, 0.354),
        ("Tb4O7", 747.69, 1.176, 0.706, 0.353),
        ("Sm2O3", 348.72, 1.160, 0.757, 0.379),
        ("La2O3", 325.81, 1.173, 0.810, 0.405),
        ("CeO2", 172.11, 1.228, 0.767, 0.384),
        ("Gd2O3", 362.50, 1.153, 0.728, 0.364),
        ("Eu2O3", 351.93, 1.158, 0.750, 0.375),
    ];
    for (id, m, r, ox, carb) in table {
        let o = oxide(id).unwrap();
        close(oxide_molar_mass(o), m, 0.006);
        close(oxide_per_metal(o), r, 0.0006);
        close(oxalate_co2_per_kg_oxide(o), ox, 0.0006);
        close(carbonate_co2_per_kg_oxide(o), carb, 0.0006);
    }
}

#[test]
fn reagent_molar_masses() {
    close(molar_mass(Formula::Co2), 44.009, 1e-9);
    close(molar_mass(Formula::OxalicAcid), 90.034, 1e-9);
    close(molar_mass(Formula::OxalicAcidDihydrate), 126.064, 1e-9);
    close(molar_mass(Formula::AmmoniumBicarbonate), 79.055, 1e-9);
    close(molar_mass(Formula::Hcl), 36.458, 1e-9);
    close(molar_mass(Formula::H2so4), 98.072, 1e-9);
}

#[test]
fn oxalic_acid_per_single_oxide() {
    // §7.4: Nd2O3 1.124; Pr6O11 1.111; Dy2O3 1.014; Tb4O7 1.012; Sm2O3 1.085 kg/kg
    for (id, v) in [
        ("Nd2O3", 1.124),
        ("Pr6O11", 1.111),
        ("Dy2O3", 1.014),
        ("Tb4O7", 1.012),
        ("Sm2O3", 1.085),
    ] {
        close(oxalic_dihydrate_per_kg_oxide(oxide(id).unwrap()), v, 0.0006);
    }
}

#[test]
fn jin_magnet_reagent_minima() {
    // §7.3–7.4 with the Jin composition: REO 0.373 kg/kg magnet; HCl total 1.25 kg/kg magnet
    // (3.34 per kg REO), RE-only 0.237 (0.64 per kg REO); oxalic acid dihydrate 0.410 kg/kg
    // magnet (1.10 per kg REO); process CO2 0.286 kg/kg magnet (0.77 per kg REO).
    let p = default_params();
    let reo = feed_reo_content(&p);
    close(reo, 0.373, 0.0006);
    let mut p_full = p;
    // 100 % recovery: yield = REO content
    p_full[param_index("recoveryYield").unwrap()] = reo;
    let v = Vars::new(p_full, SITES[0].grid_param);
    close(v.d.hclPerKgFeed, 1.25, 0.005);
    close(v.d.hclPerKgFeed / reo, 3.34, 0.01);
    let dihydrate = v.d.oxalicPerKgFeed * molar_mass(Formula::OxalicAcidDihydrate)
        / molar_mass(Formula::OxalicAcid);
    close(dihydrate, 0.410, 0.001);
    close(dihydrate / reo, 1.10, 0.005);
    close(v.d.oxalateCo2PerKgFeed, 0.286, 0.001);
    close(v.d.oxalateCo2PerKgFeed / reo, 0.77, 0.005);
    close(v.d.recNd2O3 + v.d.recPr6O11 + v.d.recDy2O3, reo, 1e-12);
    // RE-only dissolution
    let mut p_re = p_full;
    p_re[param_index("baseMetalDissolved").unwrap()] = 0.0;
    let v = Vars::new(p_re, SITES[0].grid_param);
    close(v.d.hclPerKgFeed, 0.237, 0.001);
    close(v.d.hclPerKgFeed / reo, 0.64, 0.005);
}

#[test]
fn bayan_obo_ore_distribution() {
    // §6.3: shares of REO CeO2 49.3, La2O3 28.2, Nd2O3 15.4, Pr6O11 5.1, Sm2O3 1.2 %; the
    // derived shares here are of the non-Nd oxides: share_i / (1 − 0.154).
    let v = Vars::new(default_params(), SITES[0].grid_param);
    let others = 1.0 - 0.154;
    close(v.d.boShareCeO2 * others, 0.493, 0.003);
    close(v.d.boShareLa2O3 * others, 0.282, 0.003);
    close(v.d.boSharePr6O11 * others, 0.051, 0.002);
    close(v.d.boShareSm2O3 * others, 0.012, 0.001);
    let sum = v.d.boSharePr6O11
        + v.d.boShareCeO2
        + v.d.boShareLa2O3
        + v.d.boShareSm2O3
        + v.d.boShareGd2O3
        + v.d.boShareEu2O3;
    close(sum, 1.0, 1e-12);
}

#[test]
fn smco_stoichiometry() {
    // Sm2Co17: Sm mass fraction 2·150.36 / (2·150.36 + 17·58.933) = 0.2309
    let sm = 2.0 * 150.36 / (2.0 * 150.36 + 17.0 * 58.933);
    close(sm, 0.231, 0.0005);
    let v = Vars::new(default_params(), SITES[0].grid_param);
    let ox = oxide("Sm2O3").unwrap();
    close(
        v.d.smcoSm2O3PerKgFeed,
        0.231 * oxide_per_metal(ox) * 0.99,
        1e-12,
    );
    close(
        v.d.smcoCo2PerKgFeed,
        v.d.smcoSm2O3PerKgFeed * carbonate_co2_per_kg_oxide(ox),
        1e-12,
    );
}
