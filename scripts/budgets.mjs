// Measures the page against its budgets and prints the figures (see
// scripts/budgets.sh, which builds the history and runs this):
//
//   node scripts/budgets.mjs <history.json> [runs]
//
// <history.json>: the history the recompute is timed on, in the public history
// format (cargo run --example sample_history); runs: page loads (default 9).
// Exits with 1 when a figure is over its budget, 2 on bad arguments.
import { gzipSync } from 'node:zlib';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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
// The goals of issue 11: what the first result waits for, the module, and
// everything one visitor downloads in one language (what follows the first
// result included); navigation → first result at most twice the empty floor page.
const budgets = { firstVisit: 85 * KB, wasm: 45 * KB, wholeVisit: 110 * KB, ratio: 2, recompute: 2, edit: 10 };
// What the page asks for right after the first result, and never before it:
// later.js (the code the first result does not need) and the rules' texts in
// the page's language (the visit is a 简体中文 one: rules.zh.json).
const FOLLOWS = ['/later.js', '/rules.zh.json'];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

// The empty floor page: served the same way (the same server, headers and
// gzip), with index.html's head — its title, styles and preloads — and one tiny
// script in place of the page's, which marks after one frame, as the page marks
// its first result. Written into site/ for the run, removed after it.
const FLOOR_HTML = 'budgets-floor.html';
const FLOOR_JS = 'budgets-floor.js';
const index = readFileSync(join(ROOT, 'site', 'index.html'), 'utf8');
const floorHtml = index
  .replace(/<script type="module" src="main\.js"><\/script>/, `<script type="module" src="${FLOOR_JS}"></script>`)
  .replace(/<body>[^]*<\/body>/, '<body>\n<main id="hy-main"><div id="hy-app" class="hy-host"></div></main>\n</body>');
if (!floorHtml.includes(FLOOR_JS)) throw new Error('site/index.html: no <script type="module" src="main.js"> to replace');
writeFileSync(join(ROOT, 'site', FLOOR_HTML), floorHtml);
writeFileSync(join(ROOT, 'site', FLOOR_JS), "requestAnimationFrame(() => setTimeout(() => performance.mark('hukou-years:first-result'), 0));\n");
const removeFloor = () => { for (const f of [FLOOR_HTML, FLOOR_JS]) rmSync(join(ROOT, 'site', f), { force: true }); };

/**
 * Loads a page in a fresh context, hands off: nothing is injected while it
 * loads; once the network has been quiet (later.js and the rules' texts
 * follow the first result, so the page has settled), reads the mark. {ms, at}: the mark from
 * navigation start, and when it was, in the server's clock (epoch ms).
 */
async function visit(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'networkidle', timeout: 30000 });
    for (let waited = 0; ; waited += 250) {
      const m = await page.evaluate(() => {
        const e = performance.getEntriesByName('hukou-years:first-result')[0];
        return e ? { ms: e.startTime, at: performance.timeOrigin + e.startTime } : null;
      });
      if (m) return m;
      if (waited > 15000) throw new Error(`${url}: no first-result mark`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally { await context.close(); }
}

const srv = await startServer();
const browser = await launch();
try {
  // 1. First visit: what the access log says was sent (gzip, as the server
  // sends it), split at the first result's mark: what it waited for, and what
  // followed (later.js and the rules' texts: FOLLOWS, each of which must have
  // been asked for, and after the mark).
  const start = srv.requests().length;
  const first = await visit(browser, srv.url);
  const sent = srv.requests().slice(start);
  const background = (r) => r.t * 1000 > first.at;
  const misplaced = FOLLOWS.filter((f) => !sent.some((r) => r.path === f && background(r)));
  const firstVisit = sent.filter((r) => !background(r)).reduce((a, r) => a + r.bytes, 0);
  const wholeVisit = sent.reduce((a, r) => a + r.bytes, 0);
  const wasm = gzipSync(readFileSync(join(ROOT, 'site', 'pkg', 'hukou_years_bg.wasm')), { level: 9 }).length;

  // 2. Navigation → first result on screen (the page marks it) and the floor
  // page's mark, in turn, a fresh context each time: medians of the same run.
  const firsts = [];
  const floors = [];
  for (let i = 0; i < RUNS; i += 1) {
    floors.push((await visit(browser, new URL(FLOOR_HTML, srv.url).href)).ms);
    firsts.push((await visit(browser, srv.url)).ms);
  }
  removeFloor();

  // 3. Recompute: the given history against every city, timed in the page around the engine call.
  const context = await browser.newContext();
  const page = await context.newPage();
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
  // 4. The whole edit: from the change event to the page laid out again —
  // the engine call, the results and answers drawn, style and layout (paint
  // is not counted: headless frames wait for the next tick, 0–16 ms, which
  // would measure the clock rather than the page). One edit a frame, so that
  // each starts from a painted page, as a person's would.
  const edits = await page.evaluate(async () => {
    const box = document.querySelector('#hy-wi-on');
    const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    const out = [];
    for (let i = 0; i < 60; i += 1) {
      await frame();
      const t0 = performance.now();
      box.checked = !box.checked;
      box.dispatchEvent(new Event('change', { bubbles: true }));
      void document.documentElement.getBoundingClientRect().height; // style and layout, now
      out.push(performance.now() - t0);
    }
    return out;
  });
  const ok = await page.evaluate(() => !document.querySelector('#hy-stale:not([hidden])'));
  await context.close();

  const ratio = median(firsts) / median(floors);
  const figures = [
    ['first visit before the first result, gzipped', firstVisit, budgets.firstVisit, (v) => `${(v / KB).toFixed(1)} KB`],
    ['everything the visit downloads in one language (later.js and the rules\' texts in it too), gzipped', wholeVisit, budgets.wholeVisit, (v) => `${(v / KB).toFixed(1)} KB`],
    ['wasm alone, gzipped', wasm, budgets.wasm, (v) => `${(v / KB).toFixed(1)} KB`],
    [`navigation → first result, median of ${RUNS}`, median(firsts), Infinity, (v) => `${v.toFixed(0)} ms (runs ${[...firsts].sort((a, b) => a - b).map((x) => x.toFixed(0)).join(' ')})`],
    [`the empty floor page, median of ${RUNS} in turn`, median(floors), Infinity, (v) => `${v.toFixed(0)} ms (runs ${[...floors].sort((a, b) => a - b).map((x) => x.toFixed(0)).join(' ')})`],
    ['first result / floor', ratio, budgets.ratio, (v) => `${v.toFixed(2)}×`],
    [`recompute, ${loadedRows} periods × every city, median of ${times.length}`, median(times), budgets.recompute, (v) => `${v.toFixed(2)} ms`],
    [`the whole edit (what-if on/off) to the page laid out again, ${loadedRows} periods × every city, median of ${edits.length}`, median(edits), budgets.edit, (v) => `${v.toFixed(1)} ms`],
  ];
  let over = 0;
  console.log('first visit transferred (the access log, as sent):');
  for (const r of sent) console.log(`  ${String(r.bytes).padStart(8)} B  ${(r.bytes / KB).toFixed(1).padStart(5)} KB  ${r.encoding || 'identity'}  ${r.path}${background(r) ? '  (after the first result)' : ''}`);
  for (const [name, value, budget, fmt] of figures) {
    const bad = value > budget;
    over += bad;
    console.log(`${bad ? 'OVER' : 'ok  '}  ${name}: ${fmt(value)}${Number.isFinite(budget) ? ` (goal ${fmt(budget).replace(/ \(runs.*/, '')})` : ''}`);
  }
  if (misplaced.length) { console.log(`not asked for after the first result: ${misplaced.join(', ')}`); over += 1; }
  // Rows are stays: a stay with both kinds is two periods of the history.
  if (!loadedRows || loadedRows > PERIODS || !ok) { console.log(`the ${PERIODS}-period history did not load cleanly`); over += 1; }
  process.exitCode = over ? 1 : 0;
} finally {
  removeFloor();
  await browser.close();
  srv.close();
}
