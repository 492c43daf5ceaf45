// Shared helpers of the end-to-end tests: a static server for dist/, the
// browser, a page that records every error it sees, and page probes.
//
// Each *.test.mjs file covers one area of the page and uses `session()` to get
// its own server + browser (closed again in `after`).

import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = resolve(process.env.VGP_DIST ?? join(ROOT, 'dist'));
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 375, height: 812 },
};

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** Serve `dir` on 127.0.0.1 at a free port. Resolves to { url, close }. */
export async function startStaticServer(dir = DIST) {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html not found: build the page first (make build)`);
  }
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    let file = normalize(join(dir, path));
    if (file !== dir && !file.startsWith(dir + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

/** Headless Debian Chromium. Never let Playwright download a browser. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without the networking flags Chromium hangs on blocked network calls
    // here; --no-sandbox because tests run as root in CI.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * A static server plus a browser for one test file. Call `close()` in `after`.
 * `open(opts)` gives a fresh page (own context) that records problems:
 * { page, context, errors } where errors.console / errors.page / errors.network
 * are arrays of strings.
 */
export async function session() {
  const server = await startStaticServer();
  let browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await server.close();
    throw e;
  }
  return {
    url: server.url,
    browser,
    async open({ viewport = VIEWPORTS.desktop, mobile = false, query = '' } = {}) {
      const context = await browser.newContext({
        viewport,
        isMobile: mobile,
        hasTouch: mobile,
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      const errors = { console: [], page: [], network: [] };
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const where = msg.location()?.url ?? '';
        // The browser's own favicon probe is not the page's doing; a page
        // without <link rel="icon"> gets a 404 for it. Not counted.
        if (new URL(where, 'http://x').pathname === '/favicon.ico') return;
        errors.console.push(where ? `${msg.text()} (${where})` : msg.text());
      });
      page.on('pageerror', (err) => errors.page.push(String(err?.stack ?? err)));
      page.on('requestfailed', (req) =>
        errors.network.push(`${req.url()}: ${req.failure()?.errorText}`),
      );
      page.on('response', (res) => {
        if (res.status() >= 400) errors.network.push(`${res.url()}: HTTP ${res.status()}`);
      });
      await page.goto(server.url + query, { waitUntil: 'load' });
      return { page, context, errors };
    },
    async close() {
      await browser?.close().catch(() => {});
      await server.close();
    },
  };
}

/** All problems recorded so far, as one string ('' when none). */
export function describeErrors(errors) {
  return ['console', 'page', 'network']
    .flatMap((k) => errors[k].map((e) => `${k}: ${e}`))
    .join('\n');
}

/** Wait until the wasm has started (body[data-ready="1"]). */
export async function waitForReady(page, errors, timeout = 30_000) {
  try {
    await page.waitForFunction(() => document.body?.dataset.ready === '1', null, { timeout });
  } catch (e) {
    throw new Error(
      `page never set body[data-ready="1"] within ${timeout} ms\n${describeErrors(errors)}\n${e.message}`,
    );
  }
}

/** The integer shown in #epoch. */
export async function readEpoch(page) {
  const text = await page.locator('#epoch').textContent();
  const digits = (text ?? '').replace(/[^0-9]/g, '');
  if (digits === '') throw new Error(`#epoch shows no number: ${JSON.stringify(text)}`);
  return Number(digits);
}

/** Wait until #epoch is above `n` (op '>') or equal to it (op '='). */
export async function waitForEpoch(page, op, n, timeout) {
  try {
    await page.waitForFunction(
      ([o, want]) => {
        const digits = (document.querySelector('#epoch')?.textContent ?? '').replace(/[^0-9]/g, '');
        if (digits === '') return false;
        const got = Number(digits);
        return o === '>' ? got > want : got === want;
      },
      [op, n],
      { timeout, polling: 100 },
    );
  } catch (e) {
    const shown = await page.locator('#epoch').textContent().catch(() => '?');
    throw new Error(`#epoch never became ${op} ${n} within ${timeout} ms (shows ${JSON.stringify(shown)})`);
  }
}

/** Resolve after the browser has painted two more frames. */
export function nextFrames(page) {
  return page.evaluate(
    () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok()))),
  );
}

/**
 * Fraction of a canvas's pixels whose colour differs from its top-left pixel
 * (i.e. how much has been drawn on the background), plus its size.
 */
export function canvasInk(page, selector) {
  return page.evaluate((sel) => {
    const canvas = document.querySelector(sel);
    if (!(canvas instanceof HTMLCanvasElement)) return { error: `${sel} is not a canvas` };
    const { width, height } = canvas;
    if (width === 0 || height === 0) return { error: `${sel} has size ${width}x${height}`, width, height };
    // Copy onto a fresh 2D canvas so this works whatever context the page uses.
    const copy = document.createElement('canvas');
    copy.width = width;
    copy.height = height;
    const ctx = copy.getContext('2d');
    ctx.drawImage(canvas, 0, 0);
    const px = ctx.getImageData(0, 0, width, height).data;
    const [r, g, b, a] = [px[0], px[1], px[2], px[3]];
    let differing = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i] !== r || px[i + 1] !== g || px[i + 2] !== b || px[i + 3] !== a) differing++;
    }
    return { width, height, fraction: differing / (width * height), background: [r, g, b, a] };
  }, selector);
}

/** Set an <input> (e.g. type=range) as a user would: value, then input + change. */
export function setInputValue(page, selector, value) {
  return page.evaluate(
    ([sel, v]) => {
      const el = document.querySelector(sel);
      if (!el) throw new Error(`${sel} not found`);
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    [selector, value],
  );
}

/** Full-page screenshot into tests/artifacts/NAME.png; returns the path. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Wait until #play shows the state for `running` (text "Pause" and
 * aria-pressed="true" while running; "Play" and "false" when not).
 */
export async function waitForPlayState(page, running, timeout = 2_000) {
  const [text, pressed] = running ? ['Pause', 'true'] : ['Play', 'false'];
  try {
    await page.waitForFunction(
      ([t, p]) => {
        const b = document.querySelector('#play');
        return b?.textContent.trim() === t && b.getAttribute('aria-pressed') === p;
      },
      [text, pressed],
      { timeout, polling: 50 },
    );
  } catch {
    const b = page.locator('#play');
    const got = `${JSON.stringify(await b.textContent())}, aria-pressed=${await b.getAttribute('aria-pressed')}`;
    throw new Error(`#play should read "${text}" with aria-pressed=${pressed}, shows ${got}`);
  }
}
