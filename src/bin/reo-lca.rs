//! `reo-lca` command line: the native façade over the library.
//!
//! ```text
//! reo-lca presets
//! reo-lca params
//! reo-lca compare --preset ID [--oxide OXIDE] [--set NAME=VALUE]... [--inventory FILE] [--json]
//! reo-lca export --preset ID --route mined|recycled [--format json|bw-datapackage] [--out FILE]
//! reo-lca mc --preset ID [--iterations N] [--seed S] [--json [--samples]]
//! reo-lca sensitivity --preset ID [--json]
//! ```
//! Bad arguments (unknown, repeated, missing a value, not UTF-8) print one message naming the
//! argument and exit with code 2.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut out = std::io::stdout().lock();
    let code = cli::run(std::env::args_os().skip(1), &mut out);
    std::process::exit(code);
}

#[cfg(target_arch = "wasm32")]
fn main() {}
