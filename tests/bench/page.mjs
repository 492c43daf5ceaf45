// Browser benchmark of the built page (not a test: it asserts nothing about speed).
// For each reference configuration it plays the run in headless Chromium and reports
// the page's own read-outs: epochs per second, the time to redraw all charts, and the
// median / 95th percentile / longest interval between animation frames.
//
//   make build && node tests/bench/page.mjs
//
// Results depend on the machine and its load; compare medians from one session.

import { session, setControls, waitForReady } from '../e2e/helpers.mjs';

const CASES = [
  { name: 'default (sigmoid 10x16, spiral)', controls: {}, epochs: 1000 },
  { name: '30 layers after 2,000 epochs', controls: { depth: '30' }, epochs: 2000 },
  { name: 'digits, relu 10x128, batch 64', controls: { data: 'digits', depth: '10', width: '128', act: 'relu', init: 'he_normal', batch: '64' }, epochs: 30 },
];

/** Collect animation-frame intervals for `ms` milliseconds. */
function frameIntervals(page, ms) {
  return page.evaluate(
    (duration) =>
      new Promise((done) => {
        const gaps = [];
        let last = performance.now();
        const end = last + duration;
        const tick = (t) => {
          gaps.push(t - last);
          last = t;
          if (t < end) requestAnimationFrame(tick);
          else done(gaps);
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];

const s = await session();
try {
  for (const c of CASES) {
    const { page, errors } = await s.open();
    await waitForReady(page, errors);
    if (Object.keys(c.controls).length) await setControls(page, c.controls);
    await page.click('#play');
    const start = Date.now();
    await page.waitForFunction((n) => Number(document.querySelector('#epoch').textContent) >= n, c.epochs, {
      timeout: 600_000,
      polling: 500,
    });
    const seconds = (Date.now() - start) / 1000;
    const gaps = (await frameIntervals(page, 3000)).sort((a, b) => a - b);
    const stats = await page.textContent('#stats');
    console.log(`${c.name}: ${c.epochs} epochs in ${seconds.toFixed(1)} s`);
    console.log(`  read-out: ${stats}`);
    console.log(
      `  frame interval ms: median ${quantile(gaps, 0.5).toFixed(1)}, p95 ${quantile(gaps, 0.95).toFixed(1)}, max ${gaps.at(-1).toFixed(1)}`,
    );
    await page.context().close();
  }
} finally {
  await s.close();
}
