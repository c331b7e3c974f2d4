// Every code the engine can return has words in every language of the menu
// (简体中文, 繁體中文, English). The codes come from www/generated/vocabulary.json
// (the engine's vocabularies, listed from its types); each has its table in
// every language's words, named by VOCABULARIES (www/lang.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MENU, VOCABULARIES, WORDS } from '../../www/i18n.js';

const LANGS = MENU.map((m) => m.code);

const vocabulary = JSON.parse(readFileSync(new URL('../../www/generated/vocabulary.json', import.meta.url), 'utf8'));

test('every language of the menu has its words', () => {
  assert.deepEqual(Object.keys(WORDS).sort(), [...LANGS].sort());
});

test('i18n.js has a table for every vocabulary, and no table for one that does not exist', () => {
  assert.deepEqual(Object.keys(VOCABULARIES).sort(), Object.keys(vocabulary).sort());
  for (const lang of LANGS) {
    for (const [name, table] of Object.entries(VOCABULARIES)) {
      const words = WORDS[lang][table];
      assert.ok(words && typeof words === 'object', `${lang}: no table ${table} for ${name}`);
    }
  }
});

for (const [name, codes] of Object.entries(vocabulary)) {
  test(`every ${name} code has words in ${LANGS.join(', ')}`, () => {
    assert.ok(Array.isArray(codes) && codes.length, `${name}: no codes`);
    const missing = [];
    for (const lang of LANGS) {
      for (const code of codes) {
        const words = WORDS[lang][VOCABULARIES[name]]?.[code];
        const ok = typeof words === 'function' || (typeof words === 'string' && words.trim() !== '');
        if (!ok) missing.push(`${lang}.${VOCABULARIES[name]}.${code}`);
      }
    }
    assert.deepEqual(missing, [], `missing translations: ${missing.join(', ')}`);
  });
}

test('a projection past an end names what ends: a pilot (pilot_ends_before), not the old expiry steps', () => {
  assert.ok(vocabulary.step.includes('pilot_ends_before') && vocabulary.step.includes('pilot_continuing'));
  assert.ok(!vocabulary.step.includes('route_expires_before') && !vocabulary.step.includes('agreement_expires_before'));
});
