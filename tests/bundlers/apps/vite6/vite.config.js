export default {
  // Vite 6 and older build for ES2020 by default, without top-level await (`await init()`).
  build: { target: 'es2022' },
  // Their dev server's dependency pre-bundling moves the glue away from its .wasm.
  optimizeDeps: { exclude: ['reo-lca'] },
};
