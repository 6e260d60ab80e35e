//! A `reo-lca-matrices/2` document written with the library API (`export_matrices` and
//! `serde_json`), not through the command line: the Rust-side document that
//! `tests/python/test_brightway.py` checks against the schema, the CLI's and the npm
//! package's. `cargo run --example matrices -- PRESET mined|recycled`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use reo_lca::dataset::Side;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(preset), Some(side)) = (args.first(), args.get(1)) else {
        eprintln!("usage: matrices PRESET mined|recycled");
        std::process::exit(2);
    };
    let doc = Side::parse(side, "side").and_then(|side| {
        reo_lca::export::export_matrices(&reo_lca::Scenario::preset(preset), side)
    });
    match doc.map(|d| serde_json::to_string(&d)) {
        Ok(Ok(text)) => println!("{text}"),
        Ok(Err(e)) => {
            eprintln!("matrices: {e}");
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("matrices: {e}");
            std::process::exit(2);
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
