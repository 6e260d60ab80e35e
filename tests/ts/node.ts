// Type-level test of the package in a Node-only TypeScript project: no DOM library and no
// @types/node (tests/ts/tsconfig.node.json: "lib": ["ES2022", "ESNext.Disposable"], "types": []).
// The declarations must type-check there with skipLibCheck off, init() and initSync() must take
// bytes, and `reo-lca/reo_lca_bg.wasm` must be typed. Compiled by scripts/test.sh against
// pkg/, and by tests/node/package.test.mjs against the installed tarball. Each `@ts-expect-error`
// line must fail to type-check.
import init, { Calculator, compare, initSync, version } from 'reo-lca';
import type { Comparison, InitInput, InitOutput, SyncInitInput, WasmBytes, WasmMemory } from 'reo-lca';
import wasmUrl from 'reo-lca/reo_lca_bg.wasm';

export async function nodeUsage(bytes: Uint8Array, buffer: ArrayBuffer): Promise<number> {
  const out: InitOutput = initSync({ module: bytes });
  const memory: WasmMemory = out.memory;
  const size: number = memory.buffer.byteLength;
  initSync({ module: buffer });
  await init({ module_or_path: bytes });
  await init({ module_or_path: Promise.resolve(buffer) });
  await init({ module_or_path: wasmUrl });
  await init();
  const input: InitInput = bytes;
  const sync: SyncInitInput = new DataView(buffer);
  const raw: WasmBytes = sync as WasmBytes;
  const url: string = wasmUrl;

  // @ts-expect-error: init takes a URL, bytes or a compiled module, not a number
  await init({ module_or_path: 42 });
  // @ts-expect-error: initSync cannot fetch, so it takes no URL
  initSync({ module: 'reo_lca_bg.wasm' });
  // @ts-expect-error: the .wasm export is the file's URL (a string)
  const notBytes: Uint8Array = wasmUrl;

  const c: Comparison = compare({ preset: 'ionic-missouri' });
  const calc = new Calculator({ preset: 'ionic-missouri' });
  const link: string = calc.shareLink();
  calc.free();
  return c.mined.total + c.recycled.total + size + link.length + version().engine.length +
    url.length + (input === raw ? 1 : 0) + notBytes.length;
}
