// End to end, in headless Chromium: `zhibiao serve` (built with --features serve) driven through its
// pages as the office and three units would. The office signs in and creates a round from the tree
// file; one unit fills in online, one uploads its workbook, one attaches one evidence file to two
// items; the office returns one, which corrects it; the office approves all three and downloads the
// result workbook, which must be byte-identical to the CLI's on the service's export. Screenshots
// of the board, a unit's form and a department's form go to target/serve-e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ROOT, launch } from './driver.mjs';

const BIN = process.env.ZHIBIAO_SERVE_BIN || path.join(ROOT, 'target/debug/zhibiao');
const SHOTS = path.join(ROOT, 'target/serve-e2e');
const TREE = path.join(ROOT, 'indicators/小型示例.csv');
const CODES = ['A1', 'A2', 'A3', 'A4', 'B1', 'B2', 'B3', 'B4'];
const POINTS = [10, 5, 15, 5, 10, 10, 5, 15];
let browser, server, base, data, apiToken;

before(async () => {
  data = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibiao-serve-e2e-'));
  fs.writeFileSync(path.join(data, 'pw'), 'office-secret-1');
  apiToken = execFileSync(BIN, ['serve', 'token', '--data', path.join(data, 'store')]).toString().trim().split('\n').pop();
  server = spawn(BIN, ['serve', '--data', path.join(data, 'store'), '--listen', '127.0.0.1:0', '--admin-password-file', path.join(data, 'pw')]);
  const line = await new Promise((resolve) => readline.createInterface({ input: server.stdout }).once('line', resolve));
  base = line.split('http://')[1].trim().replace(/\/$/, '');
  base = `http://${base}`;
  browser = await launch();
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

const api = async (p) => (await fetch(`${base}/api/v1${p}`, { headers: { Authorization: `Bearer ${apiToken}` } })).json();

test('a round through the pages, from sign-in to the result workbook', { timeout: 300_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'zh-CN' });
  const office = await context.newPage();
  const errors = [];
  office.on('pageerror', (e) => errors.push(String(e)));
  office.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  await office.goto(`${base}/`);
  await office.getByLabel('账号名').fill('admin');
  await office.getByLabel('密码').fill('office-secret-1');
  await office.getByRole('button', { name: '登录' }).click();
  await office.getByLabel('名称').fill('2026年度');
  await office.getByLabel('指标体系文件').setInputFiles(TREE);
  await office.getByLabel('被评估单位(每行: 单位,分组)').fill('甲区,县区\n乙区,县区\n丙局,市直部门');
  await office.getByRole('button', { name: '创建' }).click();
  await office.waitForURL(/\/rounds\/\d+$/);
  const id = office.url().split('/').pop();
  const links = Object.fromEntries((await api(`/rounds/${id}/links`)).links.map((l) => [l.unit, l.token]));

  // 甲区 online: an over-points score is flagged beside its field at once, then corrected; 提交.
  const unitContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const jia = await unitContext.newPage();
  jia.on('pageerror', (e) => errors.push(String(e)));
  await jia.goto(`${base}/u/${links['甲区']}`);
  await jia.locator('input[name="score.A1"]').fill('12');
  assert.match(await jia.locator('input[name="score.A1"] + .field-msg').textContent(), /超过分值 10/);
  const jiaScores = ['9', '5', '不涉及', '4.5', '10', '8', '5', '14'];
  for (const [i, code] of CODES.entries()) await jia.locator(`input[name="score.${code}"]`).fill(jiaScores[i]);
  await jia.locator('textarea[name="note.A1"]').fill('台账缺一份');
  await jia.screenshot({ path: path.join(SHOTS, 'unit-form.png'), fullPage: true });
  await jia.getByRole('button', { name: '提交' }).click();
  await jia.getByText('已提交,等待考核办审核').waitFor();

  // 政府办公室's own link: its two items (A2, A4) of 甲区's return and nothing else.
  const departments = Object.fromEntries((await api(`/rounds/${id}/departments`)).departments.map((d) => [d.department, d.token]));
  const dept = await unitContext.newPage();
  dept.on('pageerror', (e) => errors.push(String(e)));
  await dept.goto(`${base}/d/${departments['政府办公室']}/${encodeURIComponent('甲区')}`);
  assert.deepEqual(await dept.locator('input[name^="score."]').evaluateAll((f) => f.map((i) => i.name)), ['score.A2', 'score.A4']);
  await dept.screenshot({ path: path.join(SHOTS, 'department-form.png'), fullPage: true });

  // 乙区 uploads its workbook (one item short of full), then submits.
  const yi = await unitContext.newPage();
  await yi.goto(`${base}/u/${links['乙区']}`);
  const rows = CODES.map((c, i) => `乙区,${c},${POINTS[i] - (i === 1 ? 1 : 0)},${i === 1 ? '缺一份' : ''}`).join('\n');
  await yi.locator('input[name="file"]').first().setInputFiles({ name: '乙区.csv', mimeType: 'text/csv', buffer: Buffer.from(`单位,编号,自评得分,说明\n${rows}\n`) });
  await yi.getByRole('button', { name: '上传已填评分表' }).click();
  await yi.getByText('已保存为草稿').waitFor();
  assert.equal(await yi.locator('input[name="score.A2"]').inputValue(), '4');
  await yi.getByRole('button', { name: '提交' }).click();
  await yi.getByText('已提交,等待考核办审核').waitFor();

  // 丙局 attaches one photo to A1 and B2, fills in and submits.
  const bing = await unitContext.newPage();
  await bing.goto(`${base}/u/${links['丙局']}`);
  await bing.locator('form[action$="/evidence"] input[type="file"]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: Buffer.from('\x89PNG\r\n\x1a\nfake png', 'latin1') });
  await bing.locator('input[name="item"][value="A1"]').check();
  await bing.locator('input[name="item"][value="B2"]').check();
  await bing.getByRole('button', { name: '上传并关联' }).click();
  await bing.getByText('已保存为草稿').waitFor();
  assert.equal(await bing.getByRole('link', { name: '现场照片.png' }).count(), 2);
  for (const [i, code] of CODES.entries()) await bing.locator(`input[name="score.${code}"]`).fill(String(POINTS[i] - 1));
  await bing.getByRole('button', { name: '提交' }).click();
  await bing.getByText('已提交,等待考核办审核').waitFor();

  // The office returns 乙区 with a comment; 乙区 sees it and corrects.
  await office.goto(`${base}/rounds/${id}/units/${encodeURIComponent('乙区')}`);
  await office.getByPlaceholder('意见').fill('A2 请补充说明');
  await office.getByRole('button', { name: '退回' }).click();
  await yi.goto(`${base}/u/${links['乙区']}`);
  await yi.getByText('考核办退回意见: A2 请补充说明').waitFor();
  await yi.locator('input[name="score.A2"]').fill('5');
  await yi.getByRole('button', { name: '提交' }).click();
  await yi.getByText('已提交,等待考核办审核').waitFor();

  // 甲区's B4 verified at 12; then all three approved.
  await office.goto(`${base}/rounds/${id}/units/${encodeURIComponent('甲区')}`);
  await office.locator('input[name="verified.B4"]').fill('12');
  await office.locator('input[name="reason.B4"]').fill('应诉率 93%');
  await office.getByRole('button', { name: '保存核定' }).click();
  for (const unit of ['甲区', '乙区', '丙局']) {
    await office.goto(`${base}/rounds/${id}/units/${encodeURIComponent(unit)}`);
    await office.getByRole('button', { name: '核定', exact: true }).click();
    await office.locator('h1 .badge', { hasText: '已核定' }).waitFor();
  }
  await office.goto(`${base}/rounds/${id}`);
  assert.equal(await office.locator('.badge.s-approved').count(), 3);
  await office.screenshot({ path: path.join(SHOTS, 'board.png'), fullPage: true });

  const [download] = await Promise.all([office.waitForEvent('download'), office.getByRole('link', { name: '下载年度结果工作簿' }).click()]);
  const served = fs.readFileSync(await download.path());

  // The CLI on the service's export: the same bytes.
  const out = path.join(data, 'export');
  execFileSync(BIN, ['serve', 'export', '--data', path.join(data, 'store'), '--round', id, out]);
  execFileSync(BIN, ['score', '--tree', '小型示例.csv', 'scores', '--out', 'cli.xlsx'], { cwd: out });
  assert.ok(served.equals(fs.readFileSync(path.join(out, 'cli.xlsx'))), 'the downloaded result workbook differs from the CLI\'s');
  assert.deepEqual(errors, []);
});
