// A worker: runs zhibiao's WebAssembly off the page's thread. Protocol in web/src/lib.rs. The page's
// main worker compiles the wasm and scores; its helpers read shares of the forms side by side.
// Each scored run gets a fresh instance: the last run's memory is given back, and a trap (a panic
// aborts on wasm) cannot leave a broken instance behind. The instance keeps the run for the
// downloads and drill-downs the page asks for afterwards.
'use strict';
let module = null;
let instance = null;

onmessage = async (event) => {
  const { id, wasm, compiled, sample, header, sizes, body } = event.data;
  try {
    if (wasm) {
      module = await WebAssembly.compile(wasm);
      // Only a head start: should it fail, real runs still work and say what went wrong themselves.
      let workbook;
      try { workbook = warmUp(); } catch (e) { console.warn('zhibiao warm-up:', e); }
      // The page's helper workers take the compiled module, and warm up on the workbook made here.
      postMessage({ id, ready: true, compiled: module, sample: workbook });
      return;
    }
    if (compiled) {
      module = compiled;
      try { if (sample) warmUp(sample); } catch (e) { console.warn('zhibiao warm-up:', e); }
      postMessage({ id, ready: true });
      return;
    }
    const fresh = header.action === 'score' || header.action === 'read';
    const bytes = new Uint8Array(body);
    const files = fresh ? await digests(header.files, sizes, bytes) : header.files;
    if (fresh || !instance) instance = new WebAssembly.Instance(module, imports());
    const reply = run({ ...header, files }, sizes, bytes);
    // A helper keeps nothing of a share it read: its memory is given back at once.
    if (header.action === 'read') instance = null;
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
// background, for each worker. A small run of every kind (a tree, forms, templates, the workbook, a
// workbook read back) while the clerk chooses files gets the hot code optimised before the first
// real run; a helper, given the workbook made here, reads forms only. Nothing of it is kept: the
// instance is dropped. The main worker's warm-up gives its workbook back, for the helpers.
function warmUp(helperSample) {
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
    if (helperSample) {
      ask({ action: 'read', files }, [treeBytes, scores]);
      ask({ action: 'read', files: [files[0], { role: 'scores', name: 'w.xlsx' }] }, [treeBytes, helperSample]);
      return undefined;
    }
    ask({ action: 'templates', units: '县1', files: files.slice(0, 1) }, [treeBytes]);
    ask({ action: 'score', options: { date: '2025-01-31' }, files }, [treeBytes, scores]);
    const workbook = new Uint8Array(ask({ action: 'download', kind: 'workbook' }).blobs.workbook);
    for (const kind of ['csv', 'json']) ask({ action: 'download', kind });
    ask({ action: 'score', files: [...files, { role: 'previous', name: 'p.xlsx' }] }, [treeBytes, scores, workbook]);
    return workbook;
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

/** The files, each with the SHA-256 of its bytes from the browser's own digest, which is many times
 * faster than the wasm's (the result's notes name each file by it); as they are where there is none. */
async function digests(files, sizes, bytes) {
  if (!(self.crypto && crypto.subtle)) return files;
  try {
    // A helper's share is no file of the clerk's: nothing names it by its digest.
    const sums = await Promise.all(ranges(files, sizes).map((r) => r.role === 'share' ? null : crypto.subtle.digest('SHA-256', bytes.subarray(r.start, r.end))));
    return files.map((f, i) => (sums[i] ? { ...f, sha256: [...new Uint8Array(sums[i])] } : f));
  } catch {
    return files;
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
