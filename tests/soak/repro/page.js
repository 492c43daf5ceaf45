// The standalone reproduction's page: starts the workers, does the same work itself,
// then compares (compare.js). Query: seeds (40), rounds (2000), workers (2), base (1),
// tick ('timeout', or 'frame': run.js).
const query = new URLSearchParams(location.search);
const number = (name, fallback) => (query.has(name) ? Number(query.get(name)) : fallback);
const job = { seeds: number('seeds', 40), rounds: number('rounds', 2000), base: number('base', 1), tick: query.get('tick') ?? 'timeout' };

window.compareThreads([runChurn(job), ...window.inWorkers('worker.js', {}, job, number('workers', 2))], job);
