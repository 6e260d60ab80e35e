// Monte Carlo worker: one long-lived worker runs seeded MonteCarloRuns one after another, in
// chunks, posting the new samples after each chunk so the page can fill its histogram while the
// run goes on. The page starts it once and keeps it, so a run does not pay for loading and
// compiling the module again.
//
// page → worker  { type: 'run', id, scenario, iterations, seed, chunk, samples }
//                { type: 'cancel', id }
// worker → page  { type: 'ready' }
//                { type: 'started', id, iterations, seed }
//                { type: 'chunk', id, done, total, mined, recycled, reductionPercent }
//                                        (Float64Arrays, transferred; only when `samples`)
//                { type: 'done', id, summary }
//                { type: 'cancelled', id, done }
//                { type: 'error', id, name, message, field }
import init, { MonteCarloRun } from './pkg/reo_lca.js';

const ready = init().then(() => self.postMessage({ type: 'ready' }));
const cancelled = new Set();
let queue = Promise.resolve();

// Yields to the message queue without the 4 ms clamp that chained timers get, so a 'cancel'
// can arrive between chunks at no cost to the run.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const pause = () => new Promise((ok) => {
  waiting.push(ok);
  channel.port2.postMessage(0);
});

function fail(id, e) {
  self.postMessage({
    type: 'error',
    id,
    name: e?.name ?? 'Error',
    message: String(e?.message ?? e),
    field: typeof e?.field === 'string' ? e.field : '',
  });
}

async function run({ id, scenario, iterations, seed, chunk, samples }) {
  await ready;
  if (cancelled.delete(id)) {
    self.postMessage({ type: 'cancelled', id, done: 0 });
    return;
  }
  const step = Math.max(1, Math.min(chunk || 1000, iterations));
  const mc = new MonteCarloRun(scenario, seed);
  try {
    self.postMessage({ type: 'started', id, iterations, seed });
    let done = 0;
    while (done < iterations) {
      const before = done;
      done = mc.step(Math.min(step, iterations - done));
      if (samples) {
        const s = mc.samplesSince(before);
        self.postMessage(
          { type: 'chunk', id, done, total: iterations, mined: s.mined, recycled: s.recycled, reductionPercent: s.reductionPercent },
          [s.mined.buffer, s.recycled.buffer, s.reductionPercent.buffer],
        );
      }
      if (done < iterations) {
        await pause();
        if (cancelled.delete(id)) {
          self.postMessage({ type: 'cancelled', id, done });
          return;
        }
      }
    }
    self.postMessage({ type: 'done', id, summary: mc.summary() });
  } finally {
    cancelled.delete(id);
    mc.free();
  }
}

self.addEventListener('message', (ev) => {
  const msg = ev.data ?? {};
  if (msg.type === 'cancel') cancelled.add(msg.id);
  else if (msg.type === 'run') queue = queue.then(() => run(msg).catch((e) => fail(msg.id, e)));
});
