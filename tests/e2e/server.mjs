// Static server for www/ on 127.0.0.1 (port 0 = any free port) and a Chromium launcher, shared by
// the page tests and benches/page.mjs. The server is scripts/serve.mjs's handler: the same
// Content-Security-Policy as the page's meta tag, precompressed files when accepted.
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP, TYPES, handler } from '../../scripts/serve.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const WWW = join(ROOT, 'www');
export { CSP, TYPES };

/**
 * Starts the server (scripts/serve.mjs's handler: precompressed `.br`/`.gz` when the browser
 * accepts them); resolves to {url, close(), served} where `served` lists the paths sent.
 * `cache: false` sends `no-store` (every load fetches and compiles everything again, as a first
 * visit does); the default lets one browser profile reuse what it fetched.
 */
export async function serve(dir = WWW, { cache = true } = {}) {
  const served = [];
  const server = createServer(
    handler(dir, {
      cacheControl: cache ? 'max-age=600' : 'no-store',
      onServe: (path) => served.push(path),
    }),
  );
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    served,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Launches Debian's Chromium with a fresh profile; resolves to {context, close()}. */
export async function launch(options = {}) {
  const { chromium } = await import('playwright-core');
  const userDataDir = await mkdtemp(join(tmpdir(), 'reo-lca-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
    ...options,
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
