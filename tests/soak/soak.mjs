// Soak of the built page (not part of `make test`; `make soak`): many fresh page loads in
// one engine, each followed by one of the operations the engines tests do (Step,
// train through window.vgp, postMessage from a parent page on another origin, the
// offline single file opened from file://), counting traps (a RuntimeError, a panic or
// any other error the page records), freezes (an operation that never completes,
// vgp.state() gone) and loads that never became ready. The page is the one of
// tests/engines: dist/ with the error recorder (tests/engines/page-errors.js) first.
//
//   node tests/soak/soak.mjs webkit 1000          # engine (webkit, firefox, chromium), loads
//   SOAK_FAST_MEMORY=0 node tests/soak/soak.mjs webkit 200   # JavaScriptCore without fast
//                                                  # wasm memory (JSC_useWasmFastMemory=0)
//   SOAK_CONCURRENT_JIT=0 ...                      # and without its compiler threads
//                                                  # (JSC_useConcurrentJIT=0, as the engines tests)
//   SOAK_OPS=load node tests/soak/soak.mjs webkit 200        # only load and wait for the first
//                                                  # full redraw (ops: load,play,hammer,step,train,
//                                                  # parent,crowd,offline)
//   SOAK_NESTING=1 ...                             # also count test scripts that the browser runs
//                                                  # inside the page's own callbacks (depth.js)
//   SOAK_JSON=out.json ...                         # also write the counts and every fault
//   VGP_DIST=/some/other/dist ...                  # another build (default dist/)
//
// Exits non-zero when any load failed. Prints a line every 25 loads and every fault.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { applyJscOptions, openEngine } from './drivers.mjs';
import { preparePages } from './pages.mjs';

const [engineName = 'webkit', loadsArg = '100'] = process.argv.slice(2);
const LOADS = Number(loadsArg);
const OPS = (process.env.SOAK_OPS ?? 'load,step,train,parent,offline').split(',').filter(Boolean);
const OP_TIMEOUT_MS = Number(process.env.SOAK_OP_TIMEOUT_MS ?? 30_000);
if (!Number.isInteger(LOADS) || LOADS < 1) throw new Error(`loads: ${loadsArg} is not a positive whole number`);
// JavaScriptCore's compiler threads as Safari has them unless SOAK_CONCURRENT_JIT=0 (the
// engines tests turn them off, tests/engines/webdriver.mjs); SOAK_JSC: more options.
const JSC_OPTIONS = applyJscOptions();

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const TRAP = /RuntimeError|out of bounds|unreachable|panicked|assert|memory access/i;

/** Poll `fn` in the current page/frame until truthy; resolves to it, or throws after `timeout`. */
async function waitUntil(b, what, timeout, fn, ...args) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await b.execute(fn, ...args);
    if (last) return last;
    if (Date.now() > deadline) throw new Freeze(`${what}: not within ${timeout} ms (last: ${JSON.stringify(last)})`);
    await sleep(50);
  }
}

class Freeze extends Error {}

/** What the recorder saw and whether the page still answers. */
const health = (b) =>
  b.execute(() => ({
    errors: window.__vgpErrors ?? ['the error recorder is missing'],
    banner: document.querySelector('#error-banner')?.hidden === false ? document.querySelector('#error-banner').textContent : '',
    state: window.vgp?.state?.() ?? null,
    draws: window.vgp?.performance?.()?.draw_count ?? null,
    nested: window.__vgpNested ?? null,
  }));

/** The page loaded fresh at `url`, ready and through its first whole redraw. */
async function openFresh(b, url) {
  await b.navigate('about:blank');
  const t0 = Date.now();
  await b.navigate(url);
  await waitUntil(b, 'body[data-ready="1"]', OP_TIMEOUT_MS, () => document.body?.dataset.ready === '1');
  await waitUntil(b, 'the first whole redraw', OP_TIMEOUT_MS, () => (window.vgp?.performance?.()?.draw_count ?? 0) > 0);
  return Date.now() - t0;
}

const operations = {
  /** Load the page (the default network) and let it draw once. */
  async load(b, pages) {
    await openFresh(b, pages.page);
  },
  /**
   * Load the page (the default network) and play it for 1.5 s, the charts redrawn all
   * along (at least 5 whole redraws): the redraw runs hot and JavaScriptCore tiers it up
   * (the WebKit trap came once the tiered code ran, 230 to 550 ms after navigation).
   */
  async play(b, pages) {
    await openFresh(b, pages.page);
    const start = await b.execute(() => {
      window.vgp.play();
      return { at: performance.now(), draws: window.vgp.performance().draw_count };
    });
    await waitUntil(
      b,
      'playing 1.5 s with 5 redraws',
      OP_TIMEOUT_MS,
      (s) => performance.now() - s.at > 1500 && window.vgp.performance().draw_count >= s.draws + 5,
      start,
    );
    await b.execute(() => window.vgp.pause());
  },
  /**
   * Load the page and ask it for its counters back to back, without pausing, through its
   * first redraws and 2 s of play: the calls that WebKit's automation can run in the
   * middle of the page's own frame callback (docs/testing.md, the WebKit trap).
   */
  async hammer(b, pages) {
    await b.navigate('about:blank');
    await b.navigate(pages.page);
    const ask = () => b.execute(() => window.vgp?.performance?.()?.draw_count ?? -1);
    const deadline = Date.now() + OP_TIMEOUT_MS;
    while ((await ask()) < 1) if (Date.now() > deadline) throw new Freeze('hammer: no first redraw');
    await b.execute(() => window.vgp.play());
    const end = Date.now() + 2000;
    while (Date.now() < end) await ask();
    await b.execute(() => window.vgp.pause());
  },
  /** Load the page (the default network), click Step: exactly one epoch. */
  async step(b, pages) {
    await openFresh(b, pages.page);
    await b.click('#step');
    await waitUntil(b, '#epoch = 1', OP_TIMEOUT_MS, () => document.querySelector('#epoch')?.textContent.trim() === '1');
  },
  /** Load a link, train 12 epochs through window.vgp (the engines test's fingerprint run). */
  async train(b, pages) {
    await openFresh(b, `${pages.page}#${pages.fingerprintLink}`);
    const outcome = await b.executeAsync(
      (timeout) =>
        Promise.race([
          window.vgp.ready.then((api) => api.train(12)),
          new Promise((_, fail) => setTimeout(() => fail(new Error(`train(12) unanswered after ${timeout} ms`)), timeout)),
        ]).then(
          (state) => ({ epoch: state.epoch }),
          (e) => ({ failed: String(e) }),
        ),
      OP_TIMEOUT_MS,
    );
    if (outcome.failed) throw new Freeze(outcome.failed);
    if (outcome.epoch !== 12) throw new Error(`train(12) ended at epoch ${outcome.epoch}`);
  },
  /** Course notes on another origin: ready, hello, train 3 and state through postMessage. */
  async parent(b, pages) {
    await b.navigate('about:blank');
    await b.navigate(pages.notes);
    const outcome = await b.executeAsync(
      (timeout) => {
        const reply = (pred) =>
          new Promise((ok, fail) => {
            const started = Date.now();
            const look = () => {
              const m = window.inbox.find((e) => e.data && e.data.vgp === 1 && pred(e.data));
              if (m) ok(m.data);
              else if (Date.now() - started > timeout) fail(new Error(`no reply; the last messages: ${JSON.stringify(window.inbox.slice(-3).map((e) => e.data))}`));
              else setTimeout(look, 25);
            };
            look();
          });
        const ask = (id, method, params) => {
          window.ask({ vgp: 1, id, method, params });
          return reply((d) => d.id === id);
        };
        return reply((d) => d.event === 'ready')
          .then(() => ask(1, 'hello', []))
          .then(() => ask(2, 'train', [3]))
          .then(() => ask(3, 'state', []))
          .then((d) => ({ epoch: d.result && d.result.epoch }), (e) => ({ failed: String(e) }));
      },
      OP_TIMEOUT_MS,
    );
    // The frame's own record of errors (a trap there is what leaves a request unanswered).
    const inside = await b.inFrame('#fig', () => health(b)).catch((e) => ({ errors: [`the frame: ${e.message}`], banner: '' }));
    const recorded = [...inside.errors, ...(inside.banner ? [`banner: ${inside.banner}`] : [])];
    const said = recorded.length ? ` (in the frame: ${recorded.join(' | ')})` : '';
    if (outcome.failed) throw new Freeze(`${outcome.failed}${said}`);
    if (recorded.length) throw new Error(`in the frame: ${recorded.join(' | ')}`);
    if (outcome.epoch !== 3) throw new Error(`the frame reports epoch ${outcome.epoch} after train 3`);
  },
  /**
   * Course notes with six playgrounds: each ready, trained 30 epochs through postMessage
   * and asked its state; then every frame's own record of errors.
   */
  async crowd(b, pages) {
    await b.navigate('about:blank');
    await b.navigate(pages.crowd);
    const outcome = await b.executeAsync(
      (timeout) => {
        const reply = (i, pred) =>
          new Promise((ok, fail) => {
            const started = Date.now();
            const look = () => {
              const m = window.inbox.find((e) => e.from === i && e.data && e.data.vgp === 1 && pred(e.data));
              if (m) ok(m.data);
              else if (Date.now() - started > timeout) fail(new Error(`figure ${i + 1}: no reply`));
              else setTimeout(look, 25);
            };
            look();
          });
        const ask = (i, id, method, params) => {
          window.askFigure(i, { vgp: 1, id, method, params });
          return reply(i, (d) => d.id === id);
        };
        const one = (i) =>
          reply(i, (d) => d.event === 'ready')
            .then(() => ask(i, 1, 'train', [30]))
            .then(() => ask(i, 2, 'state', []))
            .then((d) => d.result && d.result.epoch);
        return Promise.all([0, 1, 2, 3, 4, 5].map(one)).then(
          (epochs) => ({ epochs }),
          (e) => ({ failed: String(e) }),
        );
      },
      OP_TIMEOUT_MS * 2,
    );
    const recorded = [];
    for (let i = 1; i <= 6; i++) {
      const inside = await b.inFrame(`#fig${i}`, () => health(b)).catch((e) => ({ errors: [`the frame: ${e.message}`], banner: '' }));
      for (const text of [...inside.errors, ...(inside.banner ? [`banner: ${inside.banner}`] : [])]) recorded.push(`figure ${i}: ${text}`);
    }
    const said = recorded.length ? ` (${recorded.join(' | ')})` : '';
    if (outcome.failed) throw new Freeze(`${outcome.failed}${said}`);
    if (recorded.length) throw new Error(recorded.join(' | '));
    if (outcome.epochs.some((e) => e !== 30)) throw new Error(`epochs after train 30: ${outcome.epochs}`);
  },
  /** The single offline file from file://, Step twice on the page itself. */
  async offline(b, pages) {
    await openFresh(b, `${pages.offline}#depth=3&width=6&n=100&act=tanh`);
    for (const want of ['1', '2']) {
      await b.click('#step');
      await waitUntil(b, `#epoch = ${want}`, OP_TIMEOUT_MS, (w) => document.querySelector('#epoch')?.textContent.trim() === w, want);
    }
  },
};

for (const op of OPS) if (!operations[op]) throw new Error(`SOAK_OPS: unknown operation ${op}; known: ${Object.keys(operations).join(', ')}`);

const work = mkdtempSync(join(tmpdir(), 'vgp-soak-'));
const pages = await preparePages(work);
let b = await openEngine(engineName);
// Interrupted (Ctrl-C, kill): close the browser and its driver, which run detached.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    b.close().finally(() => process.exit(130));
  });
}
const counts = { loads: 0, ok: 0, traps: 0, freezes: 0, errors: 0, nestedLoads: 0, nestedRuns: 0, ops: Object.fromEntries(OPS.map((o) => [o, 0])) };
const faults = [];
const started = Date.now();
console.log(`# soak: ${b.version}, ${LOADS} loads, operations ${OPS.join(',')}${engineName === 'webkit' ? `, ${JSC_OPTIONS.join(' ')}` : ''}`);
try {
  for (let i = 0; i < LOADS; i++) {
    const op = OPS[i % OPS.length];
    counts.loads++;
    counts.ops[op]++;
    let failure = null;
    try {
      await operations[op](b, pages);
    } catch (e) {
      failure = e;
    }
    // Whatever happened: the page's record (the top page; frames check their own).
    let seen = null;
    try {
      seen = await health(b);
    } catch (e) {
      failure ??= e;
    }
    if (seen?.nested > 0) {
      counts.nestedLoads++;
      counts.nestedRuns += seen.nested;
    }
    const recorded = seen ? [...seen.errors, ...(seen.banner ? [`banner: ${seen.banner}`] : [])] : [];
    const dead = seen && op !== 'parent' && op !== 'crowd' && seen.state === null;
    if (!failure && recorded.length === 0 && !dead) {
      counts.ok++;
    } else {
      const text = [failure ? String(failure.message ?? failure) : '', ...recorded].join(' | ');
      const kind = TRAP.test(text) ? 'trap' : failure instanceof Freeze || dead ? 'freeze' : 'error';
      counts[`${kind === 'trap' ? 'traps' : kind === 'freeze' ? 'freezes' : 'errors'}`]++;
      faults.push({ load: i + 1, op, kind, text: text.slice(0, 2000), state: seen?.state ?? null, nested: seen?.nested ?? null });
      console.log(`# load ${i + 1} (${op}): ${kind}${seen?.nested ? ` (${seen.nested} scripts ran nested in the page's callbacks)` : ''}: ${text.slice(0, 600)}`);
      // A fresh browser after any fault: nothing of a broken page carries over.
      await b.close();
      b = await openEngine(engineName);
    }
    if ((i + 1) % 25 === 0 || i + 1 === LOADS) {
      const s = Math.round((Date.now() - started) / 1000);
      console.log(`# ${i + 1}/${LOADS} loads in ${s} s: ok ${counts.ok}, traps ${counts.traps}, freezes ${counts.freezes}, other errors ${counts.errors}, loads with nested scripts ${counts.nestedLoads} (${counts.nestedRuns} scripts)`);
    }
  }
} finally {
  await b.close();
  await pages.close();
  rmSync(work, { recursive: true, force: true });
}
const summary = { engine: engineName, version: b.version, fastMemory: process.env.JSC_useWasmFastMemory !== '0', concurrentJit: process.env.JSC_useConcurrentJIT !== '0', jsc: JSC_OPTIONS, seconds: Math.round((Date.now() - started) / 1000), ...counts, faults };
if (process.env.SOAK_JSON) {
  mkdirSync(dirname(process.env.SOAK_JSON), { recursive: true });
  writeFileSync(process.env.SOAK_JSON, JSON.stringify(summary, null, 2));
}
console.log(JSON.stringify({ ...summary, faults: faults.length }));
process.exitCode = counts.ok === counts.loads ? 0 : 1;
