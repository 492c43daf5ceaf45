// A small W3C WebDriver client over HTTP (Node's fetch), enough to drive Firefox
// (geckodriver) and WebKitGTK (WebKitWebDriver) through the page: start the driver,
// open a session, navigate, run scripts (sync and async), find and click elements,
// switch frames, size the window, take screenshots, and end the session. No browser is downloaded: the
// engines are Debian's packages (scripts/install-tools.sh installs them).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** The identifier W3C WebDriver gives an element reference in JSON. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * How to start each engine's driver and which capabilities open a headless session.
 * Paths can be overridden with FIREFOX, GECKODRIVER, WEBKIT_WEBDRIVER and MINIBROWSER.
 */
export const ENGINES = {
  firefox: {
    label: 'Firefox',
    browser: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
    driver: process.env.GECKODRIVER ?? `${process.env.CARGO_HOME ?? `${process.env.HOME}/.cargo`}/bin/geckodriver`,
    command: (driver, port) => [driver, ['--port', String(port), '--host', '127.0.0.1']],
    env: {},
    capabilities: (browser) => ({
      browserName: 'firefox',
      'moz:firefoxOptions': {
        args: ['-headless'],
        binary: browser,
        // Nothing to fetch on a closed network: no update, telemetry or safe-browsing calls.
        prefs: {
          'app.update.disabledForTesting': true,
          'browser.safebrowsing.malware.enabled': false,
          'browser.safebrowsing.phishing.enabled': false,
          'datareporting.policy.dataSubmissionEnabled': false,
          'network.captive-portal-service.enabled': false,
          'network.connectivity-service.enabled': false,
        },
      },
    }),
  },
  webkit: {
    label: 'WebKit',
    browser: process.env.MINIBROWSER ?? MINIBROWSER,
    driver: process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver',
    // WebKitGTK has no headless mode: its browser runs on a virtual X display.
    command: (driver, port) => ['xvfb-run', ['-a', driver, `--port=${port}`, '--host=127.0.0.1']],
    // Without compositing the page paints about five times as many frames under Xvfb.
    // JavaScriptCore compiles on the thread that runs the code (JSC_useConcurrentJIT=0):
    // with its compiler threads, WebKitGTK 2.50 corrupts a WebAssembly module's memory
    // now and then (docs/testing.md, "The WebKit trap": 4 faults in 970 loads of the
    // soak's hammer, none in 1,600 with this; the page's crash guard covers readers).
    // (The soak sets JSC_useConcurrentJIT=1, as Safari runs, to count the fault.)
    env: { WEBKIT_DISABLE_COMPOSITING_MODE: '1', JSC_useConcurrentJIT: process.env.JSC_useConcurrentJIT ?? '0' },
    capabilities: (browser) => ({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: browser, args: ['--automation'] },
    }),
  },
};

/** Why an engine cannot run here ('' when its browser and driver are installed). */
export function missing(name) {
  const engine = ENGINES[name];
  const absent = [engine.browser, engine.driver].filter((p) => !existsSync(p));
  return absent.length ? `${engine.label}: not installed (${absent.join(', ')}); run scripts/install-tools.sh as root` : '';
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** An error answered by the driver, with its W3C error code. */
export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    super(`${method} ${path}: HTTP ${status} ${value?.error ?? ''}: ${value?.message ?? JSON.stringify(value)}`);
    this.code = value?.error;
  }
}

/**
 * Start the driver of engine `name` ('firefox' or 'webkit') on a free port and wait
 * until it answers. Resolves to { url, log, stop }; `log` holds the driver's output.
 */
export async function startDriver(name) {
  const engine = ENGINES[name];
  const port = await freePort();
  const [program, args] = engine.command(engine.driver, port);
  // detached: the driver leads its own process group, so `stop` ends xvfb-run's
  // children (Xvfb, the driver, the browser) with it.
  const child = spawn(program, args, {
    env: { ...process.env, ...engine.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = [];
  const keep = (chunk) => {
    log.push(String(chunk));
    if (log.length > 200) log.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = `exited (code ${code}, signal ${signal})`;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`${engine.label} driver ${exited}:\n${log.join('')}`);
    try {
      const res = await fetch(`${url}/status`);
      const body = await res.json();
      if (body?.value?.ready !== false) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${engine.label} driver did not answer on ${url} within 30 s:\n${log.join('')}`);
    }
    await sleep(200);
  }
  return { url, log, stop };
}

/** WebDriver's codes of the keys the tests press (the WebDriver standard's key table). */
export const KEYS = { tab: '\uE004', enter: '\uE007', arrowRight: '\uE014' };

/** One browser session on a running driver. */
export class Session {
  constructor(driverUrl, id, capabilities) {
    this.base = `${driverUrl}/session/${id}`;
    this.capabilities = capabilities;
  }

  /** Open a session of engine `name` on `driver` (from startDriver). */
  static async open(name, driver) {
    const engine = ENGINES[name];
    let value;
    try {
      value = await command(driver.url, 'POST', '/session', {
        capabilities: { alwaysMatch: engine.capabilities(engine.browser) },
      });
    } catch (e) {
      throw new Error(`${engine.label}: no session: ${e.message}\ndriver output:\n${driver.log.join('').slice(-4000)}`);
    }
    const session = new Session(driver.url, value.sessionId, value.capabilities);
    await session.send('POST', '/timeouts', { script: 120_000, pageLoad: 60_000, implicit: 0 });
    return session;
  }

  send(method, path, body) {
    return command(this.base, method, path, body);
  }

  /** The browser's name and version, e.g. "firefox 128.5.0". */
  get version() {
    return `${this.capabilities.browserName} ${this.capabilities.browserVersion}`;
  }

  /** Load `url` and wait for its load event. */
  navigate(url) {
    return this.send('POST', '/url', { url });
  }

  /** Run `fn` (a function, or its source) in the page with `args`; resolves to its result. */
  execute(fn, ...args) {
    return this.send('POST', '/execute/sync', { script: `return (${fn}).apply(null, arguments);`, args });
  }

  /**
   * Run the async function `fn` in the page with `args` and resolve to what its promise
   * resolves to (a rejection becomes an error naming its message).
   */
  async executeAsync(fn, ...args) {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve((${fn}).apply(null, Array.prototype.slice.call(arguments, 0, -1)))
        .then((value) => done({ ok: true, value }), (e) => done({ ok: false, error: String(e && (e.stack || e.message) || e) }));`;
    const outcome = await this.send('POST', '/execute/async', { script, args });
    if (!outcome?.ok) throw new Error(`script in the page failed: ${outcome?.error}`);
    return outcome.value;
  }

  /** The first element matching the CSS `selector`, as a reference for other calls. */
  async find(selector) {
    const value = await this.send('POST', '/element', { using: 'css selector', value: selector });
    return value[ELEMENT_KEY];
  }

  /** Click the element matching `selector` as a user would (the driver checks it can be clicked). */
  async click(selector) {
    const element = await this.find(selector);
    await this.send('POST', `/element/${element}/click`, {});
  }

  /**
   * Press keys as a user would, on whatever has the focus: each of `keys` is a character
   * or a WebDriver key code (KEYS above), pressed and released in turn.
   */
  async press(...keys) {
    const actions = keys.flatMap((value) => [
      { type: 'keyDown', value },
      { type: 'keyUp', value },
    ]);
    await this.send('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.send('DELETE', '/actions', undefined);
  }

  /** Make the frame element matching `selector` the context of later calls; null for the top page. */
  async switchToFrame(selector) {
    const id = selector === null ? null : { [ELEMENT_KEY]: await this.find(selector) };
    await this.send('POST', '/frame', { id });
  }

  /** Size the browser window (outer size, in CSS pixels). */
  setWindowSize(width, height) {
    return this.send('POST', '/window/rect', { width, height });
  }

  /** A PNG of the viewport, as bytes. */
  async screenshot() {
    return Buffer.from(await this.send('GET', '/screenshot'), 'base64');
  }

  /** End the session (closes the browser). */
  async close() {
    await this.send('DELETE', '', undefined).catch(() => {});
  }
}

async function command(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`);
  }
  if (!res.ok) throw new WebDriverError(method, path, res.status, parsed?.value);
  return parsed?.value;
}
