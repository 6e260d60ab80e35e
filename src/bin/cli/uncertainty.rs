//! `reo-lca mc` (Monte Carlo) and `reo-lca sensitivity`.

use std::io::Write;

use reo_lca::format_sig;
use reo_lca::model::resolve::resolve;
use reo_lca::uncertainty::sensitivity::Sensitivity;
use reo_lca::uncertainty::{McOptions, McResult};

use super::{io, json, ArgError, Parsed};

/// `reo-lca mc`.
pub fn monte_carlo(p: &Parsed, out: &mut impl Write) -> Result<(), ArgError> {
    let opts = McOptions {
        global_sensitivity: true,
        ..p.mc
    };
    let r = reo_lca::uncertainty::monte_carlo(&p.scenario, &opts)?;
    if p.json {
        let mut v = serde_json::to_value(&r).map_err(|e| ArgError(e.to_string()))?;
        if !p.samples {
            if let Some(m) = v.as_object_mut() {
                m.remove("samples");
            }
        }
        writeln!(out, "{}", json(&v)?).map_err(io)?;
    } else {
        print_mc(&r, out).map_err(io)?;
    }
    Ok(())
}

/// `reo-lca sensitivity`.
pub fn sensitivity(p: &Parsed, out: &mut impl Write) -> Result<(), ArgError> {
    let r = resolve(&p.scenario)?;
    let s = reo_lca::uncertainty::sensitivity::sensitivity_resolved(&r)?;
    if p.json {
        writeln!(out, "{}", json(&s)?).map_err(io)?;
    } else {
        print_sensitivity(&s, out).map_err(io)?;
    }
    Ok(())
}

fn opt(x: Option<f64>, sig: usize) -> String {
    x.map_or_else(|| "n/a".into(), |v| format_sig(v, sig))
}

fn print_mc(r: &McResult, out: &mut impl Write) -> std::io::Result<()> {
    let s = &r.summary;
    writeln!(
        out,
        "reo-lca {} (dataset {}) — Monte Carlo",
        s.engine_version, s.dataset_version
    )?;
    writeln!(out, "preset            {}", s.preset)?;
    writeln!(out, "functional unit   1 kg {} at the plant gate", s.oxide)?;
    writeln!(
        out,
        "iterations        {}, seed {}, {}",
        s.iterations,
        s.seed,
        if s.common_random_numbers {
            "common random numbers"
        } else {
            "independent routes"
        }
    )?;
    use reo_lca::uncertainty::inputs::InputKind;
    let count = |k: InputKind| s.sampled.iter().filter(|i| i.kind == k).count();
    let price_sets = s
        .sampled
        .iter()
        .find(|i| i.kind == InputKind::PriceSet)
        .map(|i| {
            format!(
                ", the price set (one of {} per iteration)",
                i.choices.join(", ")
            )
        })
        .unwrap_or_default();
    writeln!(
        out,
        "sampled           {} parameters, {} exchanges{price_sets}",
        count(InputKind::Parameter),
        count(InputKind::Exchange)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<18} {:>13} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "kg CO2-eq/kg", "deterministic", "mean", "median", "P5", "P95", "sd"
    )?;
    let row = |out: &mut dyn Write,
               name: &str,
               det: Option<f64>,
               st: (f64, f64, f64, f64, f64)|
     -> std::io::Result<()> {
        writeln!(
            out,
            "{:<18} {:>13} {:>9} {:>9} {:>9} {:>9} {:>9}",
            name,
            opt(det, 4),
            format_sig(st.0, 4),
            format_sig(st.1, 4),
            format_sig(st.2, 4),
            format_sig(st.3, 4),
            format_sig(st.4, 3)
        )
    };
    for m in [&s.mined, &s.recycled] {
        row(
            out,
            m.kind.as_str(),
            Some(m.deterministic),
            (m.mean, m.median, m.p5, m.p95, m.sd),
        )?;
    }
    let c = &s.comparison;
    let d = &c.difference;
    row(
        out,
        "mined − recycled",
        d.deterministic,
        (d.mean, d.median, d.p5, d.p95, d.sd),
    )?;
    let q = &c.reduction_percent;
    row(
        out,
        "reduction %",
        q.deterministic,
        (q.mean, q.median, q.p5, q.p95, q.sd),
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "P(recycled < mined)          {} ± {}",
        format_sig(c.p_recycled_lower, 4),
        format_sig(c.p_recycled_lower_std_error, 2)
    )?;
    writeln!(
        out,
        "P(reduction ≥ {} %)         {} ± {}",
        c.claim_percent,
        format_sig(c.p_reduction_at_least_claim, 4),
        format_sig(c.p_reduction_at_least_claim_std_error, 2)
    )?;
    if c.undefined_reductions > 0 {
        writeln!(
            out,
            "({} iterations with a mined total ≤ 0 have no reduction)",
            c.undefined_reductions
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "convergence: running means with 95 % intervals (mean ± half-width)"
    )?;
    writeln!(
        out,
        "{:>10} {:>20} {:>20} {:>20} {:>9}",
        "iterations", "mined", "recycled", "mined − recycled", "P(r<m)"
    )?;
    let pm = |m: f64, h: f64| {
        if h.is_nan() {
            format_sig(m, 4)
        } else {
            format!("{} ± {}", format_sig(m, 4), format_sig(h, 2))
        }
    };
    for k in &s.convergence {
        writeln!(
            out,
            "{:>10} {:>20} {:>20} {:>20} {:>9}",
            k.iterations,
            pm(k.mined_mean, k.mined_half_width),
            pm(k.recycled_mean, k.recycled_half_width),
            pm(k.difference_mean, k.difference_half_width),
            format_sig(k.p_recycled_lower, 3)
        )?;
    }
    writeln!(out)?;
    writeln!(out, "why the mean differs from the deterministic value:")?;
    writeln!(out, "    {}", s.explanation)?;
    if let Some(g) = &r.global {
        writeln!(out)?;
        writeln!(
            out,
            "global sensitivity: standardised regression coefficients (R² mined {}, recycled {}, reduction {})",
            format_sig(g.r2_mined, 3),
            format_sig(g.r2_recycled, 3),
            opt(g.r2_reduction_percent, 3)
        )?;
        writeln!(
            out,
            "    {:<44} {:>9} {:>9} {:>10}",
            "input", "mined", "recycled", "reduction"
        )?;
        for i in g.inputs.iter().take(12) {
            let f = |x: f64| format!("{x:.3}");
            writeln!(
                out,
                "    {:<44} {:>9} {:>9} {:>10}",
                i.id,
                f(i.mined),
                f(i.recycled),
                i.reduction_percent.map_or_else(|| "n/a".into(), f)
            )?;
        }
    }
    writeln!(out)?;
    for n in &s.notes {
        writeln!(out, "note: {n}")?;
    }
    Ok(())
}

fn print_sensitivity(s: &Sensitivity, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "reo-lca {} (dataset {}) — sensitivity",
        s.engine_version, s.dataset_version
    )?;
    writeln!(out, "preset            {}", s.preset)?;
    writeln!(out, "functional unit   1 kg {} at the plant gate", s.oxide)?;
    writeln!(
        out,
        "totals            mined {}, recycled {} kg CO2-eq/kg; reduction {} % (claim {} %)",
        format_sig(s.mined.total, 4),
        format_sig(s.recycled.total, 4),
        opt(s.reduction_percent, 3),
        s.tornado.claim_percent
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "tornado: reduction % with each parameter at its P5 and P95 (others at their values)"
    )?;
    writeln!(
        out,
        "    {:<24} {:>10} {:>10} {:>10} {:>10} {:>8}",
        "parameter", "P5", "P95", "red. @P5", "red. @P95", "swing"
    )?;
    for b in &s.tornado.bars {
        writeln!(
            out,
            "    {:<24} {:>10} {:>10} {:>10} {:>10} {:>8}",
            b.id,
            format_sig(b.low, 3),
            format_sig(b.high, 3),
            opt(b.reduction_low, 3),
            opt(b.reduction_high, 3),
            format_sig(b.swing, 3)
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "parameters: elasticities of the totals, and reduction points per +1 % (adjoint, chain rule)"
    )?;
    writeln!(
        out,
        "    {:<24} {:>10} {:>10} {:>10} {:>12}",
        "parameter", "value", "ε mined", "ε recycled", "pts per +1 %"
    )?;
    for p in s.parameters.iter().take(15) {
        writeln!(
            out,
            "    {:<24} {:>10} {:>10} {:>10} {:>12}",
            p.id,
            format_sig(p.value, 4),
            format_sig(p.elasticity_mined, 3),
            format_sig(p.elasticity_recycled, 3),
            opt(p.reduction_points_per_percent, 3)
        )?;
    }
    for r in [&s.mined, &s.recycled] {
        writeln!(out)?;
        writeln!(
            out,
            "exchanges of {} ({} kg CO2-eq/kg): elasticity of the total",
            r.route,
            format_sig(r.total, 4)
        )?;
        for e in r.exchanges.iter().take(10) {
            writeln!(
                out,
                "    {:<56} {:>9}  {}",
                e.id,
                format_sig(e.elasticity, 3),
                e.method
            )?;
        }
    }
    writeln!(out)?;
    for m in &s.method {
        writeln!(out, "method: {m}")?;
    }
    if !s.fixed_by_scenario.is_empty() {
        writeln!(
            out,
            "note: fixed at the scenario's value (not in the tornado): {}",
            s.fixed_by_scenario.join(", ")
        )?;
    }
    Ok(())
}
