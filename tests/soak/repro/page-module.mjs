// The page-module reproduction's page: starts the workers, trains the same networks
// itself, then compares the fingerprints (compare.js). Query: seeds (4), epochs (2),
// workers (2), base (the first seed, 1), net (the networks' share-link query).
import { train } from './train-module.mjs';

const query = new URLSearchParams(location.search);
const number = (name, fallback) => (query.has(name) ? Number(query.get(name)) : fallback);
const job = {
  seeds: number('seeds', 4),
  epochs: number('epochs', 2),
  base: number('base', 1),
  query: query.get('net') ?? 'data=moons&n=200&depth=12&width=8&act=sigmoid&batch=16',
};
window.compareThreads([train(job), ...window.inWorkers('worker-module.mjs', { type: 'module' }, job, number('workers', 2))], job);
