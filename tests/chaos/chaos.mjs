// A chaos run of the page's JavaScript API and controls in headless Chromium (not in CI:
// `make chaos`; docs/testing.md has the counts). A seeded random sequence of API calls
// and clicks (setConfig with valid and invalid queries and `b.` keys, play, pause,
// reset, train(n), run(), subscribe with callbacks that call the API themselves, the
// Play, Step and Reset buttons) with these invariants checked after each one:
//   no page error; state() never null; every train(n) settles (resolves, or rejects
//   with `interrupted`) within its deadline; the epoch never goes backwards except on a
//   new run; the address's link equals state().query.
//
//   node tests/chaos/chaos.mjs [operations=3000] [seed=1]
import assert from 'node:assert/strict';
import { VIEWPORTS, session, waitForReady, describeErrors } from '../e2e/helpers.mjs';

const OPERATIONS = Number(process.argv[2] ?? process.env.VGP_CHAOS_OPERATIONS ?? 3000);
const SEED = Number(process.argv[3] ?? 1);
const QUERIES = [
  'depth=2&width=4&n=100',
  'depth=3&width=6&n=100&act=relu&init=he_normal',
  'depth=2&width=4&n=100&b.act=relu',
  'depth=3&width=4&n=100&b.bn=1',
  'depth=2&width=4&n=100&epochs=20',
  'depth=banana&width=-3&n=100&bogus=1',
  'depth=2&width=4&n=100&b.depth=0&b.lr=nope',
  'depth=4&width=5&n=100&act=sigmoid&lr=50',
];

// A small seeded generator (mulberry32), so a failing sequence can be run again.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const s = await session();
const { page, errors, context } = await s.open({ viewport: VIEWPORTS.desktop, query: `#${QUERIES[0]}` });
await waitForReady(page, errors);
await page.evaluate(() => {
  // The page-side bookkeeping of the run: every train call and how it settled.
  window.chaos = { trains: [], subscribers: [], calls: 0, errors: [] };
});
const next = random(SEED);
const pick = (list) => list[Math.floor(next() * list.length)];
let last = await page.evaluate(() => window.vgp.state());
let counts = { api: 0, clicks: 0, trains: 0, subscribes: 0 };
const started = Date.now();
try {
  for (let i = 0; i < OPERATIONS; i++) {
    const kind = pick(['setConfig', 'play', 'pause', 'reset', 'train', 'run', 'subscribe', 'unsubscribe', 'click', 'click', 'wait']);
    const arg = kind === 'setConfig' ? pick(QUERIES) : kind === 'train' ? Math.floor(next() * 8) : kind === 'click' ? pick(['#play', '#step', '#reset']) : kind === 'subscribe' ? pick(['pause', 'state', 'play', 'setConfig', 'train']) : null;
    if (kind === 'click') {
      await page.click(arg);
      counts.clicks += 1;
    } else if (kind === 'wait') {
      await page.waitForTimeout(Math.floor(next() * 40));
    } else {
      counts.api += 1;
      if (kind === 'train') counts.trains += 1;
      if (kind === 'subscribe') counts.subscribes += 1;
      await page.evaluate(
        ([kind, arg]) => {
          const api = window.vgp;
          const c = window.chaos;
          c.calls += 1;
          switch (kind) {
            case 'train': {
              const entry = { n: arg, at: performance.now(), settled: null };
              c.trains.push(entry);
              api.train(arg).then(
                (state) => (entry.settled = { ok: true, epoch: state.epoch }),
                (e) => (entry.settled = { ok: false, code: e.code }),
              );
              break;
            }
            case 'run':
              api.run().then((r) => {
                if (!r || !Array.isArray(r.epochs)) c.errors.push('run() gave no run file');
              });
              break;
            case 'subscribe': {
              // A subscriber that calls the API itself, once, then unsubscribes.
              let off = null;
              off = api.subscribe((state) => {
                if (state === null || typeof state.epoch !== 'number') c.errors.push('a subscriber got no state');
                off?.();
                const r =
                  arg === 'setConfig' ? api.setConfig('depth=2&width=3&n=100') : arg === 'train' ? (api.train(1).catch(() => {}), api.state()) : api[arg]();
                if (r === null || r === undefined) c.errors.push(`${arg}() from a subscriber returned ${r}`);
              });
              c.subscribers.push(off);
              break;
            }
            case 'unsubscribe': {
              const off = c.subscribers.pop();
              off?.();
              off?.();
              break;
            }
            default: {
              const r = arg === null ? api[kind]() : api[kind](arg);
              if (r === null || r === undefined) c.errors.push(`${kind}() returned ${r}`);
            }
          }
        },
        [kind, arg],
      );
    }
    const now = await page.evaluate(() => {
      const state = window.vgp.state();
      return { ...state, hash: location.hash.slice(1), errors: window.chaos.errors.slice() };
    });
    assert.notEqual(now, null);
    assert.deepEqual(now.errors, [], `after operation ${i} (${kind} ${arg})`);
    assert.equal(describeErrors(errors), '', `page errors after operation ${i} (${kind} ${arg})`);
    assert.equal(now.hash, now.query, `the address is not the link after operation ${i} (${kind} ${arg})`);
    const newRun = now.query !== last.query || ['reset', 'setConfig', 'subscribe'].includes(kind) || arg === '#reset';
    if (!newRun) {
      assert.ok(now.epoch >= last.epoch, `epoch went back ${last.epoch} -> ${now.epoch} after ${kind} ${arg}`);
    }
    last = now;
  }
  // Paused, every train(n) settles.
  await page.evaluate(() => window.vgp.pause());
  await page.waitForFunction(() => window.chaos.trains.every((t) => t.settled !== null), null, { timeout: 60_000 });
  const summary = await page.evaluate(() => {
    const t = window.chaos.trains;
    return {
      trains: t.length,
      resolved: t.filter((x) => x.settled.ok).length,
      interrupted: t.filter((x) => !x.settled.ok && x.settled.code === 'interrupted').length,
      other: t.filter((x) => !x.settled.ok && x.settled.code !== 'interrupted').length,
    };
  });
  assert.equal(summary.other, 0, JSON.stringify(summary));
  console.log(
    `chaos: ${OPERATIONS} operations (seed ${SEED}) in ${((Date.now() - started) / 1000).toFixed(0)} s: ` +
      `${counts.api} API calls, ${counts.clicks} clicks, ${counts.subscribes} subscribers calling the API; ` +
      `${summary.trains} train(n): ${summary.resolved} resolved, ${summary.interrupted} interrupted, 0 unsettled; ` +
      'no page error, state() never null, the epoch never went back within a run, the address always the link',
  );
} finally {
  await context.close();
  await s.close();
}
