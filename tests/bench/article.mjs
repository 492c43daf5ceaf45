// Browser benchmark of the article, learn.html (not a test: it asserts nothing about
// speed). In headless Chromium it reports:
// - Lighthouse's mobile performance category (its simulated mobile throttling): the
//   score, Cumulative Layout Shift, Largest Contentful Paint and Total Blocking Time;
// - the time from navigation to the first figure's first trained epoch, with Lighthouse's
//   mobile throttling applied by hand (CPU 4x slower, 150 ms round trips, 1.6 Mbit/s);
// - each figure's cost once every figure has loaded: the time from its frame being made
//   to its first answer, and its WebAssembly memory (page and worker); the page's JS heap;
// - CPU while every figure is off screen against while one trains in view (the CPU time
//   of all the browser's processes, from /proc), and the epochs the off-screen figures
//   trained meanwhile (the article promises none).
//
//   make build && node tests/bench/article.mjs
//   ARTICLE_JSON=out.json node tests/bench/article.mjs     # also write the figures as JSON
//
// Results depend on the machine and its load; compare medians and ratios from one session.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { session } from '../e2e/helpers.mjs';
import { debuggingPort } from '../e2e/checkers.mjs';

const mb = (bytes) => (bytes / 1048576).toFixed(1);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const results = {};

/** CPU seconds used so far by every process whose command line names the browser. */
function browserCpuSeconds() {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!/chrom/i.test(cmd)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / tick; // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

const debugging = await debuggingPort();
const s = await session({ browserArgs: [...debugging.args, '--enable-precise-memory-info'] });
try {
  // 1. Lighthouse, mobile preset, performance only.
  {
    const { default: lighthouse } = await import('lighthouse');
    const { lhr } = await lighthouse(`${s.url}learn.html`, { port: debugging.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], formFactor: 'mobile' });
    const audit = (id) => lhr.audits[id]?.numericValue;
    results.lighthouse = {
      performance: Math.round(lhr.categories.performance.score * 100),
      cls: audit('cumulative-layout-shift'),
      lcp_ms: audit('largest-contentful-paint'),
      tbt_ms: audit('total-blocking-time'),
      speed_index_ms: audit('speed-index'),
      runtime_error: lhr.runtimeError?.message,
    };
    console.log(
      `lighthouse mobile: performance ${results.lighthouse.performance}, CLS ${results.lighthouse.cls.toFixed(3)}, LCP ${Math.round(results.lighthouse.lcp_ms)} ms, TBT ${Math.round(results.lighthouse.tbt_ms)} ms, speed index ${Math.round(results.lighthouse.speed_index_ms)} ms`,
    );
  }

  // 2. Navigation to the first figure's first trained epoch, throttled as Lighthouse's mobile preset.
  {
    const { page, context } = await s.open({ url: 'about:blank', viewport: { width: 412, height: 823 }, mobile: true });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
    await page.goto(`${s.url}learn.html#what`);
    const firstEpoch = await page.evaluate(
      () =>
        new Promise((done) => {
          const look = () => {
            const el = document.querySelector('vgp-figure[name="learn-problem"]');
            if (!el || document.querySelector('figure[data-name="problem"]').dataset.ready !== '1') return setTimeout(look, 20);
            el.on('epoch', (state) => {
              if (state.epoch >= 1) done(performance.now());
            });
          };
          look();
        }),
    );
    results.first_epoch_ms = firstEpoch;
    console.log(`navigation to the first figure's first trained epoch (mobile throttling): ${Math.round(firstEpoch)} ms`);
    await context.close();
  }

  // 3. Every figure loaded: its start-up time and memory; the page's JS heap.
  const { page, context } = await s.open({ url: `${s.url}learn.html`, viewport: { width: 1280, height: 900 } });
  await page.evaluate(() => {
    // When each figure's frame is made, and when it first answers.
    window.__made = {};
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n.nodeName === 'VGP-FIGURE') window.__made[n.getAttribute('name')] = performance.now();
    }).observe(document.body, { childList: true, subtree: true });
  });
  const names = await page.evaluate(() => [...document.querySelectorAll('figure.live')].map((f) => f.dataset.name));
  const figures = [];
  for (const name of names) {
    await page.evaluate((n) => document.querySelector(`figure[data-name="${n}"]`).scrollIntoView({ block: 'center' }), name);
    await page.waitForFunction((n) => document.querySelector(`figure[data-name="${n}"]`).dataset.ready === '1', name, { timeout: 60_000 });
    const readyAt = await page.evaluate(() => performance.now());
    await sleep(1500);
    const perf = await page.evaluate((n) => document.querySelector(`vgp-figure[name="learn-${n}"]`).call('performance'), name);
    const made = await page.evaluate((n) => window.__made[`learn-${n}`] ?? null, name);
    figures.push({ name, startup_ms: made === null ? null : readyAt - made, page_memory_bytes: perf.page_memory_bytes, worker_memory_bytes: perf.worker_memory_bytes, engine: perf.engine });
  }
  results.figures = figures;
  results.js_heap_bytes = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
  const wasm = figures.reduce((sum, f) => sum + f.page_memory_bytes + f.worker_memory_bytes, 0);
  console.log('figure       start-up (ms)  page wasm (MB)  worker wasm (MB)');
  for (const f of figures) console.log(`${f.name.padEnd(12)} ${String(f.startup_ms === null ? '-' : Math.round(f.startup_ms)).padStart(13)}  ${mb(f.page_memory_bytes).padStart(14)}  ${mb(f.worker_memory_bytes).padStart(16)}`);
  console.log(`all ${figures.length} figures: ${mb(wasm)} MB of WebAssembly memory; the article's JS heap (its frames share it) ${results.js_heap_bytes === null ? '-' : mb(results.js_heap_bytes)} MB`);

  // 4. Off screen: CPU and epochs with no figure in view, against one figure training in view.
  const epochs = () => page.evaluate(() => Promise.all([...document.querySelectorAll('vgp-figure')].map((el) => el.state().then((st) => st.epoch))));
  const window5s = async () => {
    const e0 = await epochs();
    const c0 = browserCpuSeconds();
    await sleep(5000);
    const c1 = browserCpuSeconds();
    const e1 = await epochs();
    return { cpu_share: (c1 - c0) / 5, epochs: e1.reduce((sum, e, i) => sum + e - e0[i], 0) };
  };
  await page.evaluate(() => window.scrollTo(0, 0));
  // What was in flight when they left the screen lands, and a page keeps its animation
  // frames for 6 s after its last action (App::wants_frames), the figures set aside and
  // brought back while scrolling included.
  await sleep(15000);
  const offscreen = await window5s();
  // Which figures still ask for animation frames (a paused page should not).
  const asking = [];
  for (const frame of page.frames().slice(1)) {
    const count = await frame
      .evaluate(
        () =>
          new Promise((done) => {
            let n = 0;
            const original = window.requestAnimationFrame;
            window.requestAnimationFrame = (cb) => {
              n++;
              return original.call(window, cb);
            };
            setTimeout(() => {
              window.requestAnimationFrame = original;
              done(n);
            }, 2000);
          }),
      )
      .catch(() => null);
    if (count) asking.push(`${new URL(frame.url()).hash.match(/frame=([\w-]+)/)?.[1]}: ${count}`);
  }
  offscreen.asking_for_frames = asking;
  console.log(`frames asked for in 2 s by figures off screen: ${asking.join(', ') || 'none'}`);
  await page.evaluate(() => document.querySelector('figure[data-name="batchnorm"]').scrollIntoView({ block: 'center' }));
  await sleep(1000);
  const oneInView = await window5s();
  results.cpu = { offscreen, one_in_view: oneInView };
  console.log(`no figure in view: ${(100 * offscreen.cpu_share).toFixed(0)}% of a core for the whole browser, ${offscreen.epochs} epochs trained in 5 s`);
  console.log(`one figure in view: ${(100 * oneInView.cpu_share).toFixed(0)}% of a core, ${oneInView.epochs} epochs in 5 s`);
  await context.close();
} finally {
  await s.close();
}
if (process.env.ARTICLE_JSON) writeFileSync(process.env.ARTICLE_JSON, JSON.stringify(results, null, 2));
