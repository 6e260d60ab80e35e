//! Helpers shared by the native suites: running the command line, and the labels of small
//! hand-built product systems.

use std::ffi::OsStr;
use std::process::Command;

use reo_lca::engine::{FlowLabel, Origin, ProcessLabel, ProductLabel, Triplet};

/// Runs the `reo-lca` binary with `args`: (exit code, stdout, stderr), -1 when killed by a
/// signal.
pub fn run_cli<S: AsRef<OsStr>>(args: &[S]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_reo-lca"))
        .args(args)
        .output()
        .expect("run reo-lca");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A product measured in kg, named by its id.
pub fn product(id: &str) -> ProductLabel {
    ProductLabel {
        id: id.into(),
        name: id.into(),
        unit: "kg".into(),
    }
}

/// A process of `stage`, named by its id; the `background` stage marks it as background.
pub fn process(id: &str, stage: &str) -> ProcessLabel {
    ProcessLabel {
        id: id.into(),
        name: id.into(),
        stage: stage.into(),
        background: stage == "background",
        allocation: None,
    }
}

/// A fossil elementary flow measured in kg, named by its id.
pub fn flow(id: &str) -> FlowLabel {
    FlowLabel {
        id: id.into(),
        name: id.into(),
        unit: "kg".into(),
        origin: Origin::Fossil,
    }
}

/// One matrix entry.
pub fn t(row: usize, col: usize, value: f64) -> Triplet {
    Triplet { row, col, value }
}
