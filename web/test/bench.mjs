// The page in the benchmark (bench/run.sh): the same data as the command line, scored in headless
// Chromium through the same driver as the end-to-end test, timed from the click to the results shown
// (reading the files, the wasm run, the workbook, csv and json made, the tables drawn), against the
// native command line writing the result workbook. Writes its section of BENCH.md.
//   node web/test/bench.mjs --mode small|full --bin target/debug --data DIR --target FILE.md
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launch, open, choose, runButton } from './driver.mjs';

const { values: args } = parseArgs({ options: { mode: { type: 'string' }, bin: { type: 'string' }, data: { type: 'string' }, target: { type: 'string' } } });
const runs = args.mode === 'full' ? 3 : 1;
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
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const load = () => os.loadavg()[0];

/** The command line end to end, writing the result workbook, as the bench times it. */
function native(files) {
  const out = path.join(os.tmpdir(), `zhibiao-bench-${process.pid}.xlsx`);
  const input = files.length === 1 ? files[0] : path.join(data, 'b');
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    execFileSync(path.join(args.bin, 'zhibiao'), ['score', '--tree', tree, input, '--out', out], { stdio: 'ignore' });
    times.push((performance.now() - started) / 1000);
  }
  return times;
}

const browser = await launch();
const rows = [];
try {
  for (const [name, files] of scenarios) {
    const before = load();
    const page = await open(browser);
    await choose(page, '指标体系', tree);
    await choose(page, '得分表', files);
    const times = [];
    for (let i = 0; i < runs; i++) times.push(await runButton(page));
    const shown = await page.locator('#ranking table tbody tr').count();
    const problems = await page.locator('#problems li.error').allTextContents();
    if (!shown) throw new Error(`${name}: the page showed no ranking: ${problems.slice(0, 3).join(' | ')}`);
    await page.context().close();
    const cli = native(files);
    const row = { name, files: files.length, page: mean(times), best: Math.min(...times), cli: mean(cli), units: shown, load: [before, load()] };
    rows.push(row);
    console.log(`${name.padEnd(14)} page ${row.page.toFixed(3)} s  cli ${row.cli.toFixed(3)} s  ${(row.page / row.cli).toFixed(2)}×  (${shown} units, load ${before.toFixed(2)})`);
  }
} finally {
  await browser.close();
}

const section = [
  `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${args.mode} size, ${execFileSync(process.env.CHROMIUM || '/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split(' built')[0]} headless.`,
  `Page: from the click on 开始评分 to the results drawn (files read, wasm run, workbook, csv and json made, tables`,
  `drawn). Command line: \`${args.bin}/zhibiao score --tree tree.csv DATA --out result.xlsx\`.`,
  '',
  '| data | files | page | command line | ratio | goal ≤ 3× | load |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${r.files} | ${r.page.toFixed(2)} s (min ${r.best.toFixed(2)}) | ${r.cli.toFixed(2)} s | ${(r.page / r.cli).toFixed(2)}× | ${r.page / r.cli <= 3 ? 'met' : '**not met**'} | ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} |`),
  ...(args.mode === 'small' ? ['', '(small size, debug command line: this proves the page runs in the bench; the figures mean nothing.)'] : []),
].join('\n');

const [BEGIN, END] = ['<!-- web:begin -->', '<!-- web:end -->'];
const text = fs.existsSync(args.target) ? fs.readFileSync(args.target, 'utf8') : '';
const updated = text.includes(BEGIN)
  ? text.split(BEGIN)[0] + BEGIN + '\n' + section + '\n' + END + text.split(END)[1]
  : text + `\n## The page (web/)\n\n${BEGIN}\n${section}\n${END}\n`;
fs.writeFileSync(args.target, updated);
console.log(`wrote ${args.target}`);
