// The worker: runs zhibiao's WebAssembly off the page's thread. Protocol in web/src/lib.rs.
// Each scored run gets a fresh instance: the last run's memory is given back, and a trap (a panic
// aborts on wasm) cannot leave a broken instance behind. The instance keeps the run for the
// downloads and drill-downs the page asks for afterwards.
'use strict';
let module = null;
let instance = null;

onmessage = async (event) => {
  const { id, wasm, header, files } = event.data;
  try {
    if (wasm) {
      module = await WebAssembly.compile(wasm);
      // Only a head start: should it fail, real runs still work and say what went wrong themselves.
      try { warmUp(); } catch (e) { console.warn('zhibiao warm-up:', e); }
      postMessage({ id, ready: true });
      return;
    }
    const body = await contents(files);
    if (!(body instanceof Uint8Array)) { postMessage({ id, unreadable: body.name }); return; }
    if (header.action === 'score' || !instance) instance = new WebAssembly.Instance(module, imports());
    const reply = run(header, files.map((f) => f.size), body);
    // The outputs are handed over, not copied: a national workbook is tens of MB.
    postMessage({ id, reply }, Object.values(reply.blobs));
  } catch (err) {
    // A trap (RuntimeError) or memory that could not grow: the run ends with its instance, the page
    // stays usable.
    const message = String(err && err.message || err) + panicMessage();
    instance = null;
    postMessage({ id, trapped: message });
  }
};

// The browser compiles WebAssembly quickly to slow code first and optimises what runs often, in the
// background. A small run of every kind (a tree, forms, templates, the workbook, a workbook read back)
// while the clerk chooses files gets the hot code optimised before the first real run. Nothing of it
// is kept: the instance is dropped.
function warmUp() {
  const items = [];
  for (let i = 1; i <= 24; i++) items.push([`${Math.ceil(i / 8)}.${Math.ceil(i / 4)}.${i}`, i % 2 ? '甲局' : '乙局、丙局']);
  const tree = ['一级指标,二级指标,三级指标,编号,分值,责任单位', ...items.map(([code, by], i) =>
    `一级${code.split('.')[0]},二级${code.split('.')[1]},第${i + 1}项,${code},10,${by}`)].join('\n');
  const rows = ['单位,编号,得分,扣分原因'];
  for (let u = 1; u <= 300; u++) for (const [code] of items) rows.push(`县${u},${code},${(u * 7 + code.length) % 5 ? ((u + code.length) % 11) * 0.5 + 5 : '不涉及'},`);
  const [treeBytes, scores] = [tree, rows.join('\n')].map((text) => new TextEncoder().encode(text));
  const files = [{ role: 'tree', name: 't.csv' }, { role: 'scores', name: 's.csv' }];
  instance = new WebAssembly.Instance(module, imports());
  try {
    const ask = (header, parts = []) => run(header, parts.map((p) => p.length), join(parts));
    ask({ action: 'templates', options: { units: '县1' }, files: files.slice(0, 1) }, [treeBytes]);
    ask({ action: 'score', options: { date: '2025-01-31' }, files }, [treeBytes, scores]);
    const workbook = new Uint8Array(ask({ action: 'download', kind: 'workbook' }).blobs.workbook);
    for (const kind of ['csv', 'json']) ask({ action: 'download', kind });
    ask({ action: 'score', files: [...files, { role: 'previous', name: 'p.xlsx' }] }, [treeBytes, scores, workbook]);
  } finally {
    instance = null;
  }
}

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

/** The files' contents one after another, read as one (a read is a round trip to the browser, and a
 * thousand of them add up); or the first file that cannot be read. */
async function contents(files) {
  try {
    return new Uint8Array(await new Blob(files).arrayBuffer());
  } catch {
    const parts = [];
    for (const file of files) {
      try { parts.push(new Uint8Array(await file.arrayBuffer())); } catch { return file; }
    }
    return join(parts);
  }
}

/** Parts of bytes as one. */
function join(parts) {
  const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (body.set(p, at), at + p.length), 0);
  return body;
}

/** One request: the header and the files' contents (`sizes` bytes each, one after another in `body`)
 * copied into the instance, the reply read out of it. */
function run(header, sizes, body) {
  const { exports } = instance;
  const json = new TextEncoder().encode(JSON.stringify({ ...header, files: ranges(header.files ?? [], sizes) }));
  const size = 4 + json.length + body.length;
  const ptr = exports.alloc(size);
  let at = ptr;
  const put = (bytes) => { new Uint8Array(exports.memory.buffer, at, bytes.length).set(bytes); at += bytes.length; };
  put(u32(json.length)); put(json); put(body);
  const out = exports.run(ptr, size);
  const view = new DataView(exports.memory.buffer);
  const rest = view.getUint32(out, true), jsonLen = view.getUint32(out + 4, true);
  const reply = JSON.parse(new TextDecoder().decode(new Uint8Array(exports.memory.buffer, out + 8, jsonLen)));
  const outputs = out + 8 + jsonLen;
  reply.blobs = {};
  for (const d of reply.downloads) reply.blobs[d.kind] = exports.memory.buffer.slice(outputs + d.start, outputs + d.end);
  exports.free(out, rest + 4);
  return reply;
}

function ranges(list, sizes) {
  let start = 0;
  return list.map((f, i) => { const r = { ...f, start, end: start + sizes[i] }; start = r.end; return r; });
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
