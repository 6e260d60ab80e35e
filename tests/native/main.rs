//! The native test suites, linked into one test binary (one link instead of one per suite).
//! The WebAssembly suites are `tests/wasm_node.rs` and `tests/wasm_browser.rs`; the npm
//! package and page tests are in `tests/node/` and `tests/e2e/`.
#![cfg(not(target_arch = "wasm32"))]

mod architecture;
mod bad_inputs_cli;
mod bad_inputs_core;
mod claims;
mod cli;
mod datapackage;
mod dataset;
mod engine;
mod errors;
mod export;
mod export_document;
mod fuzz_regressions;
mod golden_mc_native;
mod golden_native;
mod hostile;
mod mass_balance;
mod monte_carlo;
mod properties;
mod routes;
mod sensitivity;
mod stoichiometry;
mod support;
