// The playground's training worker: loads the page's own WebAssembly module (the same
// files the page loads, so nothing is downloaded twice) and hands it every message.
// The files' names are written in at build time (scripts/post-build.mjs).
const early = [];
self.onmessage = (event) => early.push(event);
import('./__VGP_MODULE__')
  .then(async (module) => {
    await module.default({ module_or_path: new URL('./__VGP_WASM__', import.meta.url) });
    module.worker_main();
    // Requests that arrived while the module loaded, in order.
    for (const event of early) self.onmessage(event);
  })
  .catch((error) => {
    self.postMessage({ failed: `the worker could not load the playground (${error})` });
  });
