// Makes the generated TypeScript declarations usable without the DOM library.
//
//   node scripts/patch-types.mjs pkg/reo_lca.d.ts
//
// wasm-bindgen declares `init()` and `initSync()` with DOM names (`RequestInfo`, `URL`,
// `Response`, `BufferSource`, `WebAssembly.Module`, `WebAssembly.Memory`, `WebAssembly.Table`),
// so a Node-only project (`"lib": ["es2022"]`, no `"DOM"`) fails to type-check the package. This
// patch declares each of them as "the environment's own type where it has one, else a
// structural stand-in": with the DOM library (or @types/node) they are exactly the real types;
// without them, `init()` still takes a URL string or the bytes. Each edit must apply
// (wasm-bindgen is pinned; a new version that generates other code fails the build here).
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/patch-types.mjs <reo_lca.d.ts>');
  process.exit(2);
}
let ts = readFileSync(file, 'utf8');
if (ts.includes('export type WasmBytes')) process.exit(0); // already patched

const HELPERS = `/**
 * The WebAssembly module's bytes: an \`ArrayBuffer\` or a view of one (a \`Uint8Array\`, a Node
 * \`Buffer\`), as \`BufferSource\` is without the DOM library.
 */
export type WasmBytes = ArrayBuffer | ArrayBufferView;

/** What \`typeof globalThis\` has under a name: the instance type of that global class, or \`Else\`. */
type GlobalInstance<Name extends string, Else> = typeof globalThis extends {
    [K in Name]: { prototype: infer T };
} ? T : Else;

/** \`WebAssembly.\${Name}\` where the environment declares it, or \`Else\`. */
type WasmInstanceOf<Name extends string, Else> = typeof globalThis extends {
    WebAssembly: { [K in Name]: { prototype: infer T } };
} ? T : Else;

/** A compiled \`WebAssembly.Module\` (\`never\` where the environment declares no WebAssembly). */
export type WasmModule = WasmInstanceOf<"Module", never>;
/** \`WebAssembly.Memory\`, or its shape where the environment declares no WebAssembly. */
export type WasmMemory = WasmInstanceOf<"Memory", { readonly buffer: ArrayBuffer; grow(delta: number): number }>;
/** \`WebAssembly.Table\`, or its shape where the environment declares no WebAssembly. */
export type WasmTable = WasmInstanceOf<"Table", { readonly length: number; get(index: number): unknown }>;
/** A \`URL\` (\`never\` where the environment declares none: pass the URL as a string). */
export type InitUrl = GlobalInstance<"URL", never>;
/** A fetch \`Request\` (\`never\` where the environment declares none). */
export type InitRequest = GlobalInstance<"Request", never>;
/** A fetch \`Response\` (\`never\` where the environment declares none). */
export type InitResponse = GlobalInstance<"Response", never>;

`;

const edits = [
  [
    'export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;',
    HELPERS +
      '/**\n * Where `init()` gets the module: a URL to fetch (a string, `URL` or `Request`), a `Response`,\n' +
      ' * the bytes, or a compiled `WebAssembly.Module`.\n */\n' +
      'export type InitInput = string | InitUrl | InitRequest | InitResponse | WasmBytes | WasmModule;',
  ],
  ['    readonly memory: WebAssembly.Memory;', '    readonly memory: WasmMemory;'],
  ['    readonly __wbindgen_externrefs: WebAssembly.Table;', '    readonly __wbindgen_externrefs: WasmTable;'],
  ['export type SyncInitInput = BufferSource | WebAssembly.Module;', 'export type SyncInitInput = WasmBytes | WasmModule;'],
  [
    ' * If `module_or_path` is {RequestInfo} or {URL}, makes a request and\n * for everything else, calls `WebAssembly.instantiate` directly.',
    ' * Loads the WebAssembly module; call it once (and await it) before any other function. If\n' +
      ' * `module_or_path` is a URL (string, `URL`) or a `Request`, fetches it; for everything else,\n' +
      ' * calls `WebAssembly.instantiate` directly. Without an argument, fetches `reo_lca_bg.wasm` from\n' +
      ' * beside this module (`new URL("reo_lca_bg.wasm", import.meta.url)`).',
  ],
];
for (const [from, to] of edits) {
  const n = ts.split(from).length - 1;
  if (n !== 1) {
    console.error(`patch-types: expected one ${JSON.stringify(from.slice(0, 60))}… in ${file}, found ${n}`);
    process.exit(1);
  }
  ts = ts.replace(from, () => to);
}
// Declarations only: doc comments may name the DOM types.
const code = ts.split('\n').filter((line) => !/^\s*(\/\*\*|\*)/.test(line)).join('\n');
const left = code.match(/(?<!")\b(RequestInfo|BufferSource|Response|Request|URL|WebAssembly\.\w+)\b(?!")/g);
if (left) {
  console.error(`patch-types: DOM names left in ${file}: ${[...new Set(left)].join(', ')}`);
  process.exit(1);
}
writeFileSync(file, ts);
console.log('patch-types: init()/initSync() declared without DOM names');
