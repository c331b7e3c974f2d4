// The page in real Chromium: a typical history gives the expected results on
// screen; save → load and share link → open round-trip exactly; language
// switch; elderly mode sizes; editing, reordering and what-if.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launch, newPage, ready, TYPICAL, shareHash } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

/** What the editor shows, stay by stay. */
async function editor(page) {
  return page.$$eval('#hy-rows > li', (rows) => rows.map((li) => {
    const v = (f) => li.querySelector(`[data-f="${f}"]`);
    return {
      city: v('city').dataset.city,
      kinds: [...li.querySelectorAll('[data-kind]')].filter((k) => k.checked).map((k) => k.dataset.kind),
      from: v('from').value,
      to: v('to').value,
      ongoing: v('ongoing').checked,
      back: v('back').checked ? `${v('backFrom').value}..${v('backTo').value}` : '',
    };
  }));
}

/** The periods of a history, in an order that does not depend on how they were grouped into stays. */
const periodsOf = (h) => h.periods.map((p) => JSON.stringify(p)).sort();

const card = (page, city, route) => page.locator(`#hy-out article.card[data-key="${city}:${route}"]`);

test('a Wuxi → Suzhou → Nanjing history gives the expected results on screen', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    // Seven periods, five stays: Suzhou's social insurance with its back-paid months is one, Nanjing's two kinds are one.
    assert.deepEqual(await editor(page), [
      { city: 'wuxi', kinds: ['social_insurance'], from: '2018-03', to: '2020-02', ongoing: false, back: '' },
      { city: 'wuxi', kinds: ['residence'], from: '2018-05', to: '2020-02', ongoing: false, back: '' },
      { city: 'suzhou', kinds: ['social_insurance'], from: '2020-03', to: '2023-12', ongoing: false, back: '2020-03..2020-05' },
      { city: 'suzhou', kinds: ['residence'], from: '2020-04', to: '2023-12', ongoing: false, back: '' },
      { city: 'nanjing', kinds: ['social_insurance', 'residence'], from: '2024-04', to: '', ongoing: true, back: '' },
    ]);
    // Nanjing's points route: 32 local months + Suzhou 46 (3 back-paid) + Wuxi 24 through the agreements.
    // Met, but the 12 months of the 2022 measures are an assumption (their conditions could not be
    // read), and the card says so in its headline and names the parts.
    const nj = card(page, 'nanjing', 'points');
    await nj.waitFor();
    const text = await nj.textContent();
    assert.match(text, /年限可能已满足（基于未经核实的假设）/);
    assert.match(text, /“要求的月数”是未经核实的假设/);
    assert.match(text, /已计 102 个月/);
    assert.match(text, /本地 32 个月/);
    assert.match(text, /苏州市 46 个月/);
    assert.match(text, /无锡市 24 个月/);
    // Weak sources are flagged in words, not colour alone.
    assert.match(text, /⚠ 注意/);
    assert.match(text, /来源可信度/);
    assert.match(text, /核实/);
    // What the person can do first comes first: the met group; routes that need
    // no years come next, apart from the year verdicts, saying what they need.
    const groups = await page.$$eval('#hy-out > .group', (g) => g.map((x) => x.className));
    assert.match(groups[0], /g-now/);
    assert.match(groups[1], /g-free/);
    const firstKeys = await page.$$eval('#hy-out .g-now article', (a) => a.map((x) => x.dataset.key));
    assert.ok(firstKeys.includes('nanjing:points'), firstKeys.join());
    const free = page.locator('#hy-out .g-free article[data-key="wuxi:open"]');
    assert.match(await free.textContent(), /有合法稳定就业或住所即可，不需要年限/);
    // Unchecked conditions are listed.
    assert.match(text, /本工具没有核对的其他条件/);
    // Step by step explanation, rendered in words from every step (built when the card's explanation opens).
    assert.equal(await nj.locator('details.explain:not(.more) li').count(), 0, 'a closed explanation holds its summary only');
    await nj.locator('details.explain:not(.more) summary').click();
    await nj.locator('details.explain:not(.more)[open] li').first().waitFor();
    const steps = await nj.locator('details.explain:not(.more) li').allTextContents();
    assert.ok(steps.length >= 4, steps.join('\n'));
    for (const s of steps) assert.doesNotMatch(s, /^[a-z_]+$/, `untranslated step ${s}`);
    assert.ok(steps.some((s) => s.includes('苏州市') && s.includes('46 个月')), steps.join('\n'));
    // Suzhou's route is not met, and says why there is no projection.
    const sz = await card(page, 'suzhou', 'points').textContent();
    assert.match(sz, /年限还不够/);
    assert.match(sz, /无法推算/);
    // The timeline has a lane per city and marks the break.
    await page.locator('#hy-tl svg.timeline').waitFor();
    const lanes = await page.$$eval('#hy-tl svg.timeline text.lbl', (t) => t.map((x) => x.textContent));
    assert.deepEqual(lanes, ['无锡市', '苏州市', '南京市']);
    assert.ok(await page.locator('#hy-tl rect.gap').count() >= 1);
    assert.ok(await page.locator('#hy-tl line.today').count() === 1);
    assert.match(await page.locator('#hy-version').innerText(), /规则版本 \d{4}-\d{2}-\d{2}\./);
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('a history that names its cities in Chinese, anywhere in China, is checked', async () => {
  const history = {
    version: 1,
    hukou_city: '衡阳',
    periods: [
      { city: '武汉市', kind: 'social_insurance', from: '2019-01', to: '2023-12' },
      { city: '宿州', kind: 'residence', from: '2020-01', to: '2020-06' },
      { city: '长沙', kind: 'social_insurance', from: '2024-01', to: null },
    ],
  };
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(history) });
  try {
    // Kept as the file names them (a saved file comes back the same), shown by the page's names.
    assert.deepEqual((await editor(page)).map((r) => r.city), ['武汉市', '宿州', '长沙']);
    assert.deepEqual(await page.$$eval('#hy-rows [data-f=city]', (els) => els.map((e) => e.value)), ['武汉市', '宿州市', '长沙市']);
    assert.equal(await page.inputValue('#hy-hukou'), '衡阳市');
    // 衡阳 is not one of the three cities of the 长株潭 transfer.
    const cs = card(page, 'changsha', 'three_city_transfer');
    await cs.waitFor({ state: 'attached' });
    // Its explanation says so: opened as a person would (the group of routes that do not apply, then the card's).
    await page.locator('#hy-out details.g-other > summary').click();
    await cs.locator('details.explain:not(.more) > summary').click();
    await cs.locator('details.explain:not(.more)[open] li').first().waitFor();
    assert.match(await cs.textContent(), /衡阳市/);
    await page.locator('#hy-tl svg.timeline').waitFor();
    const lanes = await page.$$eval('#hy-tl svg.timeline text.lbl', (t) => t.map((x) => x.textContent));
    assert.deepEqual(lanes, ['武汉市', '宿州市', '长沙市']);
    // In English, a name two cities share comes with the province.
    await page.selectOption('#hy-lang', 'en');
    await page.locator('#hy-tl svg.timeline text.lbl', { hasText: 'Wuhan' }).waitFor();
    const en = await page.$$eval('#hy-tl svg.timeline text.lbl', (t) => t.map((x) => x.textContent));
    assert.deepEqual(en, ['Wuhan', 'Suzhou (Anhui)', 'Changsha']);
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('typing a history gives instant results, without a button', async () => {
  const { context, page } = await newPage(browser, { url: srv.url });
  try {
    const row = page.locator('#hy-rows > li').first();
    const city = row.locator('[data-f=city]');
    const pick = async (q) => { await city.fill(q); await city.press('Enter'); return city.getAttribute('data-city'); };
    assert.equal(await pick('nanj'), 'nanjing');
    await row.locator('[data-f=from]').fill('2026-03');
    await card(page, 'nanjing', 'outer_districts').waitFor();
    assert.match(await card(page, 'nanjing', 'outer_districts').textContent(), /社保（累计）：已计 9 个月，需要 6 个月/);
    // Search by code and by Chinese name too.
    assert.equal(await pick('320500'), 'suzhou');
    assert.equal(await pick('无锡'), 'wuxi');
    assert.equal(await pick('nj'), 'nanjing'); // pinyin initials
    assert.equal(await pick('苏'), 'suzhou'); // a name before a province (江苏)
    await city.fill('江苏'); // a province lists its cities
    const listed = await row.locator('[role=option]').count();
    assert.ok(listed >= 5, `${listed} cities for 江苏`);
    await city.press('Escape');
    await city.press('Escape');
    // Add, reorder, remove and undo.
    await page.click('#hy-add');
    await page.locator('#hy-rows > li').nth(1).locator('[data-f=city]').fill('常州');
    await page.locator('#hy-rows > li').nth(1).locator('[data-f=from]').fill('2020-01');
    await page.locator('#hy-rows > li').nth(1).locator('[data-act=up]').click();
    assert.deepEqual((await editor(page)).map((r) => r.city), ['changzhou', 'suzhou']);
    await page.locator('#hy-rows > li').nth(0).locator('[data-act=remove]').click();
    assert.deepEqual((await editor(page)).map((r) => r.city), ['suzhou']);
    await page.click('#hy-undo');
    assert.deepEqual((await editor(page)).map((r) => r.city), ['changzhou', 'suzhou']);
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('an edit keeps the cards it does not change: the same elements, their open explanations and the focus in them', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    const nanjing = card(page, 'nanjing', 'points');
    await nanjing.locator('details.explain:not(.more) summary').click();
    assert.equal(await nanjing.locator('details.explain:not(.more)').getAttribute('open'), '');
    await page.evaluate(() => { document.querySelector('#hy-out article.card[data-key="nanjing:points"]').dataset.mark = 'kept'; });
    // The elderly mode checks again (its own button, pressed without moving the
    // focus) and changes no card.
    await page.evaluate(() => document.querySelector('#hy-elder').click());
    assert.equal(await page.locator('#hy-elder').getAttribute('aria-pressed'), 'true');
    assert.equal(await nanjing.getAttribute('data-mark'), 'kept', 'the card is the same element');
    assert.equal(await page.evaluate(() => document.activeElement.closest('article.card')?.dataset.key), 'nanjing:points', 'the focus stays in it');
    // An edit that changes the card draws it anew, and the explanation stays open.
    await page.locator('#hy-rows > li').last().locator('input[data-f="to"]').fill('2025-06');
    await page.locator('#hy-rows > li').last().locator('input[data-f="to"]').press('Tab');
    await page.waitForFunction(() => !document.querySelector('#hy-out article.card[data-key="nanjing:points"]')?.dataset.mark);
    assert.equal(await nanjing.locator('details.explain:not(.more)').getAttribute('open'), '');
  } finally { await context.close(); }
});

test('what-if: "if I keep contributing in Suzhou from next month"', async () => {
  const history = { version: 1, periods: [{ city: 'suzhou', kind: 'social_insurance', from: '2024-01', to: '2026-06' }] };
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(history) });
  try {
    await page.check('#hy-wi-on');
    await page.fill('#hy-wi-city', '南京');
    await page.fill('#hy-wi-from', '2027.1');
    await page.locator('#hy-out .wi-note').waitFor();
    assert.match(await page.locator('#hy-out .wi-note').textContent(), /南京市/);
    await page.locator('#hy-tl rect.wi').first().waitFor({ state: 'attached' });
    const when = await page.locator('#hy-out .when').allTextContents();
    assert.ok(when.some((w) => /按假设/.test(w)), when.join('\n'));
  } finally { await context.close(); }
});

test('save to a file and load it back: the same history, exactly', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    const before = await editor(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#hy-save')]);
    const file = await download.path();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    // The same periods (grouped into stays, Suzhou's back-paid months now come first).
    assert.deepEqual(periodsOf(saved), periodsOf(TYPICAL));
    assert.match(download.suggestedFilename(), /^hukou-years-2026-11-26\.json$/);
    // Change everything, then load the file.
    while (await page.locator('#hy-rows [data-act=remove]').count() > 1) await page.locator('#hy-rows [data-act=remove]').first().click();
    assert.equal((await editor(page)).length, 1);
    await page.setInputFiles('#hy-file', file);
    await page.click('#hy-ask-yes'); // the form holds a row: asked first
    await page.locator('#hy-file-ok:has-text("已读取")').waitFor();
    assert.deepEqual(await editor(page), before);
  } finally { await context.close(); }
});

test('share link → open: the same history, in the #fragment only', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    const before = await editor(page);
    await page.click('#hy-share');
    const link = await page.inputValue('#hy-share-url');
    const url = new URL(link);
    assert.equal(url.search, '', 'nothing in the query string');
    assert.match(url.hash, /^#h=[A-Za-z0-9_-]+$/);
    const other = await newPage(browser, { url: link });
    try {
      assert.deepEqual(await editor(other.page), before);
      // Opening the link removes the history from the address bar.
      assert.equal(await other.page.evaluate(() => location.hash), '');
    } finally { await other.context.close(); }
    // The link came from the fragment: the server never saw the history.
    assert.ok(srv.requests().every((r) => !r.path.includes('h=')));
  } finally { await context.close(); }
});

test('language switch: everything in English, and back', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    await page.selectOption('#hy-lang', 'en');
    await page.locator('h1:has-text("Hukou years self-check")').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    const text = await card(page, 'nanjing', 'points').textContent();
    assert.match(text, /Years probably met \(on an unverified assumption\)/);
    assert.match(text, /102 months counted/);
    assert.match(text, /Suzhou \(Jiangsu\) 46 months/);
    // The typed history is untouched.
    assert.equal((await editor(page)).length, 5);
    // A card's explanation and its agreements and assumptions, opened as a person would (built as they open).
    const nj = page.locator('#hy-out article[data-key="nanjing:points"]');
    for (const d of ['details.explain:not(.more)', 'details.more']) {
      await nj.locator(`${d} > summary`).click();
      await nj.locator(`${d}[open] li`).first().waitFor();
    }
    // No Chinese left in the page's own words (data such as source titles may be Chinese).
    const own = await page.$$eval('label, button, legend, h1, h2, h3, summary, .hint, .notice, .badge, .lbl', (els) => els.map((e) => {
      const copy = e.cloneNode(true);
      copy.querySelectorAll('.vh, option').forEach((x) => x.remove()); // hidden context names data (route names)
      return copy.textContent;
    }));
    // The only Chinese in the page's own English words: the language's own name, and 补缴 and 缴费明细, kept as
    // the terms of art the person will see in their social-insurance app.
    const chinese = own.filter((s) => /[\u4e00-\u9fff]/.test(s.replace(/简体中文|补缴|缴费明细/g, '')));
    assert.deepEqual(chinese, []);
    // Every step of the explanation in English words.
    const steps = await nj.locator('details.explain:not(.more) li').allTextContents();
    assert.ok(steps.length >= 4, steps.join('\n'));
    for (const s of steps) assert.doesNotMatch(s, /^[a-z_]+$/);
    await page.selectOption('#hy-lang', 'zh');
    await page.locator('h1:has-text("落户年限自测")').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  } finally { await context.close(); }
});

test('elderly mode: ≥ 18pt text, line spacing ≥ 1.3, targets ≥ 60×60', async () => {
  const { context, page } = await newPage(browser, { width: 1280, url: srv.url, hash: shareHash(TYPICAL) });
  try {
    await page.click('#hy-elder');
    assert.equal(await page.getAttribute('#hy-elder', 'aria-pressed'), 'true');
    const sizes = await page.evaluate(async () => {
      const root = document.querySelector('.hy');
      // Measure everything, not only what content-visibility: auto has rendered so far.
      root.querySelectorAll('.card').forEach((e) => { e.style.contentVisibility = 'visible'; });
      root.querySelectorAll('details').forEach((d) => { d.open = true; });
      // A card's explanation lists are built as they open (the toggle event).
      const built = () => [...root.querySelectorAll('details.explain')].every((d) => d.childElementCount > 1);
      for (let i = 0; i < 100 && !built(); i += 1) await new Promise((r) => setTimeout(r, 20));
      const out = { text: [], small: [] };
      for (const el of root.querySelectorAll('p, li, label, summary, h4, legend')) {
        if (!el.offsetParent || el.closest('.vh, .receipt, svg')) continue;
        const cs = getComputedStyle(el);
        const fs = parseFloat(cs.fontSize);
        const lh = cs.lineHeight === 'normal' ? fs * 1.2 : parseFloat(cs.lineHeight);
        out.text.push([fs, lh / fs, el.tagName, el.textContent.slice(0, 30)]);
      }
      for (const el of root.querySelectorAll('button, select, input:not([type=checkbox]), summary, label.check')) {
        if (!el.offsetParent || el.closest('.vh')) continue;
        const r = el.getBoundingClientRect();
        if (r.width < 60 || r.height < 60) out.small.push([el.tagName, el.id || el.className, Math.round(r.width), Math.round(r.height)]);
      }
      return out;
    });
    const tooSmall = sizes.text.filter(([fs]) => fs < 24);
    assert.deepEqual(tooSmall, [], 'main text ≥ 18pt (24px)');
    const tight = sizes.text.filter(([, lh]) => lh < 1.3);
    assert.deepEqual(tight, [], 'line spacing ≥ 1.3');
    assert.deepEqual(sizes.small, [], 'targets ≥ 60×60');
  } finally { await context.close(); }
});

test('remember on this device is opt-in, and forget removes it', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing stored without asking');
    await page.check('#hy-remember');
    assert.equal(await page.evaluate(() => localStorage.length), 1);
    await page.reload();
    await ready(page);
    assert.equal((await editor(page)).length, 5);
    assert.ok(await page.isChecked('#hy-remember'));
    await page.click('#hy-forget');
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    assert.equal(await page.evaluate(() => document.cookie), '');
  } finally { await context.close(); }
});

test('print stylesheet: a receipt with the history, results, rules version and sources', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.editor').isVisible(), false);
    // The receipt is later.js's, and its sources are the rules' texts: both follow the first result.
    await page.locator('#hy-receipt h3 + ul li').first().waitFor();
    const receipt = await page.locator('#hy-receipt').innerText();
    assert.match(receipt, /落户年限自测回执/);
    assert.match(receipt, /规则版本/);
    assert.match(receipt, /不是官方认定/);
    assert.equal(await page.locator('#hy-receipt tbody tr').count(), 5, 'one line per stay');
    assert.match(await page.locator('#hy-receipt tbody tr').nth(4).innerText(), /南京市\s+社保 \+ 居住证\s+2024-04\s+至今/);
    assert.ok(await page.locator('#hy-receipt h3 + ul li').count() >= 1, 'sources listed');
    assert.ok(await page.locator('#hy-out .card').first().isVisible());
  } finally { await context.close(); }
});

test('before later.js comes, the first screen is whole; what it draws appears when it comes, and a control pressed before waits for it', async () => {
  const { context, page } = await newPage(browser);
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/later.js', async (route) => { await held; await route.continue(); });
  try {
    await page.goto(srv.url + shareHash(TYPICAL));
    await ready(page);
    // The first screen from main.js alone: the answers' question, the editor, every card.
    assert.equal(await page.locator('#hy-rows > li').count(), 5);
    assert.ok(await page.locator('#hy-out .card').count() > 5);
    assert.match(await page.locator('#hy-brief-text').innerText(), /\S/);
    // Not yet: the timeline and the receipt.
    assert.equal(await page.locator('#hy-tl').innerHTML(), '');
    assert.equal(await page.locator('#hy-receipt').innerHTML(), '');
    // Pressed and typed before it comes: save, paste.
    const download = page.waitForEvent('download');
    await page.click('#hy-save');
    await page.locator('#hy-paste-box > summary').click();
    await page.fill('#hy-paste', '2019-01 2019-06 无锡 社保');
    await page.waitForTimeout(400);
    assert.equal(await page.locator('#hy-paste-out').innerHTML(), '');
    release();
    await page.locator('#hy-tl svg.timeline').waitFor();
    await page.locator('#hy-receipt h2').waitFor({ state: 'attached' }); // shown in print only
    assert.deepEqual(periodsOf(JSON.parse(readFileSync(await (await download).path(), 'utf8'))), periodsOf(TYPICAL));
    await page.locator('#hy-paste-said').filter({ hasText: '读到 1 段' }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('without WebAssembly, a clear message instead of a broken page', async () => {
  const { context, page } = await newPage(browser);
  try {
    await page.addInitScript(() => { delete window.WebAssembly; });
    await page.goto(srv.url);
    await page.locator('.fatal[role=alert]').waitFor();
    assert.match(await page.locator('.fatal').innerText(), /不支持 WebAssembly/);
  } finally { await context.close(); }
});

test('each kind of answer shows on screen: the hukou city, a city without rules, a verdict resting on an assumption, a route that needs no years', async () => {
  const history = {
    version: 1,
    hukou_city: 'xiangtan',
    periods: [
      { city: 'suzhou', kind: 'social_insurance', from: '2022-01', to: '2026-11' },
      { city: 'tianjin', kind: 'residence', from: '2019-01', to: '2019-12' },
    ],
  };
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(history) });
  try {
    await card(page, 'nanjing', 'points').waitFor();
    // The hukou city: already registered, not a verdict on years.
    assert.match(await page.locator('#hy-out .registered').textContent(), /湘潭市.*你的户籍已经在这里/);
    assert.equal(await card(page, 'xiangtan', 'three_city_transfer').count(), 0);
    // A city of the history without rules (Tianjin, outside the pilots)
    // answers in one line, with its region.
    const none = page.locator('#hy-out details.g-none');
    await none.locator('summary').click();
    assert.match(await none.locator('li[data-city="tianjin"]').textContent(), /天津市.*暂未收录这座城市的落户规则（属于.*其他城市/);
    // 59 Suzhou months and none in Nanjing: the headline says it rests on assumptions.
    const nj = await card(page, 'nanjing', 'points').textContent();
    assert.match(nj, /年限可能已满足（基于未经核实的假设）/);
    assert.match(nj, /这个结论依据的未经核实的部分：.*外地月份是否计入/);
    // Owning a home: no years needed, apart from the year verdicts.
    const home = page.locator('#hy-out .g-free article[data-key="nanjing:home_ownership"]');
    assert.match(await home.textContent(), /在这里有合法产权住房即可，不需要社保或居住年限/);
    // The same in English.
    await page.selectOption('#hy-lang', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.match(await card(page, 'nanjing', 'points').textContent(), /Years probably met \(on an unverified assumption\)/);
    assert.match(await page.locator('#hy-out .registered').textContent(), /Your hukou is already here/);
    await page.screenshot({ path: 'target/screenshots/answers.png', fullPage: true });
  } finally {
    await context.close();
  }
});
