//! The one way field paths are written for input read from outside (JSON text on the command
//! line, JS values in the WebAssembly façade): [`deserialize`] records where deserialization
//! of JSON failed (`serde_path_to_error`; the JS reader, `crate::wasm::read`, records the same
//! path itself), [`render`] writes the path (`inventory.processes[0].outputs`), and
//! [`shape_error`] turns serde's message into an [`Error::InvalidShape`] naming the field
//! itself (a missing or unknown field is named, not its parent).
//!
//! ```
//! use reo_lca::read::{render, Root, Segment};
//! let path = [Segment::Key("processes".into()), Segment::Index(0), Segment::Key("id".into())];
//! assert_eq!(render(Root::named("inventory"), &path), "inventory.processes[0].id");
//! assert_eq!(render(Root::relative("scenario"), &[]), "scenario");
//! ```

use serde::{Deserialize, Deserializer};

use crate::error::Error;
use crate::text::truncate;

/// Longest field path written in an error, in bytes (then `…`).
pub const MAX_PATH_LEN: usize = 200;

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// How paths under one input value are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Root<'a> {
    /// The name of the whole value, used when the path is empty (`scenario`, `options`).
    pub whole: &'a str,
    /// What a non-empty path starts with (empty: paths are relative, as `overrides.gridSrmw`
    /// for a scenario).
    pub prefix: &'a str,
}

impl<'a> Root<'a> {
    /// Paths relative to the value (a scenario's fields are named `overrides.x`, not
    /// `scenario.overrides.x`); the whole value is `whole`.
    pub const fn relative(whole: &'a str) -> Root<'a> {
        Root { whole, prefix: "" }
    }
    /// Paths that start with `name` (`options.seed`, `inventory.processes[0]`).
    pub const fn named(name: &'a str) -> Root<'a> {
        Root {
            whole: name,
            prefix: name,
        }
    }
}

/// Writes `root` + `path`: keys joined by `.`, indices as `[i]`, a key that the dotted form
/// cannot show (empty, or with other characters than letters, digits, `_` and `-`) as
/// `["…"]`; keys are cut to [`crate::text::QUOTE_LEN`] characters and the path to
/// [`MAX_PATH_LEN`] bytes.
pub fn render(root: Root, path: &[Segment]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Segment::Key(k) => {
                let k = truncate(k);
                let plain = !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '…');
                if plain {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(&k);
                } else {
                    s.push_str(&format!("[{k:?}]"));
                }
            }
            Segment::Index(i) => s.push_str(&format!("[{i}]")),
        }
        if s.len() > MAX_PATH_LEN {
            s.push('…');
            break;
        }
    }
    match (root.prefix.is_empty(), s.is_empty()) {
        (_, true) => root.whole.to_string(),
        (true, false) => s,
        (false, false) if s.starts_with('[') => format!("{}{s}", root.prefix),
        (false, false) => format!("{}.{s}", root.prefix),
    }
}

/// A deserialization error and the path where it happened.
#[derive(Debug)]
pub struct PathError<E> {
    pub path: Vec<Segment>,
    pub error: E,
}

/// Deserializes `T` from `d`, recording the path of the first error.
pub fn deserialize<'de, D, T>(d: D) -> Result<T, PathError<D::Error>>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    serde_path_to_error::deserialize(d).map_err(|e| {
        let path = e
            .path()
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
                serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
                serde_path_to_error::Segment::Enum { variant } => {
                    Some(Segment::Key(variant.clone()))
                }
                serde_path_to_error::Segment::Unknown => None,
            })
            .collect();
        PathError {
            path,
            error: e.into_inner(),
        }
    })
}

/// The shape error for serde's message `msg` at `path`: a missing field names the field
/// (`… .outputs: is required`), an unknown field names itself and lists the expected ones.
pub fn shape_error(root: Root, mut path: Vec<Segment>, msg: &str) -> Error {
    let reason = if let Some((name, _)) = msg
        .strip_prefix("missing field `")
        .and_then(|r| r.split_once('`'))
    {
        path.push(Segment::Key(name.to_string()));
        "is required".to_string()
    } else if let Some((name, expected)) = msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split_once('`'))
    {
        if path.last() != Some(&Segment::Key(name.to_string())) {
            path.push(Segment::Key(name.to_string()));
        }
        format!(
            "unknown field; {}",
            expected.trim_start_matches(", ").replace('`', "")
        )
    } else {
        msg.to_string()
    };
    Error::InvalidShape {
        field: render(root, &path),
        reason,
    }
}
