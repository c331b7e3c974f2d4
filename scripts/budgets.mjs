// Measures the page against its budgets and prints the figures (see
// scripts/budgets.sh, which builds the history and runs this):
//
//   node scripts/budgets.mjs <history.json> [runs]
//
// <history.json>: the history the recompute is timed on, in the public history
// format (cargo run --example sample_history); runs: page loads (default 9).
// Exits with 1 when a figure is over its budget, 2 on bad arguments.
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startServer, launch } from '../tests/browser/helpers.mjs';

const [historyFile, runs = '9'] = process.argv.slice(2);
const RUNS = Number(runs);
if (!historyFile || !Number.isInteger(RUNS) || RUNS < 1) {
  console.error('usage: node scripts/budgets.mjs <history.json> [runs]');
  process.exit(2);
}
const history = JSON.parse(readFileSync(historyFile, 'utf8'));
const PERIODS = history.periods.length;
const KB = 1024;
const budgets = { firstVisit: 100 * KB, wasm: 60 * KB, firstResult: 300, recompute: 2 };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const srv = await startServer();
const browser = await launch();
try {
  // 1. First visit: what the access log says was sent (gzip, as the server sends it).
  const start = srv.requests().length;
  let context = await browser.newContext();
  let page = await context.newPage();
  await page.goto(srv.url);
  await page.locator('#hy-out .group').first().waitFor();
  await page.waitForLoadState('networkidle');
  const sent = srv.requests().slice(start);
  await context.close();
  // The 繁體中文 words and rules.json (the rules' texts) are asked for after the
  // first result, in the background: everything else is what the first result waits for.
  const background = (r) => r.path === '/rules.json' || r.path === '/generated/zh-hant.js';
  const firstVisit = sent.filter((r) => !background(r)).reduce((a, r) => a + r.bytes, 0);
  const wholeVisit = sent.reduce((a, r) => a + r.bytes, 0);
  const wasm = gzipSync(readFileSync(join(ROOT, 'site', 'pkg', 'hukou_years_bg.wasm')), { level: 9 }).length;

  // 2. Navigation → first result on screen (the page marks it), fresh context each time.
  const firsts = [];
  for (let i = 0; i < RUNS; i += 1) {
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(srv.url);
    await page.locator('#hy-out .group').first().waitFor();
    firsts.push(await page.evaluate(() => performance.getEntriesByName('hukou-years:first-result')[0].startTime));
    await context.close();
  }

  // 3. Recompute: the given history against every city, timed in the page around the engine call.
  context = await browser.newContext();
  page = await context.newPage();
  await page.goto(`${srv.url}#h=${Buffer.from(JSON.stringify(history)).toString('base64url')}`);
  await page.locator('#hy-out .group').first().waitFor();
  const loadedRows = await page.locator('#hy-rows > li').count();
  const times = await page.evaluate(async () => {
    const box = document.querySelector('#hy-wi-on');
    performance.clearMeasures('hukou-years:check');
    for (let i = 0; i < 200; i += 1) {
      box.checked = !box.checked;
      box.dispatchEvent(new Event('change', { bubbles: true }));
    }
    return performance.getEntriesByName('hukou-years:check').map((e) => e.duration);
  });
  const ok = await page.evaluate(() => !document.querySelector('#hy-stale:not([hidden])'));
  await context.close();

  const figures = [
    ['first visit before the first result, gzipped', firstVisit, budgets.firstVisit, (v) => `${(v / KB).toFixed(1)} KB`],
    ['whole first visit with the rules\' texts, gzipped', wholeVisit, Infinity, (v) => `${(v / KB).toFixed(1)} KB`],
    ['wasm alone, gzipped', wasm, budgets.wasm, (v) => `${(v / KB).toFixed(1)} KB`],
    [`navigation → first result, median of ${RUNS}`, median(firsts), budgets.firstResult, (v) => `${v.toFixed(0)} ms`],
    [`recompute, ${loadedRows} periods × every city, median of ${times.length}`, median(times), budgets.recompute, (v) => `${v.toFixed(2)} ms`],
  ];
  let over = 0;
  console.log('first visit transferred:');
  for (const r of sent) console.log(`  ${String(r.bytes).padStart(8)} B  ${r.encoding || 'identity'}  ${r.path}${background(r) ? '  (after the first result)' : ''}`);
  for (const [name, value, budget, fmt] of figures) {
    const bad = value > budget;
    over += bad;
    console.log(`${bad ? 'OVER' : 'ok  '}  ${name}: ${fmt(value)}${Number.isFinite(budget) ? ` (budget ${fmt(budget)})` : ' (no budget)'}`);
  }
  if (loadedRows !== PERIODS || !ok) { console.log(`the ${PERIODS}-period history did not load cleanly`); over += 1; }
  process.exitCode = over ? 1 : 0;
} finally {
  await browser.close();
  srv.close();
}
