//! The catalogue of the WebAssembly API (`presets()`, `parameters()`, `routes()`,
//! `functionalUnits()`, `allocationSchemes()`, `sites()`, `sources()`, `priceSets()`) as JS,
//! for the text module (`build/text.rs`): each function returns fresh objects built from
//! literals, with the texts taken from the module's `TEXT` table, so the module needs no code to
//! serialize them. The objects are those that `src/catalog.rs` serializes (same keys in the
//! same order, same values); `tests/wasm_text.rs` compares the two for every entry.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::text::{js_string, Texts};
use super::{get, num, Table};

/// The tables the catalogue is made from.
pub struct Tables<'a> {
    pub sources: &'a Table,
    pub params: &'a Table,
    pub products: &'a Table,
    pub sites: &'a Table,
    pub routes: &'a Table,
    pub presets: &'a Table,
    pub price_sets: &'a Table,
    pub schemes: &'a Table,
}

/// A JS number literal that reads back to exactly `x` (Rust's shortest round-trip form).
fn js_num(x: f64) -> String {
    if !x.is_finite() {
        panic!("catalogue number {x} is not finite");
    }
    format!("{x:?}")
}

/// `{ "k": v, ... }` with the keys in the given order.
fn obj(fields: &[(&str, String)]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}: {v}", js_string(k)))
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

fn arr(items: Vec<String>) -> String {
    format!("[{}]", items.join(", "))
}

fn list(s: &str) -> Vec<&str> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

fn strs(items: &[&str]) -> String {
    arr(items.iter().map(|s| js_string(s)).collect())
}

/// `key=rule;…` pairs as an object with the keys sorted (a `BTreeMap` in `src/catalog.rs`;
/// a repeated key keeps its last rule).
fn rules(s: &str) -> String {
    let map: BTreeMap<&str, &str> = list(s)
        .into_iter()
        .filter_map(|kv| kv.split_once('='))
        .collect();
    let fields: Vec<(&str, String)> = map.into_iter().map(|(k, v)| (k, js_string(v))).collect();
    obj(&fields)
}

/// A status tag as `Status` serializes (camelCase variant names).
fn status(tag: &str) -> String {
    let name = match tag {
        "found" => "found",
        "found (secondary)" => "foundSecondary",
        "derived" => "derived",
        "gap" => "gap",
        "parameter" => "parameter",
        other => panic!("unknown status tag {other:?}"),
    };
    js_string(name)
}

/// A parameter's distribution as `Distribution` serializes (`{ kind, …parameters }`).
fn distribution(t: &Table, i: usize, r: &super::Row) -> String {
    let d = |c: &str| js_num(num(t, i, r, c));
    match get(t, i, r, "dist") {
        "fixed" | "" => obj(&[("kind", js_string("fixed"))]),
        "lognormal" => obj(&[("kind", js_string("lognormal")), ("gsd", d("d1"))]),
        "normal" => obj(&[("kind", js_string("normal")), ("sd", d("d1"))]),
        "uniform" => obj(&[
            ("kind", js_string("uniform")),
            ("low", d("d1")),
            ("high", d("d2")),
        ]),
        kind @ ("triangular" | "pert") => obj(&[
            ("kind", js_string(kind)),
            ("min", d("d1")),
            ("mode", d("d2")),
            ("max", d("d3")),
        ]),
        other => panic!(
            "{}.csv row {}: unknown distribution {other:?}",
            t.name,
            i + 2
        ),
    }
}

fn year(s: &str) -> String {
    if s.is_empty() {
        "null".into()
    } else {
        s.parse::<u16>()
            .unwrap_or_else(|_| panic!("bad year {s:?}"))
            .to_string()
    }
}

/// The catalogue functions as a JS object literal `{ presets: () => […], … }`.
pub fn js(t: &Tables, tx: &mut Texts) -> String {
    let mut text = |s: &str| format!("TEXT[{}]", tx.index(s));
    let param_note = |id: &str| -> String {
        t.params
            .rows
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["note"].clone())
            .unwrap_or_else(|| panic!("unknown parameter {id:?}"))
    };
    let mut fns: Vec<(&str, String)> = Vec::new();

    let presets = t.presets.rows.iter().map(|r| {
        obj(&[
            ("id", js_string(&r["id"])),
            ("label", text(&r["label"])),
            ("recycled", js_string(&r["recycled"])),
            ("site", js_string(&r["site"])),
            ("baseline", js_string(&r["baseline"])),
            ("oxide", js_string(&r["oxide"])),
            ("allocation", js_string(&r["allocation"])),
            ("allocationAt", rules(&r["allocation_at"])),
            ("recyclingRule", js_string(&r["recycling_rule"])),
            (
                "claimPercent",
                js_num(num(t.presets, 0, r, "claim_percent")),
            ),
            ("sources", strs(&list(&r["sources"]))),
            ("note", text(&r["note"])),
        ])
    });
    fns.push(("presets", arr(presets.collect())));

    let params = t.params.rows.iter().enumerate().map(|(i, r)| {
        obj(&[
            ("id", js_string(&r["id"])),
            ("group", js_string(&r["group"])),
            ("label", text(&r["label"])),
            ("unit", js_string(&r["unit"])),
            ("default", js_num(num(t.params, i, r, "default"))),
            ("min", js_num(num(t.params, i, r, "min"))),
            ("max", js_num(num(t.params, i, r, "max"))),
            ("uncertainty", distribution(t.params, i, r)),
            ("status", status(&r["status"])),
            ("year", year(&r["year"])),
            ("sources", strs(&list(&r["sources"]))),
            ("note", text(&r["note"])),
        ])
    });
    fns.push(("parameters", arr(params.collect())));

    let routes = t.routes.rows.iter().map(|r| {
        let conditional: Vec<String> = list(&r["oxides_if"])
            .into_iter()
            .map(|kv| {
                let (oxide, p) = kv.split_once('=').unwrap_or((kv, ""));
                obj(&[
                    ("oxide", js_string(oxide)),
                    ("parameter", js_string(p)),
                    ("note", text(&param_note(p))),
                ])
            })
            .collect();
        let driver = match r["claim_driver"].as_str() {
            "" => "null".to_string(),
            id => js_string(id),
        };
        obj(&[
            ("id", js_string(&r["id"])),
            ("kind", js_string(&r["kind"])),
            ("label", text(&r["label"])),
            ("oxides", strs(&list(&r["oxides"]))),
            ("conditionalOxides", arr(conditional)),
            ("available", (r["available"] == "yes").to_string()),
            ("claimDriver", driver),
            ("sources", strs(&list(&r["sources"]))),
            ("note", text(&r["note"])),
        ])
    });
    fns.push(("routes", arr(routes.collect())));

    let units = t
        .products
        .rows
        .iter()
        .filter(|r| !r["functional_unit"].is_empty())
        .map(|r| {
            obj(&[
                ("id", js_string(&r["id"])),
                ("label", text(&r["name"])),
                ("functionalUnit", text(&r["functional_unit"])),
            ])
        });
    fns.push(("functionalUnits", arr(units.collect())));

    let schemes = t.schemes.rows.iter().map(|r| {
        obj(&[
            ("id", js_string(&r["id"])),
            ("label", text(&r["label"])),
            ("rule", js_string(&r["rule"])),
            ("atStages", rules(&r["at_stages"])),
            ("note", text(&r["note"])),
        ])
    });
    fns.push(("allocationSchemes", arr(schemes.collect())));

    let sites = t.sites.rows.iter().map(|r| {
        obj(&[
            ("id", js_string(&r["id"])),
            ("label", text(&r["label"])),
            ("gridParameter", js_string(&r["grid_param"])),
        ])
    });
    fns.push(("sites", arr(sites.collect())));

    let sources = t.sources.rows.iter().map(|r| {
        obj(&[
            ("key", js_string(&r["key"])),
            ("citation", text(&r["citation"])),
            ("url", text(&r["url"])),
            ("licence", text(&r["licence"])),
        ])
    });
    fns.push(("sources", arr(sources.collect())));

    let mut sets: Vec<&str> = Vec::new();
    for r in &t.price_sets.rows {
        if !sets.contains(&r["set"].as_str()) {
            sets.push(&r["set"]);
        }
    }
    fns.push(("priceSets", strs(&sets)));

    let mut o = String::from("const CATALOG = {\n");
    for (name, value) in fns {
        writeln!(o, "  {name}: () => {value},").unwrap();
    }
    o.push_str("};\n");
    o
}
