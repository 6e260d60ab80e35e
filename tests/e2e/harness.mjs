// What the page test files share: one server and one Chromium per file, pages that record their
// console errors, page errors and requests, and the check that nothing left the origin.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, launch, WWW } from './server.mjs';

/**
 * Starts a server and a browser before the file's tests and closes them after, failing if any
 * request left the server's origin. `files` (under www/) must exist: they come from the build.
 */
export function browserSuite({ files = ['pkg/reo_lca.js', 'pkg/reo_lca_bg.wasm', 'vendor/chart.js'] } = {}) {
  const suite = { server: null, browser: null, external: [] };
  before(async () => {
    for (const f of files) {
      await access(join(WWW, f)).catch(() => {
        throw new Error(`www/${f} is missing: run scripts/build-wasm.sh first`);
      });
    }
    suite.server = await serve();
    suite.browser = await launch();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
    assert.deepEqual(suite.external, [], 'requests left the origin');
  });
  return suite;
}

/** Opens `path` in a new page; resolves to {page, problems, requests, response}. */
export async function openPage(suite, path = '', { viewport, timeout = 10_000 } = {}) {
  const page = await suite.browser.context.newPage();
  page.setDefaultTimeout(timeout);
  if (viewport) await page.setViewportSize(viewport);
  const problems = [];
  const requests = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('worker', (w) => w.on('console', (m) => {
    if (m.type() === 'error') problems.push(`worker console: ${m.text()}`);
  }));
  page.on('request', (r) => {
    const u = r.url();
    requests.push(u);
    if (!(u.startsWith(suite.server.url) || u.startsWith('blob:') || u.startsWith('data:'))) suite.external.push(u);
  });
  const response = await page.goto(suite.server.url + path);
  return { page, problems, requests, response };
}

/** Closes the page and fails on any console or page error it logged. */
export async function done({ page, problems }) {
  await page.close();
  assert.deepEqual(problems, [], 'console or page errors');
}

export const text = (page, sel) => page.textContent(sel).then((t) => t.trim());
