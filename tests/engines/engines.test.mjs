// Area: the page in the other engines students use — Firefox (geckodriver) and WebKit
// (WebKitGTK's MiniBrowser) driven over WebDriver (webdriver.mjs): the page loads clean,
// Play, Step and every chart work, it fits the window, and a run computes bit for bit what Chromium and the
// native `vgp run` compute; share links apply and hostile ones only show their notice;
// embed mode and the postMessage round trip from a parent page on another origin; the
// offline single file opened from file://. Only the page's behaviour and window.vgp are
// used, never its internals. Saves tests/artifacts/{firefox,webkit}-desktop-1280.png.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, CHARTS, DIST, ROOT, session as chromiumSession, startStaticServer, waitForReady } from '../e2e/helpers.mjs';
import { ENGINES, Session, missing, startDriver } from './webdriver.mjs';

/** The link whose run every engine must compute bit for bit (batch norm, residuals, Adam, minibatches). */
const FINGERPRINT_LINK = 'data=moons&n=200&depth=4&width=8&act=tanh&init=glorot_normal&bn=1&res=1&opt=adam&lr=0.01&batch=16&seed=7';
const FINGERPRINT_EPOCHS = 12;

/** Engines to test: VGP_ENGINES=firefox or =webkit runs one; both by default. */
const ENGINE_NAMES = (process.env.VGP_ENGINES ?? 'firefox,webkit').split(',').filter(Boolean);

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** JSON text of `value` with every object's keys sorted, whatever order they arrived in. */
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A run's fingerprint: SHA-256 of its vgp-run/1 object without `query` (the native
 * command adds its epoch limit there; the query is compared on its own), keys sorted
 * (WebKit's driver hands objects over with their keys in another order). Every f32 is
 * written in its shortest exact decimal, so equal fingerprints mean equal bits: data,
 * initial and final parameters, every recorded epoch's metrics, histograms, gains and
 * diagnosis.
 */
function fingerprint(run) {
  const { query, ...rest } = run;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex').slice(0, 16);
}

/**
 * The page's run (window.vgp.run(), a value or a promise of it), serialized by the page
 * itself and parsed here.
 */
async function pageRun(s) {
  return JSON.parse(await s.executeAsync(async () => JSON.stringify(await window.vgp.run())));
}

/** A query without its epoch limit, for comparing the page's with the command's. */
const withoutEpochLimit = (query) =>
  query
    .split('&')
    .filter((pair) => !pair.startsWith('epochs='))
    .join('&');

/** The native command's run of `query` for `epochs` epochs (its vgp-run/1 JSON). */
function nativeRun(query, epochs) {
  const dir = mkdtempSync(join(tmpdir(), 'vgp-engines-native-'));
  try {
    const file = join(dir, 'run.json');
    execFileSync(
      'cargo',
      ['run', '--release', '--quiet', '-p', 'vgp-cli', '--', 'run', query, '--epochs', String(epochs), '--json', file],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    return JSON.parse(readFileSync(file, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Chromium's run of `query` for `epochs` epochs, through the page's window.vgp (the e2e helpers). */
async function chromiumRun(query, epochs) {
  const s = await chromiumSession();
  try {
    const { page, errors } = await s.open({ query: `#${query}` });
    await waitForReady(page, errors);
    return await page.evaluate(async (n) => {
      await window.vgp.train(n);
      return await window.vgp.run();
    }, epochs);
  } finally {
    await s.close();
  }
}

/** `html` with the error recorder as its first script, before the page's policy. */
function instrument(html, recorder) {
  const marker = '<meta charset="utf-8">';
  if (!html.includes(marker)) throw new Error(`the page has no ${marker} to put the error recorder after`);
  return html.replace(marker, `${marker}\n  <script>${recorder}</script>`);
}

// ---- probes of the page, over WebDriver -------------------------------------------------

/** Poll `fn(...args)` in the page until it returns something truthy; resolves to that. */
async function waitUntil(s, what, timeout, fn, ...args) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await s.execute(fn, ...args);
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeout} ms (last: ${JSON.stringify(last)})`);
    await sleep(100);
  }
}

/** Open `url` in a fresh document (about:blank first, so a fragment-only change is a new page). */
async function openPage(s, url) {
  await s.navigate('about:blank');
  await s.navigate(url);
  await waitUntil(s, `${url}: body[data-ready="1"]`, 60_000, () => document.body?.dataset.ready === '1');
}

/** Every error the recorder saw, and the error banner's state. */
function problems(s) {
  return s.execute(() => {
    const banner = document.querySelector('#error-banner');
    return {
      errors: window.__vgpErrors ?? ['the error recorder is missing'],
      banner: banner ? (banner.hidden ? '' : `visible: ${banner.textContent}`) : 'missing',
    };
  });
}

async function assertClean(s, where) {
  const seen = await problems(s);
  assert.deepEqual(seen.errors, [], `${where}: errors in the page`);
  assert.equal(seen.banner, '', `${where}: #error-banner`);
}

/** The number #epoch shows. */
async function readEpoch(s) {
  const text = await s.execute(() => document.querySelector('#epoch')?.textContent ?? '');
  const digits = text.replace(/[^0-9]/g, '');
  assert.notEqual(digits, '', `#epoch shows no number: ${JSON.stringify(text)}`);
  return Number(digits);
}

async function waitForEpoch(s, op, n, timeout = 20_000) {
  try {
    return await waitUntil(
      s,
      `#epoch ${op} ${n}`,
      timeout,
      (o, want) => {
        const digits = (document.querySelector('#epoch')?.textContent ?? '').replace(/[^0-9]/g, '');
        if (digits === '') return false;
        const got = Number(digits);
        return o === '>' ? got > want : got === want;
      },
      op,
      n,
    );
  } catch (error) {
    // What the page was doing, for the failure's message.
    const seen = await s.execute(() => ({
      epoch: document.querySelector('#epoch')?.textContent,
      engine: document.body.dataset.engine,
      visibility: document.visibilityState,
      state: window.vgp?.state?.(),
      performance: window.vgp?.performance?.(),
      status: document.querySelector('#status')?.textContent,
      errors: window.__vgpErrors,
    }));
    throw new Error(`${error.message}; the page: ${JSON.stringify(seen)}`);
  }
}

/** Click Step `k` times, each time waiting for exactly one more epoch. */
async function stepEpochs(s, k) {
  const start = await readEpoch(s);
  for (let i = 1; i <= k; i++) {
    await s.click('#step');
    await waitForEpoch(s, '=', start + i);
  }
  return start + k;
}

/** window.vgp once ready: train `epochs` more epochs, resolve to the state. */
const trainThroughApi = (s, epochs) =>
  s.executeAsync(async (n) => {
    const api = await window.vgp.ready;
    return api.train(n);
  }, epochs);

/** Fraction of each chart canvas's pixels that differ from its top-left pixel. */
function chartInk(s, selectors) {
  return s.execute((sels) => {
    const out = {};
    for (const sel of sels) {
      const canvas = document.querySelector(sel);
      if (!(canvas instanceof HTMLCanvasElement) || !canvas.width || !canvas.height) {
        out[sel] = -1;
        continue;
      }
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const ctx = copy.getContext('2d');
      ctx.drawImage(canvas, 0, 0);
      const px = ctx.getImageData(0, 0, copy.width, copy.height).data;
      let differing = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (px[i] !== px[0] || px[i + 1] !== px[1] || px[i + 2] !== px[2] || px[i + 3] !== px[3]) differing++;
      }
      out[sel] = differing / (copy.width * copy.height);
    }
    return out;
  }, selectors);
}

// ---- the suite --------------------------------------------------------------------------

let work, pageServer, parentServer, offlineFile, expected;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'vgp-engines-'));
  const recorder = readFileSync(join(ROOT, 'tests', 'engines', 'page-errors.js'), 'utf8');
  // The built page with the error recorder, served on 127.0.0.1.
  const served = join(work, 'page');
  cpSync(DIST, served, { recursive: true });
  writeFileSync(join(served, 'index.html'), instrument(readFileSync(join(DIST, 'index.html'), 'utf8'), recorder));
  // A page that fails in every way the recorder watches, for its self-check.
  writeFileSync(
    join(served, 'recorder-self-check.html'),
    instrument('<!doctype html><meta charset="utf-8"><title>self-check</title><img src="missing.png" alt=""><script src="recorder-self-check.js"></script>', recorder),
  );
  writeFileSync(
    join(served, 'recorder-self-check.js'),
    "console.error('planted console error');\nPromise.reject(new Error('planted rejection'));\nsetTimeout(() => { throw new Error('planted throw'); });\n",
  );
  pageServer = await startStaticServer(served, '127.0.0.1');
  // The offline single file, built from the same dist/, with the recorder.
  offlineFile = join(work, 'offline', 'playground.html');
  execFileSync('node', [join(ROOT, 'scripts', 'offline.mjs'), DIST, offlineFile], { stdio: 'ignore' });
  writeFileSync(offlineFile, instrument(readFileSync(offlineFile, 'utf8'), recorder));
  // Course notes on another origin (localhost, while the page is on 127.0.0.1) embedding
  // the page; the server reads the file per request, so it is written once the port is known.
  const notes = join(work, 'notes');
  mkdirSync(notes);
  pageServer.origin = pageServer.url.replace(/\/$/, '');
  parentServer = await startStaticServer(notes, 'localhost');
  parentServer.origin = parentServer.url.replace(/\/$/, '');
  writeFileSync(
    join(notes, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>Course notes</title>
    <p>Notes on another origin, embedding a playground.</p>
    <iframe id="fig" title="playground" style="width:480px;height:640px;border:0"
      src="${pageServer.origin}/#depth=3&width=6&n=100&embed=1&panels=heatmap,loss&frame=fig&parent=${encodeURIComponent(parentServer.origin)}"></iframe>
    <script>
      window.inbox = [];
      addEventListener('message', (e) => inbox.push({ origin: e.origin, data: e.data }));
      window.ask = (message) => document.getElementById('fig').contentWindow.postMessage(message, ${JSON.stringify(pageServer.origin)});
    </script>`,
  );

  // What every engine must compute: the native command's run, and Chromium's.
  const native = nativeRun(FINGERPRINT_LINK, FINGERPRINT_EPOCHS);
  const chromium = await chromiumRun(FINGERPRINT_LINK, FINGERPRINT_EPOCHS);
  assert.equal(withoutEpochLimit(native.query), chromium.query, 'native and Chromium queries');
  assert.equal(fingerprint(chromium), fingerprint(native), 'Chromium and the native command disagree');
  expected = { query: chromium.query, fingerprint: fingerprint(native), epochs: native.epochs.length };
  console.log(`# expected run fingerprint after ${FINGERPRINT_EPOCHS} epochs (native = Chromium): ${expected.fingerprint}`);
});

after(async () => {
  await pageServer?.close();
  await parentServer?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

for (const name of ENGINE_NAMES) {
  const engine = ENGINES[name];
  if (!engine) throw new Error(`VGP_ENGINES: unknown engine ${name}; known: ${Object.keys(ENGINES).join(', ')}`);

  describe(engine.label, () => {
    let driver, s;
    before(async () => {
      const absent = missing(name);
      if (absent) throw new Error(absent);
      driver = await startDriver(name);
      s = await Session.open(name, driver);
      await s.setWindowSize(1280, 900);
      console.log(`# ${engine.label}: ${s.version}`);
    });
    after(async () => {
      await s?.close();
      await driver?.stop();
    });

    test('self-check: the error recorder sees a page error, a rejection, a console error and a failed load', async () => {
      await s.navigate('about:blank');
      await s.navigate(`${pageServer.url}recorder-self-check.html`);
      const seen = await waitUntil(s, 'four errors recorded', 10_000, () => window.__vgpErrors?.length >= 4 && window.__vgpErrors);
      const kinds = ['console error: planted console error', 'unhandled rejection: ', 'page error: ', 'failed to load '];
      for (const kind of kinds) assert.ok(seen.some((e) => e.startsWith(kind)), `no "${kind}" in ${JSON.stringify(seen)}`);
    });

    test('the page loads clean, Play trains, Step adds one epoch, every chart draws', async () => {
      await openPage(s, pageServer.url);
      await assertClean(s, 'after loading');
      assert.equal(await readEpoch(s), 0);
      // A served page trains in its Web Worker (body[data-engine], set once the worker answers).
      await waitUntil(s, 'the worker answers', 30_000, () => document.body.dataset.engine === 'worker');
      await s.click('#play');
      await waitForEpoch(s, '>', 2, 60_000);
      await s.click('#play');
      await waitUntil(s, 'Play shows "Play" again', 5_000, () => {
        const b = document.querySelector('#play');
        return b?.textContent.trim() === 'Play' && b.getAttribute('aria-pressed') === 'false';
      });
      // Epochs already under way when Pause came may still be reported (the run can
      // train in a worker): let them land, then the count must stand still.
      await sleep(300);
      const paused = await readEpoch(s);
      await sleep(500);
      assert.equal(await readEpoch(s), paused, 'the run trains on after Pause');
      await s.click('#step');
      await waitForEpoch(s, '=', paused + 1);
      await sleep(500);
      assert.equal(await readEpoch(s), paused + 1, 'Step trained more than one epoch');
      // Charts redraw at their own pace: wait until every one has ink.
      let ink;
      for (const deadline = Date.now() + 20_000; ; await sleep(250)) {
        ink = await chartInk(s, CHARTS);
        if (CHARTS.every((chart) => ink[chart] > 0.01) || Date.now() > deadline) break;
      }
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, `${name}-desktop-1280.png`), await s.screenshot());
      for (const chart of CHARTS) assert.ok(ink[chart] > 0.01, `${chart}: ${ink[chart]} of its pixels drawn`);
      await assertClean(s, 'after training');
    });

    test('the page fits the window: no horizontal overflow at 1280 px and at the narrowest window', async () => {
      try {
        for (const width of [1280, 375]) {
          // Browsers keep a minimum window width (about 450 px in both engines here).
          await s.setWindowSize(width, 900);
          await openPage(s, `${pageServer.url}#depth=3&width=6&n=100`);
          await stepEpochs(s, 1);
          const seen = await s.execute(() => {
            const doc = document.documentElement;
            const limit = doc.clientWidth;
            const outside = [];
            for (const el of document.body.querySelectorAll('*')) {
              const r = el.getBoundingClientRect();
              if (r.width === 0 || r.height === 0) continue;
              if (el.closest('[hidden]') || getComputedStyle(el).visibility === 'hidden') continue;
              if (r.right > limit + 0.5 || r.left < -0.5) outside.push(`${el.tagName.toLowerCase()}#${el.id} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
            }
            return { width: innerWidth, scrollWidth: doc.scrollWidth, clientWidth: limit, outside };
          });
          assert.deepEqual(seen.outside, [], `window ${seen.width} px wide: elements past the edges`);
          assert.ok(seen.scrollWidth <= seen.clientWidth, `window ${seen.width} px wide: scrolls sideways (${seen.scrollWidth} > ${seen.clientWidth})`);
          await assertClean(s, `window ${seen.width} px wide`);
        }
      } finally {
        await s.setWindowSize(1280, 900);
      }
    });

    test(`a link's run after ${FINGERPRINT_EPOCHS} epochs is bit for bit Chromium's and the native command's`, async () => {
      await openPage(s, `${pageServer.url}#${FINGERPRINT_LINK}`);
      const state = await trainThroughApi(s, FINGERPRINT_EPOCHS);
      assert.equal(state.epoch, FINGERPRINT_EPOCHS);
      assert.equal(state.running, false);
      const run = await pageRun(s);
      assert.equal(run.query, expected.query, 'the run uses the link');
      assert.equal(run.epochs.length, expected.epochs, 'recorded epochs');
      assert.equal(fingerprint(run), expected.fingerprint, `${engine.label}'s run fingerprint differs from Chromium's and the native command's`);
      // The counter is written by the page's next animation frame.
      await waitForEpoch(s, '=', FINGERPRINT_EPOCHS);
      await assertClean(s, 'after the run');
    });

    test('a share link applies its configuration, and training follows it', async () => {
      const link = 'n=100&depth=4&width=6&act=relu&init=he_normal&lr=0.05&seed=3';
      await openPage(s, `${pageServer.url}#${link}`);
      const form = await s.execute(() => ({
        act: document.querySelector('#act')?.value,
        depth: document.querySelector('#controls [name="depth"]')?.value,
        notice: document.querySelector('#notice')?.hidden,
        hash: location.hash,
      }));
      assert.deepEqual(form, { act: 'relu', depth: '4', notice: true, hash: `#${link}` });
      const state = await s.execute(() => window.vgp.state());
      assert.equal(state.query, link, 'the running configuration');
      await stepEpochs(s, 3);
      const run = await pageRun(s);
      assert.equal(run.layers.length, 5, 'depth 4: four hidden layers and the output');
      assert.deepEqual(
        run.layers.map((l) => [l.activation, l.outputs]),
        [['relu', 6], ['relu', 6], ['relu', 6], ['relu', 6], ['linear', 1]],
      );
      assert.deepEqual(
        run.epochs.map((e) => e.epoch),
        [0, 1, 2, 3],
        'the epochs recorded',
      );
      assert.equal(run.data.train.x.length + run.data.test.x.length, 100, 'n=100 samples');
      await assertClean(s, 'after training the link');
    });

    test('a hostile link shows its notice, runs no script and trains nothing by itself', async () => {
      const hostile = [
        `depth=3&act=<img src=x onerror="window.pwned=1">&width=6`,
        `depth=3&panels=<script>window.pwned=1</script>,loss&width=6`,
        `depth=3&width=6&lr=1e999&n=-5&noise=NaN&scale=99999999999999999999`,
      ];
      for (const link of hostile) {
        const where = link.slice(0, 50);
        await openPage(s, `${pageServer.url}#${encodeURI(link)}`);
        await waitUntil(s, `${where}: notice shown`, 5_000, () => {
          const notice = document.querySelector('#notice');
          return notice && !notice.hidden && notice.querySelectorAll('li').length > 0;
        });
        await sleep(500);
        const seen = await s.execute(() => ({
          pwned: window.pwned ?? null,
          markup: document.querySelectorAll('#notice img, #notice script').length,
          state: window.vgp.state(),
        }));
        assert.equal(seen.pwned, null, `${where}: script ran`);
        assert.equal(seen.markup, 0, `${where}: markup from the link in the notice`);
        assert.equal(seen.state.epoch, 0, `${where}: trained by itself`);
        assert.equal(seen.state.running, false, `${where}: running by itself`);
        assert.match(seen.state.query, /depth=3/, `${where}: the valid parts apply`);
        assert.match(seen.state.query, /width=6/, `${where}: the valid parts apply`);
        await assertClean(s, where);
      }
    });

    test('embed=1 shows the compact page with only the named charts and keeps its address', async () => {
      const link = 'depth=4&width=6&n=100&embed=1&panels=heatmap,loss&theme=dark';
      await openPage(s, `${pageServer.url}#${link}`);
      const shown = await s.execute(() => {
        const visible = (sel) => {
          const el = document.querySelector(sel);
          return !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
        };
        return {
          charts: ['heatmap', 'profile', 'gains', 'loss', 'weights', 'updates', 'boundary', 'health', 'distributions'].filter(
            (c) => visible(`#chart-${c}`),
          ),
          // The page's name stays for screen readers, in a 1 px box nobody sees.
          header: (() => {
            const box = document.querySelector('.top')?.getBoundingClientRect();
            return !!box && box.width > 1 && box.height > 1;
          })(),
          play: visible('#play'),
          depth: visible('#depth'),
          theme: document.documentElement.dataset.theme,
        };
      });
      assert.deepEqual(shown, { charts: ['heatmap', 'loss'], header: false, play: true, depth: false, theme: 'dark' });
      await stepEpochs(s, 2);
      assert.equal(await s.execute(() => location.hash), `#${link}`, 'an embed rewrote its address');
      await assertClean(s, 'embed');
    });

    test('a parent page on another origin drives an embedded page through postMessage', async () => {
      await s.navigate('about:blank');
      await s.navigate(parentServer.url);
      const pageOrigin = pageServer.origin;
      const ready = await waitUntil(s, 'the frame says ready', 60_000, () =>
        window.inbox.find((m) => m.data && m.data.vgp === 1 && m.data.event === 'ready'),
      );
      assert.equal(ready.origin, pageOrigin, 'ready comes from the page origin');
      assert.equal(ready.data.frame, 'fig');
      // One request, its reply (matched by id) within the timeout.
      const ask = (id, method, params) =>
        s.executeAsync(
          (request) =>
            new Promise((ok, fail) => {
              const started = Date.now();
              window.ask(request);
              const look = () => {
                const reply = window.inbox.find((m) => m.data && m.data.vgp === 1 && m.data.id === request.id);
                if (reply) ok(reply);
                else if (Date.now() - started > 60_000) fail(new Error(`no reply to ${request.method}; the last messages: ${JSON.stringify(window.inbox.slice(-3).map((m) => m.data))}`));
                else setTimeout(look, 50);
              };
              look();
            }),
          { vgp: 1, id, method, params },
        );
      const hello = await ask(1, 'hello', []);
      assert.equal(hello.data.result, true);
      const configured = await ask(2, 'setConfig', ['depth=2&width=5&act=relu&n=50']);
      assert.equal(configured.origin, pageOrigin);
      assert.equal(configured.data.frame, 'fig');
      // The run's keys, then the page's own (embed, panels, frame, parent) kept.
      const embedded = `n=50&depth=2&width=5&act=relu&embed=1&panels=heatmap,loss&frame=fig&parent=${parentServer.origin}`;
      assert.deepEqual(configured.data.result, { query: embedded, warnings: [] });
      const trained = await ask(3, 'train', [5]);
      assert.deepEqual(
        { epoch: trained.data.result.epoch, running: trained.data.result.running },
        { epoch: 5, running: false },
      );
      const state = await ask(4, 'state', []);
      const { epoch, running, diverged, query, ...numbers } = state.data.result;
      assert.deepEqual({ epoch, running, diverged, query }, { epoch: 5, running: false, diverged: false, query: embedded });
      // The caption numbers (docs/embedding.md), as the page's own read-out has them.
      assert.deepEqual(Object.keys(numbers).sort(), ['diagnosis', 'ratio_orders', 'test_accuracy', 'test_loss', 'test_rmse', 'train_loss']);
      assert.ok(numbers.train_loss > 0 && numbers.test_loss > 0, JSON.stringify(numbers));
      assert.ok(numbers.test_accuracy >= 0 && numbers.test_accuracy <= 1 && numbers.test_rmse === null, JSON.stringify(numbers));
      assert.ok(Number.isFinite(numbers.ratio_orders) && Array.isArray(numbers.diagnosis), JSON.stringify(numbers));
      const unknown = await ask(5, 'fly', []);
      assert.equal(unknown.data.error?.code, 'unknown_method');
      const bad = await ask(6, 'train', ['many']);
      assert.equal(bad.data.error?.code, 'bad_params');
      // Inside the frame: the compact page, at the epoch the parent trained to, clean.
      await s.switchToFrame('#fig');
      try {
        const inside = await s.execute(() => ({
          origin: location.origin,
          header: (() => {
            const box = document.querySelector('.top')?.getBoundingClientRect();
            return !!box && box.width > 1 && box.height > 1;
          })(),
          act: document.querySelector('#act')?.value,
        }));
        assert.deepEqual(inside, { origin: pageOrigin, header: false, act: 'relu' });
        await waitForEpoch(s, '=', 5);
        await assertClean(s, 'in the frame');
      } finally {
        await s.switchToFrame(null);
      }
    });

    test('the offline single file trains when opened from file://', async () => {
      const url = `${pathToFileURL(offlineFile).href}#depth=3&width=6&n=100&act=tanh`;
      await openPage(s, url);
      await stepEpochs(s, 3);
      assert.equal(await s.execute(() => document.querySelector('#act')?.value), 'tanh', 'the link in the address applies');
      // One file has no worker script: the page trains the run itself.
      assert.equal(await s.execute(() => document.body.dataset.engine), 'page');
      await assertClean(s, 'offline file');
    });
  });
}
