// Helpers of tests/node/types.test.mjs: the TypeScript compiler API over a declaration file, a
// walker that checks a runtime value against a declared type, and a type check of generated
// call statements. Nothing here knows reo-lca; the test holds the table of calls.
//
//   declarations(dtsFile)          Program + TypeChecker over the .d.ts, its exports, helpers
//   decl.check(value, type, path)  every mismatch of a runtime value with a declared type
//   decl.typeCheck(statements)     TypeScript diagnostics of each statement, one per line, in a
//                                  virtual module that does `import * as lca from '<dts>'`
//   tsLiteral(value)               a runtime argument written as a TypeScript expression
import ts from 'typescript';
import { basename, dirname, join } from 'node:path';

// The compiler options of a strict TypeScript user (as tests/ts/tsconfig.json).
const OPTIONS = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
  types: [],
  skipLibCheck: true,
};

const F = ts.TypeFlags;

/** A short description of a runtime value, for messages. */
export function describe(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  // Numbers without their value, so that the same mismatch at many paths reads the same.
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return typeof value;
  if (typeof value === 'function') return 'function';
  if (typeof value !== 'object') return typeof value;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.length ?? value.byteLength})`;
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return 'object';
  return proto?.constructor?.name ?? 'object';
}

/** `path.name`, or `path["odd name"]` when the name is not an identifier. */
export function member(path, name) {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

/** A runtime argument as a TypeScript expression (one line), for the type check of a call. */
export function tsLiteral(value) {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value); // NaN, Infinity and -1 are expressions too
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
  }
  if (Array.isArray(value)) return `[${value.map(tsLiteral).join(', ')}]`;
  // Bytes and typed arrays: only the class matters to the type (a Node Buffer is a Uint8Array).
  if (ArrayBuffer.isView(value)) {
    const cls = value instanceof Uint8Array ? 'Uint8Array' : value.constructor.name;
    return `new ${cls}(0)`;
  }
  if (value instanceof ArrayBuffer) return 'new ArrayBuffer(0)';
  const proto = Object.getPrototypeOf(value);
  if (typeof value === 'object' && (proto === Object.prototype || proto === null)) {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${tsLiteral(v)}`);
    return `{ ${entries.join(', ')} }`;
  }
  throw new Error(`tsLiteral: cannot write ${describe(value)} as a TypeScript expression`);
}

/** Program and checker over one declaration file (see the header). */
export function declarations(dtsFile) {
  const dir = dirname(dtsFile);
  const probeFile = join(dir, '__typewalk_probe__.ts');
  const importPath = './' + basename(dtsFile).replace(/\.d\.ts$/, '');

  function makeProgram(probeText, oldProgram) {
    const host = ts.createCompilerHost(OPTIONS, true);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (name, lang, ...rest) =>
      probeText !== undefined && name === probeFile
        ? ts.createSourceFile(name, probeText, lang, true, ts.ScriptKind.TS)
        : getSourceFile.call(host, name, lang, ...rest);
    host.fileExists = (name) => (probeText !== undefined && name === probeFile) || fileExists.call(host, name);
    host.readFile = (name) => (probeText !== undefined && name === probeFile ? probeText : readFile.call(host, name));
    const roots = probeText === undefined ? [dtsFile] : [dtsFile, probeFile];
    return ts.createProgram(roots, OPTIONS, host, oldProgram);
  }

  const program = makeProgram(undefined);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(dtsFile);
  if (!source) throw new Error(`cannot read ${dtsFile}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${dtsFile} is not a module`);
  const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.getName(), s]));

  /** Errors in the declaration file itself (an unresolved name would read as `any`). */
  function diagnostics() {
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
      const { line } = source.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${basename(dtsFile)}:${line + 1}: TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
  }

  /** The name of a property symbol as written: `seed`, `[Symbol.dispose]`. */
  const nameOf = (symbol) => checker.symbolToString(symbol);

  /** An export as declared (`export { x as y }` resolved). */
  const resolved = (symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  /** Whether an export is a value (function, class, variable), as opposed to a type only. */
  const isValue = (symbol) => (resolved(symbol).flags & ts.SymbolFlags.Value) !== 0;
  const isClass = (symbol) => (resolved(symbol).flags & ts.SymbolFlags.Class) !== 0;

  /** Public instance members of a class: Map name -> { symbol, type, kind: 'method'|'property' }. */
  function instanceMembers(classSymbol) {
    const type = checker.getDeclaredTypeOfSymbol(resolved(classSymbol));
    const out = new Map();
    for (const p of checker.getPropertiesOfType(type)) {
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      const mods = decl ? ts.getCombinedModifierFlags(decl) : 0;
      if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || decl?.name?.kind === ts.SyntaxKind.PrivateIdentifier) continue;
      const ptype = checker.getTypeOfSymbol(p);
      out.set(nameOf(p), { symbol: p, type: ptype, kind: p.flags & ts.SymbolFlags.Method ? 'method' : 'property' });
    }
    return out;
  }

  /** Static members of a class (the constructor's properties other than `prototype`). */
  function staticMembers(classSymbol) {
    const ctorType = checker.getTypeOfSymbol(resolved(classSymbol));
    return checker
      .getPropertiesOfType(ctorType)
      .filter((p) => p.getName() !== 'prototype')
      .map((p) => ({ name: nameOf(p), symbol: p, type: checker.getTypeOfSymbol(p) }));
  }

  /** Call signatures of a function export or of a method's type; construct signatures of a class. */
  const callSignatures = (type) => checker.getSignaturesOfType(type, ts.SignatureKind.Call);
  const constructSignatures = (classSymbol) =>
    checker.getSignaturesOfType(checker.getTypeOfSymbol(resolved(classSymbol)), ts.SignatureKind.Construct);
  const typeOfExport = (symbol) => checker.getTypeOfSymbol(resolved(symbol));

  /** Parameters of a signature: [{ name, optional, rest, type }]. */
  function parameters(signature) {
    return signature.getParameters().map((p) => {
      const d = p.valueDeclaration;
      return {
        name: p.getName(),
        optional: d ? checker.isOptionalParameter(d) : false,
        rest: d ? d.dotDotDotToken !== undefined : false,
        type: checker.getTypeOfSymbol(p),
      };
    });
  }

  /**
   * The signature a call with `argc` arguments uses (the first whose arity fits), and the names
   * of required parameters the call leaves out when none fits.
   */
  function pickSignature(signatures, argc) {
    for (const s of signatures) {
      const ps = parameters(s);
      const required = ps.filter((p) => !p.optional && !p.rest).length;
      if (argc >= required && (argc <= ps.length || ps.some((p) => p.rest))) return { signature: s, missing: [] };
    }
    const s = signatures[0];
    if (!s) return { signature: undefined, missing: [] };
    const missing = parameters(s)
      .slice(argc)
      .filter((p) => !p.optional && !p.rest)
      .map((p) => p.name);
    return { signature: s, missing };
  }

  const returnType = (signature) => checker.getReturnTypeOfSignature(signature);
  /** T for a declared Promise<T>, else undefined. */
  function promised(type) {
    const awaited = checker.getAwaitedType(type);
    return awaited && awaited !== type ? awaited : undefined;
  }

  /** The documentation comment of a symbol, as plain text. */
  const docOf = (symbol) => (symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)) : '');
  /** The named symbol of a type (interface, class or alias), if any. */
  const symbolOfType = (type) => type.aliasSymbol ?? type.getSymbol();
  const show = (type) => checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);

  /** The declared properties of an object type: [{ name, optional, type }], and its index signatures. */
  function objectShape(type) {
    const props = checker.getPropertiesOfType(type).map((p) => ({
      name: nameOf(p),
      optional: (p.flags & ts.SymbolFlags.Optional) !== 0,
      type: checker.getTypeOfSymbol(p),
    }));
    return { props, indexes: checker.getIndexInfosOfType(type) };
  }

  /** The type without null and undefined. */
  const nonNullable = (type) => checker.getNonNullableType(type);

  /** A class of the standard library or of the package (checked by `instanceof`), if the type is one. */
  function classOf(type) {
    const sym = type.getSymbol(); // not an alias: `Record<string, number>` is an alias of a mapped type
    const file = sym?.declarations?.[0]?.getSourceFile();
    if (sym && sym.flags & ts.SymbolFlags.Class && file === source) return { sym, lib: false };
    if (sym && sym.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface) && file && program.isSourceFileDefaultLibrary(file)) {
      return { sym, lib: true };
    }
    return undefined;
  }

  /** Whether a declared type is an object type that the value walker checks property by property. */
  function isPlainObjectType(type) {
    if (!(type.flags & F.Object) || checker.isArrayType(type) || checker.isTupleType(type) || classOf(type)) return false;
    return checker.getSignaturesOfType(type, ts.SignatureKind.Call).length === 0;
  }

  // ---- The value walker -------------------------------------------------------------------

  let runtimeModule = {};
  /** The runtime module, where declared classes are looked up for `instanceof`. */
  function setRuntime(mod) {
    runtimeModule = mod;
  }

  const mismatch = (path, msg) => [{ path, msg }];
  const primitiveFlags =
    F.StringLike | F.NumberLike | F.BooleanLike | F.BigIntLike | F.ESSymbolLike | F.Null | F.Undefined | F.Void;

  /**
   * Every mismatch of `value` with the declared `type`, as [{ path, msg }] (empty: it matches).
   * See the header of types.test.mjs for the rules.
   */
  function check(value, type, path) {
    const f = type.flags;
    if (f & F.Any) return mismatch(path, show(type) === 'any' ? 'declared as any' : `declared as ${show(type)} (unresolved type)`);
    if (f & F.Unknown) return mismatch(path, 'declared as unknown');
    if (f & F.Never) return mismatch(path, `declared as never, got ${describe(value)}`);
    if (f & (F.Void | F.Undefined)) return value === undefined ? [] : mismatch(path, `expected undefined (${show(type)}), got ${describe(value)}`);
    if (f & F.Null) return value === null ? [] : mismatch(path, `expected null, got ${describe(value)}`);
    if (f & F.Boolean) return typeof value === 'boolean' ? [] : mismatch(path, `expected boolean, got ${describe(value)}`);
    if (f & F.Union) return checkUnion(value, type, path);
    if (f & F.Intersection && !type.types.every((t) => t.flags & F.Object)) {
      return type.types.flatMap((t) => check(value, t, path));
    }
    if (value === null || value === undefined) {
      return mismatch(path, `${value} at runtime, but declared \`${show(type)}\` (without ${value})`);
    }
    if (f & F.StringLiteral) return value === type.value ? [] : mismatch(path, `expected ${show(type)}, got ${describe(value)}`);
    if (f & F.NumberLiteral) return value === type.value ? [] : mismatch(path, `expected ${show(type)}, got ${describe(value)}`);
    if (f & F.BooleanLiteral) return String(value) === show(type) ? [] : mismatch(path, `expected ${show(type)}, got ${describe(value)}`);
    if (f & F.TemplateLiteral) {
      return typeof value === 'string' && checker.isTypeAssignableTo(checker.getStringLiteralType(value), type)
        ? []
        : mismatch(path, `expected ${show(type)}, got ${describe(value)}`);
    }
    if (f & F.String) return typeof value === 'string' ? [] : mismatch(path, `expected string, got ${describe(value)}`);
    if (f & F.Number) return typeof value === 'number' ? [] : mismatch(path, `expected number, got ${describe(value)}`);
    if (f & F.BigInt) return typeof value === 'bigint' ? [] : mismatch(path, `expected bigint, got ${describe(value)}`);
    if (f & F.BigIntLiteral) return typeof value === 'bigint' && show(type) === `${value}n` ? [] : mismatch(path, `expected ${show(type)}, got ${describe(value)}`);
    if (f & F.ESSymbolLike) return typeof value === 'symbol' ? [] : mismatch(path, `expected symbol, got ${describe(value)}`);
    if (f & F.NonPrimitive) return mismatch(path, 'declared as object (untyped)');
    if (f & (F.Object | F.Intersection)) return checkObject(value, type, path);
    if (f & F.TypeParameter) return mismatch(path, `declared as the type parameter ${show(type)}`);
    return mismatch(path, `cannot check the declared type ${show(type)} (flags ${f})`);
  }

  /** A union, or the subset `only` of its members. */
  function checkUnion(value, type, path, only) {
    let members = only ?? type.types;
    if (value === null || value === undefined) {
      const flag = value === null ? F.Null : F.Undefined | F.Void;
      if (members.some((t) => t.flags & flag)) return [];
      if (members.some((t) => t.flags & (F.Any | F.Unknown))) return mismatch(path, `declared as ${show(type)}`);
      return mismatch(path, `${value} at runtime, but declared \`${show(type)}\` (without ${value})`);
    }
    members = members.filter((t) => !(t.flags & (F.Null | F.Undefined | F.Void)));
    // `boolean` is the union `true | false`.
    if (typeof value === 'boolean' && members.some((t) => t.flags & F.BooleanLiteral && show(t) === String(value))) return [];
    if (members.length === 1) return check(value, members[0], path);
    const results = members.map((t) => check(value, t, path));
    if (results.some((r) => r.length === 0)) return [];
    if (members.every((t) => t.flags & primitiveFlags)) {
      return mismatch(path, `expected ${show(type)}, got ${describe(value)}`);
    }
    // A discriminated union (`{ kind: "fixed" } | { kind: "normal"; sd: number } | ...`): the
    // members whose discriminant admits the value's, or one mismatch when none does.
    if (value && typeof value === 'object') {
      for (const d of discriminants(members)) {
        const fits = members.filter((t) => check(value[d], checker.getTypeOfSymbol(t.getProperty(d)), '').length === 0);
        if (fits.length === 0) {
          const admitted = [...new Set(members.map((t) => show(checker.getTypeOfSymbol(t.getProperty(d)))))].join(' | ');
          return mismatch(member(path, d), `${describe(value[d])} is no member of \`${show(type)}\` (${d}: ${admitted})`);
        }
        if (fits.length < members.length) return checkUnion(value, type, path, fits);
      }
    }
    // Report the member with the fewest mismatches.
    let best = 0;
    results.forEach((r, i) => {
      if (r.length < results[best].length) best = i;
    });
    return results[best].map((m) => ({ ...m, msg: `${m.msg} (closest member \`${show(members[best])}\` of \`${show(type)}\`)` }));
  }

  /** Properties with a literal type in every member of a union of object types. */
  function discriminants(members) {
    if (!members.every((t) => t.flags & F.Object)) return [];
    const literal = (t) => t.flags & (F.StringLiteral | F.NumberLiteral | F.BooleanLiteral) || (t.flags & F.Union && t.types.every(literal));
    return checker.getPropertiesOfType(members[0]).map((p) => p.getName()).filter((n) =>
      members.every((t) => {
        const p = t.getProperty(n);
        return p && literal(checker.getTypeOfSymbol(p));
      }),
    );
  }

  /** The runtime constructor of a lib type (`Float64Array`, `WebAssembly.Memory`), if any. */
  function libConstructor(symbol) {
    let v = globalThis;
    for (const part of checker.getFullyQualifiedName(symbol).split('.')) v = v?.[part];
    return typeof v === 'function' ? v : undefined;
  }

  function checkObject(value, type, path) {
    if (typeof value !== 'object' && typeof value !== 'function') return mismatch(path, `expected ${show(type)}, got ${describe(value)}`);
    if (checker.isTupleType(type)) return checkTuple(value, type, path);
    if (checker.isArrayType(type)) {
      if (!Array.isArray(value)) return mismatch(path, `expected ${show(type)}, got ${describe(value)}`);
      const [element] = checker.getTypeArguments(type);
      return value.flatMap((v, i) => check(v, element, `${path}[${i}]`));
    }
    const known = classOf(type);
    // A class of the package: an instance of the runtime class of that name.
    if (known && !known.lib) {
      const name = known.sym.getName();
      const cls = runtimeModule[name];
      if (typeof cls !== 'function') return mismatch(path, `declared class ${name} is not exported at runtime`);
      return value instanceof cls ? [] : mismatch(path, `expected an instance of ${name}, got ${describe(value)}`);
    }
    // A class or interface of the standard library (typed arrays, WebAssembly.Memory, Promise):
    // an instance of the runtime class of that name.
    if (known) {
      const cls = libConstructor(known.sym);
      if (!cls) return mismatch(path, `cannot check the library type ${show(type)} at runtime`);
      return value instanceof cls ? [] : mismatch(path, `expected ${show(type)}, got ${describe(value)}`);
    }
    const { props, indexes } = objectShape(type);
    // A function type (`(a: number) => void`): only its being callable can be checked.
    if (checker.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0 && props.length === 0) {
      return typeof value === 'function' ? [] : mismatch(path, `expected a function (${show(type)}), got ${describe(value)}`);
    }
    if (Array.isArray(value)) return mismatch(path, `expected ${show(type)}, got ${describe(value)}`);
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      return mismatch(path, `expected a plain object (${show(type)}), got ${describe(value)}`);
    }
    const named = symbolOfType(type);
    const name = named && !named.getName().startsWith('__') ? named.getName() : show(type);
    const out = [];
    const declared = new Set();
    for (const p of props) {
      declared.add(p.name);
      if (!Object.hasOwn(value, p.name)) {
        if (!p.optional) out.push({ path: member(path, p.name), msg: `declared in ${name} (required) but missing at runtime` });
      } else {
        out.push(...check(value[p.name], p.type, member(path, p.name)));
      }
    }
    for (const key of Object.keys(value)) {
      if (declared.has(key)) continue;
      const index =
        indexes.find((i) => i.keyType.flags & F.String) ??
        (/^\d+$/.test(key) ? indexes.find((i) => i.keyType.flags & F.Number) : undefined);
      if (index) out.push(...check(value[key], index.type, `${path}[${JSON.stringify(key)}]`));
      else out.push({ path: member(path, key), msg: `property present at runtime but not declared in ${name}` });
    }
    return out;
  }

  function checkTuple(value, type, path) {
    if (!Array.isArray(value)) return mismatch(path, `expected the tuple ${show(type)}, got ${describe(value)}`);
    const target = type.target;
    const elements = checker.getTypeArguments(type);
    const variable = (target.combinedFlags & ts.ElementFlags.Variable) !== 0;
    const max = variable ? Infinity : elements.length;
    if (value.length < target.minLength || value.length > max) {
      return mismatch(path, `expected the tuple ${show(type)} (length ${target.minLength === max ? max : `${target.minLength} to ${max}`}), got ${describe(value)}`);
    }
    return value.flatMap((v, i) => check(v, i < target.fixedLength ? elements[i] : elements[elements.length - 1], `${path}[${i}]`));
  }

  // ---- Type check of generated statements ---------------------------------------------------

  /**
   * TypeScript diagnostics of each statement (a string; `lca` is the declaration module,
   * `$Name` a declared instance of each exported class). Returns one array of messages per
   * statement.
   */
  function typeCheck(statements) {
    const header = [`import * as lca from ${JSON.stringify(importPath)};`];
    for (const [name, s] of exports) {
      if (isClass(s)) header.push(`declare const $${name}: lca.${name};`);
    }
    header.push('export {};');
    const text = [...header, ...statements.map((s) => s.replace(/\n/g, ' '))].join('\n') + '\n';
    const p = makeProgram(text, program);
    const sf = p.getSourceFile(probeFile);
    const out = statements.map(() => []);
    const headerErrors = [];
    for (const d of [...p.getSyntacticDiagnostics(sf), ...p.getSemanticDiagnostics(sf)]) {
      const { line } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
      const msg = { code: d.code, text: `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}` };
      if (line < header.length) headerErrors.push(msg.text);
      else out[line - header.length].push(msg);
    }
    if (headerErrors.length) throw new Error(`type check header:\n${headerErrors.join('\n')}`);
    return out;
  }

  return {
    checker,
    exports,
    diagnostics,
    isValue,
    isClass,
    instanceMembers,
    staticMembers,
    callSignatures,
    constructSignatures,
    typeOfExport,
    parameters,
    pickSignature,
    returnType,
    promised,
    docOf,
    symbolOfType,
    show,
    objectShape,
    nonNullable,
    isPlainObjectType,
    setRuntime,
    check,
    typeCheck,
  };
}
