// Entering a working life in a minute, as a person does it on a phone:
// one row per stay (city, from, to or 至今, social insurance and/or a
// residence permit, back-paid months inside it), months typed in any common
// form, one city field (an ARIA combobox), and paste to import. Taps are
// counted for a three-city history at 360 px; screenshots go to
// artifacts/screenshots/entry-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, launch, newPage, artifact, shareHash } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

const row = (page, i) => page.locator('#hy-rows > li').nth(i);
const field = (page, i, f) => row(page, i).locator(`[data-f="${f}"]`);
const kind = (page, i, k) => row(page, i).locator(`[data-kind="${k}"]`);
const card = (page, city, route) => page.locator(`#hy-out article.card[data-key="${city}:${route}"]`);
/** Opens the page with a link whose history has errors (so no results yet): waits until it has been checked. */
async function opened(page, hash) {
  await page.goto(srv.url + hash);
  await page.locator('#hy-asof:not(:empty)').waitFor({ timeout: 15000 });
}
/** The history the page checks, as this tab keeps it. */
const kept = async (page) => JSON.parse(await page.evaluate(() => sessionStorage.getItem('hukou-years:v1'))).history;

/**
 * A person's hand on a phone: every tap on the screen and every key of the
 * on-screen keyboard counts one.
 */
function hand(page) {
  const h = {
    taps: 0,
    log: [],
    async tap(loc, why) { await loc.click(); h.taps += 1; h.log.push(`tap ${why}`); },
    async type(text) { await page.keyboard.type(text); h.taps += [...text].length; h.log.push(`type ${text}`); },
    async key(k) { await page.keyboard.press(k); h.taps += 1; h.log.push(`key ${k}`); },
  };
  return h;
}

test('three cities on a 360 px phone: the history in 36 taps, the periods exactly, the results', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, width: 360, height: 740 });
  try {
    const h = hand(page);
    // Wuxi 2018-03 to 2020-06, social insurance and a residence permit.
    await h.tap(field(page, 0, 'city'), 'city');
    await h.type('wx');
    await h.tap(row(page, 0).locator('[role=option]', { hasText: '无锡市' }), '无锡市');
    await h.tap(field(page, 0, 'from'), 'from');
    await h.type('201803');
    await h.tap(field(page, 0, 'to'), 'to');
    await h.type('202006');
    await h.tap(kind(page, 0, 'residence'), '居住证');
    // Suzhou 2020-07 to 2023-12, social insurance: the new row starts the month after.
    await h.tap(page.locator('#hy-add'), 'add');
    await h.type('sz'); // the new row's city field has the focus
    await h.tap(row(page, 1).locator('[role=option]', { hasText: '苏州市' }).first(), '苏州市');
    assert.equal(await field(page, 1, 'from').inputValue(), '2020-07');
    await h.tap(field(page, 1, 'to'), 'to');
    await h.type('202312');
    await h.tap(kind(page, 1, 'residence'), 'untick 居住证');
    // Nanjing from 2024-01, ongoing, both.
    await h.tap(page.locator('#hy-add'), 'add');
    await h.type('nj');
    await h.key('Enter');
    assert.equal(await field(page, 2, 'from').inputValue(), '2024-01');
    await h.tap(kind(page, 2, 'residence'), '居住证');
    await card(page, 'nanjing', 'points').waitFor();

    assert.deepEqual((await kept(page)).periods, [
      { city: 'wuxi', kind: 'social_insurance', from: '2018-03', to: '2020-06' },
      { city: 'wuxi', kind: 'residence', from: '2018-03', to: '2020-06' },
      { city: 'suzhou', kind: 'social_insurance', from: '2020-07', to: '2023-12' },
      { city: 'nanjing', kind: 'social_insurance', from: '2024-01', to: null },
      { city: 'nanjing', kind: 'residence', from: '2024-01', to: null },
    ]);
    // Before: 62 taps with one row per kind, a search box and a select per
    // city, and a native month picker (about 5 taps) per month. Now:
    assert.equal(h.taps, 36, h.log.join('\n'));
    const heights = await page.evaluate(() => ({
      rows: document.querySelector('#hy-rows').offsetHeight,
      row: document.querySelector('#hy-rows > li').offsetHeight,
      page: document.documentElement.scrollHeight,
    }));
    // Three stays take less than two screens (they were five rows of 513 px).
    assert.ok(heights.rows < 1200, JSON.stringify(heights));
    console.log(`# entry: ${h.taps} taps; rows ${heights.rows} px (one ${heights.row} px), page ${heights.page} px at 360 px`);
    await row(page, 0).scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('screenshots', 'entry-phone-zh.png') });
    await page.locator('#hy-rows').screenshot({ path: artifact('screenshots', 'entry-phone-zh-rows.png') });
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('months in any common form, in the page\'s language; the hint shows; what is not a month is kept and explained', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, width: 320, height: 700 });
  try {
    await field(page, 0, 'city').fill('无锡');
    const from = field(page, 0, 'from');
    const to = field(page, 0, 'to');
    // No native month picker: a text field, with the hint under it, visible.
    assert.equal(await from.getAttribute('type'), 'text');
    const hint = page.locator(`#${await from.getAttribute('aria-describedby').then((d) => d.split(' ')[0])}`);
    assert.ok(await hint.isVisible());
    assert.match(await hint.innerText(), /例如 2021-04/);
    for (const [typed, month] of [['2019.3', '2019-03'], ['2019/3', '2019-03'], ['2019年3月', '2019-03'], ['201903', '2019-03'], ['2019-03', '2019-03'], ['２０１９．３', '2019-03']]) {
      await from.fill(typed);
      await from.press('Tab');
      assert.equal(await from.inputValue(), month, typed);
    }
    assert.equal((await kept(page)).periods[0].from, '2019-03');
    // The year is never clipped, even at 320 px.
    await to.fill('2020-06');
    for (const el of [from, to]) assert.ok(await el.evaluate((e) => e.scrollWidth <= e.clientWidth), 'the month fits its field');
    // Typing a last month ends the stay; 至今 clears it.
    assert.equal(await field(page, 0, 'ongoing').isChecked(), false);
    await field(page, 0, 'ongoing').check();
    assert.equal(await to.inputValue(), '');
    assert.equal(await to.getAttribute('placeholder'), '至今');
    // Not a month: kept as typed, explained at the field once the person leaves it.
    await from.fill('2019-3x');
    assert.equal(await page.locator(`#${await from.getAttribute('id')}-err`).innerText(), '', 'not while typing');
    await from.press('Tab');
    const err = page.locator(`#${await from.getAttribute('id')}-err`);
    await err.filter({ hasText: '没看懂这个月份' }).waitFor();
    assert.equal(await from.inputValue(), '2019-3x');
    assert.equal(await from.getAttribute('aria-invalid'), 'true');
    // In English: the hint and the message in English, whatever the browser's language.
    await page.selectOption('#hy-lang', 'en');
    await page.locator(`#${await from.getAttribute('id')}-err`).filter({ hasText: 'This is not a month' }).waitFor();
    assert.match(await page.locator('#hy-rows .mh').first().innerText(), /e\.g\. 2021-04/);
    await field(page, 0, 'from').fill('Mar 2019');
    await field(page, 0, 'from').press('Tab');
    assert.equal(await field(page, 0, 'from').inputValue(), '2019-03');
    await row(page, 0).screenshot({ path: artifact('screenshots', 'entry-months-320-en.png') });
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('the city field is an ARIA combobox: sh → 上海 first, arrows, Enter, Escape, a tap; never a partial match', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, width: 360, height: 740 });
  try {
    const city = field(page, 0, 'city');
    const id = await city.getAttribute('id');
    // Labelled as the city of this stay, not the city one wants.
    assert.equal(await page.locator(`label[for="${id}"]`).innerText(), '这段时间在哪个城市');
    assert.equal(await city.getAttribute('role'), 'combobox');
    assert.equal(await city.getAttribute('aria-autocomplete'), 'list');
    assert.equal(await city.getAttribute('aria-expanded'), 'false');
    const list = page.locator(`#${await city.getAttribute('aria-controls')}`);
    assert.equal(await list.getAttribute('role'), 'listbox');

    await city.click();
    await page.keyboard.type('sh');
    assert.equal(await city.getAttribute('aria-expanded'), 'true');
    const options = list.locator('[role=option]');
    assert.match(await options.nth(0).innerText(), /^上海市/);
    const names = await options.allInnerTexts();
    assert.ok(names.findIndex((n) => n.startsWith('上海')) < names.findIndex((n) => n.startsWith('深圳')), names.join());
    // The first match is active, not chosen.
    assert.equal(await city.getAttribute('aria-activedescendant'), await options.nth(0).getAttribute('id'));
    assert.equal(await options.nth(0).getAttribute('aria-selected'), 'true');
    assert.equal(await city.getAttribute('data-city'), '', 'nothing chosen on partial input');
    await page.keyboard.press('ArrowDown');
    assert.equal(await city.getAttribute('aria-activedescendant'), await options.nth(1).getAttribute('id'));
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    assert.equal(await city.inputValue(), '上海市');
    assert.equal(await city.getAttribute('data-city'), 'shanghai');
    assert.equal(await city.getAttribute('aria-expanded'), 'false');
    assert.equal(await city.getAttribute('aria-activedescendant'), null);

    // nj → 南京 first.
    await city.selectText();
    await page.keyboard.type('nj');
    assert.match(await options.nth(0).innerText(), /^南京市/);
    // Escape closes the list, then puts back the city chosen before.
    await page.keyboard.press('Escape');
    assert.equal(await city.getAttribute('aria-expanded'), 'false');
    assert.equal(await city.inputValue(), 'nj');
    await page.keyboard.press('Escape');
    assert.equal(await city.inputValue(), '上海市');

    // A partial name left in the field is kept, and said to name no city; the earlier city is not kept silently.
    await field(page, 0, 'from').fill('2024-01');
    await city.fill('nanj');
    await page.keyboard.press('Tab');
    assert.equal(await city.inputValue(), 'nanj');
    await page.locator(`#${id}-err`).filter({ hasText: '不认识这个城市' }).waitFor();
    assert.equal(await city.getAttribute('aria-invalid'), 'true');
    // A whole name sets the city without a pick; the field then shows the page's name for it.
    await city.fill('南京');
    assert.equal(await city.getAttribute('data-city'), 'nanjing');
    assert.equal(await city.getAttribute('aria-expanded'), 'false', 'the list no longer covers the next field');
    await page.keyboard.press('Tab');
    assert.equal(await city.inputValue(), '南京市');
    await page.locator(`#${id}-err:empty`).waitFor({ state: 'attached' });
    // Two cities are called Suzhou in pinyin: the person chooses, by a tap.
    await city.fill('suzhou');
    assert.equal(await city.getAttribute('data-city'), 'nanjing', 'not set by an ambiguous name');
    const both = await options.allInnerTexts();
    assert.ok(both[0].startsWith('苏州市') && both[1].startsWith('宿州市'), both.join());
    await options.nth(1).click();
    assert.equal(await city.getAttribute('data-city'), 'suzhouanhui');
    assert.equal(await city.inputValue(), '宿州市');
    await expectFocus(page, id);
    // Codes and initials; a province lists its cities.
    await city.fill('320500');
    assert.equal(await city.getAttribute('data-city'), 'suzhou');
    await city.fill('江苏');
    assert.ok(await options.count() >= 5);
    assert.match(await list.innerText(), /还有 \d+ 个/);
    await page.keyboard.press('Escape');
    // The hukou and what-if fields are the same combobox.
    for (const other of ['#hy-hukou', '#hy-wi-city']) assert.equal(await page.getAttribute(other, 'role'), 'combobox');
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

async function expectFocus(page, id) {
  assert.equal(await page.evaluate(() => document.activeElement?.id), id);
}

const STATEMENT = `参保缴费记录
费款所属期	险种类型	参保地	缴费基数	个人缴费	缴费标志
201801	企业职工基本养老保险	无锡市	5000.00	400.00	已实缴
201802	企业职工基本养老保险	无锡市	5000.00	400.00	已实缴
201803	企业职工基本养老保险	无锡市	5000.00	400.00	补缴
201804	企业职工基本养老保险	无锡市	5000.00	400.00	已实缴
201805	企业职工基本养老保险	无锡市	5000.00	400.00	中断
201806	企业职工基本养老保险	苏州市	5200.00	416.00	已实缴
201807	企业职工基本养老保险	苏州市	5200.00	416.00	已实缴
请核对后签字`;

test('paste a contribution statement: a preview of the stays and the lines not read; add, undo, replace after asking, discard', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, width: 360, height: 740 });
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    // Something typed first: it must not be lost without the person's say.
    await field(page, 0, 'city').fill('南京');
    await field(page, 0, 'from').fill('2024-01');
    await page.locator('#hy-paste-box > summary').click();
    await page.evaluate((t) => navigator.clipboard.writeText(t), STATEMENT);
    await page.locator('#hy-paste').focus();
    await page.keyboard.press('Control+V');
    await page.locator('#hy-paste-said').filter({ hasText: '读到 2 段，有 1 行没有读懂' }).waitFor();
    assert.deepEqual(await page.locator('#hy-paste-out .preview li').allInnerTexts(), [
      '无锡市 · 2018年1月至2018年4月 · 社保 · 其中补缴 2018年3月',
      '苏州市 · 2018年6月至2018年7月 · 社保',
    ]);
    assert.deepEqual(await page.locator('#hy-paste-out .unread li').allInnerTexts(), ['请核对后签字']);
    await page.locator('#hy-paste-out').screenshot({ path: artifact('screenshots', 'entry-paste-preview.png') });

    // Add: after what was typed.
    await page.click('#hy-paste-add');
    await page.locator('#hy-undo-msg:has-text("已导入 2 段")').waitFor();
    assert.equal(await page.locator('#hy-undo').innerText(), '撤销导入');
    assert.deepEqual(await page.$$eval('#hy-rows [data-f=city]', (els) => els.map((e) => e.dataset.city)), ['nanjing', 'wuxi', 'suzhou']);
    assert.equal(await field(page, 1, 'back').isChecked(), true);
    assert.equal(await field(page, 1, 'backFrom').inputValue(), '2018-03');
    assert.deepEqual((await kept(page)).periods.filter((p) => p.city === 'wuxi'), [
      { city: 'wuxi', kind: 'social_insurance', from: '2018-01', to: '2018-02' },
      { city: 'wuxi', kind: 'social_insurance', from: '2018-03', to: '2018-03', back_paid: true },
      { city: 'wuxi', kind: 'social_insurance', from: '2018-04', to: '2018-04' },
    ]);
    // Undo puts back what was there.
    await page.click('#hy-undo');
    assert.deepEqual(await page.$$eval('#hy-rows [data-f=city]', (els) => els.map((e) => e.dataset.city)), ['nanjing']);

    // Replace: asked first; "no" keeps everything.
    await page.locator('#hy-paste').fill(STATEMENT);
    await page.locator('#hy-paste-replace').click();
    assert.match(await page.locator('#hy-paste-q').innerText(), /这会替换已填写的 1 条记录/);
    await expectFocus(page, 'hy-paste-no');
    await page.click('#hy-paste-no');
    assert.equal(await page.locator('#hy-rows > li').count(), 1);
    await page.locator('#hy-paste-replace').click();
    await page.click('#hy-paste-yes');
    assert.deepEqual(await page.$$eval('#hy-rows [data-f=city]', (els) => els.map((e) => e.dataset.city)), ['wuxi', 'suzhou']);
    await page.click('#hy-undo');
    assert.deepEqual(await page.$$eval('#hy-rows [data-f=city]', (els) => els.map((e) => e.dataset.city)), ['nanjing']);

    // Discard: nothing changes, the box is empty again.
    await page.locator('#hy-paste').fill('2018-03 2020-06 无锡 社保 居住证\n2020.07-2023.12 苏州 社保\n2024年1月至今 南京 社保+居住证');
    await page.locator('#hy-paste-said').filter({ hasText: '读到 3 段' }).waitFor();
    await page.click('#hy-paste-discard');
    assert.equal(await page.inputValue('#hy-paste'), '');
    assert.equal(await page.locator('#hy-paste-out').innerText(), '');
    assert.equal(await page.locator('#hy-rows > li').count(), 1);
    // Text with no months says so.
    await page.locator('#hy-paste').fill('你好');
    await page.locator('#hy-paste-said').filter({ hasText: '没有读到月份' }).waitFor();
    assert.equal(await page.locator('#hy-paste-add').count(), 0);
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('a blank editor takes pasted "from to city" lines as they are: the three-city history in a paste', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: '#lang=en' });
  try {
    await page.locator('#hy-paste-box > summary').click();
    await page.locator('#hy-paste').fill('2018-03 2020-06 Wuxi social insurance residence\n2020-07 2023-12 Suzhou (Jiangsu)\n2024-01 now Nanjing social insurance residence');
    await page.locator('#hy-paste-said').filter({ hasText: '3 stays read.' }).waitFor();
    assert.equal(await page.locator('#hy-paste-replace').count(), 0, 'nothing to replace');
    await page.click('#hy-paste-add');
    assert.deepEqual((await kept(page)).periods.map((p) => `${p.city} ${p.kind} ${p.from} ${p.to}`), [
      'wuxi social_insurance 2018-03 2020-06', 'wuxi residence 2018-03 2020-06',
      'suzhou social_insurance 2020-07 2023-12',
      'nanjing social_insurance 2024-01 null', 'nanjing residence 2024-01 null',
    ]);
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('back-paid months inside a long stay: Beijing\'s seven-year streak stays met, and the advice leads there', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, width: 360, height: 740 });
  try {
    await field(page, 0, 'city').fill('北京');
    await field(page, 0, 'from').fill('2015-01');
    const bj = card(page, 'beijing', 'points');
    await bj.waitFor();
    assert.match(await bj.textContent(), /年限已满足/);
    // Two months of 2022 were paid late: one box, two months, inside the stay.
    await field(page, 0, 'back').check();
    await expectFocus(page, await field(page, 0, 'backFrom').getAttribute('id'));
    await page.keyboard.type('2022.5');
    // Half a range: the advice names the fields to fill, and keeps the stay 至今.
    const advice = page.locator(`#${await field(page, 0, 'back').getAttribute('id')}-err`);
    await advice.filter({ hasText: '请在“补缴从”“补缴到”只填补缴的那几个月；这条记录本身可以继续“至今”' }).waitFor();
    await field(page, 0, 'backTo').fill('2022-06');
    await page.locator('#hy-stale').waitFor({ state: 'hidden' });
    assert.equal(await advice.innerText(), '');
    assert.equal(await field(page, 0, 'ongoing').isChecked(), true);
    const text = await bj.textContent();
    assert.match(text, /年限已满足/);
    assert.doesNotMatch(text, /还差/);
    assert.deepEqual((await kept(page)).periods, [
      { city: 'beijing', kind: 'social_insurance', from: '2015-01', to: '2022-04' },
      { city: 'beijing', kind: 'social_insurance', from: '2022-05', to: '2022-06', back_paid: true },
      { city: 'beijing', kind: 'social_insurance', from: '2022-07', to: null },
    ]);
    await row(page, 0).screenshot({ path: artifact('screenshots', 'entry-back-paid.png') });
    // A gap that was not back-paid: the hint says to make two entries.
    assert.match(await row(page, 0).locator('.bk .hint').innerText(), /分成两条记录/);
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('an old file with a whole ongoing period marked back-paid: the advice at its field leads to the met streak', async () => {
  const old = { version: 1, periods: [{ city: 'beijing', kind: 'social_insurance', from: '2015-01', to: null, back_paid: true }] };
  const { context, page } = await newPage(browser);
  try {
    await opened(page, shareHash(old));
    const advice = page.locator(`#${await field(page, 0, 'back').getAttribute('id')}-err`);
    await advice.filter({ hasText: '只填补缴的那几个月' }).waitFor();
    assert.equal(await field(page, 0, 'back').getAttribute('aria-invalid'), 'true');
    assert.equal(await field(page, 0, 'backFrom').inputValue(), '2015-01');
    // Following it: the back-paid months only, the stay itself still ongoing.
    await field(page, 0, 'backFrom').fill('2022-05');
    await field(page, 0, 'backTo').fill('2022-06');
    const bj = card(page, 'beijing', 'points');
    await page.locator('#hy-stale').waitFor({ state: 'hidden' });
    await bj.waitFor();
    assert.match(await bj.textContent(), /年限已满足/);
    assert.doesNotMatch(await bj.textContent(), /还差/);
  } finally { await context.close(); }
});

test('errors point at the right row and field: a stay\'s months, its back-paid months, its kind', async () => {
  const file = {
    version: 1,
    periods: [
      { city: 'wuxi', kind: 'social_insurance', from: '2019-01', to: '2020-12' },
      { city: 'wuxi', kind: 'residence', from: '2019-01', to: '2020-12' },
      { city: 'suzhou', kind: 'pension', from: '2021-01', to: '2021-06' },
    ],
  };
  const { context, page } = await newPage(browser);
  try {
    await opened(page, shareHash(file));
    assert.equal(await page.locator('#hy-rows > li').count(), 2, 'Wuxi is one stay with both');
    await page.locator(`#${await row(page, 1).locator('[data-kind=pension]').getAttribute('id')}-err`).filter({ hasText: '请选择“社保”或“居住证”' }).waitFor();
    assert.equal(await row(page, 1).locator('[data-kind=pension]').getAttribute('aria-invalid'), 'true');
    // A back-paid range backwards: at its last month; the stay's own months are fine.
    await field(page, 0, 'back').check();
    await field(page, 0, 'backFrom').fill('2020-05');
    await field(page, 0, 'backTo').fill('2020-02');
    const backTo = field(page, 0, 'backTo');
    await page.locator(`#${await backTo.getAttribute('id')}-err`).filter({ hasText: '结束月份早于开始月份' }).waitFor();
    assert.equal(await backTo.getAttribute('aria-invalid'), 'true');
    assert.equal(await field(page, 0, 'to').getAttribute('aria-invalid'), null);
    // A future last month of the stay: at the stay's last month.
    await field(page, 0, 'backTo').fill('2020-06');
    await field(page, 0, 'to').fill('2027-01');
    await page.locator(`#${await field(page, 0, 'to').getAttribute('id')}-err`).filter({ hasText: '之后' }).waitFor();
    // The overlap note names the editor's entries, not the periods.
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('elderly mode at 360 px: every target at least 60 px, the list of cities too', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, width: 360, height: 740 });
  try {
    await page.click('#hy-elder');
    const small = () => page.$$eval('#hy-rows input:not([type=checkbox]), #hy-rows label.check, #hy-rows button, #hy-rows [role=option], #hy-paste-box > summary', (els) => els
      .filter((e) => e.offsetParent)
      .map((e) => [e.id || e.textContent.trim().slice(0, 12), e.getBoundingClientRect().height])
      .filter(([, hgt]) => hgt < 59.5));
    await field(page, 0, 'city').click();
    await page.keyboard.type('su');
    assert.ok(await row(page, 0).locator('[role=option]').count() > 3);
    assert.deepEqual(await small(), []);
    await page.keyboard.press('Enter');
    assert.equal(await field(page, 0, 'city').inputValue(), '苏州市');
    await field(page, 0, 'back').check();
    assert.deepEqual(await small(), []);
    await field(page, 0, 'from').fill('2018-03');
    await field(page, 0, 'to').fill('2020-06');
    for (const el of [field(page, 0, 'from'), field(page, 0, 'to')]) assert.ok(await el.evaluate((e) => e.scrollWidth <= e.clientWidth), 'the month fits');
    await row(page, 0).screenshot({ path: artifact('screenshots', 'entry-phone-zh-elder-row.png') });
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('axe: the list of cities open, the back-paid months, the paste preview; both languages, elderly mode, phone', async () => {
  for (const [label, hash, elder] of [['zh', '', false], ['en', '#lang=en', false], ['zh elderly 360', '', true]]) {
    const { context, page } = await newPage(browser, { url: srv.url, hash, width: elder ? 360 : 1280 });
    try {
      if (elder) await page.click('#hy-elder');
      await field(page, 0, 'back').check();
      await field(page, 0, 'backFrom').fill('2020-01');
      await page.locator('#hy-paste-box > summary').click();
      await page.fill('#hy-paste', `${STATEMENT}\nhello`);
      await page.locator('#hy-paste-out .preview').waitFor();
      await field(page, 0, 'city').click();
      await page.keyboard.type('su');
      await row(page, 0).locator('[role=option]').first().waitFor();
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const summary = violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      assert.deepEqual(summary, [], `${label}: ${summary.join('\n')}`);
      if (label === 'en') await page.locator('#hy-rows > li').first().screenshot({ path: artifact('screenshots', 'entry-combobox-en.png') });
    } finally { await context.close(); }
  }
});
