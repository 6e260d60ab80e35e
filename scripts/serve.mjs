// Static server for the calculator page, on loopback only.
//
//   node scripts/serve.mjs [port] [dir]     (default 8000, or $PORT; dir default www/)
//
// Sends the precompressed `.br` or `.gz` beside a file (written by scripts/compress-assets.mjs)
// when the request's Accept-Encoding allows it, with Content-Encoding and Vary; the type is that
// of the file itself (`application/wasm` for .wasm, so the module compiles while it streams).
// Also sends the page's Content-Security-Policy as a header. tests/e2e/server.mjs serves the
// page tests with the same handler.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WWW = resolve(fileURLToPath(new URL('../www', import.meta.url)));

/** The page's Content-Security-Policy (the same as its meta tag). */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/** Precompressed variants, in order of preference, with their file suffix. */
const ENCODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
];

/**
 * The encodings an Accept-Encoding header allows (q > 0), e.g. `gzip, deflate, br;q=0.9`.
 * `*` allows every encoding not named.
 */
export function accepted(header = '') {
  const q = new Map();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const ok = (enc) => (q.has(enc) ? q.get(enc) > 0 : (q.get('*') ?? 0) > 0);
  return ENCODINGS.map(([enc]) => enc).filter(ok);
}

/** The file's modification time in ms, or null when it is not a file. */
async function fileTime(path) {
  const s = await stat(path).catch(() => null);
  return s?.isFile() ? s.mtimeMs : null;
}

/**
 * A request handler serving `dir`: GET and HEAD, paths inside `dir` only, `index.html` for a
 * directory, a precompressed variant when accepted and not older than its source. `onServe(path, encoding)` is told of every
 * file sent; `cacheControl` is the Cache-Control header (default `no-cache`: revalidate, as a
 * development server should).
 */
export function handler(dir = WWW, { cacheControl = 'no-cache', onServe = () => {} } = {}) {
  return async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed');
        return;
      }
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(dir, path));
      if (file !== dir && !file.startsWith(dir + sep)) {
        res.writeHead(403).end();
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const sourceTime = await fileTime(file);
      if (sourceTime === null) throw new Error('not found');
      let body = null;
      let encoding = null;
      for (const enc of accepted(req.headers['accept-encoding'])) {
        const suffix = ENCODINGS.find(([e]) => e === enc)[1];
        // A variant older than its source (the source edited since the build) is stale: skip it.
        const variantTime = await fileTime(file + suffix);
        if (variantTime !== null && variantTime >= sourceTime) {
          body = await readFile(file + suffix);
          encoding = enc;
          break;
        }
      }
      body ??= await readFile(file);
      onServe(path, encoding);
      const headers = {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': body.length,
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': cacheControl,
        vary: 'Accept-Encoding',
      };
      if (encoding) headers['content-encoding'] = encoding;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };
}

/** Starts a server for `dir` on 127.0.0.1:`port` (0: any free port); resolves to the server. */
export async function listen(dir = WWW, port = 0, options = {}) {
  const server = createServer(handler(dir, options));
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  return server;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: bad port ${process.argv[2] ?? process.env.PORT}`);
    process.exit(2);
  }
  const server = await listen(resolve(process.argv[3] ?? WWW), port);
  console.log(`reo-lca calculator: http://127.0.0.1:${server.address().port}/`);
}
