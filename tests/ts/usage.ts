// Type-level test of the package's generated declarations: compiled with
// `tsc --noEmit --strict` (tests/ts/tsconfig.json) against pkg/reo_lca.d.ts, and again inside
// the scratch project of tests/node/package.test.mjs against the installed tarball. Each
// `@ts-expect-error` line must fail to type-check, so loose (`any`) types fail the test.
import init, {
  Calculator,
  compare,
  decodeShare,
  encodeShare,
  exportDatapackage,
  exportMatrices,
  initSync,
  inUse,
  monteCarlo,
  MonteCarloRun,
  parameters,
  presets,
  priceSets,
  resultsCsv,
  routes,
  sensitivity,
  sites,
  sources,
  version,
} from 'reo-lca';
import type {
  Allocation,
  Comparison,
  Distribution,
  InUse,
  Cell,
  Mapping,
  Matrix,
  MatrixExport,
  MonteCarloResult,
  MonteCarloSamples,
  MonteCarloSummary,
  ParameterInfo,
  PresetInfo,
  ReoLcaError,
  RouteResult,
  Scenario,
  Sensitivity,
  SharedScenario,
  TornadoBar,
  Versions,
} from 'reo-lca';

export async function usage(wasmBytes: BufferSource): Promise<number> {
  await init();
  initSync({ module: wasmBytes });

  const v: Versions = version();
  const engine: string = v.engine;

  const scenario: Scenario = {
    preset: 'ionic-missouri',
    allocation: 'economic',
    recyclingRule: 'substitution',
    gwp: 'AR5',
    claimPercent: 61,
    overrides: { gridSrmw: 0.3 },
    inventory: {
      name: 'pilot',
      processes: [{ id: 'p', outputs: [{ flow: 'Dy2O3', amount: 1 }], emissions: [] }],
    },
  };
  const c: Comparison = compare(scenario);
  const recycled: RouteResult = c.recycled;
  const reduction: number | null = c.reductionPercent;
  const stages: number[] = recycled.byStage.map((s) => s.impact);
  const breakEven: number | null = c.claim.breakEvens[0]?.value ?? null;
  const range: [number, number] | undefined = c.claim.breakEvens[0]?.range;
  const allocation: Allocation = c.allocation;
  const factors: [string, number][] = recycled.allocations[0]?.factors ?? [];

  const m: MatrixExport = exportMatrices({ preset: 'ionic-missouri' }, 'mined');
  const a: Matrix = m.technosphere;
  const cell: Cell | undefined = a.entries[0];
  const value: number | undefined = cell?.value;
  const kind: number | undefined = cell?.uncertainty.uncertaintyType;
  const driver: string | null | undefined = cell?.uncertainty.parameter;
  const mapping: Mapping | undefined = cell?.uncertainty.mapping;
  const scaling: number[] = m.scaling;
  const shape: [number, number] = m.biosphere.shape;
  const score: number = m.score.value;
  const sharedScenario: Scenario = m.scenario;
  const zip: Uint8Array = exportDatapackage({ preset: 'ionic-missouri' }, 'mined');

  const csv: string = resultsCsv({ preset: 'ionic-belfast' });
  const used: InUse = inUse({ preset: 'ionic-belfast' });
  const link: string = encodeShare(scenario);
  const shared: SharedScenario = decodeShare(link);
  const notice: string | null = shared.notice;
  const again: Comparison = compare(shared.scenario);

  const ps: PresetInfo[] = presets();
  const params: ParameterInfo[] = parameters();
  const u: Distribution = params[0].uncertainty;
  const spread = u.kind === 'lognormal' && 'gsd' in u ? u.gsd : u.kind === 'uniform' ? u.high - u.low : 0;
  const ids: string[] = [...routes().map((r) => r.id), ...sites().map((s) => s.id)];
  const keys: string[] = sources().map((s) => s.key);
  const sets: string[] = priceSets();

  try {
    compare({ preset: 'ionic-missouri', overrides: { gridSrmw: -1 } });
  } catch (e) {
    const err = e as ReoLcaError;
    const where: string = err.field;
    console.log(where, err.message);
  }

  const mc: MonteCarloResult = monteCarlo({ preset: 'ionic-missouri' }, { iterations: 2000, seed: 7 });
  const draws: Float64Array = mc.samples.reductionPercent;
  const pLower: number = mc.summary.comparison.pRecycledLower;
  const pClaim: number = mc.summary.comparison.pReductionAtLeastClaim;
  const why: string = mc.summary.explanation;
  const p95: number = mc.summary.recycled.p95;
  const src: number = mc.global?.inputs[0]?.reductionPercent ?? 0;
  const quick: MonteCarloResult = monteCarlo({ preset: 'ionic-belfast' });
  const run = new MonteCarloRun({ preset: 'ionic-missouri' }, 1);
  const done: number = run.step(500);
  const fresh: MonteCarloSamples = run.samplesSince(done - 500);
  const sofar: MonteCarloSummary = run.summary();
  const n: number = run.iterations + run.seed;
  run.free();
  const calc = new Calculator({ preset: 'ionic-missouri', overrides: null, oxide: 'Dy2O3' });
  const viaCalc: Comparison = calc.comparison();
  const calcUse: InUse = calc.inUse();
  const calcLink: string = calc.shareLink();
  const calcMatrices: MatrixExport = calc.matrices('recycled');
  const calcZip: Uint8Array = calc.datapackage('recycled');
  const calcCsv: string = calc.csv();
  calc.free();
  // @ts-expect-error: the oxide is one of the functional-unit oxides
  new Calculator({ preset: 'ionic-missouri', oxide: 'Fe2O3' });
  // @ts-expect-error: matrices takes a side
  calc.matrices('both');
  const sens: Sensitivity = sensitivity({ preset: 'ionic-missouri' });
  const bar: TornadoBar | undefined = sens.tornado.bars[0];
  const swing: number = bar?.swing ?? 0;
  const low: number | null = bar?.reductionLow ?? null;

  // @ts-expect-error: iterations is a number
  monteCarlo({ preset: 'ionic-missouri' }, { iterations: '1000' });
  // @ts-expect-error: unknown option keys are errors
  monteCarlo({ preset: 'ionic-missouri' }, { iterations: 1000, colour: 'red' });
  // @ts-expect-error: the samples are Float64Arrays, not arrays of numbers
  const asArray: number[] = mc.samples.mined;
  // @ts-expect-error: step takes a number
  run.step('500');
  // @ts-expect-error: the reduction at a tornado bar's low end may be null
  const lowNum: number = bar!.reductionLow;

  // @ts-expect-error: allocation is one of "mass" | "economic" | "model"
  compare({ preset: 'ionic-missouri', allocation: 'by-weight' });
  // @ts-expect-error: unknown keys are errors
  compare({ preset: 'ionic-missouri', colour: 'blue' });
  // @ts-expect-error: preset is required
  compare({ oxide: 'Dy2O3' });
  // @ts-expect-error: overrides are numbers
  compare({ preset: 'ionic-missouri', overrides: { gridSrmw: 'high' } });
  // @ts-expect-error: the side is "mined" or "recycled"
  exportMatrices({ preset: 'ionic-missouri' }, 'both');
  // @ts-expect-error: totals are numbers, not strings
  const wrong: string = c.mined.total;
  // @ts-expect-error: the reduction may be null
  const notNull: number = c.reductionPercent;

  return [
    engine.length,
    reduction ?? 0,
    ...stages,
    breakEven ?? 0,
    range?.[0] ?? 0,
    allocation.length,
    factors.length,
    (value ?? 0) + (kind ?? 0) + (driver?.length ?? 0) + (mapping?.length ?? 0) + scaling.length + shape[0],
    score + sharedScenario.preset.length + zip.length + calcZip.length,
    csv.length,
    used.parameters.length,
    notice?.length ?? 0,
    again.mined.total,
    ps.length,
    spread,
    ids.length + keys.length + sets.length,
    wrong.length,
    notNull,
    draws.length + pLower + pClaim + why.length + p95 + src + quick.summary.iterations,
    done + fresh.mined.length + sofar.mined.mean + n + swing + (low ?? 0),
    asArray.length + lowNum,
    viaCalc.mined.total + calcUse.parameters.length + calcLink.length + calcMatrices.score.value + calcCsv.length,
  ].reduce((x, y) => x + y, 0);
}
