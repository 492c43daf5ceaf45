// The page's weight: every file in dist/ (or the folder given), raw and gzip-compressed
// (level 9, as a static host would serve it), and the total a visit downloads. Files
// fetched only when asked for (the digits set, `digits.bin`, the first time a run of
// `digits` starts) are listed apart, outside the total, and so are the article's own
// files (learn.html, a page of its own whose figures are the playground). `make bench` prints it;
// tests/e2e/weight.test.mjs holds the total to the budget (docs/performance.md).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Files a visit does not download unless the page needs them. */
const ON_DEMAND = new Set(['digits.bin']);
/** The article's own files: a visit to the playground never downloads them. */
const ARTICLE = new Set(['learn.html', 'learn.css', 'learn.js']);

/**
 * The files of `dir` as {name, raw, gzip, onDemand, article} (bytes), and the totals a
 * visit to the playground downloads (the on-demand files and the article's left out).
 */
export function weigh(dir) {
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    if (!statSync(file).isFile()) continue;
    const bytes = readFileSync(file);
    files.push({ name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, onDemand: ON_DEMAND.has(name), article: ARTICLE.has(name) });
  }
  const visit = files.filter((f) => !f.onDemand && !f.article);
  return {
    files,
    raw: visit.reduce((sum, f) => sum + f.raw, 0),
    gzip: visit.reduce((sum, f) => sum + f.gzip, 0),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files, raw, gzip } = weigh(resolve(process.argv[2] ?? 'dist'));
  const line = (name, size, zipped) =>
    `${name.padEnd(40)} ${(size / 1024).toFixed(1).padStart(8)} KB ${(zipped / 1024).toFixed(1).padStart(8)} KB gzip`;
  for (const f of files.filter((f) => !f.onDemand && !f.article)) console.log(line(f.name, f.raw, f.gzip));
  console.log(line('total', raw, gzip));
  for (const f of files.filter((f) => f.onDemand)) console.log(line(`${f.name} (on demand)`, f.raw, f.gzip));
  for (const f of files.filter((f) => f.article)) console.log(line(`${f.name} (the article)`, f.raw, f.gzip));
}
