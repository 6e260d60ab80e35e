// The stateful classes (Calculator, MonteCarloRun) of the built package in pkg/: every result
// of a Calculator equals the free function's; free() and [Symbol.dispose]() are safe to call
// twice; a call after free() is a plain Error thrown before entering the module, and thousands
// of them leave the module working (nothing is thrown from inside WebAssembly).
// Run: node --test tests/node/   (after `bash scripts/build-wasm.sh`)
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const WASM = new URL('../../pkg/reo_lca_bg.wasm', import.meta.url);
const GLUE = new URL('../../pkg/reo_lca.js', import.meta.url);
let api;

before(async () => {
  api = await import(GLUE.href);
  api.initSync({ module: readFileSync(WASM) });
});

const scenarios = () => [
  ...api.presets().map((p) => ({ preset: p.id })),
  { preset: 'ionic-missouri', overrides: { gridSrmw: 0.2 }, recyclingRule: 'substitution' },
  { preset: 'ionic-belfast-ndpr', allocation: 'mass', gwp: 'AR5', overrides: null },
];

test('every Calculator result equals the free function of the same scenario', () => {
  for (const s of scenarios()) {
    const calc = new api.Calculator(s);
    try {
      assert.deepEqual(calc.comparison(), api.compare(s), JSON.stringify(s));
      assert.deepEqual(calc.inUse(), api.inUse(s));
      assert.equal(calc.shareLink(), api.encodeShare(s));
      assert.equal(calc.csv(), api.resultsCsv(s));
      for (const side of ['mined', 'recycled']) {
        assert.deepEqual(calc.matrices(side), api.exportMatrices(s, side));
        assert.deepEqual(calc.datapackage(side), api.exportDatapackage(s, side));
      }
      // A second call gives the same result (the comparison is computed once and kept).
      assert.deepEqual(calc.comparison(), calc.comparison());
    } finally {
      calc.free();
    }
  }
});

test('the constructor throws the engine error with its field', () => {
  assert.throws(() => new api.Calculator({ preset: 'ionic-missouri', overrides: { gridSrmw: -1 } }),
    (e) => e instanceof RangeError && e.field === 'overrides.gridSrmw');
  assert.throws(() => new api.Calculator({ preset: 'ionic-missouri', colour: 'red' }),
    (e) => e instanceof TypeError && e.field === 'colour');
  const calc = new api.Calculator({ preset: 'ionic-missouri' });
  assert.throws(() => calc.matrices('both'), (e) => e instanceof RangeError && e.field === 'side');
  assert.throws(() => calc.datapackage('both'), (e) => e instanceof RangeError && e.field === 'side');
  calc.free();
});

test('free() and [Symbol.dispose]() are safe twice; use after free() is a plain Error', () => {
  const reference = api.compare({ preset: 'ionic-missouri' });
  const calc = new api.Calculator({ preset: 'ionic-missouri' });
  calc.free();
  calc.free();
  if (Symbol.dispose) calc[Symbol.dispose]();
  const run = new api.MonteCarloRun({ preset: 'ionic-missouri' });
  run.step(10);
  if (Symbol.dispose) run[Symbol.dispose]();
  run.free();
  for (let i = 0; i < 10_000; i++) {
    assert.throws(() => calc.comparison(), /Calculator: used after free\(\)/);
    assert.throws(() => run.step(1), /MonteCarloRun: used after free\(\)/);
    calc.free();
  }
  assert.deepEqual(api.compare({ preset: 'ionic-missouri' }), reference);
  const again = new api.MonteCarloRun({ preset: 'ionic-missouri' }, 3);
  assert.equal(again.step(100), 100);
  again.free();
});
