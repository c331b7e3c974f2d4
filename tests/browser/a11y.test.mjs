// axe-core: zero WCAG 2.1 A/AA violations in both languages, in elderly mode,
// with results showing and with errors showing, on desktop and phone widths,
// and in the embeds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, launch, newPage, shareHash, TYPICAL } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

async function axe(page, label) {
  // Open every disclosure so that its content is checked too.
  await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
  // Off-screen cards skip rendering (content-visibility: auto); have them all rendered and checked.
  await page.$$eval('.card', (els) => els.forEach((e) => { e.style.contentVisibility = 'visible'; }));
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(summary, [], `${label}: ${summary.join('\n')}`);
}

const states = [
  ['zh, results showing', { hash: shareHash(TYPICAL) }],
  ['en, results showing', { hash: `${shareHash(TYPICAL)}&lang=en` }],
  ['zh, elderly mode', { hash: shareHash(TYPICAL), elder: true }],
  ['en, elderly mode, phone', { hash: `${shareHash(TYPICAL)}&lang=en`, elder: true, width: 360 }],
  ['zh, phone 360px', { hash: shareHash(TYPICAL), width: 360 }],
  ['zh, errors showing', { hash: shareHash(TYPICAL), errors: true }],
  ['en, errors showing, elderly', { hash: `${shareHash(TYPICAL)}&lang=en`, errors: true, elder: true }],
  ['zh, empty first visit', { hash: '' }],
  ['zh, what-if', { hash: shareHash(TYPICAL), whatIf: true }],
];

for (const [label, s] of states) {
  test(`axe: ${label}`, async () => {
    const { context, page } = await newPage(browser, { url: srv.url, hash: s.hash, width: s.width ?? 1280 });
    try {
      if (s.elder) await page.click('#hy-elder');
      if (s.whatIf) {
        await page.check('#hy-wi-on');
        await page.fill('#hy-wi-from', '2027-03');
      }
      if (s.errors) {
        const row = page.locator('#hy-rows > li');
        await row.nth(0).locator('[data-f=ongoing]').uncheck();
        await row.nth(0).locator('[data-f=to]').fill('2017-01');
        await row.nth(1).locator('[data-f=from]').fill('2029-01');
        await page.locator('#hy-rows .err:not(:empty)').first().waitFor();
      }
      await axe(page, label);
    } finally { await context.close(); }
  });
}

test('axe: the news page with the iframe embed, and the government page with the element', async () => {
  for (const path of ['demo/news.html', 'demo/gov.html']) {
    const { context, page } = await newPage(browser);
    try {
      await page.goto(new URL(path, srv.url).href);
      if (path.includes('news')) await page.frameLocator('iframe').locator('#hy-out .group').first().waitFor();
      else await page.locator('hukou-years-checker #hy-out .group').first().waitFor();
      await axe(page, path);
    } finally { await context.close(); }
  }
});

test('keyboard: every control is reachable with Tab and shows a visible focus ring', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    const seen = new Set();
    let noRing = [];
    for (let i = 0; i < 400; i += 1) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const cs = getComputedStyle(el);
        const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';
        const parentRing = el.parentElement && getComputedStyle(el.parentElement).outlineStyle !== 'none';
        return { id: el.id || el.textContent.trim().slice(0, 20), ring: ring || parentRing, month: el.type === 'month' };
      });
      if (!info) break;
      if (seen.has(info.id) && info.id === 'hy-lang') break;
      // A month input takes three Tab stops: month, year, and Chromium's own
      // calendar button, which draws its own ring (the input's :focus does not
      // match then). Count the input once, ringed if its own stops were.
      if (info.month && seen.has(info.id)) continue;
      seen.add(info.id);
      if (!info.ring) noRing.push(info.id);
    }
    for (const id of ['hy-lang', 'hy-elder', 'hy-add', 'hy-save', 'hy-file', 'hy-share', 'hy-remember', 'hy-wi-on']) {
      assert.ok(seen.has(id), `${id} not reachable by Tab`);
    }
    noRing = [...new Set(noRing)];
    assert.deepEqual(noRing, [], 'focus without a visible ring');
  } finally { await context.close(); }
});
