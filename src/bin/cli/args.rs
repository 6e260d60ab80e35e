//! The one argument parser of the `reo-lca` command, on `lexopt`: a table of the options each
//! command takes, the checks every command shares (UTF-8, options given twice, options that
//! exclude or need each other, missing values) and the reading of the values into a
//! [`Parsed`]. The commands only consume `Parsed`.
//!
//! Every error is an [`ArgError`] whose message starts with the argument at fault.

use std::collections::BTreeSet;
use std::ffi::OsString;

use lexopt::Arg;
use reo_lca::uncertainty::{McOptions, DEFAULT_ITERATIONS, DEFAULT_SEED};
use reo_lca::{CustomInventory, Error, Scenario};

/// A command-line error: the argument at fault and why. Exit code 2.
#[derive(Debug)]
pub struct ArgError(pub String);

pub fn arg_err(arg: &str, why: impl std::fmt::Display) -> ArgError {
    ArgError(format!("{arg}: {why}"))
}

impl From<Error> for ArgError {
    fn from(e: Error) -> Self {
        // Map scenario field paths back to the option that set them.
        let field = e.field();
        let opt = if field == "overrides" || field.starts_with("overrides.") {
            "--set"
        } else if field.starts_with("inventory") {
            "--inventory"
        } else {
            match field.as_str() {
                "preset" => "--preset",
                "oxide" => "--oxide",
                "baseline" => "--baseline",
                "recycled" => "--recycled",
                "site" => "--site",
                "allocation" => "--allocation",
                "recyclingRule" => "--rule",
                "gwp" => "--gwp",
                "priceSet" => "--price-set",
                "claimPercent" => "--claim",
                f if f.starts_with("allocationAt") => "--allocation-at",
                "options.iterations" => "--iterations",
                "options.seed" => "--seed",
                _ => "",
            }
        };
        if opt.is_empty() {
            ArgError(e.to_string())
        } else {
            ArgError(format!("{opt}: {e}"))
        }
    }
}

/// The commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Presets,
    Params,
    Help,
    Compare,
    Export,
    Mc,
    Sensitivity,
    ClaimMap,
}

/// The output of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The `reo-lca-matrices/2` document.
    Json,
    /// The same as a bw_processing datapackage (zip).
    BwDatapackage,
}

/// What an option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Takes {
    /// A value, at most once.
    One,
    /// A value, any number of times (`--set`).
    Many,
    /// Nothing (a flag; giving it twice is the same as once).
    Nothing,
}

/// The options without a value (flags), and the one that may be given more than once. Every
/// other option takes one value, at most once.
const FLAGS: &[&str] = &["json", "csv", "samples"];
const REPEATABLE: &[&str] = &["set", "allocation-at"];

fn takes(name: &str) -> Takes {
    if FLAGS.contains(&name) {
        Takes::Nothing
    } else if REPEATABLE.contains(&name) {
        Takes::Many
    } else {
        Takes::One
    }
}

/// The options that describe a scenario, taken by every command that computes one.
const SCENARIO: &[&str] = &[
    "preset",
    "oxide",
    "baseline",
    "recycled",
    "site",
    "allocation",
    "allocation-at",
    "rule",
    "gwp",
    "price-set",
    "claim",
    "set",
    "inventory",
];

/// Options that cannot be given together, each pair both ways.
const CONFLICTS: &[(&str, &str)] = &[("json", "csv"), ("csv", "json")];

/// Options that need another one: (option, the one it needs).
const NEEDS: &[(&str, &str)] = &[("samples", "json")];

/// One command: its names, the options it takes and the ones it refuses with a reason.
struct Spec {
    names: &'static [&'static str],
    command: Command,
    /// Takes the [`SCENARIO`] options, `--preset` required.
    scenario: bool,
    /// Options besides the scenario ones.
    options: &'static [&'static str],
    /// Other options that must be given, with the message when one is not.
    required: &'static [(&'static str, &'static str)],
    /// Options known elsewhere but refused here, with the reason.
    refused: &'static [(&'static str, &'static str)],
}

/// A command that takes no options.
const BARE: Spec = Spec {
    names: &[],
    command: Command::Help,
    scenario: false,
    options: &[],
    required: &[],
    refused: &[],
};

const COMMANDS: &[Spec] = &[
    Spec {
        names: &["presets"],
        command: Command::Presets,
        ..BARE
    },
    Spec {
        names: &["params"],
        command: Command::Params,
        ..BARE
    },
    Spec {
        names: &["help", "--help", "-h"],
        ..BARE
    },
    Spec {
        names: &["compare"],
        command: Command::Compare,
        scenario: true,
        options: &["json", "csv"],
        required: &[],
        refused: &[],
    },
    Spec {
        names: &["export"],
        command: Command::Export,
        scenario: true,
        // JSON by default (`--json` is accepted for symmetry with the others), or a Brightway
        // datapackage (`--format bw-datapackage`, which needs `--out`).
        options: &["route", "json", "format", "out"],
        required: &[("route", "is required (mined or recycled)")],
        refused: &[(
            "csv",
            "not available for export (the output is JSON or a datapackage)",
        )],
    },
    Spec {
        names: &["mc"],
        command: Command::Mc,
        scenario: true,
        options: &["iterations", "seed", "json", "samples"],
        required: &[],
        refused: &[("csv", "not available for mc (use --json)")],
    },
    Spec {
        names: &["claim-map"],
        command: Command::ClaimMap,
        scenario: true,
        options: &["json", "csv"],
        required: &[],
        refused: &[],
    },
    Spec {
        names: &["sensitivity"],
        command: Command::Sensitivity,
        scenario: true,
        options: &["json"],
        required: &[],
        refused: &[("csv", "not available for sensitivity (use --json)")],
    },
];

/// The command line, read and checked.
#[derive(Debug)]
pub struct Parsed {
    pub command: Command,
    /// The scenario (an empty preset for the commands that take none).
    pub scenario: Scenario,
    /// `--route` of `export`.
    pub route: Option<String>,
    /// `--format` of `export`: JSON (the default) or a Brightway datapackage.
    pub format: ExportFormat,
    /// `--out FILE` of `export`.
    pub out: Option<String>,
    pub json: bool,
    pub csv: bool,
    /// `--samples` of `mc`.
    pub samples: bool,
    /// `--iterations` and `--seed` of `mc`, checked by [`McOptions::from_numbers`].
    pub mc: McOptions,
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Parsed, ArgError> {
    let args = utf8(args)?;
    let Some((name, rest)) = args.split_first() else {
        return Err(ArgError("missing command".into()));
    };
    let spec = COMMANDS
        .iter()
        .find(|c| c.names.contains(&name.as_str()))
        .ok_or_else(|| arg_err(name, "unknown command"))?;
    let (values, flags) = read(spec, rest)?;
    build(spec, values, flags)
}

/// The arguments as strings; the first one that is not UTF-8 is an error naming its position
/// (1 is the command).
fn utf8(args: impl IntoIterator<Item = OsString>) -> Result<Vec<String>, ArgError> {
    args.into_iter()
        .enumerate()
        .map(|(i, a)| {
            a.into_string()
                .map_err(|_| ArgError(format!("argument {}: not valid UTF-8", i + 1)))
        })
        .collect()
}

/// The options' values in command-line order, and the flags given.
type Read = (Vec<(&'static str, String)>, BTreeSet<&'static str>);

/// Splits the command's arguments into options and values with `lexopt`, and checks them
/// against the command's table.
fn read(spec: &Spec, args: &[String]) -> Result<Read, ArgError> {
    let mut values: Vec<(&'static str, String)> = Vec::new();
    let mut flags = BTreeSet::new();
    let mut p = lexopt::Parser::from_args(args);
    while let Some(arg) = p.next().map_err(lexopt_err)? {
        let shown = match arg {
            Arg::Long(n) => format!("--{n}"),
            Arg::Short(c) => format!("-{c}"),
            Arg::Value(v) => return Err(arg_err(&v.to_string_lossy(), "unknown argument")),
        };
        let (name, takes) = option(spec, &shown)?;
        match takes {
            Takes::Nothing => {
                for &(a, other) in CONFLICTS {
                    if name == a && flags.contains(other) {
                        return Err(arg_err(&shown, format!("cannot be used with --{other}")));
                    }
                }
                flags.insert(name);
            }
            Takes::One | Takes::Many => {
                let v = p
                    .value()
                    .map_err(lexopt_err)?
                    .into_string()
                    .map_err(|_| arg_err(&shown, "not valid UTF-8"))?;
                if takes == Takes::One && values.iter().any(|(n, _)| *n == name) {
                    return Err(arg_err(&shown, "given twice"));
                }
                values.push((name, v));
            }
        }
    }
    Ok((values, flags))
}

/// The option `shown` (`--name` or `-c`) if the command takes it.
fn option(spec: &Spec, shown: &str) -> Result<(&'static str, Takes), ArgError> {
    let name = shown.strip_prefix("--").unwrap_or("");
    if let Some((_, why)) = spec.refused.iter().find(|(n, _)| *n == name) {
        return Err(arg_err(shown, why));
    }
    let scenario = if spec.scenario { SCENARIO } else { &[] };
    match scenario.iter().chain(spec.options).find(|n| **n == name) {
        Some(n) => Ok((n, takes(n))),
        None => Err(arg_err(shown, "unknown argument")),
    }
}

fn lexopt_err(e: lexopt::Error) -> ArgError {
    use lexopt::Error as E;
    match e {
        E::MissingValue { option: Some(o) } => arg_err(&o, "needs a value"),
        E::UnexpectedValue { option, value } => arg_err(
            &option,
            format!("takes no value, got {:?}", value.to_string_lossy()),
        ),
        E::UnexpectedOption(o) => arg_err(&o, "unknown argument"),
        E::UnexpectedArgument(v) => arg_err(&v.to_string_lossy(), "unknown argument"),
        other => ArgError(other.to_string()),
    }
}

/// Reads the values (in command-line order, so the first bad one is reported) into a
/// [`Parsed`], then checks the required options and those that need another.
fn build(
    spec: &Spec,
    values: Vec<(&'static str, String)>,
    flags: BTreeSet<&'static str>,
) -> Result<Parsed, ArgError> {
    let mut s = Scenario::default();
    let mut route = None;
    let mut format = ExportFormat::Json;
    let mut out = None;
    let (mut iterations, mut seed) = (DEFAULT_ITERATIONS as f64, DEFAULT_SEED as f64);
    let given: BTreeSet<&str> = values
        .iter()
        .map(|(n, _)| *n)
        .chain(flags.iter().copied())
        .collect();
    for (name, v) in values {
        let opt = format!("--{name}");
        match name {
            "preset" => s.preset = v,
            "oxide" => s.oxide = Some(v),
            "baseline" => s.baseline = Some(v),
            "recycled" => s.recycled = Some(v),
            "site" => s.site = Some(v),
            "allocation" => s.allocation = Some(v),
            "rule" => s.recycling_rule = Some(v),
            "gwp" => s.gwp = Some(v),
            "price-set" => s.price_set = Some(v),
            "route" => route = Some(v),
            "format" => {
                format = match v.as_str() {
                    "json" => ExportFormat::Json,
                    "bw-datapackage" => ExportFormat::BwDatapackage,
                    _ => {
                        return Err(arg_err(
                            &opt,
                            format!("expected json or bw-datapackage, got {v:?}"),
                        ))
                    }
                }
            }
            "out" => out = Some(v),
            "claim" => {
                let x = v.parse();
                s.claim_percent =
                    Some(x.map_err(|_| arg_err(&opt, format!("not a number: {v:?}")))?);
            }
            "iterations" => iterations = number(&opt, &v)?,
            "seed" => seed = number(&opt, &v)?,
            "set" => set(&mut s, &v)?,
            "allocation-at" => allocation_at(&mut s, &v)?,
            "inventory" => s.inventory = Some(inventory(&v)?),
            _ => return Err(arg_err(&opt, "unknown argument")),
        }
    }
    let mc = McOptions::from_numbers(iterations, seed)?;
    if spec.scenario && !given.contains("preset") {
        return Err(arg_err("--preset", "is required"));
    }
    for &(name, why) in spec.required {
        if !given.contains(name) {
            return Err(arg_err(&format!("--{name}"), why));
        }
    }
    for &(name, needed) in NEEDS {
        if given.contains(name) && !given.contains(needed) {
            return Err(arg_err(&format!("--{name}"), format!("needs --{needed}")));
        }
    }
    if format == ExportFormat::BwDatapackage && out.is_none() {
        return Err(arg_err(
            "--format",
            "bw-datapackage needs --out FILE (the output is a zip file)",
        ));
    }
    if format == ExportFormat::BwDatapackage && flags.contains("json") {
        return Err(arg_err(
            "--json",
            "cannot be used with --format bw-datapackage",
        ));
    }
    Ok(Parsed {
        command: spec.command,
        scenario: s,
        route,
        format,
        out,
        json: flags.contains("json"),
        csv: flags.contains("csv"),
        samples: flags.contains("samples"),
        mc,
    })
}

/// A number for [`McOptions::from_numbers`], which checks its range.
fn number(opt: &str, v: &str) -> Result<f64, ArgError> {
    v.trim()
        .parse()
        .map_err(|_| arg_err(opt, format!("not a number: {v:?}")))
}

/// `--set NAME=VALUE`; a name given twice is an error.
fn set(s: &mut Scenario, v: &str) -> Result<(), ArgError> {
    let a = "--set";
    let (k, x) = v
        .split_once('=')
        .filter(|(k, _)| !k.trim().is_empty())
        .ok_or_else(|| arg_err(a, format!("expected NAME=VALUE, got {v:?}")))?;
    let x: f64 = x
        .trim()
        .parse()
        .map_err(|_| arg_err(a, format!("{k}: not a number: {x:?}")))?;
    if s.overrides.insert(k.trim().to_string(), x).is_some() {
        return Err(arg_err(a, format!("{k} given twice")));
    }
    Ok(())
}

/// `--allocation-at NODE=RULE`; a node given twice is an error.
fn allocation_at(s: &mut Scenario, v: &str) -> Result<(), ArgError> {
    let a = "--allocation-at";
    let (node, rule) = v
        .split_once('=')
        .filter(|(k, r)| !k.trim().is_empty() && !r.trim().is_empty())
        .ok_or_else(|| arg_err(a, format!("expected NODE=RULE, got {v:?}")))?;
    if s.allocation_at
        .insert(node.trim().to_string(), rule.trim().to_string())
        .is_some()
    {
        return Err(arg_err(a, format!("{node} given twice")));
    }
    Ok(())
}

/// `--inventory FILE`: reads and decodes the file.
fn inventory(path: &str) -> Result<CustomInventory, ArgError> {
    let a = "--inventory";
    let text = read_limited(path, reo_lca::json::MAX_JSON_LEN)
        .map_err(|e| arg_err(a, format!("cannot read {path}: {e}")))?;
    reo_lca::json::inventory_from_json(&text).map_err(|e| arg_err(a, format!("{path}: {e}")))
}

/// Reads a UTF-8 file of at most `max` bytes (a bigger file is an error, not read whole).
fn read_limited(path: &str, max: usize) -> std::io::Result<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(max as u64 + 1)
        .read_to_string(&mut text)?;
    if text.len() > max {
        return Err(std::io::Error::other(format!(
            "larger than the limit of {max} bytes"
        )));
    }
    Ok(text)
}
