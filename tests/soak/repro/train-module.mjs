// The work every thread of the page-module reproduction does: start the playground's
// module (glue.js, glue_bg.wasm: the build with WasmRun) afresh, then train one network
// per seed for `epochs` epochs, one network a task, and report each run's fingerprint.
import init, { WasmRun } from './glue.js';

export async function train({ seeds, epochs, base, query }) {
  const started = performance.now();
  try {
    await init({ module_or_path: new URL('./glue_bg.wasm', import.meta.url) });
    const sums = [];
    for (let k = 0; k < seeds; k++) {
      const run = new WasmRun(`${query}&seed=${base + k}`);
      run.step(epochs);
      sums.push(run.fingerprint());
      run.free();
      await new Promise((next) => setTimeout(next, 0));
    }
    return { sums, damaged: 0, ms: Math.round(performance.now() - started) };
  } catch (e) {
    return { error: `${e && e.name}: ${e && e.message}\n${(e && e.stack) || ''}`.slice(0, 1500), ms: Math.round(performance.now() - started) };
  }
}
