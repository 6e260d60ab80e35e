//! The matrix export is complete: an independent dense solve of the exported JSON reproduces
//! the engine's score to 1e-9, for both sides of every preset. The CSV holds the same numbers.
//! The document's identity, labels and cell uncertainty are in `export_document.rs`, the
//! datapackage in `datapackage.rs`.
#![allow(clippy::needless_range_loop)] // textbook index loops

use reo_lca::dataset::Side;
use reo_lca::dataset::PRESETS;
use reo_lca::export::{export_matrices, results_csv};
use reo_lca::{compare, Scenario};
use serde_json::Value;

/// Gauss–Jordan elimination with full pivoting on a dense copy: deliberately a different
/// algorithm from the engine's LU.
fn gauss_jordan(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    let mut col_perm: Vec<usize> = (0..n).collect();
    for k in 0..n {
        let (mut pr, mut pc, mut best) = (k, k, 0.0);
        for (i, row) in a.iter().enumerate().skip(k) {
            for (j, v) in row.iter().enumerate().skip(k) {
                if v.abs() > best {
                    best = v.abs();
                    pr = i;
                    pc = j;
                }
            }
        }
        assert!(best > 0.0, "singular export");
        a.swap(k, pr);
        b.swap(k, pr);
        for row in a.iter_mut() {
            row.swap(k, pc);
        }
        col_perm.swap(k, pc);
        let p = a[k][k];
        for j in 0..n {
            a[k][j] /= p;
        }
        b[k] /= p;
        for i in 0..n {
            if i != k && a[i][k] != 0.0 {
                let f = a[i][k];
                for j in 0..n {
                    a[i][j] -= f * a[k][j];
                }
                b[i] -= f * b[k];
            }
        }
    }
    let mut x = vec![0.0; n];
    for (k, &c) in col_perm.iter().enumerate() {
        x[c] = b[k];
    }
    x
}

fn recompute(json: &Value) -> f64 {
    let n = json["products"].as_array().unwrap().len();
    let m = json["processes"].as_array().unwrap().len();
    let nf = json["flows"].as_array().unwrap().len();
    assert_eq!(n, m, "square technosphere");
    assert_eq!(json["technosphere"]["shape"], serde_json::json!([n, m]));
    assert_eq!(json["biosphere"]["shape"], serde_json::json!([nf, m]));
    let dense = |key: &str, rows: usize| {
        let mut a = vec![vec![0.0; m]; rows];
        for t in json[key]["entries"].as_array().unwrap() {
            a[t["row"].as_u64().unwrap() as usize][t["col"].as_u64().unwrap() as usize] +=
                t["value"].as_f64().unwrap();
        }
        a
    };
    let (a, bmat) = (dense("technosphere", n), dense("biosphere", nf));
    let numbers = |v: &Value| -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    let c = numbers(&json["characterisation"]["factors"]);
    let f = numbers(&json["demand"]);
    let s = gauss_jordan(a, f);
    (0..nf)
        .map(|k| c[k] * (0..m).map(|j| bmat[k][j] * s[j]).sum::<f64>())
        .sum()
}

#[test]
fn exported_matrices_recompute_to_the_engine_score() {
    for p in PRESETS {
        let s = Scenario::preset(p.id);
        let c = compare(&s).unwrap();
        for (side, total) in [
            (Side::Mined, c.mined.total),
            (Side::Recycled, c.recycled.total),
        ] {
            let e = export_matrices(&s, side).unwrap();
            let json: Value = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
            assert_eq!(json["format"], "reo-lca-matrices/2");
            let score = recompute(&json);
            assert!(
                (score - total).abs() <= 1e-9 * total.abs(),
                "{} {side:?}: independent {score} vs engine {total}",
                p.id
            );
            assert!((json["score"]["value"].as_f64().unwrap() - total).abs() <= 1e-12 * total);
            assert_eq!(json["score"]["unit"], "kg CO2-eq");
            assert_eq!(json["score"]["per"], c.functional_unit.as_str());
        }
    }
}

#[test]
fn substitution_export_recomputes_too() {
    let mut s = Scenario::preset("ionic-belfast-ndpr");
    s.recycling_rule = Some("substitution".into());
    let c = compare(&s).unwrap();
    let e = export_matrices(&s, Side::Recycled).unwrap();
    let json: Value = serde_json::to_value(&e).unwrap();
    let score = recompute(&json);
    assert!((score - c.recycled.total).abs() <= 1e-9 * c.recycled.total.abs());
}

#[test]
fn csv_rows_add_up_to_the_totals() {
    let c = compare(&Scenario::preset("ionic-missouri")).unwrap();
    let csv = results_csv(&c);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let route = header.iter().position(|h| *h == "kind").unwrap();
    let impact = header.iter().position(|h| *h == "impact_kg_co2e").unwrap();
    let (mut mined, mut recycled) = (0.0, 0.0);
    for l in lines {
        let cells: Vec<&str> = l.split(',').collect();
        let v: f64 = cells[impact].parse().unwrap();
        match cells[route] {
            "mined" => mined += v,
            "recycled" => recycled += v,
            other => panic!("kind {other}"),
        }
    }
    assert!((mined - c.mined.total).abs() < 1e-9 * c.mined.total);
    assert!((recycled - c.recycled.total).abs() < 1e-9 * c.recycled.total);
}
