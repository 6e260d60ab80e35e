//! A `reo-lca-matrices/2` document as a Brightway datapackage (the layout bw_processing 1.6
//! writes; `tests/python/requirements.txt` pins the versions it is tested with): a zip of
//! `datapackage.json` and, per matrix (`technosphere_matrix`, `biosphere_matrix`,
//! `characterization_matrix`), four `.npy` arrays: `indices` (`[('row', '<i8'), ('col',
//! '<i8')]`), `data` (`<f8`), `flip` (`|b1`) and `distributions` (stats_arrays' dtype).
//!
//! * **Ids**: Brightway matrices are indexed by integer ids, mapped to rows and columns when
//!   bw2calc builds them: product `i` (row `i` of A) is [`PRODUCT_ID`]` + i`, process `j`
//!   [`PROCESS_ID`]` + j`, flow `k` [`FLOW_ID`]` + k`. `datapackage.json` lists them with the
//!   document's labels under `reo_lca`, with the demand (`[[product id, amount]]`), the
//!   score and the id of the input driving each entry (`reo_lca.parameters`, in entry order).
//! * **Signs**: Brightway's idiom: a negative technosphere entry (an input) is stored as its
//!   magnitude with `flip` set (bw2calc negates it back), its distribution describing the
//!   magnitude; biosphere entries keep their sign (a negative lognormal one has `negative`).
//! * **Characterisation**: the diagonal `(flow, flow)` with the document's factors, no
//!   uncertainty (type 1).
//! * **Reproducible**: no creation time; the `id` is a hash of the arrays and the share link,
//!   so the same scenario gives the same bytes natively and in wasm.

use crate::error::Result;
use crate::stats::rng::key_of;

use super::document::{Cell, CellUncertainty, MatrixExport};
use super::jsonw::J;
use super::npy::{self, Distribution};

/// Brightway id of the first product (row 0 of A).
pub const PRODUCT_ID: i64 = 1;
/// Brightway id of the first process (column 0 of A and B).
pub const PROCESS_ID: i64 = 1_000_001;
/// Brightway id of the first elementary flow (row 0 of B).
pub const FLOW_ID: i64 = 2_000_001;

/// One resource group: a matrix's four arrays.
struct Group {
    name: &'static str,
    matrix: &'static str,
    indices: Vec<(i64, i64)>,
    data: Vec<f64>,
    flip: Vec<bool>,
    distributions: Vec<Distribution>,
}

fn nan(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::NAN)
}

/// A cell's uncertainty as a stats_arrays record, of the magnitude when `flip`.
fn record(u: &CellUncertainty, flip: bool) -> Distribution {
    let d = Distribution {
        uncertainty_type: u.uncertainty_type,
        loc: nan(u.loc),
        scale: nan(u.scale),
        shape: nan(u.shape),
        minimum: nan(u.minimum),
        maximum: nan(u.maximum),
        negative: u.negative,
    };
    match (flip, d.uncertainty_type) {
        (false, _) => d,
        // ln|x| is the same; the sign moves to the flip.
        (true, 2) => Distribution {
            negative: !d.negative,
            ..d
        },
        (true, _) => Distribution {
            loc: -d.loc,
            minimum: -d.maximum,
            maximum: -d.minimum,
            ..d
        },
    }
}

fn group(
    name: &'static str,
    matrix: &'static str,
    cells: &[Cell],
    row_id: i64,
    flip_negative: bool,
) -> Group {
    let mut g = Group {
        name,
        matrix,
        indices: Vec::new(),
        data: Vec::new(),
        flip: Vec::new(),
        distributions: Vec::new(),
    };
    for c in cells {
        let flip = flip_negative && c.value < 0.0;
        g.indices
            .push((row_id + c.row as i64, PROCESS_ID + c.col as i64));
        g.data.push(if flip { -c.value } else { c.value });
        g.flip.push(flip);
        g.distributions.push(record(&c.uncertainty, flip));
    }
    g
}

fn characterisation(factors: &[f64]) -> Group {
    let ids = (0..factors.len()).map(|k| FLOW_ID + k as i64);
    Group {
        name: "characterisation",
        matrix: "characterization_matrix",
        indices: ids.map(|i| (i, i)).collect(),
        data: factors.to_vec(),
        flip: vec![false; factors.len()],
        distributions: factors
            .iter()
            .map(|&c| Distribution {
                uncertainty_type: 1,
                loc: c,
                scale: f64::NAN,
                shape: f64::NAN,
                minimum: f64::NAN,
                maximum: f64::NAN,
                negative: false,
            })
            .collect(),
    }
}

/// A resource of `datapackage.json`, as bw_processing describes one.
fn resource(g: &Group, kind: &str) -> J {
    let name = format!("{}.{kind}", g.name);
    J::obj(vec![
        ("profile", J::s("data-resource")),
        ("format", J::s("npy")),
        ("mediatype", J::s("application/octet-stream")),
        ("name", J::Str(name.clone())),
        ("matrix", J::s(g.matrix)),
        ("kind", J::s(kind)),
        ("path", J::Str(format!("{name}.npy"))),
        ("group", J::s(g.name)),
        ("category", J::s("vector")),
        ("nrows", J::Int(g.indices.len() as i64)),
    ])
}

const KINDS: [&str; 4] = ["indices", "data", "distributions", "flip"];

fn arrays(g: &Group) -> [Vec<u8>; 4] {
    [
        npy::indices(&g.indices),
        npy::f64s(&g.data),
        npy::distributions(&g.distributions),
        npy::bools(&g.flip),
    ]
}

/// Labels with their Brightway ids.
fn labels<'a>(
    first: i64,
    items: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
    third: &str,
) -> J {
    J::Arr(
        items
            .enumerate()
            .map(|(i, (id, name, x))| {
                J::Obj(vec![
                    ("bw_id".into(), J::Int(first + i as i64)),
                    ("id".into(), J::s(id)),
                    ("name".into(), J::s(name)),
                    (third.into(), J::s(x)),
                ])
            })
            .collect(),
    )
}

fn parameters(cells: &[Cell]) -> J {
    J::Arr(
        cells
            .iter()
            .map(|c| c.uncertainty.parameter.as_deref().map_or(J::Null, J::s))
            .collect(),
    )
}

/// What `datapackage.json` says about the document besides the resources.
fn reo_lca(m: &MatrixExport) -> J {
    let demand = m
        .demand
        .iter()
        .enumerate()
        .filter(|(_, &f)| f != 0.0)
        .map(|(i, &f)| J::Arr(vec![J::Int(PRODUCT_ID + i as i64), J::Num(f)]))
        .collect();
    J::obj(vec![
        ("format", J::s(m.format)),
        ("engine_version", J::s(m.engine_version)),
        ("dataset_version", J::s(m.dataset_version)),
        ("share_link", J::s(&m.share_link)),
        ("side", J::s(m.side.as_str())),
        ("route", J::s(&m.route)),
        ("functional_unit", J::s(&m.functional_unit)),
        (
            "score",
            J::obj(vec![
                ("value", J::Num(m.score.value)),
                ("unit", J::s(m.score.unit)),
            ]),
        ),
        ("demand", J::Arr(demand)),
        (
            "ids",
            J::s("products: 1 + row of A; processes: 1000001 + column; flows: 2000001 + row of B"),
        ),
        (
            "products",
            labels(
                PRODUCT_ID,
                m.products
                    .iter()
                    .map(|p| (p.id.as_str(), p.name.as_str(), p.unit.as_str())),
                "unit",
            ),
        ),
        (
            "processes",
            labels(
                PROCESS_ID,
                m.processes
                    .iter()
                    .map(|p| (p.id.as_str(), p.name.as_str(), p.stage.as_str())),
                "stage",
            ),
        ),
        (
            "flows",
            labels(
                FLOW_ID,
                m.flows
                    .iter()
                    .map(|f| (f.id.as_str(), f.name.as_str(), f.unit.as_str())),
                "unit",
            ),
        ),
        (
            "parameters",
            J::obj(vec![
                ("technosphere", parameters(&m.technosphere.entries)),
                ("biosphere", parameters(&m.biosphere.entries)),
            ]),
        ),
    ])
}

/// FNV-1a of `bytes` continued from `h`.
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

/// The datapackage (zip bytes) of a `reo-lca-matrices/2` document.
pub fn datapackage(m: &MatrixExport) -> Result<Vec<u8>> {
    let groups = [
        group(
            "technosphere",
            "technosphere_matrix",
            &m.technosphere.entries,
            PRODUCT_ID,
            true,
        ),
        group(
            "biosphere",
            "biosphere_matrix",
            &m.biosphere.entries,
            FLOW_ID,
            false,
        ),
        characterisation(&m.characterisation.factors),
    ];
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut resources = Vec::new();
    let mut hash = key_of(&m.share_link);
    for g in &groups {
        for (kind, bytes) in KINDS.iter().zip(arrays(g)) {
            resources.push(resource(g, kind));
            hash = fnv(hash, &bytes);
            files.push((format!("{}.{kind}.npy", g.name), bytes));
        }
    }
    let name = format!("reo-lca-{}-{}", m.side.as_str(), m.route)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect::<String>();
    let meta = J::obj(vec![
        ("profile", J::s("data-package")),
        ("name", J::Str(name)),
        (
            "id",
            J::Str(format!("{hash:016x}{:016x}", key_of(&format!("{hash:x}")))),
        ),
        (
            "licenses",
            J::Arr(vec![J::obj(vec![
                ("name", J::s("CC-BY-NC-4.0")),
                ("path", J::s("https://creativecommons.org/licenses/by-nc/4.0/")),
                (
                    "title",
                    J::s("Creative Commons Attribution-NonCommercial 4.0 (the Sprecher et al. 2014 inventory as re-published by Miranda Xicotencatl et al. 2023); other sources' terms are in the reo-lca dataset's sources table"),
                ),
            ])]),
        ),
        ("resources", J::Arr(resources)),
        ("combinatorial", J::Bool(false)),
        ("sequential", J::Bool(false)),
        ("seed", J::Null),
        ("64_bit_indices", J::Bool(true)),
        ("sum_intra_duplicates", J::Bool(true)),
        ("sum_inter_duplicates", J::Bool(false)),
        ("matrix_serialize_format_type", J::s("numpy")),
        ("reo_lca", reo_lca(m)),
    ]);
    files.push(("datapackage.json".into(), meta.text().into_bytes()));
    super::zip::stored(&files)
}
