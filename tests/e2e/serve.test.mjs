// scripts/serve.mjs and scripts/compress-assets.mjs on a scratch directory: the precompressed copy
// the request accepts (Brotli before gzip, q=0 refuses), the identity file otherwise, the
// file's own type (application/wasm), Vary, HEAD, and nothing outside the directory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { accepted, listen } from '../../scripts/serve.mjs';
import { ROOT } from './server.mjs';

let dir;
let server;
let base;
const js = 'export const x = 1;\n'.repeat(200);
const wasm = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...Array(500).fill(7)]);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reo-lca-serve-'));
  await mkdir(join(dir, 'pkg'));
  await writeFile(join(dir, 'app.js'), js);
  await writeFile(join(dir, 'pkg', 'm.wasm'), wasm);
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(dir, 'notes.txt'), 'not an asset');
  await writeFile(join(dir, 'gone.js.gz'), 'stale');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'compress-assets.mjs'), dir]);
  server = await listen(dir, 0);
  base = `http://127.0.0.1:${server.address().port}`;
});

after(async () => {
  await new Promise((ok) => server?.close(ok));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const get = (path, encoding, method = 'GET') =>
  fetch(base + path, { method, headers: encoding === undefined ? {} : { 'accept-encoding': encoding } });

test('compress-assets writes .gz and .br beside assets only, and drops stale copies', async () => {
  for (const f of ['app.js', 'pkg/m.wasm', 'index.html']) {
    const raw = await readFile(join(dir, f));
    assert.deepEqual(gunzipSync(await readFile(join(dir, f + '.gz'))), raw, f);
    assert.deepEqual(brotliDecompressSync(await readFile(join(dir, f + '.br'))), raw, f);
  }
  await assert.rejects(readFile(join(dir, 'notes.txt.gz')));
  await assert.rejects(readFile(join(dir, 'gone.js.gz')));
});

test('Accept-Encoding picks Brotli, then gzip, else the file itself', async () => {
  const cases = [
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['gzip;q=0, br;q=0', null],
    ['identity', null],
    ['*', 'br'],
    ['*, br;q=0', 'gzip'],
    ['', null],
    [undefined, null],
  ];
  for (const [header, want] of cases) {
    // fetch() itself asks for and decodes compressed bodies; the raw encoding is in the header.
    const r = await fetch(base + '/app.js', { headers: header === undefined ? { 'accept-encoding': 'identity' } : { 'accept-encoding': header } });
    assert.equal(r.headers.get('content-encoding'), want, String(header));
    assert.equal(await r.text(), js);
    assert.equal(r.headers.get('vary'), 'Accept-Encoding');
    assert.equal(r.headers.get('content-type'), 'text/javascript; charset=utf-8');
  }
  assert.deepEqual(accepted('gzip, deflate, br;q=0.9'), ['br', 'gzip']);
  assert.deepEqual(accepted('deflate'), []);
});

test('the module is sent as application/wasm, compressed or not', async () => {
  for (const enc of ['br', 'gzip', 'identity']) {
    const r = await get('/pkg/m.wasm', enc);
    assert.equal(r.headers.get('content-type'), 'application/wasm');
    assert.deepEqual(Buffer.from(await r.arrayBuffer()), wasm);
  }
});

test('HEAD, other methods, directories and paths outside the directory', async () => {
  const head = await get('/app.js', 'br', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-encoding'), 'br');
  assert.equal(Number(head.headers.get('content-length')), (await readFile(join(dir, 'app.js.br'))).length);
  assert.equal((await get('/app.js', 'br', 'POST')).status, 405);
  const index = await get('/', 'identity');
  assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(await index.text(), /<title>t<\/title>/);
  assert.equal((await get('/missing.js')).status, 404);
  assert.equal((await get('/..%2f..%2fetc%2fpasswd')).status, 403);
  assert.ok(server.address().address === '127.0.0.1');
});

test('a compressed copy older than its source (the source edited since the build) is not sent', async () => {
  const edited = 'export const x = 2;\n';
  await writeFile(join(dir, 'edited.js'), js);
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'compress-assets.mjs'), dir]);
  assert.equal((await get('/edited.js', 'br')).headers.get('content-encoding'), 'br');
  const later = new Date(Date.now() + 5_000);
  await writeFile(join(dir, 'edited.js'), edited);
  await utimes(join(dir, 'edited.js'), later, later);
  for (const enc of ['br', 'gzip']) {
    const r = await get('/edited.js', enc);
    assert.equal(r.headers.get('content-encoding'), null, enc);
    assert.equal(await r.text(), edited);
  }
});
