// A long run of one page (not part of `make test`; `make watch`): the default network
// plays for a number of minutes in one engine while this samples, every 20 s, the epoch,
// the charts' redraw count, the page's and the worker's WebAssembly memory and (in
// Chromium) the JS heap. It fails when the page records an error or stops answering,
// when the charts stop redrawing, when a WebAssembly memory grows by more than 10% after
// the first minute, or when the epoch rate of the last third of the run falls below 70%
// of the second third's (a slowdown that grows with the run's length).
//
//   node tests/soak/watch.mjs chromium 10     # engine (chromium, webkit, firefox), minutes
//   WATCH_JSON=out.json ...                   # also write every sample

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openEngine } from './drivers.mjs';
import { preparePages } from './pages.mjs';

const [engineName = 'chromium', minutesArg = '10'] = process.argv.slice(2);
const MINUTES = Number(minutesArg);
const EVERY_MS = 20_000;
if (!(MINUTES >= 1)) throw new Error(`minutes: ${minutesArg} is not a number of at least 1`);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

const work = mkdtempSync(join(tmpdir(), 'vgp-watch-'));
const pages = await preparePages(work);
const b = await openEngine(engineName);
const samples = [];
const problems = [];
try {
  await b.navigate(pages.page);
  for (const deadline = Date.now() + 60_000; ; await sleep(100)) {
    if (await b.execute(() => document.body?.dataset.ready === '1')) break;
    if (Date.now() > deadline) throw new Error('the page never became ready');
  }
  await b.execute(() => window.vgp.play());
  const started = Date.now();
  console.log(`# watch: ${b.version}, the default network playing for ${MINUTES} min`);
  console.log('#   min    epoch  epochs/s  draws  page MB  worker MB  JS heap MB');
  let previous = null;
  while (Date.now() - started < MINUTES * 60_000) {
    await sleep(EVERY_MS);
    const seen = await b.execute(() => {
      const perf = window.vgp?.performance?.() ?? null;
      return {
        errors: window.__vgpErrors ?? ['the error recorder is missing'],
        state: window.vgp?.state?.() ?? null,
        draws: perf?.draw_count ?? null,
        page: perf?.page_memory_bytes ?? null,
        worker: perf?.worker_memory_bytes ?? null,
        heap: performance.memory?.usedJSHeapSize ?? null,
      };
    });
    const t = (Date.now() - started) / 60_000;
    if (seen.errors.length) problems.push(`at ${t.toFixed(1)} min: errors ${JSON.stringify(seen.errors)}`);
    if (!seen.state) problems.push(`at ${t.toFixed(1)} min: vgp.state() is ${seen.state}`);
    const sample = { minutes: t, epoch: seen.state?.epoch ?? null, draws: seen.draws, page: seen.page, worker: seen.worker, heap: seen.heap };
    sample.rate = previous && sample.epoch !== null ? (sample.epoch - previous.epoch) / ((sample.minutes - previous.minutes) * 60) : null;
    if (previous && !(sample.draws > previous.draws)) problems.push(`at ${t.toFixed(1)} min: no redraw since the last sample`);
    samples.push(sample);
    previous = sample;
    const mb = (v) => (v === null ? '-' : (v / 1048576).toFixed(2));
    console.log(
      `# ${t.toFixed(1).padStart(5)} ${String(sample.epoch).padStart(8)} ${(sample.rate === null ? '-' : sample.rate.toFixed(0)).padStart(9)} ${String(sample.draws).padStart(6)} ${mb(sample.page).padStart(8)} ${mb(sample.worker).padStart(10)} ${mb(sample.heap).padStart(11)}`,
    );
    if (problems.length) break;
  }
} finally {
  await b.close();
  await pages.close();
  rmSync(work, { recursive: true, force: true });
}

// Flat: memory after the first minute, and the epoch rate's last third against its second.
const settled = samples.filter((s) => s.minutes >= 1);
if (!problems.length && settled.length >= 3) {
  const [first, last] = [settled[0], settled[settled.length - 1]];
  for (const key of ['page', 'worker']) {
    if (first[key] !== null && last[key] > first[key] * 1.1) problems.push(`${key} memory grew from ${first[key]} to ${last[key]} bytes`);
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const third = Math.floor(samples.length / 3);
  const middle = mean(samples.slice(third, 2 * third).map((s) => s.rate));
  const end = mean(samples.slice(2 * third).map((s) => s.rate));
  console.log(`# epoch rate: ${middle.toFixed(0)}/s in the second third, ${end.toFixed(0)}/s in the last`);
  if (end < 0.7 * middle) problems.push(`the epoch rate fell from ${middle.toFixed(0)}/s to ${end.toFixed(0)}/s`);
} else if (!problems.length) {
  problems.push('too few samples to judge');
}
if (process.env.WATCH_JSON) {
  mkdirSync(dirname(process.env.WATCH_JSON), { recursive: true });
  writeFileSync(process.env.WATCH_JSON, JSON.stringify({ engine: engineName, minutes: MINUTES, samples, problems }, null, 2));
}
console.log(problems.length ? `# NOT FLAT:\n${problems.map((p) => `#   ${p}`).join('\n')}` : '# flat: no error, memory and epoch rate steady');
process.exitCode = problems.length ? 1 : 0;
