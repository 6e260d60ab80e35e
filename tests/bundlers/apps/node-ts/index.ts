// A Node-only TypeScript project ("lib": ["es2022"], "types": ["node"], no DOM): the package's
// declarations type-check with skipLibCheck off, and the compiled program runs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Calculator, compare, initSync, type Comparison } from 'reo-lca';
// `reo-lca/reo_lca_bg.wasm` is for bundlers' asset loaders (Node cannot import a .wasm): its type.
type WasmUrl = (typeof import('reo-lca/reo_lca_bg.wasm'))['default'];

// The Node entry is ready on import; initSync() with the file's bytes (a Buffer) is a no-op then.
const wasmFile = createRequire(import.meta.url).resolve('reo-lca/reo_lca_bg.wasm');
initSync({ module: readFileSync(wasmFile) });
const asUrl: WasmUrl = pathToFileURL(wasmFile).href;

const c: Comparison = compare({ preset: 'ionic-missouri' });
let link: string;
{
  using calc = new Calculator({ preset: 'ionic-missouri' });
  link = calc.shareLink();
}
console.log(JSON.stringify({ recycled: c.recycled.total, mined: c.mined.total, link, wasmUrl: asUrl.endsWith('/reo_lca_bg.wasm') }));
