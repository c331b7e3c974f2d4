// The share link's #h= fragment, the saved file and the remembered record, as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_BYTES, STORE_KEY, decodeShare, encodeShare, fileName, fileText, parseHistory, readLink, readStored, shareLink, storedText,
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

test('a broken h= gives the reason it is refused, not an exception, and keeps the rest', () => {
  const b64 = (text) => Buffer.from(text).toString('base64url');
  const cases = [
    ['bm90IGpzb24', 'damaged'], // "not json"
    ['', 'damaged'],
    ['@@@', 'damaged'], // not base64url
    ['ab+/', 'damaged'], // base64, not base64url
    ['abcde', 'damaged'], // a length base64 cannot have
    ['_w', 'damaged'], // 0xFF: not UTF-8
    [encodeShare(HISTORY).slice(0, -7), 'damaged'], // cut short
    [b64('[1,2]'), 'not_object'],
    [b64('null'), 'not_object'],
    [b64('"text"'), 'not_object'],
    [b64('{"periods":[]}{"periods":[]}'), 'several'],
    ['A'.repeat(Math.ceil(MAX_BYTES / 3) * 4 + 4), 'too_big'],
  ];
  for (const [h, why] of cases) {
    assert.deepEqual(readLink(`#h=${h}&lang=en`), { why, rest: 'lang=en' }, h.slice(0, 40));
  }
  assert.throws(() => decodeShare('_w'));
});

test('a file’s text: a BOM is dropped; empty, not JSON, several values and non-objects are refused by name', () => {
  assert.deepEqual(parseHistory(`\uFEFF${JSON.stringify(HISTORY)}`), { data: HISTORY });
  assert.deepEqual(parseHistory(`\n  ${JSON.stringify(HISTORY)}\n`), { data: HISTORY });
  const cases = [
    ['', 'empty'], ['  \n', 'empty'], ['\uFEFF', 'empty'],
    ['{"periods": [', 'not_json'], ['{periods: []}', 'not_json'], ['1 2', 'not_json'], ['\u0000\u0001PNG', 'not_json'],
    ['{}{}', 'several'], ['{"version":1}\n{"version":1}\n', 'several'], ['{} []', 'several'],
    ['[]', 'not_object'], ['[{"periods": []}]', 'not_object'], ['null', 'not_object'], ['42', 'not_object'], ['"{}"', 'not_object'], ['true', 'not_object'],
  ];
  for (const [text, why] of cases) assert.deepEqual(parseHistory(text), { why }, JSON.stringify(text));
  // Keys that mean something to JavaScript are data like any other (the engine rejects unknown keys).
  const proto = parseHistory('{"__proto__": {"polluted": 1}, "periods": []}').data;
  assert.deepEqual(Object.keys(proto), ['__proto__', 'periods']);
  assert.equal({}.polluted, undefined);
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

test('what the page stores reads back; nothing, garbage or a record without a history reads as null', () => {
  assert.equal(STORE_KEY, 'hukou-years:v1');
  assert.deepEqual(readStored(storedText(HISTORY, 'en', true)), { history: HISTORY, lang: 'en', elder: true });
  const wi = { on: true, city: 'suzhou', from: '2027-01', kinds: ['residence'] };
  assert.deepEqual(readStored(storedText(HISTORY, 'zh', false, { what_if: wi, remember: true })),
    { history: HISTORY, lang: 'zh', elder: false, what_if: wi, remember: true });
  for (const text of [null, '', '{not json', 'null', '[]', '{}', '{"history": null}', '{"history": []}', '{"history": "x"}']) {
    assert.equal(readStored(text), null, String(text));
  }
});
