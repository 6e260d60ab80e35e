// Monte Carlo worker: runs a seeded MonteCarloRun in chunks and posts the new samples after
// each chunk, so the page can fill its histogram while the run goes on.
//
// page → worker  { type: 'run', scenario, iterations, seed, chunk }
//                { type: 'cancel' }            (the page may also simply terminate the worker)
// worker → page  { type: 'started', iterations, seed }
//                { type: 'chunk', done, total, mined, recycled, reductionPercent }  (Float64Arrays, transferred)
//                { type: 'done', summary }
//                { type: 'cancelled', done }
//                { type: 'error', name, message, field }
import init, { MonteCarloRun } from './pkg/reo_lca.js';

const ready = init();
let cancelled = false;

const pause = () => new Promise((ok) => setTimeout(ok, 0));

function fail(e) {
  self.postMessage({
    type: 'error',
    name: e?.name ?? 'Error',
    message: String(e?.message ?? e),
    field: typeof e?.field === 'string' ? e.field : '',
  });
}

async function run({ scenario, iterations, seed, chunk }) {
  await ready;
  cancelled = false;
  const step = Math.max(1, Math.min(chunk || 500, iterations));
  const mc = new MonteCarloRun(scenario, seed);
  try {
    self.postMessage({ type: 'started', iterations, seed });
    let done = 0;
    while (done < iterations) {
      if (cancelled) {
        self.postMessage({ type: 'cancelled', done });
        return;
      }
      const before = done;
      done = mc.step(Math.min(step, iterations - done));
      const s = mc.samplesSince(before);
      self.postMessage(
        { type: 'chunk', done, total: iterations, mined: s.mined, recycled: s.recycled, reductionPercent: s.reductionPercent },
        [s.mined.buffer, s.recycled.buffer, s.reductionPercent.buffer],
      );
      // Lets a 'cancel' message in between chunks.
      await pause();
    }
    self.postMessage({ type: 'done', summary: mc.summary() });
  } finally {
    mc.free();
  }
}

self.addEventListener('message', (ev) => {
  const msg = ev.data ?? {};
  if (msg.type === 'cancel') cancelled = true;
  else if (msg.type === 'run') run(msg).catch(fail);
});
