// One browser for the soak and watch runs, whatever the engine, behind the same small
// interface: navigate, execute (sync), executeAsync, click, inFrame, close. Firefox and
// WebKit through the engines tests' WebDriver client (tests/engines/webdriver.mjs),
// Chromium through Playwright (the e2e helpers' launch). Scripts are functions run in
// the page with JSON arguments, as WebDriver runs them.

import { Session, missing, startDriver } from '../engines/webdriver.mjs';
import { session as chromiumSession } from '../e2e/helpers.mjs';

/**
 * JavaScriptCore's options for this run, set in this process's environment (the
 * WebKit browsers started from it inherit them): SOAK_FAST_MEMORY=0 gives
 * JSC_useWasmFastMemory=0; the compiler threads are on (JSC_useConcurrentJIT=1, as
 * Safari runs) unless SOAK_CONCURRENT_JIT=0; SOAK_JSC adds any others, as
 * "name=value name=value" (for example the tier-up thresholds,
 * thresholdForOMGOptimizeAfterWarmUp=50). Returns them as JSC_name=value texts.
 */
export function applyJscOptions() {
  const options = { useConcurrentJIT: process.env.SOAK_CONCURRENT_JIT === '0' ? '0' : '1' };
  if (process.env.SOAK_FAST_MEMORY === '0') options.useWasmFastMemory = '0';
  for (const pair of (process.env.SOAK_JSC ?? '').split(/\s+/).filter(Boolean)) {
    const [name, value] = pair.split('=');
    if (!/^\w+$/.test(name) || value === undefined) throw new Error(`SOAK_JSC: '${pair}' is not name=value`);
    options[name] = value;
  }
  for (const [name, value] of Object.entries(options)) process.env[`JSC_${name}`] = value;
  return Object.entries(options).map(([name, value]) => `JSC_${name}=${value}`);
}

/** `fn`, counting in window.__vgpNested each run that starts inside the page's own callback. */
const probed = (fn) => ({
  toString: () =>
    `function () { if (window.__vgpDepth > 0) window.__vgpNested++; return (${fn}).apply(this, arguments); }`,
});

/** A browser of engine `name` ('webkit', 'firefox' or 'chromium'), window 1280 x 900. */
export async function openEngine(name) {
  if (name === 'chromium') return openChromium();
  const absent = missing(name);
  if (absent) throw new Error(absent);
  const driver = await startDriver(name);
  let s;
  try {
    s = await Session.open(name, driver);
    await s.send('POST', '/timeouts', { script: 60_000, pageLoad: 60_000, implicit: 0 });
    await s.setWindowSize(1280, 900);
  } catch (e) {
    await driver.stop();
    throw e;
  }
  return {
    version: s.version,
    navigate: (url) => s.navigate(url),
    execute: (fn, ...args) => s.execute(probed(fn), ...args),
    executeAsync: (fn, ...args) => s.executeAsync(probed(fn), ...args),
    click: (selector) => s.click(selector),
    async inFrame(selector, body) {
      await s.switchToFrame(selector);
      try {
        return await body();
      } finally {
        await s.switchToFrame(null);
      }
    },
    async close() {
      await s.close();
      await driver.stop();
    },
  };
}

async function openChromium() {
  const session = await chromiumSession();
  // The session's own page (and its server of dist/) is not used: the soak serves its
  // instrumented copy and records errors in the page, as in the other engines.
  const { page, context } = await session.open({ url: 'about:blank' });
  let target = page;
  const run = (fn, args) => target.evaluate(`(${fn}).apply(null, ${JSON.stringify(args)})`);
  return {
    version: `chromium ${context.browser()?.version() ?? ''}`.trim(),
    navigate: (url) => page.goto(url, { waitUntil: 'load' }),
    execute: (fn, ...args) => run(fn, args),
    executeAsync: (fn, ...args) => run(fn, args),
    click: (selector) => target.click(selector),
    async inFrame(selector, body) {
      const frame = await (await page.$(selector))?.contentFrame();
      if (!frame) throw new Error(`no frame ${selector}`);
      target = frame;
      try {
        return await body();
      } finally {
        target = page;
      }
    },
    close: () => session.close(),
  };
}
