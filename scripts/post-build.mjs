// Trunk post-build hook, on the staging folder Trunk names in TRUNK_STAGING_DIR (or a
// folder given as the argument):
// - a Content-Security-Policy that allows the page's own script files and WebAssembly
//   ('wasm-unsafe-eval') and, of inline script, only Trunk's loader (by its hash): no
//   other inline script, no eval;
// - the training worker (worker.js) told the file name of the page's module;
// - no <link rel=preload> of the wasm: its credentials mode differs from the loader's
//   fetch, so the browser cannot use it and, with several frames of the page loading
//   at once, aborts it (a failed request for nothing);
// - the module and its wasm renamed from Trunk's vgp-page-HASH (the `vgp-page` crate) to app-HASH, so that the
//   page's module is the first script of dist/ by name (before embed.js and worker.js):
//   tools that load "the first *.js" of a build, such as the peer benchmark's
//   cand/run.sh, get the module.
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
console.log(`post-build.mjs: policy with ${hashes.length} inline script hash(es) written to ${file}`);
