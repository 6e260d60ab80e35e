//! The `reo-lca-matrices/2` document describes itself: the scenario and share link that made
//! it, shapes that match the label lists, and per-cell uncertainty whose stats_arrays fields
//! agree with the cell's value and with the distribution of the input that drives it (the
//! values below are those of `src/data/parameters.csv` and `src/data/exchanges.csv`).

use reo_lca::dataset::{Side, PRESETS};
use reo_lca::export::{export_matrices, Cell, Mapping, MatrixExport};
use reo_lca::stats::distribution::Dist;
use reo_lca::Scenario;

fn doc(preset: &str, side: Side) -> MatrixExport {
    export_matrices(&Scenario::preset(preset), side).unwrap()
}

fn cells(m: &MatrixExport) -> impl Iterator<Item = &Cell> {
    m.technosphere.entries.iter().chain(&m.biosphere.entries)
}

#[test]
fn the_document_names_its_scenario_shapes_and_conventions() {
    let mut s = Scenario::preset("ionic-missouri");
    s.overrides.insert("gridSrmw".into(), 0.3);
    let m = export_matrices(&s, Side::Recycled).unwrap();
    assert_eq!(m.format, "reo-lca-matrices/2");
    assert_eq!(m.scenario, s);
    assert_eq!(reo_lca::share::decode(&m.share_link).unwrap().scenario, s);
    assert_eq!(m.side, Side::Recycled);
    assert_eq!(m.conventions.duplicates, "summed");
    assert_eq!(m.conventions.index_base, 0);
    assert!(m
        .conventions
        .technosphere
        .contains("outputs positive, inputs negative"));
    assert_eq!(m.characterisation.unit, "kg CO2-eq per unit of flow");
    assert_eq!(m.characterisation.method, "IPCC AR6 GWP100");
    assert_eq!(m.engine_version, reo_lca::version::ENGINE_VERSION);
    assert_eq!(m.technosphere.shape, (m.products.len(), m.processes.len()));
    assert_eq!(m.biosphere.shape, (m.flows.len(), m.processes.len()));
    assert_eq!(m.characterisation.factors.len(), m.flows.len());
    for (mat, rows) in [
        (&m.technosphere, m.products.len()),
        (&m.biosphere, m.flows.len()),
    ] {
        assert!(mat
            .entries
            .iter()
            .all(|c| c.row < rows && c.col < m.processes.len()));
    }
    // The grid set by the scenario is fixed: it drives no cell.
    assert!(m.inputs.iter().all(|i| i.id != "gridSrmw"));
    assert!(cells(&m).all(|c| c.uncertainty.parameter.as_deref() != Some("gridSrmw")));
}

/// Every cell's stats_arrays fields are consistent with its value and its mapping.
#[test]
fn every_cell_uncertainty_is_consistent() {
    for p in PRESETS {
        for side in Side::ALL {
            let m = doc(p.id, side);
            for c in cells(&m) {
                let u = &c.uncertainty;
                let at = format!("{} {side:?} ({}, {}) {u:?}", p.id, c.row, c.col);
                match u.uncertainty_type {
                    1 => {
                        assert_eq!(u.loc, Some(c.value), "{at}");
                        assert_eq!(u.mapping, Mapping::None, "{at}");
                        assert!(u.parameter.is_none(), "{at}");
                    }
                    2 => {
                        assert_eq!(u.negative, c.value < 0.0, "{at}");
                        assert!(u.scale.unwrap() > 0.0, "{at}");
                        if u.mapping == Mapping::Exact {
                            let gm = u.loc.unwrap().exp();
                            assert!((gm - c.value.abs()).abs() <= 1e-12 * gm, "{at}");
                        }
                    }
                    3 => assert!(u.scale.unwrap() > 0.0, "{at}"),
                    4 | 5 | 13 => {
                        let (a, b) = (u.minimum.unwrap(), u.maximum.unwrap());
                        assert!(a < b, "{at}");
                        assert!(a <= c.value && c.value <= b, "{at}");
                        if u.uncertainty_type != 4 {
                            assert!((a..=b).contains(&u.loc.unwrap()), "{at}");
                        }
                    }
                    t => panic!("{at}: type {t}"),
                }
                if u.mapping != Mapping::None {
                    let id = u.parameter.as_deref().unwrap();
                    assert!(
                        m.inputs.iter().any(|i| i.id == id),
                        "{at}: {id} not in inputs"
                    );
                    assert!(u.drivers >= 1, "{at}");
                    let share = u.dominant_share.unwrap();
                    assert!(share > 0.0 && share <= 1.0, "{at}");
                }
                if matches!(u.mapping, Mapping::Exact) {
                    assert_eq!(u.drivers, 1, "{at}");
                }
            }
        }
    }
}

fn cell_of<'a>(m: &'a MatrixExport, parameter: &str) -> &'a Cell {
    cells(m)
        .find(|c| c.uncertainty.parameter.as_deref() == Some(parameter))
        .unwrap_or_else(|| panic!("no cell driven by {parameter}"))
}

#[test]
fn a_lognormal_parameter_maps_exactly() {
    // miningDiesel: 1.25 MJ/kg ore, lognormal with GSD 1.5 (parameters.csv), the diesel input
    // of Bayan Obo mining.
    let m = doc("sprecher-hdd", Side::Mined);
    let c = cell_of(&m, "miningDiesel");
    assert_eq!(c.value, -1.25);
    let u = &c.uncertainty;
    assert_eq!(
        (u.uncertainty_type, u.mapping, u.negative),
        (2, Mapping::Exact, true)
    );
    assert!((u.loc.unwrap() - 1.25f64.ln()).abs() < 1e-15);
    assert!((u.scale.unwrap() - 1.5f64.ln()).abs() < 1e-15);
    let input = m.inputs.iter().find(|i| i.id == "miningDiesel").unwrap();
    assert_eq!(input.distribution, Dist::LogNormalGsd(1.5));
}

#[test]
fn a_lognormal_exchange_maps_exactly() {
    // bo_mining takes 0.0005 kg blasting agent per kg ore, lognormal GSD 1.1 (exchanges.csv).
    let m = doc("sprecher-hdd", Side::Mined);
    let c = cell_of(&m, "bo_mining/input/blasting_agent");
    assert_eq!(c.value, -0.0005);
    let u = &c.uncertainty;
    assert_eq!((u.uncertainty_type, u.mapping), (2, Mapping::Exact));
    assert!((u.scale.unwrap() - 1.1f64.ln()).abs() < 1e-15);
}

#[test]
fn a_triangular_parameter_maps_exactly_with_its_sign() {
    // iacRedissolutionHcl: triangular 0.5 / 0.64 / 0.8 (parameters.csv), an input of the clay
    // separation, so the cell's triangular is mirrored.
    let m = doc("ionic-missouri", Side::Mined);
    let c = cell_of(&m, "iacRedissolutionHcl");
    let u = &c.uncertainty;
    assert_eq!(c.value, -0.64);
    assert_eq!((u.uncertainty_type, u.mapping), (5, Mapping::Exact));
    assert_eq!(
        (u.minimum, u.loc, u.maximum),
        (Some(-0.8), Some(-0.64), Some(-0.5))
    );
}

#[test]
fn cells_of_several_inputs_are_mapped_to_the_dominant_one() {
    // Economic allocation with the USGS prices drawn per year: allocated cells depend on the
    // price set and on the co-products' amounts.
    let m = doc("ionic-missouri-ndpr", Side::Recycled);
    let mixed: Vec<&Cell> = cells(&m)
        .filter(|c| c.uncertainty.mapping == Mapping::Dominant)
        .collect();
    assert!(!mixed.is_empty());
    assert!(mixed.iter().any(|c| c.uncertainty.drivers > 1));
    for c in &mixed {
        assert!(c.uncertainty.dominant_share.unwrap() >= 1.0 / c.uncertainty.drivers as f64);
    }
    let price = cells(&m)
        .find(|c| c.uncertainty.parameter.as_deref() == Some("priceSet"))
        .unwrap();
    assert_eq!(price.uncertainty.uncertainty_type, 4);
}

#[test]
fn native_and_library_documents_serialise_the_same() {
    // The JSON of the document round-trips through serde_json without loss.
    let m = doc("ionic-belfast", Side::Mined);
    let text = serde_json::to_string(&m).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&m).unwrap(), v);
    assert!(!text.contains("NaN"));
}
