//! Scenarios and custom inventories from JSON text (native builds: the command line and Rust
//! callers; the WebAssembly façade reads JS values instead), with errors that name the field
//! at fault like every other error of the crate.
//!
//! serde_json reports where decoding failed as a line and column; [`locate`] turns that
//! position into a field path such as `inventory.processes[0].outputs[1].amount`. Before
//! decoding, the text is checked for size, nesting depth and keys given twice in one object
//! (a JSON object decoded into a map would otherwise keep the last value silently).
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

/// Longest JSON text accepted, in bytes (a scenario with the largest custom inventory the
/// limits allow is far smaller).
pub const MAX_JSON_LEN: usize = 4 << 20;
/// Deepest nesting of objects and arrays accepted (a scenario needs 5).
pub const MAX_JSON_DEPTH: usize = 32;
/// Longest field path quoted in an error.
const MAX_PATH_LEN: usize = 200;

/// Decodes a scenario. Field paths are relative to the scenario (`overrides.gridSrmw`).
pub fn scenario_from_json(text: &str) -> Result<Scenario> {
    from_json(text, "")
}

/// Decodes a custom inventory. Field paths start with `inventory`, as in a scenario
/// (`inventory.processes[0].id`).
pub fn inventory_from_json(text: &str) -> Result<CustomInventory> {
    from_json(text, "inventory")
}

/// Decodes any of the crate's input types from JSON; paths are prefixed with `root`.
pub fn from_json<T: DeserializeOwned>(text: &str, root: &str) -> Result<T> {
    let whole = if root.is_empty() { "scenario" } else { root };
    if text.len() > MAX_JSON_LEN {
        return Err(Error::TooLarge {
            field: whole.to_string(),
            len: text.len(),
            max: MAX_JSON_LEN,
        });
    }
    let scan = scan(text, usize::MAX);
    if let Some((path, _)) = scan.duplicate {
        return Err(Error::Inconsistent {
            field: join(root, &path),
            reason: "given twice".into(),
        });
    }
    if let Some(path) = scan.too_deep {
        return Err(Error::InvalidShape {
            field: join(root, &path),
            reason: format!("nested deeper than {MAX_JSON_DEPTH} levels"),
        });
    }
    serde_json::from_str(text).map_err(|e| shape_error(text, root, &e))
}

fn shape_error(text: &str, root: &str, e: &serde_json::Error) -> Error {
    let full = e.to_string();
    let msg = match full.rfind(" at line ") {
        Some(i) if e.line() > 0 => &full[..i],
        _ => full.as_str(),
    };
    let mut path = locate(text, e.line(), e.column());
    let reason = if let Some((name, _)) = msg
        .strip_prefix("missing field `")
        .and_then(|r| r.split_once('`'))
    {
        path.push(Segment::Key(name.to_string()));
        "is required".to_string()
    } else if let Some((_, expected)) = msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split_once('`'))
    {
        format!(
            "unknown field; {}",
            expected.trim_start_matches(", ").replace('`', "")
        )
    } else if e.line() > 0 {
        format!("{msg} (line {}, column {})", e.line(), e.column())
    } else {
        msg.to_string()
    };
    Error::InvalidShape {
        field: join(root, &path),
        reason,
    }
}

/// One step of a field path.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

fn render(path: &[Segment]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Segment::Key(k) => {
                let k: String = k.chars().take(60).collect();
                let plain = !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
                if !plain {
                    // `[""]`, `["a.b"]`: a key the dotted form cannot show.
                    s.push_str(&format!("[{k:?}]"));
                } else {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(&k);
                }
            }
            Segment::Index(i) => s.push_str(&format!("[{i}]")),
        }
        if s.len() > MAX_PATH_LEN {
            s.push('…');
            break;
        }
    }
    s
}

/// The field path `root` + `path`; never empty (the whole value is `scenario` or `root`).
fn join(root: &str, path: &[Segment]) -> String {
    let p = render(path);
    match (root.is_empty(), p.is_empty()) {
        (true, true) => "scenario".to_string(),
        (true, false) => p,
        (false, true) => root.to_string(),
        (false, false) if p.starts_with('[') => format!("{root}{p}"),
        (false, false) => format!("{root}.{p}"),
    }
}

/// The field path at a serde_json error position (1-based line, column as serde_json counts
/// them: the column of the last byte read).
pub fn locate(text: &str, line: usize, column: usize) -> Vec<Segment> {
    if line == 0 {
        return Vec::new();
    }
    let mut offset = 0;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line {
            offset += column.min(l.len());
            break;
        }
        offset += l.len() + 1;
    }
    scan(text, offset.min(text.len())).path
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
    /// Path of the innermost value open at the stop offset.
    path: Vec<Segment>,
    /// The first key given twice in one object: the object's path and the key.
    duplicate: Option<(Vec<Segment>, String)>,
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

/// Walks the text up to byte `stop` (or the end) tracking objects, arrays and keys. Tolerates
/// invalid JSON: it only has to find a path, serde_json reports the error itself.
fn scan(text: &str, stop: usize) -> Scan {
    let b = text.as_bytes();
    let end = stop.min(b.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut out = Scan {
        path: Vec::new(),
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
                            p.push(Segment::Key(key.clone()));
                            out.duplicate = Some((p, key));
                        }
                    }
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    out.path = path_of(&stack);
    out
}

/// Decodes the JSON escapes of a key well enough to name it (invalid escapes stay as written).
fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string())
}
