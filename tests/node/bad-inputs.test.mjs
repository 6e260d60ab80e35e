// Hostile input through the JS API (the built package in pkg/, instantiated with initSync from
// the .wasm bytes): a table of bad arguments to compare, resultsCsv, exportMatrices, inUse,
// encodeShare, decodeShare, monteCarlo and sensitivity. Each must throw the right error class (RangeError for a bad
// value, TypeError for a bad shape, Error for a system that cannot be solved) with the field
// in its `field` property and at the start of its message; valid calls before and after every
// error give the same finite numbers, so the module keeps working.
// Run: node --test tests/node/   (after `bash scripts/build-wasm.sh`)
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const WASM = new URL('../../pkg/reo_lca_bg.wasm', import.meta.url);
const GLUE = new URL('../../pkg/reo_lca.js', import.meta.url);

let api;
let reference;

const P = 'ionic-missouri';
const sc = (extra = {}) => ({ preset: P, ...extra });
const set = (overrides) => sc({ overrides });
const dy = { flow: 'Dy2O3', amount: 1 };
const proc = (extra = {}) => ({ id: 'p', outputs: [dy], ...extra });
const inv = (processes) => sc({ inventory: { processes } });
const singular = [
  { id: 'a', outputs: [dy], inputs: [{ flow: 'loop', amount: 1 }] },
  { id: 'b', outputs: [{ flow: 'loop', amount: 1 }], inputs: [{ flow: 'Dy2O3', amount: 1 }] },
];
const nearSingular = [singular[0], { ...singular[1], inputs: [{ flow: 'Dy2O3', amount: 0.9999999999 }] }];

function nested(depth) {
  let v = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

const cyclic = sc();
cyclic.overrides = cyclic;

const OTHER = Error; // neither RangeError nor TypeError

// [name, function, arguments, class, field]
const CASES = [
  // The scenario argument: wrong types and shapes.
  ['compare(undefined)', 'compare', [undefined], TypeError, 'scenario'],
  ['compare(null)', 'compare', [null], TypeError, 'scenario'],
  ['compare(42)', 'compare', [42], TypeError, 'scenario'],
  ['compare(string)', 'compare', [P], TypeError, 'scenario'],
  ['missing preset', 'compare', [{}], TypeError, 'preset'],
  ['preset as number', 'compare', [{ preset: 42 }], TypeError, 'preset'],
  ['preset as symbol', 'compare', [{ preset: Symbol('p') }], TypeError, 'preset'],
  ['unknown field', 'compare', [sc({ colour: 'green' })], TypeError, 'colour'],
  ['__proto__ key from JSON', 'compare', [JSON.parse('{"preset":"ionic-missouri","__proto__":{"x":1}}')], TypeError, '__proto__'],
  ['overrides as array', 'compare', [sc({ overrides: [['gridSrmw', 0.3]] })], TypeError, 'overrides'],
  ['overrides as Map', 'compare', [sc({ overrides: new Map([['gridSrmw', 0.3]]) })], TypeError, 'overrides'],
  ['overrides as function', 'compare', [sc({ overrides: () => ({}) })], TypeError, 'overrides'],
  ['override as string', 'compare', [set({ gridSrmw: '0.3' })], TypeError, 'overrides.gridSrmw'],
  ['override as null', 'compare', [set({ gridSrmw: null })], TypeError, 'overrides.gridSrmw'],
  ['override as boolean', 'compare', [set({ gridSrmw: true })], TypeError, 'overrides.gridSrmw'],
  ['claim as BigInt', 'compare', [sc({ claimPercent: 10n })], TypeError, 'claimPercent'],
  ['oxide as Date', 'compare', [sc({ oxide: new Date(0) })], TypeError, 'oxide'],
  // The reader stops at 32 levels and names the path down to there.
  // Field paths are cut after 200 bytes (21 segments of 'overrides.') and end with '…'.
  ['cyclic object', 'compare', [cyclic], TypeError, `${Array(21).fill('overrides').join('.')}…`],
  ['deeply nested value', 'compare', [set({ gridSrmw: nested(10_000) })], TypeError, 'overrides.gridSrmw' + '[0]'.repeat(30)],
  // NaN, infinities and out-of-range numbers.
  ['override NaN', 'compare', [set({ gridSrmw: NaN })], RangeError, 'overrides.gridSrmw'],
  ['override +Infinity', 'compare', [set({ gridSrmw: Infinity })], RangeError, 'overrides.gridSrmw'],
  ['override -Infinity', 'compare', [set({ efOxalicAcid: -Infinity })], RangeError, 'overrides.efOxalicAcid'],
  ['claim NaN', 'compare', [sc({ claimPercent: NaN })], RangeError, 'claimPercent'],
  ['claim above 100', 'compare', [sc({ claimPercent: 150 })], RangeError, 'claimPercent'],
  ['negative grid', 'compare', [set({ gridSrmw: -1 })], RangeError, 'overrides.gridSrmw'],
  ['huge grid', 'compare', [set({ gridSrmw: Number.MAX_VALUE })], RangeError, 'overrides.gridSrmw'],
  ['zero acid excess', 'compare', [set({ acidExcess: 0 })], RangeError, 'overrides.acidExcess'],
  ['purity above 1', 'compare', [set({ iacPurity: 1.5 })], RangeError, 'overrides.iacPurity'],
  ['recovery above 1', 'compare', [set({ smcoRecovery: 1.01 })], RangeError, 'overrides.smcoRecovery'],
  ['yield above REO content', 'compare', [set({ recoveryYield: 0.5 })], RangeError, 'overrides.recoveryYield'],
  ['feed above 1.25 kg/kg', 'compare', [set({ feedFe: 1 })], RangeError, 'overrides.feedFe'],
  // Unknown, unavailable and oversized ids.
  ['unknown preset', 'compare', [{ preset: 'no-such-preset' }], RangeError, 'preset'],
  ['oversized preset', 'compare', [{ preset: 'x'.repeat(1_000_000) }], RangeError, 'preset'],
  ['unknown parameter', 'compare', [set({ gridIntensity: 0.3 })], RangeError, 'overrides.gridIntensity'],
  ['oversized parameter name', 'compare', [set({ ['k'.repeat(100_000)]: 1 })], RangeError, 'overrides'],
  ['too many overrides', 'compare', [set(Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`p${i}`, 1])))], RangeError, 'overrides'],
  ['unknown oxide', 'compare', [sc({ oxide: 'Ho2O3' })], RangeError, 'oxide'],
  ['oxide the route lacks', 'compare', [sc({ oxide: 'Tb4O7' })], OTHER, 'oxide'],
  ['unmodelled baseline', 'compare', [sc({ baseline: 'mountain-pass' })], OTHER, 'baseline'],
  ['recycled route as baseline', 'compare', [sc({ baseline: 'ionic-hydromet' })], RangeError, 'baseline'],
  ['unknown site', 'compare', [sc({ site: 'mars' })], RangeError, 'site'],
  ['allocation in capitals', 'compare', [sc({ allocation: 'MASS' })], RangeError, 'allocation'],
  ['unknown recycling rule', 'compare', [sc({ recyclingRule: '50:50' })], RangeError, 'recyclingRule'],
  ['unknown GWP set', 'compare', [sc({ gwp: 'AR4' })], RangeError, 'gwp'],
  ['unknown price set', 'compare', [sc({ priceSet: '2031' })], RangeError, 'priceSet'],
  // Custom inventories.
  ['inventory as string', 'compare', [sc({ inventory: 'plant.json' })], TypeError, 'inventory'],
  ['empty system', 'compare', [inv([])], TypeError, 'inventory.processes'],
  ['processes as typed array', 'compare', [sc({ inventory: { processes: new Float64Array(3) } })], TypeError, 'inventory.processes'],
  ['process missing outputs', 'compare', [inv([{ id: 'p' }])], TypeError, 'inventory.processes[0].outputs'],
  ['amount as string', 'compare', [inv([proc({ inputs: [{ flow: 'hcl_100', amount: '1' }] })])], TypeError, 'inventory.processes[0].inputs[0].amount'],
  ['amount NaN', 'compare', [inv([proc({ inputs: [{ flow: 'hcl_100', amount: NaN }] })])], RangeError, 'inventory.processes[0].inputs[0].amount'],
  ['amount negative', 'compare', [inv([proc({ inputs: [{ flow: 'hcl_100', amount: -1 }] })])], RangeError, 'inventory.processes[0].inputs[0].amount'],
  ['output zero', 'compare', [inv([{ id: 'p', outputs: [{ flow: 'Dy2O3', amount: 0 }] }])], RangeError, 'inventory.processes[0].outputs[0].amount'],
  ['duplicate process id', 'compare', [inv([proc(), { id: 'p', outputs: [{ flow: 'x', amount: 1 }] }])], RangeError, 'inventory.processes[1].id'],
  ['empty process id', 'compare', [inv([{ id: '', outputs: [dy] }])], TypeError, 'inventory.processes[0].id'],
  ['unknown elementary flow', 'compare', [inv([proc({ emissions: [{ flow: 'unobtainium', amount: 1 }] })])], RangeError, 'inventory.processes[0].emissions[0].flow'],
  ['reserved stage', 'compare', [inv([proc({ stage: 'background' })])], RangeError, 'inventory.processes[0].stage'],
  ['oversized inventory name', 'compare', [sc({ inventory: { name: 'n'.repeat(100_000), processes: [proc()] } })], RangeError, 'inventory.name'],
  ['too many processes', 'compare', [inv(Array.from({ length: 201 }, (_, i) => ({ id: `p${i}`, outputs: [{ flow: `x${i}`, amount: 1 }] })))], RangeError, 'inventory.processes'],
  ['too many exchanges', 'compare', [inv([proc({ inputs: Array(201).fill({ flow: 'hcl_100', amount: 1 }) })])], RangeError, 'inventory.processes[0].inputs'],
  ['input nobody produces', 'compare', [inv([proc({ inputs: [{ flow: 'unobtainium', amount: 1 }] })])], OTHER, 'inventory'],
  ['singular inventory', 'compare', [inv(singular)], OTHER, 'technosphere[Dy2O3, loop]'],
  ['near-singular inventory', 'compare', [inv(nearSingular)], OTHER, 'technosphere[Dy2O3, loop]'],
  // The other functions.
  ['resultsCsv with NaN', 'resultsCsv', [set({ gridSrmw: NaN })], RangeError, 'overrides.gridSrmw'],
  ['inUse with unknown preset', 'inUse', [{ preset: 'nope' }], RangeError, 'preset'],
  ['exportMatrices unknown side', 'exportMatrices', [sc(), 'both'], RangeError, 'route'],
  ['exportMatrices side as number', 'exportMatrices', [sc(), 1], TypeError, 'route'],
  ['exportMatrices bad scenario', 'exportMatrices', [{ preset: 7 }, 'mined'], TypeError, 'preset'],
  ['exportDatapackage unknown side', 'exportDatapackage', [sc(), 'both'], RangeError, 'route'],
  ['exportDatapackage side as number', 'exportDatapackage', [sc(), 1], TypeError, 'route'],
  ['exportDatapackage bad scenario', 'exportDatapackage', [{ preset: 7 }, 'mined'], TypeError, 'preset'],
  ['encodeShare bad scenario', 'encodeShare', [{ preset: 'x', overrides: { a: 'b' } }], TypeError, 'overrides.a'],
  // Monte Carlo and sensitivity: huge and malformed iteration counts and seeds.
  ['monteCarlo huge iteration count', 'monteCarlo', [sc(), { iterations: 1e9 }], RangeError, 'options.iterations'],
  ['monteCarlo infinite iterations', 'monteCarlo', [sc(), { iterations: Infinity }], RangeError, 'options.iterations'],
  ['monteCarlo zero iterations', 'monteCarlo', [sc(), { iterations: 0 }], RangeError, 'options.iterations'],
  ['monteCarlo fractional iterations', 'monteCarlo', [sc(), { iterations: 1.5 }], RangeError, 'options.iterations'],
  ['monteCarlo NaN iterations', 'monteCarlo', [sc(), { iterations: NaN }], RangeError, 'options.iterations'],
  ['monteCarlo iterations as string', 'monteCarlo', [sc(), { iterations: '100' }], TypeError, 'options.iterations'],
  ['monteCarlo negative seed', 'monteCarlo', [sc(), { seed: -1 }], RangeError, 'options.seed'],
  ['monteCarlo seed above 2^53', 'monteCarlo', [sc(), { seed: 2 ** 60 }], RangeError, 'options.seed'],
  ['monteCarlo unknown option', 'monteCarlo', [sc(), { bogus: 1 }], TypeError, 'options.bogus'],
  ['monteCarlo options as number', 'monteCarlo', [sc(), 5], TypeError, 'options'],
  ['monteCarlo bad scenario', 'monteCarlo', [set({ gridSrmw: -Infinity }), { iterations: 10 }], RangeError, 'overrides.gridSrmw'],
  ['sensitivity unknown preset', 'sensitivity', [{ preset: 'nope' }], RangeError, 'preset'],
  // Malformed share links.
  ['decodeShare(42)', 'decodeShare', [42], TypeError, 'share'],
  ['decodeShare(undefined)', 'decodeShare', [undefined], TypeError, 'share'],
  ['share garbage', 'decodeShare', ['garbage'], TypeError, 'share'],
  ['share with markup', 'decodeShare', ['<img src=x onerror=alert(1)>'], TypeError, 'share.<img src'],
  ['share unknown format', 'decodeShare', ['v=2~p=ionic-missouri'], TypeError, 'share.v'],
  ['share without preset', 'decodeShare', ['v=1'], TypeError, 'share.p'],
  ['share value not a number', 'decodeShare', ['v=1~p=ionic-missouri~gridSrmw=abc'], TypeError, 'share.gridSrmw'],
  ['share value NaN', 'decodeShare', ['v=1~p=ionic-missouri~gridSrmw=NaN'], RangeError, 'share.gridSrmw'],
  ['share key twice', 'decodeShare', ['v=1~p=ionic-missouri~gridSrmw=1~gridSrmw=2'], RangeError, 'share.gridSrmw'],
  ['share bad escape', 'decodeShare', ['v=1~p=ionic-missouri~o=%G1'], TypeError, 'share.o'],
  ['share signed escape', 'decodeShare', ['v=1~p=%+1'], TypeError, 'share.p'],
  ['share truncated escape', 'decodeShare', ['#s=v=1~p=%4'], TypeError, 'share.p'],
  ['share not UTF-8', 'decodeShare', ['v=1~p=%FF'], TypeError, 'share.p'],
  ['share too long', 'decodeShare', ['~'.repeat(8193)], RangeError, 'share'], // MAX_SHARE_LEN + 1
  ['sparse array of 2^32-1 holes', 'compare', [sc({ inventory: { processes: new Array(2 ** 32 - 1) } })], RangeError, 'inventory.processes'],
  ['array as a scenario', 'compare', [[P]], TypeError, 'scenario'],
];


function classOf(e) {
  if (e instanceof RangeError) return RangeError;
  if (e instanceof TypeError) return TypeError;
  return Error;
}

function assertFiniteComparison(c) {
  for (const side of [c.mined, c.recycled]) {
    for (const x of [side.total, side.fossil, side.biogenic, side.condition]) {
      assert.ok(Number.isFinite(x), `${side.route}: ${x}`);
    }
    for (const s of side.byStage) assert.ok(Number.isFinite(s.impact), `${side.route} ${s.stage}`);
    for (const f of side.byFlow) assert.ok(Number.isFinite(f.amount) && Number.isFinite(f.impact));
    for (const x of side.contributions) assert.ok(Number.isFinite(x.amount) && Number.isFinite(x.impact));
  }
  if (c.reductionPercent !== null) assert.ok(Number.isFinite(c.reductionPercent));
  for (const b of c.claim.breakEvens) assert.ok(b.value === null || Number.isFinite(b.value));
}

/** A valid call after an error gives the reference answer. */
function stillWorks(after) {
  const c = api.compare(sc());
  assertFiniteComparison(c);
  assert.equal(c.recycled.total, reference.recycled.total, `recycled total changed after ${after}`);
  assert.equal(c.mined.total, reference.mined.total, `mined total changed after ${after}`);
}

function expectError(fn, args, cls, field) {
  let thrown;
  try {
    api[fn](...args);
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, `${fn} accepted the input`);
  assert.ok(thrown instanceof Error, `threw a non-Error: ${thrown}`);
  assert.equal(classOf(thrown), cls, `${thrown.constructor.name}: ${thrown.message}`);
  assert.equal(thrown.field, field, `field of: ${thrown.message}`);
  const head = field.startsWith('technosphere') ? 'technosphere' : field;
  assert.ok(thrown.message.startsWith(head), `message does not name ${head}: ${thrown.message}`);
  assert.ok(thrown.message.length < 2000, `message of ${thrown.message.length} characters`);
  assert.ok(!/panicked|unreachable|RuntimeError/.test(thrown.message), thrown.message);
}

before(() => {
  assert.ok(existsSync(WASM), 'pkg/ is missing: run `bash scripts/build-wasm.sh` first');
});

describe('bad inputs through the JS API', () => {
  before(async () => {
    api = await import(GLUE);
    api.initSync({ module: readFileSync(WASM) });
    reference = api.compare(sc());
    assertFiniteComparison(reference);
  });

  test(`the table has at least 40 cases (${CASES.length})`, () => {
    assert.ok(CASES.length >= 40);
    assert.equal(new Set(CASES.map((c) => c[0])).size, CASES.length, 'case names are unique');
  });

  for (const [name, fn, args, cls, field] of CASES) {
    test(`${name}: ${cls.name} at ${field}`, () => {
      expectError(fn, args, cls, field);
      stillWorks(name);
    });
  }


  test('a throwing getter or proxy trap is a TypeError naming the field and quoting the cause', () => {
    const boom = new SyntaxError('boom');
    const getter = {
      preset: P,
      get oxide() {
        throw boom;
      },
    };
    assert.throws(
      () => api.compare(getter),
      (e) => e instanceof TypeError && e.field === 'oxide' && e.message.includes('boom'),
    );
    stillWorks('a throwing getter');
    const trap = new Proxy({}, { ownKeys() { throw boom; } });
    assert.throws(
      () => api.compare(trap),
      (e) => e instanceof TypeError && e.field === 'scenario' && e.message.includes('boom'),
    );
    stillWorks('a throwing proxy trap');
  });

  test('a poorly conditioned inventory is accepted with a warning and finite numbers', () => {
    const warn = [
      { ...singular[0], emissions: [{ flow: 'co2_fossil', amount: 1e-6 }] },
      { ...singular[1], inputs: [{ flow: 'Dy2O3', amount: 0.9999999 }] },
    ];
    const c = api.compare(inv(warn));
    assertFiniteComparison(c);
    assert.ok(Math.abs(c.recycled.total - 10) < 1e-3, String(c.recycled.total));
    assert.ok(c.warnings.some((w) => w.includes('poorly conditioned')), c.warnings.join('\n'));
  });

  test('valid calls of every function give finite numbers after all the errors', () => {
    stillWorks('the whole table');
    const m = api.exportMatrices(sc(), 'recycled');
    for (const key of ['scaling', 'inventory', 'demand']) {
      assert.ok(m[key].every(Number.isFinite), key);
    }
    assert.ok(m.characterisation.factors.every(Number.isFinite));
    assert.ok(m.technosphere.entries.every((e) => Number.isFinite(e.value)));
    assert.ok(api.exportDatapackage(sc(), 'recycled') instanceof Uint8Array);
    const csv = api.resultsCsv(sc());
    assert.ok(!/NaN|Infinity/.test(csv));
    const link = api.encodeShare(set({ gridSrmw: 0.45 }));
    assert.deepEqual(api.decodeShare(link).scenario.overrides, { gridSrmw: 0.45 });
    assert.ok(api.inUse(sc()).parameters.length > 0);
  });
});
