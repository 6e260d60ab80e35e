//! `reo-lca` command line: the native façade over the library.
//!
//! ```text
//! reo-lca presets
//! reo-lca params
//! reo-lca compare --preset ID [--oxide OXIDE] [--set NAME=VALUE]... [--inventory FILE] [--json]
//! reo-lca export --preset ID --route mined|recycled
//! ```
//! Bad arguments print one message naming the argument and exit with code 2.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut out = std::io::stdout().lock();
    let code = cli::run(&args, &mut out);
    std::process::exit(code);
}

#[cfg(target_arch = "wasm32")]
fn main() {}
