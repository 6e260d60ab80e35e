//! The types of a `reo-lca-matrices/2` document (see [`super`] for the format). The command
//! line writes them with `serde_json`, the JS API with the façade's serializer, so both give
//! the same document; the TypeScript declarations come from these types.

use serde::Serialize;
use tsify_next::Tsify;

use crate::dataset::Side;
use crate::engine::{FlowLabel, ProcessLabel, ProductLabel};
use crate::model::scenario::Scenario;
use crate::uncertainty::UncertainInput;

/// The format tag of the document.
pub const FORMAT: &str = "reo-lca-matrices/2";

/// The labelled matrices of one solved route, self-describing: conventions, the scenario that
/// produced them, versions, shapes, labels and units, and the uncertainty of every cell in
/// stats_arrays terms. Any matrix-LCA tool recomputes the score as `cᵀ·B·A⁻¹·f`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct MatrixExport {
    /// `reo-lca-matrices/2`.
    pub format: &'static str,
    /// Sign convention, duplicates, units and how the uncertainty of each cell is given.
    pub conventions: Conventions,
    /// Engine (package) version, e.g. `0.1.0`.
    pub engine_version: &'static str,
    /// Dataset version, e.g. `2026.12.1`.
    pub dataset_version: &'static str,
    /// The scenario that produced the document, as given.
    pub scenario: Scenario,
    /// The same scenario as a share-link fragment (without a custom inventory).
    pub share_link: String,
    /// Which side of the comparison this route is.
    pub side: Side,
    /// Route id.
    pub route: String,
    /// E.g. `1 kg Dy2O3 at the plant gate`.
    pub functional_unit: String,
    /// GWP set of the characterisation factors (`AR6` or `AR5`).
    pub gwp: String,
    /// Allocation rule asked for at every multi-output node (see the processes' labels for
    /// the rule applied at each).
    pub allocation: String,
    /// Row labels of A, in row order.
    pub products: Vec<ProductLabel>,
    /// Column labels of A and B, in column order.
    pub processes: Vec<ProcessLabel>,
    /// Row labels of B, in row order.
    pub flows: Vec<FlowLabel>,
    /// A: products × processes.
    pub technosphere: Matrix,
    /// B: flows × processes.
    pub biosphere: Matrix,
    /// c: one factor per flow.
    pub characterisation: Characterisation,
    /// f: final demand per product (1 unit of the functional-unit product).
    pub demand: Vec<f64>,
    /// s: scaling per process, the solution of `A·s = f`.
    pub scaling: Vec<f64>,
    /// g = B·s: inventory per flow, per functional unit.
    pub inventory: Vec<f64>,
    /// h = cᵀ·g.
    pub score: Score,
    /// The uncertain inputs that drive at least one cell (the cells' `parameter` ids), with
    /// the distributions reo-lca's own Monte Carlo draws from.
    pub inputs: Vec<UncertainInput>,
}

/// The conventions of the document, spelled out.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Conventions {
    /// Row and column indices start at 0.
    pub index_base: u32,
    /// Sign convention of A.
    pub technosphere: &'static str,
    /// Sign convention of B.
    pub biosphere: &'static str,
    /// `summed`: entries at the same row and column add up.
    pub duplicates: &'static str,
    /// How the score follows from the matrices.
    pub score: &'static str,
    /// Units of the entries, factors and score.
    pub units: &'static str,
    /// How each cell's uncertainty is given (and how cells that depend on several inputs are
    /// mapped).
    pub uncertainty: &'static str,
    /// The stats_arrays distribution ids used in `uncertaintyType`.
    pub distribution_ids: Vec<DistributionId>,
}

/// One stats_arrays distribution id.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct DistributionId {
    pub id: u8,
    pub name: &'static str,
}

/// A sparse matrix as a list of cells.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Matrix {
    /// `[rows, columns]`.
    pub shape: (usize, usize),
    /// What the rows are: `products` or `flows`.
    pub rows: &'static str,
    /// What the columns are: `processes`.
    pub cols: &'static str,
    /// The non-zero pattern, in the engine's order (duplicates add up).
    pub entries: Vec<Cell>,
}

/// One matrix entry with its uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    /// Signed value (see the conventions).
    pub value: f64,
    pub uncertainty: CellUncertainty,
}

/// How a cell's distribution was obtained from the inputs that drive it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum Mapping {
    /// No uncertain input changes the cell: deterministic (`uncertaintyType` 1).
    None,
    /// One input drives the cell, which is a linear function of it (a power of it for a
    /// lognormal input): the distribution is exactly the cell's.
    Exact,
    /// Only lognormal inputs drive the cell: lognormal with σ² = Σ (eᵢ·σᵢ)², eᵢ the cell's
    /// elasticity to input i from its 5th and 95th percentiles (exact for a product of powers).
    FirstOrder,
    /// Several inputs of different kinds, or one that enters non-linearly: the dominant
    /// input's distribution carried through the secant between its 5th and 95th percentiles;
    /// the other inputs are left out (`dominantShare` says how much of the spread that keeps).
    Dominant,
}

/// The uncertainty of one cell in stats_arrays terms (`null` where stats_arrays has NaN).
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct CellUncertainty {
    /// stats_arrays id: 1 none, 2 lognormal, 3 normal, 4 uniform, 5 triangular, 13 Beta-PERT.
    pub uncertainty_type: u8,
    /// Lognormal: ln of the median's magnitude; normal: the mean; triangular and PERT: the
    /// mode; none: the value.
    pub loc: Option<f64>,
    /// Lognormal: σ of ln |x|; normal: the standard deviation.
    pub scale: Option<f64>,
    pub shape: Option<f64>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// Lognormal of a negative cell: the draws are negated.
    pub negative: bool,
    /// Id of the input that drives the cell (the dominant one), from `inputs`.
    pub parameter: Option<String>,
    pub mapping: Mapping,
    /// Number of uncertain inputs that change the cell.
    pub drivers: usize,
    /// Share of the cell's first-order spread (sum of squared 5–95 % widths) that the
    /// distribution given here accounts for: 1 for `exact` and `firstOrder`.
    pub dominant_share: Option<f64>,
}

/// The characterisation vector.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Characterisation {
    /// E.g. `IPCC AR6 GWP100`.
    pub method: String,
    /// `kg CO2-eq per unit of flow` (each flow's unit is in `flows`).
    pub unit: &'static str,
    /// One factor per flow, in row order of B; no uncertainty.
    pub factors: Vec<f64>,
}

/// The score with its unit.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Score {
    pub value: f64,
    /// `kg CO2-eq`.
    pub unit: &'static str,
    /// The functional unit the score is per.
    pub per: String,
}

/// The conventions of every `reo-lca-matrices/2` document.
pub fn conventions() -> Conventions {
    Conventions {
        index_base: 0,
        technosphere: "A[product, process]: amount of the row's product per one operation of the column's process; outputs positive, inputs negative (Brightway's sign once its flip is applied)",
        biosphere: "B[flow, process]: amount of the row's elementary flow per one operation of the column's process; emissions positive, uptakes negative",
        duplicates: "summed",
        score: "score = cᵀ·B·s with A·s = f, i.e. cᵀ·B·A⁻¹·f",
        units: "A's entries in the row product's unit, B's in the row flow's unit (see products and flows), per operation of the column process; characterisation factors in kg CO2-eq per unit of flow; score in kg CO2-eq per functional unit",
        uncertainty: "Each cell carries a stats_arrays distribution of its signed value (loc, scale, shape, minimum, maximum, negative) and the id of the input that drives it. reo-lca draws parameters and inventory exchanges (inputs), and a cell is a function of several of them through formulas and allocation. Mapping: each input is moved alone to its 5th and 95th percentiles; inputs that change the cell are its drivers. No driver: type 1 with loc = value. One driver that enters linearly (or as a power, for a lognormal one): its distribution carried exactly. Only lognormal drivers: lognormal, loc = ln|value|, σ² = Σ(eᵢσᵢ)² (first order; exact for products of powers). Otherwise the dominant driver (largest 5-95 % width of the cell) through the secant between its percentiles, the others left out (dominantShare). A price-set draw (one of several years) is given as uniform over the cell's range across the sets. Inputs shared by several cells are drawn independently per cell by a stats_arrays sampler, unlike reo-lca's own Monte Carlo, which keeps them common.",
        distribution_ids: [
            (0, "undefined"),
            (1, "none"),
            (2, "lognormal"),
            (3, "normal"),
            (4, "uniform"),
            (5, "triangular"),
            (13, "Beta-PERT"),
        ]
        .into_iter()
        .map(|(id, name)| DistributionId { id, name })
        .collect(),
    }
}
