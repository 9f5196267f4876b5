// The page: files in, options, results shown; the work is done by zhibiao's WebAssembly in a worker.
'use strict';
const $ = (id) => document.getElementById(id);

// ---- words ---------------------------------------------------------------------------------
// The page's own labels; every message about the data comes from zhibiao in the run's language.
const WORDS = {
  zh: {},
  en: {
    title: 'Rule-of-law government indicator scoring', promise: 'Everything is computed offline on this computer: nothing is uploaded, no network.',
    step1: '1. Choose the files', tree: 'Indicator system (指标体系)', treeHint: 'xlsx, xls, ods, csv, or a 考核细则 as Word (docx) or plain text (txt); or drop it here',
    scores: 'Score sheets (得分表)', folder: 'or choose a folder', scoresHint: 'the forms units and departments returned; several files or a whole folder',
    scheme: 'Scoring scheme (评分方案)', schemeHint: 'optional: weights, grades, bonus items… (TOML)',
    previous: "Last year's result (上年结果)", previousHint: "optional: last year's result workbook, for the year-over-year comparison",
    step2: '2. Rules', sheet: 'Sheet', sheetHint: 'the sheet of the indicator system; default the first', threshold: 'Threshold', decimals: 'Decimals', rankStyle: 'Ties', default: 'default', dense: 'dense 1, 1, 2',
    order: 'Order of tied units', orderName: 'by name', orderStrokes: 'by strokes (按笔画)', orderInput: 'as the score files name them', orderCode: 'by 行政区划 code',
    gradeOrder: 'Order inside a grade (排名不分先后)', byRank: 'by rank',
    missing: 'Unscored items', missingError: 'an error', missingZero: 'count as 0', combine: 'Several departments', mean: 'mean',
    lead: 'lead department', min: 'lowest', unit: 'Unit', unitHint: 'for forms naming none', columns: 'Columns', columnsHint: 'when the header is not recognised: item=考核内容, score=D',
    deductionsOnly: 'Score sheets are deduction lists (items not listed keep full points)', date: 'Result date',
    requireVerified: 'An item not verified (核定) is an error, not a warning', inflated: 'Inflated self-scores', inflatedHint: 'self-score above the verified by more than 5',
    defaults: 'Empty means the default: threshold 90 (inclusive), 1 decimal (half away from zero), ties ranked 1, 2, 2, 4, unscored items an error, several departments averaged; where a scheme gives a value, that value.',
    go: 'Score', templates: 'Make scoring templates', figures: 'Templates give the 定量指标 分子 and 分母 columns', dlWorkbook: 'Download the result workbook', dlCsv: 'Download CSV',
    dlJson: 'Download JSON', print: 'Print the ranking', footer: 'zhibiao · exact decimals, rounding for display only · every number traceable to file!sheet!cell',
    optional: ' (optional)', scoring: 'Scoring…', done: (s) => `Done in ${s} s.`, refused: (s) => `No result: see the problems below (${s} s).`,
    needTree: 'Choose the indicator system (指标体系) first.', needScores: 'Choose the score sheets (得分表).',
    trapped: (names) => `The file ${names} could not be read (the reader stopped on it). The page is ready for another try.`,
    unreadable: (name) => `The file ${name} could not be opened by the browser.`, stopped: 'The computation stopped (an internal error). The page is ready: score again.',
    problems: (e, w) => `${e} error(s), ${w} warning(s)`, noProblems: 'No problems found.', problemsTitle: 'Problems',
    treeTitle: 'The indicator system as read', treeLine: (t) => `${t.source}: ${t.level1} first-level, ${t.level2} second-level, ${t.items} items, ${t.points} points.`,
    rankingTitle: 'Ranking', rank: 'Rank', unitCol: 'Unit', raw: 'Obtained', max: 'Applicable max', score: 'Score (of 100)', grade: 'Grade', eligible: 'Meets the standard',
    yes: 'yes', no: 'no', rulesTitle: 'Rules applied', statusTitle: 'Who is missing what', department: 'Department', expected: 'Expected',
    scored: 'Scored', na: 'N/A', blank: 'Blank', absent: 'Missing', complete: 'Every expected item has a score.',
    silentDepartments: 'Departments that sent nothing', silentUnits: 'Units without any score',
    departmentsTitle: 'Department ranking', items: 'Items', applicable: 'Applicable', rate: 'Rate', unitsTitle: 'Per unit',
    level1: 'First-level rates', level1Name: 'First-level indicator', lost: 'Lost points', code: 'Code', item: 'Item', points: 'Points', itemScore: 'Score',
    reason: 'Reason', source: 'Source cell', explainTitle: 'Verdict and gap', noLost: 'No points lost.', templatesDone: (n) => `${n} made.`,
    whyFiles: 'Choose the indicator system and the score sheets first.', whyTree: 'Choose the indicator system first.',
    whyScores: 'Choose the score sheets next.', whyErrors: (n) => `${n} error(s): correct them to download.`,
    whyNotScored: 'Score first to download.', nothingRead: 'No score was read: none of the score sheets could be read (see the problems above).',
    checking: 'Reading the indicator system…', noFile: 'Not about one file', same: (n, cells) => ` — ${n} times: ${cells}`, sameUnits: (n, names) => `${names} (${n} units)`,
    stabilityTitle: 'Rank stability', stabilityHint: 'The weights of the first-level indicators drawn within ±spread % and every unit scored again by the same exact rules, many times: each unit\'s median rank and 5–95 % rank interval. The interval only says how far reasonable weights move a rank, nothing about errors in the scores; the same seed gives the numbers of zhibiao sensitivity.',
    runs: 'Runs', seed: 'Seed', spread: 'Spread ±%', disputed: 'Disputed items', disputedHint: '3.2.1,5.1.4 or 甲区:3.2.1', stabilityGo: 'Compute rank stability',
    computing: 'Drawing the weights…', chartTitle: 'Rank interval (5–95 %)', legendInterval: '5–95 % of the runs', legendMedian: 'median rank', legendRank: 'rank',
    intervalOf: (u) => `${u.unit}: rank ${u.rank}, median ${u.median_rank}, interval ${u.rank_5}–${u.rank_95}, meets the standard in ${u.eligible_share} % of the runs`,
    drawn: (s) => `${s.runs} runs (seed ${s.seed}), weights within ±${s.spread} %.`, disputedTitle: 'Disputed items: the verdict if all or none are upheld',
    disputedItems: 'Items', worst: 'None upheld', best: 'All upheld', flip: 'Fewest that change the verdict', cannotFlip: 'cannot change', notSearched: 'too many to search',
    filesCount: (n) => `${n} file(s)`, formsRead: (n, all) => `, ${n} of ${all} forms read`, making: 'Making the file…', more: (n, all) => `The first ${n} of ${all}; the workbook has them all.`, noWasm: (why) => `This browser cannot run the page's WebAssembly (${why}). The page needs Chrome or Edge 96 or later (or a browser built on Chromium 96 or later: chrome://version shows it), Firefox 113 or Safari 16.4.`,
  },
  zhFns: {
    optional: '(可选)', scoring: '正在计算…', done: (s) => `完成,用时 ${s} 秒。`, refused: (s) => `未出结果:请看下方的问题(用时 ${s} 秒)。`,
    needTree: '请先选择指标体系文件。', needScores: '请选择得分表。',
    trapped: (names) => `无法读取文件 ${names}(读取时出错中止)。页面可继续使用,请检查该文件后重试。`,
    unreadable: (name) => `浏览器无法打开文件 ${name}。`, stopped: '计算中止(内部错误)。页面可继续使用,请重新评分。',
    problems: (e, w) => `${e} 个错误,${w} 个警告`, noProblems: '未发现问题。', problemsTitle: '问题',
    treeTitle: '指标体系读取情况', treeLine: (t) => `${t.source}:一级指标 ${t.level1} 项、二级指标 ${t.level2} 项、三级指标 ${t.items} 项,共 ${t.points} 分。`,
    rankingTitle: '排名', rank: '名次', unitCol: '单位', raw: '实得分', max: '适用满分', score: '百分制得分', grade: '等次', eligible: '达标',
    yes: '达标', no: '未达标', rulesTitle: '采用的规则', statusTitle: '报送情况(谁缺什么)', department: '部门', expected: '应评',
    scored: '已评', na: '不涉及', blank: '空白', absent: '缺失', complete: '所有应评指标均已评分。',
    silentDepartments: '未报送任何评分的部门', silentUnits: '没有任何评分的单位',
    departmentsTitle: '部门排名', items: '指标数', applicable: '涉及', rate: '得分率', unitsTitle: '各单位明细',
    level1: '一级指标得分率', level1Name: '一级指标', lost: '失分', code: '编号', item: '三级指标', points: '分值', itemScore: '得分',
    reason: '扣分原因', source: '来源单元格', explainTitle: '达标判定与差距', noLost: '没有失分。', templatesDone: (n) => `已生成 ${n}。`,
    whyFiles: '请先选择指标体系和得分表。', whyTree: '请先选择指标体系。', whyScores: '请再选择得分表。',
    whyErrors: (n) => `有 ${n} 个错误,改正后可下载。`, whyNotScored: '评分完成后可下载。',
    nothingRead: '未读到任何评分:得分表均未能读取(见上方问题)。', checking: '正在读取指标体系…', noFile: '不属于单个文件的问题',
    same: (n, cells) => `——共 ${n} 处:${cells}`, sameUnits: (n, names) => `${names}(${n} 个单位)`,
    computing: '正在抽样计算…', chartTitle: '名次区间(5%–95%)', legendInterval: '5%–95% 的抽样', legendMedian: '中位名次', legendRank: '名次',
    intervalOf: (u) => `${u.unit}:名次 ${u.rank},中位名次 ${u.median_rank},区间 ${u.rank_5}–${u.rank_95},达标比例 ${u.eligible_share}%`,
    drawn: (s) => `${s.runs} 次抽样(种子 ${s.seed}),权重浮动 ±${s.spread}%。`, disputedTitle: '争议指标:均采纳与均不采纳时的结论',
    disputedItems: '指标', worst: '均不采纳', best: '均采纳', flip: '改变结论的最少指标', cannotFlip: '结论不会改变', notSearched: '项数过多,未查找',
    filesCount: (n) => `${n} 个文件`, formsRead: (n, all) => `,已读取 ${n} / ${all} 个得分表`, making: '正在生成文件…', more: (n, all) => `仅显示前 ${n} 项(共 ${all} 项),完整内容见年度结果工作簿。`, noWasm: (why) => `此浏览器无法运行本页面的计算组件(${why})。本页面需要 Chrome 或 Edge 96 及以上版本,或内核为 Chromium 96 及以上的浏览器(如 360、奇安信;在地址栏输入 chrome://version 可查看内核版本),或 Firefox 113、Safari 16.4 及以上版本。`,
  },
};
let lang = 'zh';
const t = (key, ...args) => {
  const w = (lang === 'en' ? WORDS.en[key] : WORDS.zhFns[key]) ?? zhLabels[key] ?? key;
  return typeof w === 'function' ? w(...args) : w;
};
// The Chinese labels are the page's own text, read once before any switch.
const zhLabels = {};
document.querySelectorAll('[data-t]').forEach((el) => { zhLabels[el.dataset.t] = el.textContent; });
document.querySelectorAll('[data-tp]').forEach((el) => { zhLabels[el.dataset.tp] = el.placeholder; });

function applyLanguage() {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
  document.querySelectorAll('[data-tp]').forEach((el) => { el.placeholder = t(el.dataset.tp); });
  document.querySelectorAll('.drop.optional > label:first-child').forEach((el) => { el.dataset.optional = t('optional'); });
  $('lang').textContent = lang === 'en' ? '中文' : 'English';
  if (typeof updateButtons === 'function') updateButtons();
  $('lang').lang = lang === 'en' ? 'zh-CN' : 'en';
  document.title = lang === 'en' ? 'zhibiao · indicator scoring' : '指标评分 zhibiao';
}

// ---- files -----------------------------------------------------------------------------------
const SPREADSHEET = /\.(xlsx|xlsm|xlsb|xls|ods|csv)$/i;
// A form returned as a Word table is read when chosen itself; a folder gives its spreadsheets only.
const WORD = /^[^/]*\.docx$/i;
/** role → [{name, file}] */
const chosen = { tree: [], scores: [], scheme: [], previous: [] };

function choose(role, files) {
  // Folders bring their office lock files (~$x.xlsx) and hidden files along: not forms.
  const list = [...files]
    .map((f) => ({ name: f.webkitRelativePath || f.relativePath || f.name, file: f }))
    .filter((f) => role !== 'scores' || ((SPREADSHEET.test(f.name) || WORD.test(f.name)) && !/(^|\/)(~\$|\.)[^/]*$/.test(f.name)));
  chosen[role] = role === 'scores' ? list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : list.slice(0, 1);
  const ul = document.querySelector(`.drop[data-role=${role}] .chosen`);
  ul.replaceChildren(...chosen[role].slice(0, 200).map((f) => el('li', {}, f.name)));
  if (chosen[role].length > 200) ul.append(el('li', {}, '… ' + t('filesCount', chosen[role].length)));
  updateButtons();
  if (role === 'tree') checkTree();
}

/** The tree alone, read as soon as it is chosen: how it was read and its problems, before any
 * score sheet is involved. A later choice or run makes a late answer stale. */
let checks = 0;
async function checkTree() {
  const ticket = ++checks;
  if (!chosen.tree.length) return;
  busy(t('checking'));
  const reply = await work({ action: 'check', lang, options: { sheet: value('sheet') } }, chosen.tree.map((f) => ({ role: 'tree', ...f })));
  if (ticket !== checks) return;
  busy('');
  show(reply);
}

for (const drop of document.querySelectorAll('.drop')) {
  const role = drop.dataset.role;
  drop.querySelectorAll('input[type=file]').forEach((input) => input.addEventListener('change', () => choose(role, input.files)));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', async (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
    choose(role, entries.length ? await walk(entries) : e.dataTransfer.files);
  });
}

/** The files of dropped files and folders, with their paths. */
async function walk(entries, files = []) {
  for (const entry of entries) {
    if (entry.isFile) {
      const file = await new Promise((ok, no) => entry.file(ok, no));
      file.relativePath = entry.fullPath.replace(/^\//, '');
      files.push(file);
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (let batch; (batch = await new Promise((ok, no) => reader.readEntries(ok, no))).length;) await walk(batch, files);
    }
  }
  return files;
}

// ---- the worker ------------------------------------------------------------------------------
// The wasm is inlined gzipped, as base64: unpacked by the browser itself, nothing fetched.
const wasmBytes = new Response(new Blob([Uint8Array.from(atob($('wasm').textContent.trim()), (c) => c.charCodeAt(0))])
  .stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
const workerUrl = URL.createObjectURL(new Blob([$('worker-source').textContent], { type: 'text/javascript' }));

/** A worker and its requests: `ask` posts one and resolves with the worker's answer. */
function spawn() {
  const worker = new Worker(workerUrl);
  const pending = new Map();
  let nextId = 1;
  worker.onmessage = (e) => { const p = pending.get(e.data.id); pending.delete(e.data.id); p && p(e.data); };
  // The worker itself failed (its script, or memory to start it): every waiting request ends with a
  // message instead of waiting forever.
  worker.onerror = (e) => {
    for (const answer of pending.values()) answer({ trapped: e.message || String(e) });
    pending.clear();
  };
  const ask = (message, transfer = []) => {
    const id = nextId++;
    return new Promise((resolve) => { pending.set(id, resolve); worker.postMessage({ id, ...message }, transfer); });
  };
  return { ask };
}

// The main worker compiles the wasm, warms it up and scores. The browser gives wasm no threads, so
// helper workers (one per core, up to 4) read shares of the forms side by side, from the module the
// main worker compiled; a helper that cannot start is left out.
const main = spawn();
const ready = wasmBytes.then((wasm) => main.ask({ wasm }));
const helpers = ready.then(async (started) => {
  const count = Math.min(4, navigator.hardwareConcurrency || 1);
  if (started.trapped !== undefined || count < 2) return [];
  const spawned = Array.from({ length: count }, spawn);
  const answers = await Promise.all(spawned.map((h) => h.ask({ compiled: started.compiled, sample: started.sample })));
  return spawned.filter((h, i) => answers[i].ready);
});
// When the page could first score, in seconds since it was opened (the bench reports it).
helpers.then(() => { document.body.dataset.ready = performance.now() / 1000; });

/** One run: the files of the roles given, the options; the worker's reply or a message. */
async function run(action, roles) {
  const list = roles.flatMap((role) => chosen[role].map((f) => ({ role, ...f })));
  const since = performance.now();
  // How many forms the helpers have read, shown beside the seconds: a large folder takes a while.
  const forms = { read: 0, all: list.filter((f) => f.role === 'scores').length };
  const note = () => busy(`${t('scoring')} ${((performance.now() - since) / 1000).toFixed(0)} s`
    + (forms.all > 1 ? t('formsRead', forms.read, forms.all) : ''));
  const tick = setInterval(note, 1000);
  busy(t('scoring'));
  try {
    const files = action === 'score' ? await shared(list, (n) => { forms.read += n; note(); }) : list;
    // A helper that failed, or that found the tree or scheme wrong: its reply is the run's.
    if (!Array.isArray(files)) return files;
    // Templates are made for the units typed in 单位 (several: separated by 、 or ,), as `template --units`,
    // with 分子/分母 columns for the 定量指标 when asked, as `template --figures`.
    const units = action === 'templates' ? { units: value('unit'), figures: $('o-figures').checked } : {};
    return await work({ action, lang, options: options(), ...units }, files);
  } finally {
    clearInterval(tick);
  }
}

/** The files of a run, with the forms read first by the helpers when there are several: the forms
 * are cut into one run a helper, about equal in bytes, all read at once, each handed to its helper
 * as soon as it is read. A helper gives back what it read, as a `share`, and `onRead` is told how many
 * forms that was. Or the reply of a helper that failed, or found the tree or scheme wrong. */
async function shared(list, onRead) {
  const forms = list.filter((f) => f.role === 'scores');
  const workers = (await helpers).slice(0, forms.length);
  // How many workers read the forms (the tests and the bench read it).
  $('busy').dataset.readers = Math.max(1, workers.length);
  if (workers.length < 2) return list;
  const common = list.filter((f) => f.role === 'tree' || f.role === 'scheme');
  const header = { action: 'read', lang, options: options() };
  // One run a helper: two a helper, read one after another so that the first could start early, took
  // longer (the browser's reading, not the helpers, is the slow part; see `contents`).
  const replies = await Promise.all(cut(forms, workers.length).map(async (part, i) => {
    const files = [...common, ...part];
    const read = await contents(files);
    if (read.unreadable !== undefined) return { failed: t('unreadable', read.unreadable) };
    const reply = await send(header, files, read, workers[i]);
    onRead(part.length);
    return reply;
  }));
  const failed = replies.find((r) => r.failed || !r.blobs.share);
  if (failed) return failed;
  const others = list.filter((f) => f.role !== 'scores');
  return [...others, ...replies.map((r, i) => ({ role: 'share', name: `share${i}`, file: new Blob([r.blobs.share]) }))];
}

/** Files cut into `n` runs, in order, about equal in bytes; none empty. */
function cut(files, n) {
  const total = files.reduce((sum, f) => sum + f.file.size, 0) || 1;
  const runs = Array.from({ length: n }, () => []);
  let at = 0;
  for (const f of files) {
    runs[Math.min(n - 1, Math.floor((at * n) / total))].push(f);
    at += f.file.size;
  }
  return runs.filter((r) => r.length);
}

/** The files' contents one after another: `{ body, sizes }`; or `{ unreadable }`, the first file that
 * cannot be read. A read is a round trip to the browser, and a thousand of them add up, so the files
 * are read as a few Blobs made of them; but the browser reads a Blob's files one after another, each a
 * few hops between its threads, so those Blobs are read side by side, their waits overlapping (the
 * 1,000 workbooks, with one run a helper: ≈ 12 % sooner than runs read one after another, one Blob
 * each). */
async function contents(list) {
  const slices = Math.min(4, Math.ceil(list.length / 32)) || 1;
  const size = Math.ceil(list.length / slices);
  try {
    const read = await Promise.all(Array.from({ length: slices }, (_, i) =>
      new Blob(list.slice(i * size, (i + 1) * size).map((f) => f.file)).arrayBuffer()));
    if (read.length === 1) return { body: read[0], sizes: list.map((f) => f.file.size) };
    const body = new Uint8Array(read.reduce((sum, b) => sum + b.byteLength, 0));
    let at = 0;
    for (const b of read) {
      body.set(new Uint8Array(b), at);
      at += b.byteLength;
    }
    return { body: body.buffer, sizes: list.map((f) => f.file.size) };
  } catch {
    for (const f of list) {
      try { await f.file.arrayBuffer(); } catch { return { unreadable: f.name }; }
    }
    return { unreadable: list.map((f) => f.name).join('、') };
  }
}

/** A request to the main worker with the files given; its reply, or `{ failed }` with the message to show. */
async function work(header, list = []) {
  const read = await contents(list);
  if (read.unreadable !== undefined) return { failed: t('unreadable', read.unreadable) };
  return send(header, list, read, main);
}

/** A request with its files read, to a worker; its reply, or `{ failed }` with the message to show. */
async function send(header, list, { body, sizes }, to) {
  const started = await ready;
  if (started.trapped !== undefined) return { failed: t('noWasm', started.trapped) };
  // The bytes are handed over, not copied.
  const answer = await to.ask({ header: { ...header, files: list.map(({ role, name }) => ({ role, name })) }, sizes, body }, [body]);
  if (answer.trapped !== undefined) {
    // A trapped instance is gone with its run; the next run starts a fresh one from the compiled module.
    console.warn('zhibiao trapped:', answer.trapped);
    if (to === main) forget();
    const named = list.filter((f) => f.role === 'scores' || f.role === 'tree' || f.role === 'previous').map((f) => f.name);
    return { failed: named.length ? t('trapped', named.join('、')) : t('stopped') };
  }
  return answer.reply;
}

/** A setting as typed, or null where it was left empty (the default). */
const value = (id) => $('o-' + id).value.trim() || null;

/** The run's options, named as the command line's flags (zhibiao's `RunOptions`). */
function options() {
  const o = { sheet: value('sheet'), threshold: value('threshold'), decimals: value('decimals'), rank_style: value('rank_style'),
    order: value('order'), grade_order: value('grade_order'), missing: value('missing'), combine: value('combine'), unit: value('unit'), date: value('date'),
    columns: value('columns'), deductions_only: $('o-deductions_only').checked, require_verified: $('o-require_verified').checked,
    inflated: value('inflated') };
  if (o.decimals !== null) o.decimals = Number(o.decimals);
  return o;
}

function busy(message) { $('busy').textContent = message; }

// ---- actions ---------------------------------------------------------------------------------
// The shown run's outputs, made by the worker when first asked for: kind → bytes.
let last = null, scored = false;
async function score() {
  if (!chosen.tree.length) return show({ failed: t('needTree') });
  if (!chosen.scores.length) return show({ failed: t('needScores') });
  setBusy(true);
  scored = true;
  checks++;
  const started = performance.now();
  const reply = await run('score', ['tree', 'scores', 'scheme', 'previous']);
  show(reply);
  // The time the clerk is told (and the bench reads): from the click to the results laid out.
  document.body.getBoundingClientRect();
  const seconds = (performance.now() - started) / 1000;
  $('busy').dataset.seconds = seconds;
  // A refused run is not called done: its problems stand below, and no result was made.
  busy(reply.failed ? '' : t(reply.ok ? 'done' : 'refused', seconds.toFixed(2)));
  setBusy(false);
}

async function templates() {
  if (!chosen.tree.length) return show({ failed: t('needTree') });
  setBusy(true);
  const reply = await run('templates', ['tree']);
  setBusy(false);
  if (reply.failed || !reply.ok) return show(reply);
  busy(t('templatesDone', reply.downloads[0].name));
  save(reply.downloads[0], reply.blobs.templates);
}

let working = false;
function setBusy(on) { working = on; updateButtons(); }

/** A button that cannot be used says why beside it. */
function updateButtons() {
  const [tree, scores] = [chosen.tree.length > 0, chosen.scores.length > 0];
  const needs = !tree && !scores ? 'whyFiles' : !tree ? 'whyTree' : !scores ? 'whyScores' : null;
  $('go').disabled = working || needs !== null;
  $('dl-templates').disabled = working || !tree;
  $('why').textContent = working || !needs ? '' : t(needs);
}

function save(download, bytes) {
  const url = URL.createObjectURL(new Blob([bytes]));
  const a = el('a', { href: url, download: download.name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** A download of the shown run: made by the worker on the first click, kept for the next. */
async function download(kind) {
  const shown = last;
  if (!shown) return;
  const button = $('dl-' + kind);
  // When the click was taken, for the bench (its clock is the computer's, as the saved file's).
  button.dataset.clicked = Date.now();
  if (!shown.made[kind]) {
    button.disabled = true;
    busy(t('making'));
    const reply = await work({ action: 'download', lang, kind });
    button.disabled = !last;
    busy('');
    if (reply.failed || !reply.ok) return showProblems(reply.problems ?? [{ severity: 'error', message: reply.failed ?? reply.fault }]);
    shown.made[kind] = { download: reply.downloads[0], bytes: reply.blobs[kind] };
  }
  if (shown === last) save(shown.made[kind].download, shown.made[kind].bytes);
}

/** The shown run is gone with its instance: nothing more can be made from it. */
function forget() {
  last = null;
  for (const kind of ['workbook', 'csv', 'json']) $('dl-' + kind).disabled = true;
  $('dl-why').textContent = t('whyNotScored');
}

$('go').addEventListener('click', score);
$('dl-templates').addEventListener('click', templates);
for (const kind of ['workbook', 'csv', 'json']) $('dl-' + kind).addEventListener('click', () => download(kind));
$('print').addEventListener('click', () => { drawAll(); window.print(); });
$('stability-go').addEventListener('click', stability);
$('lang').addEventListener('click', () => {
  lang = lang === 'en' ? 'zh' : 'en';
  applyLanguage();
  // Messages and tables come from zhibiao in the run's language: a shown result is run again.
  if (scored && !$('go').disabled) score();
  else if (!scored && !working && chosen.tree.length) checkTree();
});
// Another sheet is another tree: read it again, as when a tree is chosen.
$('o-sheet').addEventListener('change', () => { if (!working && chosen.tree.length) checkTree(); });
$('o-date').value = new Date().toLocaleDateString('sv'); // today, 2025-01-31, in the clerk's time zone
applyLanguage();
updateButtons();

// ---- results ---------------------------------------------------------------------------------
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  node.append(...children.flat().filter((c) => c !== null && c !== undefined).map((c) => (c instanceof Node ? c : String(c))));
  return node;
}
/** A table whose rows are made by `make` (by default, cells from an array, `numeric` ones aligned right). */
function table(headers, rows, numeric = [], make = (r) => el('tr', {}, r.map((c, i) => el('td', numeric.includes(i) ? { class: 'num' } : {}, c)))) {
  return el('table', {}, el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))), fill(el('tbody'), rows, make));
}

// A national run ranks thousands of units: the first rows are drawn with the results, the rest are
// added slice by slice after them, so the page shows the top of each table at once and stays
// responsive. Printing adds whatever is still waiting first.
const waiting = new Set();
function fill(parent, items, make, first = 100, slice = 400) {
  parent.append(...items.slice(0, first).map(make));
  let at = first;
  const more = () => {
    if (!waiting.has(more)) return; // replaced by newer results
    parent.append(...items.slice(at, (at += slice)).map(make));
    if (at >= items.length) waiting.delete(more); else setTimeout(more);
  };
  if (at < items.length) { waiting.add(more); setTimeout(more); }
  return parent;
}
function drawAll() { for (const more of waiting) while (waiting.has(more)) more(); }

function section(id, title, ...content) { $(id).replaceChildren(el('h3', {}, title), ...content.flat().filter((c) => c !== null && c !== undefined)); }

function show(reply) {
  $('results').hidden = false;
  waiting.clear();
  for (const id of ['problems', 'tree', 'ranking', 'status', 'departments', 'units']) $(id).replaceChildren();
  last = reply.ok && reply.view ? { made: {} } : null;
  for (const kind of ['workbook', 'csv', 'json']) $('dl-' + kind).disabled = !last;
  $('print').disabled = !last;
  $('stability').hidden = !last;
  $('stability-out').replaceChildren();
  const errors = (reply.problems ?? []).filter((p) => p.severity === 'error').length + (reply.failed || reply.fault ? 1 : 0);
  $('dl-why').textContent = last ? '' : errors ? t('whyErrors', errors) : t('whyNotScored');
  if (reply.failed) return section('problems', t('problemsTitle'), el('ul', { class: 'problems' }, el('li', { class: 'error' }, reply.failed)));
  if (reply.fault) return section('problems', t('problemsTitle'), el('ul', { class: 'problems' }, el('li', { class: 'error' }, reply.fault)));
  showProblems(reply.problems, [...(reply.status?.returns ?? []), ...(reply.view?.ranking ?? [])].map((r) => r.unit));
  // How the tree was read, as `zhibiao check` says it (shown when the tree alone is chosen).
  if (reply.tree) section('tree', t('treeTitle'), el('p', { class: 'summary-line' }, t('treeLine', reply.tree)),
    reply.reading?.length ? el('ul', { class: 'reading' }, reply.reading.map((line) => el('li', {}, line))) : null);
  if (reply.view) showRanking(reply.view);
  if (reply.status) showStatus(reply.status);
  // A scored run without gaps: every expected item has a score (else the run would have failed).
  else if (reply.ok && reply.view) section('status', t('statusTitle'), el('p', { class: 'yes' }, t('complete')));
  if (reply.view) { showDepartments(reply.view); showUnits(reply.view); }
}

/** Problems by file, each with its cell; the same message at many cells (one problem for many
 * units) said once, with the count and the cells. */
function showProblems(problems, units = []) {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const files = new Map();
  // A problem without a place is put with the file its message names, if it names one.
  const names = Object.values(chosen).flat().map((f) => f.name).sort((a, b) => b.length - a.length);
  // A message that starts with a unit's name ("甲区 有 7 项指标没有得分: …") is the same problem for
  // every unit it is said of: said once, with the units.
  const byLength = [...new Set(units)].sort((a, b) => b.length - a.length);
  for (const p of problems) {
    const [file, ...within] = p.location ? p.location.split('!') : [names.find((n) => p.message.includes(n)) ?? ''];
    const messages = files.get(file) ?? files.set(file, new Map()).get(file);
    const unit = p.location ? undefined : byLength.find((u) => p.message.startsWith(u + ' ') || p.message.startsWith(u + ':'));
    const rest = unit === undefined ? p.message : p.message.slice(unit.length);
    const key = p.severity + '\u0000' + rest;
    const same = messages.get(key) ?? messages.set(key, { ...p, rest, cells: [], units: [] }).get(key);
    same.cells.push(p.location ? within.join('!') : null);
    if (unit !== undefined) same.units.push(unit);
  }
  for (const messages of files.values()) {
    for (const p of messages.values()) {
      if (p.units.length > 1) p.message = t('sameUnits', p.units.length, p.units.slice(0, 12).join('、') + (p.units.length > 12 ? '…' : '')) + p.rest;
    }
  }
  const shown = (cells) => cells.slice(0, 12).join('、') + (cells.length > 12 ? '…' : '');
  const line = (p, file) => {
    const cells = p.cells.filter(Boolean);
    const at = p.location ? [el('code', {}, cells.length ? `${file}!${cells[0]}` : file), ' '] : null;
    return el('li', { class: p.severity }, at, p.message, cells.length > 1 ? t('same', cells.length, shown(cells)) : null);
  };
  const items = [...files].flatMap(([file, messages]) => [
    files.size > 1 ? el('li', { class: 'file' }, file || t('noFile')) : null, ...[...messages.values()].map((p) => line(p, file))]);
  section('problems', t('problemsTitle') + ' · ' + (problems.length ? t('problems', errors, problems.length - errors) : t('noProblems')),
    problems.length ? el('ul', { class: 'problems' }, items) : null);
}

function showRanking(view) {
  const row = (u) => el('tr', { class: u.eligible ? '' : 'fail' },
    el('td', { class: 'num' }, u.rank), el('td', {}, u.unit), el('td', { class: 'num' }, u.raw), el('td', { class: 'num' }, u.max),
    el('td', { class: 'num score' }, u.score), el('td', {}, u.grade ?? ''), el('td', { class: u.eligible ? 'yes' : 'no' }, u.eligible ? t('yes') : t('no')));
  section('ranking', t('rankingTitle'), table([t('rank'), t('unitCol'), t('raw'), t('max'), t('score'), t('grade'), t('eligible')], view.ranking, [], row),
    el('details', {}, el('summary', {}, t('rulesTitle')), el('ul', {}, view.rules.map((d) => el('li', {}, d)))));
}

function showStatus(status) {
  const rows = status.returns.filter((r) => !(r.blank.length === 0 && r.missing.length === 0) || status.returns.length <= 50).map((r) => [
    r.department ?? '', r.unit, r.expected, r.scored, r.not_applicable, r.blank.join('、'), r.missing.join('、')]);
  // Each claim is true of the files as given: nothing read is said so, never that all is scored.
  section('status', t('statusTitle'),
    status.complete ? el('p', { class: 'yes' }, t('complete')) : null,
    status.returns.length ? null : el('p', { class: 'no' }, t('nothingRead')),
    rows.length ? el('div', { class: 'scroll' }, table([t('department'), t('unitCol'), t('expected'), t('scored'), t('na'), t('blank'), t('absent')], rows, [2, 3, 4])) : null,
    status.silent_departments.length ? el('p', { class: 'no' }, t('silentDepartments') + ':' + status.silent_departments.join('、')) : null,
    status.silent_units.length ? el('p', { class: 'no' }, t('silentUnits') + ':' + status.silent_units.join('、')) : null);
}

function showDepartments(view) {
  if (!view.departments.length) return;
  const rows = view.departments.map((d) => [d.unit, d.rank ?? '', d.department, d.items, d.applicable, d.obtained, d.possible, d.rate ?? '']);
  section('departments', t('departmentsTitle'), el('div', { class: 'scroll' },
    table([t('unitCol'), t('rank'), t('department'), t('items'), t('applicable'), t('raw'), t('max'), t('rate')], rows, [1, 3, 4, 5, 6, 7])),
    view.departments_total > rows.length ? el('p', {}, t('more', rows.length, view.departments_total)) : null);
}

function showUnits(view) {
  // Asked of the worker when opened: a national run has thousands of units.
  const shown = Math.min(view.ranking.length, 500);
  const units = fill(el('div'), [...view.ranking.keys()].slice(0, shown), (index) => {
    const u = view.ranking[index];
    const details = el('details', {}, el('summary', {}, `${u.rank}. ${u.unit} — ${u.score}`));
    details.addEventListener('toggle', async () => {
      if (!details.open || details.dataset.built) return;
      details.dataset.built = '1';
      const reply = await work({ action: 'unit', lang, unit: index });
      if (reply.failed || !reply.unit) return details.append(el('p', { class: 'no' }, reply.failed ?? reply.fault));
      const d = reply.unit;
      const rates = d.level1.map((n) => [n.code, n.name, n.raw, n.max, n.score ?? t('na')]);
      const lost = d.lost.map((i) => [i.code, i.name, i.points, i.score ?? t('na'), i.remark ?? '', el('code', {}, i.source)]);
      details.append(el('div', { class: 'cols' },
        el('div', {}, el('h3', {}, t('level1')), table([t('code'), t('level1Name'), t('raw'), t('max'), t('rate')], rates, [2, 3, 4])),
        el('div', {}, el('h3', {}, t('explainTitle')), el('pre', {}, d.explain))),
        el('h3', {}, t('lost')), lost.length ? table([t('code'), t('item'), t('points'), t('itemScore'), t('reason'), t('source')], lost, [2, 3]) : el('p', {}, t('noLost')));
    });
    return details;
  });
  section('units', t('unitsTitle'), units, view.ranking.length > shown ? el('p', {}, t('more', shown, view.ranking.length)) : null);
}

// ---- rank stability --------------------------------------------------------------------------
/** Asked of the main worker when the button is pressed, never with the results: 1,000 scorings of a
 * national run take seconds, and the page stays usable meanwhile (the worker does the work). */
async function stability() {
  const shown = last;
  if (!shown) return;
  const number = (id) => { const v = $(id).value.trim(); return v === '' ? null : Number(v); };
  const sensitivity = { runs: number('s-runs'), seed: number('s-seed'), spread: $('s-spread').value.trim() || null,
    disputed: $('s-disputed').value.trim() || null };
  $('stability-go').disabled = true;
  busy(t('computing'));
  const reply = await work({ action: 'sensitivity', lang, sensitivity });
  $('stability-go').disabled = false;
  busy('');
  // A newer run replaced the one asked about: its answer is stale.
  if (shown !== last) return;
  if (reply.failed || !reply.stability) {
    const messages = reply.failed ? [reply.failed] : (reply.problems ?? []).map((p) => p.message).concat(reply.fault ?? []);
    return $('stability-out').replaceChildren(el('ul', { class: 'problems' }, messages.map((m) => el('li', { class: 'error' }, m))));
  }
  const s = reply.stability;
  const disputed = s.units.filter((u) => u.disputed);
  const verdict = (c) => `${c.score} ${c.eligible ? t('yes') : t('no')}${c.grade ? ' ' + c.grade : ''}`;
  const flip = (d) => {
    if (!d.can_flip) return t('cannotFlip');
    if (!d.searched) return t('notSearched');
    // The same items often change both 达标 and the grade: said once.
    const flips = [...new Set([d.eligible_flip, d.grade_flip].filter(Boolean).map((f) => `${f.items.join('、')} → ${verdict(f.case)}`))];
    return flips.join(';');
  };
  $('stability-out').replaceChildren(
    el('p', { class: 'summary-line' }, t('drawn', s)),
    el('div', { class: 'scroll' }, intervalChart(s.units)),
    disputed.length ? el('h3', {}, t('disputedTitle')) : null,
    disputed.length ? table([t('unitCol'), t('disputedItems'), t('worst'), t('best'), t('flip')],
      disputed.map((u) => [u.unit, u.disputed.items.join('、'), verdict(u.disputed.worst), verdict(u.disputed.best), flip(u.disputed)])) : null);
}

/** Each unit's rank interval as an inline SVG, drawn as the result workbook's charts are (its
 * 图表 sheet: Office colours, a title above, gridlines, the legend below, the whole axis, never cut):
 * the 5–95 % interval a bar, the median a dot, the unit's rank a tick. One row a unit, in the
 * ranking's order; each row carries its numbers (data-*) and says them on hover. */
function intervalChart(units) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = (tag, attrs = {}, ...children) => {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    node.append(...children);
    return node;
  };
  const [BLUE, ORANGE, INK, GRID, AXIS] = ['#4472C4', '#ED7D31', '#404040', '#D9D9D9', '#595959'];
  const font = { 'font-family': 'Calibri, "Microsoft YaHei", "Noto Sans CJK SC", sans-serif', fill: AXIS };
  const n = Math.max(...units.map((u) => u.rank_95), ...units.map((u) => u.rank), 1);
  const name = Math.min(180, 16 + Math.max(...units.map((u) => [...u.unit].length)) * 13);
  const [width, row, top] = [720, 18, 62];
  const [left, right] = [name, width - 24];
  const height = top + units.length * row + 44;
  // Rank 1 at the left; a single rank in the middle of the axis.
  const x = (rank) => (n === 1 ? (left + right) / 2 : left + ((rank - 1) / (n - 1)) * (right - left));
  const step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].find((s) => n / s <= 10) ?? 1000;
  const ticks = [1, ...Array.from({ length: Math.floor(n / step) }, (_, i) => (i + 1) * step).filter((v) => v > 1)];
  const chart = svg('svg', { xmlns: NS, width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('chartTitle'), class: 'intervals' },
    svg('rect', { width, height, fill: '#fff', stroke: GRID }),
    svg('text', { x: width / 2, y: 24, 'text-anchor': 'middle', 'font-size': 18, ...font }, t('chartTitle')));
  for (const v of ticks) {
    chart.append(svg('line', { x1: x(v), x2: x(v), y1: top - 6, y2: top + units.length * row, stroke: GRID }),
      svg('text', { x: x(v), y: top - 12, 'text-anchor': 'middle', 'font-size': 12, ...font }, String(v)));
  }
  units.forEach((u, i) => {
    const y = top + i * row + row / 2;
    const [from, to] = [x(u.rank_5), x(u.rank_95)];
    const g = svg('g', { class: 'interval', 'data-unit': u.unit, 'data-rank': u.rank, 'data-median': u.median_rank, 'data-low': u.rank_5,
      'data-high': u.rank_95, 'data-share': u.eligible_share },
      svg('title', {}, t('intervalOf', u)),
      svg('text', { x: left - 8, y: y + 4, 'text-anchor': 'end', 'font-size': 12, ...font, fill: INK }, u.unit),
      svg('rect', { x: from - 3, y: y - 4, width: to - from + 6, height: 8, fill: BLUE }),
      svg('circle', { cx: x(u.median_rank), cy: y, r: 4.5, fill: ORANGE, stroke: '#fff' }),
      svg('line', { x1: x(u.rank), x2: x(u.rank), y1: y - 7, y2: y + 7, stroke: INK, 'stroke-width': 2 }));
    chart.append(g);
  });
  // The legend below the plot, as a workbook chart has it.
  const ly = height - 18;
  const legend = [[svg('rect', { x: 0, y: -4, width: 18, height: 8, fill: BLUE }), t('legendInterval')],
    [svg('circle', { cx: 9, cy: 0, r: 4.5, fill: ORANGE }), t('legendMedian')],
    [svg('line', { x1: 9, x2: 9, y1: -7, y2: 7, stroke: INK, 'stroke-width': 2 }), t('legendRank')]];
  let lx = width / 2 - legend.length * 70;
  for (const [mark, label] of legend) {
    chart.append(svg('g', { transform: `translate(${lx},${ly})` }, mark, svg('text', { x: 24, y: 4, 'font-size': 12, ...font }, label)));
    lx += 40 + [...label].length * 12;
  }
  return chart;
}
