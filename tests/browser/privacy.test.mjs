// Privacy you can verify: after the page has loaded, using every feature makes
// no request but the words and the rules' texts of a language the person
// chooses. The ground truth is the static server's access log, not the
// browser's own events (which miss, for instance, the favicon fetch).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launch, newPage, shareHash, TYPICAL } from './helpers.mjs';
import { textsIn } from '../../www/ruletext.js';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

test('the page sends its security headers and sets no cookie', async () => {
  const res = await fetch(srv.url);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.match(csp, /style-src 'self'(;|$)/);
  assert.match(csp, /connect-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|https?:/);
  assert.equal(res.headers.get('set-cookie'), null);
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  const wasm = await fetch(new URL('pkg/hukou_years_bg.wasm', srv.url));
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const js = await fetch(new URL('main.js', srv.url));
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
});

test('no inline scripts or styles in the served pages', async () => {
  for (const page of ['', 'demo/news.html', 'demo/gov.html']) {
    const html = await (await fetch(new URL(page, srv.url))).text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, `${page}: inline script`);
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, `${page}: inline style or handler`);
  }
});

test('using every feature after load makes no request but the words and the rules’ texts of a language chosen', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  const offOrigin = [];
  page.on('request', (r) => { if (!r.url().startsWith(srv.url) && !/^(data|blob):/.test(r.url())) offOrigin.push(r.url()); });
  try {
    await page.waitForLoadState('networkidle');
    // later.js and the rules' texts in the page's language follow the first result, whatever the page shows.
    const followed = () => ['/later.js', '/rules.zh.json'].every((f) => srv.requests().some((r) => r.path === f));
    for (let i = 0; i < 50 && !followed(); i += 1) await page.waitForTimeout(100);
    await page.waitForLoadState('networkidle');
    const loaded = srv.requests().length;
    const paths = srv.requests().map((r) => r.path);
    assert.ok(paths.some((p) => p.endsWith('.wasm')) && paths.some((p) => p.endsWith('rules.bin')));
    assert.ok(paths.includes('/rules.zh.json'), 'the texts follow the first result');
    assert.ok(!paths.includes('/rules.json') && !paths.includes('/rules.en.json'), 'the texts of the page’s language only');
    assert.ok(paths.some((p) => p.endsWith('later.js')), 'later.js follows the first result');

    const row = (i) => page.locator('#hy-rows > li').nth(i);
    // Edit, search, add, reorder, remove, undo.
    await row(0).locator('[data-f=city]').fill('suz');
    await row(0).locator('[data-f=city]').press('ArrowDown');
    await row(0).locator('[data-f=city]').press('Enter');
    await row(0).locator('[data-f=from]').fill('2018.4');
    await row(1).locator('[data-f=ongoing]').check();
    await row(0).locator('[data-f=back]').check();
    await row(0).locator('[data-f=backFrom]').fill('2018-05');
    await row(0).locator('[data-f=backTo]').fill('2018-06');
    await row(0).locator('[data-f=back]').uncheck();
    await page.click('#hy-add');
    await row(5).locator('[data-f=city]').fill('常州');
    await row(5).locator('[data-kind=residence]').check();
    await row(5).locator('[data-kind=social_insurance]').uncheck();
    await row(5).locator('[data-f=from]').fill('2019-01');
    await row(5).locator('[data-act=up]').click();
    await row(2).locator('[data-act=down]').click();
    await row(3).locator('[data-act=remove]').click();
    await page.click('#hy-undo');
    await page.fill('#hy-hukou', '南京');
    // Paste to import: read, add, undo.
    await page.locator('#hy-paste-box > summary').click();
    await page.fill('#hy-paste', '2019-01 无锡 正常缴费\n2019-02 无锡 补缴\n2020-01 2020-06 苏州 社保');
    await page.click('#hy-paste-add');
    await page.click('#hy-undo');
    // Bad input and its messages.
    await row(0).locator('[data-f=from]').fill('2030-01');
    await row(0).locator('[data-f=from]').fill('2018-04');
    // Results: expand explanations and sources.
    for (const s of await page.locator('#hy-out details > summary').all()) await s.click();
    // What-if.
    await page.check('#hy-wi-on');
    await page.fill('#hy-wi-city', '南京');
    await page.fill('#hy-wi-from', '2027-06');
    await page.locator('#hy-wi-k-residence').uncheck();
    // Language, elderly mode.
    await page.selectOption('#hy-lang', 'en');
    await page.click('#hy-elder');
    await page.click('#hy-elder');
    await page.selectOption('#hy-lang', 'zh-Hant');
    await page.locator('h1:has-text("落户年限自測")').waitFor();
    await page.selectOption('#hy-lang', 'zh');
    // Save, load (good and bad files), share, open the link in place.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#hy-save')]);
    const saved = await download.path();
    const dir = mkdtempSync(join(tmpdir(), 'hy-priv-'));
    writeFileSync(join(dir, 'bad.json'), '{');
    await page.setInputFiles('#hy-file', join(dir, 'bad.json'));
    await page.setInputFiles('#hy-file', saved);
    await page.click('#hy-ask-no');
    await page.setInputFiles('#hy-file', saved);
    await page.click('#hy-ask-yes');
    await page.click('#hy-swap-undo');
    await page.click('#hy-swap-undo');
    await page.click('#hy-share');
    const link = await page.inputValue('#hy-share-url');
    await page.evaluate((h) => { location.hash = h; }, new URL(link).hash);
    await page.click('#hy-ask-yes');
    await page.locator('#hy-file-ok:has-text("已读取")').waitFor();
    // Example, remember, forget, print.
    await page.click('#hy-example');
    await page.click('#hy-ask-yes');
    await page.check('#hy-remember');
    await page.uncheck('#hy-remember');
    await page.check('#hy-remember');
    await page.click('#hy-forget');
    await page.emulateMedia({ media: 'print' });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 360, height: 800 });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForTimeout(500);

    // The only requests a feature may make after load: the words of a language
    // the person chooses and the rules' texts in it, once each, together
    // (简体中文's came with the page; 繁體中文 reads the zh texts). Which ones
    // depends on the languages chosen alone, never on anything typed.
    const after = srv.requests().slice(loaded).map((r) => r.path);
    assert.deepEqual([...after.slice(0, 2)].sort(), ['/rules.en.json', '/strings/en.js'], `requests after load: ${after.join(', ')}`);
    assert.deepEqual(after.slice(2), ['/generated/zh-hant.js'], `requests after load: ${after.join(', ')}`);
    assert.deepEqual(offOrigin, []);
    assert.equal(await page.evaluate(() => document.cookie), '');
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('the first visit asks only for the page’s own files', async () => {
  const start = srv.requests().length;
  const { context, page } = await newPage(browser, { url: srv.url });
  try {
    // later.js and the texts are asked for only after the first result has
    // been painted, which on a busy machine can come after a quiet
    // half-second: wait for both (up to 10 s; the list below fails if they
    // never come), then for quiet.
    const asked = () => ['/later.js', '/rules.zh.json'].every((f) => srv.requests().slice(start).some((r) => r.path === f));
    for (let waited = 0; !asked() && waited < 10000; waited += 50) await page.waitForTimeout(50);
    await page.waitForLoadState('networkidle');
    const paths = srv.requests().slice(start).map((r) => r.path).sort();
    // The built site: one bundled script, the module, the rules, the styles, the
    // words of the page's language, and after the first result later.js (what
    // the first result does not need) and the rules' texts in the page's
    // language — for every visitor who reads that language alike.
    assert.deepEqual(paths, ['/', '/later.js', '/main.js', '/pkg/hukou_years_bg.wasm', '/rules.bin', '/rules.zh.json', '/strings/zh.js', '/style.css']);
  } finally { await context.close(); }
});

test('an English visitor asks for the English words and texts, and a 繁體中文 one for the zh texts', async () => {
  for (const [hash, words, texts] of [['#lang=en', '/strings/en.js', '/rules.en.json'], ['#lang=zh-Hant', '/generated/zh-hant.js', '/rules.zh.json']]) {
    const start = srv.requests().length;
    const { context, page } = await newPage(browser, { url: srv.url, hash });
    try {
      const asked = () => ['/later.js', texts].every((f) => srv.requests().slice(start).some((r) => r.path === f));
      for (let waited = 0; !asked() && waited < 10000; waited += 50) await page.waitForTimeout(50);
      await page.waitForLoadState('networkidle');
      const paths = srv.requests().slice(start).map((r) => r.path).sort();
      assert.deepEqual(paths, ['/', '/later.js', '/main.js', '/pkg/hukou_years_bg.wasm', '/rules.bin', texts, words, '/style.css'].sort(), hash);
      assert.deepEqual(page.problems, []);
    } finally { await context.close(); }
  }
});

test('the texts of each language are those of the bundle in that language, and nothing of the other', async () => {
  const get = async (f) => (await fetch(new URL(f, srv.url))).json();
  const bundle = await get('rules.json');
  for (const [lang, other] of [['zh', 'en'], ['en', 'zh']]) {
    const texts = await get(`rules.${lang}.json`);
    // Made from the served bundle at build time: the same as making them now.
    assert.deepEqual(texts, textsIn(bundle, lang), lang);
    assert.equal(texts.rules_version, bundle.rules_version);
    // Every text of the bundle the checker shows is there in this language, none in the other.
    const mine = new Set();
    const others = new Set();
    const walk = (v) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        if (typeof v[lang] === 'string') mine.add(v[lang]);
        if (typeof v[other] === 'string') others.add(v[other]);
        Object.values(v).forEach(walk);
      }
    };
    walk(texts);
    const shown = (v) => [v.assumptions, v.unchecked, v.unknown, v.points?.depends_on, v.points?.not_assessed, v.points?.context.map((c) => c.label)];
    let count = 0;
    for (const { doc } of bundle.cities) {
      for (const r of doc.routes) {
        for (const v of r.versions) {
          const key = `${doc.city}/${r.id}/${v.effective_from}`;
          const t = texts.routes[key];
          assert.ok(t, key);
          assert.deepEqual(t.sources.map((i) => texts.sources[i]), v.sources, key);
          const want = [];
          const collect = (x) => { if (Array.isArray(x)) x.forEach(collect); else if (x && typeof x === 'object') { if (typeof x[lang] === 'string') want.push(x[lang]); Object.values(x).forEach(collect); } };
          collect(shown(v));
          for (const w of want) { assert.ok(mine.has(w), `${key}: ${w}`); count += 1; }
        }
      }
    }
    for (const { doc } of bundle.agreements) {
      for (const v of doc.versions) {
        const t = texts.agreements[`${doc.id}/${v.effective_from}`];
        assert.deepEqual(t.sources.map((i) => texts.sources[i]), v.sources, doc.id);
        assert.deepEqual(t.assumptions.map((x) => x[lang]), v.assumptions.map((x) => x[lang]), doc.id);
      }
    }
    assert.ok(count > 100, `${lang}: only ${count} texts`);
    assert.deepEqual([...others], [], `${lang}: texts of the other language`);
    assert.ok(!('gazetteer' in texts) && !('cities' in texts), `${lang}: nothing but the texts`);
  }
});
