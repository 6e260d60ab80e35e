// Page security in real Chromium (Debian's /usr/bin/chromium via playwright-core):
//   - www/index.html declares a strict Content-Security-Policy before anything loads
//     (script-src 'self' 'wasm-unsafe-eval'; no 'unsafe-inline', no 'unsafe-eval'), and the
//     browser enforces it: eval, new Function, injected inline scripts and requests to other
//     origins are refused, and the page itself triggers no violation;
//   - every request stays on the origin (recorded, and anything else is aborted);
//   - user text from the URL (share links holding markup) appears as text: no element is
//     created, no script runs, no dialog opens;
//   - the page's JavaScript has no eval, new Function or HTML-string sinks.
// The server here sends no CSP header, so the page's own meta tag is what is enforced (as on a
// static host that sets no headers).
// Run: node --test tests/e2e/   (after scripts/build-wasm.sh)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { access, readFile, readdir, stat, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const WWW = join(ROOT, 'www');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.md': 'text/plain; charset=utf-8',
};

let server;
let origin;
let browser;
let context;
let userDataDir;
const requests = [];
const external = [];
const cspBlocked = [];

function startServer() {
  const srv = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(WWW, path));
      if (file !== WWW && !file.startsWith(WWW + sep)) {
        res.writeHead(403).end();
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'x-content-type-options': 'nosniff',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok) => srv.listen(0, '127.0.0.1', () => ok(srv)));
}

before(async () => {
  for (const f of ['pkg/reo_lca.js', 'pkg/reo_lca_bg.wasm', 'index.html']) {
    await access(join(WWW, f)).catch(() => {
      throw new Error(`www/${f} is missing: run scripts/build-wasm.sh first`);
    });
  }
  server = await startServer();
  origin = `http://127.0.0.1:${server.address().port}`;
  const { chromium } = await import('playwright-core');
  userDataDir = await mkdtemp(join(tmpdir(), 'reo-lca-security-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  browser = context;
  // Record every request; let only the origin (and inline data:/blob: URLs) through.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) {
      return route.continue();
    }
    external.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (r) => requests.push(r.url()));
  // Requests the CSP refuses are announced too, then fail without touching the network.
  context.on('requestfailed', (r) => {
    // Chromium reports "csp" (net::ERR_BLOCKED_BY_CSP in other builds).
    if (/^csp$|BLOCKED_BY_CSP/i.test(r.failure()?.errorText ?? '')) cspBlocked.push(r.url());
  });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(() => ok()) : ok()));
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  const left = requests.filter(
    (u) => !(u.startsWith(`${origin}/`) || u.startsWith('data:') || u.startsWith('blob:') || cspBlocked.includes(u)),
  );
  assert.deepEqual(left, [], 'requests left the origin');
  // The probe's image request to another origin is the only one, and the CSP refused it.
  assert.deepEqual(cspBlocked, ['https://example.invalid/pixel.png']);
  assert.deepEqual(external, [], 'requests to other origins were attempted');
});

/** Opens the page, recording console errors, page errors, dialogs and CSP violations. */
async function open(hash = '') {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems = [];
  const dialogs = [];
  page.on('console', (m) => {
    // Chromium logs each CSP refusal as a console error; those are counted as violations.
    if (m.type() === 'error' && !/Content Security Policy/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(`${origin}/${hash}`);
  await page.waitForSelector('html[data-ready]');
  return { page, problems, dialogs };
}

const violations = (page) => page.evaluate(() => window.__csp.slice());

function directives(csp) {
  const out = new Map();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), values);
  }
  return out;
}

test('index.html declares a strict CSP before any script, style or link', async () => {
  const html = await readFile(join(WWW, 'index.html'), 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"\s*>/i.exec(html);
  assert.ok(meta, 'no CSP meta tag');
  const first = html.search(/<(script|link|style)\b/i);
  assert.ok(meta.index < first, 'the CSP meta tag must come before the first script, style or link');
  const d = directives(meta[1]);
  assert.deepEqual([...(d.get('script-src') ?? [])].sort(), ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(d.get('default-src'), ["'self'"]);
  assert.deepEqual(d.get('object-src'), ["'none'"]);
  assert.deepEqual(d.get('base-uri'), ["'none'"]);
  assert.deepEqual(d.get('form-action'), ["'none'"]);
  assert.deepEqual(d.get('connect-src'), ["'self'"]);
  assert.deepEqual(d.get('style-src'), ["'self'"]);
  for (const [name, values] of d) {
    for (const v of values) {
      assert.ok(!["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", '*'].includes(v), `${name} ${v}`);
      assert.ok(!/^(https?:|wss?:|\*\.)/.test(v), `${name} allows another origin: ${v}`);
    }
  }
  // No inline script, no inline event handler, no javascript: URL in the markup.
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    assert.match(m[1], /\bsrc=/, 'inline <script>');
    assert.equal(m[2].trim(), '', 'inline script body');
  }
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'inline event handler attribute');
  assert.doesNotMatch(html, /javascript:/i);
});

// Runs inside the page as a same-origin script (so that, unlike code evaluated through the
// DevTools protocol, it is subject to the page's CSP) and tries what the CSP must refuse.
const PROBE = `(async () => {
  const out = {};
  try { out.eval = String(eval('1 + 1')); } catch (e) { out.eval = e.name; }
  try { out.fn = String(new Function('return 2')()); } catch (e) { out.fn = e.name; }
  try { setTimeout('window.__timer = 1', 0); } catch (e) { out.timerError = e.name; }
  const s = document.createElement('script');
  s.textContent = 'window.__inline = 1';
  document.body.append(s);
  const a = document.createElement('div');
  a.setAttribute('onclick', 'window.__handler = 1');
  document.body.append(a);
  a.click();
  try { await fetch('https://example.invalid/beacon'); out.fetch = 'sent'; } catch (e) { out.fetch = e.name; }
  const img = new Image();
  img.src = 'https://example.invalid/pixel.png';
  await new Promise((ok) => { img.onerror = ok; img.onload = ok; setTimeout(ok, 500); });
  out.inline = window.__inline ?? null;
  out.handler = window.__handler ?? null;
  out.timer = window.__timer ?? null;
  window.__probe = out;
})();`;

test('the browser enforces the CSP and the page itself violates it nowhere', async () => {
  const { page, problems, dialogs } = await open();
  assert.deepEqual(await violations(page), [], 'the page violates its own CSP');
  await page.route(`${origin}/__csp-probe.js`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: PROBE }),
  );
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = '/__csp-probe.js';
    document.head.append(s);
  });
  await page.waitForFunction(() => window.__probe);
  const attempts = await page.evaluate(() => window.__probe);
  assert.equal(attempts.eval, 'EvalError', 'eval ran');
  assert.equal(attempts.fn, 'EvalError', 'new Function ran');
  assert.equal(attempts.timer, null, 'a string timer ran');
  assert.equal(attempts.inline, null, 'an injected inline script ran');
  assert.equal(attempts.handler, null, 'an injected inline handler ran');
  assert.equal(attempts.fetch, 'TypeError', 'a fetch to another origin was sent');
  const v = await violations(page);
  for (const directive of ['script-src', 'connect-src', 'img-src']) {
    assert.ok(v.some((x) => x.startsWith(directive)), `no ${directive} violation in ${v}`);
  }
  assert.deepEqual(dialogs, []);
  await page.close();
  assert.deepEqual(problems, []);
});

// Share links holding markup, script and prototype keys. Each either fails to decode or fails
// to validate, and the page says so in its link notice, as text.
const HOSTILE = [
  ['raw markup', '#<img src=x onerror=window.__pwned=1>', '<img src'],
  ['markup in the preset', '#v=1~p=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E', '<img src=x'],
  ['markup in a parameter name', '#v=1~p=ionic-missouri~%3Csvg%20onload%3Dwindow.__pwned%3D1%3E=1', '<svg onload'],
  ['script in the oxide', '#v=1~p=ionic-missouri~o=%22%3E%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E', '<script>'],
  ['javascript: URL as the preset', '#v=1~p=javascript:window.__pwned=1', 'javascript:'],
  ['prototype keys', '#v=1~p=ionic-missouri~__proto__=1~constructor=2~toString=3', null],
];

for (const [name, hash, shown] of HOSTILE) {
  test(`user text from the URL is shown as text: ${name}`, async () => {
    const { page, problems, dialogs } = await open(hash);
    const state = await page.evaluate(() => ({
      pwned: window.__pwned ?? null,
      notice: document.querySelector('#link-notice')?.textContent ?? '',
      noticeElements: [...(document.querySelector('#link-notice')?.querySelectorAll('*') ?? [])].map((e) => e.tagName),
      injected: document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], script:not([src])').length,
      results: document.querySelector('#results')?.textContent ?? '',
    }));
    assert.equal(state.pwned, null, 'a script from the URL ran');
    assert.equal(state.injected, 0, 'an element from the URL was created');
    assert.deepEqual(dialogs, [], 'a dialog opened');
    if (shown) {
      assert.ok(state.notice.includes(shown), `the notice does not show ${shown} as text: ${state.notice}`);
      // The notice holds only the page's own <strong> label, whatever the link said.
      assert.ok(state.noticeElements.every((t) => t === 'STRONG'), state.noticeElements.join(','));
    }
    assert.doesNotMatch(state.results, /NaN|Infinity|undefined/);
    assert.deepEqual(await violations(page), [], 'a CSP violation');
    await page.close();
    assert.deepEqual(problems, [], 'console or page errors');
  });
}

test('a share link changed after load is handled the same way', async () => {
  const { page, problems, dialogs } = await open();
  await page.evaluate(() => {
    location.hash = '#v=1~p=%3Ciframe%20src%3Djavascript%3Awindow.__pwned%3D1%3E';
  });
  await page.waitForFunction(() => !document.querySelector('#link-notice').hidden);
  const state = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    iframes: document.querySelectorAll('iframe').length,
    notice: document.querySelector('#link-notice').textContent,
  }));
  assert.equal(state.pwned, null);
  assert.equal(state.iframes, 0);
  assert.ok(state.notice.includes('<iframe'), state.notice);
  assert.deepEqual(dialogs, []);
  await page.close();
  assert.deepEqual(problems, []);
});

test('hostile numbers typed into the inputs give messages, never NaN or Infinity', async () => {
  const { page, problems, dialogs } = await open();
  for (const value of ['1e400', '-1e400', '1e-400', '99999999999999999999']) {
    await page.fill('#claim', value);
    await page.waitForTimeout(50);
    const results = await page.textContent('#results');
    assert.doesNotMatch(results, /NaN|Infinity/, `claim ${value}`);
  }
  const param = await page.$('input[id^="p-"]');
  assert.ok(param, 'no parameter input');
  for (const value of ['1e400', '-5', '1e-320']) {
    await param.fill(value);
    await page.waitForTimeout(50);
    const results = await page.textContent('#results');
    assert.doesNotMatch(results, /NaN|Infinity/, `parameter ${value}`);
  }
  assert.deepEqual(dialogs, []);
  assert.deepEqual(await violations(page), []);
  await page.close();
  assert.deepEqual(problems, []);
});

async function filesUnder(dir, exts) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p, exts)));
    else if (exts.includes(extname(e.name))) out.push(p);
  }
  return out;
}

test("the page's JavaScript has no eval, new Function or HTML-string sinks", async () => {
  const files = await filesUnder(WWW, ['.js', '.mjs', '.html']);
  assert.ok(files.some((f) => f.endsWith('app.js')) && files.some((f) => f.endsWith('reo_lca.js')));
  const sinks = [
    [/(^|[^\w.$])eval\s*\(/, 'eval('],
    [/new\s+Function\s*\(/, 'new Function('],
    [/(^|[^\w$])Function\s*\(\s*['"`]/, 'Function("…")'],
    [/\.innerHTML\s*[+]?=[^=]/, 'innerHTML ='],
    [/\.outerHTML\s*[+]?=[^=]/, 'outerHTML ='],
    [/insertAdjacentHTML\s*\(/, 'insertAdjacentHTML('],
    [/document\.write(ln)?\s*\(/, 'document.write('],
    [/createContextualFragment\s*\(/, 'createContextualFragment('],
    [/set(Timeout|Interval)\s*\(\s*['"`]/, 'setTimeout("…")'],
    [/srcdoc\s*=/, 'srcdoc='],
  ];
  const found = [];
  for (const f of files) {
    const text = await readFile(f, 'utf8');
    for (const [re, label] of sinks) {
      if (re.test(text)) found.push(`${f.slice(ROOT.length + 1)}: ${label}`);
    }
  }
  assert.deepEqual(found, []);
});
