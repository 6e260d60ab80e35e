//! Scenarios as users and the API give them: a preset plus what differs from it, and custom
//! inventories. [`super::resolve`] validates them.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

/// Longest id or name accepted anywhere in a scenario.
pub const MAX_ID_LEN: usize = 200;
/// Most overrides accepted in one scenario.
pub const MAX_OVERRIDES: usize = 500;
/// Most processes in a custom inventory.
pub const MAX_CUSTOM_PROCESSES: usize = 200;
/// Most exchanges in one custom process.
pub const MAX_CUSTOM_EXCHANGES: usize = 200;

/// Upper bound on the sum of the NdFeB feed's element inputs, kg per kg magnet.
pub const MAX_FEED_INPUT_SUM: f64 = 1.25;

/// One exchange of a user-supplied process.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomExchange {
    /// A product id (built-in, such as `hcl_100` or `electricity_site`, or one of the
    /// inventory's own products) or, for emissions, an elementary flow id such as `co2_fossil`.
    pub flow: String,
    /// Amount per unit of the process's operation; must be finite and ≥ 0.
    pub amount: f64,
}

/// A user-supplied unit process.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomProcess {
    /// Process id, unique in the inventory.
    pub id: String,
    /// Display name (default: the id).
    #[serde(default)]
    #[tsify(optional, type = "string | null")]
    pub name: Option<String>,
    /// Life-cycle stage label (default `custom`).
    #[serde(default)]
    #[tsify(optional, type = "string | null")]
    pub stage: Option<String>,
    /// Products made, per unit of operation (at least one; amounts > 0).
    pub outputs: Vec<CustomExchange>,
    /// Products taken in, per unit of operation.
    #[serde(default, deserialize_with = "null_as_default")]
    #[tsify(optional, type = "CustomExchange[] | null")]
    pub inputs: Vec<CustomExchange>,
    /// Elementary flows emitted (ids of the flow table, e.g. `co2_fossil`), per unit of
    /// operation.
    #[serde(default, deserialize_with = "null_as_default")]
    #[tsify(optional, type = "CustomExchange[] | null")]
    pub emissions: Vec<CustomExchange>,
}

/// A user-supplied inventory that replaces the recycled route. Its processes may use the
/// built-in background products and must together produce the functional-unit oxide.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomInventory {
    /// Display name of the inventory (default "Custom inventory").
    #[serde(default)]
    #[tsify(optional, type = "string | null")]
    pub name: Option<String>,
    /// The unit processes (1 to 200).
    pub processes: Vec<CustomProcess>,
}

/// A scenario as given by a user: a preset plus what differs from it. Unknown keys are
/// rejected; `null` or a missing key means "as in the preset".
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    /// Preset id, e.g. `ionic-missouri` (see `presets()`).
    pub preset: String,
    /// Functional-unit oxide, 1 kg at the plant gate.
    #[serde(default)]
    #[tsify(optional, type = "FunctionalUnit | null")]
    pub oxide: Option<String>,
    /// Mined baseline route id (see `routes()`).
    #[serde(default)]
    #[tsify(optional, type = "string | null")]
    pub baseline: Option<String>,
    /// Recycled route id (see `routes()`).
    #[serde(default)]
    #[tsify(optional, type = "string | null")]
    pub recycled: Option<String>,
    /// Recycling site id (see `sites()`).
    #[serde(default)]
    #[tsify(optional, type = "string | null")]
    pub site: Option<String>,
    /// Allocation rule at every multi-output node (but those in `allocationAt`).
    #[serde(default)]
    #[tsify(optional, type = "Allocation | null")]
    pub allocation: Option<String>,
    /// Allocation rules at single multi-output nodes, by process id (the `node` of a result's
    /// `allocationNodes`), e.g. `{ "bo_beneficiation": "economic" }`; they override the
    /// preset's and `allocation` at those nodes.
    #[serde(default, deserialize_with = "null_as_default")]
    #[tsify(optional, type = "Record<string, Allocation> | null")]
    pub allocation_at: BTreeMap<String, String>,
    /// Recycling rule of the recycled route.
    #[serde(default)]
    #[tsify(optional, type = "RecyclingRule | null")]
    pub recycling_rule: Option<String>,
    /// GWP100 characterisation set (default AR6).
    #[serde(default)]
    #[tsify(optional, type = "GwpSet | null")]
    pub gwp: Option<String>,
    /// Price set for economic allocation, e.g. `usgs-2024` (see `priceSets()`).
    #[serde(default)]
    #[tsify(optional, type = "string | null")]
    pub price_set: Option<String>,
    /// The stated reduction to check, % (0 to 100; default: the preset's, 61).
    #[serde(default)]
    #[tsify(optional, type = "number | null")]
    pub claim_percent: Option<f64>,
    /// Parameter values by id (see `parameters()`), each in the parameter's unit and range.
    #[serde(default, deserialize_with = "null_as_default")]
    #[tsify(optional, type = "Record<string, number> | null")]
    pub overrides: BTreeMap<String, f64>,
    /// A custom inventory replacing the recycled route.
    #[serde(default)]
    #[tsify(optional, type = "CustomInventory | null")]
    pub inventory: Option<CustomInventory>,
}

impl Scenario {
    /// The scenario of a preset with nothing changed.
    pub fn preset(id: &str) -> Scenario {
        Scenario {
            preset: id.to_string(),
            ..Scenario::default()
        }
    }
}

/// `null` (or a missing key, with `#[serde(default)]`) as the type's default.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
