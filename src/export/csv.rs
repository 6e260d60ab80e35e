//! Tidy CSV of results.

use crate::analysis::compare::Comparison;

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
/// Tidy CSV of a comparison: one row per route × stage × elementary flow, with the amount per
/// functional unit and its GWP100 impact.
pub fn results_csv(c: &Comparison) -> String {
    let mut out = String::from(
        "preset,oxide,route,kind,stage,flow,amount,unit,impact_kg_co2e,allocation,gwp,engine_version,dataset_version\n",
    );
    for r in [&c.mined, &c.recycled] {
        for sf in &r.stage_flows {
            let row = [
                csv_field(&c.preset),
                csv_field(&c.oxide),
                csv_field(&r.route),
                csv_field(r.kind.as_str()),
                csv_field(&sf.stage),
                csv_field(&sf.flow),
                crate::number::display(sf.amount),
                csv_field(&sf.unit),
                crate::number::display(sf.impact),
                csv_field(c.allocation.as_str()),
                csv_field(c.gwp.as_str()),
                csv_field(&c.engine_version),
                csv_field(&c.dataset_version),
            ];
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}
