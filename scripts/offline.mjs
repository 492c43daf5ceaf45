// `make offline`: the built page (dist/) as one self-contained file,
// dist-offline/playground.html, that works opened straight from disk (file://) and
// uploaded on its own to a learning platform: the styles, the script and the
// WebAssembly (base64, instantiated from its bytes, asynchronously) are inlined, and
// its Content-Security-Policy allows that one inline script by its hash. The digits
// set, which the served page fetches when a run needs it, is inlined too (base64 in a
// data block the page reads, crate/web/src/shell/digits.rs).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2] ?? join(root, 'dist');
const out = process.argv[3] ?? join(root, 'dist-offline', 'playground.html');
const files = readdirSync(dist);
const pick = (re, what) => {
  const name = files.find((f) => re.test(f));
  if (!name) throw new Error(`offline.mjs: no ${what} in ${dist}: run make build first`);
  return join(dist, name);
};
let html = readFileSync(join(dist, 'index.html'), 'utf8');
const css = readFileSync(pick(/^style-.*\.css$/, 'stylesheet'), 'utf8');
const js = readFileSync(pick(/^app-[^_]*\.js$/, 'script'), 'utf8');
const wasm = readFileSync(pick(/_bg\.wasm$/, 'WebAssembly module'));
const digits = readFileSync(pick(/^digits\.bin$/, 'digits set'));
const guard = readFileSync(pick(/^guard\.js$/, 'crash guard'), 'utf8');

// Styles inline; the preloads of files that no longer exist go.
html = html.replace(/<link rel="stylesheet"[^>]*>/, () => `<style>\n${css}\n</style>`);
html = html.replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '');
html = html.replace(/<link rel="copy-file"[^>]*>/g, '');
// The crash guard inline, where the page loads it (first, before the module).
const guardTag = /<script src="guard\.js"><\/script>/;
if (!guardTag.test(html)) throw new Error('offline.mjs: no <script src="guard.js"> in index.html');
html = html.replace(guardTag, () => `<script>\n${guard}\n</script>`);
// One file has no worker script to start: the page trains the run itself.
html = html.replace(/<meta name="vgp-worker"[^>]*>\s*/, '');
// The loader: the module's own code, then its init with the bytes of the wasm.
const script = [
  js.replace(/\/\/# sourceMappingURL=.*$/m, ''),
  `const wasmBytes = Uint8Array.from(atob(${JSON.stringify(wasm.toString('base64'))}), (c) => c.charCodeAt(0));`,
  'await __wbg_init({ module_or_path: wasmBytes });',
].join('\n');
const loader = /<script type="module">[\s\S]*?<\/script>/;
if (!loader.test(html)) throw new Error("offline.mjs: Trunk's loader script not found in index.html");
html = html.replace(
  loader,
  () =>
    `<script id="vgp-digits" type="application/octet-stream">${digits.toString('base64')}</script>\n` +
    `<script type="module">\n${script}\n</script>`,
);
const hash = createHash('sha256').update(`\n${script}\n`).digest('base64');
const guardHash = createHash('sha256').update(`\n${guard}\n`).digest('base64');
const policy = [
  "default-src 'none'",
  `script-src 'sha256-${hash}' 'sha256-${guardHash}' 'wasm-unsafe-eval'`,
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, `<meta http-equiv="Content-Security-Policy" content="${policy}">`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
const size = statSync(out).size;
const gz = gzipSync(html).length;
console.log(`offline.mjs: wrote ${out}: ${(size / 1024).toFixed(0)} KB (${(gz / 1024).toFixed(0)} KB gzip)`);
