// The work every thread of the reproduction does (the page's thread and each worker):
// instantiate repro.wasm afresh, then churn(seed, rounds) for `seeds` seeds from `base`,
// one seed a task (as the playground's page and worker run in short tasks), and report
// the checksums, the damaged words the module counted and any error (a trap). `tick`
// chooses how the next task comes: 'timeout' (setTimeout 0), or 'frame', as the page's
// redraw and its worker's answers come (an animation frame on the page's thread, a
// message through a MessageChannel in a worker).
/* exported runChurn */
function nextTask(tick) {
  if (tick === 'frame' && typeof requestAnimationFrame === 'function') return new Promise((next) => requestAnimationFrame(() => next()));
  if (tick === 'frame') {
    const channel = new MessageChannel();
    const arrived = new Promise((next) => (channel.port1.onmessage = () => next()));
    channel.port2.postMessage(0);
    return arrived;
  }
  return new Promise((next) => setTimeout(next, 0));
}

async function runChurn({ seeds, rounds, base, tick }) {
  const started = performance.now();
  try {
    const { instance } = await WebAssembly.instantiateStreaming(fetch('repro.wasm'), {});
    const sums = [];
    for (let k = 0; k < seeds; k++) {
      sums.push(instance.exports.churn(base + k, rounds) >>> 0);
      await nextTask(tick);
    }
    return { sums, damaged: instance.exports.damaged_words(), ms: Math.round(performance.now() - started) };
  } catch (e) {
    return { error: `${e && e.name}: ${e && e.message}\n${(e && e.stack) || ''}`.slice(0, 1500), ms: Math.round(performance.now() - started) };
  }
}
