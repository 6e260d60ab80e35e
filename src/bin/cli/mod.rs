//! The `reo-lca` command: dispatch and output. The arguments are parsed in [`args`].

use std::ffi::OsString;
use std::io::Write;

mod args;
mod uncertainty;

use args::{arg_err, ArgError, Command, ExportFormat, Parsed};
use reo_lca::analysis::compare::Comparison;
use reo_lca::dataset::Side;
use reo_lca::export::datapackage::datapackage;
use reo_lca::export::{export_matrices, results_csv};
use reo_lca::{catalog, compare, format_sig};

const USAGE: &str = "usage:
  reo-lca presets
  reo-lca params
  reo-lca compare --preset ID [--oxide OXIDE] [--baseline ROUTE] [--site SITE]
                  [--allocation mass|economic|model] [--allocation-at NODE=RULE]...
                  [--rule cut-off|substitution]
                  [--gwp AR6|AR5] [--price-set SET] [--claim PERCENT]
                  [--set NAME=VALUE]... [--inventory FILE] [--json] [--csv]
  reo-lca export --preset ID --route mined|recycled [same scenario options]
                 [--format json|bw-datapackage] [--out FILE]
  reo-lca mc --preset ID [--iterations N] [--seed S] [same scenario options]
             [--json [--samples]]
  reo-lca sensitivity --preset ID [same scenario options] [--json]
  reo-lca claim-map --preset ID [same scenario options] [--json] [--csv]";

/// Runs the command on the arguments after the program name; returns the exit code.
pub fn run(args: impl IntoIterator<Item = OsString>, out: &mut impl Write) -> i32 {
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

fn dispatch(
    args: impl IntoIterator<Item = OsString>,
    out: &mut impl Write,
) -> Result<(), ArgError> {
    let p = args::parse(args)?;
    match p.command {
        Command::Presets => {
            for p in catalog::presets() {
                writeln!(
                    out,
                    "{:<22} {} [{} vs {}, {}, {} allocation]",
                    p.id, p.label, p.recycled, p.baseline, p.oxide, p.allocation
                )
                .map_err(io)?;
            }
        }
        Command::Params => {
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
        Command::Compare => {
            let c = compare(&p.scenario)?;
            if p.json {
                writeln!(out, "{}", json(&c)?).map_err(io)?;
            } else if p.csv {
                write!(out, "{}", results_csv(&c)).map_err(io)?;
            } else {
                print_comparison(&c, out).map_err(io)?;
            }
        }
        Command::Export => export(&p, out)?,
        Command::Mc => uncertainty::monte_carlo(&p, out)?,
        Command::Sensitivity => uncertainty::sensitivity(&p, out)?,
        Command::ClaimMap => claim_map(&p, out)?,
        Command::Help => writeln!(out, "{USAGE}").map_err(io)?,
    }
    Ok(())
}

/// `reo-lca claim-map`: the summary and one line per combination (or JSON, or CSV).
fn claim_map(p: &Parsed, out: &mut impl Write) -> Result<(), ArgError> {
    let m = reo_lca::Calculator::new(&p.scenario)?.claim_map()?;
    if p.json {
        writeln!(out, "{}", json(&m)?).map_err(io)?;
    } else if p.csv {
        write!(out, "{}", reo_lca::analysis::claim_map::claim_map_csv(&m)).map_err(io)?;
    } else {
        print_claim_map(&m, out).map_err(io)?;
    }
    Ok(())
}

fn print_claim_map(
    m: &reo_lca::analysis::claim_map::ClaimMap,
    out: &mut impl Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "claim map         {} ({})",
        m.preset, m.functional_unit
    )?;
    writeln!(out, "stated reduction  {} %", m.stated_percent)?;
    writeln!(out, "{}", m.summary.sentence)?;
    writeln!(out, "deciding choices:")?;
    for d in &m.summary.deciders {
        writeln!(
            out,
            "    {:<20} flips the verdict in {:>3} of {:>3} comparisons; holds with: {}",
            d.dimension.noun().trim_start_matches("the "),
            d.flips,
            d.groups,
            if d.holds_with.is_empty() {
                "none".to_string()
            } else {
                d.holds_with.join(", ")
            }
        )?;
    }
    writeln!(
        out,
        "{:<18} {:<24} {:<13} {:<18} {:<9} {:>9} {:>9} {:>9}  holds",
        "baseline", "allocation", "rule", "price set", "site", "mined", "recycled", "red. %"
    )?;
    for r in &m.rows {
        writeln!(
            out,
            "{:<18} {:<24} {:<13} {:<18} {:<9} {:>9} {:>9} {:>9}  {}",
            r.baseline,
            r.scheme,
            r.recycling_rule.as_str(),
            r.price_set,
            r.site,
            format_sig(r.mined, 4),
            format_sig(r.recycled, 4),
            r.reduction_percent
                .map_or_else(|| "n/a".into(), |x| format_sig(x, 3)),
            if r.holds { "yes" } else { "no" }
        )?;
    }
    for s in &m.skipped {
        writeln!(out, "skipped: {s}")?;
    }
    Ok(())
}

/// `reo-lca export`: the `reo-lca-matrices/2` document (to standard output or `--out`), or
/// the same as a Brightway datapackage (to `--out`).
fn export(p: &Parsed, out: &mut impl Write) -> Result<(), ArgError> {
    // `--route` is required by the parser's table.
    let route = p.route.as_deref().unwrap_or_default();
    let side = Side::parse(route, "route").map_err(|e| arg_err("--route", e))?;
    let m = export_matrices(&p.scenario, side)?;
    let bytes = match p.format {
        ExportFormat::Json => format!("{}\n", json(&m)?).into_bytes(),
        ExportFormat::BwDatapackage => datapackage(&m)?,
    };
    match &p.out {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|e| arg_err("--out", format!("cannot write {path}: {e}"))),
        None => out.write_all(&bytes).map_err(io),
    }
}

fn io(e: std::io::Error) -> ArgError {
    ArgError(format!("output: {e}"))
}

fn json(v: &impl serde::Serialize) -> Result<String, ArgError> {
    serde_json::to_string_pretty(v).map_err(|e| ArgError(e.to_string()))
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
