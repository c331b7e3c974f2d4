// The embeds: one <script> line that inserts an iframe and resizes it by
// postMessage, and <hukou-years-checker> in Shadow DOM under a strict CSP,
// taking the host's theme from CSS custom properties.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

test('the iframe embed is as tall as its content, and follows it', async () => {
  const { context, page } = await newPage(browser, { url: undefined, width: 1000 });
  try {
    await page.goto(new URL('demo/news.html', srv.url).href);
    const iframe = page.locator('article iframe');
    await iframe.waitFor();
    const frame = page.frameLocator('article iframe');
    await frame.locator('#hy-out .group').first().waitFor();
    assert.match(await iframe.getAttribute('src'), /index\.html#embed=1&lang=zh&region=sunan&accent=%230a4d8c$/);
    const content = () => frame.locator('html').evaluate((h) => h.offsetHeight);
    const height = () => iframe.evaluate((f) => f.getBoundingClientRect().height);
    await page.waitForFunction(async () => true);
    await assert.doesNotReject(page.waitForFunction(() => {
      const f = document.querySelector('article iframe');
      return f && Math.abs(f.getBoundingClientRect().height - f.contentDocument.documentElement.offsetHeight) <= 1;
    }, null, { timeout: 5000 }));
    const before = await height();
    assert.ok(before > 600 && before !== 1400, `height ${before}`);
    // Elderly mode makes the content taller: the iframe follows.
    await frame.locator('#hy-elder').click();
    await page.waitForFunction((b) => document.querySelector('article iframe').getBoundingClientRect().height > b + 100, before, { timeout: 5000 });
    assert.ok(Math.abs((await height()) - (await content())) <= 1);
    // The data attributes reached the page: region first, accent applied.
    const accent = await frame.locator('#hy-add').evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.equal(accent, 'rgb(10, 77, 140)');
    // A tap on the empty city field offers the region's cities.
    await frame.locator('#hy-rows [data-f=city]').first().click();
    const offered = await frame.locator('#hy-rows [role=option]').evaluateAll((os) => os.map((o) => o.dataset.id));
    assert.deepEqual(offered, ['nanjing', 'wuxi', 'changzhou', 'suzhou', 'zhenjiang']);
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
