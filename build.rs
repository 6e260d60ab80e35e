//! Turns the reviewable data tables in `src/data/*.csv` into Rust source (`$OUT_DIR/dataset.rs`).
//!
//! Nothing parses CSV at run time, so no parser ships in the WebAssembly module. Exchange amounts
//! are small formulas over named parameters and derived (stoichiometric) quantities; they are
//! checked here and compiled into plain Rust functions. A table error (unknown source key,
//! unknown flow, unknown identifier in a formula, malformed number) fails the build with a
//! message that names the file and row.

use std::collections::{BTreeSet, HashMap};
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

#[path = "build/catalog.rs"]
mod catalog;
#[path = "build/text.rs"]
mod text;

/// Names a formula may use besides parameter ids: fields of `Derived` (`src/dataset/vars.rs`),
/// computed in `src/model/derived.rs`.
const DERIVED: &[&str] = &[
    "siteGrid",
    "hclPerKgFeed",
    "oxalicPerKgFeed",
    "oxalateCo2PerKgFeed",
    "recNd2O3",
    "recPr6O11",
    "recDy2O3",
    "recTb4O7",
    "boSharePr6O11",
    "boShareCeO2",
    "boShareLa2O3",
    "boShareSm2O3",
    "boShareGd2O3",
    "boShareEu2O3",
    "smcoH2so4PerKgFeed",
    "smcoAbcPerKgFeed",
    "smcoSm2O3PerKgFeed",
    "smcoCo2PerKgFeed",
];

const STATUSES: &[(&str, &str)] = &[
    ("found", "Found"),
    ("found (secondary)", "FoundSecondary"),
    ("derived", "Derived"),
    ("gap", "Gap"),
    ("parameter", "Parameter"),
];

type Row = HashMap<String, String>;

struct Table {
    name: String,
    rows: Vec<Row>,
}

fn parse_csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_quotes = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, in_quotes) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', true) => in_quotes = false,
            ('"', false) if cur.is_empty() => in_quotes = true,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn read_table(dir: &Path, name: &str) -> Table {
    let path = dir.join(format!("{name}.csv"));
    println!("cargo:rerun-if-changed={}", path.display());
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = parse_csv_line(
        lines
            .next()
            .unwrap_or_else(|| panic!("{name}.csv is empty")),
    );
    let mut rows = Vec::new();
    for (i, line) in lines.enumerate() {
        let cells = parse_csv_line(line);
        if cells.len() != header.len() {
            panic!(
                "{name}.csv row {}: {} cells, header has {}",
                i + 2,
                cells.len(),
                header.len()
            );
        }
        rows.push(header.iter().cloned().zip(cells).collect());
    }
    Table {
        name: name.to_string(),
        rows,
    }
}

fn get<'a>(t: &Table, i: usize, r: &'a Row, col: &str) -> &'a str {
    r.get(col)
        .map(String::as_str)
        .unwrap_or_else(|| panic!("{}.csv row {}: no column {col}", t.name, i + 2))
}

fn num(t: &Table, i: usize, r: &Row, col: &str) -> f64 {
    let s = get(t, i, r, col);
    s.parse::<f64>().unwrap_or_else(|_| {
        panic!(
            "{}.csv row {}: {col} = {s:?} is not a number",
            t.name,
            i + 2
        )
    })
}

fn fmt_f64(x: f64) -> String {
    let s = format!("{x:?}");
    if s.contains('.') || s.contains('e') || s.contains("inf") || s.contains("NaN") {
        s
    } else {
        format!("{s}.0")
    }
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn status(t: &Table, i: usize, s: &str) -> String {
    STATUSES
        .iter()
        .find(|(k, _)| *k == s)
        .map(|(_, v)| format!("Status::{v}"))
        .unwrap_or_else(|| panic!("{}.csv row {}: unknown status tag {s:?}", t.name, i + 2))
}

fn year(t: &Table, i: usize, r: &Row) -> String {
    let s = get(t, i, r, "year");
    if s.is_empty() {
        "None".into()
    } else {
        let y: u16 = s
            .parse()
            .unwrap_or_else(|_| panic!("{}.csv row {}: bad year {s:?}", t.name, i + 2));
        format!("Some({y})")
    }
}

fn index_of(keys: &[String], key: &str, what: &str, t: &Table, i: usize) -> usize {
    keys.iter()
        .position(|k| k == key)
        .unwrap_or_else(|| panic!("{}.csv row {}: unknown {what} {key:?}", t.name, i + 2))
}

fn source_list(t: &Table, i: usize, r: &Row, col: &str, keys: &[String]) -> String {
    let s = get(t, i, r, col);
    let ids: Vec<String> = s
        .split(';')
        .filter(|k| !k.trim().is_empty())
        .map(|k| index_of(keys, k.trim(), "source key", t, i).to_string())
        .collect();
    if ids.is_empty() {
        panic!("{}.csv row {}: no source", t.name, i + 2);
    }
    format!("&[{}]", ids.join(", "))
}

fn dist(t: &Table, i: usize, r: &Row, default: Option<f64>) -> String {
    let kind = get(t, i, r, "dist");
    let d = |c: &str| num(t, i, r, c);
    match kind {
        "fixed" | "" => "Dist::Fixed".into(),
        "lognormal" => format!("Dist::LogNormalGsd({})", fmt_f64(d("d1"))),
        "normal" => format!("Dist::NormalSd({})", fmt_f64(d("d1"))),
        "uniform" => format!("Dist::Uniform({}, {})", fmt_f64(d("d1")), fmt_f64(d("d2"))),
        "triangular" => format!(
            "Dist::Triangular({}, {}, {})",
            fmt_f64(d("d1")),
            fmt_f64(d("d2")),
            fmt_f64(d("d3"))
        ),
        "pert" => format!(
            "Dist::Pert({}, {}, {})",
            fmt_f64(d("d1")),
            fmt_f64(d("d2")),
            fmt_f64(d("d3"))
        ),
        other => panic!(
            "{}.csv row {}: unknown distribution {other:?} (default {default:?})",
            t.name,
            i + 2
        ),
    }
}

/// Compiles a formula such as `0.25 * recoveryYield * sxScale` into a Rust expression over
/// `v: &Vars`. Grammar: numbers, identifiers, `+ - * /`, parentheses.
/// The ore baskets: for each formula identifier `share_<basket>_<product>` (dashes of the basket
/// id as underscores), the Rust expression of the share normalised over its basket and the
/// parameters it reads.
type Baskets = HashMap<String, (String, BTreeSet<usize>)>;

fn basket_shares(t: &Table, params: &[String], products: &[String]) -> Baskets {
    // members per basket: (product, Rust term of its share, parameter read)
    type Member = (String, String, Option<usize>);
    let mut members: Vec<(String, Vec<Member>)> = Vec::new();
    for (i, r) in t.rows.iter().enumerate() {
        index_of(products, &r["product"], "product", t, i);
        status(t, i, &r["status"]);
        let v = r["value"].trim();
        let (term, p) = match params.iter().position(|k| k == v) {
            Some(p) => (format!("v.p[{p}]"), Some(p)),
            None => {
                let x: f64 = v.parse().unwrap_or_else(|_| {
                    panic!(
                        "baskets.csv row {}: value {v:?} is neither a number nor a parameter id",
                        i + 2
                    )
                });
                if !(0.0..=1.0).contains(&x) {
                    panic!("baskets.csv row {}: share {x} outside [0, 1]", i + 2);
                }
                (fmt_f64(x), None)
            }
        };
        let b = r["basket"].clone();
        match members.iter_mut().find(|(k, _)| *k == b) {
            Some((_, m)) => {
                if m.iter().any(|(q, _, _)| *q == r["product"]) {
                    panic!(
                        "baskets.csv row {}: {} twice in basket {b}",
                        i + 2,
                        r["product"]
                    );
                }
                m.push((r["product"].clone(), term, p))
            }
            None => members.push((b, vec![(r["product"].clone(), term, p)])),
        }
    }
    let mut out = Baskets::new();
    for (b, m) in &members {
        let total: Vec<&str> = m.iter().map(|(_, t, _)| t.as_str()).collect();
        let used: BTreeSet<usize> = m.iter().filter_map(|(_, _, p)| *p).collect();
        for (product, term, _) in m {
            let id = format!("share_{}_{}", b.replace('-', "_"), product);
            out.insert(
                id,
                (format!("({term} / ({}))", total.join(" + ")), used.clone()),
            );
        }
    }
    out
}

fn compile_formula(
    src: &str,
    params: &[String],
    baskets: &Baskets,
    t: &Table,
    i: usize,
) -> (String, BTreeSet<usize>) {
    let mut out = String::new();
    let mut used = BTreeSet::new();
    let mut chars = src.chars().peekable();
    let mut depth = 0i32;
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c.is_ascii_digit() || c == '.' {
            let mut s = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() || d == '.' || d == 'e' || d == 'E' {
                    s.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            let x: f64 = s.parse().unwrap_or_else(|_| {
                panic!("{}.csv row {}: bad number {s:?} in formula", t.name, i + 2)
            });
            out.push_str(&fmt_f64(x));
        } else if c.is_ascii_alphabetic() {
            let mut s = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_ascii_alphanumeric() || d == '_' {
                    s.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            if let Some(p) = params.iter().position(|k| *k == s) {
                write!(out, "v.p[{p}]").unwrap();
                used.insert(p);
            } else if DERIVED.contains(&s.as_str()) {
                write!(out, "v.d.{s}").unwrap();
            } else if let Some((expr, ps)) = baskets.get(&s) {
                out.push_str(expr);
                used.extend(ps);
            } else {
                panic!(
                    "{}.csv row {}: unknown identifier {s:?} in formula {src:?}",
                    t.name,
                    i + 2
                );
            }
        } else if "+-*/".contains(c) {
            write!(out, " {c} ").unwrap();
            chars.next();
        } else if c == '(' || c == ')' {
            depth += if c == '(' { 1 } else { -1 };
            out.push(c);
            chars.next();
        } else {
            panic!(
                "{}.csv row {}: bad character {c:?} in formula",
                t.name,
                i + 2
            );
        }
    }
    if depth != 0 || out.is_empty() {
        panic!("{}.csv row {}: malformed formula {src:?}", t.name, i + 2);
    }
    (out, used)
}

fn keys(t: &Table, col: &str) -> Vec<String> {
    let k: Vec<String> = t.rows.iter().map(|r| r[col].clone()).collect();
    let mut seen = BTreeSet::new();
    for (i, key) in k.iter().enumerate() {
        if !seen.insert(key) {
            panic!("{}.csv row {}: duplicate id {key:?}", t.name, i + 2);
        }
    }
    k
}

fn main() {
    let dir = Path::new("src/data");
    let sources = read_table(dir, "sources");
    let params = read_table(dir, "parameters");
    let elements = read_table(dir, "elements");
    let oxides = read_table(dir, "oxides");
    let comps = read_table(dir, "compositions");
    let flows = read_table(dir, "flows");
    let products = read_table(dir, "products");
    let processes = read_table(dir, "processes");
    let exchanges = read_table(dir, "exchanges");
    let sites = read_table(dir, "sites");
    let routes = read_table(dir, "routes");
    let presets = read_table(dir, "presets");
    let price_sets = read_table(dir, "price_sets");
    let basket_rows = read_table(dir, "baskets");
    let schemes = read_table(dir, "allocation_schemes");

    let source_keys = keys(&sources, "key");
    let param_keys = keys(&params, "id");
    let flow_keys = keys(&flows, "id");
    let product_keys = keys(&products, "id");
    let process_keys = keys(&processes, "id");
    let route_keys = keys(&routes, "id");
    let baskets = basket_shares(&basket_rows, &param_keys, &product_keys);
    // A process belongs to a route or to a family of routes (column `family` of routes.csv).
    let route_families: Vec<String> = routes
        .rows
        .iter()
        .map(|r| r["family"].clone())
        .filter(|f| !f.is_empty())
        .collect();
    let site_keys = keys(&sites, "id");
    keys(&elements, "symbol");
    keys(&oxides, "id");
    keys(&presets, "id");

    let mut tx = text::Texts::default();
    let mut o = String::new();
    o.push_str("// @generated by build.rs from src/data/*.csv. Do not edit.\n\n");

    // Sources
    o.push_str("pub static SOURCES: &[SourceDef] = &[\n");
    for r in &sources.rows {
        writeln!(
            o,
            "    SourceDef {{ key: {}, citation: {}, url: {}, licence: {} }},",
            lit(&r["key"]),
            tx.lit(&r["citation"]),
            tx.lit(&r["url"]),
            tx.lit(&r["licence"])
        )
        .unwrap();
    }
    o.push_str("];\n\n");

    // Parameters
    o.push_str("pub static PARAMETERS: &[ParameterDef] = &[\n");
    for (i, r) in params.rows.iter().enumerate() {
        let t = &params;
        let def = num(t, i, r, "default");
        let (min, max) = (num(t, i, r, "min"), num(t, i, r, "max"));
        if !(min <= def && def <= max) {
            panic!("parameters.csv row {}: default outside [min, max]", i + 2);
        }
        writeln!(
            o,
            "    ParameterDef {{ id: {}, group: {}, label: {}, unit: {}, default: {}, min: {}, max: {}, uncertainty: {}, status: {}, year: {}, sources: {}, note: {}, claim_driver: {} }},",
            lit(&r["id"]),
            lit(&r["group"]),
            tx.lit(&r["label"]),
            lit(&r["unit"]),
            fmt_f64(def),
            fmt_f64(min),
            fmt_f64(max),
            dist(t, i, r, Some(def)),
            status(t, i, &r["status"]),
            year(t, i, r),
            source_list(t, i, r, "sources", &source_keys),
            tx.lit(&r["note"]),
            match r["claim_driver"].as_str() {
                "" => "None".to_string(),
                x => format!("Some({})", x.parse::<u8>().unwrap_or_else(|_| panic!("parameters.csv row {}: claim_driver {x:?} is not a rank 1-255", i + 2))),
            }
        )
        .unwrap();
    }
    o.push_str("];\n\n");

    // Elements
    o.push_str("pub static ELEMENTS: &[ElementDef] = &[\n");
    for (i, r) in elements.rows.iter().enumerate() {
        writeln!(
            o,
            "    ElementDef {{ symbol: {}, atomic_mass: {}, sources: {} }},",
            lit(&r["symbol"]),
            fmt_f64(num(&elements, i, r, "atomic_mass")),
            source_list(&elements, i, r, "sources", &source_keys)
        )
        .unwrap();
    }
    o.push_str("];\n\n");

    // Oxides
    let element_keys: Vec<String> = elements.rows.iter().map(|r| r["symbol"].clone()).collect();
    o.push_str("pub static OXIDES: &[OxideDef] = &[\n");
    for (i, r) in oxides.rows.iter().enumerate() {
        let t = &oxides;
        index_of(&element_keys, &r["element"], "element", t, i);
        index_of(&product_keys, &r["id"], "product", t, i);
        writeln!(
            o,
            "    OxideDef {{ id: {}, label: {}, element: {}, re_atoms: {}, o_atoms: {}, price_param: {}, functional_unit: {}, displaced_by: {} }},",
            lit(&r["id"]),
            tx.lit(&r["label"]),
            lit(&r["element"]),
            fmt_f64(num(t, i, r, "re_atoms")),
            fmt_f64(num(t, i, r, "o_atoms")),
            index_of(&param_keys, &r["price_param"], "parameter", t, i),
            r["functional_unit"] == "yes",
            {
                index_of(&route_keys, &r["displaced_by"], "route", t, i);
                lit(&r["displaced_by"])
            }
        )
        .unwrap();
    }
    o.push_str("];\n\n");

    // Compositions
    o.push_str("pub static COMPOSITIONS: &[CompositionRow] = &[\n");
    for (i, r) in comps.rows.iter().enumerate() {
        let t = &comps;
        index_of(&element_keys, &r["element"], "element", t, i);
        writeln!(
            o,
            "    CompositionRow {{ composition: {}, element: {}, value: {}, unit: {}, status: {}, year: {}, sources: {}, note: {} }},",
            lit(&r["composition"]),
            lit(&r["element"]),
            fmt_f64(num(t, i, r, "value")),
            lit(&r["unit"]),
            status(t, i, &r["status"]),
            year(t, i, r),
            source_list(t, i, r, "sources", &source_keys),
            tx.lit(&r["note"])
        )
        .unwrap();
    }
    o.push_str("];\n\n");

    // Flows
    o.push_str("pub static FLOWS: &[FlowDef] = &[\n");
    for (i, r) in flows.rows.iter().enumerate() {
        let t = &flows;
        let origin = match r["origin"].as_str() {
            "fossil" => "Origin::Fossil",
            "biogenic" => "Origin::Biogenic",
            other => panic!("flows.csv row {}: origin {other:?}", i + 2),
        };
        writeln!(
            o,
            "    FlowDef {{ id: {}, name: {}, unit: {}, origin: {origin}, gwp_ar6: {}, gwp_ar5: {}, status: {}, sources: {}, note: {} }},",
            lit(&r["id"]),
            tx.lit(&r["name"]),
            lit(&r["unit"]),
            fmt_f64(num(t, i, r, "ar6")),
            fmt_f64(num(t, i, r, "ar5")),
            status(t, i, &r["status"]),
            source_list(t, i, r, "sources", &source_keys),
            tx.lit(&r["note"])
        )
        .unwrap();
    }
    o.push_str("];\n\n");

    // Products
    o.push_str("pub static PRODUCTS: &[ProductDef] = &[\n");
    for (i, r) in products.rows.iter().enumerate() {
        let t = &products;
        let price = if r["price_param"].is_empty() {
            "None".to_string()
        } else {
            format!(
                "Some({})",
                index_of(&param_keys, &r["price_param"], "parameter", t, i)
            )
        };
        writeln!(
            o,
            "    ProductDef {{ id: {}, name: {}, unit: {}, price_param: {price}, functional_unit: {} }},",
            lit(&r["id"]),
            tx.lit(&r["name"]),
            lit(&r["unit"]),
            match r["functional_unit"].as_str() {
                "" => "None".to_string(),
                phrase => format!("Some({})", tx.lit(phrase)),
            }
        )
        .unwrap();
    }
    o.push_str("];\n\n");
    // The functional-unit products as a TypeScript literal union, for the package's types.
    let fu: Vec<String> = products
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r["functional_unit"].is_empty())
        .map(|(_, r)| format!("{:?}", r["id"]))
        .collect();
    writeln!(
        o,
        "/// TypeScript declaration of the functional-unit products (column `functional_unit` of\n/// products.csv).\npub const FUNCTIONAL_UNIT_TS: &str = {};\n",
        lit(&format!(
            "/** A functional-unit product: an oxide (1 kg at the plant gate) or a metal (1 kg at the smelter gate). */\nexport type FunctionalUnit = {};",
            fu.join(" | ")
        ))
    )
    .unwrap();

    // Processes
    o.push_str("pub static PROCESSES: &[ProcessDef] = &[\n");
    for (i, r) in processes.rows.iter().enumerate() {
        let t = &processes;
        let tier = match r["tier"].as_str() {
            "route" => {
                if !route_families.contains(&r["route"]) {
                    index_of(&route_keys, &r["route"], "route", t, i);
                }
                "Tier::Route"
            }
            "shared" => "Tier::Shared",
            "background" => "Tier::Background",
            other => panic!(
                "processes.csv row {}: tier {other:?} (route, shared or background)",
                i + 2
            ),
        };
        writeln!(
            o,
            "    ProcessDef {{ id: {}, name: {}, route: {}, tier: {tier}, stage: {}, per: {}, location: {}, year: {}, sources: {}, note: {} }},",
            lit(&r["id"]),
            tx.lit(&r["name"]),
            lit(&r["route"]),
            lit(&r["stage"]),
            lit(&r["per"]),
            lit(&r["location"]),
            year(t, i, r),
            source_list(t, i, r, "sources", &source_keys),
            tx.lit(&r["note"])
        )
        .unwrap();
    }
    o.push_str("];\n\n");

    // Exchanges: data plus compiled amount functions
    let mut fns = String::new();
    o.push_str("pub static EXCHANGES: &[ExchangeDef] = &[\n");
    for (i, r) in exchanges.rows.iter().enumerate() {
        let t = &exchanges;
        let process = index_of(&process_keys, &r["process"], "process", t, i);
        let (direction, flow) = match r["direction"].as_str() {
            "output" => (
                "Direction::Output",
                format!(
                    "FlowRef::Product({})",
                    index_of(&product_keys, &r["flow"], "product", t, i)
                ),
            ),
            "input" => (
                "Direction::Input",
                format!(
                    "FlowRef::Product({})",
                    index_of(&product_keys, &r["flow"], "product", t, i)
                ),
            ),
            "emission" => (
                "Direction::Emission",
                format!(
                    "FlowRef::Elementary({})",
                    index_of(&flow_keys, &r["flow"], "elementary flow", t, i)
                ),
            ),
            other => panic!("exchanges.csv row {}: direction {other:?}", i + 2),
        };
        let (expr, used) = compile_formula(&r["amount"], &param_keys, &baskets, t, i);
        writeln!(
            fns,
            "#[allow(unused_variables, unused_parens, clippy::eq_op, clippy::identity_op)]\nfn ex_{i}(v: &Vars) -> f64 {{ {expr} }}"
        )
        .unwrap();
        let share = if r["model_share"].is_empty() {
            "None".to_string()
        } else {
            let (sexpr, _) = compile_formula(&r["model_share"], &param_keys, &baskets, t, i);
            writeln!(
                fns,
                "#[allow(unused_variables, unused_parens, clippy::eq_op, clippy::identity_op)]\nfn share_{i}(v: &Vars) -> f64 {{ {sexpr} }}"
            )
            .unwrap();
            format!("Some(share_{i})")
        };
        let used: Vec<String> = used.iter().map(|u| u.to_string()).collect();
        writeln!(
            o,
            "    ExchangeDef {{ process: {process}, direction: {direction}, flow: {flow}, amount: ex_{i}, formula: {}, params_used: &[{}], unit: {}, model_share: {share}, model_share_formula: {}, status: {}, year: {}, sources: {}, uncertainty: {}, note: {} }},",
            tx.lit(&r["amount"]),
            used.join(", "),
            lit(&r["unit"]),
            tx.lit(&r["model_share"]),
            status(t, i, &r["status"]),
            year(t, i, r),
            source_list(t, i, r, "sources", &source_keys),
            dist(t, i, r, None),
            tx.lit(&r["note"])
        )
        .unwrap();
    }
    o.push_str("];\n\n");
    o.push_str(&fns);
    o.push('\n');

    // Sites
    o.push_str("pub static SITES: &[SiteDef] = &[\n");
    for (i, r) in sites.rows.iter().enumerate() {
        writeln!(
            o,
            "    SiteDef {{ id: {}, label: {}, grid_param: {}, location: {}, sources: {} }},",
            lit(&r["id"]),
            tx.lit(&r["label"]),
            index_of(&param_keys, &r["grid_param"], "parameter", &sites, i),
            lit(&r["location"]),
            source_list(&sites, i, r, "sources", &source_keys)
        )
        .unwrap();
    }
    o.push_str("];\n\n");

    // Routes
    o.push_str("pub static ROUTES: &[RouteDef] = &[\n");
    for (i, r) in routes.rows.iter().enumerate() {
        let t = &routes;
        let kind = match r["kind"].as_str() {
            "mined" => "Side::Mined",
            "recycled" => "Side::Recycled",
            other => panic!("routes.csv row {}: kind {other:?}", i + 2),
        };
        let oxides_list: Vec<String> = r["oxides"]
            .split(';')
            .filter(|s| !s.is_empty())
            .map(|s| {
                index_of(&product_keys, s, "product", t, i);
                lit(s)
            })
            .collect();
        let points: Vec<String> = r["allocation_points"]
            .split(';')
            .filter(|s| !s.is_empty())
            .map(|s| index_of(&process_keys, s, "process", t, i).to_string())
            .collect();
        let driver = match r["claim_driver"].as_str() {
            "" => "None".to_string(),
            id => format!("Some({})", index_of(&param_keys, id, "parameter", t, i)),
        };
        // Products the route makes only when a parameter is above 0.
        let conditional: Vec<String> = r["oxides_if"]
            .split(';')
            .filter(|s| !s.is_empty())
            .map(|kv| {
                let (k, v) = kv
                    .split_once('=')
                    .unwrap_or_else(|| panic!("routes.csv row {}: oxides_if {kv:?}", i + 2));
                index_of(&product_keys, k, "product", t, i);
                format!(
                    "({}, {})",
                    lit(k),
                    index_of(&param_keys, v, "parameter", t, i)
                )
            })
            .collect();
        writeln!(
            o,
            "    RouteDef {{ id: {}, kind: {kind}, label: {}, oxides: &[{}], oxides_if: &[{}], available: {}, allocation_points: &[{}], claim_driver: {driver}, family: {}, sources: {}, note: {} }},",
            lit(&r["id"]),
            tx.lit(&r["label"]),
            oxides_list.join(", "),
            conditional.join(", "),
            r["available"] == "yes",
            points.join(", "),
            match r["family"].as_str() {
                "" => "None".to_string(),
                f => format!("Some({})", lit(f)),
            },
            source_list(t, i, r, "sources", &source_keys),
            tx.lit(&r["note"])
        )
        .unwrap();
    }
    o.push_str("];\n\n");

    // Presets
    o.push_str("pub static PRESETS: &[PresetDef] = &[\n");
    for (i, r) in presets.rows.iter().enumerate() {
        let t = &presets;
        index_of(&route_keys, &r["recycled"], "route", t, i);
        index_of(&route_keys, &r["baseline"], "route", t, i);
        index_of(&site_keys, &r["site"], "site", t, i);
        let overrides: Vec<String> = r["overrides"]
            .split(';')
            .filter(|s| !s.is_empty())
            .map(|kv| {
                let (k, v) = kv
                    .split_once('=')
                    .unwrap_or_else(|| panic!("presets.csv row {}: override {kv:?}", i + 2));
                let p = index_of(&param_keys, k.trim(), "parameter", t, i);
                let x: f64 = v
                    .trim()
                    .parse()
                    .unwrap_or_else(|_| panic!("presets.csv row {}: override value {v:?}", i + 2));
                format!("({p}, {})", fmt_f64(x))
            })
            .collect();
        if !["mass", "economic", "model"].contains(&r["allocation"].as_str()) {
            panic!(
                "presets.csv row {}: allocation {:?}",
                i + 2,
                r["allocation"]
            );
        }
        if !["cut-off", "substitution"].contains(&r["recycling_rule"].as_str()) {
            panic!(
                "presets.csv row {}: recycling_rule {:?}",
                i + 2,
                r["recycling_rule"]
            );
        }
        let allocation_at: Vec<String> = r["allocation_at"]
            .split(';')
            .filter(|s| !s.is_empty())
            .map(|kv| {
                let (k, v) = kv
                    .split_once('=')
                    .unwrap_or_else(|| panic!("presets.csv row {}: allocation_at {kv:?}", i + 2));
                index_of(&process_keys, k, "process", t, i);
                if !["mass", "economic", "model"].contains(&v) {
                    panic!("presets.csv row {}: allocation_at rule {v:?}", i + 2);
                }
                format!("({}, {})", lit(k), lit(v))
            })
            .collect();
        writeln!(
            o,
            "    PresetDef {{ id: {}, label: {}, recycled: {}, site: {}, baseline: {}, oxide: {}, allocation: {}, allocation_at: &[{}], recycling_rule: {}, claim_percent: {}, overrides: &[{}], sources: {}, note: {} }},",
            lit(&r["id"]),
            tx.lit(&r["label"]),
            lit(&r["recycled"]),
            lit(&r["site"]),
            lit(&r["baseline"]),
            lit(&r["oxide"]),
            lit(&r["allocation"]),
            allocation_at.join(", "),
            lit(&r["recycling_rule"]),
            fmt_f64(num(t, i, r, "claim_percent")),
            overrides.join(", "),
            source_list(t, i, r, "sources", &source_keys),
            tx.lit(&r["note"])
        )
        .unwrap();
    }
    o.push_str("];\n\n");

    // Price sets
    o.push_str("pub static PRICE_SET_ROWS: &[PriceSetRow] = &[\n");
    for (i, r) in price_sets.rows.iter().enumerate() {
        let t = &price_sets;
        writeln!(
            o,
            "    PriceSetRow {{ set: {}, param: {}, value: {}, range: {}, sample_group: {}, status: {}, year: {}, sources: {}, note: {} }},",
            lit(&r["set"]),
            index_of(&param_keys, &r["param"], "parameter", t, i),
            fmt_f64(num(t, i, r, "value")),
            match (r["low"].as_str(), r["high"].as_str()) {
                ("", "") => "None".to_string(),
                _ => {
                    let (lo, hi) = (num(t, i, r, "low"), num(t, i, r, "high"));
                    if !(lo <= num(t, i, r, "value") && num(t, i, r, "value") <= hi) {
                        panic!("price_sets.csv row {}: value outside [low, high]", i + 2);
                    }
                    format!("Some(({}, {}))", fmt_f64(lo), fmt_f64(hi))
                }
            },
            match r["sample_group"].as_str() {
                "" => "None".to_string(),
                g => format!("Some({})", lit(g)),
            },
            status(t, i, &r["status"]),
            year(t, i, r),
            source_list(t, i, r, "sources", &source_keys),
            tx.lit(&r["note"])
        )
        .unwrap();
    }
    o.push_str("];\n\n");

    // Ore baskets (for display; the formulas use them through `share_*` identifiers)
    o.push_str("pub static BASKETS: &[BasketRow] = &[\n");
    for (i, r) in basket_rows.rows.iter().enumerate() {
        let t = &basket_rows;
        let v = r["value"].trim();
        let value = match param_keys.iter().position(|k| k == v) {
            Some(p) => format!("BasketValue::Parameter({p})"),
            None => format!("BasketValue::Share({})", fmt_f64(num(t, i, r, "value"))),
        };
        writeln!(
            o,
            "    BasketRow {{ basket: {}, product: {}, value: {value}, status: {}, year: {}, sources: {}, note: {} }},",
            lit(&r["basket"]),
            lit(&r["product"]),
            status(t, i, &r["status"]),
            year(t, i, r),
            source_list(t, i, r, "sources", &source_keys),
            tx.lit(&r["note"])
        )
        .unwrap();
    }
    o.push_str("];\n\n");

    // Allocation schemes (the claim map's allocation choices)
    o.push_str("pub static SCHEMES: &[SchemeDef] = &[\n");
    for (i, r) in schemes.rows.iter().enumerate() {
        let rule = |v: &str| -> String {
            if !["mass", "economic", "model"].contains(&v) {
                panic!("allocation_schemes.csv row {}: rule {v:?}", i + 2);
            }
            lit(v)
        };
        let at: Vec<String> = r["at_stages"]
            .split(';')
            .filter(|s| !s.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or_else(|| {
                    panic!("allocation_schemes.csv row {}: at_stages {kv:?}", i + 2)
                });
                format!("({}, {})", lit(k), rule(v))
            })
            .collect();
        writeln!(
            o,
            "    SchemeDef {{ id: {}, label: {}, rule: {}, at_stages: &[{}], note: {} }},",
            lit(&r["id"]),
            tx.lit(&r["label"]),
            rule(&r["rule"]),
            at.join(", "),
            tx.lit(&r["note"])
        )
        .unwrap();
    }
    o.push_str("];\n\n");

    let out_dir = env::var("OUT_DIR").expect("OUT_DIR");
    let out = Path::new(&out_dir).join("dataset.rs");
    fs::write(&out, o).expect("write dataset.rs");
    // The parameter count on its own: the parameter vector's type needs it, and the tables
    // need that type.
    let size = format!(
        "/// Number of named parameters (rows of `src/data/parameters.csv`).\npub const N_PARAMS: usize = {};\n",
        params.rows.len()
    );
    fs::write(Path::new(&out_dir).join("dataset_size.rs"), size).expect("write dataset_size.rs");
    let catalog_js = catalog::js(
        &catalog::Tables {
            sources: &sources,
            params: &params,
            products: &products,
            sites: &sites,
            routes: &routes,
            presets: &presets,
            price_sets: &price_sets,
            schemes: &schemes,
        },
        &mut tx,
    );
    fs::write(
        Path::new(&out_dir).join("text_host.rs"),
        tx.binding(&catalog_js),
    )
    .expect("write text_host.rs");
    println!("cargo:rerun-if-changed=build/text.rs");
    println!("cargo:rerun-if-changed=build/catalog.rs");
    println!("cargo:rerun-if-changed=build.rs");
}
