// Drives the built page in headless Chromium, for the end-to-end test and the benchmark.
import { chromium } from 'playwright-core';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PAGE = path.join(ROOT, 'target/web/zhibiao.html');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** The page opened from file://, with every request it makes recorded in `requests`; `before`: a
 * script run in the page before its own. */
export async function open(browser, { width = 1366, height = 768, before } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, locale: 'zh-CN' });
  const page = await context.newPage();
  if (before) await page.addInitScript(before);
  page.requests = [];
  page.errors = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && page.errors.push(m.text()));
  await page.goto(pathToFileURL(PAGE).href);
  return page;
}

/** Waits until the page can score (its wasm compiled and warmed up); the seconds since it was opened. */
export async function ready(page) {
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 120_000 });
  return Number(await page.evaluate(() => document.body.dataset.ready));
}

/** Chooses files by the visible label of their input, as a clerk would. */
export async function choose(page, label, files) {
  await page.getByLabel(label, { exact: true }).setInputFiles(files);
}

/** Clicks a button by its text and waits for the run to end; the seconds it took, as the page measured
 * them (from its click handler to the results laid out). */
export async function runButton(page, text = '开始评分') {
  await page.evaluate(() => delete document.getElementById('busy').dataset.seconds);
  await page.getByRole('button', { name: text }).click();
  await page.waitForFunction(() => !document.getElementById('go').disabled && document.getElementById('results').hidden === false, null, { timeout: 600_000 });
  return Number(await page.evaluate(() => document.getElementById('busy').dataset.seconds));
}

/** Downloads by the button's text; the bytes, and the seconds from the page taking the click to the
 * file saved by the browser. */
export async function download(page, text) {
  const button = page.getByRole('button', { name: text });
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  await file.path();
  const seconds = (Date.now() - Number(await button.evaluate((b) => b.dataset.clicked))) / 1000;
  const stream = await file.createReadStream();
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks), seconds };
}
