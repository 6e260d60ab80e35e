import { fileURLToPath } from 'node:url';

export default {
  mode: 'production',
  entry: './main.js',
  output: { path: fileURLToPath(new URL('./dist/', import.meta.url)), clean: true },
  // The .wasm (about 720 KiB) is above webpack's default 244 KiB hint.
  performance: { hints: false },
};
