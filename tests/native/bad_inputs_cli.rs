//! Hostile input through the command line: a table of bad arguments and bad inventory files.
//! Each must exit with code 2, print nothing on stdout, and print one line on stderr that
//! starts with `reo-lca: `, names the argument or field at fault, and holds no panic message.

use std::path::PathBuf;
use std::process::Command;

use crate::support::run_cli as run;

const P: &str = "ionic-missouri";

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("reo-lca-bad-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// Writes an inventory file and returns its path.
fn file(name: &str, bytes: &[u8]) -> String {
    let path = dir().join(name);
    std::fs::write(&path, bytes).expect("write inventory");
    path.to_string_lossy().into_owned()
}

/// One process making Dy2O3 with `process` spliced into its JSON object.
fn inv(process: &str) -> String {
    format!(r#"{{"processes":[{{"id":"p","outputs":[{{"flow":"Dy2O3","amount":1}}]{process}}}]}}"#)
}

struct Case {
    name: &'static str,
    args: Vec<String>,
    expected: Vec<String>,
}

fn s(x: &str) -> String {
    x.to_string()
}

fn compare(extra: &[&str]) -> Vec<String> {
    let mut v = vec![s("compare"), s("--preset"), s(P)];
    v.extend(extra.iter().map(|x| s(x)));
    v
}

fn mc(extra: &[&str]) -> Vec<String> {
    let mut v = vec![s("mc"), s("--preset"), s(P)];
    v.extend(extra.iter().map(|x| s(x)));
    v
}

fn set(kv: &str) -> Vec<String> {
    compare(&["--set", kv])
}

fn with_inventory(name: &str, bytes: &[u8]) -> Vec<String> {
    let path = file(name, bytes);
    compare(&["--inventory", &path])
}

fn case(name: &'static str, args: Vec<String>, expected: &[&str]) -> Case {
    Case {
        name,
        args,
        expected: expected.iter().map(|x| s(x)).collect(),
    }
}

fn cases() -> Vec<Case> {
    let long = "x".repeat(10_000);
    let many_sets: Vec<String> = {
        let mut v = compare(&[]);
        for i in 0..501 {
            v.push(s("--set"));
            v.push(format!("made_up_{i}=1"));
        }
        v
    };
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let many_processes = format!(
        r#"{{"processes":[{}]}}"#,
        (0..1000)
            .map(|i| format!(r#"{{"id":"p{i}","outputs":[{{"flow":"x{i}","amount":1}}]}}"#))
            .collect::<Vec<_>>()
            .join(",")
    );
    let many_inputs = inv(&format!(
        r#","inputs":[{}]"#,
        vec![r#"{"flow":"hcl_100","amount":1}"#; 1000].join(",")
    ));
    let oversized = format!(r#"{{"name":"{}","processes":[]}}"#, "n".repeat(5 << 20));
    let good_inventory = file(
        "good.json",
        inv(r#","emissions":[{"flow":"co2_fossil","amount":2.5}]"#).as_bytes(),
    );
    vec![
        // Commands and arguments.
        case("no command", vec![], &["missing command"]),
        case("unknown command", vec![s("frobnicate")], &["frobnicate: unknown command"]),
        case("missing preset", vec![s("compare")], &["--preset: is required"]),
        case("preset without value", vec![s("compare"), s("--preset")], &["--preset: needs a value"]),
        case("unknown argument", compare(&["--bogus"]), &["--bogus: unknown argument"]),
        case("--route on compare", compare(&["--route", "mined"]), &["--route: unknown argument"]),
        case("newline in an argument", compare(&["--bo\ngus\u{1b}[31m"]), &["--bo\\ngus\\u{1b}[31m: unknown argument"]),
        case("export without route", vec![s("export"), s("--preset"), s(P)], &["--route: is required"]),
        case("export unknown route side", vec![s("export"), s("--preset"), s(P), s("--route"), s("both")], &["--route: route: unknown route side"]),
        case("flag with a value", compare(&["--json=yes"]), &["--json: takes no value, got \"yes\""]),
        case("option on presets", vec![s("presets"), s("--json")], &["--json: unknown argument"]),
        case("stray value on params", vec![s("params"), s("extra")], &["extra: unknown argument"]),
        case("--iterations on compare", compare(&["--iterations", "10"]), &["--iterations: unknown argument"]),
        case("--csv on mc", mc(&["--csv"]), &["--csv: not available for mc (use --json)"]),
        case("--csv on export", vec![s("export"), s("--preset"), s(P), s("--route"), s("mined"), s("--csv")], &["--csv: not available for export"]),
        case("export unknown format", vec![s("export"), s("--preset"), s(P), s("--route"), s("mined"), s("--format"), s("xml")], &["--format: expected json or bw-datapackage, got \"xml\""]),
        case("datapackage without --out", vec![s("export"), s("--preset"), s(P), s("--route"), s("mined"), s("--format"), s("bw-datapackage")], &["--format: bw-datapackage needs --out FILE"]),
        case("datapackage with --json", vec![s("export"), s("--preset"), s(P), s("--route"), s("mined"), s("--format"), s("bw-datapackage"), s("--out"), s("x.zip"), s("--json")], &["--json: cannot be used with --format bw-datapackage"]),
        case("export to an unwritable file", vec![s("export"), s("--preset"), s(P), s("--route"), s("mined"), s("--out"), s("/nonexistent-dir/x.json")], &["--out: cannot write /nonexistent-dir/x.json"]),
        case("--format on compare", vec![s("compare"), s("--preset"), s(P), s("--format"), s("json")], &["--format: unknown argument"]),
        // Options that take one value, given twice (the old parser kept the last one silently).
        case("preset given twice", compare(&["--preset", "ionic-belfast"]), &["--preset: given twice"]),
        case("preset= given twice", vec![s("compare"), s("--preset=ionic-missouri"), s("--preset"), s(P)], &["--preset: given twice"]),
        case("oxide given twice", compare(&["--oxide", "Dy2O3", "--oxide", "Dy2O3"]), &["--oxide: given twice"]),
        case("baseline given twice", compare(&["--baseline", "ion-clay", "--baseline", "ion-clay"]), &["--baseline: given twice"]),
        case("recycled given twice", compare(&["--recycled", "ionic-hydromet", "--recycled", "ionic-hydromet"]), &["--recycled: given twice"]),
        case("site given twice", compare(&["--site", "missouri", "--site", "belfast"]), &["--site: given twice"]),
        case("allocation given twice", compare(&["--allocation", "mass", "--allocation", "economic"]), &["--allocation: given twice"]),
        case("rule given twice", compare(&["--rule", "cut-off", "--rule", "substitution"]), &["--rule: given twice"]),
        case("gwp given twice", compare(&["--gwp", "AR6", "--gwp", "AR5"]), &["--gwp: given twice"]),
        case("price set given twice", compare(&["--price-set", "usgs-2024", "--price-set", "usgs-2023"]), &["--price-set: given twice"]),
        case("claim given twice", compare(&["--claim", "50", "--claim", "60"]), &["--claim: given twice"]),
        case("route given twice", vec![s("export"), s("--preset"), s(P), s("--route"), s("mined"), s("--route"), s("recycled")], &["--route: given twice"]),
        case("iterations given twice", mc(&["--iterations", "10", "--iterations", "20"]), &["--iterations: given twice"]),
        case("inventory given twice", compare(&["--inventory", &good_inventory, "--inventory", &good_inventory]), &["--inventory: given twice"]),
        case("seed given twice", mc(&["--iterations", "10", "--seed", "1", "--seed", "2"]), &["--seed: given twice"]),
        // --json and --csv exclude each other, in either order.
        case("json and csv", compare(&["--json", "--csv"]), &["--csv: cannot be used with --json"]),
        case("csv and json", compare(&["--csv", "--json"]), &["--json: cannot be used with --csv"]),
        // Unknown and unavailable ids.
        case("unknown preset", vec![s("compare"), s("--preset"), s("nope")], &["--preset: preset: unknown preset"]),
        case("preset that looks like an option", vec![s("compare"), s("--preset"), s("--json")], &["--preset: preset: unknown preset \"--json\""]),
        case("empty preset", vec![s("compare"), s("--preset"), s("")], &["--preset: preset: unknown preset"]),
        case("oversized preset", vec![s("compare"), s("--preset"), long.clone()], &["--preset: preset: 10000 is above the limit of 200"]),
        case("unknown oxide", compare(&["--oxide", "Ho2O3"]), &["--oxide: oxide: unknown oxide"]),
        case("oxide the route lacks", compare(&["--oxide", "Tb4O7"]), &["--oxide: oxide:", "Tb4O7"]),
        case("unmodelled baseline", compare(&["--baseline", "mountain-pass"]), &["--baseline: baseline: route mountain-pass is not modelled"]),
        case("recycled route as baseline", compare(&["--baseline", "ionic-hydromet"]), &["--baseline: baseline: unknown route"]),
        case("mined route as recycled", compare(&["--recycled", "bayan-obo"]), &["--recycled: recycled: unknown route"]),
        case("unknown site", compare(&["--site", "mars"]), &["--site: site: unknown site"]),
        case("unknown allocation", compare(&["--allocation", "exergy"]), &["--allocation: allocation: unknown allocation rule"]),
        case("unknown rule", compare(&["--rule", "50:50"]), &["--rule: recyclingRule: unknown recycling rule"]),
        case("unknown GWP set", compare(&["--gwp", "AR4"]), &["--gwp: gwp: unknown GWP set"]),
        case("unknown price set", compare(&["--price-set", "2031"]), &["--price-set: priceSet: unknown price set"]),
        // Numbers: wrong type, NaN, ±∞, out of range.
        case("claim not a number", compare(&["--claim", "abc"]), &["--claim: not a number"]),
        case("claim above 100", compare(&["--claim", "150"]), &["--claim: claimPercent: must be between 0 and 100, got 150"]),
        case("claim negative", compare(&["--claim", "-1"]), &["--claim: claimPercent: must be between 0 and 100, got -1"]),
        case("claim NaN", compare(&["--claim", "NaN"]), &["--claim: claimPercent: must be a finite number"]),
        case("claim infinite", compare(&["--claim", "inf"]), &["--claim: claimPercent: must be a finite number"]),
        case("set without =", set("gridSrmw"), &["--set: expected NAME=VALUE"]),
        case("set without name", set("=1"), &["--set: expected NAME=VALUE"]),
        case("set not a number", set("gridSrmw=abc"), &["--set: gridSrmw: not a number"]),
        case("set empty value", set("gridSrmw="), &["--set: gridSrmw: not a number"]),
        case("set negative grid", set("gridSrmw=-1"), &["--set: overrides.gridSrmw: must be between 0 and 1.5, got -1"]),
        case("set NaN", set("gridSrmw=NaN"), &["--set: overrides.gridSrmw: must be a finite number"]),
        case("set +inf", set("gridSrmw=inf"), &["--set: overrides.gridSrmw: must be a finite number, got Infinity"]),
        case("set -inf", set("efOxalicAcid=-inf"), &["--set: overrides.efOxalicAcid: must be a finite number, got -Infinity"]),
        case("set overflow to inf", set("gridSrmw=1e400"), &["--set: overrides.gridSrmw: must be a finite number"]),
        case("set zero excess", set("acidExcess=0"), &["--set: overrides.acidExcess: must be between 1 and 5, got 0"]),
        case("set fraction above 1", set("iacPurity=1.5"), &["--set: overrides.iacPurity: must be between 0.5 and 1, got 1.5"]),
        case("set recovery above 1", set("smcoRecovery=1.01"), &["--set: overrides.smcoRecovery: must be between 0.01 and 1"]),
        case("set yield above REO content", set("recoveryYield=0.5"), &["--set: overrides.recoveryYield:", "REO content"]),
        case("set feed above 1.25 kg/kg", set("feedFe=1"), &["--set: overrides.feedFe:", "feed elements sum"]),
        case("set unknown parameter", set("nope=1"), &["--set: overrides.nope: unknown parameter"]),
        case("set given twice", compare(&["--set", "gridSrmw=0.3", "--set", "gridSrmw=0.4"]), &["--set: gridSrmw given twice"]),
        case("set oversized name", set(&format!("{long}=1")), &["--set: overrides: 10000 is above the limit of 200"]),
        case("too many overrides", many_sets, &["--set: overrides: 501 is above the limit of 500"]),
        // Inventory files: unreadable, malformed, wrong types, bad values, bad systems.
        case("inventory missing file", compare(&["--inventory", "/nonexistent/inv.json"]), &["--inventory: cannot read /nonexistent/inv.json"]),
        case("inventory is a directory", compare(&["--inventory", "/"]), &["--inventory: cannot read /"]),
        case("inventory not UTF-8", with_inventory("latin1.json", b"{\"processes\":[{\"id\":\"\xe9\"}]}"), &["--inventory: cannot read", "UTF-8"]),
        case("inventory empty file", with_inventory("empty.json", b""), &["inventory: EOF while parsing"]),
        case("inventory not JSON", with_inventory("text.json", b"hello"), &["inventory: expected value"]),
        case("inventory NaN token", with_inventory("nan.json", inv(r#","inputs":[{"flow":"hcl_100","amount":NaN}]"#).as_bytes()), &["inventory.processes[0].inputs[0].amount: expected value"]),
        case("inventory wrong top-level type", with_inventory("number.json", b"42"), &["inventory: invalid type: integer `42`, expected struct CustomInventory"]),
        // serde reads a struct from an array too (fields in order); the element is named.
        case("inventory as an array", with_inventory("array.json", b"[1,2]"), &["inventory[0]: invalid type: integer `1`, expected a string"]),
        case("inventory amount as string", with_inventory("string.json", inv(r#","inputs":[{"flow":"hcl_100","amount":"1"}]"#).as_bytes()), &["inventory.processes[0].inputs[0].amount: invalid type: string"]),
        case("inventory flow as number", with_inventory("flow.json", inv(r#","emissions":[{"flow":7,"amount":1}]"#).as_bytes()), &["inventory.processes[0].emissions[0].flow: invalid type: integer"]),
        case("inventory amount overflow", with_inventory("big.json", inv(r#","inputs":[{"flow":"hcl_100","amount":1e400}]"#).as_bytes()), &["inventory.processes[0].inputs[0].amount: number out of range"]),
        case("inventory unknown field", with_inventory("unknown.json", inv(r#","ouputs":[]"#).as_bytes()), &["inventory.processes[0].ouputs: unknown field"]),
        case("inventory missing field", with_inventory("missing.json", br#"{"processes":[{"id":"p"}]}"#), &["inventory.processes[0].outputs: is required"]),
        case("inventory key given twice", with_inventory("twice.json", inv(r#","id":"q""#).as_bytes()), &["inventory.processes[0].id: given twice"]),
        case("inventory nested too deep", with_inventory("deep.json", format!(r#"{{"processes":{deep}}}"#).as_bytes()), &["inventory.processes", "nested deeper than 32 levels"]),
        case("inventory file too large", with_inventory("huge.json", oversized.as_bytes()), &["--inventory: cannot read", "larger than the limit"]),
        case("inventory without processes", with_inventory("none.json", br#"{"processes":[]}"#), &["--inventory: inventory.processes: must hold at least one process"]),
        case("inventory too many processes", with_inventory("many.json", many_processes.as_bytes()), &["--inventory: inventory.processes: 1000 is above the limit of 200"]),
        case("inventory too many inputs", with_inventory("inputs.json", many_inputs.as_bytes()), &["--inventory: inventory.processes[0].inputs: 1000 is above the limit of 200"]),
        case("inventory oversized id", with_inventory("id.json", format!(r#"{{"processes":[{{"id":"{long}","outputs":[{{"flow":"Dy2O3","amount":1}}]}}]}}"#).as_bytes()), &["--inventory: inventory.processes[0].id: 10000 is above the limit of 200"]),
        case("inventory empty id", with_inventory("emptyid.json", br#"{"processes":[{"id":"","outputs":[{"flow":"Dy2O3","amount":1}]}]}"#), &["--inventory: inventory.processes[0].id: must not be empty"]),
        case("inventory duplicate process ids", with_inventory("dup.json", br#"{"processes":[{"id":"p","outputs":[{"flow":"Dy2O3","amount":1}]},{"id":"p","outputs":[{"flow":"x","amount":1}]}]}"#), &["--inventory: inventory.processes[1].id: duplicate process id"]),
        case("inventory no outputs", with_inventory("noout.json", br#"{"processes":[{"id":"p","outputs":[]}]}"#), &["--inventory: inventory.processes[0].outputs: must hold at least one output"]),
        case("inventory zero output", with_inventory("zero.json", br#"{"processes":[{"id":"p","outputs":[{"flow":"Dy2O3","amount":0}]}]}"#), &["--inventory: inventory.processes[0].outputs[0].amount:"]),
        case("inventory negative input", with_inventory("neg.json", inv(r#","inputs":[{"flow":"hcl_100","amount":-1}]"#).as_bytes()), &["--inventory: inventory.processes[0].inputs[0].amount: must be between 0 and 1000000000000, got -1"]),
        case("inventory huge amount", with_inventory("huge-amount.json", inv(r#","inputs":[{"flow":"hcl_100","amount":1e13}]"#).as_bytes()), &["--inventory: inventory.processes[0].inputs[0].amount: must be between 0 and 1000000000000"]),
        case("inventory empty flow", with_inventory("emptyflow.json", inv(r#","inputs":[{"flow":"","amount":1}]"#).as_bytes()), &["--inventory: inventory.processes[0].inputs[0].flow: must not be empty"]),
        case("inventory unknown emission", with_inventory("emission.json", inv(r#","emissions":[{"flow":"unobtainium","amount":1}]"#).as_bytes()), &["--inventory: inventory.processes[0].emissions[0].flow: unknown elementary flow"]),
        case("inventory reserved stage", with_inventory("stage.json", inv(r#","stage":"background""#).as_bytes()), &["--inventory: inventory.processes[0].stage:", "reserved"]),
        case("inventory unproduced input", with_inventory("unproduced.json", inv(r#","inputs":[{"flow":"unobtainium","amount":1}]"#).as_bytes()), &["--inventory: inventory:", "no process produces \"unobtainium\""]),
        case("inventory singular", with_inventory("singular.json", br#"{"processes":[{"id":"a","outputs":[{"flow":"Dy2O3","amount":1}],"inputs":[{"flow":"loop","amount":1}]},{"id":"b","outputs":[{"flow":"loop","amount":1}],"inputs":[{"flow":"Dy2O3","amount":1}]}]}"#), &["technosphere: the system is singular", "Dy2O3"]),
        // Monte Carlo and sensitivity: iteration counts and seeds.
        // Checked by McOptions::from_numbers, as in JS: whole numbers, seed 0 to 2^53 - 1.
        case("mc huge iteration count", mc(&["--iterations", "1e9"]), &["--iterations: options.iterations: must be between 1 and 200000, got 1000000000"]),
        case("mc iterations beyond u64", mc(&["--iterations", "18446744073709551616"]), &["--iterations: options.iterations: must be between 1 and 200000"]),
        case("mc zero iterations", mc(&["--iterations", "0"]), &["--iterations: options.iterations: must be between 1 and 200000, got 0"]),
        case("mc negative iterations", mc(&["--iterations", "-5"]), &["--iterations: options.iterations: must be between 1 and 200000, got -5"]),
        case("mc fractional iterations", mc(&["--iterations", "1.5"]), &["--iterations: options.iterations: must be a whole number, got 1.5"]),
        case("mc NaN iterations", mc(&["--iterations", "NaN"]), &["--iterations: options.iterations: must be a finite number"]),
        case("mc iterations not a number", mc(&["--iterations", "abc"]), &["--iterations: not a number: \"abc\""]),
        case("mc iterations without value", mc(&["--iterations"]), &["--iterations: needs a value"]),
        case("mc negative seed", mc(&["--seed", "-1"]), &["--seed: options.seed: must be between 0 and 9007199254740991, got -1"]),
        case("mc huge seed", mc(&["--seed", "1e300"]), &["--seed: options.seed: must be between 0 and 9007199254740991"]),
        case("mc seed above 2^53 - 1", mc(&["--iterations", "10", "--seed", "9007199254740992"]), &["--seed: options.seed: must be between 0 and 9007199254740991, got 9007199254740992"]),
        case("mc fractional seed", mc(&["--iterations", "10", "--seed", "1.5"]), &["--seed: options.seed: must be a whole number, got 1.5"]),
        case("mc seed not a number", mc(&["--seed", "x"]), &["--seed: not a number: \"x\""]),
        case("mc samples without json", mc(&["--samples"]), &["--samples: needs --json"]),
        case("mc bad override", mc(&["--set", "gridSrmw=inf"]), &["--set: overrides.gridSrmw: must be a finite number"]),
        case("sensitivity unknown preset", vec![s("sensitivity"), s("--preset"), s("nope")], &["--preset: preset: unknown preset"]),
        case("sensitivity NaN override", vec![s("sensitivity"), s("--preset"), s(P), s("--set"), s("gridSrmw=NaN")], &["--set: overrides.gridSrmw: must be a finite number"]),
        case("inventory near-singular", with_inventory("near.json", br#"{"processes":[{"id":"a","outputs":[{"flow":"Dy2O3","amount":1}],"inputs":[{"flow":"loop","amount":1}]},{"id":"b","outputs":[{"flow":"loop","amount":1}],"inputs":[{"flow":"Dy2O3","amount":0.9999999999}]}]}"#), &["technosphere: badly conditioned", "Dy2O3"]),
    ]
}

#[test]
fn bad_arguments_exit_2_with_one_line_naming_the_field() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let (code, out, err) = run(&c.args);
        let mut lines = err.lines();
        let first = lines.next().unwrap_or("");
        let second = lines.next();
        let problem = if code != 2 {
            format!("exit {code}: {err}")
        } else if !out.is_empty() {
            format!("printed to stdout: {out}")
        } else if err.contains("panicked") {
            format!("panicked: {err}")
        } else if !first.starts_with("reo-lca: ") || second != Some("usage:") {
            format!("not one message line: {err:?}")
        } else if let Some(e) = c.expected.iter().find(|e| !first.contains(e.as_str())) {
            format!("{first:?} lacks {e:?}")
        } else if first.len() > 2000 {
            format!("{} characters", first.len())
        } else {
            continue;
        };
        failures.push(format!("{}: {problem}", c.name));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!("{} bad-input cases through the CLI", cases.len());
    // The command still works (nothing persists between runs, but check the same binary).
    let (code, out, err) = run(&compare(&["--json"]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert!(v["mined"]["total"].as_f64().is_some_and(f64::is_finite));
    let _ = std::fs::remove_dir_all(dir());
}

/// An argument that is not UTF-8 (possible on Unix) is one message naming its position, exit 2,
/// wherever it stands: the old parser (`std::env::args`) panicked with a backtrace.
#[cfg(unix)]
#[test]
fn non_utf8_argument_exits_2_naming_its_position() {
    use std::ffi::{OsStr, OsString};
    use std::os::unix::ffi::OsStrExt;
    let bad = || OsStr::from_bytes(b"ionic\xff-missouri").to_os_string();
    let os = |x: &str| OsString::from(x);
    let cases: Vec<(Vec<OsString>, &str)> = vec![
        (vec![bad()], "argument 1: not valid UTF-8"),
        (
            vec![os("compare"), os("--preset"), bad()],
            "argument 3: not valid UTF-8",
        ),
        (
            vec![
                os("compare"),
                OsStr::from_bytes(b"--preset=\xff").to_os_string(),
            ],
            "argument 2: not valid UTF-8",
        ),
        (
            vec![os("compare"), os("--preset"), os(P), os("--set"), bad()],
            "argument 5: not valid UTF-8",
        ),
        (
            vec![
                os("compare"),
                os("--preset"),
                os(P),
                os("--inventory"),
                bad(),
            ],
            "argument 5: not valid UTF-8",
        ),
        (
            vec![os("mc"), os("--preset"), os(P), os("--seed"), bad()],
            "argument 5: not valid UTF-8",
        ),
        (
            vec![
                os("compare"),
                os("--preset"),
                os(P),
                OsStr::from_bytes(b"--\xff").to_os_string(),
            ],
            "argument 4: not valid UTF-8",
        ),
    ];
    for (args, expected) in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_reo-lca"))
            .args(&args)
            .env("RUST_BACKTRACE", "1")
            .output()
            .expect("run reo-lca");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        let mut lines = err.lines();
        assert_eq!(
            lines.next(),
            Some(format!("reo-lca: {expected}").as_str()),
            "{args:?}: {err}"
        );
        assert_eq!(lines.next(), Some("usage:"), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{args:?}: {err}"
        );
    }
}

/// A poorly conditioned (but accepted) inventory solves with a warning, not silently.
#[test]
fn poorly_conditioned_inventory_warns() {
    let path = file(
        "warn.json",
        br#"{"processes":[{"id":"a","outputs":[{"flow":"Dy2O3","amount":1}],"inputs":[{"flow":"loop","amount":1}],"emissions":[{"flow":"co2_fossil","amount":1e-6}]},{"id":"b","outputs":[{"flow":"loop","amount":1}],"inputs":[{"flow":"Dy2O3","amount":0.9999999}]}]}"#,
    );
    let (code, out, err) = run(&compare(&["--inventory", &path, "--json"]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let total = v["recycled"]["total"].as_f64().expect("total");
    assert!(total.is_finite() && (total - 10.0).abs() < 1e-3, "{total}");
    let warnings = v["warnings"].as_array().expect("warnings");
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().is_some_and(|w| w.contains("poorly conditioned"))),
        "{warnings:?}"
    );
}
