// Nothing the person typed is lost: across a reload of the tab (sessionStorage,
// by default), a language switch, an elderly-mode switch, a refused file and a
// refused link; the example, a file and a link ask before replacing what the
// form holds, and every replacement can be undone (and redone); "remember on
// this device" (localStorage) is opt-in, a share link never overwrites it, and
// "forget" leaves no key in either storage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, launch, newPage, ready, shareHash, artifact, TYPICAL } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

/** Every field of the form, as the person sees it: hukou city, each row, the what-if. */
async function form(page) {
  return page.evaluate(() => {
    // A city field keeps its city (data-city); the name it shows follows the language.
    const v = (el) => (el.type === 'checkbox' ? el.checked : el.dataset.city ?? el.value);
    return {
      hukou: v(document.querySelector('#hy-hukou')),
      rows: [...document.querySelectorAll('#hy-rows > li')].map((li) => [...li.querySelectorAll('[data-f]')].map(v)),
      whatIf: ['#hy-wi-on', '#hy-wi-city', '#hy-wi-from', '#hy-wi-k-social_insurance', '#hy-wi-k-residence'].map((s) => v(document.querySelector(s))),
    };
  });
}

/** Every key and value the page keeps in either storage. */
const storage = (page) => page.evaluate(() => ({ session: { ...sessionStorage }, local: { ...localStorage } }));
const stored = async (page, which) => JSON.parse((await storage(page))[which]['hukou-years:v1'] ?? 'null');
const row = (page, i) => page.locator('#hy-rows > li').nth(i);
/** Waits until the page has checked what it holds (it may have errors, and so no results). */
const settled = (page) => page.locator('#hy-asof:not(:empty)').waitFor({ timeout: 15000 });

/** Types a short history by hand, one row of it reversed (an error), with a hukou city and a what-if. */
async function typeHistory(page) {
  await page.fill('#hy-hukou', '湘潭');
  await row(page, 0).locator('[data-f=city]').fill('无锡');
  await row(page, 0).locator('[data-f=from]').fill('2019.3');
  await row(page, 0).locator('[data-f=from]').press('Tab');
  await page.click('#hy-add');
  await row(page, 1).locator('[data-f=city]').fill('苏州');
  await row(page, 1).locator('[data-kind=social_insurance]').uncheck();
  await row(page, 1).locator('[data-kind=residence]').check();
  await row(page, 1).locator('[data-f=from]').fill('2022-05');
  await row(page, 1).locator('[data-f=to]').fill('2021-01'); // before its first month: kept, marked
  await page.check('#hy-wi-on');
  await page.fill('#hy-wi-city', '南京');
  await page.fill('#hy-wi-from', '2027-03');
  await page.uncheck('#hy-wi-k-residence');
}

test('by default the tab keeps what was typed: a reload brings it all back, and nothing is written to localStorage', async () => {
  const { context, page } = await newPage(browser, { url: srv.url });
  try {
    assert.deepEqual(await storage(page), { session: {}, local: {} }, 'nothing stored before anything was typed');
    await typeHistory(page);
    await page.click('#hy-elder');
    await page.selectOption('#hy-lang', 'en');
    await page.locator('h1:has-text("Hukou years self-check")').waitFor();
    const typed = await form(page);
    assert.equal(typed.rows.length, 2);
    const rec = await stored(page, 'session');
    assert.equal(rec.lang, 'en');
    assert.equal(rec.elder, true);
    assert.equal(rec.remember, false);
    assert.deepEqual((await storage(page)).local, {}, 'localStorage only with "remember"');
    await page.reload();
    await settled(page);
    assert.deepEqual(await form(page), typed);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.getAttribute('#hy-elder', 'aria-pressed'), 'true');
    assert.equal(await page.isChecked('#hy-remember'), false);
    // The reversed row is still marked.
    await page.locator(`#${await row(page, 1).locator('[data-f=to]').getAttribute('id')}-err:not(:empty)`).waitFor();
    // Another tab (a new page in the same browser) starts empty: the record belonged to the closed tab.
    const other = await context.newPage();
    await other.clock.setFixedTime(new Date('2026-11-26T10:00:00+08:00'));
    await other.goto(srv.url);
    await ready(other);
    assert.equal((await form(other)).rows.length, 1);
    assert.deepEqual((await form(other)).rows[0].slice(0, 4), ['', '', true, ''], 'no city, no months, ongoing');
  } finally { await context.close(); }
});

test('a language switch and an elderly-mode switch keep every field, valid or not', async () => {
  const { context, page } = await newPage(browser, { url: srv.url });
  try {
    await typeHistory(page);
    const typed = await form(page);
    await page.selectOption('#hy-lang', 'en');
    await page.locator('h1:has-text("Hukou years self-check")').waitFor();
    assert.deepEqual(await form(page), typed);
    await page.click('#hy-elder');
    assert.deepEqual(await form(page), typed);
    await page.selectOption('#hy-lang', 'zh');
    await page.locator('h1:has-text("落户年限自测")').waitFor();
    await page.click('#hy-elder');
    assert.deepEqual(await form(page), typed);
    assert.deepEqual((await stored(page, 'session')).history.periods.length, 2);
  } finally { await context.close(); }
});

test('remember on this device: localStorage too, opt-in; a new tab and a reload bring it back; forget leaves no key anywhere', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    assert.deepEqual((await storage(page)).local, {});
    await page.check('#hy-remember');
    const periods = (h) => h.periods.map((p) => JSON.stringify(p)).sort();
    assert.deepEqual(periods((await stored(page, 'local')).history), periods(TYPICAL));
    await page.reload();
    await ready(page);
    assert.equal((await form(page)).rows.length, 5);
    assert.ok(await page.isChecked('#hy-remember'));
    const other = await context.newPage();
    await other.goto(srv.url);
    await ready(other);
    assert.equal((await form(other)).rows.length, 5, 'a new tab opens what this device remembers');
    assert.ok(await other.isChecked('#hy-remember'));
    await other.close();
    // Unticking keeps the tab's copy and drops the device's.
    await page.uncheck('#hy-remember');
    assert.deepEqual((await storage(page)).local, {});
    assert.equal((await stored(page, 'session')).history.periods.length, 7);
    await page.check('#hy-remember');
    await page.click('#hy-forget');
    assert.deepEqual(await storage(page), { session: {}, local: {} }, 'forget leaves nothing in either storage');
    assert.equal(await page.isChecked('#hy-remember'), false);
    assert.equal(await page.evaluate(() => document.cookie), '');
    // What is on screen stays until the person changes it; a reload after forgetting starts empty.
    assert.equal((await form(page)).rows.length, 5);
    await page.reload();
    await ready(page);
    assert.equal((await form(page)).rows.length, 1);
  } finally { await context.close(); }
});

const SHARED = { version: 1, periods: [{ city: 'hangzhou', kind: 'social_insurance', from: '2023-01', to: null, note: '分享的记录' }] };

test('opening a share link does not overwrite the remembered history; the link’s history stays in its tab, the remembered one an undo away', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    await page.check('#hy-remember');
    const remembered = await stored(page, 'local');
    // A new tab: nothing was typed there, so the link opens without a question.
    const other = await context.newPage();
    await other.clock.setFixedTime(new Date('2026-11-26T10:00:00+08:00'));
    await other.goto(srv.url + shareHash(SHARED));
    await ready(other);
    assert.equal(await other.locator('#hy-ask').count(), 0);
    assert.deepEqual((await form(other)).rows.map((r) => r[0]), ['hangzhou']);
    assert.equal(await other.isChecked('#hy-remember'), false);
    assert.match(await other.locator('#hy-swap-msg').innerText(), /本设备记住的记录未被替换/);
    assert.equal(await other.evaluate(() => location.hash), '', 'the form holds the link’s history now');
    // Editing the link's history does not reach the device's record either.
    await other.locator('#hy-rows > li').first().locator('[data-f=from]').fill('2023-02');
    assert.deepEqual(await stored(other, 'local'), remembered);
    assert.equal((await stored(other, 'session')).history.periods[0].from, '2023-02');
    // Undo: the remembered history, and "remember" ticked again; Redo: the link's, as edited.
    await other.click('#hy-swap-undo');
    assert.equal((await form(other)).rows.length, 5);
    assert.ok(await other.isChecked('#hy-remember'));
    assert.deepEqual(await stored(other, 'local'), remembered);
    await other.click('#hy-swap-undo');
    assert.deepEqual((await form(other)).rows.map((r) => [r[0], r[1]]), [['hangzhou', '2023-02']]);
    assert.equal(await other.isChecked('#hy-remember'), false);
    // A reload of that tab keeps the link's history (the link is out of the address bar by now).
    await other.reload();
    await ready(other);
    assert.deepEqual((await form(other)).rows.map((r) => [r[0], r[1]]), [['hangzhou', '2023-02']]);
    assert.deepEqual(await stored(other, 'local'), remembered);
    // A link opened in a tab that shows the remembered history asks first, and says the device's record stays.
    await page.evaluate((h) => { location.hash = h; }, shareHash(SHARED));
    await page.locator('#hy-ask:has-text("本设备记住的记录不会被改动")').waitFor();
    await page.click('#hy-ask-yes');
    assert.deepEqual((await form(page)).rows.map((r) => r[0]), ['hangzhou']);
    assert.equal(await page.isChecked('#hy-remember'), false);
    assert.deepEqual(await stored(page, 'local'), remembered);
    // Ticking "remember" again is how the person chooses the new one.
    await page.check('#hy-remember');
    assert.equal((await stored(page, 'local')).history.periods[0].city, 'hangzhou');
  } finally { await context.close(); }
});

/** Whether the question before a replacement is showing, as an alertdialog with its focus on "replace". */
async function asked(page, words) {
  const ask = page.locator('#hy-ask');
  await ask.waitFor();
  assert.equal(await ask.getAttribute('role'), 'alertdialog');
  assert.match(await page.locator(`#${await ask.getAttribute('aria-describedby')}`).innerText(), words);
  assert.equal(await page.locator(`#${await ask.getAttribute('aria-labelledby')}`).innerText(), '替换你已填写的内容？');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'hy-ask-yes');
}

test('the example, a file and a link ask before replacing what was typed; “keep mine” keeps it; a replacement is undone exactly, and redone', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, width: 360, height: 780 });
  try {
    await typeHistory(page);
    const typed = await form(page);
    const kept = await stored(page, 'session');
    const same = async (what) => {
      assert.deepEqual(await form(page), typed, what);
      assert.deepEqual(await stored(page, 'session'), kept, what);
      // The reversed row is still marked.
      await page.locator(`#${await row(page, 1).locator('[data-f=to]').getAttribute('id')}-err:not(:empty)`).waitFor();
    };

    // The example: asked; "keep mine" changes nothing and gives the focus back.
    await page.click('#hy-example');
    await asked(page, /会被示例替换.*可以撤销/);
    await same('while asking');
    await page.click('#hy-ask-no');
    assert.equal(await page.locator('#hy-ask').count(), 0);
    assert.equal(await page.locator('#hy-swap-msg').innerText(), '没有用示例替换，你填写的内容未改动。');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'hy-example');
    await same('kept');
    // Replace, undo, redo, undo.
    await page.click('#hy-example');
    await page.click('#hy-ask-yes');
    assert.equal((await form(page)).rows.length, 5);
    assert.equal(await page.locator('#hy-swap-msg').innerText(), '已用示例替换你原来填写的内容。');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'hy-swap-undo');
    assert.equal(await page.getAttribute('#hy-swap-undo', 'aria-describedby'), 'hy-swap-msg');
    await page.screenshot({ path: artifact('screenshots', 'keep-phone-zh-replaced.png') });
    await page.click('#hy-swap-undo');
    await same('undone');
    assert.equal(await page.locator('#hy-swap-undo').innerText(), '重做');
    await page.click('#hy-swap-undo');
    assert.equal((await form(page)).rows.length, 5);
    await page.click('#hy-swap-undo');
    await same('undone again');

    // A file: asked by its name; Escape is "keep mine".
    const file = { name: 'friend.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(TYPICAL)) };
    await page.setInputFiles('#hy-file', file);
    await asked(page, /文件“friend\.json”/);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#hy-ask').count(), 0);
    await same('file kept');
    await page.setInputFiles('#hy-file', file);
    await page.locator('#hy-ask').waitFor();
    await page.keyboard.press('Enter');
    assert.equal((await form(page)).rows.length, 5);
    assert.equal((await form(page)).hukou, '');
    await page.keyboard.press('Enter'); // the focus is on Undo
    await same('file undone');

    // A link: asked; declined, it stays in the address bar, and a reload asks again.
    const hash = shareHash(SHARED);
    await page.evaluate((h) => { location.hash = h; }, hash);
    await asked(page, /会被分享链接中的记录替换/);
    await page.click('#hy-ask-no');
    assert.match(await page.locator('#hy-swap-msg').innerText(), /没有用分享链接中的记录替换.*链接仍在地址栏中/);
    assert.equal(await page.evaluate(() => location.hash), hash);
    await same('link kept');
    await page.reload();
    await settled(page);
    await asked(page, /会被分享链接中的记录替换/);
    assert.deepEqual(await form(page), typed, 'the tab’s entries, under the question');
    await page.click('#hy-ask-yes');
    assert.deepEqual((await form(page)).rows.map((r) => r[0]), ['hangzhou']);
    assert.equal(await page.evaluate(() => location.hash), '', 'once in the form, the history leaves the address bar');
    await page.click('#hy-swap-undo');
    await same('link undone');
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('an empty form takes the example, a file or a link without a question, and nothing is offered to undo', async () => {
  const { context, page } = await newPage(browser, { url: srv.url });
  try {
    await page.click('#hy-example');
    assert.equal((await form(page)).rows.length, 5);
    assert.equal(await page.locator('#hy-ask').count(), 0);
    assert.ok(await page.locator('#hy-swap-undo').isHidden());
    assert.equal(await page.evaluate(() => document.activeElement.id), 'hy-example');
    const fresh = await context.newPage();
    await fresh.clock.setFixedTime(new Date('2026-11-26T10:00:00+08:00'));
    await fresh.goto(srv.url + shareHash(SHARED));
    await ready(fresh);
    assert.equal(await fresh.locator('#hy-ask').count(), 0);
    assert.deepEqual((await form(fresh)).rows.map((r) => r[0]), ['hangzhou']);
    assert.ok(await fresh.locator('#hy-swap-undo').isHidden());
    assert.equal(await fresh.locator('#hy-file-ok').innerText(), '已读取。');
  } finally { await context.close(); }
});

test('the editor’s buttons stay where they are when the rows above them come into view (elderly mode, phone)', async () => {
  // A row laid out only when scrolled near would grow from a placeholder
  // height and move the button under the finger (a tap on “Example” landed on
  // the editor instead).
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL), width: 360, height: 780 });
  try {
    await page.click('#hy-elder');
    const top = () => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
      done(Math.round(document.querySelector('#hy-example').getBoundingClientRect().top + scrollY));
    }))));
    const before = await top();
    for (const at of [0.25, 0.5, 0.75, 1]) {
      await page.evaluate(([f, y]) => scrollTo(0, f * y - innerHeight / 2), [at, before]);
      assert.equal(await top(), before, `scrolled ${at * 100} % of the way`);
    }
  } finally { await context.close(); }
});

test('the question and the undo in elderly mode on a phone, in English, by keyboard; axe finds nothing', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL), width: 360, height: 780 });
  try {
    await page.click('#hy-elder');
    await page.selectOption('#hy-lang', 'en');
    await page.locator('h1:has-text("Hukou years self-check")').waitFor();
    await page.click('#hy-example');
    await page.locator('#hy-ask').waitFor();
    assert.match(await page.locator('#hy-ask').innerText(), /Replace what you have entered\?[^]*replaced with the example/);
    for (const id of ['hy-ask-yes', 'hy-ask-no']) {
      const box = await page.locator(`#${id}`).boundingBox();
      assert.ok(box.height >= 60 && box.width >= 60, `${id}: ${box.width}×${box.height}`);
    }
    await page.screenshot({ path: artifact('screenshots', 'keep-phone-en-elder-ask.png') });
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes[0].target}`), [], 'with the question');
    // Tab reaches "Keep mine"; Enter answers.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'hy-ask-no');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#hy-swap-msg').innerText(), 'Your entries were replaced with the example.');
    const undo = await page.locator('#hy-swap-undo').boundingBox();
    assert.ok(undo.height >= 60, `undo: ${undo.height}`);
    await page.screenshot({ path: artifact('screenshots', 'keep-phone-en-elder-undo.png') });
    const after = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    assert.deepEqual(after.violations.map((v) => `${v.id}: ${v.nodes[0].target}`), [], 'with the undo');
  } finally { await context.close(); }
});

test('a refused file and a refused link change neither the form nor what is stored', async () => {
  const { context, page } = await newPage(browser, { url: srv.url });
  try {
    await typeHistory(page);
    const typed = await form(page);
    const before = await storage(page);
    const refused = [
      ['not JSON', '{"periods": ['],
      ['half good: one good period, then an unknown key', JSON.stringify({ periods: [{ city: 'wuxi', kind: 'residence', from: '2020-01' }, { city: 'wuxi', kind: 'residence', from: '2020-01', colour: 'red' }] })],
      ['too many periods', JSON.stringify({ periods: Array.from({ length: 1001 }, () => ({ city: 'wuxi', kind: 'residence', from: '2020-01', to: '2020-02' })) })],
    ];
    for (const [name, text] of refused) {
      await page.setInputFiles('#hy-file', { name: 'h.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.locator('#hy-file-err:not(:empty)').waitFor({ timeout: 3000 });
      assert.deepEqual(await form(page), typed, name);
      assert.deepEqual(await storage(page), before, name);
    }
    await page.evaluate(() => { location.hash = '#h=bm90IGpzb24'; });
    await page.locator('#hy-file-err:has-text("无法打开这个分享链接")').waitFor();
    assert.deepEqual(await form(page), typed);
    assert.equal(await page.evaluate(() => location.hash), '#h=bm90IGpzb24', 'a refused link stays in the address bar');
    assert.match(await page.locator('#hy-file-err').innerText(), /链接仍在地址栏中/);
    // A reload with a broken link in the address bar: the tab's history, and the link explained.
    await page.evaluate(() => history.replaceState(null, '', '#h=@@@'));
    await page.reload();
    await settled(page);
    await page.locator('#hy-file-err:has-text("链接不完整或被改动过")').waitFor();
    assert.deepEqual(await form(page), typed);
    assert.equal(await page.evaluate(() => location.hash), '#h=@@@');
  } finally { await context.close(); }
});
