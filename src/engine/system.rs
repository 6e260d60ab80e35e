//! A product system as labelled matrices: technosphere A (products × processes), biosphere B
//! (elementary flows × processes), characterisation vector c (one GWP100 factor per flow) and
//! the final demand f.

use serde::Serialize;

/// One non-zero matrix entry.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Triplet {
    pub row: usize,
    pub col: usize,
    pub value: f64,
}

/// Row label of A.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductLabel {
    pub id: String,
    pub name: String,
    pub unit: String,
}

/// Column label of A and B.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessLabel {
    pub id: String,
    pub name: String,
    /// Life-cycle stage (`background` for supply-chain datasets).
    pub stage: String,
    /// Allocation applied to build this column, if it came from a multi-output process.
    pub allocation: Option<String>,
}

impl ProcessLabel {
    /// Whether this process is a background dataset (its impacts are attributed to the
    /// foreground stages that use it).
    pub fn is_background(&self) -> bool {
        self.stage == "background"
    }
}

/// Row label of B.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowLabel {
    pub id: String,
    pub name: String,
    pub unit: String,
    /// `fossil` or `biogenic`.
    pub origin: String,
}

/// A product system ready to solve.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProductSystem {
    pub products: Vec<ProductLabel>,
    pub processes: Vec<ProcessLabel>,
    pub flows: Vec<FlowLabel>,
    /// A: outputs positive, inputs negative, per unit of each column's operation.
    pub technosphere: Vec<Triplet>,
    /// B: elementary flows per unit of each column's operation.
    pub biosphere: Vec<Triplet>,
    /// c: kg CO2-eq per unit of each flow.
    pub characterisation: Vec<f64>,
    /// f: final demand per product.
    pub demand: Vec<f64>,
}

impl ProductSystem {
    /// A as a dense row-major matrix (duplicate triplets are summed).
    pub fn dense_technosphere(&self) -> Vec<f64> {
        let n = self.products.len();
        let m = self.processes.len();
        let mut a = vec![0.0; n * m];
        for t in &self.technosphere {
            if t.row < n && t.col < m {
                a[t.row * m + t.col] += t.value;
            }
        }
        a
    }
}
