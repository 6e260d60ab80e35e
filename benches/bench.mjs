// Size and speed of the WebAssembly package, and the wasm/native ratio of compare().
//
//   bash scripts/build-wasm.sh && node benches/bench.mjs [--no-native] [--json]
//
// Builds nothing itself: it measures pkg/ as built (run scripts/build-wasm.sh first, from the
// same source as the native benchmark) and runs `cargo bench --profile benchmark --bench native`
// for the native side. Prints
//   - wasm size raw and gzip -9, JS glue and declaration sizes,
//   - time to first result in a fresh Node process: compile + instantiate, then the first
//     compare() (median of 7 processes),
//   - compare() per call in Node for every preset, the same native, and their ratio: each side
//     runs in 3 rounds, interleaved (native, wasm, native, wasm, ...), of 7 batches of ~50 ms
//     after a warm-up; the figure is the fastest batch over all rounds (on a shared machine the
//     minimum is the most repeatable estimate: other load only ever adds time),
//   - monteCarlo() with 10,000 iterations per preset in Node beside the native Monte Carlo
//     benchmark and the ratio (benches/mc.mjs; `--no-mc` skips it),
// and checks them against the budgets of BENCHMARKS.md. Not a test: timings depend on the
// machine and its load.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { measure as measureMc, report as reportMc } from './mc.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const PKG = join(ROOT, 'pkg');
const args = new Set(process.argv.slice(2));
const BUDGET = { gzipKB: 60, gzipAimKB: 40, compareUs: 50, compareAimUs: 15, ratio: 1.6, ratioAim: 1.35 };

if (!existsSync(join(PKG, 'reo_lca_bg.wasm'))) {
  console.error('pkg/ is missing: run `bash scripts/build-wasm.sh` first');
  process.exit(1);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const geomean = (xs) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const kb = (n) => (n / 1024).toFixed(1);

// ---- machine ----
const rustc = spawnSync('rustc', ['-V'], { encoding: 'utf8' }).stdout?.trim() ?? '?';
const machine = {
  cpu: cpus()[0]?.model ?? '?',
  cores: cpus().length,
  memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
  kernel: release(),
  node: process.version,
  rustc,
  loadAtStart: loadavg().map((x) => +x.toFixed(2)),
};

// ---- sizes ----
function size(file) {
  const bytes = readFileSync(join(PKG, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
const sizes = Object.fromEntries(
  ['reo_lca_bg.wasm', 'reo_lca.js', 'node.js', 'reo_lca.d.ts'].map((f) => [f, size(f)]),
);

// ---- time to first result (fresh processes) ----
const FIRST = `
const t0 = performance.now();
const { readFileSync } = await import('node:fs');
const m = await import(${JSON.stringify(join(PKG, 'reo_lca.js'))});
const bytes = readFileSync(${JSON.stringify(join(PKG, 'reo_lca_bg.wasm'))});
const t1 = performance.now();
m.initSync({ module: bytes });
const t2 = performance.now();
const c = m.compare({ preset: m.presets()[0].id });
const t3 = performance.now();
if (!(c.mined.total > 0)) throw new Error('no result');
console.log(JSON.stringify({ load: t1 - t0, instantiate: t2 - t1, first: t3 - t2 }));
`;
const firsts = Array.from({ length: 7 }, () =>
  JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', FIRST], { encoding: 'utf8' })),
);
const firstResult = {
  loadMs: median(firsts.map((r) => r.load)),
  instantiateMs: median(firsts.map((r) => r.instantiate)),
  firstCompareMs: median(firsts.map((r) => r.first)),
};

// ---- compare() per call in Node ----
const m = await import(join(PKG, 'reo_lca.js'));
m.initSync({ module: readFileSync(join(PKG, 'reo_lca_bg.wasm')) });
const presets = m.presets().map((p) => p.id);

function timePerCall(f) {
  for (let i = 0; i < 5; i++) f();
  let n = 0;
  const t = performance.now();
  while (performance.now() - t < 10) {
    f();
    n++;
  }
  const perBatch = Math.max(1, n * 5);
  const batches = Array.from({ length: 7 }, () => {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) f();
    return ((performance.now() - t0) * 1000) / perBatch;
  });
  return Math.min(...batches);
}

function nativeRound() {
  const r = spawnSync('cargo', ['bench', '--profile', 'benchmark', '--bench', 'native'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  const out = {};
  for (const line of r.stdout.split('\n')) {
    const [tag, id, us] = line.trim().split(/\s+/);
    if (tag === 'native') out[id] = Number(us);
  }
  return out;
}

const ROUNDS = 3;
const native = !args.has('--no-native');
const wasmUs = {};
const nativeUs = native ? {} : null;
const keepMin = (acc, id, x) => {
  acc[id] = Math.min(acc[id] ?? Infinity, x);
};
for (let round = 0; round < ROUNDS; round++) {
  if (native) {
    const r = nativeRound();
    for (const id of presets) keepMin(nativeUs, id, r[id]);
  }
  for (const id of presets) keepMin(wasmUs, id, timePerCall(() => m.compare({ preset: id })));
}

// ---- Monte Carlo ----
const mcRows = args.has('--no-mc') ? null : await measureMc({ native });

// ---- report ----
const rows = presets.map((id) => ({
  preset: id,
  wasmUs: wasmUs[id],
  nativeUs: nativeUs?.[id] ?? null,
  ratio: nativeUs?.[id] ? wasmUs[id] / nativeUs[id] : null,
}));
const ratios = rows.map((r) => r.ratio).filter((x) => x != null);
const summary = {
  version: m.version(),
  machine,
  sizes,
  firstResult,
  compare: rows,
  compareMedianUs: median(rows.map((r) => r.wasmUs)),
  compareMaxUs: Math.max(...rows.map((r) => r.wasmUs)),
  ratioGeomean: ratios.length ? geomean(ratios) : null,
  monteCarlo: mcRows,
};

if (args.has('--json')) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  const w = sizes['reo_lca_bg.wasm'];
  const verdict = (x, budget, aim) => (x <= aim ? 'within aim' : x <= budget ? 'within budget' : 'OVER budget');
  console.log(`reo-lca ${summary.version.engine} (dataset ${summary.version.dataset})`);
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}, ${machine.rustc}; load ${machine.loadAtStart.join(' ')}`);
  console.log('\nsize                         raw        gzip -9');
  for (const [f, s] of Object.entries(sizes)) {
    console.log(`  ${f.padEnd(22)} ${String(s.raw).padStart(9)} B ${String(s.gzip).padStart(9)} B`);
  }
  console.log(`  wasm gzip ${kb(w.gzip)} KiB: ${verdict(w.gzip / 1024, BUDGET.gzipKB, BUDGET.gzipAimKB)} (budget ${BUDGET.gzipKB}, aim ${BUDGET.gzipAimKB})`);
  console.log('\ntime to first result, fresh Node process (median of 7)');
  console.log(`  import glue + read wasm  ${firstResult.loadMs.toFixed(2)} ms`);
  console.log(`  compile + instantiate    ${firstResult.instantiateMs.toFixed(2)} ms`);
  console.log(`  first compare()          ${firstResult.firstCompareMs.toFixed(2)} ms`);
  console.log(`\ncompare() per call (fastest of ${ROUNDS} interleaved rounds of 7 batches)`);
  console.log('  preset                     wasm (Node)       native    wasm/native');
  for (const r of rows) {
    console.log(
      `  ${r.preset.padEnd(24)} ${r.wasmUs.toFixed(1).padStart(10)} µs ${r.nativeUs == null ? '         –' : r.nativeUs.toFixed(1).padStart(10) + ' µs'} ${r.ratio == null ? '' : r.ratio.toFixed(2).padStart(10) + '×'}`,
    );
  }
  console.log(`  median ${summary.compareMedianUs.toFixed(1)} µs, slowest ${summary.compareMaxUs.toFixed(1)} µs: ${verdict(summary.compareMaxUs, BUDGET.compareUs, BUDGET.compareAimUs)} (budget ${BUDGET.compareUs}, aim ${BUDGET.compareAimUs})`);
  if (summary.ratioGeomean != null) {
    console.log(`  wasm/native geometric mean ${summary.ratioGeomean.toFixed(2)}×: ${verdict(summary.ratioGeomean, BUDGET.ratio, BUDGET.ratioAim)} (budget ${BUDGET.ratio}, aim ${BUDGET.ratioAim})`);
  }
  if (mcRows) console.log(`\n${reportMc(mcRows)}`);
}
