// Writes a gzip (`.gz`, level 9) and a Brotli (`.br`, quality 11) copy beside every page asset
// (.wasm, .js, .mjs, .css, .html) under a directory, for a server that sends them to browsers
// that accept them (scripts/serve.mjs). Copies whose source is gone are removed; copies newer than
// their source are kept. Prints each asset's raw, gzip and Brotli size.
//
//   node scripts/compress-assets.mjs [dir]      (default www/)
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DIR = resolve(process.argv[2] ?? join(ROOT, 'www'));
const ASSETS = new Set(['.wasm', '.js', '.mjs', '.css', '.html']);
const COPIES = ['.gz', '.br'];

async function files(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const mtime = async (p) => (await stat(p).catch(() => null))?.mtimeMs ?? -Infinity;

function compress(suffix, bytes, ext) {
  if (suffix === '.gz') return gzipSync(bytes, { level: 9 });
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: ext === '.wasm' ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

const all = await files(DIR);
const present = new Set(all);
const rows = [];
for (const file of all) {
  const suffix = COPIES.find((s) => file.endsWith(s));
  if (suffix) {
    // A copy whose asset is gone.
    if (!present.has(file.slice(0, -suffix.length))) await rm(file);
    continue;
  }
  const ext = extname(file);
  if (!ASSETS.has(ext)) continue;
  const bytes = await readFile(file);
  const sizes = [bytes.length];
  for (const s of COPIES) {
    const copy = file + s;
    if ((await mtime(copy)) >= (await mtime(file))) {
      sizes.push((await stat(copy)).size);
      continue;
    }
    const packed = compress(s, bytes, ext);
    await writeFile(copy, packed);
    sizes.push(packed.length);
  }
  rows.push([relative(DIR, file), ...sizes]);
}
rows.sort((a, b) => a[0].localeCompare(b[0]));
console.log(`compress-assets: ${rows.length} assets under ${relative(ROOT, DIR) || '.'} (raw / gzip -9 / brotli 11, bytes)`);
for (const [name, raw, gz, br] of rows) {
  console.log(`  ${name.padEnd(32)} ${String(raw).padStart(9)} ${String(gz).padStart(9)} ${String(br).padStart(9)}`);
}
