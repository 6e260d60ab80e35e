//! What the WebAssembly module takes from its JS host instead of compiling it in
//! (`cargo test --target wasm32-unknown-unknown`, in Node): the dataset's text and the
//! catalogue built from literals by the text module (`src/dataset/text.rs`,
//! `build/catalog.rs`), and the host's conversion of decimal text to numbers
//! (`src/number.rs`). Each must give exactly what the Rust code gives.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use reo_lca::{catalog, dataset, number, wasm};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

/// The first difference between two JS values at `path`, comparing like `assert.deepStrictEqual`
/// and more strictly: the same own keys in the same order, numbers by `Object.is` (so `-0` and
/// `0` differ), arrays element by element, plain objects only.
fn difference(a: &JsValue, b: &JsValue, path: &str) -> Option<String> {
    if Array::is_array(a) || Array::is_array(b) {
        if !(Array::is_array(a) && Array::is_array(b)) {
            return Some(format!("{path}: array vs non-array"));
        }
        let (a, b) = (Array::from(a), Array::from(b));
        if a.length() != b.length() {
            return Some(format!("{path}: {} vs {} elements", a.length(), b.length()));
        }
        return (0..a.length())
            .find_map(|i| difference(&a.get(i), &b.get(i), &format!("{path}[{i}]")));
    }
    if a.is_object() && b.is_object() {
        for v in [a, b] {
            let proto = Reflect::get_prototype_of(v).expect("prototype");
            if !Object::is(
                &proto,
                &Reflect::get_prototype_of(&Object::new()).unwrap().into(),
            ) {
                return Some(format!("{path}: not a plain object"));
            }
        }
        let (ka, kb) = (
            Object::keys(a.unchecked_ref::<Object>()),
            Object::keys(b.unchecked_ref::<Object>()),
        );
        let names = |k: &Array| -> Vec<String> { k.iter().filter_map(|x| x.as_string()).collect() };
        if names(&ka) != names(&kb) {
            return Some(format!("{path}: keys {:?} vs {:?}", names(&ka), names(&kb)));
        }
        return ka.iter().find_map(|k| {
            let name = k.as_string().unwrap_or_default();
            difference(
                &Reflect::get(a, &k).expect("property"),
                &Reflect::get(b, &k).expect("property"),
                &format!("{path}.{name}"),
            )
        });
    }
    if Object::is(a, b) {
        None
    } else {
        Some(format!("{path}: {a:?} vs {b:?}"))
    }
}

fn ok(r: Result<JsValue, JsValue>) -> JsValue {
    r.unwrap_or_else(|e| panic!("unexpected error: {e:?}"))
}

#[wasm_bindgen_test]
fn the_catalogue_of_the_text_module_equals_the_serialized_catalogue() {
    let rust = |v: Result<JsValue, JsValue>| ok(v);
    for (name, from_module, from_rust) in [
        (
            "presets",
            ok(wasm::presets()),
            rust(wasm::to_js(&catalog::presets())),
        ),
        (
            "parameters",
            ok(wasm::parameters()),
            rust(wasm::to_js(&catalog::parameters())),
        ),
        (
            "routes",
            ok(wasm::routes()),
            rust(wasm::to_js(&catalog::routes())),
        ),
        (
            "functionalUnits",
            ok(wasm::functional_units()),
            rust(wasm::to_js(&catalog::functional_units())),
        ),
        (
            "allocationSchemes",
            ok(wasm::allocation_schemes()),
            rust(wasm::to_js(&catalog::allocation_schemes())),
        ),
        (
            "sites",
            ok(wasm::sites()),
            rust(wasm::to_js(&catalog::sites())),
        ),
        (
            "sources",
            ok(wasm::sources()),
            rust(wasm::to_js(&catalog::sources())),
        ),
        (
            "priceSets",
            ok(wasm::price_sets()),
            rust(wasm::to_js(&dataset::price_sets())),
        ),
    ] {
        assert!(Array::from(&from_rust).length() > 0, "{name} is empty");
        if let Some(d) = difference(&from_module, &from_rust, name) {
            panic!("{name}() of the text module differs from the Rust catalogue: {d}");
        }
    }
}

#[wasm_bindgen_test]
fn catalogue_calls_return_fresh_objects() {
    let a = ok(wasm::parameters());
    let b = ok(wasm::parameters());
    assert!(!Object::is(&a, &b) && !Object::is(&Array::from(&a).get(0), &Array::from(&b).get(0)));
    Reflect::set(&Array::from(&a).get(0), &"label".into(), &"changed".into()).unwrap();
    assert_eq!(difference(&ok(wasm::parameters()), &b, "parameters"), None);
}

#[wasm_bindgen_test]
fn dataset_texts_are_read_in_full() {
    // Every citation, URL, parameter label and note as written in the tables (CSV doubles the
    // quotes inside a quoted cell).
    let sources = include_str!("../src/data/sources.csv");
    let params = include_str!("../src/data/parameters.csv");
    let csv = |t: &str| t.replace('"', "\"\"");
    for s in dataset::SOURCES {
        for t in [s.citation, s.url, s.licence] {
            assert!(sources.contains(&csv(&t)), "{}: {t:?}", s.key);
        }
    }
    for p in dataset::PARAMETERS {
        for t in [p.label, p.note] {
            assert!(params.contains(&csv(&t)), "{}: {t:?}", p.id);
        }
    }
    let longest = dataset::SOURCES.iter().map(|s| s.citation.len()).max();
    assert!(longest > Some(200), "{longest:?}");
}

/// Strings for `number::parse`: Rust's syntax at its edges, and the values where parsers
/// differ (halfway cases, long mantissas, subnormals, overflow).
#[rustfmt::skip]
const LITERALS: &[&str] = &[
    "0", "-0", "+0", "1", "-1", "0.45", ".5", "5.", "-.5e-3", "1e5", "1E5", "1e+5", "1e-5",
    "inf", "-inf", "+inf", "INF", "infinity", "Infinity", "-INFINITY", "nan", "NaN", "-nan",
    "1e400", "-1e400", "1e-400", "2.2250738585072011e-308", "2.2250738585072012e-308",
    "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
    "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
    "9007199254740993", "9007199254740992.5", "9007199254740993.0000000000000001",
    "0.1000000000000000055511151231257827021181583404541015625",
    "0.10000000000000000555111512312578270211815834045410156250000000001",
    "0.10000000000000000555111512312578270211815834045410156249999999999",
    "123456789012345678901234567890e-20", "000123.4500", "1e0000000000000000000000001",
    "", ".", "e5", "1e", "1e+", "-", "+", " 1", "1 ", "0x10", "1_0", "Infinit", "infinityx",
    "1.2.3", "1e5.5", "--1", "+-1", "\u{661}", "1,5", "0b1", "NaN1", "+nan", "inF",
];

#[wasm_bindgen_test]
fn number_parse_equals_rusts_parser() {
    let check = |s: &str| {
        let want = s.parse::<f64>().ok();
        let got = number::parse(s);
        let same = match (want, got) {
            (Some(a), Some(b)) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
            (None, None) => true,
            _ => false,
        };
        assert!(same, "{s:?}: Rust {want:?}, number::parse {got:?}");
    };
    for s in LITERALS {
        check(s);
    }
    // Random doubles written shortest, with 17 and with 25 significant digits, plain and
    // with exponents, and random digit strings near halfway points.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let x = f64::from_bits(next());
        if !x.is_finite() {
            continue;
        }
        for s in [
            format!("{x}"),
            format!("{x:e}"),
            format!("{x:.16e}"),
            format!("{x:.24e}"),
        ] {
            check(&s);
        }
        let digits = format!("{}", next() % 100_000_000_000_000_000);
        let exp = (next() % 700) as i32 - 350;
        check(&format!("{digits}5e{exp}"));
        check(&format!("0.{digits}49999999999999999999e{exp}"));
    }
}

/// Doubles where formatting is delicate: ties at every place, powers of ten and their
/// neighbours, the ends of the range, subnormals, the 1e21 and 1e-7 boundaries of the host's
/// own formats.
fn special_doubles() -> Vec<f64> {
    let mut v = vec![
        0.5,
        1.5,
        2.5,
        0.25,
        0.125,
        0.375,
        12.25,
        9.5,
        8.5,
        95.0,
        0.05,
        1.25,
        1.35,
        0.1,
        0.2,
        0.3,
        1.0 / 3.0,
        2.0 / 3.0,
        123.456,
        9.995,
        9.9995,
        0.9999999,
        1e21,
        1e22,
        1e23,
        9.5e21,
        1e-7,
        1e-6,
        9.999999999999999e20,
        1e300,
        1.7976931348623157e308,
        5e-324,
        2.2250738585072014e-308,
        4503599627370496.5,
        9007199254740993.0,
        2f64.powi(60),
        2f64.powi(-60),
        0.1 + 0.2,
        61.0,
        0.566,
    ];
    for k in -30..=30 {
        v.push(10f64.powi(k));
        v.push(f64::from_bits(10f64.powi(k).to_bits() - 1));
        v.push(f64::from_bits(10f64.powi(k).to_bits() + 1));
        v.push(2f64.powi(k) * 5.0);
        v.push((k as f64 + 0.5) * 10f64.powi(k / 3));
    }
    let neg: Vec<f64> = v.iter().map(|x| -x).collect();
    v.extend(neg);
    v.extend([0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN]);
    v
}

fn check_formats(x: f64) {
    assert_eq!(number::display(x), format!("{x}"), "display {x:e}");
    assert_eq!(number::exp(x), format!("{x:e}"), "exp {x:e}");
    for n in [0, 1, 2, 3, 4, 6, 17, 25] {
        assert_eq!(number::fixed(x, n), format!("{x:.n$}"), "fixed {x:e} {n}");
        assert_eq!(
            number::exp_fixed(x, n),
            format!("{x:.n$e}"),
            "exp_fixed {x:e} {n}"
        );
    }
}

#[wasm_bindgen_test]
fn number_formats_equal_rusts_on_delicate_values() {
    for x in special_doubles() {
        check_formats(x);
        // The exact paths: beyond 100 places and beyond the host's digits.
        for n in [101, 130, 330] {
            assert_eq!(number::fixed(x, n), format!("{x:.n$}"), "fixed {x:e} {n}");
            assert_eq!(
                number::exp_fixed(x, n),
                format!("{x:.n$e}"),
                "exp_fixed {x:e} {n}"
            );
        }
    }
}

#[wasm_bindgen_test]
fn number_formats_equal_rusts_on_random_values() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for i in 0..40_000 {
        // Any bit pattern, then numbers of everyday size, then short decimals (where ties and
        // round numbers are frequent).
        let x = match i % 3 {
            0 => f64::from_bits(next()),
            1 => {
                (next() >> 11) as f64 / (1u64 << 53) as f64 * 10f64.powi((next() % 24) as i32 - 12)
            }
            _ => {
                (next() % 200_000) as f64
                    / [2.0, 4.0, 8.0, 16.0, 100.0, 1000.0][(next() % 6) as usize]
            }
        };
        check_formats(x);
    }
}
