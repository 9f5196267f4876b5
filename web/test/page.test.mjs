// End to end: the built page (target/web/zhibiao.html, from `bash web/build.sh`) in headless Chromium,
// against the command line on the same files. Run with `npm test` in web/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, launch, open, choose, runButton, download } from './driver.mjs';

const TREE = path.join(ROOT, 'indicators/示范创建指标体系-示例.xlsx');
const DISTRICT = path.join(ROOT, 'samples/顺城区-自评得分.xlsx');
const UNITS = path.join(ROOT, 'samples/多单位得分.xlsx');
const VERIFIED = path.join(ROOT, 'samples/顺城区-核定得分.xlsx');
const WILD = path.join(ROOT, '../shared/corpus/wild');
const DATE = '2025-01-31';

let browser, cli;
before(async () => {
  execFileSync('cargo', ['build', '--quiet', '--bin', 'zhibiao'], { cwd: ROOT, stdio: 'inherit' });
  cli = path.join(ROOT, 'target/debug/zhibiao');
  assert.ok(fs.existsSync(path.join(ROOT, 'target/web/zhibiao.html')), 'run `bash web/build.sh` first');
  browser = await launch();
});
after(() => browser && browser.close());

/** The command line run in a folder holding copies of `files`, so that it names them as the page does. */
function command(files, args) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibiao-web-'));
  for (const f of files) fs.copyFileSync(f, path.join(dir, path.basename(f)));
  execFileSync(cli, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  return (name) => fs.readFileSync(path.join(dir, name));
}

/** Nothing left the page: only the page itself, its worker's blob and downloads' blobs were loaded. */
function assertOffline(page) {
  const away = page.requests.filter((url) => !/^(file|blob|data):/.test(url));
  assert.deepEqual(away, [], 'requests that left the page');
}

/** The ranking table's rows, cells as text. */
const ranking = (page) => page.$$eval('#ranking table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));

async function setDate(page) {
  await page.getByLabel('结果日期').fill(DATE);
}

test('every input has a visible label naming it', async () => {
  const page = await open(browser);
  for (const name of ['指标体系', '得分表', '评分方案', '上年结果']) {
    const input = page.getByLabel(name, { exact: true });
    assert.equal(await input.getAttribute('type'), 'file', name);
    assert.ok(await page.locator('label', { hasText: name }).first().isVisible(), name);
  }
  assert.deepEqual(page.errors, [], 'the page’s script ran without an error');
  for (const button of ['开始评分', '生成评分模板']) assert.equal(await page.getByRole('button', { name: button }).count(), 1, button);
  // The downloads appear with the results.
  for (const button of ['下载年度结果工作簿', '下载 CSV', '下载 JSON']) assert.equal(await page.locator('button', { hasText: button }).count(), 1, button);
  assertOffline(page);
});

test('the shipped district scores 90.2, 达标, and its workbook is the command line’s, byte for byte', async () => {
  const page = await open(browser);
  await choose(page, '指标体系', TREE);
  await choose(page, '得分表', [DISTRICT]);
  await setDate(page);
  await runButton(page);
  // 1010 of 1120 → 90.178… → 90.2 (DOMAIN.md's worked example).
  assert.deepEqual(await ranking(page), [['1', '顺城区', '1010', '1120', '90.2', '', '达标']]);
  const workbook = await download(page, '下载年度结果工作簿');
  assert.equal(workbook.name, '年度结果.xlsx');
  const written = command([TREE, DISTRICT], ['score', '--tree', path.basename(TREE), path.basename(DISTRICT), '--out', 'r.xlsx', '--date', DATE]);
  assert.ok(workbook.bytes.equals(written('r.xlsx')), 'the page’s workbook differs from `zhibiao score --out r.xlsx`');
  assert.deepEqual(page.errors, []);
  assertOffline(page);
});

test('five units with 中国式排名: the csv and json are the command line’s, the departments and drill-down are shown', async () => {
  const page = await open(browser);
  await choose(page, '指标体系', TREE);
  await choose(page, '得分表', [UNITS]);
  await page.getByLabel('排名方式').selectOption('dense');
  await runButton(page);
  const rows = await ranking(page);
  assert.equal(rows.length, 5);
  // Dense ranks: the tie at 87.3 shares a rank and the next unit follows at once (1, 2, 2, 3 …).
  const tied = rows.filter((r) => r[4] === '87.3');
  assert.equal(tied.length, 2);
  assert.equal(tied[0][0], tied[1][0]);
  assert.ok(rows.some((r) => r[0] === String(Number(tied[0][0]) + 1)));
  const csv = await download(page, '下载 CSV');
  const json = await download(page, '下载 JSON');
  const cliArgs = ['score', '--tree', path.basename(TREE), path.basename(UNITS), '--rank-style', 'dense'];
  assert.ok(csv.bytes.equals(command([TREE, UNITS], [...cliArgs, '--out', 'r.csv'])('r.csv')), 'csv differs');
  assert.ok(json.bytes.equals(command([TREE, UNITS], [...cliArgs, '--out', 'r.json'])('r.json')), 'json differs');
  assert.ok(await page.locator('#departments table tbody tr').count() > 0, 'department ranking');
  const first = page.locator('#units details').first();
  await first.locator('summary').click();
  // Built when opened (the toggle event comes after the click).
  await first.locator('table').first().waitFor({ timeout: 10_000 });
  assert.match(await first.locator('pre').textContent(), /\S/, 'explain’s text');
  assertOffline(page);
});

test('several forms are read side by side by helper workers, and the outputs are the command line’s, byte for byte', async () => {
  const page = await open(browser);
  await choose(page, '指标体系', TREE);
  // The page orders forms by name, as the command line is given them here.
  const forms = [UNITS, VERIFIED, DISTRICT];
  await choose(page, '得分表', forms);
  await setDate(page);
  await runButton(page);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const readers = Number(await page.evaluate(() => document.getElementById('busy').dataset.readers));
  assert.equal(readers, cores >= 2 ? Math.min(4, cores, forms.length) : 1, 'workers that read the forms');
  assert.equal((await ranking(page)).length, 6);
  const names = [TREE, ...forms].map((f) => path.basename(f));
  const written = command([TREE, ...forms], ['score', '--tree', ...names, '--out', 'r.xlsx', '--date', DATE]);
  const json = command([TREE, ...forms], ['score', '--tree', ...names, '--out', 'r.json']);
  assert.ok((await download(page, '下载年度结果工作簿')).bytes.equals(written('r.xlsx')), 'the workbook differs');
  assert.ok((await download(page, '下载 JSON')).bytes.equals(json('r.json')), 'the json differs');
  // The review round across shares: 顺城区's self-assessment and verified scores were read by different workers.
  assert.match(await page.locator('#problems').textContent(), /顺城区-核定得分\.xlsx!评分表!D2/);
  assert.deepEqual(page.errors, []);
  assertOffline(page);
});

test('the rank intervals are drawn, behind a button, from the same seeded run as zhibiao sensitivity', async () => {
  const page = await open(browser);
  await choose(page, '指标体系', TREE);
  await choose(page, '得分表', [UNITS]);
  await runButton(page);
  // Not computed with the results: a national run's 1,000 scorings wait for the button.
  assert.equal(await page.locator('#stability svg').count(), 0);
  await page.getByLabel('种子').fill('7');
  await page.getByLabel('争议指标').fill('1.1.1,2.1.1');
  await page.getByRole('button', { name: '计算排名稳定性' }).click();
  await page.locator('#stability g.interval').first().waitFor({ timeout: 120_000 });
  const drawn = await page.$$eval('#stability g.interval', (gs) => gs.map((g) => g.dataset));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibiao-web-'));
  for (const f of [TREE, UNITS]) fs.copyFileSync(f, path.join(dir, path.basename(f)));
  const args = ['sensitivity', '--tree', path.basename(TREE), path.basename(UNITS), '--seed', '7', '--disputed', '1.1.1,2.1.1', '--format', 'json'];
  const report = JSON.parse(execFileSync(cli, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }));
  assert.equal(drawn.length, 5);
  assert.deepEqual(drawn.map((d) => [d.unit, +d.rank, +d.median, +d.low, +d.high, d.share]),
    report.units.map((u) => [u.unit, u.rank, u.median_rank, u.rank_5, u.rank_95, u.eligible_share]));
  // Each bar spans its interval on the axis: the wider the interval, the longer the bar.
  const widths = await page.$$eval('#stability g.interval rect', (rs) => rs.map((r) => Number(r.getAttribute('width'))));
  report.units.forEach((u, i) => assert.equal(u.rank_95 === u.rank_5, widths[i] === 6, u.unit));
  // The disputed items' best and worst, as the command line has them.
  const rows = await page.$$eval('#stability-out table tbody tr', (trs) => trs.map((r) => [...r.cells].map((c) => c.textContent)));
  const verdict = (c) => `${c.score} ${c.eligible ? '达标' : '未达标'}${c.grade ? ' ' + c.grade : ''}`;
  assert.deepEqual(rows.map((r) => r.slice(0, 4)), report.units.map((u) => [u.unit, u.disputed.items.join('、'), verdict(u.disputed.worst), verdict(u.disputed.best)]));
  await page.locator('#stability').screenshot({ path: path.join(ROOT, 'target/web/stability.png') });
  assert.deepEqual(page.errors, []);
  assertOffline(page);
});

test('a broken file gives a message naming it, and the page works afterwards', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibiao-web-'));
  const broken = path.join(dir, '财政局.xlsx');
  fs.writeFileSync(broken, '这不是工作簿,只是一段文字。\n');
  const page = await open(browser);
  await choose(page, '指标体系', TREE);
  await choose(page, '得分表', [broken]);
  await runButton(page);
  assert.match(await page.locator('#problems').textContent(), /财政局\.xlsx/);
  assert.equal(await page.locator('#ranking table').count(), 0);
  assert.ok(await page.getByRole('button', { name: '下载年度结果工作簿' }).isDisabled());
  // Among other forms, read by the helpers: named all the same, beside what the others gave.
  await choose(page, '得分表', [broken, UNITS]);
  await runButton(page);
  assert.match(await page.locator('#problems').textContent(), /财政局\.xlsx/);
  assert.equal(await page.locator('#ranking table').count(), 0);
  await choose(page, '得分表', [DISTRICT]);
  await runButton(page);
  assert.equal((await ranking(page))[0][4], '90.2');
  assertOffline(page);
});

test('a browser too old for the page’s WebAssembly is told which browsers can run it', async () => {
  // An older engine refuses the module when compiling it (the page needs reference types: Chromium 96).
  // The page's workers are made from a Blob of their source; here each gets a WebAssembly that does so.
  const old = () => {
    const make = URL.createObjectURL;
    const refuse = 'WebAssembly.compile = () => Promise.reject(new WebAssembly.CompileError("invalid table index"));\n';
    URL.createObjectURL = (blob) => make(blob.type === 'text/javascript' ? new Blob([refuse, blob], { type: blob.type }) : blob);
  };
  const page = await open(browser, { before: old });
  await choose(page, '指标体系', TREE);
  await choose(page, '得分表', [DISTRICT]);
  await runButton(page);
  assert.match(await page.locator('#problems').textContent(), /此浏览器无法运行本页面的计算组件\(invalid table index\)。本页面需要 Chrome 或 Edge 96 及以上版本/);
  assert.equal(await page.locator('#ranking table').count(), 0);
  assertOffline(page);
});

test('a helper worker that traps names the files it was reading, and the page works afterwards', async (t) => {
  const page = await open(browser);
  if ((await page.evaluate(() => navigator.hardwareConcurrency)) < 2) {
    t.skip('one core: the page starts no helper workers, so none can trap here');
    return;
  }
  await page.waitForFunction(() => document.body.dataset.ready);
  // No file traps the wasm today: each worker's next read traps instead, as a panic would, with the
  // RuntimeError a trap throws. The main worker reads nothing, so only the helpers are touched.
  for (const worker of page.workers()) {
    await worker.evaluate(() => {
      const real = run;
      run = (header, ...rest) => {
        if (header.action === 'read') {
          run = real;
          throw new WebAssembly.RuntimeError('unreachable');
        }
        return real(header, ...rest);
      };
    });
  }
  await choose(page, '指标体系', TREE);
  await choose(page, '得分表', [UNITS, VERIFIED, DISTRICT]);
  await runButton(page);
  // The forms are taken in name order: the first run, which the first helper read, holds 多单位得分.xlsx.
  assert.match(await page.locator('#problems').textContent(), /无法读取文件.*多单位得分\.xlsx.*页面可继续使用/);
  assert.equal(await page.locator('#ranking table').count(), 0);
  assert.ok(await page.getByRole('button', { name: '下载年度结果工作簿' }).isDisabled());
  await runButton(page);
  assert.equal((await ranking(page)).length, 6);
  assert.ok(await page.getByRole('button', { name: '下载年度结果工作簿' }).isEnabled());
  assertOffline(page);
});

// On wasm a panic traps the instance instead of being caught as the command line catches it: none of
// these files (real odd spreadsheets, and the fuzzers' findings) may end in anything but a message.
test('every file of the wild corpus and of the fuzz findings ends in a result or a message naming it, never a dead page', async (t) => {
  // As tests/it/support.rs: a test that cannot run says so, and fails under CI.
  if (!fs.existsSync(WILD)) {
    assert.ok(!process.env.CI, `CI must provide ${WILD}`);
    return t.skip(`no ${WILD}`);
  }
  const page = await open(browser);
  await choose(page, '指标体系', TREE);
  const files = [WILD, path.join(ROOT, 'tests/fixtures/robustness')].flatMap((dir) => fs.readdirSync(dir).sort().map((name) => path.join(dir, name)));
  for (const file of files) {
    const name = path.basename(file);
    await choose(page, '得分表', [file]);
    await runButton(page);
    const shown = await page.locator('#results').textContent();
    assert.ok(shown.includes(name) || (await page.locator('#ranking table').count()) > 0, `${name}: neither a result nor a message naming it`);
    assert.deepEqual(page.errors, [], `${name}: the run trapped or the page failed`);
  }
  await choose(page, '得分表', [DISTRICT]);
  await runButton(page);
  assert.equal((await ranking(page))[0][4], '90.2');
  assertOffline(page);
});

test('a blank score is named at its cell and who is missing what is listed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibiao-web-'));
  const scores = path.join(dir, '甲区.csv');
  fs.writeFileSync(scores, '单位,编号,得分\n甲区,A1,\n');
  const page = await open(browser);
  await choose(page, '指标体系', path.join(ROOT, 'indicators/小型示例.csv'));
  await choose(page, '得分表', [scores]);
  await runButton(page);
  assert.match(await page.locator('#problems').textContent(), /甲区\.csv!C2/);
  assert.match(await page.locator('#status').textContent(), /A1/);
});

test('a long ranking shows its first rows at once and the rest after them; a drill-down is made when opened', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibiao-web-'));
  const scores = path.join(dir, '各县得分.csv');
  const codes = ['A1', 'A2', 'A3', 'A4', 'B1', 'B2', 'B3', 'B4'];
  const lines = ['单位,编号,得分'];
  // 260 counties, county k losing k % 9 points on A3 (15 points).
  for (let k = 1; k <= 260; k++) for (const code of codes) lines.push(`县${String(k).padStart(3, '0')},${code},${code === 'A3' ? 15 - (k % 9) : { A2: 5, A4: 5, B3: 5 }[code] ?? (code === 'B4' ? 15 : 10)}`);
  fs.writeFileSync(scores, lines.join('\n'));
  const page = await open(browser);
  await choose(page, '指标体系', path.join(ROOT, 'indicators/小型示例.csv'));
  await choose(page, '得分表', [scores]);
  await runButton(page);
  const rows = page.locator('#ranking table tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('#ranking table tbody tr').length === 260);
  // Full marks 75: the 29 counties with k % 9 = 0 first, at 100.0.
  assert.deepEqual((await ranking(page)).slice(0, 1), [['1', '县009', '75', '75', '100.0', '', '达标']]);
  assert.equal(await rows.count(), 260);
  // A unit's drill-down is asked of the worker when opened: 县008 lost 8 of A3's 15 points.
  const county = page.locator('#units details', { hasText: '县008' });
  await county.locator('summary').click();
  await county.locator('table').nth(1).waitFor();
  assert.deepEqual(await county.locator('table').nth(1).locator('tbody tr td').allTextContents(),
    ['A3', '重大行政决策合法性审查率达100%', '15', '7', '', '各县得分.csv!C' + (2 + 7 * 8 + 2)]);
  assertOffline(page);
});

test('the English switch turns the labels and the results into English', async () => {
  const page = await open(browser);
  await choose(page, '指标体系', TREE);
  await choose(page, '得分表', [DISTRICT]);
  await runButton(page);
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForFunction(() => document.querySelector('#ranking th')?.textContent === 'Rank');
  await page.waitForFunction(() => !document.getElementById('go').disabled);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.getByLabel('Indicator system (指标体系)').getAttribute('type'), 'file');
  assert.deepEqual((await ranking(page))[0].slice(1, 5), ['顺城区', '1010', '1120', '90.2']);
  assert.match(await page.locator('#ranking details').textContent(), /threshold|rounded|half/i, 'rules in English');
  await page.getByRole('button', { name: '中文' }).click();
  assert.equal(await page.getByRole('button', { name: '开始评分' }).count(), 1);
});

/** The files of a zip written without data descriptors (as the zip crate writes to memory): name → bytes. */
function unzip(bytes) {
  const files = new Map();
  for (let at = 0; bytes.readUInt32LE(at) === 0x04034b50;) {
    const [method, size, nameLen, extraLen] = [bytes.readUInt16LE(at + 8), bytes.readUInt32LE(at + 18), bytes.readUInt16LE(at + 26), bytes.readUInt16LE(at + 28)];
    const name = bytes.subarray(at + 30, at + 30 + nameLen).toString();
    const data = bytes.subarray(at + 30 + nameLen + extraLen, at + 30 + nameLen + extraLen + size);
    files.set(name, method === 8 ? zlib.inflateRawSync(data) : data);
    at += 30 + nameLen + extraLen + size;
  }
  return files;
}

test('the tie order and the tree’s sheet set on the page reach the run: the csv is the command line’s with the same flags', async () => {
  const page = await open(browser);
  await choose(page, '指标体系', TREE);
  await choose(page, '得分表', [UNITS]);
  await page.getByLabel('排名并列顺序').selectOption('strokes');
  await page.getByLabel('同一等次内顺序').selectOption('strokes');
  await page.getByLabel('有未核定的指标时报错').check();
  await runButton(page);
  const csv = await download(page, '下载 CSV');
  const cliArgs = ['score', '--tree', path.basename(TREE), path.basename(UNITS), '--order', 'strokes', '--grade-order', 'strokes', '--require-verified'];
  assert.ok(csv.bytes.equals(command([TREE, UNITS], [...cliArgs, '--out', 'r.csv'])('r.csv')), 'csv differs');
  // A sheet the tree's workbook does not have: named among the problems.
  await page.getByLabel('工作表').fill('没有这张表');
  await page.getByLabel('工作表').dispatchEvent('change');
  await page.locator('#problems', { hasText: '没有这张表' }).waitFor();
  assertOffline(page);
});

test('the templates come as one zip, made without any score file, each the command line’s template byte for byte', async () => {
  const page = await open(browser);
  await choose(page, '指标体系', TREE);
  await page.getByLabel('单位', { exact: true }).fill('甲区、乙区');
  const zip = await download(page, '生成评分模板');
  assert.equal(zip.name, '评分模板.zip');
  const made = unzip(zip.bytes);
  const written = command([TREE], ['template', '--tree', path.basename(TREE), '--units', '甲区,乙区', '--out', 'forms']);
  assert.ok(made.size > 10, `${made.size} templates`);
  for (const [name, bytes] of made) assert.ok(bytes.equals(written(path.join('forms', name))), `${name} differs from \`zhibiao template\``);
  assertOffline(page);
});

test('templates with figure columns: the page’s, with its checkbox, are `zhibiao template --figures` byte for byte', async () => {
  const page = await open(browser);
  await choose(page, '指标体系', TREE);
  await page.getByLabel('单位', { exact: true }).fill('甲区');
  await page.getByLabel('模板为定量指标留分子、分母列').check();
  const made = unzip((await download(page, '生成评分模板')).bytes);
  const written = command([TREE], ['template', '--tree', path.basename(TREE), '--units', '甲区', '--figures', '--out', 'forms']);
  assert.ok(made.size > 10, `${made.size} templates`);
  const plain = command([TREE], ['template', '--tree', path.basename(TREE), '--units', '甲区', '--out', 'forms']);
  let figured = 0;
  for (const [name, bytes] of made) {
    assert.ok(bytes.equals(written(path.join('forms', name))), `${name} differs from \`zhibiao template --figures\``);
    if (!bytes.equals(plain(path.join('forms', name)))) figured++;
  }
  assert.ok(figured > 0, 'the box changed no template');
  assertOffline(page);
});

/** A screenshot for a person to look at (not committed): target/screenshots/NAME.png. */
async function screenshot(page, name) {
  const dir = path.join(ROOT, 'target/screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

test('a button that cannot be used says why beside it', async () => {
  const page = await open(browser);
  assert.ok(await page.getByRole('button', { name: '开始评分' }).isDisabled());
  assert.match(await page.locator('#why').textContent(), /先选择指标体系和得分表/);
  await choose(page, '得分表', [DISTRICT]);
  assert.match(await page.locator('#why').textContent(), /先选择指标体系/);
  await choose(page, '指标体系', TREE);
  assert.equal(await page.locator('#why').textContent(), '');
  assert.ok(await page.getByRole('button', { name: '开始评分' }).isEnabled());
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByLabel('Score sheets (得分表)', { exact: true }).setInputFiles([]);
  assert.match(await page.locator('#why').textContent(), /Choose the score sheets/);
  assert.deepEqual(page.errors, []);
  assertOffline(page);
});

test('the tree alone is shown as soon as it is chosen: how it was read, as zhibiao check says it', async () => {
  const page = await open(browser);
  await choose(page, '指标体系', TREE);
  await page.locator('#tree ul.reading li').first().waitFor({ timeout: 120_000 });
  const shown = await page.locator('#tree').textContent();
  // Run where the tree is, so that the cells check names read as the page names them (by the file's name).
  const check = execFileSync(cli, ['check', path.basename(TREE)], { cwd: path.dirname(TREE), encoding: 'utf8' }).trim().split('\n');
  for (const line of check) assert.ok(shown.includes(line), `the page lacks check's line: ${line}`);
  assert.match(shown, /一级指标 9 项、二级指标 37 项、三级指标 112 项/);
  // Nothing is claimed of score sheets not chosen yet.
  assert.equal(await page.locator('#status').textContent(), '');
  assert.equal(await page.locator('#ranking table').count(), 0);
  assert.match(await page.locator('#dl-why').textContent(), /评分完成后可下载/);
  await screenshot(page, 'tree-alone');
  // A tree that cannot be read: its problem, naming the file, before any score sheet.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibiao-web-'));
  const broken = path.join(dir, '指标体系.xlsx');
  fs.writeFileSync(broken, '不是工作簿');
  await choose(page, '指标体系', broken);
  await page.waitForFunction(() => /指标体系\.xlsx/.test(document.getElementById('problems').textContent));
  assert.equal(await page.locator('#tree').textContent(), '');
  assert.deepEqual(page.errors, []);
  assertOffline(page);
});

test('after a refused score file the page never claims every item is scored, and says why the downloads wait', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibiao-web-'));
  const broken = path.join(dir, '财政局.xlsx');
  fs.writeFileSync(broken, '这不是工作簿,只是一段文字。\n');
  const page = await open(browser);
  await choose(page, '指标体系', TREE);
  await choose(page, '得分表', [broken]);
  await runButton(page);
  assert.match(await page.locator('#problems').textContent(), /财政局\.xlsx/);
  const status = await page.locator('#status').textContent();
  assert.doesNotMatch(status, /所有应评指标均已评分/);
  assert.match(status, /未读到任何评分/);
  assert.ok(await page.getByRole('button', { name: '下载年度结果工作簿' }).isDisabled());
  assert.match(await page.locator('#dl-why').textContent(), /有 1 个错误,改正后可下载/);
  assert.match(await page.locator('#busy').textContent(), /^未出结果/);
  await screenshot(page, 'refused-file');
  assertOffline(page);
});

test('problems are grouped by file, and one problem at many cells is said once with the count', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibiao-web-'));
  const blanks = path.join(dir, '各区.csv');
  fs.writeFileSync(blanks, '单位,编号,得分\n甲区,A1,\n乙区,A1,\n丙区,A1,\n');
  const other = path.join(dir, '丁区.csv');
  fs.writeFileSync(other, '单位,编号,得分\n丁区,A1,\n');
  const page = await open(browser);
  await choose(page, '指标体系', path.join(ROOT, 'indicators/小型示例.csv'));
  await choose(page, '得分表', [blanks, other]);
  await runButton(page);
  const files = await page.locator('#problems li.file').allTextContents();
  assert.deepEqual(files.filter((f) => f.endsWith('.csv')), ['丁区.csv', '各区.csv']);
  const blank = await page.locator('#problems li.error', { hasText: '各区.csv!C2' }).textContent();
  assert.match(blank, /得分为空.*共 3 处:C2、C3、C4/);
  assert.equal(await page.locator('#problems li.error', { hasText: '得分为空' }).count(), 2, 'once a file');
  // The same items missing for four units: one line naming them.
  const missing = await page.locator('#problems li.error', { hasText: '项指标没有得分' }).allTextContents();
  assert.deepEqual(missing, [
    '丁区、甲区、乙区、丙区(4 个单位) 有 7 项指标没有得分: “A2 行政规范性文件统一登记、统一编号…”、“A3 重大行政决策合法性审查率达100…”、' +
      '“A4 编制并公布年度重大行政决策事项目…”、“B1 行政执法信息公示率达100%”、“B2 重大执法决定法制审核率达100%”、“B3 行政执法人员持证上岗”、' +
      '“B4 行政机关负责人出庭应诉率达到95…”',
  ]);
  assertOffline(page);
});
