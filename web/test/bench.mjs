// The page in the benchmark (bench/run.sh): the same data as the command line, scored in headless
// Chromium through the same driver as the end-to-end test. Two times, each against the command line
// doing the same: the results (from the click on 开始评分 to the tables laid out, as the page measures
// it: the files read, the wasm run, the tables drawn) against `score --format csv`, and the results
// plus the result workbook (from the page taking the click on 下载年度结果工作簿 to the file saved by the
// browser) against `score --out result.xlsx`. Medians of the runs: this is measured on shared machines,
// where one run in several is slowed by a neighbour. Writes its section of BENCH.md.
//   node web/test/bench.mjs --mode small|full --bin target/debug --data DIR --target FILE.md
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launch, open, ready, choose, runButton, download } from './driver.mjs';

const { values: args } = parseArgs({ options: { mode: { type: 'string' }, bin: { type: 'string' }, data: { type: 'string' }, target: { type: 'string' } } });
const runs = args.mode === 'full' ? 5 : 1;
const data = path.resolve(args.data);
const tree = path.join(data, 'tree.csv');
const scenarios = [
  ['(a) 1 csv', [path.join(data, 'a/scores.csv')]],
  ['(a) 1 xlsx', [path.join(data, 'a/scores.xlsx')]],
  ['(b) workbooks', walk(path.join(data, 'b'))],
];

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])).sort();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const load = () => os.loadavg()[0];

/** The command line end to end: the seconds of each run, with the output arguments given. */
function native(files, output) {
  const input = files.length === 1 ? files[0] : path.join(data, 'b');
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    execFileSync(path.join(args.bin, 'zhibiao'), ['score', '--tree', tree, input, ...output], { stdio: 'ignore' });
    times.push((performance.now() - started) / 1000);
  }
  return median(times);
}

const browser = await launch();
const rows = [];
try {
  for (const [name, files] of scenarios) {
    const before = load();
    const page = await open(browser);
    // As a clerk's first click comes after choosing the files, the runs start once the page is ready.
    const opened = await ready(page);
    await choose(page, '指标体系', tree);
    await choose(page, '得分表', files);
    const [results, workbook] = [[], []];
    for (let i = 0; i < runs; i++) {
      results.push(await runButton(page));
      workbook.push((await download(page, '下载年度结果工作簿')).seconds);
    }
    const readers = Number(await page.evaluate(() => document.getElementById('busy').dataset.readers));
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const shown = await page.locator('#ranking table tbody tr').count();
    const problems = await page.locator('#problems li.error').allTextContents();
    if (!shown) throw new Error(`${name}: the page showed no ranking: ${problems.slice(0, 3).join(' | ')}`);
    await page.context().close();
    const out = path.join(os.tmpdir(), `zhibiao-bench-${process.pid}.xlsx`);
    const row = { name, files: files.length, readers, cores, opened, results: median(results), first: results[0], workbook: median(workbook), table: native(files, ['--format', 'csv']), xlsx: native(files, ['--out', out]), load: [before, load()] };
    rows.push(row);
    console.log(`${name.padEnd(14)} page ${row.results.toFixed(3)} s (+ workbook ${row.workbook.toFixed(3)} s)  cli ${row.table.toFixed(3)} s (→ xlsx ${row.xlsx.toFixed(3)} s)  load ${before.toFixed(2)}`);
  }
} finally {
  await browser.close();
}

const ratio = (page, cli) => `${(page / cli).toFixed(2)}× ${page / cli <= 3 ? 'met' : '**not met**'}`;
const section = [
  `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${args.mode} size, ${execFileSync(process.env.CHROMIUM || '/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split(' built')[0]} headless, ${rows[0].cores} cores; medians of ${runs} run${runs > 1 ? 's' : ''} in one page (the command line's too), started once the page was ready (its wasm compiled and warmed up: ${rows.map((r) => r.opened.toFixed(1)).join(', ')} s after opening).`,
  'Results: from the click on 开始评分 to the tables laid out, as the page measures it (the files read, the forms read by the',
  'workers named, the run, the first rows of each table drawn), against `zhibiao score --tree tree.csv DATA --format csv`.',
  'Workbook: the results plus the page taking the click on 下载年度结果工作簿 until the browser has saved the file, against',
  '`--out result.xlsx`. Goal: each within 3× of the command line.',
  '',
  '| data | files | read by | page: results | command line → table | ratio | page: + workbook | command line → xlsx | ratio | load |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${r.files} | ${r.readers === 1 ? 'the main worker' : `${r.readers} helpers`} | ${r.results.toFixed(2)} s (first ${r.first.toFixed(2)}) | ${r.table.toFixed(2)} s | ${ratio(r.results, r.table)} | ${(r.results + r.workbook).toFixed(2)} s | ${r.xlsx.toFixed(2)} s | ${ratio(r.results + r.workbook, r.xlsx)} | ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} |`),
  ...(args.mode === 'small' ? ['', '(small size, debug command line: this proves the page runs in the bench; the figures mean nothing.)'] : []),
].join('\n');

const [BEGIN, END] = ['<!-- web:begin -->', '<!-- web:end -->'];
const text = fs.existsSync(args.target) ? fs.readFileSync(args.target, 'utf8') : '';
const updated = text.includes(BEGIN)
  ? text.split(BEGIN)[0] + BEGIN + '\n' + section + '\n' + END + text.split(END)[1]
  : text + `\n## The page (web/)\n\n${BEGIN}\n${section}\n${END}\n`;
fs.writeFileSync(args.target, updated);
console.log(`wrote ${args.target}`);
