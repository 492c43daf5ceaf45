// Trunk post-build hook, on the staging folder Trunk names in TRUNK_STAGING_DIR (or a
// folder given as the argument):
// - a Content-Security-Policy that allows the page's own script files and WebAssembly
//   ('wasm-unsafe-eval') and, of inline script, only Trunk's loader (by its hash): no
//   other inline script, no eval;
// - the training worker (worker.js) told the file name of the page's module;
// - no <link rel=preload> of the wasm: its credentials mode differs from the loader's
//   fetch, so the browser cannot use it and, with several frames of the page loading
//   at once, aborts it (a failed request for nothing);
// - the module and its wasm renamed from Trunk's vgp-page-HASH (the crate vgp-page) to
//   app-HASH, so that the page's module is the first script of dist/ by name (before
//   embed.js and worker.js):
//   tools that load "the first *.js" of a build, such as the peer benchmark's
//   cand/run.sh, get the module;
// - short names for the functions the wasm imports from the glue (in both);
// - the module's JavaScript (its integrity hash updated), the styles and embed.js without
//   comments and indentation.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('post-build.mjs: no staging folder (TRUNK_STAGING_DIR)');
const only = (re, what) => {
  const found = readdirSync(dir).filter((name) => re.test(name));
  if (found.length !== 1) throw new Error(`post-build.mjs: expected one ${what} in ${dir}, found ${found}`);
  return found[0];
};
const trunkModule = only(/^vgp-page-[0-9a-f]+\.js$/, 'vgp-page-*.js');
const base = trunkModule.slice(0, -'.js'.length);
const renamed = base.replace(/^vgp-page-/, 'app-');
renameSync(join(dir, `${base}.js`), join(dir, `${renamed}.js`));
renameSync(join(dir, `${base}_bg.wasm`), join(dir, `${renamed}_bg.wasm`));

const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8').replaceAll(base, renamed);
if (!html.includes(`${renamed}.js`)) throw new Error(`post-build.mjs: index.html does not load ${base}.js`);

// The module's JavaScript (wasm-bindgen's glue) without its doc comments, comment lines
// and indentation: 1.5 KB less gzip-compressed, the code itself unchanged (the glue has
// no multi-line strings). Its integrity hash in index.html follows.
const modulePath = join(dir, `${renamed}.js`);
const glue = readFileSync(modulePath, 'utf8');
const compact = shortImportNames(glue, join(dir, `${renamed}_bg.wasm`))
  .replace(/^[ \t]*\/\*\*[\s\S]*?\*\/[ \t]*\n/gm, '')
  .replace(/^[ \t]*\/\/[^\n]*\n/gm, '')
  .replace(/^[ \t]+/gm, '');
const sri = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;
if (!html.includes(sri(glue))) throw new Error(`post-build.mjs: index.html has no integrity hash of ${renamed}.js`);
html = html.replaceAll(sri(glue), sri(compact));
writeFileSync(modulePath, compact);
html = html.replace(/<link rel="preload" href="[^"]*_bg\.wasm"[^>]*>/g, '');
const hashes = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map(
  (m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`,
);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '');
html = html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n  ${meta}`);
if (!html.includes(meta)) throw new Error('post-build.mjs: no <meta charset="utf-8"> to put the policy after');
writeFileSync(file, html);

const module = only(/^app-[0-9a-f]+\.js$/, 'app-*.js');
const wasm = only(/^app-[0-9a-f]+_bg\.wasm$/, 'app-*_bg.wasm');
const workerFile = join(dir, 'worker.js');
const worker = readFileSync(workerFile, 'utf8');
for (const placeholder of ['__VGP_MODULE__', '__VGP_WASM__']) {
  if (!worker.includes(placeholder)) throw new Error(`post-build.mjs: worker.js has no ${placeholder} to fill in`);
}
writeFileSync(workerFile, worker.replace('__VGP_MODULE__', module).replace('__VGP_WASM__', wasm));

// The styles, embed.js and guard.js as visitors download them: without comments and
// indentation (www/ keeps them as written). The stylesheet's link carries no integrity
// hash.
const styles = only(/^style-[0-9a-f]+\.css$/, 'style-*.css');
const compactFile = (name, strip) => {
  const path = join(dir, name);
  writeFileSync(path, strip(readFileSync(path, 'utf8')).replace(/^[ \t]+/gm, '').replace(/\n{2,}/g, '\n'));
};
compactFile(styles, (css) => css.replace(/\/\*[\s\S]*?\*\//g, ''));
// Whole-line comments only (`//` lines and `/** … */` blocks that start a line): neither
// script has a multi-line string or a `/**` inside a string.
const withoutComments = (js) =>
  js.replace(/^[ \t]*\/\*\*[\s\S]*?\*\/[ \t]*\n/gm, '').replace(/^[ \t]*\/\/[^\n]*\n/gm, '');
compactFile('embed.js', withoutComments);
compactFile('guard.js', withoutComments);
console.log(`post-build.mjs: policy with ${hashes.length} inline script hash(es) written to ${file}`);

// wasm-bindgen names each function the module imports from its JavaScript after the
// Rust item and a hash (`__wbg_fillRect_e1f0b9915220348b`), once in the glue and once in
// the wasm's import section: about 3 KB gzip-compressed of nearly random hex in all.
// Both get the same short names instead (`w0`, `w1`, ...); nothing else changes.
function shortImportNames(glue, wasmPath) {
  const names = [...glue.matchAll(/^[ \t]*(__wb[a-z]*_[A-Za-z0-9_]*_[0-9a-f]{16}): function\(/gm)].map((m) => m[1]);
  if (names.length === 0) throw new Error('post-build.mjs: no imports found in the glue');
  const short = new Map(names.map((name, i) => [name, `w${i.toString(36)}`]));
  let out = glue;
  for (const [name, to] of short) {
    const re = new RegExp(`\\b${name}\\b`, 'g');
    if (out.match(re).length !== 1) throw new Error(`post-build.mjs: ${name} is not used once in the glue`);
    out = out.replace(re, to);
  }
  writeFileSync(wasmPath, renameImports(readFileSync(wasmPath), short));
  return out;
}

// The wasm module with the import section's field names mapped through `names` (all of
// them must be found).
function renameImports(wasm, names) {
  const u32 = (bytes, at) => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return [value, at];
    }
  };
  const leb = (value) => {
    const out = [];
    do {
      let byte = value % 128;
      value = Math.floor(value / 128);
      if (value > 0) byte |= 0x80;
      out.push(byte);
    } while (value > 0);
    return Buffer.from(out);
  };
  const text = (string) => {
    const bytes = Buffer.from(string, 'utf8');
    return Buffer.concat([leb(bytes.length), bytes]);
  };
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, body] = u32(wasm, at + 1);
    if (id !== 2) {
      at = body + size;
      continue;
    }
    const parts = [];
    let [count, p] = u32(wasm, body);
    parts.push(leb(count));
    let renamed = 0;
    for (; count > 0; count--) {
      const start = p;
      const [moduleLength, m] = u32(wasm, p);
      const [fieldLength, f] = u32(wasm, m + moduleLength);
      const field = wasm.subarray(f, f + fieldLength).toString('utf8');
      p = f + fieldLength;
      const kind = wasm[p++];
      if (kind === 0 || kind === 4) {
        if (kind === 4) p++;
        p = u32(wasm, p)[1];
      } else if (kind === 1 || kind === 2) {
        if (kind === 1) p++;
        const flags = wasm[p++];
        p = u32(wasm, p)[1];
        if (flags & 1) p = u32(wasm, p)[1];
      } else if (kind === 3) {
        p += 2;
      } else {
        throw new Error(`post-build.mjs: unknown import kind ${kind}`);
      }
      const to = names.get(field);
      if (to === undefined) {
        parts.push(wasm.subarray(start, p));
      } else {
        renamed++;
        parts.push(wasm.subarray(start, m + moduleLength), text(to), wasm.subarray(f + fieldLength, p));
      }
    }
    if (p !== body + size) throw new Error('post-build.mjs: the import section did not parse');
    if (renamed !== names.size) throw new Error(`post-build.mjs: ${renamed} of ${names.size} imports renamed`);
    const section = Buffer.concat(parts);
    return Buffer.concat([wasm.subarray(0, at), Buffer.from([2]), leb(section.length), section, wasm.subarray(body + size)]);
  }
  throw new Error('post-build.mjs: the module has no import section');
}
