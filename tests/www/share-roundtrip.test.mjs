// Property: every valid history survives the share link, the saved file and
// the stored record exactly — Chinese and astral text in notes, lone
// surrogates, empty lists, null and absent `to`, every optional field present
// or not. Histories come from a seeded generator (no dependency): a failure
// names its seed and case, and HY_SEED=<seed> replays it; HY_RUNS sets how many.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  decodeShare, encodeShare, fileText, parseHistory, readLink, readStored, shareLink, storedText,
} from '../../www/share.js';

const SEED = Number(process.env.HY_SEED ?? 20261126) >>> 0;
const RUNS = Number(process.env.HY_RUNS ?? 600);
const gazetteer = JSON.parse(readFileSync(new URL('../../rules/gazetteer.json', import.meta.url), 'utf8'));
const CITY_IDS = gazetteer.cities.map((c) => c.id);
const CITY_CODES = gazetteer.cities.map((c) => c.code).filter(Boolean);

/** mulberry32: a small, well-mixed 32-bit generator. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, pick: (xs) => xs[int(0, xs.length - 1)], chance: (p) => next() < p };
}

// Pieces of text a note may hold: ASCII (quotes, backslashes, markup, controls),
// Chinese, astral characters (emoji, CJK extension B, a flag), combining marks,
// the BOM and lone surrogates (JSON.stringify escapes those, so they survive too).
const PIECES = [
  () => 'abc', () => ' ', () => '"', () => '\\', () => '</script><img src=x onerror=alert(1)>', () => '\n\t\r',
  () => '\u0000\u001f', () => '补缴', () => '公司“A&B”', () => '南京市鼓楼区', () => '——', () => '％＃＆',
  () => '😀', () => '👩‍👩‍👧', () => '🇨🇳', () => '𠀀𪚥', () => 'é', () => 'e\u0301', () => '\uFEFF', () => '\u2028\u2029',
  () => '\uD800', () => '\uDFFF', () => '=+/-_', () => '%23h%3D', () => '#h=', () => '&lang=en',
];

function text(r, max) {
  let s = '';
  const n = r.int(0, max);
  for (let i = 0; i < n; i += 1) s += r.chance(0.1) ? String.fromCodePoint(r.int(0x20, 0x10ffff)).replace(/[\uD800-\uDFFF]/, '') : r.pick(PIECES)();
  return s;
}

const month = (r) => `${r.int(1950, 2026)}-${String(r.int(1, 12)).padStart(2, '0')}`;

/** A valid history: the fields of the public format, each optional one present or not. */
function history(r) {
  const h = {};
  if (r.chance(0.7)) h.version = 1;
  if (r.chance(0.4)) h.hukou_city = r.chance(0.8) ? r.pick(CITY_IDS) : r.pick(CITY_CODES);
  const shape = r.int(0, 9);
  if (shape > 0 || r.chance(0.5)) {
    // Empty lists too, and now and then a long one.
    const n = shape === 1 ? 0 : shape === 9 ? r.int(50, 200) : r.int(1, 12);
    h.periods = Array.from({ length: n }, () => {
      const p = { city: r.pick(CITY_IDS), kind: r.pick(['social_insurance', 'residence']), from: month(r) };
      const to = r.int(0, 2);
      if (to === 0) p.to = null; // ongoing
      else if (to === 1) p.to = month(r); // absent (to === 2): ongoing too
      if (p.to && r.chance(0.2)) p.back_paid = r.chance(0.8);
      if (r.chance(0.3)) p.note = text(r, 12);
      return p;
    });
  }
  return h;
}

/** Runs `check(h)` on RUNS histories; a failure names the seed that replays it. */
function forAll(check) {
  let ran = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const seed = (SEED + i * 0x9e3779b9) >>> 0;
    const h = history(rng(seed));
    try {
      check(h);
    } catch (err) {
      err.message = `HY_SEED=${seed} HY_RUNS=1: ${err.message}\n${JSON.stringify(h).slice(0, 2000)}`;
      throw err;
    }
    ran += 1;
  }
  assert.equal(ran, RUNS);
  assert.ok(ran > 0, 'no history was generated');
}

test('the generator makes what the property is about: Chinese, astral, lone surrogates, empty lists, null and absent `to`', () => {
  const seen = { chinese: 0, astral: 0, lone: 0, empty: 0, noPeriods: 0, nullTo: 0, noTo: 0, long: 0 };
  for (let i = 0; i < RUNS; i += 1) {
    const h = history(rng((SEED + i * 0x9e3779b9) >>> 0));
    if (!h.periods) seen.noPeriods += 1;
    else if (!h.periods.length) seen.empty += 1;
    if (h.periods?.length >= 50) seen.long += 1;
    for (const p of h.periods ?? []) {
      if (p.to === null) seen.nullTo += 1;
      if (!('to' in p)) seen.noTo += 1;
      if (/[\u4e00-\u9fff]/.test(p.note)) seen.chinese += 1;
      if (/[\u{10000}-\u{10ffff}]/u.test(p.note)) seen.astral += 1;
      if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(p.note)) seen.lone += 1;
    }
  }
  for (const [what, n] of Object.entries(seen)) assert.ok(n > 0, `no history with ${what}`);
});

test('a share text decodes to exactly the history it encodes; base64url, no padding', () => {
  forAll((h) => {
    const s = encodeShare(h);
    assert.match(s, /^[A-Za-z0-9_-]*$/);
    assert.equal(s, Buffer.from(JSON.stringify(h)).toString('base64url'));
    assert.deepEqual(decodeShare(s), h);
  });
});

test('a share link opens to exactly the history, in either language, and the fragment keeps its other parameters', () => {
  forAll((h) => {
    for (const lang of ['zh', 'en']) {
      const url = new URL(shareLink('https://checker.example/index.html', lang, h));
      assert.equal(url.search, '');
      const link = readLink(url.hash);
      assert.deepEqual(link, { data: h, rest: lang === 'zh' ? '' : 'lang=en' });
    }
  });
});

test('a saved file and the stored record read back to exactly the history, BOM or not', () => {
  forAll((h) => {
    assert.deepEqual(parseHistory(fileText(h)), { data: h });
    assert.deepEqual(parseHistory(`\uFEFF${fileText(h)}`), { data: h });
    assert.deepEqual(readStored(storedText(h, 'zh', true)).history, h);
  });
});
