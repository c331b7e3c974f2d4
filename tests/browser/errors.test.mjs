// Every kind of bad input shows its message next to the right field, is
// announced (aria-live, aria-describedby, aria-invalid), and loses nothing
// that was typed or loaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launch, newPage, shareHash, artifact, TYPICAL } from './helpers.mjs';

let srv;
let browser;
let dir;
before(async () => { srv = await startServer(); browser = await launch(); dir = mkdtempSync(join(tmpdir(), 'hy-files-')); });
after(async () => { await browser?.close(); srv?.close(); });

/** Checks that field `input` shows `message` in its own, announced error element. */
async function expectFieldError(page, input, message) {
  const id = await input.getAttribute('id');
  const err = page.locator(`#${id}-err`);
  await assert.doesNotReject(err.filter({ hasText: message }).waitFor({ timeout: 3000 }), `no "${message}" at #${id}`);
  assert.equal(await input.getAttribute('aria-invalid'), 'true', `#${id} not marked invalid`);
  assert.match(await input.getAttribute('aria-describedby') ?? '', new RegExp(`${id}-err`));
  assert.equal(await err.getAttribute('aria-live'), 'polite');
}

const row = (page, i) => page.locator('#hy-rows > li').nth(i);
const field = (page, i, f) => row(page, i).locator(`[data-f="${f}"]`);

function file(name, text) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

test('a reversed period: at "last month", and both months kept', async () => {
  const { context, page } = await newPage(browser, { url: srv.url });
  try {
    await field(page, 0, 'city').fill('无锡');
    await field(page, 0, 'from').fill('2021-05');
    await field(page, 0, 'to').fill('2021-01');
    await expectFieldError(page, field(page, 0, 'to'), '结束月份早于开始月份');
    assert.equal(await field(page, 0, 'from').inputValue(), '2021-05');
    assert.equal(await field(page, 0, 'to').inputValue(), '2021-01');
    // The summary is announced in the live region.
    await page.locator('#hy-live:has-text("需要修改")').waitFor();
    // Fixing it clears the message.
    await field(page, 0, 'to').fill('2021-09');
    await page.locator(`#${await field(page, 0, 'to').getAttribute('id')}-err:empty`).waitFor({ state: 'attached' });
    assert.equal(await field(page, 0, 'to').getAttribute('aria-invalid'), null);
  } finally { await context.close(); }
});

test('a future month: at that month, kept; earlier results stay, marked as stale', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    await field(page, 0, 'from').fill('2027-03');
    await expectFieldError(page, field(page, 0, 'from'), '这个月份在今天（2026-11）之后');
    assert.equal(await field(page, 0, 'from').inputValue(), '2027-03');
    assert.ok(await page.locator('#hy-stale').isVisible());
    assert.ok(await page.locator('#hy-out .card').count() > 0, 'results did not vanish');
  } finally { await context.close(); }
});

test('back-paid months without their last month: at the back-paid box, saying which months to give', async () => {
  const { context, page } = await newPage(browser, { url: srv.url });
  try {
    await field(page, 0, 'city').fill('苏州');
    await field(page, 0, 'from').fill('2022-01');
    await field(page, 0, 'back').check();
    await field(page, 0, 'backFrom').fill('2022-03');
    await expectFieldError(page, field(page, 0, 'back'), '请在“补缴从”“补缴到”只填补缴的那几个月');
    assert.ok(await field(page, 0, 'back').isChecked());
  } finally { await context.close(); }
});

test('a what-if month that is not in the future: at the what-if month', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    await page.check('#hy-wi-on');
    await page.fill('#hy-wi-from', '2025-01');
    await expectFieldError(page, page.locator('#hy-wi-from'), '请选择今天之后的月份');
    assert.equal(await page.inputValue('#hy-wi-from'), '2025-01');
  } finally { await context.close(); }
});

test('a loaded file with an unknown city, an unknown kind and a bad month: each at its field, each value shown', async () => {
  const { context, page } = await newPage(browser, { url: srv.url });
  try {
    const history = {
      version: 1,
      hukou_city: 'atlantis',
      periods: [
        { city: 'gotham', kind: 'social_insurance', from: '2020-01', to: '2020-12' },
        { city: 'wuxi', kind: 'pension', from: '2021-01', to: '2021-06' },
        { city: 'wuxi', kind: 'residence', from: '2021-13', to: null },
      ],
    };
    await page.setInputFiles('#hy-file', file('unknown.json', JSON.stringify(history)));
    await page.locator('#hy-file-ok:has-text("已读取")').waitFor();
    await expectFieldError(page, field(page, 0, 'city'), '不认识这个城市');
    assert.equal(await field(page, 0, 'city').inputValue(), 'gotham');
    await expectFieldError(page, page.locator('#hy-hukou'), '不认识这个城市');
    assert.equal(await page.inputValue('#hy-hukou'), 'atlantis');
    const pension = row(page, 1).locator('[data-kind=pension]');
    await expectFieldError(page, pension, '请选择“社保”或“居住证”');
    assert.ok(await pension.isChecked());
    assert.match(await pension.locator('xpath=..').innerText(), /未知类型：pension/);
    await expectFieldError(page, field(page, 2, 'from'), '没看懂这个月份');
    assert.equal(await field(page, 2, 'from').inputValue(), '2021-13');
  } finally { await context.close(); }
});

test('malformed files: the message at the top, the editor untouched', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    const before = await page.$$eval('#hy-rows [data-f]', (els) => els.map((e) => e.value + e.checked));
    const cases = [
      ['not-json.json', '{"periods": [', /不是有效的 JSON 文件/],
      ['wrong-type.json', JSON.stringify({ periods: [{ city: 'wuxi', kind: 'residence', from: 202001 }] }), /periods\[0\]\.from/],
      ['unknown-key.json', JSON.stringify({ periods: [{ city: 'wuxi', kind: 'residence', from: '2020-01', to: '2020-02', back_payed: true }] }), /periods\[0\]\.back_payed/],
      ['version.json', JSON.stringify({ version: 2, periods: [] }), /格式版本/],
      ['too-many.json', JSON.stringify({ periods: Array.from({ length: 1001 }, () => ({ city: 'wuxi', kind: 'residence', from: '2020-01', to: '2020-02' })) }), /记录太多/],
      ['array.json', '[1, 2, 3]', /格式不对/],
    ];
    for (const [name, text, message] of cases) {
      await page.setInputFiles('#hy-file', file(name, text));
      await page.locator('#hy-file-err').filter({ hasText: message }).waitFor({ timeout: 3000 });
      assert.equal(await page.getAttribute('#hy-file', 'aria-invalid'), 'true');
      assert.match(await page.getAttribute('#hy-file', 'aria-describedby'), /hy-file-err/);
      const after = await page.$$eval('#hy-rows [data-f]', (els) => els.map((e) => e.value + e.checked));
      assert.deepEqual(after, before, `${name} changed the editor`);
    }
  } finally { await context.close(); }
});

test('a broken share link on a phone: explained in the first screen, in words about the link, announced; it stays in the address bar; an empty editor ready to use', async () => {
  for (const [lang, words] of [['zh', /^无法打开这个分享链接：链接不完整或被改动过。已填写的内容未改动。链接仍在地址栏中。请检查它是否复制完整/], ['en', /^This share link cannot be opened: .*The link is still in the address bar\. Check that it was copied whole/]]) {
    const hash = `#${lang === 'en' ? 'lang=en&' : ''}h=bm90IGpzb24`;
    const { context, page } = await newPage(browser, { url: srv.url, hash, width: 360, height: 780 });
    try {
      const err = page.locator('#hy-file-err');
      await err.filter({ hasText: words }).waitFor();
      assert.equal(await err.getAttribute('role'), 'alert');
      const box = await err.boundingBox();
      assert.ok(box.y + box.height <= 780, `the message ends at ${box.y + box.height}px, below the first screen`);
      assert.equal(await page.evaluate(() => location.hash), hash);
      assert.equal(await page.locator('#hy-rows > li').count(), 1);
      if (lang === 'zh') await page.screenshot({ path: artifact('screenshots', 'errors-phone-zh-broken-link.png') });
    } finally { await context.close(); }
  }
});

test('English messages too', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: '#lang=en' });
  try {
    await field(page, 0, 'city').fill('Wuxi');
    await field(page, 0, 'from').fill('2030-01');
    await expectFieldError(page, field(page, 0, 'from'), 'This month is after today (2026-11)');
  } finally { await context.close(); }
});

test('bad files: each refused whole with its reason at the top, announced; the size checked before reading; a BOM is fine', async () => {
  const { context, page } = await newPage(browser);
  try {
    // Counts every read of a file's contents, to show that a file too big is never read.
    await page.addInitScript(() => {
      window.__reads = 0;
      for (const m of ['text', 'arrayBuffer', 'stream']) {
        const orig = Blob.prototype[m];
        Blob.prototype[m] = function (...a) { window.__reads += 1; return orig.apply(this, a); };
      }
    });
    await page.goto(srv.url + shareHash(TYPICAL));
    await page.locator('#hy-out .card').first().waitFor();
    const before = await page.$$eval('#hy-rows [data-f]', (els) => els.map((e) => e.value + e.checked));
    const period = { city: 'wuxi', kind: 'residence', from: '2020-01', to: '2020-02' };
    const cases = [
      ['not JSON', '{"periods": [', /不是有效的 JSON 文件/],
      ['two objects one after the other', `${JSON.stringify(TYPICAL)}\n${JSON.stringify(TYPICAL)}`, /不止一份记录/],
      ['a top-level array', JSON.stringify([TYPICAL]), /应是一份记录/],
      ['null', 'null', /应是一份记录/],
      ['empty', '', /文件是空的/],
      ['only white space and a BOM', '\uFEFF \n', /文件是空的/],
      ['too many periods', JSON.stringify({ periods: Array.from({ length: 1001 }, () => period) }), /记录太多了（最多 1000 条）/],
      ['too big', `{"periods": [], "x": "${'x'.repeat(1 << 20)}"}`, /超过 1 MB/],
      ['a picture', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), /不是 UTF-8 文本/],
      ['GBK text', Buffer.from([0x7b, 0x22, 0xc4, 0xcf, 0xbe, 0xa9, 0x22, 0x7d]), /不是 UTF-8 文本/],
    ];
    for (const [name, text, message] of cases) {
      const reads = await page.evaluate(() => window.__reads);
      await page.setInputFiles('#hy-file', { name: 'history.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      const err = page.locator('#hy-file-err');
      await err.filter({ hasText: message }).waitFor({ timeout: 3000 });
      assert.match(await err.innerText(), /^无法读取这个文件：.*已填写的内容未改动。$/, name);
      assert.equal(await err.getAttribute('role'), 'alert', name);
      // At the top: before the editor, right under the title.
      assert.ok(await page.evaluate(() => document.querySelector('#hy-file-err').compareDocumentPosition(document.querySelector('.editor')) & Node.DOCUMENT_POSITION_FOLLOWING), name);
      assert.equal(await page.getAttribute('#hy-file', 'aria-invalid'), 'true', name);
      const after = await page.$$eval('#hy-rows [data-f]', (els) => els.map((e) => e.value + e.checked));
      assert.deepEqual(after, before, `${name} changed the editor`);
      if (name === 'too big') assert.equal(await page.evaluate(() => window.__reads), reads, 'a file over 1 MiB is not read');
    }
    assert.ok(await page.evaluate(() => window.__reads) >= cases.length - 1, 'the other files were read');
    // The reason is worded again in the other language, once its words have come.
    await page.selectOption('#hy-lang', 'en');
    await page.locator('h1:has-text("Hukou")').waitFor();
    assert.match(await page.locator('#hy-file-err').innerText(), /^This file cannot be read: it is not UTF-8 text \(save it as UTF-8\)\. Your entries are unchanged\.$/);
    await page.selectOption('#hy-lang', 'zh');
    // A file with a UTF-8 BOM loads, and the message at the top goes.
    await page.setInputFiles('#hy-file', { name: 'bom.json', mimeType: 'application/json', buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ version: 1, periods: [period] }))]) });
    await page.click('#hy-ask-yes'); // it would replace the history in the form: asked first
    await page.locator('#hy-file-ok:has-text("已读取")').waitFor();
    assert.equal(await page.locator('#hy-file-err').innerText(), '');
    assert.equal(await page.locator('#hy-rows > li').count(), 1);
    assert.deepEqual(page.problems, []);
  } finally { await context.close(); }
});

test('mangled share links: not base64url, not JSON, too long — each explained at the top, the form keeps what was there, the link stays in the address bar', async () => {
  const { context, page } = await newPage(browser, { url: srv.url, hash: shareHash(TYPICAL) });
  try {
    const before = await page.$$eval('#hy-rows [data-f]', (els) => els.map((e) => e.value + e.checked));
    const links = [
      ['not base64url', '#h=%%%not*base64', /链接不完整或被改动过/],
      ['not JSON', `#h=${Buffer.from('{"periods": [').toString('base64url')}`, /链接不完整或被改动过/],
      ['cut short', shareHash(TYPICAL).slice(0, -9), /链接不完整或被改动过/],
      ['an array', `#h=${Buffer.from('[]').toString('base64url')}`, /应是一份记录/],
      ['too long', `#h=${'A'.repeat(1500000)}`, /超过 1 MB/],
      ['an unknown key', shareHash({ periods: [], colour: 'red' }), /colour/],
    ];
    for (const [name, hash, message] of links) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.locator('#hy-file-err').filter({ hasText: message }).waitFor({ timeout: 5000 });
      assert.match(await page.locator('#hy-file-err').innerText(), /^无法打开这个分享链接：.*已填写的内容未改动。链接仍在地址栏中。/, name);
      assert.equal(await page.getAttribute('#hy-file-err', 'role'), 'alert');
      const after = await page.$$eval('#hy-rows [data-f]', (els) => els.map((e) => e.value + e.checked));
      assert.deepEqual(after, before, `${name} changed the editor`);
      assert.equal(await page.evaluate(() => location.hash), hash, `${name}: the link stays in the address bar`);
    }
  } finally { await context.close(); }
});
