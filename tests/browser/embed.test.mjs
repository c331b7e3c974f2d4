// The embeds: one <script> line that inserts an iframe and resizes it by
// postMessage, and <hukou-years-checker> in Shadow DOM under a strict CSP,
// taking the host's theme from CSS custom properties.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, artifact } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

/** Holds the engine back until `release()`, so that the page before the checker has drawn can be looked at. */
async function holdEngine(page) {
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/pkg/hukou_years_bg.wasm', async (route) => { await held; await route.continue(); });
  return release;
}

/** Waits until `read()` gives the same number for `quiet` ms, and returns it. */
async function steady(page, read, quiet = 400) {
  let last = await read();
  for (let since = Date.now(); Date.now() - since < quiet;) {
    await page.waitForTimeout(100);
    const now = await read();
    if (now !== last) { last = now; since = Date.now(); }
  }
  return last;
}

test('the iframe embed is as tall as its content, growing and shrinking with it, and the host page does not jump', async () => {
  const { context, page } = await newPage(browser, { width: 360, height: 780 });
  try {
    // Every height the checker posts to the host, as the host receives it.
    await page.addInitScript(() => {
      window.posted = [];
      addEventListener('message', (e) => { if (e.data?.type === 'hukou-years:height') window.posted.push(e.data.height); });
    });
    const release = await holdEngine(page);
    await page.goto(new URL('demo/news.html', srv.url).href);
    const iframe = page.locator('article iframe');
    await iframe.waitFor();
    assert.match(await iframe.getAttribute('src'), /index\.html#embed=1&lang=zh&region=sunan&accent=%230a4d8c$/);
    // Before the checker has drawn: one screen tall, and the article's next paragraph out of sight.
    const height = () => iframe.evaluate((f) => f.getBoundingClientRect().height);
    const next = () => page.locator('article iframe + p').evaluate((p) => p.getBoundingClientRect().top);
    assert.equal(await height(), 780);
    assert.ok(await next() >= 780, `the paragraph after the iframe is in sight at ${await next()}`);
    release();
    const frame = page.frameLocator('article iframe');
    await frame.locator('#hy-out .group').first().waitFor();
    await page.waitForLoadState('networkidle');
    const content = () => frame.locator('.hy').evaluate((r) => Math.ceil(r.getBoundingClientRect().bottom));
    const start = await steady(page, height);
    assert.ok(Math.abs(start - await content()) <= 1, `iframe ${start}, content ${await content()}`);
    assert.ok(await next() >= 780, 'nothing the reader saw has moved');
    assert.equal(await page.evaluate(() => scrollY), 0);
    // The checker posts only when its height changes.
    const posted = await page.evaluate(() => window.posted);
    assert.ok(posted.every((h, i) => i === 0 || h !== posted[i - 1]), `posted ${posted.join(', ')}`);
    assert.equal(posted.at(-1), start);

    // Remove the blank row (the page then says it was removed), then add three typed rows: taller.
    await frame.locator('#hy-rows [data-act=remove]').click();
    const base = await steady(page, height);
    for (const [i, [city, from]] of [['无锡', '2018-03'], ['苏州', '2020-06'], ['南京', '2024-04']].entries()) {
      if (i) await frame.locator('#hy-add').click();
      const row = frame.locator('#hy-rows > li').nth(i);
      await row.locator('[data-f=city]').fill(city);
      await row.locator('[data-f=from]').fill(from);
    }
    const grown = await steady(page, height);
    assert.ok(grown > base + 300, `grown ${grown}, base ${base}`);
    // Remove them: back to where it was, not a pixel of blank space more than a few.
    while (await frame.locator('#hy-rows > li').count() > 1) await frame.locator('#hy-rows [data-act=remove]').first().click();
    await frame.locator('#hy-rows [data-act=remove]').click();
    const shrunk = await steady(page, height);
    assert.ok(Math.abs(shrunk - base) <= 4, `shrunk to ${shrunk}, was ${base}`);
    assert.ok(Math.abs(shrunk - await content()) <= 1);
    // Elderly mode: taller, then back.
    await frame.locator('#hy-elder').click();
    assert.ok(await steady(page, height) > base + 300);
    await frame.locator('#hy-elder').click();
    assert.ok(Math.abs(await steady(page, height) - base) <= 4);
    // The data attributes reached the page: region first, accent applied.
    const accent = await frame.locator('#hy-add').evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.equal(accent, 'rgb(10, 77, 140)');
    // A tap on the empty city field offers the region's cities.
    await frame.locator('#hy-rows [data-f=city]').first().click();
    const offered = await frame.locator('#hy-rows [role=option]').evaluateAll((os) => os.map((o) => o.dataset.id));
    assert.deepEqual(offered, ['nanjing', 'wuxi', 'changzhou', 'suzhou', 'zhenjiang']);
    await page.screenshot({ path: artifact('screenshots', 'embed-news-phone.png') });
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('the custom element takes the host page’s theme and runs under its strict CSP', async () => {
  const { context, page } = await newPage(browser, { width: 1000 });
  const violations = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused/.test(m.text())) violations.push(m.text()); });
  try {
    await page.goto(new URL('demo/gov.html', srv.url).href);
    const el = page.locator('hukou-years-checker');
    await el.locator('#hy-out .group').first().waitFor();
    assert.ok(await el.evaluate((e) => !!e.shadowRoot));
    // Inside the shadow root, the host's --hy-accent and --hy-font apply.
    const style = await el.locator('#hy-add').evaluate((b) => {
      const cs = getComputedStyle(b);
      return { bg: cs.backgroundColor, font: getComputedStyle(b.closest('.hy')).fontFamily, radius: cs.borderTopLeftRadius };
    });
    assert.equal(style.bg, 'rgb(11, 61, 145)');
    assert.match(style.font, /^system-ui/);
    assert.equal(style.radius, '2px');
    // The page's own styles do not leak in, and the element's do not leak out.
    assert.equal(await page.locator('body > main > h1').evaluate((h) => getComputedStyle(h).fontSize), '32px');
    // It works: type a history.
    const row = el.locator('#hy-rows > li').first();
    await row.locator('[data-f=city]').fill('南京');
    await row.locator('[data-f=from]').fill('2026-01');
    await el.locator('article[data-key="nanjing:outer_districts"]').waitFor();
    assert.deepEqual(violations, []);
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('the custom element keeps one screen until it has drawn, then is as tall as its content, growing and shrinking with it', async () => {
  // 800 px wide: one column, so that rows added make it taller (wider, the results column is the taller one).
  const { context, page } = await newPage(browser, { width: 800, height: 800 });
  try {
    const release = await holdEngine(page);
    await page.goto(new URL('demo/gov.html', srv.url).href);
    const el = page.locator('hukou-years-checker');
    await el.locator('.boot').waitFor();
    const height = () => el.evaluate((e) => e.getBoundingClientRect().height);
    assert.equal(await height(), 800, 'while loading: one screen');
    release();
    await el.locator('#hy-out .group').first().waitFor();
    await page.waitForLoadState('networkidle');
    const content = () => el.locator('.hy').evaluate((r) => r.getBoundingClientRect().height);
    await el.locator('#hy-rows [data-act=remove]').click();
    const base = await steady(page, height);
    assert.ok(Math.abs(base - await content()) <= 1, `element ${base}, content ${await content()}`);
    await el.locator('#hy-example').click();
    const grown = await steady(page, height);
    assert.ok(grown > base + 300, `grown ${grown}, base ${base}`);
    while (await el.locator('#hy-rows > li').count() > 1) await el.locator('#hy-rows [data-act=remove]').first().click();
    await el.locator('#hy-rows [data-act=remove]').click();
    // Shrunk back: as tall as its content again (the empty form need not be
    // pixel-equal to the first one, whose messages differ).
    const after = await steady(page, height);
    assert.ok(after < grown - 300 && Math.abs(after - await content()) <= 1, `after ${after}, grown ${grown}, content ${await content()}`);
    // In its shadow root too, the example asks before replacing a typed row, and Undo puts it back.
    const row = el.locator('#hy-rows > li').first();
    await row.locator('[data-f=city]').fill('无锡');
    await row.locator('[data-f=from]').fill('2019-03');
    await el.locator('#hy-example').click();
    await el.locator('#hy-ask').waitFor();
    assert.equal(await el.evaluate((e) => e.shadowRoot.activeElement?.id), 'hy-ask-yes');
    await el.locator('#hy-ask-yes').click();
    assert.equal(await el.locator("#hy-rows > li").count(), 5);
    await el.locator('#hy-swap-undo').click();
    assert.deepEqual(await el.locator('#hy-rows > li [data-f=from]').evaluateAll((els) => els.map((e) => e.value)), ['2019-03']);
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('the iframe in 繁體中文, on another site: its title and the checker', async () => {
  const { context, page } = await newPage(browser, { width: 800, height: 800 });
  try {
    // Two sites of their own: a host page, and the checker served from srv under another name.
    await page.route('http://checker.test/**', async (route) => {
      const u = new URL(route.request().url());
      await route.fulfill({ response: await route.fetch({ url: new URL(u.pathname.slice(1) + u.search, srv.url).href }) });
    });
    await page.route('http://news.test/', (route) => route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html lang="zh-HK"><title>host</title><p>x</p><script src="http://checker.test/embed.js" data-lang="zh-Hant"></script><p>y</p>',
    }));
    await page.goto('http://news.test/');
    const iframe = page.locator('iframe');
    assert.equal(await iframe.getAttribute('title'), '落户年限自測');
    const frame = page.frameLocator('iframe');
    await frame.locator('h1:has-text("落户年限自測")').waitFor({ timeout: 15000 });
    await frame.locator('#hy-out .group').first().waitFor();
    const content = await frame.locator('.hy').evaluate((r) => Math.ceil(r.getBoundingClientRect().bottom));
    await page.waitForFunction((h) => Math.abs(document.querySelector('iframe').getBoundingClientRect().height - h) <= 1, content);
  } finally { await context.close(); }
});
