// Makes the generated JS glue's classes safe to free twice and to call after free().
//
//   node scripts/patch-glue.mjs pkg/reo_lca.js
//
// wasm-bindgen's `free()` passes the (zeroed) pointer of an already freed object back into the
// module, and so does every method called after `free()`. The module then throws from inside
// WebAssembly ("null pointer passed to rust"): the exception unwinds the WebAssembly frames
// without restoring the module's stack pointer, so enough of them break the module for good.
// This patch checks in JS first: a second `free()` (or `[Symbol.dispose]()`) does nothing, and a
// call after `free()` throws a plain `Error` before entering the module.
//
// Before `init()` (or `initSync()`) has loaded the module, the glue's `wasm` is `undefined`, so
// calling `compare()` too early threw "Cannot read properties of undefined (reading 'compare')"
// from inside the glue. The patch starts `wasm` as a stand-in whose every property read throws an
// `Error` saying to `await init()` first, and the glue's "already loaded?" checks compare with it.
//
// It also moves the dataset's text module (src/dataset/text.rs), which wasm-bindgen writes as
// an inline snippet under snippets/reo-lca-<hash>/, to reo_lca_text.js beside the glue.
//
// Each edit must apply (wasm-bindgen is pinned; a new version that generates other code fails the
// build here).
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/patch-glue.mjs <glue.js>');
  process.exit(2);
}
let js = readFileSync(file, 'utf8');

// The text module: one inline snippet, imported once.
const TEXT_MODULE = 'reo_lca_text.js';
const snippet = /(['"])\.\/(snippets\/reo-lca-[0-9a-f]+\/inline0\.js)\1/g;
const snippets = [...js.matchAll(snippet)];
if (snippets.length > 0) {
  const paths = new Set(snippets.map((m) => m[2]));
  if (paths.size !== 1 || !existsSync(join(dirname(file), [...paths][0]))) {
    console.error(`patch-glue: expected one text snippet in ${file}, found ${[...paths].join(', ') || 'none'}`);
    process.exit(1);
  }
  renameSync(join(dirname(file), [...paths][0]), join(dirname(file), TEXT_MODULE));
  rmSync(join(dirname(file), 'snippets'), { recursive: true, force: true });
  js = js.replace(snippet, `$1./${TEXT_MODULE}$1`);
  writeFileSync(file, js);
  console.log(`patch-glue: text module moved to ${TEXT_MODULE}`);
} else if (!existsSync(join(dirname(file), TEXT_MODULE))) {
  console.error(`patch-glue: no text module imported by ${file}`);
  process.exit(1);
}
if (js.includes('function __reoLive(')) process.exit(0); // already patched

const free = /(\n(\s+)free\(\) \{\n\s+const ptr = this\.__destroy_into_raw\(\);\n)/g;
const frees = js.match(free)?.length ?? 0;
js = js.replace(free, '$1$2    if (ptr === 0) return;\n');

const call = /wasm\.(\w+)\(this\.__wbg_ptr/g;
const calls = js.match(call)?.length ?? 0;
js = js.replace(call, 'wasm.$1(__reoLive(this)');

const decl = 'let wasmModule, wasmInstance, wasm;\n';
const decls = js.split(decl).length - 1;
js = js.replace(decl, 'let wasmModule, wasmInstance, wasm = __reoNotLoaded;\n');

const loaded = /if \(wasm !== undefined\) return wasm;/g;
const loadeds = js.match(loaded)?.length ?? 0;
js = js.replace(loaded, 'if (wasm !== __reoNotLoaded) return wasm;');

if (frees < 2 || calls < 10 || decls !== 1 || loadeds !== 2) {
  console.error(
    `patch-glue: unexpected glue in ${file}: ${frees} free(), ${calls} method calls, ` +
      `${decls} 'let … wasm;' declarations (expected 1), ${loadeds} 'wasm !== undefined' checks (expected 2)`,
  );
  process.exit(1);
}
// The stand-in goes before the code that can call into the module (a const is not hoisted),
// after the first line's `@ts-self-types` directive.
const head = js.match(/^\/\* @ts-self-types="[^"]*" \*\/\n/)?.[0] ?? '';
js =
  head +
  `/** Stands in for the module's exports until init() or initSync() has loaded it. */
const __reoNotLoaded = new Proxy(Object.freeze({}), {
    get(_, key) {
        // A function's export is read before its arguments; the free() in a finally block that
        // follows must not replace the error.
        if (key === '__wbindgen_free') return () => {};
        const name = { calculator_new: 'new Calculator()', montecarlorun_new: 'new MonteCarloRun()' }[key]
            ?? (String(key).startsWith('__') ? 'a function' : \`\${String(key)}()\`);
        throw new Error(\`reo-lca: \${name} was called before the WebAssembly module was loaded: \` +
            'call \`await init()\` (the default export) once first, or initSync({ module }) with the .wasm bytes');
    },
});

` +
  js.slice(head.length);
js += `
/** The live pointer of a class instance, or a plain Error (thrown in JS) after free(). */
function __reoLive(obj) {
    if (obj.__wbg_ptr === 0) throw new Error(\`\${obj.constructor.name}: used after free()\`);
    return obj.__wbg_ptr;
}
`;
writeFileSync(file, js);
console.log(
  `patch-glue: ${frees} free() made idempotent, ${calls} method calls checked for use after free(), ` +
    'calls before init() throw a plain Error',
);
