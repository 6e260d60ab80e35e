export default {
  // Workers are bundled as classic scripts ('iife') by default, which cannot hold the
  // top-level await of `await init()`; 'es' matches `new Worker(url, { type: 'module' })`.
  worker: { format: 'es' },
};
