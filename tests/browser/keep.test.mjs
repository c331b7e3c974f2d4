// Nothing the person typed is lost: across a reload of the tab (sessionStorage,
// by default), a language switch, an elderly-mode switch, a refused file and a
// refused link; "remember on this device" (localStorage) is opt-in, a share
// link never overwrites it, and "forget" leaves no key in either storage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, ready, shareHash, TYPICAL } from './helpers.mjs';

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

test('opening a share link does not overwrite the remembered history; the link’s history stays in its tab', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    await page.check('#hy-remember');
    const remembered = await stored(page, 'local');
    const shared = { version: 1, periods: [{ city: 'hangzhou', kind: 'social_insurance', from: '2023-01', to: null, note: '分享的记录' }] };
    const other = await context.newPage();
    await other.clock.setFixedTime(new Date('2026-11-26T10:00:00+08:00'));
    await other.goto(srv.url + shareHash(shared));
    await ready(other);
    assert.deepEqual((await form(other)).rows.map((r) => r[0]), ['hangzhou']);
    assert.equal(await other.isChecked('#hy-remember'), false);
    assert.match(await other.locator('#hy-file-ok').innerText(), /本设备记住的记录未被替换/);
    // Editing the link's history does not reach the device's record either.
    await other.locator('#hy-rows > li').first().locator('[data-f=from]').fill('2023-02');
    assert.deepEqual(await stored(other, 'local'), remembered);
    assert.equal((await stored(other, 'session')).history.periods[0].from, '2023-02');
    // A reload of that tab keeps the link's history (the link is out of the address bar by now).
    await other.reload();
    await ready(other);
    assert.deepEqual((await form(other)).rows.map((r) => [r[0], r[1]]), [['hangzhou', '2023-02']]);
    assert.deepEqual(await stored(other, 'local'), remembered);
    // A link opened in a tab that remembers (the address changes, no reload) does not overwrite it either.
    await page.evaluate((h) => { location.hash = h; }, shareHash(shared));
    await page.locator('#hy-file-ok:has-text("本设备记住的记录未被替换")').waitFor();
    assert.deepEqual((await form(page)).rows.map((r) => r[0]), ['hangzhou']);
    assert.deepEqual(await stored(page, 'local'), remembered);
    // Ticking "remember" again is how the person chooses the new one.
    await page.check('#hy-remember');
    assert.equal((await stored(page, 'local')).history.periods[0].city, 'hangzhou');
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
    // A reload with a broken link in the address bar: the tab's history, and the link explained.
    await page.evaluate(() => history.replaceState(null, '', '#h=@@@'));
    await page.reload();
    await settled(page);
    await page.locator('#hy-file-err:has-text("链接不完整或被改动过")').waitFor();
    assert.deepEqual(await form(page), typed);
  } finally { await context.close(); }
});
