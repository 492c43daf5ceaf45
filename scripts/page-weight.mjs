// The page's weight: every file in dist/ (or the folder given), raw and gzip-compressed
// (level 9, as a static host would serve it), and the total a visit downloads. Files
// fetched only when asked for (the digits set, `digits.bin`, the first time a run of
// `digits` starts) are listed apart, outside the total. `make bench` prints it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';

/** Files a visit does not download unless the page needs them. */
const ON_DEMAND = new Set(['digits.bin']);

const dir = resolve(process.argv[2] ?? 'dist');
let raw = 0;
let gz = 0;
const later = [];
const line = (name, size, zipped) =>
  `${name.padEnd(40)} ${(size / 1024).toFixed(1).padStart(8)} KB ${(zipped / 1024).toFixed(1).padStart(8)} KB gzip`;
for (const name of readdirSync(dir).sort()) {
  const file = join(dir, name);
  if (!statSync(file).isFile()) continue;
  const bytes = readFileSync(file);
  const zipped = gzipSync(bytes, { level: 9 }).length;
  if (ON_DEMAND.has(name)) {
    later.push(line(`${name} (on demand)`, bytes.length, zipped));
    continue;
  }
  raw += bytes.length;
  gz += zipped;
  console.log(line(name, bytes.length, zipped));
}
console.log(line('total', raw, gz));
for (const text of later) console.log(text);
