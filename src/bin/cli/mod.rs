//! Argument parsing and output of the `reo-lca` command.

use std::io::Write;

mod uncertainty;

use reo_lca::analysis::compare::Comparison;
use reo_lca::export::{export_matrices, results_csv, Side};
use reo_lca::{catalog, compare, format_sig, CustomInventory, Error, Scenario};

const USAGE: &str = "usage:
  reo-lca presets
  reo-lca params
  reo-lca compare --preset ID [--oxide OXIDE] [--baseline ROUTE] [--site SITE]
                  [--allocation mass|economic|model] [--rule cut-off|substitution]
                  [--gwp AR6|AR5] [--price-set SET] [--claim PERCENT]
                  [--set NAME=VALUE]... [--inventory FILE] [--json] [--csv]
  reo-lca export --preset ID --route mined|recycled [same scenario options]
  reo-lca mc --preset ID [--iterations N] [--seed S] [same scenario options]
             [--json [--samples]]
  reo-lca sensitivity --preset ID [same scenario options] [--json]";

/// A command-line error: the argument at fault and why. Exit code 2.
#[derive(Debug)]
pub struct ArgError(pub String);

fn arg_err(arg: &str, why: impl std::fmt::Display) -> ArgError {
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

struct Opts {
    scenario: Scenario,
    json: bool,
    csv: bool,
    route: Option<String>,
}

fn parse_opts(args: &[String], allow_route: bool) -> Result<Opts, ArgError> {
    let mut s = Scenario::default();
    let mut preset = None;
    let (mut json, mut csv, mut route) = (false, false, None);
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let mut value = |name: &str| -> Result<String, ArgError> {
            i += 1;
            args.get(i)
                .cloned()
                .ok_or_else(|| arg_err(name, "needs a value"))
        };
        match a {
            "--preset" => preset = Some(value(a)?),
            "--oxide" => s.oxide = Some(value(a)?),
            "--baseline" => s.baseline = Some(value(a)?),
            "--recycled" => s.recycled = Some(value(a)?),
            "--site" => s.site = Some(value(a)?),
            "--allocation" => s.allocation = Some(value(a)?),
            "--rule" => s.recycling_rule = Some(value(a)?),
            "--gwp" => s.gwp = Some(value(a)?),
            "--price-set" => s.price_set = Some(value(a)?),
            "--claim" => {
                let v = value(a)?;
                s.claim_percent = Some(
                    v.parse()
                        .map_err(|_| arg_err(a, format!("not a number: {v:?}")))?,
                );
            }
            "--set" => {
                let v = value(a)?;
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
            }
            "--inventory" => {
                let path = value(a)?;
                let text = read_limited(&path, reo_lca::json::MAX_JSON_LEN)
                    .map_err(|e| arg_err(a, format!("cannot read {path}: {e}")))?;
                let inv: CustomInventory = reo_lca::json::inventory_from_json(&text)
                    .map_err(|e| arg_err(a, format!("{path}: {e}")))?;
                s.inventory = Some(inv);
            }
            "--route" if allow_route => route = Some(value(a)?),
            "--json" => json = true,
            "--csv" => csv = true,
            other => return Err(arg_err(other, "unknown argument")),
        }
        i += 1;
    }
    s.preset = preset.ok_or_else(|| arg_err("--preset", "is required"))?;
    Ok(Opts {
        scenario: s,
        json,
        csv,
        route,
    })
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

/// Runs the command; returns the exit code.
pub fn run(args: &[String], out: &mut impl Write) -> i32 {
    match dispatch(args, out) {
        Ok(()) => 0,
        Err(ArgError(msg)) => {
            eprintln!("reo-lca: {}\n{USAGE}", one_line(&msg));
            2
        }
    }
}

/// The message with control characters escaped, so that an argument holding a newline or a
/// terminal escape sequence still gives one plain line.
fn one_line(msg: &str) -> String {
    let mut s = String::with_capacity(msg.len());
    for c in msg.chars() {
        if c.is_control() {
            s.extend(c.escape_default());
        } else {
            s.push(c);
        }
    }
    s
}

fn dispatch(args: &[String], out: &mut impl Write) -> Result<(), ArgError> {
    let Some(cmd) = args.first() else {
        return Err(ArgError("missing command".into()));
    };
    let rest = &args[1..];
    let io = |e: std::io::Error| ArgError(format!("output: {e}"));
    match cmd.as_str() {
        "presets" => {
            for p in catalog::presets() {
                writeln!(
                    out,
                    "{:<22} {} [{} vs {}, {}, {} allocation]",
                    p.id, p.label, p.recycled, p.baseline, p.oxide, p.allocation
                )
                .map_err(io)?;
            }
        }
        "params" => {
            writeln!(
                out,
                "{:<24} {:>10} {:<22} {:>10} {:>10}  status; sources",
                "id", "default", "unit", "min", "max"
            )
            .map_err(io)?;
            for p in catalog::parameters() {
                writeln!(
                    out,
                    "{:<24} {:>10} {:<22} {:>10} {:>10}  {}; {}",
                    p.id,
                    format_sig(p.default, 4),
                    p.unit,
                    format_sig(p.min, 3),
                    format_sig(p.max, 3),
                    p.status.as_str(),
                    p.sources.join(" ")
                )
                .map_err(io)?;
            }
        }
        "compare" => {
            let o = parse_opts(rest, false)?;
            let c = compare(&o.scenario)?;
            if o.json {
                let v = serde_json::to_string_pretty(&c).map_err(|e| ArgError(e.to_string()))?;
                writeln!(out, "{v}").map_err(io)?;
            } else if o.csv {
                write!(out, "{}", results_csv(&c)).map_err(io)?;
            } else {
                print_comparison(&c, out).map_err(io)?;
            }
        }
        "export" => {
            let o = parse_opts(rest, true)?;
            let side = Side::parse(
                o.route
                    .as_deref()
                    .ok_or_else(|| arg_err("--route", "is required (mined or recycled)"))?,
                "route",
            )
            .map_err(|e| arg_err("--route", e))?;
            let m = export_matrices(&o.scenario, side)?;
            let v = serde_json::to_string_pretty(&m).map_err(|e| ArgError(e.to_string()))?;
            writeln!(out, "{v}").map_err(io)?;
        }
        "mc" => uncertainty::monte_carlo(rest, out)?,
        "sensitivity" => uncertainty::sensitivity(rest, out)?,
        "help" | "--help" | "-h" => writeln!(out, "{USAGE}").map_err(io)?,
        other => return Err(arg_err(other, "unknown command")),
    }
    Ok(())
}

fn print_comparison(c: &Comparison, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "reo-lca {} (dataset {})",
        c.engine_version, c.dataset_version
    )?;
    writeln!(out, "preset            {}", c.preset)?;
    writeln!(out, "functional unit   {}", c.functional_unit)?;
    writeln!(
        out,
        "method            GWP100 {}, {} allocation, {} recycling rule, prices {}",
        c.gwp,
        c.allocation.as_str(),
        c.recycling_rule,
        c.price_set
    )?;
    writeln!(
        out,
        "baseline          {} ({})",
        c.baseline_label, c.baseline
    )?;
    writeln!(
        out,
        "recycling site    {} — grid {} {} ({})",
        c.site_label,
        format_sig(c.grid.value, 3),
        c.grid.unit,
        c.grid.parameter
    )?;
    writeln!(out)?;
    for r in [&c.mined, &c.recycled] {
        writeln!(
            out,
            "{:<9} {:>9} kg CO2-eq/kg  {}",
            r.kind,
            format_sig(r.total, 4),
            r.label
        )?;
        for s in &r.by_stage {
            writeln!(out, "    {:<16} {:>9}", s.stage, format_sig(s.impact, 3))?;
        }
        if r.biogenic != 0.0 {
            writeln!(
                out,
                "    (biogenic CO2 {} kg, included above)",
                format_sig(r.biogenic, 3)
            )?;
        }
        for a in &r.allocations {
            writeln!(
                out,
                "    allocation at {}: {} {}",
                a.process,
                a.rule.as_str(),
                format_sig(a.factor, 4)
            )?;
        }
    }
    writeln!(out)?;
    match c.reduction_percent {
        Some(x) => writeln!(out, "reduction         {} %", format_sig(x, 3))?,
        None => writeln!(out, "reduction         n/a")?,
    }
    writeln!(out, "claim             {}", c.claim.verdict)?;
    writeln!(
        out,
        "break-even values (reduction = {} %):",
        c.claim.stated_percent
    )?;
    for b in &c.claim.break_evens {
        writeln!(
            out,
            "    {:<22} now {:>9} {:<14} {}",
            b.parameter,
            format_sig(b.current, 4),
            b.unit,
            b.note
        )?;
    }
    writeln!(out, "by allocation rule:")?;
    for a in &c.claim.by_allocation {
        writeln!(
            out,
            "    {:<9} mined {:>8}  recycled {:>8}  reduction {:>7} %  {}",
            a.allocation.as_str(),
            format_sig(a.mined, 4),
            format_sig(a.recycled, 4),
            a.reduction_percent
                .map(|x| format_sig(x, 3))
                .unwrap_or_else(|| "n/a".into()),
            if a.holds { "holds" } else { "does not hold" }
        )?;
    }
    for w in &c.warnings {
        writeln!(out, "note: {w}")?;
    }
    Ok(())
}
