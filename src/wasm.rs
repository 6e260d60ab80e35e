//! WebAssembly façade (to be filled by the wasm issue).
