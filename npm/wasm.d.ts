// `reo-lca/reo_lca_bg.wasm`: the URL of the package's WebAssembly file, as bundlers' asset
// loaders give it (esbuild `--loader:.wasm=file`, webpack `type: 'asset/resource'`). Pass it to
// `init({ module_or_path: new URL(wasmUrl, import.meta.url) })`. (With Vite, import
// `reo-lca/reo_lca_bg.wasm?url`, typed by `vite/client`.)
declare const wasmUrl: string;
export default wasmUrl;
