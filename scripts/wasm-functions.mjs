// The largest functions of a WebAssembly module, by the size of their code in bytes,
// with their names when the module has a name section (cargo's wasm before wasm-bindgen
// and wasm-opt has one; dist/'s module has none, so its functions are numbered).
// docs/testing.md ("The WebKit trap") used it to measure the page's redraw, one function
// of 52 KB of code with every chart inlined.
//
//   node scripts/wasm-functions.mjs target/wasm32-unknown-unknown/release/vgp_page.wasm [count]
//   WASM_FUNCTIONS_MAX=N ...   exit 1 when any function's code is larger than N bytes
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Every function defined in the module `bytes`: { size, name }, largest first. */
export function functionSizes(bytes) {
  const u32 = (at) => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return [value, at];
    }
  };
  const utf8 = (at) => {
    const [len, start] = u32(at);
    return [bytes.toString('utf8', start, start + len), start + len];
  };

  let imported = 0;
  const bodies = [];
  const names = new Map();
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, body] = u32(at + 1);
    const end = body + size;
    if (id === 2) {
      // Imports: functions imported come first in the function index space.
      let [count, p] = u32(body);
      for (; count > 0; count--) {
        [, p] = utf8(p);
        [, p] = utf8(p);
        const kind = bytes[p++];
        if (kind === 0) {
          imported++;
          [, p] = u32(p);
        } else if (kind === 1) {
          p += 1;
          const flags = bytes[p++];
          [, p] = u32(p);
          if (flags & 1) [, p] = u32(p);
        } else if (kind === 2) {
          const flags = bytes[p++];
          [, p] = u32(p);
          if (flags & 1) [, p] = u32(p);
        } else if (kind === 3) {
          p += 2;
        } else {
          [, p] = u32(p);
        }
      }
    } else if (id === 10) {
      let [count, p] = u32(body);
      for (; count > 0; count--) {
        const [len, start] = u32(p);
        bodies.push(len);
        p = start + len;
      }
    } else if (id === 0) {
      const [name, p0] = utf8(body);
      if (name === 'name') {
        for (let p = p0; p < end; ) {
          const sub = bytes[p];
          const [len, start] = u32(p + 1);
          if (sub === 1) {
            let [count, q] = u32(start);
            for (; count > 0; count--) {
              let index;
              let text;
              [index, q] = u32(q);
              [text, q] = utf8(q);
              names.set(index, text);
            }
          }
          p = start + len;
        }
      }
    }
    at = end;
  }

  const listed = bodies.map((size, i) => ({ size, name: names.get(imported + i) ?? `function ${imported + i}` }));
  listed.sort((a, b) => b.size - a.size);
  return listed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, countArg = '15'] = process.argv.slice(2);
  if (!file) throw new Error('usage: node scripts/wasm-functions.mjs MODULE.wasm [count]');
  const listed = functionSizes(readFileSync(file));
  const total = listed.reduce((a, b) => a + b.size, 0);
  console.log(`${file}: ${listed.length} functions, ${total} bytes of code`);
  for (const { size, name } of listed.slice(0, Number(countArg))) {
    console.log(`${String(size).padStart(8)}  ${name.length > 140 ? `${name.slice(0, 137)}...` : name}`);
  }
  const max = Number(process.env.WASM_FUNCTIONS_MAX ?? Infinity);
  if (listed.length && listed[0].size > max) {
    console.log(`the largest function has ${listed[0].size} bytes of code, over WASM_FUNCTIONS_MAX=${max}`);
    process.exitCode = 1;
  }
}
