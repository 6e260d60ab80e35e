// Monte Carlo speed: monteCarlo() with 10,000 iterations of both routes, in WebAssembly under
// Node, for every preset, beside the native figure and the wasm/native ratio.
//
//   bash scripts/build-wasm.sh && node benches/mc.mjs [--no-native] [--json]
//
// (benches/bench.mjs runs it too.) Wasm: `monteCarlo(scenario, { iterations: 10000, seed: 1 })`
// one-shot, global sensitivity off, i.e. reading the scenario, preparing both routes, the
// draws, the summary (sorts for the quantiles, the convergence report) and building the result
// with three Float64Arrays: one warm-up call, then the fastest of 7 calls. Native: `cargo bench
// --profile benchmark --bench monte_carlo` (benches/monte_carlo.rs; best of 7), whose
// "prepare" + "10k draws" columns are the same work without the summary and the JS result; the
// ratio is wasm / (prepare + draws). Goal: ≤ 25 ms per preset in Node.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const PKG = join(ROOT, 'pkg');
export const ITERATIONS = 10_000;
export const GOAL_MS = 25;

/** Wasm milliseconds per preset (fastest of `repeat` calls after a warm-up). */
export async function wasmTimes(repeat = 7) {
  const m = await import(join(PKG, 'reo_lca.js'));
  m.initSync({ module: readFileSync(join(PKG, 'reo_lca_bg.wasm')) });
  const out = {};
  for (const { id } of m.presets()) {
    const run = () => m.monteCarlo({ preset: id }, { iterations: ITERATIONS, seed: 1 });
    const r = run();
    if (r.samples.mined.length !== ITERATIONS) throw new Error(`${id}: wrong sample count`);
    let best = Infinity;
    for (let i = 0; i < repeat; i++) {
      const t = performance.now();
      run();
      best = Math.min(best, performance.now() - t);
    }
    out[id] = best;
  }
  return out;
}

/** Native milliseconds per preset from benches/monte_carlo.rs: { prepare, draws }. */
export function nativeTimes() {
  const r = spawnSync('cargo', ['bench', '--profile', 'benchmark', '--bench', 'monte_carlo'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`cargo bench --bench monte_carlo failed:\n${r.stderr}`);
  const out = {};
  // preset inputs tri prepare "ms" draws "ms" µs/iter SRC "ms" sensitivity "ms"
  for (const line of r.stdout.split('\n')) {
    const t = line.trim().split(/\s+/);
    if (t.length >= 9 && t[4] === 'ms' && t[6] === 'ms') {
      out[t[0]] = { prepare: Number(t[3]), draws: Number(t[5]) };
    }
  }
  return out;
}

/** Rows of both sides: each keeps its minimum over `rounds` interleaved rounds. */
export async function measure({ native = true, rounds = 2 } = {}) {
  const wasm = {};
  const nat = {};
  for (let k = 0; k < rounds; k++) {
    if (native) {
      for (const [id, v] of Object.entries(nativeTimes())) {
        if (!nat[id] || v.prepare + v.draws < nat[id].prepare + nat[id].draws) nat[id] = v;
      }
    }
    for (const [id, ms] of Object.entries(await wasmTimes())) wasm[id] = Math.min(wasm[id] ?? Infinity, ms);
  }
  return Object.keys(wasm).map((id) => {
    const n = nat[id] ? nat[id].prepare + nat[id].draws : null;
    return {
      preset: id,
      wasmMs: wasm[id],
      nativeMs: n,
      nativePrepareMs: nat[id]?.prepare ?? null,
      ratio: n ? wasm[id] / n : null,
    };
  });
}

export function report(rows) {
  const lines = [`monteCarlo(), ${ITERATIONS} iterations of both routes, one-shot (goal ≤ ${GOAL_MS} ms in Node)`];
  lines.push('  preset                     wasm (Node)   native (prep + draws)   wasm/native');
  for (const r of rows) {
    lines.push(
      `  ${r.preset.padEnd(24)} ${r.wasmMs.toFixed(2).padStart(8)} ms ${r.nativeMs == null ? '                     –' : (r.nativeMs.toFixed(2) + ' ms').padStart(22)} ${r.ratio == null ? '' : r.ratio.toFixed(2).padStart(12) + '×'}  ${r.wasmMs <= GOAL_MS ? 'within goal' : 'OVER goal'}`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(PKG, 'reo_lca_bg.wasm'))) {
    console.error('pkg/ is missing: run `bash scripts/build-wasm.sh` first');
    process.exit(1);
  }
  const args = new Set(process.argv.slice(2));
  const rows = await measure({ native: !args.has('--no-native') });
  console.log(args.has('--json') ? JSON.stringify(rows, null, 2) : report(rows));
}
