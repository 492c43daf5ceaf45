// Both reproduction pages end here: wait for every thread's results, check that the
// threads agree seed by seed and that nothing was found damaged or went wrong, and put
// the verdict in window.reproResult (which tests/soak/repro.mjs reads) and on the page.
const pageErrors = [];
addEventListener('error', (e) => pageErrors.push(`page: ${e.message}`));
addEventListener('unhandledrejection', (e) => pageErrors.push(`page: ${e.reason}`));

/** `count` workers of `script` (with `options`, e.g. {type: 'module'}), each given `job`. */
window.inWorkers = (script, options, job, count) =>
  Array.from(
    { length: count },
    () =>
      new Promise((done) => {
        const worker = new Worker(script, options);
        worker.onmessage = (e) => done(e.data);
        worker.onerror = (e) => done({ error: `worker: ${e.message}` });
        worker.postMessage(job);
      }),
  );

/** `threads`: promises of { sums, damaged, ms } or { error, ms }; `job.seeds`, `job.base`. */
window.compareThreads = (threads, job) =>
  Promise.all(threads).then((results) => {
    const disagreements = [];
    for (let k = 0; k < job.seeds; k++) {
      const sums = results.filter((r) => r.sums).map((r) => r.sums[k]);
      if (new Set(sums).size > 1) disagreements.push({ seed: job.base + k, sums });
    }
    const failed = results
      .map((r, i) => r.error ?? (r.sums?.length !== job.seeds || r.sums.some((x) => x === undefined) ? `${r.sums?.length ?? 0} results, not ${job.seeds}` : null))
      .map((text, i) => text && `thread ${i}: ${text}`)
      .filter(Boolean);
    const damaged = results.reduce((n, r) => n + (r.damaged || 0), 0);
    window.reproResult = {
      ok: failed.length === 0 && pageErrors.length === 0 && disagreements.length === 0 && damaged === 0,
      errors: [...pageErrors, ...failed],
      disagreements,
      damaged,
      sample: results[0].sums?.slice(0, 2),
      ms: results.map((r) => r.ms),
    };
    document.getElementById('result').textContent = JSON.stringify(window.reproResult, null, 2);
  });
