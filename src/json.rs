//! Scenarios and custom inventories from JSON text (native builds: the command line and Rust
//! callers; the WebAssembly façade reads JS values instead), with errors that name the field
//! at fault like every other error of the crate.
//!
//! Field paths come from [`crate::read`] (the same mechanism as the WebAssembly façade's).
//! Before decoding, the text is checked for size, nesting depth and keys given twice in one
//! object (a JSON object decoded into a map would otherwise keep the last value silently).
//!
//! ```
//! let e = reo_lca::json::scenario_from_json(r#"{"preset": "ionic-missouri", "overrides": {"gridSrmw": "high"}}"#)
//!     .unwrap_err();
//! assert_eq!(e.field(), "overrides.gridSrmw");
//! assert_eq!(e.class(), reo_lca::ErrorClass::Type);
//! ```

use std::collections::HashSet;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::model::scenario::{CustomInventory, Scenario};
use crate::read::{self, render, Root, Segment};

/// Longest JSON text accepted, in bytes (a scenario with the largest custom inventory the
/// limits allow is far smaller).
pub const MAX_JSON_LEN: usize = 4 << 20;
/// Deepest nesting of objects and arrays accepted (a scenario needs 5).
pub const MAX_JSON_DEPTH: usize = 32;

/// Decodes a scenario. Field paths are relative to the scenario (`overrides.gridSrmw`).
pub fn scenario_from_json(text: &str) -> Result<Scenario> {
    from_json(text, "")
}

/// Decodes a custom inventory. Field paths start with `inventory`, as in a scenario
/// (`inventory.processes[0].id`).
pub fn inventory_from_json(text: &str) -> Result<CustomInventory> {
    from_json(text, "inventory")
}

/// Decodes any of the crate's input types from JSON; paths are prefixed with `root` (empty:
/// relative to the value, which is then called `scenario`).
pub fn from_json<T: DeserializeOwned>(text: &str, root: &str) -> Result<T> {
    let root = if root.is_empty() {
        Root::relative("scenario")
    } else {
        Root::named(root)
    };
    if text.len() > MAX_JSON_LEN {
        return Err(Error::TooLarge {
            field: root.whole.to_string(),
            len: text.len(),
            max: MAX_JSON_LEN,
        });
    }
    let scan = scan(text);
    if let Some(path) = scan.duplicate {
        return Err(Error::Inconsistent {
            field: render(root, &path),
            reason: "given twice".into(),
        });
    }
    if let Some(path) = scan.too_deep {
        return Err(Error::InvalidShape {
            field: render(root, &path),
            reason: format!("nested deeper than {MAX_JSON_DEPTH} levels"),
        });
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value = read::deserialize(&mut de).and_then(|v| {
        de.end().map_err(|error| read::PathError {
            path: Vec::new(),
            error,
        })?;
        Ok(v)
    });
    value.map_err(|e| {
        let full = e.error.to_string();
        let msg = match full.rfind(" at line ") {
            Some(i) if e.error.line() > 0 => &full[..i],
            _ => full.as_str(),
        };
        let shaped = read::shape_error(root, e.path, msg);
        match shaped {
            Error::InvalidShape { field, reason } if reason == msg && e.error.line() > 0 => {
                Error::InvalidShape {
                    field,
                    reason: format!(
                        "{msg} (line {}, column {})",
                        e.error.line(),
                        e.error.column()
                    ),
                }
            }
            other => other,
        }
    })
}

struct Frame {
    /// `None` for an array.
    key: Option<Option<String>>,
    keys: HashSet<String>,
    index: usize,
    /// In an object: the next string is a key.
    want_key: bool,
}

struct Scan {
    /// Path of the first key given twice in one object.
    duplicate: Option<Vec<Segment>>,
    /// Path where the nesting first went deeper than [`MAX_JSON_DEPTH`].
    too_deep: Option<Vec<Segment>>,
}

fn path_of(stack: &[Frame]) -> Vec<Segment> {
    stack
        .iter()
        .filter_map(|f| match &f.key {
            Some(Some(k)) => Some(Segment::Key(k.clone())),
            Some(None) => None,
            None => Some(Segment::Index(f.index)),
        })
        .collect()
}

/// Walks the text tracking objects, arrays and keys, for keys given twice and nesting deeper
/// than [`MAX_JSON_DEPTH`]. Tolerates invalid JSON: serde_json reports that itself.
fn scan(text: &str) -> Scan {
    let b = text.as_bytes();
    let end = b.len();
    let mut stack: Vec<Frame> = Vec::new();
    let mut out = Scan {
        duplicate: None,
        too_deep: None,
    };
    let mut i = 0;
    while i < end {
        match b[i] {
            b'{' | b'[' => {
                if stack.len() >= MAX_JSON_DEPTH && out.too_deep.is_none() {
                    out.too_deep = Some(path_of(&stack));
                }
                let object = b[i] == b'{';
                stack.push(Frame {
                    key: if object { Some(None) } else { None },
                    keys: HashSet::new(),
                    index: 0,
                    want_key: object,
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some(f) = stack.last_mut() {
                    match f.key {
                        Some(_) => {
                            f.key = Some(None);
                            f.want_key = true;
                        }
                        None => f.index += 1,
                    }
                }
            }
            b':' => {
                if let Some(f) = stack.last_mut() {
                    f.want_key = false;
                }
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                let mut escaped = false;
                while j < b.len() && (escaped || b[j] != b'"') {
                    escaped = !escaped && b[j] == b'\\';
                    j += 1;
                }
                let raw = text.get(start..j.min(b.len())).unwrap_or("");
                let depth = stack.len();
                if let Some(f) = stack.last_mut() {
                    if f.want_key && f.key.is_some() {
                        let key = unescape(raw);
                        f.want_key = false;
                        f.key = Some(Some(key.clone()));
                        if !f.keys.insert(key.clone()) && out.duplicate.is_none() {
                            let mut p = path_of(&stack[..depth - 1]);
                            p.push(Segment::Key(key));
                            out.duplicate = Some(p);
                        }
                    }
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Decodes the JSON escapes of a key well enough to name it (invalid escapes stay as written).
fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string())
}
