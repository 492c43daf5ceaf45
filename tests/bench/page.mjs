// Browser benchmark of the built page (not a test: it asserts nothing about speed).
// In headless Chromium it plays reference runs and reports, from the page itself
// (`vgp.performance()`, requestAnimationFrame and the Long Tasks API): epochs per second,
// the time to redraw all charts (median, 95th percentile, and chart by chart), the
// frame interval (median, 95th percentile), the longest main-thread task, and the JS
// heap and WebAssembly memory (page and worker) over a long run.
//
//   make build && node tests/bench/page.mjs              # every case
//   BENCH_CASES=default,deep node tests/bench/page.mjs   # some of them
//   BENCH_JSON=out.json node tests/bench/page.mjs        # also write the figures as JSON
//
// Results depend on the machine and its load; compare medians and ratios from one session.

import { writeFileSync } from 'node:fs';
import { session, waitForReady } from '../e2e/helpers.mjs';

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] : NaN;
};
const ms = (v) => (Number.isFinite(v) ? v.toFixed(1) : '-');
const mb = (bytes) => (bytes / 1048576).toFixed(1);

/** In the page: watch long tasks from now on (and those already buffered). */
function watchLongTasks(page) {
  return page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Play for `seconds` and measure: epochs/s, frame gaps, redraws, longest task. */
async function playAndMeasure(page, seconds) {
  return page.evaluate(async (duration) => {
    const vgp = window.vgp;
    window.__longest = 0;
    vgp.play();
    // Let the rate settle.
    await new Promise((ok) => setTimeout(ok, 1000));
    const drawsBefore = vgp.performance().draw_count;
    const gaps = [];
    const e0 = vgp.state().epoch;
    const t0 = performance.now();
    await new Promise((done) => {
      let last = performance.now();
      const tick = (t) => {
        gaps.push(t - last);
        last = t;
        if (t - t0 < duration * 1000) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    const t1 = performance.now();
    const e1 = vgp.state().epoch;
    const perf = vgp.performance();
    vgp.pause();
    // The redraws made while measuring (the page keeps the latest 240).
    const made = Math.min(perf.draw_ms.length, Math.max(1, perf.draw_count - drawsBefore));
    const draws = perf.draw_ms.slice(perf.draw_ms.length - made);
    return {
      epochsPerSecond: ((e1 - e0) * 1000) / (t1 - t0),
      gaps: gaps.slice(1),
      draws,
      charts: perf.chart_ms,
      longestTask: window.__longest,
      engine: perf.engine,
      epoch: e1,
    };
  }, seconds);
}

/** Paused, redraw every chart `n` times (the loss chart's log-scale switch forces a full
 * redraw) and return the median time of each chart and of the whole redraw. */
async function forcedRedraws(page, n = 30) {
  return page.evaluate(async (count) => {
    const frame = () => new Promise((ok) => requestAnimationFrame(() => ok()));
    const box = document.querySelector('#loss-log');
    const perChart = {};
    const totals = [];
    for (let i = 0; i < count; i++) {
      const before = window.vgp.performance().draw_count;
      box.click();
      for (let k = 0; k < 10 && window.vgp.performance().draw_count === before; k++) await frame();
      const p = window.vgp.performance();
      totals.push(p.draw_ms.at(-1));
      for (const [name, ms] of p.chart_ms) (perChart[name] ??= []).push(ms);
    }
    const median = (v) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
    return { total: median(totals), charts: Object.entries(perChart).map(([name, v]) => [name, median(v)]) };
  }, n);
}

async function memory(page) {
  return page.evaluate(async () => {
    if (window.gc) window.gc();
    await new Promise((ok) => setTimeout(ok, 200));
    const p = window.vgp.performance();
    return { heap: performance.memory?.usedJSHeapSize ?? NaN, page: p.page_memory_bytes, worker: p.worker_memory_bytes };
  });
}

/** Set a configuration and train it to `epochs` (paused), then measure `seconds` of play. */
async function runCase(s, { query, epochs = 0, seconds = 5 }) {
  const { page, errors, context } = await s.open();
  await waitForReady(page, errors);
  await page.waitForFunction(() => window.vgp && document.body.dataset.engine, null, { timeout: 30_000 });
  await watchLongTasks(page);
  await page.evaluate((q) => window.vgp.setConfig(q), query);
  if (epochs > 0) await page.evaluate((n) => window.vgp.train(n), epochs);
  const result = await playAndMeasure(page, seconds);
  result.longestIncludingSetup = await page.evaluate(() => window.__longest);
  result.forced = await forcedRedraws(page);
  await context.close();
  return result;
}

function report(name, r) {
  console.log(`${name} [${r.engine}], measured at epoch ${r.epoch}:`);
  console.log(`  ${r.epochsPerSecond.toFixed(0)} epochs/s`);
  console.log(`  redraw of all charts: median ${ms(quantile(r.draws, 0.5))} ms, p95 ${ms(quantile(r.draws, 0.95))} ms (${r.draws.length} redraws)`);
  console.log(`  last redraw by chart: ${r.charts.map(([n, t]) => `${n} ${t.toFixed(1)}`).join(', ')}`);
  console.log(`  frame interval: median ${ms(quantile(r.gaps, 0.5))} ms, p95 ${ms(quantile(r.gaps, 0.95))} ms, max ${ms(Math.max(...r.gaps))} ms`);
  console.log(`  longest main-thread task while playing: ${ms(r.longestTask)} ms`);
  console.log(`  paused, 30 forced redraws: median ${ms(r.forced.total)} ms; by chart ${r.forced.charts.map(([n, t]) => `${n} ${t.toFixed(1)}`).join(', ')}`);
}

const CASES = {
  default: { name: 'default network (sigmoid 10x16, spiral)', query: '', seconds: 6 },
  deep: { name: '30 layers after 2,000 epochs', query: 'depth=30', epochs: 2000, seconds: 5 },
  digits: { name: 'digits, relu 10x128, batch 64', query: 'data=digits&depth=10&width=128&act=relu&init=he_normal&batch=64', seconds: 8 },
  limit: { name: 'at the parameter limit (100 x 140, 1.98M parameters, digits)', query: 'data=digits&depth=100&width=140&act=relu&init=he_normal&bn=1&res=1', seconds: 10 },
};
const wanted = (process.env.BENCH_CASES ?? 'default,deep,digits,limit,memory').split(',');
const results = {};
const s = await session({ browserArgs: ['--enable-precise-memory-info', '--js-flags=--expose-gc'] });
try {
  for (const [key, c] of Object.entries(CASES)) {
    if (!wanted.includes(key)) continue;
    const r = await runCase(s, c);
    report(c.name, r);
    console.log(`  longest main-thread task including setup: ${ms(r.longestIncludingSetup)} ms`);
    results[key] = {
      epochs_per_second: r.epochsPerSecond,
      redraw_ms_median: quantile(r.draws, 0.5),
      redraw_ms_p95: quantile(r.draws, 0.95),
      frame_ms_median: quantile(r.gaps, 0.5),
      frame_ms_p95: quantile(r.gaps, 0.95),
      longest_task_ms: r.longestIncludingSetup,
      forced_redraw_ms_median: r.forced.total,
      forced_charts_ms_median: Object.fromEntries(r.forced.charts),
      charts_ms: Object.fromEntries(r.charts),
    };
  }
  if (wanted.includes('memory')) {
    // The default network played to 10,000 and then to 100,000 epochs.
    const { page, errors, context } = await s.open();
    await waitForReady(page, errors);
    await page.waitForFunction(() => window.vgp && document.body.dataset.engine, null, { timeout: 30_000 });
    const at = {};
    for (const target of [10_000, 100_000]) {
      await page.evaluate(() => window.vgp.play());
      await page.waitForFunction((n) => window.vgp.state().epoch >= n, target, { timeout: 3_600_000, polling: 1000 });
      await page.evaluate(() => window.vgp.pause());
      at[target] = await memory(page);
      console.log(`memory at epoch ${target}: JS heap ${mb(at[target].heap)} MB, page wasm ${mb(at[target].page)} MB, worker wasm ${mb(at[target].worker)} MB`);
    }
    const change = (k) => ((at[100_000][k] / at[10_000][k] - 1) * 100).toFixed(1);
    console.log(`  from 10,000 to 100,000 epochs: JS heap ${change('heap')}%, page wasm ${change('page')}%, worker wasm ${change('worker')}%`);
    results.memory = at;
    await context.close();
  }
} finally {
  await s.close();
}
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
