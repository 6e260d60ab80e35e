//! Share links: a scenario as a compact, readable URL fragment stamped with the engine and
//! dataset versions, and its strict decoder.
//!
//! Format (`v1`): `key=value` pairs joined by `~`, for example
//! `v=1~e=0.1.0~d=2026.12.1~p=ionic-missouri~o=Dy2O3~a=mass~gridSrmw=0.45`.
//! Keys: `v` format version (must be 1), `e` engine version, `d` dataset version, `p` preset,
//! `o` oxide, `b` baseline, `r` recycled route, `s` site, `a` allocation, `rr` recycling rule,
//! `g` GWP set, `ps` price set, `c` claimed reduction %, `a.<node>` the allocation rule at one
//! multi-output node, any other key a parameter override.
//! Values are percent-encoded where needed. A custom inventory is not carried by links.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::model::scenario::Scenario;
use crate::text::truncate;

/// Longest share string accepted.
pub const MAX_SHARE_LEN: usize = 8192;

/// A decoded share link.
#[derive(Debug, Clone, PartialEq, serde::Serialize, tsify_next::Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct SharedScenario {
    pub scenario: Scenario,
    /// Engine version the link was made with.
    pub engine_version: String,
    /// Dataset version the link was made with.
    pub dataset_version: String,
    /// A notice when the link was made with another engine or dataset version.
    pub notice: Option<String>,
}

fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A number as text that parses back to exactly `x`: Rust's plain form (`0.45`, `1000`), or
/// the exponent form (`1e-300`) when the plain one would be longer than any exponent form
/// (24 characters). The plain form of 1e-300 has 300 zeros, which made links of valid
/// scenarios longer than [`MAX_SHARE_LEN`].
fn num(x: f64) -> String {
    let plain = crate::number::display(x);
    if plain.len() > 24 {
        crate::number::exp(x)
    } else {
        plain
    }
}

fn dec(s: &str, field: &str) -> Result<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .ok_or_else(|| bad(field, "truncated %-escape"))?;
            // Two hex digits exactly (from_str_radix alone would also take "+1").
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad(field, "bad %-escape"));
            }
            let v = u8::from_str_radix(hex, 16).map_err(|_| bad(field, "bad %-escape"))?;
            out.push(v);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad(field, "not UTF-8"))
}

fn bad(field: &str, reason: &str) -> Error {
    Error::InvalidShape {
        field: field.to_string(),
        reason: reason.to_string(),
    }
}

/// Encodes a scenario (without its custom inventory) as a share string.
///
/// ```
/// use reo_lca::{share, Scenario};
/// let mut s = Scenario::preset("ionic-missouri");
/// s.overrides.insert("gridSrmw".into(), 0.45);
/// let link = share::encode(&s);
/// assert_eq!(share::decode(&link).unwrap().scenario, s);
/// ```
pub fn encode(s: &Scenario) -> String {
    let mut parts = vec![
        "v=1".to_string(),
        format!("e={}", enc(crate::version::ENGINE_VERSION)),
        format!("d={}", enc(crate::dataset::DATASET_VERSION)),
        format!("p={}", enc(&s.preset)),
    ];
    let opt = [
        ("o", &s.oxide),
        ("b", &s.baseline),
        ("r", &s.recycled),
        ("s", &s.site),
        ("a", &s.allocation),
        ("rr", &s.recycling_rule),
        ("g", &s.gwp),
        ("ps", &s.price_set),
    ];
    for (k, v) in opt {
        if let Some(v) = v {
            parts.push(format!("{k}={}", enc(v)));
        }
    }
    if let Some(c) = s.claim_percent {
        parts.push(format!("c={}", num(c)));
    }
    for (node, rule) in &s.allocation_at {
        parts.push(format!("a.{}={}", enc(node), enc(rule)));
    }
    for (k, v) in &s.overrides {
        parts.push(format!("{}={}", enc(k), num(*v)));
    }
    parts.join("~")
}

const RESERVED: &[&str] = &[
    "v", "e", "d", "p", "o", "b", "r", "s", "a", "rr", "g", "ps", "c",
];

/// Decodes a share string. Errors name the key at fault (`share.<key>`); the scenario itself
/// is validated later by [`crate::compare`] like any other.
pub fn decode(link: &str) -> Result<SharedScenario> {
    let link = link.trim_start_matches('#');
    let link = link.strip_prefix("s=").unwrap_or(link);
    if link.len() > MAX_SHARE_LEN {
        return Err(Error::TooLarge {
            field: "share".into(),
            len: link.len(),
            max: MAX_SHARE_LEN,
        });
    }
    let mut map: BTreeMap<String, String> = BTreeMap::new();
    let mut overrides = BTreeMap::new();
    let mut allocation_at = BTreeMap::new();
    for part in link.split('~').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').ok_or_else(|| {
            bad(
                "share",
                &format!("expected key=value, got {:?}", truncate(part)),
            )
        })?;
        let key = dec(k, "share")?;
        let field = format!("share.{}", truncate(&key));
        let value = dec(v, &field)?;
        if let Some(node) = key.strip_prefix("a.") {
            if allocation_at.insert(node.to_string(), value).is_some() {
                return Err(Error::Inconsistent {
                    field,
                    reason: "given twice".into(),
                });
            }
        } else if RESERVED.contains(&key.as_str()) {
            if map.insert(key.clone(), value).is_some() {
                return Err(Error::Inconsistent {
                    field,
                    reason: "given twice".into(),
                });
            }
        } else {
            let x = crate::number::parse(&value)
                .ok_or_else(|| bad(&field, &format!("not a number: {:?}", truncate(&value))))?;
            if !x.is_finite() {
                return Err(Error::NotFinite { field, value: x });
            }
            if overrides.insert(key, x).is_some() {
                return Err(Error::Inconsistent {
                    field,
                    reason: "given twice".into(),
                });
            }
        }
    }
    match map.get("v").map(String::as_str) {
        Some("1") => {}
        Some(other) => {
            return Err(bad(
                "share.v",
                &format!("unknown link format {:?}", truncate(other)),
            ))
        }
        None => return Err(bad("share.v", "missing link format version")),
    }
    let preset = map
        .get("p")
        .cloned()
        .ok_or_else(|| bad("share.p", "missing preset"))?;
    let claim_percent = match map.get("c") {
        Some(c) => Some(
            crate::number::parse(c)
                .filter(|x| x.is_finite())
                .ok_or_else(|| bad("share.c", "not a finite number"))?,
        ),
        None => None,
    };
    let engine_version = map.get("e").cloned().unwrap_or_default();
    let dataset_version = map.get("d").cloned().unwrap_or_default();
    let notice = if engine_version != crate::version::ENGINE_VERSION
        || dataset_version != crate::dataset::DATASET_VERSION
    {
        Some(format!(
            "This link was made with engine {} and dataset {}; this is engine {} and dataset {}. Results may differ.",
            if engine_version.is_empty() { "?".into() } else { truncate(&engine_version) },
            if dataset_version.is_empty() { "?".into() } else { truncate(&dataset_version) },
            crate::version::ENGINE_VERSION,
            crate::dataset::DATASET_VERSION
        ))
    } else {
        None
    };
    let get = |k: &str| map.get(k).cloned();
    Ok(SharedScenario {
        scenario: Scenario {
            preset,
            oxide: get("o"),
            baseline: get("b"),
            recycled: get("r"),
            site: get("s"),
            allocation: get("a"),
            allocation_at,
            recycling_rule: get("rr"),
            gwp: get("g"),
            price_set: get("ps"),
            claim_percent,
            overrides,
            inventory: None,
        },
        engine_version,
        dataset_version,
        notice,
    })
}
