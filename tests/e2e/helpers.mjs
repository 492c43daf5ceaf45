// Shared helpers of the end-to-end tests: a static server for dist/, the
// browser, a page that records every error it sees, and page probes.
//
// Each *.test.mjs file covers one area of the page and uses `session()` to get
// its own server + browser (closed again in `after`).

import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = resolve(process.env.VGP_DIST ?? join(ROOT, 'dist'));
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The keys of a page's layout (docs/embedding.md); the rest of a link is its run. */
const LAYOUT_KEYS = new Set(['embed', 'panels', 'controls', 'autoplay', 'frame', 'parent', 'theme', 'resize']);

/** The run's keys of a link, a fragment or a query (`b.` keys included), sorted. */
export const runKeys = (link) =>
  link
    .replace(/^[^#]*#/, '')
    .split('&')
    .filter((part) => part && !LAYOUT_KEYS.has(part.split('=')[0]))
    .sort();

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

/**
 * Serve `dir` on `host` (127.0.0.1; another loopback address such as 127.0.0.2 makes
 * another origin, for cross-origin tests) at a free port, with the CORS header unless
 * `cors: false`. Resolves to { url, close }.
 */
export async function startStaticServer(dir = DIST, host = '127.0.0.1', { cors = true } = {}) {
  if (dir === DIST && !existsSync(join(dir, 'index.html'))) {
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
      // As GitHub Pages and most static hosts do: a sandboxed frame (origin null) loads
      // module scripts and wasm with CORS (`cors: false` plays a host that does not).
      ...(cors ? { 'access-control-allow-origin': '*' } : {}),
    });
    createReadStream(file).pipe(res);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, host, ok);
  });
  const { port } = server.address();
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

/** Headless Debian Chromium (with `extraArgs`). Never let Playwright download a browser. */
export function launchBrowser(extraArgs = []) {
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
      ...extraArgs,
    ],
  });
}

/**
 * A static server plus a browser for one test file (launched with `browserArgs`). Call
 * `close()` in `after`.
 * `open(opts)` gives a fresh page (own context) that records problems:
 * { page, context, errors } where errors.console / errors.page / errors.network
 * are arrays of strings. opts: viewport, mobile (touch + mobile emulation),
 * query (appended to the URL), colorScheme ('light' | 'dark': what
 * prefers-color-scheme reports; 'light' unless asked), bypassCSP (let a test inject
 * its own script tags, as axe-core needs; the page's policy stays on otherwise),
 * url (open this address instead of the served page plus `query`), tour (a first visit:
 * the guided tour is not marked as closed), reducedMotion ('reduce' | 'no-preference':
 * what prefers-reduced-motion reports; 'no-preference' unless asked).
 */
export async function session({ browserArgs = [], dir = DIST } = {}) {
  const server = await startStaticServer(dir);
  let browser;
  try {
    browser = await launchBrowser(browserArgs);
  } catch (e) {
    await server.close();
    throw e;
  }
  return {
    url: server.url,
    browser,
    async open({ viewport = VIEWPORTS.desktop, mobile = false, query = '', colorScheme = 'light', bypassCSP = false, url, tour = false, reducedMotion = 'no-preference' } = {}) {
      const context = await browser.newContext({
        // Only for tools a test injects (axe-core); the page's own policy is tested.
        bypassCSP,
        viewport,
        isMobile: mobile,
        hasTouch: mobile,
        deviceScaleFactor: 1,
        colorScheme,
        reducedMotion,
        acceptDownloads: true,
      });
      // A returning visitor who has closed the guided tour (tour.test.mjs tests the tour).
      if (!tour) {
        await context.addInitScript(() => {
          try {
            localStorage.setItem('vgp-tour-dismissed', '1');
          } catch {
            // storage blocked (sandboxed frame): nothing to remember
          }
        });
      }
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
      await page.goto(url ?? server.url + query, { waitUntil: 'load' });
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

/** Train `k` epochs with the Step button from wherever the run is; resolves to the epoch reached. */
export async function stepEpochs(page, k, timeout = 10_000) {
  const start = await readEpoch(page);
  for (let i = 1; i <= k; i++) {
    await page.click('#step');
    await waitForEpoch(page, '=', start + i, timeout);
  }
  return start + k;
}

/**
 * After a pause: wait until the worker has answered every request it had (the epochs it
 * was already training arrive within a few frames; `<body data-pending>` lasts until
 * then), then two frames for the page to show them.
 */
export async function waitForSettled(page, timeout = 5_000) {
  await page.waitForFunction(() => document.body.dataset.pending !== '1', null, { timeout, polling: 'raf' });
  await nextFrames(page);
}

/** Resolve after the browser has painted two more frames. */
export function nextFrames(page, count = 2) {
  return page.evaluate(
    (n) =>
      new Promise((ok) => {
        const tick = (left) => (left <= 0 ? ok() : requestAnimationFrame(() => tick(left - 1)));
        tick(n);
      }),
    count,
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

/**
 * The distinct canvas colours [r, g, b] within `radius` pixels of the point of the
 * heatmap whose tooltip names `layer` ("output layer" or "layer 1,") at `fx` of its
 * width (the middle column by default), found by moving the pointer up the plot. A
 * radius of 0 gives the one pixel; a larger one shows a striped cell's two colours.
 */
export async function heatmapColours(page, layer, { radius = 0, fx = 0.45 } = {}) {
  const canvas = page.locator('#chart-heatmap');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const tip = page.locator('#heatmap-tip');
  const x = box.width * fx;
  const seen = [];
  // Every height whose tooltip names the layer: the cell's middle is the middle one.
  const ys = [];
  for (let fy = 0.05; fy < 0.95; fy += 0.01) {
    const y = box.height * fy;
    await page.mouse.move(box.x + x, box.y + y);
    await nextFrames(page, 1);
    if (!(await tip.isVisible())) continue;
    const text = await tip.textContent();
    seen.push(text);
    if (text.startsWith(layer)) ys.push(y);
    else if (ys.length > 0) break;
  }
  if (ys.length === 0) throw new Error(`no heatmap cell of ${layer} found; tooltips seen: ${JSON.stringify(seen)}`);
  const y = ys[Math.floor(ys.length / 2)];
  return page.evaluate(
    ([px, py, r]) => {
      const c = document.querySelector('#chart-heatmap');
      const ratio = c.width / c.clientWidth;
      const size = 2 * r + 1;
      const d = c.getContext('2d').getImageData(Math.round(px * ratio) - r, Math.round(py * ratio) - r, size, size).data;
      const colours = new Map();
      for (let i = 0; i < d.length; i += 4) colours.set(`${d[i]},${d[i + 1]},${d[i + 2]}`, [d[i], d[i + 1], d[i + 2]]);
      return [...colours.values()];
    },
    [x, y, radius],
  );
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

/** Full-page screenshot (or of the viewport only) into tests/artifacts/NAME.png; returns the path. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
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

/** Fail with every problem seen on the page, and if the error banner shows. */
export async function assertClean(page, errors) {
  assert.equal(describeErrors(errors), '', 'errors seen on the page');
  const banner = page.locator('#error-banner');
  assert.equal(await banner.count(), 1, '#error-banner missing');
  assert.ok(await banner.isHidden(), `#error-banner is visible: ${await banner.textContent()}`);
}

/** Keys whose change applies to the running run (the others rebuild it). */
export const LIVE_KEYS = ['opt', 'lr', 'mom', 'clip', 'epochs'];

/**
 * Set named controls of #controls (keys as in share links) the way the page
 * reads them: selects and inputs get the value, checkboxes are checked for
 * 1/true. Only the LAST entry's control gets input + change events, so the
 * page reacts once — put a rebuild key (not in LIVE_KEYS) last when setting
 * settings that need a rebuild. Throws if a control does not exist or does
 * not accept the value (a select without that option, a range that snaps it).
 */
export function setControls(page, values) {
  return page.evaluate((entries) => {
    entries.forEach(([key, value], i) => {
      const el = document.querySelector(`#controls [name="${key}"]`);
      if (!el) throw new Error(`no control named ${key}`);
      if (el.type === 'checkbox') {
        el.checked = value === true || value === 1 || value === '1' || value === 'true';
      } else {
        el.value = String(value);
        if (el.value !== String(value)) {
          throw new Error(`control ${key} does not accept ${JSON.stringify(String(value))} (holds ${JSON.stringify(el.value)})`);
        }
      }
      if (i === entries.length - 1) {
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }
    });
  }, Object.entries(values));
}

/** The current value of the named control ('1'/'0' for a checkbox). */
export function controlValue(page, key) {
  return page.evaluate((k) => {
    const el = document.querySelector(`#controls [name="${k}"]`);
    if (!el) throw new Error(`no control named ${k}`);
    return el.type === 'checkbox' ? (el.checked ? '1' : '0') : el.value;
  }, key);
}

/**
 * Run `trigger` (e.g. a click) and wait for the download it starts.
 * Resolves to { name, bytes } with the file's suggested name and content.
 */
export async function download(page, trigger, timeout = 10_000) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout }), trigger()]);
  const failure = await dl.failure();
  if (failure) throw new Error(`download of ${dl.suggestedFilename()} failed: ${failure}`);
  const bytes = readFileSync(await dl.path());
  return { name: dl.suggestedFilename(), bytes };
}

/** Click "Run JSON" and parse the vgp-run/1 file it downloads. */
export async function exportRun(page) {
  const { name, bytes } = await download(page, () => page.click('#export-json'));
  assert.equal(name, 'vgp-run.json');
  return JSON.parse(bytes.toString('utf8'));
}

/** The `query` of an exported run as a Map key -> value. */
export function queryOf(run) {
  assert.equal(typeof run.query, 'string', 'run JSON has no query string');
  return new Map(new URLSearchParams(run.query));
}

/** Move keyboard focus off any control, so the page's shortcuts apply. */
export function blurAll(page) {
  return page.evaluate(() => document.activeElement?.blur?.());
}

/**
 * Make the page's run small and quick (rebuilds it): `values` on top of
 * depth 3, width 8, 100 samples. Resolves once the epoch shows 0.
 */
export async function useSmallRun(page, values = {}) {
  const { depth = 3, ...rest } = values;
  // depth last: a rebuild key, so the page reads the whole form.
  await setControls(page, { n: 100, width: 8, ...rest, depth });
  await waitForEpoch(page, '=', 0, 5_000);
}

/**
 * Horizontal overflow probe: the document's scroll and client widths, and
 * the visible elements that reach past the viewport's right or left edge.
 */
export function horizontalOverflow(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const limit = doc.clientWidth;
    const outside = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (el.closest('[hidden]') || getComputedStyle(el).visibility === 'hidden') continue;
      if (r.right > limit + 0.5 || r.left < -0.5) {
        const id = el.id ? `#${el.id}` : '';
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(' ')[0]}` : '';
        outside.push(`${el.tagName.toLowerCase()}${id}${cls} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
      }
    }
    return { scrollWidth: doc.scrollWidth, clientWidth: limit, outside };
  });
}

/** The ten chart canvases of the page. */
export const CHARTS = [
  '#chart-heatmap',
  '#chart-network',
  '#chart-profile',
  '#chart-gains',
  '#chart-loss',
  '#chart-weights',
  '#chart-updates',
  '#chart-boundary',
  '#chart-health',
  '#chart-distributions',
];
