// A worker does not see the page's import map: import the package's file by its path.
import init, { compare } from './node_modules/reo-lca/reo_lca.js';

await init();
self.onmessage = ({ data: scenario }) => {
  const c = compare(scenario);
  self.postMessage({ recycled: c.recycled.total, mined: c.mined.total });
};
self.postMessage('ready');
