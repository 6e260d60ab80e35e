import init, { compare } from 'reo-lca';

await init(); // top-level await: needs worker.format 'es'
self.onmessage = ({ data: scenario }) => {
  const c = compare(scenario);
  self.postMessage({ recycled: c.recycled.total, mined: c.mined.total });
};
self.postMessage('ready');
