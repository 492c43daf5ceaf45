// The page's weight: every file in dist/ (or the folder given), raw and gzip-compressed
// (level 9, as a static host would serve it), and the total. `make bench` prints it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? 'dist');
let raw = 0;
let gz = 0;
for (const name of readdirSync(dir).sort()) {
  const file = join(dir, name);
  if (!statSync(file).isFile()) continue;
  const bytes = readFileSync(file);
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += zipped;
  console.log(`${name.padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(8)} KB ${(zipped / 1024).toFixed(1).padStart(8)} KB gzip`);
}
console.log(`${'total'.padEnd(40)} ${(raw / 1024).toFixed(1).padStart(8)} KB ${(gz / 1024).toFixed(1).padStart(8)} KB gzip`);
