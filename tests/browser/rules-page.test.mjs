// The rules page (rules.html) in Chromium: search by pinyin, Chinese and code;
// both languages; anchors for every city and route, reached from a result
// card's "how we know this"; axe in both languages, elderly mode and on a
// phone; and no request anywhere but the site itself (the server's access log
// and the browser's own request events). Screenshots at 360 px and at desktop
// width go to artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { artifact, launch, newPage, ready, shareHash, startServer, TYPICAL } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

/** Opens the rules page (with an optional #fragment) and waits until the rules are drawn. */
async function openRules(opts = {}) {
  const { context, page } = await newPage(browser, { width: opts.width ?? 1280 });
  const offOrigin = [];
  page.on('request', (r) => { if (!r.url().startsWith(srv.url) && !/^(data|blob):/.test(r.url())) offOrigin.push(r.url()); });
  await page.goto(new URL(`rules.html${opts.hash ?? ''}`, srv.url).href);
  await page.locator('#rp-q').waitFor({ timeout: 15000 });
  return { context, page, offOrigin };
}

/** The ids of the city sections on screen. */
const shownCities = (page) => page.$$eval('section.rp-city', (s) => s.filter((x) => !x.hidden).map((x) => x.id));

async function axe(page, label) {
  await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(summary, [], `${label}: ${summary.join('\n')}`);
}

test('the rules page is served with no inline script or style, under the same strict policy', async () => {
  const res = await fetch(new URL('rules.html', srv.url));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-security-policy'), /default-src 'self'.*connect-src 'self'/);
  const text = await res.text();
  assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/i, 'inline script');
  assert.doesNotMatch(text, /<style|\sstyle=|\son[a-z]+=/i, 'inline style or handler');
  assert.doesNotMatch(text, /https?:\/\//i, 'an address elsewhere');
});

test('search by pinyin, Chinese and code narrows the page to the city, its region and arrangements', async () => {
  const { context, page, offOrigin } = await openRules();
  try {
    const all = await shownCities(page);
    assert.ok(all.length >= 15 && all.includes('nanjing') && all.includes('shanghai'), all.join());
    for (const q of ['nanjing', '南京', '320100']) {
      await page.fill('#rp-q', q);
      assert.deepEqual(await shownCities(page), ['nanjing'], q);
      assert.equal(await page.textContent('#rp-found'), '找到 1 个城市。', q);
      assert.ok(await page.isVisible('#regions\\/sunan'), q);
      assert.ok(await page.isVisible('#agreements\\/sunan_2025'), q);
      assert.ok(await page.isHidden('#regions\\/chengdu'), q);
      assert.ok(await page.isHidden('.rp-toc li[data-city="shanghai"]'), q);
    }
    // Initials and a region's name.
    await page.fill('#rp-q', 'nj');
    assert.ok((await shownCities(page)).includes('nanjing'));
    await page.fill('#rp-q', '苏南');
    assert.deepEqual((await shownCities(page)).sort(), ['changzhou', 'nanjing', 'suzhou', 'wuxi', 'zhenjiang']);
    await page.fill('#rp-q', 'zzzz');
    assert.deepEqual(await shownCities(page), []);
    assert.equal(await page.textContent('#rp-found'), '没有匹配的城市。');
    await page.click('#rp-clear');
    assert.deepEqual(await shownCities(page), all);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'rp-q');
    // What was typed in the search stays on the page: not in the address, not sent.
    assert.doesNotMatch(page.url(), /nanjing|zzzz|%E5%8D%97/);
    assert.deepEqual(offOrigin, []);
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('the page switches to English and back, and keeps the choice for the tab', async () => {
  const { context, page } = await openRules({ hash: '#nanjing' });
  try {
    assert.equal(await page.textContent('h1'), '落户规则一览');
    await page.fill('#rp-q', 'nanjing');
    await page.selectOption('#hy-lang', 'en');
    assert.equal(await page.textContent('h1'), 'The rules, city by city');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.title(), 'The rules, city by city');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'hy-lang');
    // The search survives the switch, now in English.
    assert.equal(await page.inputValue('#rp-q'), 'nanjing');
    assert.deepEqual(await shownCities(page), ['nanjing']);
    assert.equal(await page.textContent('#rp-found'), '1 city found.');
    const nj = await page.textContent('#nanjing');
    assert.match(nj, /Division code 320100/);
    assert.match(nj, /Confidence: /);
    assert.match(nj, /verified 2026-11-26/);
    assert.match(nj, /news report|third-party summary, not the document itself/);
    await page.reload();
    await page.locator('#rp-q').waitFor();
    assert.equal(await page.textContent('h1'), 'The rules, city by city');
    // Elderly mode: larger text, kept too.
    await page.click('#hy-elder');
    assert.equal(await page.getAttribute('#hy-elder', 'aria-pressed'), 'true');
    const size = await page.$eval('.hy.rp', (el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 24, `${size}`);
    await page.reload();
    await page.locator('#rp-q').waitFor();
    assert.ok(await page.$eval('.hy.rp', (el) => el.classList.contains('elder')));
    await page.selectOption('#hy-lang', 'zh');
    assert.equal(await page.textContent('h1'), '落户规则一览');
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('"how we know this" on a result card opens the route\'s entry, in the checker\'s language, carrying nothing typed', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: `${shareHash(TYPICAL)}&lang=en` });
  const offOrigin = [];
  page.on('request', (r) => { if (!r.url().startsWith(srv.url) && !/^(data|blob):/.test(r.url())) offOrigin.push(r.url()); });
  try {
    const card = page.locator('#hy-out article.card[data-key="nanjing:points"]');
    const link = card.locator('p.how a');
    assert.match(await link.textContent(), /^How we know this · Nanjing /);
    const href = await link.getAttribute('href');
    assert.equal(href, new URL('rules.html#nanjing/points', srv.url).href);
    const before = srv.requests().length;
    await link.click();
    await page.waitForURL(/rules\.html#nanjing\/points$/);
    await page.locator('#rp-q').waitFor();
    // The request for the rules page carries no history, no query, nothing typed.
    const asked = srv.requests().slice(before).map((r) => r.path);
    assert.ok(asked.includes('/rules.html'), asked.join());
    assert.ok(asked.every((p) => !p.includes('?') && !p.includes('#')), asked.join());
    // The route's entry is on screen and focused; the page speaks the checker's language.
    const target = page.locator('[id="nanjing/points-h"]');
    assert.ok(await target.isVisible());
    assert.equal(await page.evaluate(() => document.activeElement.id), 'nanjing/points-h');
    const top = await target.evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 100, `${top}`);
    assert.equal(await page.textContent('h1'), 'The rules, city by city');
    // Back to the checker: the history is still there.
    await page.goBack();
    await ready(page);
    assert.equal(await page.locator('#hy-rows > li').count(), 5, 'its seven periods, as five stays');
    assert.deepEqual(offOrigin, []);
  } finally { await context.close(); }
});

test('every city and route anchor leads to its entry; an earlier version\'s anchor unfolds it; a hidden one clears the search', async () => {
  const { context, page } = await openRules({ hash: '#nanjing/outer_districts@2021-02-19' });
  try {
    assert.ok(await page.$eval('[id="nanjing/outer_districts@2021-02-19"]', (el) => el.closest('details').open));
    const anchors = await page.$$eval('section.rp-city, section.rp-route', (s) => s.map((x) => x.id));
    assert.ok(anchors.includes('nanjing') && anchors.includes('nanjing/points') && anchors.includes('suzhou/points'), anchors.join());
    for (const id of ['suzhou', 'shanghai/residence_permit_transfer', 'agreements/sunan_2025', 'regions/changzhutan']) {
      await page.evaluate((h) => { location.hash = h; }, id);
      await page.waitForFunction((h) => document.activeElement && document.activeElement.id === `${h}-h`, id);
    }
    await page.fill('#rp-q', 'shanghai');
    await page.evaluate(() => { location.hash = 'nanjing/points'; });
    await page.waitForFunction(() => document.activeElement?.id === 'nanjing/points-h');
    assert.equal(await page.inputValue('#rp-q'), '');
    assert.ok(await page.isVisible('[id="nanjing/points-h"]'));
  } finally { await context.close(); }
});

test('axe: no WCAG 2.1 A/AA violations in Chinese, English, elderly mode and on a phone', async () => {
  for (const [label, opts] of [
    ['zh, desktop', {}],
    ['en, desktop', { lang: 'en' }],
    ['zh, elderly, phone 360px', { elder: true, width: 360 }],
    ['en, search narrowed, phone 360px', { lang: 'en', width: 360, query: '南京' }],
  ]) {
    const { context, page } = await openRules({ width: opts.width });
    try {
      if (opts.lang) await page.selectOption('#hy-lang', opts.lang);
      if (opts.elder) await page.click('#hy-elder');
      if (opts.query) await page.fill('#rp-q', opts.query);
      await axe(page, label);
    } finally { await context.close(); }
  }
});

test('keyboard: the language, elderly mode, search and every link are reachable with Tab, with a visible ring', async () => {
  const { context, page } = await openRules();
  try {
    const seen = new Set();
    const noRing = [];
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const cs = getComputedStyle(el);
        return { id: el.id || el.getAttribute('href') || el.textContent.trim().slice(0, 20), ring: (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none' };
      });
      if (!info) break;
      seen.add(info.id);
      if (!info.ring) noRing.push(info.id);
    }
    for (const id of ['hy-lang', 'hy-elder', './', 'rp-q', '#nanjing']) assert.ok(seen.has(id), `${id} not reachable: ${[...seen].join(' ')}`);
    assert.deepEqual(noRing, []);
  } finally { await context.close(); }
});

test('the page asks the site for its own four files and nothing else; screenshots at 360 px and desktop width', async () => {
  for (const [width, height, name] of [[360, 780, 'rules-page-360.png'], [1280, 900, 'rules-page-1280.png']]) {
    const before = srv.requests().length;
    const { context, page, offOrigin } = await openRules({ width });
    try {
      await page.waitForLoadState('networkidle');
      // Use it: search, switch language, open an earlier version, follow anchors.
      await page.fill('#rp-q', 'suzhou');
      await page.selectOption('#hy-lang', 'en');
      await page.click('#rp-clear');
      await page.evaluate(() => { location.hash = 'nanjing/points'; });
      await page.locator('details.rp-past > summary').first().click();
      await page.waitForLoadState('networkidle');
      const paths = srv.requests().slice(before).map((r) => r.path).sort();
      assert.deepEqual([...new Set(paths)], ['/rules-page.js', '/rules.css', '/rules.html', '/rules.json', '/style.css']);
      assert.deepEqual(offOrigin, []);
      await page.selectOption('#hy-lang', 'zh');
      await page.evaluate(() => { history.replaceState(null, '', location.pathname); scrollTo(0, 0); });
      await page.screenshot({ path: artifact(name), fullPage: false });
      await page.evaluate(() => { location.hash = 'nanjing/points'; });
      await page.waitForFunction(() => document.activeElement?.id === 'nanjing/points-h');
      await page.screenshot({ path: artifact(name.replace('.png', '-nanjing-points.png')) });
      assert.deepEqual(page.problems, []);
    } finally { await context.close(); }
  }
});
