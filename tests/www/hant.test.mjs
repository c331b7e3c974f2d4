// 繁體中文: www/generated/zh-hant.js is what scripts/hant.mjs writes from the
// zh table of www/i18n.js with the pinned converter, has every key of that
// table, and says everything in Traditional characters (converting it again
// changes nothing), with Hong Kong's quotation marks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenCC from 'opencc-js';
import { MENU, STRINGS, VOCABULARIES, WORDS, codeOf, menuItem, overlay } from '../../www/i18n.js';
import hant from '../../www/generated/zh-hant.js';

const script = fileURLToPath(new URL('../../scripts/hant.mjs', import.meta.url));
const file = fileURLToPath(new URL('../../www/generated/zh-hant.js', import.meta.url));
const text = readFileSync(file, 'utf8');
const vocabulary = JSON.parse(readFileSync(new URL('../../www/generated/vocabulary.json', import.meta.url), 'utf8'));

function keysDeep(o, prefix = '') {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keysDeep(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

/** Every string the table holds or its functions make (with placeholder arguments). */
function words(o, out = []) {
  for (const v of Object.values(o)) {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') words(v, out);
  }
  return out;
}

test('the committed 繁體中文 table is what the script generates from the zh table', () => {
  execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' });
});

test('the check fails on a table that differs from the generated one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hant-'));
  try {
    const path = join(dir, 'zh-hant.js');
    writeFileSync(path, text.replace("title: '落户年限自測'", "title: '落户年限自测'"));
    const out = spawnSync(process.execPath, [script, '--check', '--file', path], { encoding: 'utf8' });
    assert.equal(out.status, 1, out.stderr);
    assert.match(out.stderr, /落户年限自测/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('it has every key of the zh table, and a table for every vocabulary code', () => {
  assert.deepEqual(keysDeep(hant).sort(), keysDeep(WORDS.zh).sort());
  for (const [name, codes] of Object.entries(vocabulary)) {
    for (const code of codes) {
      const w = hant[VOCABULARIES[name]]?.[code];
      assert.ok(typeof w === 'function' || (typeof w === 'string' && w.trim()), `zh-Hant ${VOCABULARIES[name]}.${code}`);
    }
  }
});

test('it is Traditional throughout, in Hong Kong’s forms and quotation marks', () => {
  const again = OpenCC.Converter({ from: 'cn', to: 'hkp' });
  const simplified = [];
  for (const w of words(hant)) if (again(w) !== w) simplified.push(w);
  assert.deepEqual(simplified, []);
  assert.equal(hant.lang_name, '繁體中文');
  assert.equal(hant.title, '落户年限自測');
  assert.equal(hant.history, '我的記錄');
  assert.match(hant.privacy, /伺服器/); // Hong Kong's word, not 服務器
  assert.equal(hant.weak_part.agreement({ agreement: 'x' }, { agreement: () => '蘇南' }), '互認安排「蘇南」未經核實');
  assert.doesNotMatch(text, /[“”‘’]/);
  // A function's output: its words converted, what it is given (a city name from the rules) as it is.
  assert.equal(hant.no_rules_line('苏南'), '暫未收錄這座城市的落户規則（屬於苏南）：這裏不作判斷。');
});

test('the language menu: three languages, each named in itself; a state’s code; a table generated before a new key still says it', () => {
  assert.deepEqual(MENU.map((m) => [m.code, m.name, m.tag, m.base]), [
    ['zh', '简体中文', 'zh-CN', 'zh'], ['zh-Hant', '繁體中文', 'zh-HK', 'zh'], ['en', 'English', 'en', 'en'],
  ]);
  assert.equal(menuItem('fr'), undefined);
  assert.equal(codeOf({ lang: 'zh', hant: true }), 'zh-Hant');
  assert.equal(codeOf({ lang: 'en', hant: true }), 'en');
  assert.equal(codeOf({ lang: 'zh' }), 'zh');
  const older = { title: '舊', status: { eligible: '年限已滿足' } };
  const t = overlay(older, STRINGS.zh);
  assert.equal(t.title, '舊');
  assert.equal(t.status.eligible, '年限已滿足');
  assert.equal(t.status.not_yet, STRINGS.zh.status.not_yet);
  assert.equal(t.subtitle, STRINGS.zh.subtitle);
});
