// The package's declared TypeScript types (pkg/reo_lca.d.ts) against what its functions really
// return and accept. Generic: the .d.ts is read with the TypeScript compiler API (TypeChecker),
// so the test keeps working when the declarations are generated instead of hand-written.
//
// How:
//   1. A ts.Program over pkg/reo_lca.d.ts (strict, lib ES2022 + DOM): the module's exports, the
//      declared signatures of each function, class constructor, method and getter.
//   2. The package itself (pkg/reo_lca.js, initSync with the .wasm bytes) is called as the table
//      CALLS below says: every per-scenario row once for each preset of presets() and for the
//      scenarios of EXTRA_SCENARIOS.
//   3. Each returned value is walked against the declared return type (tests/node/typewalk.mjs):
//        - objects: every own runtime property must be declared (or fit an index signature,
//          e.g. Record<string, number>), every required declared property must be present
//          (`?` properties may be absent); they must be plain objects (not Maps);
//        - null/undefined only where the declared type has them; number/string/boolean;
//          literal types and unions of them must contain the runtime value;
//        - arrays and tuples element by element; Float64Array, Uint32Array, ... (and other
//          standard-library classes) by `instanceof`; classes of the package by `instanceof`;
//        - unions: some member must match; else, in a discriminated union, the discriminant
//          (`kind`) is reported, or the mismatches of the closest member are given;
//        - `any` and `unknown` are mismatches ("declared as any"): nothing returns untyped;
//        - class getters (MonteCarloRun.seed) are read and walked like return values;
//        - declared Promise<T> returns are awaited and walked against T.
//   4. Arguments: each call of the table is also written as a TypeScript statement and
//      type-checked against the declarations. A call the runtime accepts must type-check
//      (e.g. `new MonteCarloRun(scenario)` works, so the declared `seed` must be optional);
//      a row that throws is a mismatch too. The PROBES below are arguments meant to probe
//      the boundary: TypeScript and the runtime must agree on accepting them ("declared as
//      allowed but rejected at runtime" / "accepted at runtime but the declared types reject
//      it"). `vary(...)` probes vary every object of their arguments key by key (each declared
//      property set to null, each present property left out); where a type's doc comment says
//      that `null` means the default (Scenario: "`null` or `undefined` means ..."), null must
//      be accepted for each of its optional properties.
//   5. Shape: every value export and every class member of the runtime must be declared, and
//      the other way round; the .d.ts itself must type-check.
// ALLOWED lists the few known deviations outside the project's control (wasm-bindgen's own);
// they are printed as diagnostics. All other mismatches are collected and reported at once, grouped (array indices shown as [], the
// scenarios each occurs in). A second test fails when the .d.ts declares a function, class,
// constructor, method or getter that no row of the table calls, so nothing stays unchecked.
//
// To cover a new export, add one row to CALLS:
//   call('claimMap', (s) => [s])                       a function of a scenario (every scenario)
//   call('priceSets')                                  a function without arguments (once)
//   call('Calculator.fromShare', (s, api) => [...])    a static method
//   make('Calculator', [(s) => [s]], 'comparison', ['matrices', 'mined'], 'free')
//                                                      a class: constructor argument lists, then
//                                                      members in call order ('name' = getter
//                                                      or method without arguments)
// Rows for exports that neither the .d.ts nor the runtime has yet are skipped (and listed as a
// test diagnostic), so rows can be added ahead of the Rust side.
// Run: node --test tests/node/   (after `bash scripts/build-wasm.sh`)
// REO_LCA_DTS=/path/to/reo_lca.d.ts checks that declaration file instead of pkg/reo_lca.d.ts.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { declarations, describe, member, tsLiteral } from './typewalk.mjs';

// REO_LCA_DTS=<file> checks another declaration file against the same runtime (e.g. an older one).
const DTS = process.env.REO_LCA_DTS ?? fileURLToPath(new URL('../../pkg/reo_lca.d.ts', import.meta.url));
const WASM = new URL('../../pkg/reo_lca_bg.wasm', import.meta.url);
const GLUE = new URL('../../pkg/reo_lca.js', import.meta.url);

// ---- The table ------------------------------------------------------------------------------

const P = 'ionic-missouri';

/** A scenario with a custom inventory replacing the recycled route. */
const CUSTOM = {
  preset: P,
  inventory: {
    name: 'Example plant',
    processes: [
      {
        id: 'plant',
        stage: 'processing',
        outputs: [{ flow: 'Dy2O3', amount: 1 }],
        inputs: [
          { flow: 'electricity_site', amount: 40 },
          { flow: 'hcl_100', amount: 2.5 },
        ],
        emissions: [{ flow: 'co2_fossil', amount: 1.2 }],
      },
    ],
  },
};

/** Scenarios besides `{ preset: id }` for every preset of presets(): [label, scenario]. */
const EXTRA_SCENARIOS = [
  ['custom inventory', CUSTOM],
  [`${P} + substitution`, { preset: P, recyclingRule: 'substitution' }],
  [`${P} + economic`, { preset: P, allocation: 'economic' }],
  [`${P} + overrides`, { preset: P, overrides: { gridSrmw: 0.3 } }],
  ['custom inventory + substitution + economic', { ...CUSTOM, recyclingRule: 'substitution', allocation: 'economic' }],
];

/** The loaded .wasm bytes (for the initSync row). */
const WASM_BYTES = readFileSync(WASM);

// Every call whose result is checked. `s` is the scenario, `api` the package module.
const CALLS = [
  call('compare', (s) => [s]),
  call('resultsCsv', (s) => [s]),
  call('exportMatrices', (s) => [s, 'mined']),
  call('exportMatrices', (s) => [s, 'recycled']),
  call('exportDatapackage', (s) => [s, 'mined']),
  call('inUse', (s) => [s]),
  call('encodeShare', (s) => [s]),
  call('decodeShare', (s, api) => [api.encodeShare(s)], 'decodeShare(encodeShare(scenario))'),
  call('sensitivity', (s) => [s]),
  call('monteCarlo', (s) => [s, { iterations: 50, seed: 1, globalSensitivity: true }]),
  call('monteCarlo', (s) => [s]),
  call('claimMap', (s) => [s]),
  call('presets'),
  call('parameters'),
  call('routes'),
  call('sites'),
  call('sources'),
  call('priceSets'),
  call('functionalUnits'),
  call('allocationSchemes'),
  call('version'),
  call('initSync', [{ module: WASM_BYTES }]), // already loaded: returns the wasm exports
  call('default', []), // init(): likewise, as a Promise
  make(
    'MonteCarloRun',
    [(s) => [s, 7], (s) => [s]],
    ['step', 300],
    'iterations',
    'seed',
    'samples',
    ['samplesSince', 100],
    ['samplesSince', 10000],
    'summary',
    'globalSensitivity',
    'free',
    '[Symbol.dispose]',
  ),
  make(
    'Calculator',
    [(s) => [s]],
    'comparison',
    'inUse',
    'shareLink',
    ['matrices', 'mined'],
    ['matrices', 'recycled'],
    ['datapackage', 'mined'],
    'csv',
    'claimMap',
    'free',
    '[Symbol.dispose]',
  ),
];

// Arguments at the boundary of what is accepted: the declared types and the runtime must agree.
const PROBES = [
  vary('compare', [CUSTOM], 'custom inventory'), // Scenario, CustomInventory, CustomProcess, CustomExchange
  vary('monteCarlo', [{ preset: P }, { iterations: 20, seed: 3, globalSensitivity: false, commonRandomNumbers: true }]),
  probe('compare', [{ preset: P, overrides: null }]),
  probe('compare', [{ preset: P, overrides: {} }]),
  probe('compare', [{ preset: P, colour: 'green' }]), // unknown key
  probe('compare', [{ preset: P, allocation: 'volume' }]), // not an Allocation
  probe('exportMatrices', [{ preset: P }, 'both']), // not a Side
  probe('exportDatapackage', [{ preset: P }, 'both']), // not a Side
  probe('monteCarlo', [{ preset: P }, undefined]),
  probe('new MonteCarloRun', [{ preset: P }, undefined]),
];

// Known deviations that the project cannot fix, shown as a test diagnostic instead of failing.
// Keep this short; each entry says why.
const ALLOWED = [
  {
    match: /^(\(await default\(\)\)|initSync\(.*?\))\.(__abort_handler|__instance_terminated): property present at runtime but not declared in InitOutput$/,
    why: "wasm-bindgen 0.2.130 exports these two runtime globals of its own without listing them in the InitOutput it generates (the raw wasm exports, not the package's API)",
  },
];

/** Exported function `name` (or `Class.staticMethod`); `args` is an argument list or (scenario, api) => list. */
function call(name, args = [], label) {
  return { kind: 'call', name, args, label };
}
/** Class `name`: an instance per constructor argument list (and scenario), its members called in order. */
function make(name, constructors, ...members) {
  return { kind: 'class', name, constructors, members: members.map((m) => (Array.isArray(m) ? m : [m])) };
}
/** Arguments to type-check and run; both must accept them or both reject them. */
function probe(name, args, label) {
  return { kind: 'probe', name, args, label };
}
/** Probes varied from `args`: each declared property of each object set to null, each present one left out. */
function vary(name, args, label) {
  return { kind: 'vary', name, args, label };
}

// Members that destroy the instance: each is called on a fresh one.
const DESTROYERS = new Set(['free', '[Symbol.dispose]']);
// A doc comment saying that null stands for the default, e.g. "`null` or `undefined` means ...".
const NULL_MEANS = /[^.;]*`?\bnull\b`?[^.;]*\b(means|stands for|defaults?)\b[^.;]*/i;

// ---- The run --------------------------------------------------------------------------------

let decl; // the declarations (typewalk.mjs)
let api; // the package module
const mismatches = []; // { group, where, path, msg }
const covered = new Set(); // declared names the table called: 'compare', 'MonteCarloRun', 'MonteCarloRun.seed'
const skipped = []; // rows for exports that do not exist yet
let scenarioCount = 0;
let calls = 0; // runtime calls made by the CALLS rows
let probes = 0; // argument lists tried by the PROBES rows

const SENTINEL = Object.freeze({ '⟨scenario⟩': true });

/** A short argument list for labels; the scenario placeholder prints as `scenario`. */
function formatArgs(args) {
  return args
    .map((a) => {
      if (a === SENTINEL) return 'scenario';
      if (a === WASM_BYTES) return '<wasm bytes>';
      if (a && typeof a === 'object' && a.module === WASM_BYTES) return '{ module: <wasm bytes> }';
      const text = tsLiteral(a).replace(/"([A-Za-z_$][\w$]*)":/g, '$1:');
      return text.length > 70 ? text.slice(0, 69) + '…' : text;
    })
    .join(', ');
}

/** The label of a row's call with its arguments written generically. */
function template(name, args, label) {
  if (label) return label;
  if (typeof args !== 'function') return `${name}(${formatArgs(args)})`;
  try {
    return `${name}(${formatArgs(args(SENTINEL, api))})`;
  } catch {
    return `${name}(…)`;
  }
}

const report = (where, path, msg) => mismatches.push({ where, path, msg });
const errorText = (e) => `${e?.name ?? 'Error'}: ${e?.message ?? String(e)}`;

/** The scenarios per-scenario rows are called with: [label, scenario]. */
function scenarios() {
  return [...api.presets().map((p) => [p.id, { preset: p.id }]), ...EXTRA_SCENARIOS];
}

/** `[Symbol.dispose]` -> Symbol.dispose; other names as they are. */
function runtimeKey(name) {
  const m = /^\[Symbol\.(\w+)\]$/.exec(name);
  return m ? Symbol[m[1]] : name;
}
/** A runtime property key as the .d.ts writes it: Symbol.dispose -> `[Symbol.dispose]`. */
function keyName(key) {
  if (typeof key !== 'symbol') return key;
  const wellKnown = Object.getOwnPropertyNames(Symbol).find((n) => Symbol[n] === key);
  return wellKnown ? `[Symbol.${wellKnown}]` : `[${String(key)}]`;
}
const access = (name) => (name.startsWith('[') ? name : `.${name}`);

/**
 * An export of the package by table name: a function, `Class.static` or `new Class`. Returns
 * { declared, runtime, signatures, coverage, statement(args), isNew } or undefined when neither
 * the declarations nor the runtime have it.
 */
function resolve(name) {
  const isNew = name.startsWith('new ');
  const [head, tail] = (isNew ? name.slice(4) : name).split('.');
  const exp = decl.exports.get(head);
  let runtime = api[head];
  let declaredType;
  let signatures = [];
  if (isNew) {
    if (exp) signatures = decl.constructSignatures(exp);
  } else if (tail) {
    runtime = runtime?.[tail];
    const s = exp && decl.staticMembers(exp).find((m) => m.name === tail);
    declaredType = s?.type;
  } else if (exp) {
    declaredType = decl.typeOfExport(exp);
  }
  if (declaredType) signatures = decl.callSignatures(declaredType);
  const declared = isNew ? exp !== undefined : tail ? declaredType !== undefined : exp !== undefined;
  if (!declared && runtime === undefined) return undefined;
  const expr = `lca.${head}${tail ? access(tail) : ''}`;
  return {
    declared,
    runtime,
    signatures,
    isNew,
    coverage: tail ? `${head}.${tail}` : head,
    statement: (args) => `${isNew ? 'new ' : ''}${expr}(${args.map(tsLiteral).join(', ')});`,
  };
}

// Statements type-checked after the run, each with what to do with its diagnostics.
const statements = [];

/**
 * Calls `fn` (with `new` if isNew) and walks the result against the declared return type of
 * the signature the arguments select; queues the type check of the arguments.
 * Returns { ok, value }.
 */
async function invoke({ where, label, fn, thisArg, isNew, args, signatures, statement }) {
  if (typeof fn !== 'function') {
    report(where, label, `declared as callable, but the runtime value is ${describe(fn)}`);
    return { ok: false };
  }
  let value;
  let error;
  calls++;
  try {
    value = isNew ? new fn(...args) : fn.apply(thisArg, args);
  } catch (e) {
    error = e;
  }
  const { signature, missing } = decl.pickSignature(signatures, args.length);
  if (!signature) report(where, label, 'not declared as callable');
  if (!error && missing.length) {
    const names = missing.map((n) => `\`${n}\``).join(', ');
    report(where, label, `parameter ${names} is declared required, but the runtime accepts the call without it`);
  }
  if (statement) {
    statements.push({
      text: statement,
      done(diags) {
        // Arity errors are reported above, by parameter name.
        const other = missing.length ? diags.filter((d) => d.code !== 2554 && d.code !== 2555) : diags;
        const ts = other.map((d) => d.text).join(' / ');
        if (!error && other.length) report(where, label, `accepted at runtime, but the declared parameter types reject these arguments (${ts})`);
        if (error) report(where, label, `threw at runtime (${errorText(error)})${other.length ? `; the declared types reject these arguments too (${ts})` : '; the declared types allow these arguments'}`);
      },
    });
  } else if (error) {
    report(where, label, `threw at runtime (${errorText(error)})`);
  }
  if (error || !signature) return { ok: false };
  // A constructor's return type is the instance type (walked as `instanceof` the class).
  let declared = decl.returnType(signature);
  let path = label;
  const inner = decl.promised(declared);
  if (inner) {
    if (typeof value?.then !== 'function') {
      report(where, label, `declared as ${decl.show(declared)}, got ${describe(value)}`);
      return { ok: false };
    }
    value = await value;
    declared = inner;
    path = `(await ${label})`;
  }
  for (const m of decl.check(value, declared, path)) report(where, m.path, m.msg);
  return { ok: true, value };
}

/** Runs a `call` row for each of its argument lists. */
async function runCall(row) {
  const r = resolve(row.name);
  if (!r) return skipped.push(row.name);
  if (r.declared) covered.add(r.coverage);
  const tpl = template(row.name, row.args, row.label);
  const runs = typeof row.args === 'function' ? scenarios() : [['', null]];
  for (const [where, scenario] of runs) {
    let args;
    try {
      args = typeof row.args === 'function' ? row.args(scenario, api) : row.args;
    } catch (e) {
      report(where, tpl, `the arguments could not be made (${errorText(e)})`);
      continue;
    }
    await invoke({ where, label: tpl, fn: r.runtime, args, signatures: r.signatures, statement: r.declared ? r.statement(args) : undefined });
  }
}

/** Runs a `make` row: instances, then their members in order. */
async function runClass(row) {
  const exp = decl.exports.get(row.name);
  const cls = api[row.name];
  if (!exp && cls === undefined) return skipped.push(row.name);
  if (!exp || !decl.isClass(exp) || typeof cls !== 'function') return; // reported by the shape check
  covered.add(row.name);
  const members = decl.instanceMembers(exp);
  const ctor = resolve(`new ${row.name}`);
  for (const ctorArgs of row.constructors) {
    const tpl = template(`new ${row.name}`, ctorArgs);
    const runs = typeof ctorArgs === 'function' ? scenarios() : [['', null]];
    for (const [where, scenario] of runs) {
      const args = typeof ctorArgs === 'function' ? ctorArgs(scenario, api) : ctorArgs;
      const made = await invoke({ where, label: tpl, fn: cls, isNew: true, args, signatures: ctor.signatures, statement: ctor.statement(args) });
      if (!made.ok) continue;
      const instance = made.value;
      for (const [name, ...margs] of row.members) {
        const d = members.get(name);
        const key = runtimeKey(name);
        if (!d) {
          if (!(key in instance)) report(where, `${row.name}${access(name)}`, 'called by the table, but neither declared nor present at runtime');
          continue; // an undeclared runtime member is reported by the shape check
        }
        covered.add(`${row.name}.${name}`);
        const target = DESTROYERS.has(name) ? new cls(...args) : instance;
        if (d.kind === 'property') {
          const label = `${tpl}${access(name)}`;
          if (margs.length) report(where, label, 'the table passes arguments to a property');
          for (const m of decl.check(target[key], d.type, label)) report(where, m.path, m.msg);
          continue;
        }
        await invoke({
          where,
          label: `${tpl}${access(name)}(${formatArgs(margs)})`,
          fn: target[key],
          thisArg: target,
          args: margs,
          signatures: decl.callSignatures(d.type),
          statement: `$${row.name}${access(name)}(${margs.map(tsLiteral).join(', ')});`,
        });
      }
      try {
        instance.free();
      } catch {
        // already freed by a member call
      }
    }
  }
}

// `Type.property` pairs already varied: each is varied once, at its first occurrence.
const varied = new Set();

/** The argument variations of a `vary` row: [{ label, args, kind, prop, owner, documented }]. */
function variations(row, r) {
  const { signature } = decl.pickSignature(r.signatures, row.args.length);
  if (!signature) return [];
  const params = decl.parameters(signature);
  const nodes = [];
  const collect = (value, type, keys, path) => {
    const t = decl.nonNullable(type);
    if (Array.isArray(value) && decl.checker.isArrayType(t)) {
      const [element] = decl.checker.getTypeArguments(t);
      value.forEach((v, i) => collect(v, element, [...keys, i], `${path}[${i}]`));
    } else if (value && typeof value === 'object' && !Array.isArray(value) && decl.isPlainObjectType(t)) {
      const shape = decl.objectShape(t);
      nodes.push({ value, type: t, keys, path, shape });
      for (const p of shape.props) if (Object.hasOwn(value, p.name)) collect(value[p.name], p.type, [...keys, p.name], member(path, p.name));
    }
  };
  row.args.forEach((a, i) => params[i] && collect(a, params[i].type, [i], params[i].name));
  const out = [];
  const base = row.label ?? formatArgs(row.args);
  for (const node of nodes) {
    const sym = decl.symbolOfType(node.type);
    const owner = sym ? sym.getName() : decl.show(node.type);
    const nullDoc = NULL_MEANS.exec(decl.docOf(sym))?.[0].trim();
    for (const p of node.shape.props) {
      if (varied.has(`${owner}.${p.name}`)) continue;
      varied.add(`${owner}.${p.name}`);
      const path = member(node.path, p.name);
      const edit = (fn) => {
        const args = structuredClone(row.args);
        const parent = node.keys.reduce((v, k) => v[k], args);
        fn(parent);
        return args;
      };
      out.push({
        label: `${row.name}(${base}) with ${path} = null`,
        args: edit((o) => (o[p.name] = null)),
        kind: 'null',
        prop: p,
        owner,
        documented: p.optional && nullDoc ? `${owner}: “${nullDoc}”` : undefined,
      });
      if (Object.hasOwn(node.value, p.name)) {
        out.push({ label: `${row.name}(${base}) without ${path}`, args: edit((o) => delete o[p.name]), kind: 'absent', prop: p, owner });
      }
    }
  }
  return out;
}

/** Runs a `probe` or `vary` row: each argument list is run and type-checked; the two must agree. */
function runProbe(row) {
  const r = resolve(row.name);
  if (!r) return skipped.push(row.name);
  const cases =
    row.kind === 'vary'
      ? variations(row, r)
      : [{ label: row.label ?? `${row.name}(${formatArgs(row.args)})`, args: row.args, kind: 'probe' }];
  for (const c of cases) {
    probes++;
    let error;
    try {
      if (r.isNew) new r.runtime(...c.args).free();
      else r.runtime(...c.args);
    } catch (e) {
      error = e;
    }
    statements.push({
      text: r.statement(c.args),
      done(diags) {
        const tsOk = diags.length === 0;
        const ts = diags.map((d) => d.text).join(' / ');
        if (error && (tsOk || c.documented)) {
          const by = [tsOk && 'declared', c.documented && `documented (${c.documented})`].filter(Boolean).join(' and ');
          const also = c.documented && !tsOk ? `; the declared type \`${decl.show(c.prop.type)}\` does not allow null either` : '';
          report('', c.label, `${by} as allowed but rejected at runtime (${errorText(error)})${also}`);
        } else if (!error && !tsOk) {
          if (c.kind === 'absent' && !c.prop.optional) report('', c.label, `\`${c.prop.name}\` is declared required in ${c.owner}, but the runtime accepts it left out`);
          else if (c.kind === 'null') report('', c.label, `null is accepted at runtime, but the declared type \`${decl.show(c.prop.type)}\` does not allow it`);
          else report('', c.label, `accepted at runtime, but the declared types reject it (${ts})`);
        }
      },
    });
  }
}

/** Runtime exports and class members against the declared ones, both ways. */
function checkShape() {
  for (const line of decl.diagnostics()) report('', 'reo_lca.d.ts', line);
  const declared = [...decl.exports].filter(([, s]) => decl.isValue(s)).map(([n]) => n);
  for (const name of Object.keys(api)) {
    if (!declared.includes(name)) report('', name, 'exported at runtime but not declared');
  }
  for (const name of declared) {
    if (!(name in api)) report('', name, 'declared but not exported at runtime');
  }
  for (const [name, exp] of decl.exports) {
    const cls = api[name];
    if (!decl.isClass(exp) || typeof cls !== 'function') continue;
    const members = decl.instanceMembers(exp);
    const proto = cls.prototype;
    const runtimeMembers = [...Object.getOwnPropertyNames(proto), ...Object.getOwnPropertySymbols(proto)]
      .map(keyName)
      .filter((n) => n !== 'constructor' && !n.startsWith('__')); // __destroy_into_raw: wasm-bindgen's own
    for (const m of runtimeMembers) if (!members.has(m)) report('', `${name}${access(m)}`, 'class member present at runtime but not declared');
    for (const m of members.keys()) if (!(runtimeKey(m) in proto)) report('', `${name}${access(m)}`, 'declared class member missing at runtime');
    const statics = decl.staticMembers(exp).map((s) => s.name);
    const runtimeStatics = Object.getOwnPropertyNames(cls).filter((n) => !['length', 'name', 'prototype'].includes(n) && !n.startsWith('__'));
    for (const s of runtimeStatics) if (!statics.includes(s)) report('', `${name}.${s}`, 'static member present at runtime but not declared');
    for (const s of statics) if (!(s in cls)) report('', `${name}.${s}`, 'declared static member missing at runtime');
  }
}

/** Everything the .d.ts declares that a row must call. */
function declaredCallables() {
  const out = [];
  for (const [name, exp] of decl.exports) {
    if (!decl.isValue(exp)) continue;
    out.push(name);
    if (decl.isClass(exp)) {
      for (const m of decl.instanceMembers(exp).keys()) out.push(`${name}.${m}`);
      for (const s of decl.staticMembers(exp)) out.push(`${name}.${s.name}`);
    }
  }
  return out;
}

/** A path with array indices as [] and record keys as [key], to group mismatches. */
const pattern = (path) => path.replace(/\[\d+\]/g, '[]').replace(/\["[^"]*"\]/g, '[key]');

/** The mismatches as sorted lines: same path pattern and message once, with where they occur. */
function grouped() {
  const groups = new Map();
  for (const m of mismatches) {
    const key = `${pattern(m.path)}: ${m.msg}`;
    const g = groups.get(key) ?? { msg: m.msg, where: new Set(), paths: new Set() };
    if (m.where) g.where.add(m.where);
    g.paths.add(m.path);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => {
      const [first] = g.paths;
      let line = `${g.paths.size === 1 ? first : pattern(first)}: ${g.msg}`;
      const n = g.where.size;
      if (n) line += ` [${n === scenarioCount ? `all ${n} scenarios` : n <= 4 ? [...g.where].join(', ') : `${n} of ${scenarioCount} scenarios`}]`;
      if (g.paths.size > 1) line += ` (${g.paths.size} paths, e.g. ${first})`;
      return line;
    })
    .sort();
}

before(async () => {
  assert.ok(existsSync(DTS) && existsSync(WASM), 'pkg/ is missing or incomplete: run `bash scripts/build-wasm.sh` first');
  decl = declarations(DTS);
  api = await import(GLUE);
  api.initSync({ module: WASM_BYTES });
  decl.setRuntime(api);
  scenarioCount = scenarios().length;
  checkShape();
  for (const row of CALLS) {
    if (row.kind === 'class') await runClass(row);
    else await runCall(row);
  }
  for (const row of PROBES) runProbe(row);
  const diags = decl.typeCheck(statements.map((s) => s.text));
  statements.forEach((s, i) => s.done(diags[i]));
});

test('every function, class and member the .d.ts declares is called by the table', (t) => {
  if (skipped.length) t.diagnostic(`rows skipped (not exported yet): ${[...new Set(skipped)].join(', ')}`);
  const missing = declaredCallables().filter((n) => !covered.has(n));
  assert.deepEqual(missing, [], `declared in pkg/reo_lca.d.ts but not called by the CALLS table of tests/node/types.test.mjs:\n  ${missing.join('\n  ')}`);
});

test('declared types match what the functions return and accept', (t) => {
  t.diagnostic(`${calls} calls and ${probes} probes run; ${statements.length} statements type-checked; ${scenarioCount} scenarios`);
  const all = grouped();
  const allowed = all.filter((l) => ALLOWED.some((a) => a.match.test(l)));
  for (const a of ALLOWED) {
    const hits = allowed.filter((l) => a.match.test(l));
    if (!hits.length) t.diagnostic(`allowance no longer needed: ${a.match}`);
    else t.diagnostic(`allowed (${a.why}):`);
    for (const h of hits) t.diagnostic(`  ${h}`);
  }
  const lines = all.filter((l) => !allowed.includes(l));
  if (lines.length) {
    assert.fail(`${lines.length} mismatches between ${relative(process.cwd(), DTS)} and the runtime:\n  ${lines.join('\n  ')}`);
  }
});
