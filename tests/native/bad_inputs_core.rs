//! Hostile input through the Rust API: scenarios decoded from JSON text with serde_json (via
//! `reo_lca::json`) and passed to `reo_lca::compare`. Each bad input gives a typed error whose
//! field path names the culprit exactly and whose class says what JavaScript error it becomes;
//! nothing panics, and after every error a valid call still gives the same finite answer.

use reo_lca::json::scenario_from_json;
use reo_lca::{compare, Comparison, Error, ErrorClass, Scenario};

use ErrorClass::{Other, Range, Type};

struct Case {
    name: &'static str,
    json: String,
    field: String,
    class: ErrorClass,
    /// Extra text the message must hold.
    says: &'static str,
}

fn case(name: &'static str, json: impl Into<String>, field: &str, class: ErrorClass) -> Case {
    Case {
        name,
        json: json.into(),
        field: field.into(),
        class,
        says: "",
    }
}

fn says(mut c: Case, text: &'static str) -> Case {
    c.says = text;
    c
}

/// `{"preset":"ionic-missouri", <rest>}`.
fn sc(rest: &str) -> String {
    if rest.is_empty() {
        r#"{"preset":"ionic-missouri"}"#.into()
    } else {
        format!(r#"{{"preset":"ionic-missouri",{rest}}}"#)
    }
}

/// A scenario whose inventory has one Dy2O3 process with `extra` spliced into it.
fn inv(extra: &str) -> String {
    sc(&format!(
        r#""inventory":{{"processes":[{{"id":"p","outputs":[{{"flow":"Dy2O3","amount":1}}]{extra}}}]}}"#
    ))
}

/// A scenario whose inventory holds the given processes (JSON array body).
fn procs(body: &str) -> String {
    sc(&format!(r#""inventory":{{"processes":[{body}]}}"#))
}

fn cases() -> Vec<Case> {
    let long = "x".repeat(100_000);
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let many_overrides = (0..501)
        .map(|i| format!(r#""p{i}":1"#))
        .collect::<Vec<_>>()
        .join(",");
    let many_processes = (0..201)
        .map(|i| format!(r#"{{"id":"p{i}","outputs":[{{"flow":"x{i}","amount":1}}]}}"#))
        .collect::<Vec<_>>()
        .join(",");
    let many_exchanges = vec![r#"{"flow":"hcl_100","amount":1}"#; 201].join(",");
    let singular = r#"{"id":"a","outputs":[{"flow":"Dy2O3","amount":1}],"inputs":[{"flow":"loop","amount":1}]},{"id":"b","outputs":[{"flow":"loop","amount":1}],"inputs":[{"flow":"Dy2O3","amount":1}]}"#;
    let near_singular = singular.replace(
        r#""flow":"Dy2O3","amount":1}]}"#,
        r#""flow":"Dy2O3","amount":0.9999999999}]}"#,
    );
    vec![
        // Not JSON, or the wrong JSON type at the top.
        case("empty text", "", "scenario", Type),
        case("not JSON", "preset=ionic-missouri", "scenario", Type),
        case(
            "truncated object",
            r#"{"preset":"ionic-missouri""#,
            "scenario",
            Type,
        ),
        case("number instead of object", "42", "scenario", Type),
        case(
            "string instead of object",
            r#""ionic-missouri""#,
            "scenario",
            Type,
        ),
        case("null instead of object", "null", "scenario", Type),
        // Missing, unknown and repeated fields.
        says(case("missing preset", "{}", "preset", Type), "is required"),
        says(
            case("unknown field", sc(r#""colour":"green""#), "colour", Type),
            "unknown field",
        ),
        case("misspelt field", sc(r#""overides":{}"#), "overides", Type),
        says(
            case(
                "field given twice",
                r#"{"preset":"ionic-missouri","preset":"sprecher-hdd"}"#,
                "preset",
                Range,
            ),
            "given twice",
        ),
        case(
            "override given twice",
            sc(r#""overrides":{"gridSrmw":0.3,"gridSrmw":0.4}"#),
            "overrides.gridSrmw",
            Range,
        ),
        // Wrong types.
        case("preset as number", r#"{"preset":42}"#, "preset", Type),
        case("preset as null", r#"{"preset":null}"#, "preset", Type),
        case("oxide as array", sc(r#""oxide":["Dy2O3"]"#), "oxide", Type),
        case(
            "claim as string",
            sc(r#""claimPercent":"61""#),
            "claimPercent",
            Type,
        ),
        case(
            "overrides as array",
            sc(r#""overrides":[["gridSrmw",0.3]]"#),
            "overrides",
            Type,
        ),
        case(
            "override as string",
            sc(r#""overrides":{"gridSrmw":"0.3"}"#),
            "overrides.gridSrmw",
            Type,
        ),
        case(
            "override as null",
            sc(r#""overrides":{"gridSrmw":null}"#),
            "overrides.gridSrmw",
            Type,
        ),
        case(
            "override as bool",
            sc(r#""overrides":{"gridSrmw":true}"#),
            "overrides.gridSrmw",
            Type,
        ),
        case(
            "override as object",
            sc(r#""overrides":{"gridSrmw":{"value":0.3}}"#),
            "overrides.gridSrmw",
            Type,
        ),
        case(
            "inventory as string",
            sc(r#""inventory":"plant.json""#),
            "inventory",
            Type,
        ),
        case(
            "processes as object",
            sc(r#""inventory":{"processes":{"id":"p"}}"#),
            "inventory.processes",
            Type,
        ),
        case(
            "amount as string",
            inv(r#","inputs":[{"flow":"hcl_100","amount":"1"}]"#),
            "inventory.processes[0].inputs[0].amount",
            Type,
        ),
        case(
            "flow as number",
            inv(r#","emissions":[{"flow":7,"amount":1}]"#),
            "inventory.processes[0].emissions[0].flow",
            Type,
        ),
        case(
            "inventory missing processes",
            sc(r#""inventory":{}"#),
            "inventory.processes",
            Type,
        ),
        case(
            "process missing outputs",
            procs(r#"{"id":"p"}"#),
            "inventory.processes[0].outputs",
            Type,
        ),
        case(
            "exchange missing amount",
            inv(r#","inputs":[{"flow":"hcl_100"}]"#),
            "inventory.processes[0].inputs[0].amount",
            Type,
        ),
        case(
            "exchange unknown field",
            inv(r#","inputs":[{"flow":"hcl_100","amount":1,"unit":"kg"}]"#),
            "inventory.processes[0].inputs[0].unit",
            Type,
        ),
        // NaN and infinities cannot be written in JSON; their spellings are rejected where they stand.
        case(
            "NaN token",
            sc(r#""overrides":{"gridSrmw":NaN}"#),
            "overrides.gridSrmw",
            Type,
        ),
        case(
            "Infinity token",
            sc(r#""claimPercent":Infinity"#),
            "claimPercent",
            Type,
        ),
        says(
            case(
                "number overflowing to infinity",
                sc(r#""overrides":{"gridSrmw":1e400}"#),
                "overrides.gridSrmw",
                Type,
            ),
            "number out of range",
        ),
        case(
            "-infinity by overflow",
            inv(r#","inputs":[{"flow":"hcl_100","amount":-1e400}]"#),
            "inventory.processes[0].inputs[0].amount",
            Type,
        ),
        // Nesting and size.
        says(
            case(
                "deeply nested value",
                sc(&format!(r#""overrides":{{"gridSrmw":{deep}}}"#)),
                &format!("overrides.gridSrmw{}", "[0]".repeat(30)),
                Type,
            ),
            "nested deeper than 32",
        ),
        case(
            "oversized preset",
            format!(r#"{{"preset":"{long}"}}"#),
            "preset",
            Range,
        ),
        case(
            "oversized oxide",
            sc(&format!(r#""oxide":"{long}""#)),
            "oxide",
            Range,
        ),
        case(
            "oversized override name",
            sc(&format!(r#""overrides":{{"{long}":1}}"#)),
            "overrides",
            Range,
        ),
        case(
            "too many overrides",
            sc(&format!(r#""overrides":{{{many_overrides}}}"#)),
            "overrides",
            Range,
        ),
        case(
            "oversized inventory name",
            sc(&format!(
                r#""inventory":{{"name":"{long}","processes":[{{"id":"p","outputs":[{{"flow":"Dy2O3","amount":1}}]}}]}}"#
            )),
            "inventory.name",
            Range,
        ),
        case(
            "oversized process id",
            procs(&format!(
                r#"{{"id":"{long}","outputs":[{{"flow":"Dy2O3","amount":1}}]}}"#
            )),
            "inventory.processes[0].id",
            Range,
        ),
        case(
            "oversized stage",
            inv(&format!(r#","stage":"{long}""#)),
            "inventory.processes[0].stage",
            Range,
        ),
        case(
            "too many processes",
            procs(&many_processes),
            "inventory.processes",
            Range,
        ),
        case(
            "too many exchanges",
            inv(&format!(r#","inputs":[{many_exchanges}]"#)),
            "inventory.processes[0].inputs",
            Range,
        ),
        // Unknown and unavailable ids.
        says(
            case(
                "unknown preset",
                r#"{"preset":"no-such-preset"}"#,
                "preset",
                Range,
            ),
            "ionic-missouri",
        ),
        case("empty preset", r#"{"preset":""}"#, "preset", Range),
        case("unknown oxide", sc(r#""oxide":"Ho2O3""#), "oxide", Range),
        case(
            "oxide the recycled route lacks",
            sc(r#""oxide":"Tb4O7""#),
            "oxide",
            Other,
        ),
        case(
            "oxide the baseline lacks",
            sc(r#""baseline":"bayan-obo""#),
            "oxide",
            Other,
        ),
        says(
            case(
                "unmodelled baseline",
                sc(r#""baseline":"mountain-pass""#),
                "baseline",
                Other,
            ),
            "not modelled",
        ),
        case(
            "recycled route as baseline",
            sc(r#""baseline":"ionic-hydromet""#),
            "baseline",
            Range,
        ),
        case(
            "mined route as recycled",
            sc(r#""recycled":"ion-clay""#),
            "recycled",
            Range,
        ),
        case("unknown site", sc(r#""site":"mars""#), "site", Range),
        case(
            "unknown allocation",
            sc(r#""allocation":"exergy""#),
            "allocation",
            Range,
        ),
        case(
            "allocation in capitals",
            sc(r#""allocation":"MASS""#),
            "allocation",
            Range,
        ),
        case(
            "unknown recycling rule",
            sc(r#""recyclingRule":"50:50""#),
            "recyclingRule",
            Range,
        ),
        case("unknown GWP set", sc(r#""gwp":"AR4""#), "gwp", Range),
        case(
            "unknown price set",
            sc(r#""priceSet":"2031""#),
            "priceSet",
            Range,
        ),
        says(
            case(
                "unknown parameter",
                sc(r#""overrides":{"gridIntensity":0.3}"#),
                "overrides.gridIntensity",
                Range,
            ),
            "unknown parameter",
        ),
        // Out-of-range numbers, zero or negative where invalid, fractions above 1.
        case(
            "claim above 100",
            sc(r#""claimPercent":150"#),
            "claimPercent",
            Range,
        ),
        case(
            "claim negative",
            sc(r#""claimPercent":-5"#),
            "claimPercent",
            Range,
        ),
        says(
            case(
                "negative grid",
                sc(r#""overrides":{"gridSrmw":-1}"#),
                "overrides.gridSrmw",
                Range,
            ),
            "must be between 0 and 1.5, got -1",
        ),
        case(
            "huge grid",
            sc(r#""overrides":{"gridSrmw":1e308}"#),
            "overrides.gridSrmw",
            Range,
        ),
        case(
            "zero acid excess",
            sc(r#""overrides":{"acidExcess":0}"#),
            "overrides.acidExcess",
            Range,
        ),
        case(
            "purity above 1",
            sc(r#""overrides":{"iacPurity":1.5}"#),
            "overrides.iacPurity",
            Range,
        ),
        case(
            "recovery above 1",
            sc(r#""overrides":{"smcoRecovery":1.01}"#),
            "overrides.smcoRecovery",
            Range,
        ),
        case(
            "zero yield",
            sc(r#""overrides":{"recoveryYield":0}"#),
            "overrides.recoveryYield",
            Range,
        ),
        case(
            "negative feed content",
            sc(r#""overrides":{"feedDy":-0.1}"#),
            "overrides.feedDy",
            Range,
        ),
        says(
            case(
                "yield above REO content",
                sc(r#""overrides":{"recoveryYield":0.5}"#),
                "overrides.recoveryYield",
                Range,
            ),
            "REO content",
        ),
        says(
            case(
                "feed above 1.25 kg/kg",
                sc(r#""overrides":{"feedFe":1}"#),
                "overrides.feedFe",
                Range,
            ),
            "feed elements sum",
        ),
        // Custom inventories: empty systems, bad ids and amounts, singular matrices.
        says(
            case(
                "empty system",
                sc(r#""inventory":{"processes":[]}"#),
                "inventory.processes",
                Type,
            ),
            "at least one process",
        ),
        case(
            "process without outputs",
            procs(r#"{"id":"p","outputs":[]}"#),
            "inventory.processes[0].outputs",
            Type,
        ),
        case(
            "empty process id",
            procs(r#"{"id":"","outputs":[{"flow":"Dy2O3","amount":1}]}"#),
            "inventory.processes[0].id",
            Type,
        ),
        says(
            case(
                "duplicate process id",
                procs(
                    r#"{"id":"p","outputs":[{"flow":"Dy2O3","amount":1}]},{"id":"p","outputs":[{"flow":"x","amount":1}]}"#,
                ),
                "inventory.processes[1].id",
                Range,
            ),
            "duplicate",
        ),
        case(
            "zero output",
            procs(r#"{"id":"p","outputs":[{"flow":"Dy2O3","amount":0}]}"#),
            "inventory.processes[0].outputs[0].amount",
            Range,
        ),
        case(
            "negative output",
            procs(r#"{"id":"p","outputs":[{"flow":"Dy2O3","amount":-1}]}"#),
            "inventory.processes[0].outputs[0].amount",
            Range,
        ),
        case(
            "negative input",
            inv(r#","inputs":[{"flow":"hcl_100","amount":-1}]"#),
            "inventory.processes[0].inputs[0].amount",
            Range,
        ),
        case(
            "negative emission",
            inv(r#","emissions":[{"flow":"co2_fossil","amount":-2}]"#),
            "inventory.processes[0].emissions[0].amount",
            Range,
        ),
        case(
            "amount above 1e12",
            inv(r#","inputs":[{"flow":"hcl_100","amount":1e13}]"#),
            "inventory.processes[0].inputs[0].amount",
            Range,
        ),
        case(
            "empty flow id",
            inv(r#","inputs":[{"flow":"","amount":1}]"#),
            "inventory.processes[0].inputs[0].flow",
            Type,
        ),
        case(
            "unknown elementary flow",
            inv(r#","emissions":[{"flow":"unobtainium","amount":1}]"#),
            "inventory.processes[0].emissions[0].flow",
            Range,
        ),
        says(
            case(
                "reserved stage",
                inv(r#","stage":"background""#),
                "inventory.processes[0].stage",
                Range,
            ),
            "reserved",
        ),
        says(
            case(
                "input nobody produces",
                inv(r#","inputs":[{"flow":"unobtainium","amount":1}]"#),
                "inventory",
                Other,
            ),
            "no process produces",
        ),
        says(
            case(
                "inventory without the oxide",
                procs(r#"{"id":"p","outputs":[{"flow":"x","amount":1}]}"#),
                "oxide",
                Other,
            ),
            "Dy2O3",
        ),
        says(
            case(
                "singular inventory",
                procs(singular),
                "technosphere[Dy2O3, loop]",
                Other,
            ),
            "singular",
        ),
        says(
            case(
                "near-singular inventory",
                procs(&near_singular),
                "technosphere[Dy2O3, loop]",
                Other,
            ),
            "badly conditioned",
        ),
    ]
}

/// Scenarios JSON cannot express: NaN and infinities set after decoding.
fn non_finite_cases() -> Vec<(&'static str, Scenario, &'static str)> {
    let base = || scenario_from_json(&sc("")).expect("valid");
    let mut out = Vec::new();
    for (name, v) in [
        ("override NaN", f64::NAN),
        ("override +inf", f64::INFINITY),
        ("override -inf", f64::NEG_INFINITY),
    ] {
        let mut s = base();
        s.overrides.insert("efOxalicAcid".into(), v);
        out.push((name, s, "overrides.efOxalicAcid"));
    }
    let mut s = base();
    s.claim_percent = Some(f64::NAN);
    out.push(("claim NaN", s, "claimPercent"));
    let mut s =
        scenario_from_json(&inv(r#","inputs":[{"flow":"hcl_100","amount":1}]"#)).expect("valid");
    if let Some(inv) = s.inventory.as_mut() {
        inv.processes[0].inputs[0].amount = f64::INFINITY;
    }
    out.push((
        "inventory amount +inf",
        s,
        "inventory.processes[0].inputs[0].amount",
    ));
    out
}

fn valid() -> Comparison {
    compare(&scenario_from_json(&sc("")).expect("valid")).expect("valid call")
}

fn assert_finite(c: &Comparison) {
    assert_eq!(reo_lca::analysis::compare::ensure_finite(c), Ok(()));
    assert!(c.mined.total.is_finite() && c.recycled.total.is_finite());
}

fn check(
    name: &str,
    got: Result<Comparison, Error>,
    field: &str,
    class: ErrorClass,
    says: &str,
    reference: &Comparison,
    failures: &mut Vec<String>,
) {
    match got {
        Ok(c) => failures.push(format!("{name}: accepted (recycled {})", c.recycled.total)),
        Err(e) => {
            let msg = e.to_string();
            if e.field() != field {
                failures.push(format!(
                    "{name}: field {:?}, expected {field:?} ({msg})",
                    e.field()
                ));
            } else if e.class() != class {
                failures.push(format!(
                    "{name}: class {:?}, expected {class:?} ({msg})",
                    e.class()
                ));
            } else if !msg.starts_with(&e.field())
                && !matches!(
                    e,
                    Error::SingularSystem { .. } | Error::IllConditioned { .. }
                )
            {
                failures.push(format!(
                    "{name}: message does not start with the field: {msg}"
                ));
            } else if !msg.contains(says) {
                failures.push(format!("{name}: {msg:?} lacks {says:?}"));
            } else if msg.len() > 2000 {
                failures.push(format!("{name}: message of {} characters", msg.len()));
            }
        }
    }
    // The library keeps working, with the same answer.
    let again = valid();
    assert_finite(&again);
    if again.recycled.total.to_bits() != reference.recycled.total.to_bits()
        || again.mined.total.to_bits() != reference.mined.total.to_bits()
    {
        failures.push(format!(
            "{name}: a valid call changed its answer afterwards"
        ));
    }
}

#[test]
fn bad_scenarios_give_typed_errors_naming_the_field() {
    let reference = valid();
    assert_finite(&reference);
    let cases = cases();
    let extra = non_finite_cases();
    assert!(cases.len() + extra.len() >= 40);
    let mut failures = Vec::new();
    for c in &cases {
        let got = scenario_from_json(&c.json).and_then(|s| compare(&s));
        check(
            c.name,
            got,
            &c.field,
            c.class,
            c.says,
            &reference,
            &mut failures,
        );
    }
    for (name, s, field) in extra.iter() {
        let got = compare(s);
        check(name, got, field, Range, "finite", &reference, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len() + extra.len(),
        failures.join("\n")
    );
    println!(
        "{} bad-input cases through the Rust API",
        cases.len() + extra.len()
    );
}

/// A poorly conditioned inventory that is still accepted says so in the warnings, and its
/// numbers are finite.
#[test]
fn poorly_conditioned_inventory_is_accepted_with_a_warning() {
    let json = procs(
        r#"{"id":"a","outputs":[{"flow":"Dy2O3","amount":1}],"inputs":[{"flow":"loop","amount":1}],"emissions":[{"flow":"co2_fossil","amount":1e-6}]},{"id":"b","outputs":[{"flow":"loop","amount":1}],"inputs":[{"flow":"Dy2O3","amount":0.9999999}]}"#,
    );
    let c = compare(&scenario_from_json(&json).expect("valid")).expect("accepted");
    assert_finite(&c);
    assert!(c.recycled.condition > reo_lca::analysis::compare::CONDITION_WARNING);
    assert!(c.recycled.condition <= reo_lca::engine::lca::MAX_CONDITION);
    assert!(
        c.warnings.iter().any(|w| w.contains("poorly conditioned")),
        "{:?}",
        c.warnings
    );
}

/// The shapes serde_json itself accepts are exactly what the types say: no silent coercion
/// of numbers from strings, and integers where floats are expected are fine.
#[test]
fn integers_are_numbers_and_strings_are_not() {
    let s = scenario_from_json(&sc(r#""claimPercent":50,"overrides":{"acidExcess":2}"#))
        .expect("integers");
    assert_eq!(s.claim_percent, Some(50.0));
    let raw: Result<Scenario, _> = serde_json::from_str(&sc(r#""claimPercent":"50""#));
    assert!(raw.is_err());
}

/// Huge, zero, fractional and non-finite iteration counts and seeds for Monte Carlo: refused
/// before any work, naming `options.iterations` or `options.seed`.
#[test]
fn huge_iteration_counts_are_refused() {
    use reo_lca::uncertainty::{monte_carlo, McOptions};
    let reference = valid();
    let numbers: &[(f64, f64, &str, ErrorClass)] = &[
        (1e9, 1.0, "options.iterations", Range),
        (f64::MAX, 1.0, "options.iterations", Range),
        (0.0, 1.0, "options.iterations", Range),
        (-1.0, 1.0, "options.iterations", Range),
        // A fractional count is a bad value, as in JS (RangeError).
        (1.5, 1.0, "options.iterations", Range),
        (100.0, 0.5, "options.seed", Range),
        (f64::NAN, 1.0, "options.iterations", Range),
        (f64::INFINITY, 1.0, "options.iterations", Range),
        (100.0, -1.0, "options.seed", Range),
        (100.0, 1e300, "options.seed", Range),
        (100.0, f64::NAN, "options.seed", Range),
    ];
    for &(iterations, seed, field, class) in numbers {
        let e = McOptions::from_numbers(iterations, seed).unwrap_err();
        assert_eq!(e.field(), field, "{iterations} {seed}: {e}");
        assert_eq!(e.class(), class, "{iterations} {seed}: {e}");
    }
    // Options built directly: the run refuses them before sampling.
    for iterations in [0, usize::MAX, 200_001] {
        let options = McOptions {
            iterations,
            ..McOptions::default()
        };
        let e = monte_carlo(&scenario_from_json(&sc("")).expect("valid"), &options).unwrap_err();
        assert_eq!(e.field(), "options.iterations", "{iterations}: {e}");
    }
    let again = valid();
    assert_eq!(
        again.recycled.total.to_bits(),
        reference.recycled.total.to_bits()
    );
}

/// The range `inUse` reports for a parameter is the one the engine enforces: its maximum is
/// accepted and anything above it refused, for a limit that depends on other parameters.
#[test]
fn in_use_ranges_are_the_ranges_enforced() {
    let mut s = Scenario::preset("ionic-missouri");
    s.overrides.insert("feedFe".into(), 0.7);
    let u = reo_lca::catalog::in_use(&s).unwrap();
    for id in ["recoveryYield", "feedNd"] {
        let p = u.narrowed.iter().find(|p| p.id == id).unwrap();
        let table = reo_lca::catalog::parameters()
            .into_iter()
            .find(|q| q.id == id)
            .unwrap();
        assert!(p.max < table.max, "{id}: {} vs table {}", p.max, table.max);
        let mut at = s.clone();
        at.overrides.insert(id.into(), p.max);
        assert!(compare(&at).is_ok(), "{id} = {} refused", p.max);
        at.overrides.insert(id.into(), p.max * (1.0 + 1e-9) + 1e-9);
        let e = compare(&at).unwrap_err();
        // The element pushed over the limit is named (it grew most above its default).
        assert_eq!(e.field(), format!("overrides.{id}").as_str(), "{e}");
    }
    // feedNd's maximum is what the other feed elements leave of 1.25 kg per kg magnet.
    let others: f64 = ["feedPr", "feedDy", "feedTb", "feedFe", "feedCo"]
        .iter()
        .map(|id| {
            let d = reo_lca::catalog::parameters()
                .into_iter()
                .find(|p| p.id == *id)
                .unwrap();
            s.overrides.get(*id).copied().unwrap_or(d.default)
        })
        .sum();
    let nd = u.narrowed.iter().find(|p| p.id == "feedNd").unwrap();
    assert!(
        (nd.max - (1.25 - others)).abs() < 1e-12,
        "{} vs {}",
        nd.max,
        1.25 - others
    );
}
