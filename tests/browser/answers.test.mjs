// "I want to settle in…" and answers people can act on, in Chromium as a
// person uses them on a 360 px phone: a first visit says what the checker does
// and how to start, not verdicts; choosing cities (the select, one-tap
// suggestions, the keyboard) answers each in one line at the top, within the
// first screen; the rest of the cities are one tap away; details jump to the
// card; ✕ removes a city; the choice survives a reload but stays out of the
// history file; the summary names cities and goes blank while a field has an
// error; a projected month can be saved as a calendar file made on the
// device, without a request; English and elderly mode; axe. Screenshots go to
// artifacts/screenshots/answers-*.png, the measures to artifacts/answers.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, launch, newPage, ready, artifact, shareHash, TYPICAL } from './helpers.mjs';

let srv;
let browser;
const measures = {};
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => {
  await browser?.close();
  srv?.close();
  writeFileSync(artifact('answers.json'), `${JSON.stringify(measures, null, 2)}\n`);
});

const PHONE = { width: 360, height: 780 };

/** Chooses a city in "add a city", as a person does: the select is reached first (it gets its cities then). */
async function choose(page, id) {
  await page.focus('#hy-goal');
  await page.selectOption('#hy-goal', id);
}

/** The lines of the answer at the top: the first line of each, as a person reads it. */
const lines = (page) => page.$$eval('#hy-answers .ans-line', (ps) => ps.map((p) => p.textContent.trim()));

/** Where the first answer is on the page, from the top of the page, in CSS pixels. */
const firstAnswer = (page) => page.$eval('#hy-answers .ans', (a) => {
  const r = a.getBoundingClientRect();
  return { top: Math.round(r.top + scrollY), bottom: Math.round(r.bottom + scrollY) };
});

/** Waits until no request has reached the server for a moment; returns how many it has seen. */
async function quiet(page) {
  let n = -1;
  for (let i = 0; i < 40 && n !== srv.requests().length; i += 1) {
    n = srv.requests().length;
    await page.waitForTimeout(150);
  }
  return n;
}

/** A history with a month still to come in Nanjing, and a city the rules do not cover. */
const SOON = {
  version: 1,
  periods: [
    { city: 'nanjing', kind: 'social_insurance', from: '2026-09', to: null },
    { city: 'nanjing', kind: 'residence', from: '2026-09', to: null },
    { city: 'tianjin', kind: 'social_insurance', from: '2019-01', to: '2026-08' },
  ],
};

async function axe(page, label) {
  await page.$$eval('.card', (els) => els.forEach((e) => { e.style.contentVisibility = 'visible'; }));
  const { violations } = await new AxeBuilder({ page }).include('.goal').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(summary, [], `${label}: ${summary.join('\n')}`);
}

test('a first visit on a phone says what the checker does and how to start, with no verdicts; the example then leads to the question', async () => {
  const { context, page } = await newPage(browser, { ...PHONE, url: srv.url });
  try {
    const start = page.locator('#hy-start');
    assert.ok(await start.isVisible());
    assert.match(await start.innerText(), /核对你的社保和居住证年限够不够落户/);
    assert.equal(await start.locator('ol.steps > li').count(), 3);
    assert.ok(await page.locator('#hy-try').isVisible());
    // The three steps and the example button are on the first screen.
    const tryBottom = await page.$eval('#hy-try', (b) => b.getBoundingClientRect().bottom + scrollY);
    assert.ok(tryBottom <= PHONE.height, `the example button ends at ${tryBottom}px`);
    // No verdicts on an empty form: no card, no "met", no count of "项".
    assert.equal(await page.locator('#hy-out .card').count(), 0);
    const text = await page.locator('.hy').innerText();
    assert.doesNotMatch(text, /年限已满足|年限还不够|不需要年限|\d+ 项/);
    assert.equal(await page.locator('#hy-brief-text').textContent(), '');
    await page.screenshot({ path: artifact('screenshots', 'answers-first-visit-phone-zh.png') });
    await axe(page, 'first visit');

    await page.click('#hy-try');
    await page.locator('#hy-out .card').first().waitFor();
    assert.equal(await start.innerText(), '', 'the steps give way to the answers');
    // Focus is on the question; the suggestions are the cities of the history's region.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'hy-goal');
    const suggested = await page.$$eval('#hy-suggest [data-goal-add]', (b) => b.map((x) => x.dataset.goalAdd));
    for (const id of ['wuxi', 'suzhou', 'nanjing']) assert.ok(suggested.includes(id), suggested.join());
    assert.match(await page.locator('#hy-goal-note').innerText(), /选一个或几个城市/);
    assert.match(await page.locator('#hy-brief-text').innerText(), /^年限已满足：南京市。 还不够：苏州市/);
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('choosing where to settle on a 360 px phone: one line per city at the top, on the first screen, the rest one tap away', async () => {
  const { context, page } = await newPage(browser, { ...PHONE, url: srv.url });
  try {
    // As a person would: the example, then three cities, two from the list and one suggested.
    await page.click('#hy-try');
    await page.locator('#hy-out .card').first().waitFor();
    // The cities with rules, grouped by region: the history's cities and region first.
    await choose(page, 'nanjing');
    const groups = await page.$$eval('#hy-goal optgroup', (g) => g.map((x) => [x.label, x.children.length]));
    assert.deepEqual(groups.slice(0, 2).map(([l]) => l), ['你记录里的城市', '你记录里的地区：苏南重点城市']);
    assert.ok(groups.reduce((a, [, n]) => a + n, 0) >= 30, JSON.stringify(groups));
    assert.equal(await page.locator('#hy-goal option[value="nanjing"]').count(), 0, 'a chosen city is not offered again');
    await page.locator('#hy-suggest [data-goal-add="suzhou"]').click();
    await choose(page, 'fuzhou');
    await page.locator('#hy-answers .ans-line', { hasText: '起）' }).waitFor();
    const got = await lines(page);
    assert.equal(got.length, 3);
    assert.equal(got[0], '南京市：年限可能已满足（2024年9月起），依据未经核实的假设');
    assert.equal(got[1], '苏州市：还差 12 个月');
    assert.equal(got[2], '福州市：规定不明 — 现有来源没有写明年限要求');
    const more = await page.$$eval('#hy-answers .ans-more', (ps) => ps.map((p) => p.innerText));
    assert.match(more[0], /途径：浦口、六合、溧水、高淳四区落户/);
    assert.match(more[1], /无法推算何时满足/);
    assert.match(more[1], /另：在这里有自有住房即可落户，不看年限/);
    assert.match(await page.getAttribute('#hy-answers li[data-city="fuzhou"] a', 'href'), /rules\.html#fuzhou\/general$/);
    assert.match(await page.locator('#hy-goal-note').innerText(), /“起”的月份/);
    // The answer to the first city is on the first phone screen.
    const where = await firstAnswer(page);
    measures.phone_zh_first_answer = where;
    assert.ok(where.bottom <= PHONE.height, `the first answer ends at ${where.bottom}px`);
    // The summary line names cities; nothing is counted in 项.
    const brief = await page.locator('#hy-brief-text').innerText();
    assert.match(brief, /年限已满足：南京市/);
    assert.doesNotMatch(brief, /项/);
    // The chosen cities come first in the results; the rest is closed, one tap away.
    const goalKeys = await page.$$eval('#hy-out .g-goal article.card', (a) => a.map((x) => x.dataset.key.split(':')[0]));
    assert.deepEqual([...new Set(goalKeys)], ['nanjing', 'suzhou', 'fuzhou']);
    const rest = page.locator('#hy-out details.g-rest');
    assert.equal(await rest.getAttribute('open'), null);
    assert.match(await rest.locator('> summary').innerText(), /其他城市（\d+）/);
    assert.equal(await rest.locator('article.card:visible').count(), 0);
    measures.phone_zh_page_height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: artifact('screenshots', 'answers-phone-zh.png') });
    // "Details" goes to the city's card and puts the focus on its heading.
    await page.locator('#hy-answers li[data-city="nanjing"] [data-goal-jump]').click();
    const focused = await page.evaluate(() => ({ key: document.activeElement.closest('article')?.dataset.key, top: document.activeElement.getBoundingClientRect().top }));
    assert.equal(focused.key, 'nanjing:outer_districts');
    assert.ok(focused.top >= 0 && focused.top < PHONE.height, `heading at ${focused.top}`);
    // ✕ removes a city; the focus goes to the next one's ✕.
    await page.locator('#hy-answers [data-goal-remove="suzhou"]').click();
    assert.deepEqual((await lines(page)).map((l) => l.split('：')[0]), ['南京市', '福州市']);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.goalRemove), 'fuzhou');
    assert.match(await page.locator('#hy-goal-msg').textContent(), /已移除苏州市/);
    // A reload keeps the choice with the history, in this tab.
    await page.reload();
    await ready(page);
    await page.locator('#hy-answers .ans-line', { hasText: '福州市' }).waitFor();
    assert.deepEqual((await lines(page)).map((l) => l.split('：')[0]), ['南京市', '福州市']);
    const kept = await page.evaluate(() => JSON.parse(sessionStorage.getItem('hukou-years:v1')));
    assert.deepEqual(kept.targets, ['nanjing', 'fuzhou']);
    // Not in the history file: its format refuses keys it does not know.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#hy-save')]);
    const saved = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(saved.targets, undefined);
    assert.deepEqual(Object.keys(saved).sort(), ['periods', 'version']);
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('a projected month: months to go and the month; "remind me" makes a calendar file on the device, without a request', async () => {
  const { context, page } = await newPage(browser, { ...PHONE, url: srv.url, hash: shareHash(SOON) });
  try {
    // The history's cities are suggested, Tianjin too, though its rules are not covered.
    await page.locator('#hy-suggest [data-goal-add="nanjing"]').click();
    await page.locator('#hy-suggest [data-goal-add="tianjin"]').click();
    assert.deepEqual(await lines(page), ['南京市：还差 3 个月，预计 2027年2月 满足', '天津市：暂未收录']);
    const tianjin = page.locator('#hy-answers li[data-city="tianjin"] a');
    assert.match(await tianjin.innerText(), /这是我们知道的/);
    assert.match(await tianjin.getAttribute('href'), /rules\.html#tianjin$/);
    const before = await quiet(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#hy-answers li[data-city="nanjing"] .remind').click()]);
    assert.equal(download.suggestedFilename(), 'hukou-years-nanjing-2027-02.ics');
    assert.match(download.url(), /^blob:/);
    const ics = readFileSync(await download.path(), 'utf8');
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    assert.match(ics, /\r\nDTSTART;VALUE=DATE:20270201\r\n/);
    assert.match(ics, /\r\nDTSTAMP:20261126T020000Z\r\n/);
    assert.doesNotMatch(ics.replace(/\r\n/g, ''), /[\r\n]/);
    for (const l of ics.split('\r\n')) assert.ok(Buffer.byteLength(l) <= 75, l);
    const unfolded = ics.replace(/\r\n /g, '');
    assert.match(unfolded, /SUMMARY;LANGUAGE=zh-CN:南京市：落户年限预计满足（浦口、六合、溧水、高淳四区落户）/);
    assert.match(unfolded, /这只是推算，不是官方认定/);
    assert.match(await page.locator('#hy-answers .made').innerText(), /已在本机生成日历文件 hukou-years-nanjing-2027-02\.ics/);
    assert.match(await page.locator('#hy-goal-msg').textContent(), /日历文件/);
    // The file is made on the device: the server sees nothing.
    assert.equal(await quiet(page), before);
    // The card of a projected route offers the same.
    assert.ok(await page.locator('#hy-out article[data-key="nanjing:outer_districts"] .when .remind').count());
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('while a field has an error the summary goes blank and the answers wait; fixed, they come back', async () => {
  const { context, page } = await newPage(browser, { ...PHONE, url: srv.url, hash: shareHash(TYPICAL) });
  try {
    await choose(page, 'nanjing');
    await page.locator('#hy-answers .ans-line', { hasText: '起）' }).waitFor();
    // The first month of the first entry, typed as a month in the future.
    const i = await page.$$eval('#hy-rows input', (els) => els.findIndex((e) => e.value === '2018-03'));
    assert.ok(i >= 0, 'the first entry\'s first month');
    const field = page.locator('#hy-rows input').nth(i);
    await field.fill('2030-01');
    await page.locator('#hy-goal-note', { hasText: '请先修改' }).waitFor();
    assert.equal(await page.locator('#hy-brief-text').textContent(), '');
    assert.deepEqual(await lines(page), ['南京市'], 'the city stays, its verdict waits');
    await page.locator('#hy-live', { hasText: '需要修改' }).waitFor();
    await field.fill('2018-03');
    await page.locator('#hy-answers .ans-line', { hasText: '年限可能已满足' }).waitFor();
    assert.match(await page.locator('#hy-brief-text').innerText(), /年限已满足：南京市/);
    await page.locator('#hy-live', { hasText: '南京市：年限可能已满足' }).waitFor();
  } finally { await context.close(); }
});

test('a region shown alone still answers a city outside it', async () => {
  const { context, page } = await newPage(browser, { ...PHONE, url: srv.url, hash: `#region=sunan&${shareHash(TYPICAL).slice(1)}` });
  try {
    assert.equal(await page.locator('#hy-out article[data-key^="guangzhou:"]').count(), 0);
    await choose(page, 'guangzhou');
    await page.locator('#hy-answers .ans-line', { hasText: '广州市' }).waitFor();
    assert.deepEqual(await lines(page), ['广州市：还差 48 个月']);
    assert.ok(await page.locator('#hy-out .g-goal article[data-key="guangzhou:points"]').count());
  } finally { await context.close(); }
});

test('by keyboard: a suggestion is taken with Enter and the focus moves to the next one', async () => {
  const { context, page } = await newPage(browser, { ...PHONE, url: srv.url, hash: shareHash(TYPICAL) });
  try {
    await page.focus('#hy-goal');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.dataset.goalAdd);
    assert.ok(first, 'Tab goes from the select to the suggestions');
    await page.keyboard.press('Enter');
    assert.equal((await lines(page))[0].split('：')[0], await page.evaluate((id) => document.querySelector(`[data-goal-remove="${id}"]`)?.closest('li').querySelector('strong').textContent, first));
    const next = await page.evaluate(() => document.activeElement?.dataset.goalAdd);
    assert.ok(next && next !== first, `focus on the next suggestion, not ${next}`);
  } finally { await context.close(); }
});

test('in English and in elderly mode: the same answers, text of 24 px and targets of 60 px, on the first screen', async () => {
  for (const [lang, elder] of [['en', false], ['zh', true], ['en', true]]) {
    const { context, page } = await newPage(browser, { ...PHONE, url: srv.url, hash: lang === 'en' ? '#lang=en' : '' });
    try {
      if (elder) await page.click('#hy-elder');
      await page.click('#hy-try');
      await page.locator('#hy-out .card').first().waitFor();
      for (const id of ['nanjing', 'suzhou', 'fuzhou']) await choose(page, id);
      await page.locator('#hy-answers .ans-line', { hasText: lang === 'en' ? 'since' : '起）' }).waitFor();
      const got = await lines(page);
      if (lang === 'en') {
        assert.deepEqual(got, [
          'Nanjing: years probably met (since Sep 2024), on an unverified assumption',
          'Suzhou (Jiangsu): 12 months short',
          'Fuzhou (Fujian): rules unclear — the sources do not state the years',
        ]);
        assert.doesNotMatch(await page.locator('.goal').innerText(), /[\u4e00-\u9fff]/, 'no Chinese in the English answers');
      } else {
        assert.equal(got[1], '苏州市：还差 12 个月');
      }
      const where = await firstAnswer(page);
      measures[`phone_${lang}${elder ? '_elder' : ''}_first_answer`] = where;
      assert.ok(where.bottom <= PHONE.height || (elder && where.top < PHONE.height), `${lang}${elder ? ' elder' : ''}: the first answer at ${where.top}–${where.bottom}px`);
      if (elder) {
        const small = await page.evaluate(() => {
          const out = [];
          for (const el of document.querySelectorAll('.goal button, .goal select')) {
            const r = el.getBoundingClientRect();
            if (el.offsetParent && (r.width < 60 || r.height < 60)) out.push(`${el.id || el.className} ${Math.round(r.width)}×${Math.round(r.height)}`);
          }
          for (const el of document.querySelectorAll('.goal p, .goal li')) {
            if (el.offsetParent && !el.closest('.vh') && parseFloat(getComputedStyle(el).fontSize) < 24) out.push(`${el.className} text ${getComputedStyle(el).fontSize}`);
          }
          return out;
        });
        assert.deepEqual(small, []);
      }
      await page.evaluate(() => scrollTo(0, 0));
      await page.screenshot({ path: artifact('screenshots', `answers-phone-${lang}${elder ? '-elder' : ''}.png`) });
      await axe(page, `${lang}${elder ? ' elder' : ''}`);
      assert.deepEqual(page.problems, []);
    } finally { await context.close(); }
  }
});
