//! The Brightway datapackage: a valid stored zip (read back here by a reader written for the
//! test), `datapackage.json` with bw_processing's resource layout, `.npy` arrays with numpy's
//! headers whose numbers are the document's (technosphere inputs as magnitudes with `flip`),
//! and the same bytes for the same scenario. `tests/python/test_brightway.py` loads the same
//! files with bw_processing and bw2calc.

use reo_lca::dataset::{Side, PRESETS};
use reo_lca::export::datapackage::{datapackage, FLOW_ID, PROCESS_ID, PRODUCT_ID};
use reo_lca::export::{export_matrices, npy, zip};
use reo_lca::{Error, Scenario};
use serde_json::Value;

fn u16_at(b: &[u8], i: usize) -> usize {
    u16::from_le_bytes([b[i], b[i + 1]]) as usize
}

fn u32_at(b: &[u8], i: usize) -> usize {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize
}

/// The entries of a stored zip from its central directory, each checked against its local
/// header and CRC.
fn unzip(z: &[u8]) -> Vec<(String, Vec<u8>)> {
    let eocd = z.len() - 22;
    assert_eq!(u32_at(z, eocd), 0x0605_4B50);
    let (count, cd) = (u16_at(z, eocd + 10), u32_at(z, eocd + 16));
    let mut at = cd;
    let mut out = Vec::new();
    for _ in 0..count {
        assert_eq!(u32_at(z, at), 0x0201_4B50);
        assert_eq!(u16_at(z, at + 10), 0, "stored");
        let (crc, size) = (u32_at(z, at + 16) as u32, u32_at(z, at + 24));
        let name_len = u16_at(z, at + 28);
        let local = u32_at(z, at + 42);
        let name = String::from_utf8(z[at + 46..at + 46 + name_len].to_vec()).unwrap();
        assert_eq!(u32_at(z, local), 0x0403_4B50);
        assert_eq!(&z[local + 30..local + 30 + name_len], name.as_bytes());
        let data = z[local + 30 + name_len..local + 30 + name_len + size].to_vec();
        assert_eq!(zip::crc32(&data), crc, "{name}");
        out.push((name, data));
        at += 46 + name_len;
    }
    assert_eq!(at, eocd);
    out
}

/// The header dict and the body of a `.npy` file.
fn npy_parts(b: &[u8]) -> (String, &[u8]) {
    assert_eq!(&b[..8], b"\x93NUMPY\x01\x00");
    let hlen = u16_at(b, 8);
    assert_eq!((10 + hlen) % 64, 0, "aligned to 64 bytes");
    assert_eq!(b[10 + hlen - 1], b'\n');
    (
        String::from_utf8(b[10..10 + hlen].to_vec()).unwrap(),
        &b[10 + hlen..],
    )
}

fn f64s(body: &[u8]) -> Vec<f64> {
    body.chunks(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

fn i64s(body: &[u8]) -> Vec<i64> {
    body.chunks(8)
        .map(|c| i64::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

#[test]
fn every_preset_gives_a_datapackage_of_the_documents_numbers() {
    for p in PRESETS {
        for side in Side::ALL {
            let s = Scenario::preset(p.id);
            let m = export_matrices(&s, side).unwrap();
            let z = datapackage(&m).unwrap();
            assert_eq!(z, datapackage(&m).unwrap(), "deterministic");
            let files = unzip(&z);
            let get = |name: &str| &files.iter().find(|(n, _)| n == name).unwrap().1;
            let meta: Value = serde_json::from_slice(get("datapackage.json")).unwrap();
            let resources = meta["resources"].as_array().unwrap();
            assert_eq!(resources.len(), 12);
            assert_eq!(files.len(), 13);
            assert_eq!(meta["64_bit_indices"], true);
            assert_eq!(meta["sum_intra_duplicates"], true);
            for r in resources {
                assert!(files.iter().any(|(n, _)| n == r["path"].as_str().unwrap()));
                assert_eq!(r["category"], "vector");
                assert_eq!(r["format"], "npy");
            }
            let tech = &m.technosphere.entries;
            let (h, body) = npy_parts(get("technosphere.indices.npy"));
            assert!(h.starts_with(
                "{'descr': [('row', '<i8'), ('col', '<i8')], 'fortran_order': False, 'shape': ("
            ));
            let idx = i64s(body);
            let (h, body) = npy_parts(get("technosphere.data.npy"));
            assert!(h.contains(&format!("'shape': ({},)", tech.len())), "{h}");
            let data = f64s(body);
            let (_, flip) = npy_parts(get("technosphere.flip.npy"));
            for (k, c) in tech.iter().enumerate() {
                assert_eq!(idx[2 * k], PRODUCT_ID + c.row as i64);
                assert_eq!(idx[2 * k + 1], PROCESS_ID + c.col as i64);
                assert_eq!(data[k], c.value.abs());
                assert_eq!(flip[k] == 1, c.value < 0.0);
            }
            let (h, body) = npy_parts(get("technosphere.distributions.npy"));
            assert!(h.contains("('negative', '|b1')"));
            assert_eq!(body.len(), 22 * tech.len());
            for (k, c) in tech.iter().enumerate() {
                let rec = &body[22 * k..22 * (k + 1)];
                assert_eq!(rec[0], c.uncertainty.uncertainty_type);
                // Flipped lognormals describe the magnitude.
                if rec[0] == 2 {
                    assert_eq!(rec[21], 0, "{} {side:?}: magnitude, not negated", p.id);
                }
            }
            let bio = &m.biosphere.entries;
            let data = f64s(npy_parts(get("biosphere.data.npy")).1);
            let idx = i64s(npy_parts(get("biosphere.indices.npy")).1);
            for (k, c) in bio.iter().enumerate() {
                assert_eq!(data[k], c.value);
                assert_eq!(idx[2 * k], FLOW_ID + c.row as i64);
            }
            let cf = f64s(npy_parts(get("characterisation.data.npy")).1);
            assert_eq!(cf, m.characterisation.factors);
            let lca = &meta["reo_lca"];
            assert_eq!(lca["format"], "reo-lca-matrices/2");
            assert_eq!(lca["share_link"], m.share_link.as_str());
            assert_eq!(lca["score"]["value"].as_f64().unwrap(), m.score.value);
            let fu = m.demand.iter().position(|&f| f == 1.0).unwrap();
            let demand = lca["demand"].as_array().unwrap();
            assert_eq!(demand.len(), 1);
            assert_eq!(demand[0][0].as_i64(), Some(PRODUCT_ID + fu as i64));
            assert_eq!(demand[0][1].as_f64(), Some(1.0));
            assert_eq!(lca["products"].as_array().unwrap().len(), m.products.len());
        }
    }
}

#[test]
fn the_npy_header_is_numpys() {
    // numpy.save of np.array([1.0, 2.0]): a 118-byte header dict padded with spaces.
    let b = npy::f64s(&[1.0, 2.0]);
    let (h, body) = npy_parts(&b);
    assert_eq!(
        h.trim_end(),
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }"
    );
    assert_eq!(h.len(), 118);
    assert_eq!(f64s(body), [1.0, 2.0]);
    assert!(npy::bools(&[]).ends_with(
        b"'shape': (0,), }                                                            \n"
    ));
}

#[test]
fn a_zip_past_its_limits_is_a_typed_error() {
    let files: Vec<(String, Vec<u8>)> = (0..65_536).map(|i| (format!("{i}"), Vec::new())).collect();
    match zip::stored(&files) {
        Err(Error::TooLarge { field, len, max }) => {
            assert_eq!((field.as_str(), len, max), ("datapackage", 65_536, 65_535));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn labels_with_quotes_and_control_characters_survive_datapackage_json() {
    use reo_lca::model::scenario::{CustomExchange, CustomInventory, CustomProcess};
    let name = "plant \"A\"\\B\nline\t2 \u{1} ü";
    let mut s = Scenario::preset("ionic-missouri");
    s.inventory = Some(CustomInventory {
        name: Some("test".into()),
        processes: vec![CustomProcess {
            id: "p\"1".into(),
            name: Some(name.into()),
            stage: None,
            outputs: vec![CustomExchange {
                flow: "Dy2O3".into(),
                amount: 1.0,
            }],
            inputs: vec![],
            emissions: vec![CustomExchange {
                flow: "co2_fossil".into(),
                amount: 2.5,
            }],
        }],
    });
    let m = export_matrices(&s, Side::Recycled).unwrap();
    let files = unzip(&datapackage(&m).unwrap());
    let meta = &files
        .iter()
        .find(|(n, _)| n == "datapackage.json")
        .unwrap()
        .1;
    let meta: Value = serde_json::from_slice(meta).unwrap();
    let processes = meta["reo_lca"]["processes"].as_array().unwrap();
    assert!(processes
        .iter()
        .any(|p| p["name"] == name && p["id"] == "custom:p\"1"));
    assert_eq!(
        meta["reo_lca"]["score"]["value"].as_f64(),
        Some(m.score.value)
    );
    assert!((m.score.value - 2.5).abs() < 1e-12);
}
