//! The `reo-lca` command line: every preset prints a comparison, `--json` has the documented
//! fields, and bad arguments give one message naming the argument and exit code 2.

use crate::support::run_cli as run;

#[test]
fn presets_and_params_list() {
    let (code, out, _) = run(&["presets"]);
    assert_eq!(code, 0);
    for id in ["ionic-belfast", "ionic-missouri", "sprecher-hdd"] {
        assert!(out.contains(id), "{out}");
    }
    let (code, out, _) = run(&["params"]);
    assert_eq!(code, 0);
    assert!(out.contains("gridSrmw") && out.contains("egrid2023"));
}

#[test]
fn every_preset_prints_a_comparison() {
    for p in reo_lca::dataset::PRESETS {
        let (code, out, err) = run(&["compare", "--preset", p.id]);
        assert_eq!(code, 0, "{}: {err}", p.id);
        assert!(out.contains("reduction") && out.contains("claim"), "{out}");
    }
}

#[test]
fn json_output_has_the_documented_fields() {
    let (code, out, err) = run(&[
        "compare",
        "--preset",
        "ionic-missouri",
        "--oxide",
        "Nd2O3",
        "--set",
        "gridSrmw=0.4",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let lib = reo_lca::compare(&{
        let mut s = reo_lca::Scenario::preset("ionic-missouri");
        s.oxide = Some("Nd2O3".into());
        s.overrides.insert("gridSrmw".into(), 0.4);
        s
    })
    .unwrap();
    assert_eq!(v["mined"]["total"].as_f64().unwrap(), lib.mined.total);
    assert_eq!(v["recycled"]["total"].as_f64().unwrap(), lib.recycled.total);
    assert_eq!(v["reductionPercent"].as_f64(), lib.reduction_percent);
    assert_eq!(v["allocation"], "mass");
    assert_eq!(v["baseline"], "ion-clay-longnan");
    assert_eq!(v["claim"]["statedPercent"], 61.0);
    assert!(v["claim"]["holds"].is_boolean());
    assert!(v["claim"]["breakEvens"].as_array().unwrap().len() >= 5);
    assert_eq!(v["grid"]["value"], 0.4);
}

/// `--set` is the one option that may be repeated (with different names): both overrides apply.
#[test]
fn set_twice_with_different_names() {
    let (code, out, err) = run(&[
        "compare",
        "--preset",
        "ionic-missouri",
        "--set",
        "gridSrmw=0.4",
        "--set=acidExcess=2",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let lib = |acid: bool| {
        let mut s = reo_lca::Scenario::preset("ionic-missouri");
        s.overrides.insert("gridSrmw".into(), 0.4);
        if acid {
            s.overrides.insert("acidExcess".into(), 2.0);
        }
        reo_lca::compare(&s).unwrap().recycled.total
    };
    // serde_json's default float parsing may be one ulp off; a relative tolerance absorbs it.
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs();
    let total = v["recycled"]["total"].as_f64().unwrap();
    assert_eq!(v["grid"]["value"], 0.4);
    assert!(close(total, lib(true)), "{total} vs {}", lib(true));
    assert!(!close(total, lib(false)), "acidExcess had no effect");
}

/// Options in `--name=value` form.
#[test]
fn equals_form() {
    let (code, out, err) = run(&["compare", "--preset=sprecher-hdd", "--claim=50", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["preset"], "sprecher-hdd");
    assert_eq!(v["claim"]["statedPercent"], 50.0);
}

#[test]
fn export_prints_matrices() {
    let (code, out, err) = run(&["export", "--preset", "sprecher-hdd", "--route", "mined"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], "reo-lca-matrices/2");
    assert!(v["technosphere"]["entries"].as_array().unwrap().len() > 10);
}

/// The command line's document is the library's, for every preset and side, with `--json`
/// or without, to standard output or to `--out`.
#[test]
fn export_document_is_the_librarys() {
    use reo_lca::dataset::Side;
    let dir = std::env::temp_dir().join(format!("reo-lca-cli-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for p in reo_lca::dataset::PRESETS {
        for side in Side::ALL {
            let lib = reo_lca::export::export_matrices(&reo_lca::Scenario::preset(p.id), side);
            let lib = serde_json::to_value(lib.unwrap()).unwrap();
            let (code, out, err) = run(&["export", "--preset", p.id, "--route", side.as_str()]);
            assert_eq!(code, 0, "{err}");
            let cli: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(cli, lib, "{} {side:?}", p.id);
            let file = dir.join(format!("{}-{}.zip", p.id, side.as_str()));
            let f = file.to_str().unwrap();
            let args = ["export", "--preset", p.id, "--route", side.as_str()];
            let (code, _, err) =
                run(&[&args[..], &["--format", "bw-datapackage", "--out", f]].concat());
            assert_eq!(code, 0, "{err}");
            let calc = reo_lca::Calculator::new(&reo_lca::Scenario::preset(p.id)).unwrap();
            assert_eq!(
                std::fs::read(&file).unwrap(),
                calc.datapackage(side).unwrap()
            );
        }
    }
    let json = dir.join("doc.json");
    let j = json.to_str().unwrap();
    let (code, out, err) = run(&[
        "export",
        "--preset",
        "sprecher-hdd",
        "--route",
        "mined",
        "--json",
        "--out",
        j,
    ]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let (_, stdout, _) = run(&["export", "--preset", "sprecher-hdd", "--route", "mined"]);
    assert_eq!(std::fs::read_to_string(&json).unwrap(), stdout);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn custom_inventory_from_a_file() {
    let dir = std::env::temp_dir().join(format!("reo-lca-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("inv.json");
    std::fs::write(
        &path,
        r#"{"name":"test plant","processes":[{"id":"p","outputs":[{"flow":"Dy2O3","amount":1}],
            "emissions":[{"flow":"co2_fossil","amount":2.5}]}]}"#,
    )
    .unwrap();
    let (code, out, err) = run(&[
        "compare",
        "--preset",
        "ionic-missouri",
        "--inventory",
        path.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["recycled"]["total"], 2.5);
}

#[test]
fn bad_arguments_exit_2_naming_the_argument() {
    let cases: &[(&[&str], &str)] = &[
        (&[], "missing command"),
        (&["frobnicate"], "frobnicate: unknown command"),
        (&["compare"], "--preset: is required"),
        (&["compare", "--preset"], "--preset: needs a value"),
        (
            &["compare", "--preset", "nope"],
            "--preset: preset: unknown preset",
        ),
        (
            &["compare", "--preset", "ionic-missouri", "--set", "gridSrmw"],
            "--set: expected NAME=VALUE",
        ),
        (
            &[
                "compare",
                "--preset",
                "ionic-missouri",
                "--set",
                "gridSrmw=abc",
            ],
            "--set: gridSrmw: not a number",
        ),
        (
            &[
                "compare",
                "--preset",
                "ionic-missouri",
                "--set",
                "gridSrmw=-1",
            ],
            "--set: overrides.gridSrmw: must be between 0 and 1.5, got -1",
        ),
        (
            &[
                "compare",
                "--preset",
                "ionic-missouri",
                "--set",
                "gridSrmw=NaN",
            ],
            "--set: overrides.gridSrmw: must be a finite number",
        ),
        (
            &["compare", "--preset", "ionic-missouri", "--set", "nope=1"],
            "--set: overrides.nope: unknown parameter",
        ),
        (
            &["compare", "--preset", "ionic-missouri", "--oxide", "Ho2O3"],
            "--oxide: oxide: unknown oxide",
        ),
        (
            &[
                "compare",
                "--preset",
                "ionic-missouri",
                "--inventory",
                "/nonexistent.json",
            ],
            "--inventory: cannot read",
        ),
        (
            &["compare", "--preset", "ionic-missouri", "--bogus"],
            "--bogus: unknown argument",
        ),
        (
            &["export", "--preset", "ionic-missouri"],
            "--route: is required",
        ),
        (
            &["export", "--preset", "ionic-missouri", "--route", "both"],
            "--route: route: unknown route side",
        ),
    ];
    for (args, expected) in cases {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} printed to stdout: {out}");
        let first = err.lines().next().unwrap_or("");
        assert!(
            first.starts_with("reo-lca: ") && first.contains(expected),
            "{args:?}: {first:?} lacks {expected:?}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
