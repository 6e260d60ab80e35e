//! Versions stamped on every result, export and share link.

/// Version of the engine (the crate version).
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
