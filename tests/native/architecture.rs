//! The shape of the house, checked: data flows one way through the modules of `src/` (no
//! import cycle between files, and no module imports from a layer above its own), and no
//! source file grows past the size where it starts doing several jobs.
//!
//! Imports are read from the source text: every `crate::…`, `super::…` and `self::…` path
//! (in `use` trees and inline), resolved to the longest prefix that is a module file. A path
//! that resolves to the crate root (`crate::Scenario`, a re-export) counts as an import of
//! `lib.rs`, which imports everything: inside the crate, name items by their own module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Layers from the bottom up: a module may import from its own layer or the ones below.
const LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("text", 0),
    ("version", 0),
    ("read", 0),
    ("order", 0),
    ("number", 0),
    ("engine", 1),
    ("stats", 2),
    ("dataset", 3),
    ("model", 4),
    ("routes", 5),
    ("analysis", 6),
    ("uncertainty", 7),
    ("catalog", 7),
    ("export", 7),
    ("share", 7),
    ("calculator", 8),
    ("json", 8),
    ("wasm", 9),
];

/// Largest source file, in lines (generated code lives in `OUT_DIR`, not in `src/`).
const MAX_LINES: usize = 600;

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "bin" && n != "data") {
                files(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `crate::a::b` path segments of a source file (`lib.rs` → `[]`, `a/mod.rs` → `[a]`).
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let mut segs: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if segs.last().is_some_and(|s| s == "mod" || s == "lib") {
        segs.pop();
    }
    segs
}

/// The text without comments, string and char literals (so paths in docs do not count).
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == '/' && b.get(i + 1) == Some(&'/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if b[i] == '/' && b.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if b[i] == 'r' && (b.get(i + 1) == Some(&'#') || b.get(i + 1) == Some(&'"')) {
            // raw string r"…" or r#"…"#
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(b[i]);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if b[i] == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == '\'' && b.get(i + 2) == Some(&'\'') {
            i += 3; // 'x'
        } else if b[i] == '\'' && b.get(i + 1) == Some(&'\\') {
            while i < b.len() && !(b[i] == '\'' && i > 0 && b[i - 1] != '\\' && b[i - 1] != '\'') {
                i += 1;
            }
            i += 1;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// Expands a `use` tree such as `crate::{a::{self, B}, c::D}` into full paths.
fn expand_tree(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    // split at the top-level `{`
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let mut p = prefix.to_vec();
        p.extend(head);
        let mut depth = 0;
        let mut start = 0;
        let chars: Vec<char> = inner.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    let part: String = chars[start..i].iter().collect();
                    expand_tree(&p, &part, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        let part: String = chars[start..].iter().collect();
        if !part.trim().is_empty() {
            expand_tree(&p, &part, out);
        }
    } else {
        let mut p = prefix.to_vec();
        let tree = tree.split(" as ").next().unwrap_or(tree);
        p.extend(
            tree.split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty() && *s != "self" && *s != "*")
                .map(String::from),
        );
        out.push(p);
    }
}

/// Every `crate::`/`super::`/`self::` path of a file, made absolute.
fn paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut raw: Vec<Vec<String>> = Vec::new();
    // use statements (possibly with trees)
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().last();
        let after = &rest[i + 4..];
        let end = after.find(';').unwrap_or(after.len());
        if before.is_none_or(|c| !(c.is_alphanumeric() || c == '_')) {
            expand_tree(&[], &after[..end], &mut raw);
        }
        rest = &after[end.min(after.len())..];
    }
    // inline paths
    let chars: Vec<char> = code.chars().collect();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(off) = code[from..].find(start) {
            let i = from + off;
            let prev = code[..i].chars().last();
            from = i + start.len();
            if prev.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut k = code[..i].chars().count();
            let mut s = String::new();
            while k < chars.len()
                && (chars[k].is_alphanumeric() || chars[k] == '_' || chars[k] == ':')
            {
                s.push(chars[k]);
                k += 1;
            }
            raw.push(
                s.split("::")
                    .filter(|x| !x.is_empty())
                    .map(String::from)
                    .collect(),
            );
        }
    }
    raw.into_iter()
        .filter_map(|p| {
            let first = p.first()?.as_str();
            let mut base: Vec<String> = match first {
                "crate" => Vec::new(),
                "super" => {
                    // in a/b.rs (module a::b) super is a; in a/mod.rs (module a) the root
                    let mut m = module.to_vec();
                    m.pop();
                    m
                }
                "self" => module.to_vec(),
                _ => return None,
            };
            let mut rest = &p[1..];
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            Some(base)
        })
        .collect()
}

fn layer(module: &[String]) -> Option<u8> {
    let top = module.first()?;
    LAYERS.iter().find(|(m, _)| m == top).map(|(_, l)| *l)
}

struct House {
    /// module path → file
    modules: BTreeMap<Vec<String>, PathBuf>,
    /// importer → imported (module paths of files)
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
}

fn house() -> House {
    let mut fs = Vec::new();
    files(&src(), &mut fs);
    let modules: BTreeMap<Vec<String>, PathBuf> =
        fs.iter().map(|f| (module_of(f), f.clone())).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (m, f) in &modules {
        let text = std::fs::read_to_string(f).unwrap();
        for p in paths(&code_only(&text), m) {
            // longest prefix that is a module file
            let target = (0..=p.len())
                .rev()
                .map(|n| p[..n].to_vec())
                .find(|q| modules.contains_key(q));
            if let Some(t) = target {
                if &t != m {
                    edges.entry(m.clone()).or_default().insert(t);
                }
            }
        }
    }
    House { modules, edges }
}

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "lib".into()
    } else {
        m.join("::")
    }
}

#[test]
fn the_import_reader_sees_trees_super_and_inline_paths() {
    let code = code_only(
        "use crate::{a::{self, B}, c::D as E};\nuse super::x::Y; // crate::ignored\nfn f() { crate::g::h(); let s = \"crate::no\"; }",
    );
    let ps = paths(&code, &["m".to_string(), "n".to_string()]);
    let names: BTreeSet<String> = ps.iter().map(|p| p.join("::")).collect();
    for want in ["a", "a::B", "c::D", "m::x::Y", "g::h"] {
        assert!(names.contains(want), "{want} missing from {names:?}");
    }
    assert!(!names
        .iter()
        .any(|n| n.contains("ignored") || n.contains("no")));
}

#[test]
fn no_module_imports_in_a_cycle() {
    let h = house();
    // Tarjan's strongly connected components.
    struct T<'a> {
        h: &'a House,
        index: BTreeMap<Vec<String>, usize>,
        low: BTreeMap<Vec<String>, usize>,
        stack: Vec<Vec<String>>,
        on: BTreeSet<Vec<String>>,
        n: usize,
        sccs: Vec<Vec<Vec<String>>>,
    }
    fn visit(t: &mut T, v: &Vec<String>) {
        t.index.insert(v.clone(), t.n);
        t.low.insert(v.clone(), t.n);
        t.n += 1;
        t.stack.push(v.clone());
        t.on.insert(v.clone());
        let next: Vec<Vec<String>> = t.h.edges.get(v).into_iter().flatten().cloned().collect();
        for w in next {
            if !t.index.contains_key(&w) {
                visit(t, &w);
                let lw = t.low[&w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(&w) {
                let iw = t.index[&w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(&w);
                let done = &w == v;
                comp.push(w);
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                t.sccs.push(comp);
            }
        }
    }
    let mut t = T {
        h: &h,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        n: 0,
        sccs: Vec::new(),
    };
    let all: Vec<Vec<String>> = h.modules.keys().cloned().collect();
    for v in &all {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    let cycles: Vec<String> = t
        .sccs
        .iter()
        .map(|c| c.iter().map(|m| name(m)).collect::<Vec<_>>().join(" <-> "))
        .collect();
    assert!(
        cycles.is_empty(),
        "import cycles between modules: {cycles:#?}"
    );
    assert!(
        h.modules.len() > 30,
        "read only {} modules",
        h.modules.len()
    );
}

#[test]
fn modules_import_only_from_their_layer_or_below() {
    let h = house();
    let mut bad = Vec::new();
    for (m, targets) in &h.edges {
        let Some(lm) = layer(m) else { continue };
        for t in targets {
            match layer(t) {
                Some(lt) if lt <= lm => {}
                Some(lt) => bad.push(format!(
                    "{} (layer {lm}) imports {} (layer {lt})",
                    name(m),
                    name(t)
                )),
                None => bad.push(format!("{} imports {}", name(m), name(t))),
            }
        }
    }
    for m in h.modules.keys() {
        if !m.is_empty() && layer(m).is_none() {
            bad.push(format!("{} has no layer in LAYERS", name(m)));
        }
    }
    assert!(bad.is_empty(), "layering broken:\n{}", bad.join("\n"));
}

#[test]
fn no_source_file_is_too_long() {
    let mut fs = Vec::new();
    files(&src(), &mut fs);
    let mut bin = Vec::new();
    files(&src().join("bin"), &mut bin);
    let long: Vec<String> = fs
        .iter()
        .chain(&bin)
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:?}");
}
