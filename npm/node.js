// Node entry point of reo-lca (the "node" condition of the package's exports map).
//
// It loads the same web build the browser uses and instantiates it synchronously from the
// .wasm file shipped beside it, so in Node the functions work right after
// `import { compare } from 'reo-lca'`, without `await init()` and without a bundler.
// (Calling the default export `init()` as well is harmless: it returns at once.)
import { readFileSync } from 'node:fs';
import { initSync } from './reo_lca.js';

initSync({ module: readFileSync(new URL('./reo_lca_bg.wasm', import.meta.url)) });

export * from './reo_lca.js';
export { default } from './reo_lca.js';
