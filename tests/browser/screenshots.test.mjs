// Screenshots for people to look at: desktop 1280 and phone 360, Chinese and
// English, plus elderly mode, errors, and the two embeds. Saved in
// artifacts/screenshots/. Also checks that nothing overflows sideways at 320px
// (reflow) and that loading the page does not shift what is already shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, artifact, shareHash, TYPICAL } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

/** Cards off screen are skipped (content-visibility: auto); a full-page shot needs them drawn. */
async function renderAll(page) {
  await page.evaluate(() => document.querySelectorAll('.card').forEach((e) => { e.style.contentVisibility = 'visible'; }));
}

const shots = [
  ['desktop-zh', 1280, ''],
  ['desktop-en', 1280, '&lang=en'],
  ['phone-zh', 360, ''],
  ['phone-en', 360, '&lang=en'],
];

for (const [name, width, extra] of shots) {
  test(`screenshot ${name}`, async () => {
    const { context, page } = await newPage(browser, { width, height: width < 500 ? 780 : 900, url: srv.url, hash: shareHash(TYPICAL) + extra });
    try {
      await page.locator('#hy-out .card').first().waitFor();
      await page.locator('#hy-tl svg.timeline').waitFor();
      await page.screenshot({ path: artifact('screenshots', `${name}-top.png`) });
      await renderAll(page);
      await page.screenshot({ path: artifact('screenshots', `${name}.png`), fullPage: true });
      await page.locator('#hy-h-results').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifact('screenshots', `${name}-results.png`) });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name}: ${overflow}px sideways overflow`);
    } finally { await context.close(); }
  });
}

test('screenshots: elderly mode, errors, embeds', async () => {
  let { context, page } = await newPage(browser, { width: 390, height: 844, url: srv.url, hash: shareHash(TYPICAL) });
  await page.click('#hy-elder');
  await page.screenshot({ path: artifact('screenshots', 'phone-zh-elder-top.png') });
  await renderAll(page);
  await page.screenshot({ path: artifact('screenshots', 'phone-zh-elder.png'), fullPage: true });
  await context.close();
  ({ context, page } = await newPage(browser, { width: 1280, url: srv.url, hash: shareHash(TYPICAL) }));
  const row = page.locator('#hy-rows > li').first();
  await row.locator('[data-f=ongoing]').uncheck();
  await row.locator('[data-f=to]').fill('2017-01');
  await page.locator('#hy-rows .err:not(:empty)').first().waitFor();
  await row.screenshot({ path: artifact('screenshots', 'error-reversed.png') });
  await context.close();
  ({ context, page } = await newPage(browser, { width: 1280 }));
  await page.goto(new URL('demo/news.html', srv.url).href);
  await page.frameLocator('iframe').locator('#hy-out .group').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: artifact('screenshots', 'demo-news.png'), fullPage: true });
  await page.goto(new URL('demo/gov.html', srv.url).href);
  await page.locator('hukou-years-checker #hy-out .group').first().waitFor();
  await page.screenshot({ path: artifact('screenshots', 'demo-gov.png') });
  await context.close();
});

test('reflow at 320px: no sideways scrolling', async () => {
  const { context, page } = await newPage(browser, { width: 320, height: 640, url: srv.url, hash: shareHash(TYPICAL) });
  try {
    await page.click('#hy-elder');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${overflow}px sideways overflow`);
  } finally { await context.close(); }
});

test('no layout shift while the page loads', async () => {
  const { context, page } = await newPage(browser, { width: 1280 });
  try {
    await page.addInitScript(() => {
      window.__cls = 0;
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
        .observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(srv.url + shareHash(TYPICAL));
    await page.locator('#hy-out .card').first().waitFor();
    await page.waitForTimeout(500);
    const cls = await page.evaluate(() => window.__cls);
    assert.ok(cls <= 0.1, `CLS ${cls}`);
  } finally { await context.close(); }
});
