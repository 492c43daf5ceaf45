// The standalone reproduction of the WebKit memory fault (docs/testing.md, "The WebKit
// trap"; `make repro`): tests/soak/repro/ with crate/repro's module, loaded afresh again
// and again in one engine. Each load instantiates the module on the page's thread and in
// two workers and runs its self-checking work; a load fails on a trap or any other
// error, threads that disagree on a checksum, a word the module found changed, or no
// result within 60 s. Given a folder instead of a .wasm (the build of `make bench-dist`,
// target/bench/dist), it loads the playground's own module the same way and trains the
// same networks in every thread (page-module.html): the page's module without the page.
//
//   node tests/soak/repro.mjs path/to/vgp_engine_repro.wasm webkit 1000
//   node tests/soak/repro.mjs target/bench/dist webkit 1000
//   SOAK_FAST_MEMORY=0 ...     JavaScriptCore without fast wasm memory
//   SOAK_CONCURRENT_JIT=0 ...  and without its compiler threads (on by default, as Safari)
//   REPRO_QUERY='seeds=20&rounds=4000' ...   the page's query (seeds, rounds, workers)
//
// Exits non-zero when any load failed. Prints a line every 50 loads and every fault.

import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startStaticServer } from '../e2e/helpers.mjs';
import { applyJscOptions, openEngine } from './drivers.mjs';

const [wasm, engineName = 'webkit', loadsArg = '100'] = process.argv.slice(2);
const LOADS = Number(loadsArg);
if (!wasm) throw new Error('usage: node tests/soak/repro.mjs <module.wasm> [engine] [loads]');
if (!Number.isInteger(LOADS) || LOADS < 1) throw new Error(`loads: ${loadsArg} is not a positive whole number`);
// JavaScriptCore's compiler threads as Safari has them unless SOAK_CONCURRENT_JIT=0 (the
// engines tests turn them off, tests/engines/webdriver.mjs); SOAK_JSC: more options.
const JSC_OPTIONS = applyJscOptions();
const QUERY = process.env.REPRO_QUERY ?? '';

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const work = mkdtempSync(join(tmpdir(), 'vgp-repro-'));
cpSync(join(ROOT, 'tests', 'soak', 'repro'), work, { recursive: true });
const pageModule = statSync(wasm).isDirectory();
if (pageModule) {
  // The playground's module and its glue, under names the pages import.
  const glue = readdirSync(wasm).find((f) => /^app-.*\.js$/.test(f));
  if (!glue) throw new Error(`${wasm}: no app-*.js (give the folder of make bench-dist's build)`);
  cpSync(join(wasm, glue), join(work, 'glue.js'));
  cpSync(join(wasm, glue.replace(/\.js$/, '_bg.wasm')), join(work, 'glue_bg.wasm'));
} else {
  cpSync(wasm, join(work, 'repro.wasm'));
}
const entry = pageModule ? 'page-module.html' : '';
const server = await startStaticServer(work, '127.0.0.1');

/** One load: the page's result, or a description of why there is none. */
async function load(b, i) {
  await b.navigate(`${server.url}${entry}?base=${1 + i * 1000}${QUERY ? `&${QUERY}` : ''}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const result = await b.execute(() => window.reproResult ?? null);
    if (result) return result;
    if (Date.now() > deadline) return { ok: false, frozen: true, errors: ['no result within 60 s'] };
    await sleep(50);
  }
}

let b = await openEngine(engineName);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => b.close().finally(() => process.exit(130)));
const counts = { loads: 0, ok: 0, traps: 0, wrong: 0, freezes: 0, errors: 0 };
const started = Date.now();
const times = [];
console.log(`# repro${pageModule ? ' (the playground\'s module, training only)' : ''}: ${b.version}, ${LOADS} loads${engineName === 'webkit' ? `, ${JSC_OPTIONS.join(' ')}` : ''}${QUERY ? `, ${QUERY}` : ''}`);
try {
  for (let i = 0; i < LOADS; i++) {
    counts.loads++;
    let result;
    try {
      result = await load(b, i);
    } catch (e) {
      result = { ok: false, errors: [`the driver: ${e.message}`] };
    }
    if (result.ms) times.push(Math.max(...result.ms));
    if (result.ok) {
      counts.ok++;
    } else {
      const text = JSON.stringify(result).slice(0, 1500);
      const kind = result.frozen ? 'freezes' : /RuntimeError|unreachable|out of bounds/i.test(text) ? 'traps' : result.disagreements?.length || result.damaged ? 'wrong' : 'errors';
      counts[kind]++;
      console.log(`# load ${i + 1}: ${kind}: ${text}`);
      await b.close();
      b = await openEngine(engineName);
    }
    if ((i + 1) % 50 === 0 || i + 1 === LOADS) {
      const sorted = [...times].sort((x, y) => x - y);
      console.log(`# ${i + 1}/${LOADS} loads in ${Math.round((Date.now() - started) / 1000)} s: ok ${counts.ok}, traps ${counts.traps}, wrong results ${counts.wrong}, freezes ${counts.freezes}, other errors ${counts.errors}; slowest thread's time, median ${sorted[sorted.length >> 1]} ms`);
    }
  }
} finally {
  await b.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify({ module: pageModule ? 'page' : 'standalone', engine: engineName, version: b.version, fastMemory: process.env.JSC_useWasmFastMemory !== '0', concurrentJit: process.env.JSC_useConcurrentJIT !== '0', jsc: JSC_OPTIONS, seconds: Math.round((Date.now() - started) / 1000), ...counts }));
process.exit(counts.ok === counts.loads ? 0 : 1);
