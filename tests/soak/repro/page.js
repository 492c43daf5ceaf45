// The reproduction's page: starts the workers, does the same work itself, then compares.
// Query: seeds (40), rounds (2000), workers (2), base (the first seed, 1).
const query = new URLSearchParams(location.search);
const number = (name, fallback) => (query.has(name) ? Number(query.get(name)) : fallback);
const job = { seeds: number('seeds', 40), rounds: number('rounds', 2000), base: number('base', 1) };
const errors = [];
addEventListener('error', (e) => errors.push(`page: ${e.message}`));
addEventListener('unhandledrejection', (e) => errors.push(`page: ${e.reason}`));

function inWorker() {
  return new Promise((done) => {
    const worker = new Worker('worker.js');
    worker.onmessage = (e) => done(e.data);
    worker.onerror = (e) => done({ error: `worker: ${e.message}` });
    worker.postMessage(job);
  });
}

const threads = [runChurn(job), ...Array.from({ length: number('workers', 2) }, inWorker)];
Promise.all(threads).then((results) => {
  const disagreements = [];
  for (let k = 0; k < job.seeds; k++) {
    const sums = results.filter((r) => r.sums).map((r) => r.sums[k]);
    if (new Set(sums).size > 1) disagreements.push({ seed: job.base + k, sums });
  }
  const failed = results.map((r, i) => r.error && `thread ${i}: ${r.error}`).filter(Boolean);
  const damaged = results.reduce((n, r) => n + (r.damaged || 0), 0);
  window.reproResult = {
    ok: failed.length === 0 && errors.length === 0 && disagreements.length === 0 && damaged === 0,
    errors: [...errors, ...failed],
    disagreements,
    damaged,
    ms: results.map((r) => r.ms),
  };
  document.getElementById('result').textContent = JSON.stringify(window.reproResult, null, 2);
});
