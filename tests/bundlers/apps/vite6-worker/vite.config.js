export default {
  build: { target: 'es2022' },
  optimizeDeps: { exclude: ['reo-lca'] },
  worker: { format: 'es' },
};
