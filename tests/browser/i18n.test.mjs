// Every string and every explanation code exists in every language: the step
// codes, statuses, reasons and error kinds come from the vocabulary generated
// from the Rust types (www/generated/vocabulary.json), so a new code in the
// engine fails here until the page can say it. And 繁體中文 as a person meets
// it: chosen from the menu (which asks for its words, once), kept across a
// reload and in a share link; a visitor loads the words of one language only,
// and the rules' texts of one language (繁體中文 reads the zh ones).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STRINGS, WORDS } from '../../www/i18n.js';
import { ROOT, startServer, launch, newPage, ready, shareHash, artifact, TYPICAL } from './helpers.mjs';

const ALL = WORDS;
const hant = WORDS['zh-Hant'];

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

/** The codes of one vocabulary, generated from the Rust types. */
const VOCABULARY = JSON.parse(readFileSync(join(ROOT, 'www/generated/vocabulary.json'), 'utf8'));
function variants(vocabulary) {
  assert.ok(VOCABULARY[vocabulary]?.length, `no vocabulary ${vocabulary}`);
  return VOCABULARY[vocabulary];
}

function keysDeep(o, prefix = '') {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keysDeep(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

test('every language has the same strings', () => {
  assert.deepEqual(keysDeep(STRINGS.en).sort(), keysDeep(STRINGS.zh).sort());
  // 繁體中文: the checker's words (the rules page speaks 简体中文 and English).
  assert.deepEqual(keysDeep(hant).sort(), keysDeep(WORDS.zh).sort());
});

const tables = [
  ['step', 'Step', 'step'],
  ['status', 'Status', 'status'],
  ['no_projection', 'NoProjection', 'no_projection'],
  ['partner_exclusion', 'PartnerExclusion', 'exclusion'],
  ['back_paid', 'BackPaid', 'back_paid_rule'],
  ['cutoff', 'Cutoff', 'cutoff_rule'],
  ['counting', 'Counting', 'counting'],
  ['confidence', 'Confidence', 'conf'],
  ['kind', 'Kind', 'kinds'],
  ['error_kind', 'ErrorKind', 'err'],
  ['route_reason', 'RouteReason', 'reason'],
];

for (const [vocabulary, name, table] of tables) {
  test(`every ${name} has words in every language`, () => {
    for (const lang of Object.keys(ALL)) {
      for (const code of variants(vocabulary)) {
        assert.ok(ALL[lang][table][code], `${lang}.${table}.${code} is missing`);
      }
    }
  });
}

test('every step renders to words with its own parameters', () => {
  const c = {
    city: (x) => `<${x}>`, cities: (a) => a.join('+'), agreement: (x) => `[${x}]`, kind: (k) => k,
    month: (m) => m, date: (d) => d, n: (n) => `${n}m`, ny: (n) => `${n}m`, conf: (x) => x,
    exclusion: (x) => x, backPaid: (x) => x, cutoffRule: (x) => x, noProjection: (x) => x, what: (w) => w, part: (x) => x,
    entries: (ix) => ix.map((i) => i + 1).join('+'),
  };
  const sample = {
    kind: 'residence', holding: 'social_insurance', city: 'wuxi', agreement: 'ag', months: 3, month: '2026-01',
    rule: 'counted', cap: 5, counted: 2, excluded: 1, reason: 'no_agreement', gap_from: '2020-01', gap_to: '2020-03',
    gap_months: 3, tolerance: 0, from: '2020-01', to: '2021-01', ratio: 0.5, before: 10, after: 5, required: 12,
    local: 4, met: false, missing: 8, eligible_from: '2027-01', what_if: true, route: 'points',
    effective_until: '2027-12-31', effective_from: '2021-01-01', first: 0, second: 1, date: '2026-11-26',
    first_effective: '2021-01-01', last_until: null, hukou_city: 'wuxi', allowed: ['changsha'], source_title: 'T',
    document_number: null, confidence: 'news', verified_on: '2026-11-26', records: [0, 2, 3], with: ['suzhou'], runs: 2,
    elsewhere: [{ city: 'nanjing', months: 2 }], assumed: 'local_minimum', pilot_until: '2027-09-10',
  };
  // A streak break partly elsewhere, wholly elsewhere, and nowhere else; an overlap with the same city only.
  const variantsOf = [sample, { ...sample, elsewhere: [{ city: 'nanjing', months: 3 }], with: [] }, { ...sample, elsewhere: [] }];
  for (const params of variantsOf) {
    for (const lang of Object.keys(ALL)) {
      for (const code of variants('step')) {
        const text = ALL[lang].step[code]({ code, ...params }, c);
        assert.equal(typeof text, 'string');
        assert.doesNotMatch(text, /undefined|\[object|NaN/, `${lang} ${code}: ${text}`);
      }
    }
  }
});

/** The page's own words in view: labels, buttons, headings, hints, notices (not data such as city names or sources). */
const ownWords = (page) => page.$$eval('label, button, legend, h1, h2, summary, .hint, .notice', (els) => els.map((e) => {
  const copy = e.cloneNode(true);
  copy.querySelectorAll('.vh, option').forEach((x) => x.remove());
  return copy.textContent;
}).join('\n'));

test('繁體中文 from the menu: the whole page, Hong Kong’s forms, its words asked for once; kept across a reload and in a share link', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL), width: 360, height: 780 });
  try {
    assert.deepEqual(await page.$$eval('#hy-lang option', (os) => os.map((o) => [o.value, o.textContent, o.lang])), [
      ['zh', '简体中文', 'zh-CN'], ['zh-Hant', '繁體中文', 'zh-HK'], ['en', 'English', 'en'],
    ]);
    // The rules' texts follow the first result; then the page is quiet.
    for (let i = 0; i < 50 && !srv.requests().some((r) => r.path === '/rules.zh.json'); i += 1) await page.waitForTimeout(100);
    await page.waitForLoadState('networkidle');
    const asked = srv.requests().length;
    await page.selectOption('#hy-lang', '繁體中文');
    await page.locator('h1:has-text("落户年限自測")').waitFor();
    assert.deepEqual(srv.requests().slice(asked).map((r) => r.path), ['/generated/zh-hant.js'], 'choosing 繁體中文 asks for its words');
    // Back and forth again: asked for once.
    await page.selectOption('#hy-lang', 'zh');
    await page.locator('h1:has-text("落户年限自测")').waitFor();
    await page.selectOption('#hy-lang', 'zh-Hant');
    await page.locator('h1:has-text("落户年限自測")').waitFor();
    assert.deepEqual(srv.requests().slice(asked).map((r) => r.path), ['/generated/zh-hant.js'], 'its words are asked for once');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-HK');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'hy-lang');
    const words = await ownWords(page);
    for (const w of ['我的記錄', '添加一條記錄', '這不是官方認定', '結果']) assert.ok(words.includes(w), w);
    // Not one simplified form of the page's own words is left (户 is Hong Kong's form).
    for (const w of ['记录', '结果', '这', '认定', '搜索', '条']) assert.ok(!words.includes(w), w);
    const card = page.locator('#hy-out article[data-key="nanjing:points"]');
    assert.match(await card.textContent(), /年限可能已滿足/);
    // The history is as it was.
    assert.equal(await page.locator('#hy-rows > li').count(), 5);
    await page.screenshot({ path: artifact('screenshots', 'hant-phone-top.png') });
    await page.locator('#hy-out article').first().scrollIntoViewIfNeeded();
    await page.waitForTimeout(300); // rows and cards off screen are laid out as they come near
    await page.screenshot({ path: artifact('screenshots', 'hant-phone-results.png') });
    // Kept across a reload.
    await page.reload();
    await ready(page);
    await page.locator('h1:has-text("落户年限自測")').waitFor();
    assert.equal(await page.inputValue('#hy-lang'), 'zh-Hant');
    // A share link carries it.
    await page.click('#hy-share');
    const link = await page.inputValue('#hy-share-url');
    assert.match(new URL(link).hash, /^#lang=zh-Hant&h=/);
    const other = await newPage(browser, { url: link });
    try {
      await other.page.locator('h1:has-text("落户年限自測")').waitFor();
      assert.equal(await other.page.inputValue('#hy-lang'), 'zh-Hant');
      assert.equal(await other.page.locator('#hy-rows > li').count(), 5);
    } finally { await other.context.close(); }
    // And back.
    await page.selectOption('#hy-lang', 'zh');
    await page.locator('h1:has-text("落户年限自测")').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('a 繁體中文 visitor asks for the same files as any other but the words, and sees 繁體中文 from the first result, in elderly mode too', async () => {
  const paths = async (hash, elder) => {
    const start = srv.requests().length;
    const { context, page } = await newPage(browser, { width: 360, height: 780 });
    try {
      await page.goto(srv.url + hash);
      await ready(page);
      const first = await page.locator('h1').innerText();
      if (elder) {
        await page.click('#hy-elder');
        await page.screenshot({ path: artifact('screenshots', 'hant-phone-elder-top.png') });
      }
      await page.waitForLoadState('networkidle');
      for (let i = 0; i < 50 && !srv.requests().slice(start).some((r) => r.path === '/rules.zh.json'); i += 1) await page.waitForTimeout(100);
      assert.deepEqual(page.problems, []);
      return { first, paths: srv.requests().slice(start).map((r) => r.path) };
    } finally { await context.close(); }
  };
  const zh = await paths('', false);
  const hk = await paths('#lang=zh-Hant', true);
  assert.equal(zh.first, '落户年限自测');
  assert.equal(hk.first, '落户年限自測');
  // The same files, but each language's own words; no other language's.
  const words = ['/strings/zh.js', '/strings/en.js', '/generated/zh-hant.js'];
  const others = (p) => p.filter((x) => !words.includes(x)).sort();
  assert.deepEqual(others(hk.paths), others(zh.paths));
  assert.deepEqual(zh.paths.filter((x) => words.includes(x)), ['/strings/zh.js']);
  assert.deepEqual(hk.paths.filter((x) => words.includes(x)), ['/generated/zh-hant.js']);
  // The words come with the engine and the rules, before the first result (the
  // rules' texts follow it).
  for (const [{ paths: p }, w] of [[zh, '/strings/zh.js'], [hk, '/generated/zh-hant.js']]) {
    assert.ok(p.indexOf(w) < p.indexOf('/rules.zh.json'), p.join(' '));
  }
});

test('the rules’ texts speak the page’s language: English ones asked for with the English words, once; 繁體中文 reads the zh ones', async () => {
  const bundle = await (await fetch(new URL('rules.json', srv.url))).json();
  const assumptions = (lang) => {
    const all = new Set();
    for (const { doc } of bundle.cities) for (const r of doc.routes) for (const v of r.versions) for (const x of v.assumptions) all.add(x[lang]);
    for (const { doc } of bundle.agreements) for (const v of doc.versions) for (const x of v.assumptions) all.add(x[lang]);
    return all;
  };
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    for (let i = 0; i < 50 && !srv.requests().some((r) => r.path === '/rules.zh.json'); i += 1) await page.waitForTimeout(100);
    await page.waitForLoadState('networkidle');
    // Every card's assumptions, opened as a person would.
    for (const s of await page.locator('#hy-out details.more > summary:visible').all()) await s.click();
    const shown = async (lang) => {
      const want = assumptions(lang);
      await page.waitForFunction((n) => document.querySelectorAll('#hy-out li.assume').length >= n, 1);
      const got = await page.locator('#hy-out li.assume').allTextContents();
      assert.ok(got.length >= 1, lang);
      assert.deepEqual(got.filter((x) => !want.has(x)), [], `${lang}: assumptions not in the bundle's ${lang} texts`);
      return got.length;
    };
    const zh = await shown('zh');
    const asked = srv.requests().length;
    await page.selectOption('#hy-lang', 'en');
    await page.locator('h1:has-text("Hukou")').waitFor();
    // The English texts come with the English words, or right after them.
    await page.waitForFunction((en) => [...document.querySelectorAll('#hy-out li.assume')].every((li) => en.includes(li.textContent)), [...assumptions('en')]);
    assert.equal(await shown('en'), zh);
    await page.selectOption('#hy-lang', 'zh-Hant');
    await page.locator('h1:has-text("落户年限自測")').waitFor();
    assert.equal(await shown('zh'), zh);
    await page.selectOption('#hy-lang', 'en');
    await page.locator('h1:has-text("Hukou")').waitFor();
    assert.equal(await shown('en'), zh);
    const after = srv.requests().slice(asked).map((r) => r.path);
    assert.deepEqual([...after.slice(0, 2)].sort(), ['/rules.en.json', '/strings/en.js'], after.join(' '));
    assert.deepEqual(after.slice(2), ['/generated/zh-hant.js'], after.join(' '));
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});
