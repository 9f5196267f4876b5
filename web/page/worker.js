// The worker: runs zhibiao's WebAssembly off the page's thread. Protocol in web/src/lib.rs.
// Each run gets a fresh instance: its memory is given back afterwards, and a trap (a panic aborts on
// wasm) cannot leave a broken instance behind for the next run.
'use strict';
let module = null;

let instance = null;

onmessage = async (event) => {
  const { id, wasm, header, files } = event.data;
  try {
    if (wasm) { module = await WebAssembly.compile(wasm); postMessage({ id, ready: true }); return; }
    const reply = run(header, files);
    // The outputs are handed over, not copied: a national workbook and report are tens of MB.
    postMessage({ id, reply }, Object.values(reply.blobs));
  } catch (err) {
    // A trap (RuntimeError) or memory that could not grow: the run ends, the page stays usable.
    postMessage({ id, trapped: String(err && err.message || err) + panicMessage() });
  }
};

// Dependencies link wasm-bindgen's JS imports on wasm32 (zip's getrandom, cfb's web-time,
// rust_xlsxwriter's clock) without its generated glue. The only one zhibiao calls is js_sys's
// Date.now(), a plain () -> f64 (rust_xlsxwriter stamps each new workbook, then takes the date it is
// given); every other import fails loudly, should it ever be called.
function imports() {
  const given = {};
  for (const { module: m, name } of WebAssembly.Module.imports(module)) {
    (given[m] ??= {})[name] = name.startsWith('__wbg_now_')
      ? () => Date.now()
      : () => { throw new Error(`zhibiao: ${m}.${name} is not available in the page`); };
  }
  return given;
}

function run(header, files) {
  instance = new WebAssembly.Instance(module, imports());
  const { exports } = instance;
  const json = new TextEncoder().encode(JSON.stringify({ ...header, files: ranges(header.files, files) }));
  const size = 4 + json.length + files.reduce((n, f) => n + f.byteLength, 0);
  const ptr = exports.alloc(size);
  let at = ptr;
  const put = (bytes) => { new Uint8Array(exports.memory.buffer, at, bytes.length).set(bytes); at += bytes.length; };
  put(u32(json.length)); put(json);
  for (const f of files) put(new Uint8Array(f));
  const out = exports.run(ptr, size);
  const view = new DataView(exports.memory.buffer);
  const rest = view.getUint32(out, true), jsonLen = view.getUint32(out + 4, true);
  const reply = JSON.parse(new TextDecoder().decode(new Uint8Array(exports.memory.buffer, out + 8, jsonLen)));
  const body = out + 8 + jsonLen;
  reply.blobs = {};
  for (const d of reply.downloads) reply.blobs[d.kind] = exports.memory.buffer.slice(body + d.start, body + d.end);
  exports.free(out, rest + 4);
  return reply;
}

function ranges(list, files) {
  let start = 0;
  return list.map((f, i) => { const r = { ...f, start, end: start + files[i].byteLength }; start = r.end; return r; });
}

function u32(n) { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n, true); return b; }

/** The message of the panic that trapped the instance, when it left one (for the console). */
function panicMessage() {
  try {
    const ptr = instance && instance.exports.last_panic();
    if (!ptr) return '';
    const len = new DataView(instance.exports.memory.buffer).getUint32(ptr, true);
    return ': ' + new TextDecoder().decode(new Uint8Array(instance.exports.memory.buffer, ptr + 4, len));
  } catch {
    return '';
  }
}
