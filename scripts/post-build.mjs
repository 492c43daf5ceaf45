// Trunk post-build hook, on the staging folder Trunk names in TRUNK_STAGING_DIR (or a
// folder given as the argument):
// - a Content-Security-Policy that allows the page's own script files and WebAssembly
//   ('wasm-unsafe-eval') and, of inline script, only Trunk's loader (by its hash): no
//   other inline script, no eval;
// - no <link rel=preload> of the wasm: its credentials mode differs from the loader's
//   fetch, so the browser cannot use it and, with several frames of the page loading
//   at once, aborts it (a failed request for nothing).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('post-build.mjs: no staging folder (TRUNK_STAGING_DIR)');
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
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
console.log(`post-build.mjs: policy with ${hashes.length} inline script hash(es) written to ${file}`);
