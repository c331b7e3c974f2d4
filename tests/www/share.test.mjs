// The share link's #h= fragment, the saved file and the remembered record, as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  STORE_KEY, decodeShare, encodeShare, fileName, fileText, readLink, readStored, shareLink, storedText,
} from '../../www/share.js';

const HISTORY = {
  version: 1,
  hukou_city: 'changsha',
  periods: [
    { city: 'suzhou', kind: 'social_insurance', from: '2020-03', to: '2020-05', back_paid: true, note: '补缴 — 公司 “A&B” <ok>' },
    { city: 'nanjing', kind: 'residence', from: '2024-04', to: null },
  ],
};

test('a history survives encoding and decoding, Chinese and all', () => {
  assert.deepEqual(decodeShare(encodeShare(HISTORY)), HISTORY);
});

test('the text is base64url of the JSON, without padding: what the tests and other tools write', () => {
  const text = encodeShare(HISTORY);
  assert.match(text, /^[A-Za-z0-9_-]+$/);
  assert.equal(text, Buffer.from(JSON.stringify(HISTORY)).toString('base64url'));
  // Any length of padding left off decodes.
  for (const n of [1, 2, 3, 4, 5]) {
    const h = { version: 1, periods: [], x: 'a'.repeat(n) };
    assert.deepEqual(decodeShare(Buffer.from(JSON.stringify(h)).toString('base64url')), h);
  }
});

test('text that is not base64url of JSON throws', () => {
  assert.throws(() => decodeShare('bm90IGpzb24')); // "not json"
  assert.throws(() => decodeShare('@@@'));
});

test('a fragment without h= carries no history', () => {
  assert.equal(readLink(''), null);
  assert.equal(readLink('#lang=en&region=sunan'), null);
});

test('a fragment with h= gives the history and keeps the other parameters', () => {
  const link = readLink(`#lang=en&h=${encodeShare(HISTORY)}&embed=1`);
  assert.deepEqual(link.data, HISTORY);
  assert.equal(link.rest, 'lang=en&embed=1');
  assert.deepEqual(readLink(`#h=${encodeShare(HISTORY)}`), { data: HISTORY, rest: '' });
});

test('a broken h= gives no history, not an exception', () => {
  assert.deepEqual(readLink('#h=bm90IGpzb24'), { data: undefined, rest: '' });
  assert.deepEqual(readLink('#h='), { data: undefined, rest: '' });
});

test('a share link: everything in the #fragment, the language only when not Chinese', () => {
  const zh = shareLink('https://x.example/index.html', 'zh', HISTORY);
  const url = new URL(zh);
  assert.equal(url.search, '');
  assert.equal(url.hash, `#h=${encodeShare(HISTORY)}`);
  assert.deepEqual(readLink(url.hash).data, HISTORY);
  const en = new URL(shareLink('https://x.example/', 'en', HISTORY));
  assert.deepEqual(readLink(en.hash), { data: HISTORY, rest: 'lang=en' });
});

test('a saved file is the history as indented JSON, named by the day', () => {
  assert.equal(fileText(HISTORY), `${JSON.stringify(HISTORY, null, 2)}\n`);
  assert.deepEqual(JSON.parse(fileText(HISTORY)), HISTORY);
  assert.equal(fileName('2026-11-26'), 'hukou-years-2026-11-26.json');
});

test('what "remember" stores reads back; nothing or garbage reads as null', () => {
  assert.equal(STORE_KEY, 'hukou-years:v1');
  assert.deepEqual(readStored(storedText(HISTORY, 'en', true)), { history: HISTORY, lang: 'en', elder: true });
  assert.equal(readStored(null), null);
  assert.equal(readStored(''), null);
  assert.equal(readStored('{not json'), null);
});
