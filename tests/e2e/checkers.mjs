// The accessibility checkers the tests run on the page, each in one function: the Nu
// HTML checker (vnu-jar, on the machine's Java), axe-core and pa11y (HTML_CodeSniffer)
// on a page as a test has brought it to, and Lighthouse's accessibility score. pa11y and
// Lighthouse drive the same Chromium as Playwright, through its debugging port
// (`debuggingPort`), so a file starts one browser for all of them.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const VNU_JAR = require.resolve('vnu-jar/build/dist/vnu.jar');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** A free TCP port on the loopback interface. */
function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/**
 * Browser flags that open Chromium's DevTools port on the loopback interface, for the
 * checkers that bring their own driver (`session({ browserArgs: args })`): { args, port }.
 */
export async function debuggingPort() {
  const port = await freePort();
  return { args: [`--remote-debugging-port=${port}`, '--remote-debugging-address=127.0.0.1'], port };
}

/**
 * The Nu HTML checker's messages for each document in `docs` ({ name: html }), in one
 * run of the checker: { name: ["error: message (line L)", ...] }, errors and warnings
 * (info messages left out).
 */
export async function vnu(docs) {
  const dir = mkdtempSync(join(tmpdir(), 'vgp-vnu-'));
  try {
    const files = Object.entries(docs).map(([name, html], i) => {
      const file = join(dir, `${i}.html`);
      writeFileSync(file, html);
      return [file, name];
    });
    const stderr = await new Promise((ok, fail) => {
      execFile(
        'java',
        ['-jar', VNU_JAR, '--format', 'json', '--exit-zero-always', ...files.map(([f]) => f)],
        { maxBuffer: 64 << 20 },
        (error, _out, err) => (error ? fail(error) : ok(err)),
      );
    });
    const byFile = new Map(files);
    const found = Object.fromEntries(files.map(([, name]) => [name, []]));
    for (const m of JSON.parse(stderr).messages) {
      if (m.type === 'info' && m.subType !== 'warning') continue;
      const kind = m.type === 'error' ? 'error' : 'warning';
      const name = byFile.get(m.url?.replace(/^file:/, '')) ?? m.url;
      (found[name] ??= []).push(`${kind}: ${m.message} (line ${m.lastLine ?? '?'}: ${(m.extract ?? '').trim().slice(0, 120)})`);
    }
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The page's DOM as rendered now, as a document the HTML checker reads. */
export async function renderedHtml(page) {
  return '<!doctype html>\n' + (await page.evaluate(() => document.documentElement.outerHTML));
}

/** axe-core's violations (WCAG 2.x A and AA, best practices) as "impact id: help (where)". */
export async function axe(page) {
  // Injected through the DevTools protocol: the page's own policy forbids inline script.
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      resultTypes: ['violations'],
    }),
  );
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * pa11y's errors (HTML_CodeSniffer, WCAG 2 AA) on a Playwright `page` as it is now (no
 * reload): pa11y drives the same tab through puppeteer over the browser's debugging
 * `port`. `viewport` must be the page's own (pa11y sets it again).
 */
export async function pa11y(page, port, viewport) {
  const { default: puppeteer } = await import('puppeteer');
  const { default: run } = await import('pa11y');
  const mark = `vgp-${Math.random().toString(36).slice(2)}`;
  await page.evaluate((m) => {
    window.__vgpCheckMark = m;
  }, mark);
  const remote = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null });
  try {
    let tab;
    for (const p of await remote.pages()) {
      if ((await p.evaluate(() => window.__vgpCheckMark).catch(() => null)) === mark) tab = p;
    }
    if (!tab) throw new Error('pa11y: the page was not found through the debugging port');
    const { width, height } = viewport.viewport ?? viewport;
    const mobile = Boolean(viewport.mobile);
    const result = await run(page.url(), {
      browser: remote,
      page: tab,
      ignoreUrl: true,
      standard: 'WCAG2AA',
      runners: ['htmlcs'],
      viewport: { width, height, deviceScaleFactor: 1, isMobile: mobile, hasTouch: mobile },
      timeout: 30_000,
    });
    return result.issues
      .filter((i) => i.type === 'error')
      .map((i) => `${i.code}: ${i.message} (${i.selector})`);
  } finally {
    await remote.disconnect();
  }
}

/**
 * Lighthouse's accessibility score (0 to 100) of `url` with the `desktop` or `mobile`
 * preset, run on the browser listening on `port`, and the audits that failed.
 */
export async function lighthouseAccessibility(url, port, preset) {
  const { default: lighthouse } = await import('lighthouse');
  const presets = await import('lighthouse/core/config/constants.js');
  const desktop = preset === 'desktop';
  const flags = {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['accessibility'],
    formFactor: desktop ? 'desktop' : 'mobile',
    screenEmulation: desktop ? presets.screenEmulationMetrics.desktop : presets.screenEmulationMetrics.mobile,
    throttlingMethod: 'provided',
  };
  const result = await lighthouse(url, flags);
  const lhr = result.lhr;
  const category = lhr.categories.accessibility;
  const failed = category.auditRefs
    .map((ref) => lhr.audits[ref.id])
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'manual' && a.scoreDisplayMode !== 'informative')
    .map((a) => `${a.id}: ${a.title}`);
  return { score: Math.round(category.score * 100), failed, runtimeError: lhr.runtimeError?.message };
}
