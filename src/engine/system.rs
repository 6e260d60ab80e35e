//! A product system as labelled matrices: technosphere A (products × processes), biosphere B
//! (elementary flows × processes), characterisation vector c (one GWP100 factor per flow) and
//! the final demand f.

use serde::Serialize;

/// One non-zero matrix entry (0-based; entries at the same position add up).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
pub struct Triplet {
    pub row: usize,
    pub col: usize,
    pub value: f64,
}

/// Fossil or biogenic carbon, for ISO 14067-style reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, tsify_next::Tsify)]
#[serde(rename_all = "camelCase")]
pub enum Origin {
    Fossil,
    Biogenic,
}

/// Row label of A.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ProductLabel {
    pub id: String,
    pub name: String,
    /// Unit of one unit of the product (`kg`, `kWh`, `MJ`, `tkm`, …).
    pub unit: String,
}

/// Column label of A and B.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct ProcessLabel {
    pub id: String,
    pub name: String,
    /// Life-cycle stage.
    pub stage: String,
    /// Whether this is a background (supply-chain) dataset: its impacts are attributed to the
    /// foreground stages that use it.
    pub background: bool,
    /// Allocation applied to build this column, if it came from a multi-output process.
    pub allocation: Option<String>,
}

impl ProcessLabel {
    /// Whether this process is a background dataset.
    pub fn is_background(&self) -> bool {
        self.background
    }
}

/// Row label of B.
#[derive(Debug, Clone, PartialEq, Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct FlowLabel {
    pub id: String,
    pub name: String,
    /// Unit of the flow (kg of the substance).
    pub unit: String,
    pub origin: Origin,
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

impl Origin {
    /// The value as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Fossil => "fossil",
            Origin::Biogenic => "biogenic",
        }
    }
}

crate::text::display_as_str!(Origin);
