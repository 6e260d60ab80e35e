// Hostile input, round two, through the JS API of the built package in pkg/ (the Rust side is
// tests/native/hostile.rs). Each case failed before the fixes:
//   - a JS exception in a getter, a Proxy trap or a revoked Proxy unwound through the module;
//     after about 500 of them every call failed with "memory access out of bounds";
//   - a getter that called run.step() inside run.step() left the run borrowed for ever;
//   - a Promise, Set, Error, ArrayBuffer, typed array or WeakMap was read as {};
//   - lone surrogates in keys were merged (both became U+FFFD);
//   - a 5e6-element typed array or a 10 KB string referenced 100,000 times was read whole, and
//     a huge string aborted the module.
// Run: node --test tests/node/   (after `bash scripts/build-wasm.sh`)
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const WASM = new URL('../../pkg/reo_lca_bg.wasm', import.meta.url);
const GLUE = new URL('../../pkg/reo_lca.js', import.meta.url);
let api;
let reference;

before(async () => {
  api = await import(GLUE.href);
  api.initSync({ module: readFileSync(WASM) });
  reference = api.compare({ preset: 'ionic-missouri' });
});

/** Asserts `f` throws `cls` with `field`. */
function throwsAt(f, cls, field, what) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof cls, `${what}: ${e?.constructor?.name}: ${e?.message}`);
    assert.equal(e.field, field, `${what}: ${e.message}`);
    return true;
  });
}

const stillWorks = () => assert.deepEqual(api.compare({ preset: 'ionic-missouri' }), reference);

test('exceptions in getters, Proxy traps and revoked Proxies become TypeErrors, 10,000 times', () => {
  const boom = () => {
    throw new Error('boom');
  };
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const cases = [
    ['a throwing getter in the scenario', () => api.compare(Object.defineProperty({ preset: 'ionic-missouri' }, 'oxide', { get: boom, enumerable: true })), 'oxide'],
    ['a throwing getter in overrides', () => api.compare({ preset: 'ionic-missouri', overrides: Object.defineProperty({}, 'gridSrmw', { get: boom, enumerable: true }) }), 'overrides.gridSrmw'],
    ['a throwing get trap', () => api.compare(new Proxy({ preset: 'ionic-missouri' }, { get: boom })), 'preset'],
    ['a throwing ownKeys trap', () => api.compare({ preset: 'ionic-missouri', overrides: new Proxy({}, { ownKeys: boom }) }), 'overrides'],
    ['a revoked Proxy as overrides', () => api.compare({ preset: 'ionic-missouri', overrides: revoked }), 'overrides'],
    ['a revoked Proxy as the scenario', () => api.compare(revoked), 'scenario'],
    ['a throwing getter in an inventory', () => api.compare({ preset: 'ionic-missouri', inventory: { processes: [Object.defineProperty({ id: 'p' }, 'outputs', { get: boom, enumerable: true })] } }), 'inventory.processes[0].outputs'],
    ['a throwing getter in Monte Carlo options', () => api.monteCarlo({ preset: 'ionic-missouri' }, Object.defineProperty({}, 'seed', { get: boom, enumerable: true })), 'options.seed'],
    ['a throwing array element', () => api.compare({ preset: 'ionic-missouri', inventory: { processes: new Proxy([], { get: (t, k) => (k === 'length' ? 1 : boom()) }) } }), 'inventory.processes[0]'],
  ];
  for (const [what, f, field] of cases) throwsAt(f, TypeError, field, what);
  for (let i = 0; i < 10_000; i++) {
    const [, f] = cases[i % cases.length];
    assert.throws(f, TypeError);
  }
  stillWorks();
  const calc = new api.Calculator({ preset: 'ionic-missouri' });
  assert.deepEqual(calc.comparison(), reference);
  calc.free();
});

test('a getter that calls run.step() inside run.step() does not leave the run borrowed', () => {
  const run = new api.MonteCarloRun({ preset: 'ionic-missouri' }, 3);
  let inner = null;
  const sneaky = {
    get x() {
      inner = run.step(10);
      return 1;
    },
  };
  throwsAt(() => run.step(sneaky), TypeError, 'n', 'step of an object');
  assert.equal(inner, 10);
  assert.equal(run.step(5), 15);
  assert.equal(run.iterations, 15);
  // Many times over: the run stays usable.
  for (let i = 0; i < 2000; i++) assert.throws(() => run.step(sneaky), TypeError);
  assert.equal(run.step(0), run.iterations);
  run.free();
});

test('only plain objects and arrays are read; anything else is refused by name', () => {
  const others = [
    ['a Promise', Promise.resolve({})],
    ['a Set', new Set(['gridSrmw'])],
    ['a Map', new Map([['gridSrmw', 0.4]])],
    ['URLSearchParams', new URLSearchParams('gridSrmw=0.4')],
    ['an Error', new Error('x')],
    ['an ArrayBuffer', new ArrayBuffer(8)],
    ['a WeakMap', new WeakMap()],
    ['a Date', new Date(0)],
    ['a Float64Array', new Float64Array(3)],
    ['a class instance', new (class Overrides { constructor() { this.gridSrmw = 0.4; } })()],
  ];
  for (const [what, v] of others) {
    throwsAt(() => api.compare({ preset: 'ionic-missouri', overrides: v }), TypeError, 'overrides', `overrides as ${what}`);
    throwsAt(() => api.monteCarlo({ preset: 'ionic-missouri' }, v), TypeError, 'options', `options as ${what}`);
    throwsAt(() => api.compare(v), TypeError, 'scenario', `scenario as ${what}`);
  }
  // A forgotten await names the Promise.
  assert.throws(() => api.compare({ preset: 'ionic-missouri', overrides: Promise.resolve({}) }), /Promise/);
  // Plain objects without a prototype, and Proxies of plain objects, are read.
  const bare = Object.assign(Object.create(null), { preset: 'ionic-missouri' });
  assert.deepEqual(api.compare(bare), reference);
  assert.deepEqual(api.compare(new Proxy({ preset: 'ionic-missouri' }, {})), reference);
  stillWorks();
});

test('lone surrogates are refused, not merged', () => {
  throwsAt(() => api.compare({ preset: 'ionic-missouri\uD800' }), TypeError, 'preset', 'preset');
  assert.throws(
    () => api.compare({ preset: 'ionic-missouri', overrides: { '\uD800': 1, '\uDBFF': 2 } }),
    (e) => e instanceof TypeError && e.message.includes('lone surrogate'),
  );
  stillWorks();
});

test('input is bounded by size before it is read', () => {
  // A 5e6-element typed array: refused as not plain, at once.
  throwsAt(() => api.compare({ preset: 'ionic-missouri', overrides: new Float64Array(5e6) }), TypeError, 'overrides', 'typed array');
  // A huge string: refused by its length, before it is copied.
  throwsAt(() => api.compare({ preset: 'x'.repeat(5e6) }), RangeError, 'preset', 'huge string');
  // A 10 KB string referenced 100,000 times: refused when the text read passes the bound.
  const s10k = 'y'.repeat(10_000);
  assert.throws(
    () => api.compare({ preset: 'ionic-missouri', inventory: { processes: Array(100_000).fill({ id: s10k, outputs: [] }) } }),
    (e) => e instanceof RangeError && e.field.startsWith('inventory.processes['),
  );
  // A long array is refused by its length, before its elements are read.
  throwsAt(() => api.compare({ preset: 'ionic-missouri', inventory: { processes: new Array(2 ** 31) } }), RangeError, 'inventory.processes', 'sparse array');
  stillWorks();
});

test('MonteCarloRun errors name the argument at fault', () => {
  throwsAt(() => new api.MonteCarloRun({ preset: 'ionic-missouri' }, -1), RangeError, 'seed', 'negative seed');
  throwsAt(() => new api.MonteCarloRun({ preset: 'ionic-missouri' }, 0.5), RangeError, 'seed', 'fractional seed');
  throwsAt(() => new api.MonteCarloRun({ preset: 'ionic-missouri' }, 'one'), TypeError, 'seed', 'seed as text');
  const run = new api.MonteCarloRun({ preset: 'ionic-missouri' });
  throwsAt(() => run.step(-1), RangeError, 'n', 'negative n');
  throwsAt(() => run.step(1e9), RangeError, 'n', 'huge n');
  throwsAt(() => run.samplesSince(-1), RangeError, 'offset', 'negative offset');
  throwsAt(() => run.summary(), RangeError, 'iterations', 'summary before a step');
  run.free();
  // Error messages print numbers briefly.
  assert.throws(() => api.compare({ preset: 'ionic-missouri', overrides: { gridSrmw: -1e-300 } }), /got -1e-300$/);
  assert.throws(() => api.compare({ preset: 'ionic-missouri', overrides: { gridSrmw: Infinity } }), /got Infinity$/);
});
