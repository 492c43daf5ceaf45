// Browser benchmark of a playground frame's start-up (not a test: it asserts nothing about
// speed). In headless Chromium it loads one article figure's frame (or any page given) a
// few times, records a performance trace of each load, and reports the main thread's
// tasks in its first 3 seconds (the figure is paused, so its start-up is all there is;
// the page must have completed a whole redraw by then): the longest
// task, and the blocking time Lighthouse's mobile throttling would count (each task 4x
// slower, the part of it over 50 ms), as medians over the loads, with one load's
// tasks listed and named by what they ran.
//
//   make build && node tests/bench/startup.mjs                        # the first figure, 5 loads
//   node tests/bench/startup.mjs 'index.html#data=moons&depth=30' 3   # any page of dist/, N loads
//   VGP_DIST=target/other-dist node tests/bench/startup.mjs           # another build
//
// Results depend on the machine and its load; compare medians from one session.

import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { session } from '../e2e/helpers.mjs';

const FIGURE = 'index.html#data=moons&embed=1&panels=heatmap,loss&controls=run&frame=problem';
const [target = FIGURE, loadsArg = '5'] = process.argv.slice(2);
const LOADS = Number(loadsArg);
const SLOWDOWN = 4; // Lighthouse's simulated mobile CPU
const LONG_MS = 50;
const WINDOW_MS = 3000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** The main thread's top-level tasks of a trace, with what each spent its time on. */
function mainTasks(traceEvents) {
  const names = new Map();
  for (const e of traceEvents) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const main = traceEvents.filter((e) => e.ph === 'X' && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
  const start = Math.min(...main.filter((e) => e.name === 'RunTask').map((e) => e.ts));
  return main
    .filter((e) => e.name === 'RunTask')
    .map((task) => {
      const inside = main.filter((e) => e.tid === task.tid && e.pid === task.pid && e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
      // What the task ran, by its largest named pieces.
      const parts = inside
        .filter((e) => ['FunctionCall', 'EvaluateScript', 'v8.evaluateModule', 'FireAnimationFrame', 'TimerFire', 'RunMicrotasks', 'Layout', 'ParseHTML', 'EventDispatch', 'v8.wasm.compileConsume', 'Paint'].includes(e.name))
        .filter((e) => e.dur > 1000)
        .map((e) => `${e.name}${e.args?.data?.type ? ` ${e.args.data.type}` : ''} ${(e.dur / 1000).toFixed(1)}`);
      return { at: (task.ts - start) / 1000, ms: task.dur / 1000, parts: [...new Set(parts)].slice(0, 4) };
    });
}

const s = await session({ dir: process.env.VGP_DIST });
const dir = mkdtempSync(join(tmpdir(), 'vgp-startup-'));
const longest = [];
const blocking = [];
let listed;
try {
  for (let i = 0; i < LOADS; i++) {
    const context = await s.browser.newContext({ viewport: { width: 412, height: 823 } });
    const page = await context.newPage();
    const path = join(dir, `trace-${i}.json`);
    await s.browser.startTracing(page, { path, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
    const navigated = Date.now();
    await page.goto(`${s.url}${target}`);
    await page.waitForFunction(() => (window.vgp?.performance?.()?.draw_count ?? 0) >= 1, null, { timeout: 30_000 });
    await page.waitForTimeout(Math.max(0, WINDOW_MS - (Date.now() - navigated)));
    await s.browser.stopTracing();
    await context.close();
    const tasks = mainTasks(JSON.parse(readFileSync(path, 'utf8')).traceEvents);
    longest.push(Math.max(...tasks.map((t) => t.ms)));
    blocking.push(tasks.reduce((sum, t) => sum + Math.max(0, t.ms * SLOWDOWN - LONG_MS), 0));
    if (i === Math.floor(LOADS / 2)) listed = tasks.filter((t) => t.ms * SLOWDOWN > 20);
  }
} finally {
  await s.browser.close();
  await s.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`# ${target}, ${LOADS} loads in headless Chromium`);
console.log(`longest task: median ${median(longest).toFixed(1)} ms (x${SLOWDOWN}: ${(median(longest) * SLOWDOWN).toFixed(0)} ms); each load: ${longest.map((x) => x.toFixed(1)).join(', ')}`);
console.log(`blocking time at x${SLOWDOWN} (the part of each task over ${LONG_MS} ms): median ${median(blocking).toFixed(0)} ms; each load: ${blocking.map((x) => x.toFixed(0)).join(', ')}`);
console.log(`one load's tasks over ${20 / SLOWDOWN} ms (at, duration, what ran):`);
for (const t of listed ?? []) console.log(`  ${t.at.toFixed(0).padStart(5)} ms  ${t.ms.toFixed(1).padStart(5)} ms  ${t.parts.join(', ')}`);
