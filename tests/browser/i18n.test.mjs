// Every string and every explanation code exists in both languages: the step
// codes, statuses, reasons and error kinds come from the vocabulary generated
// from the Rust types (www/generated/vocabulary.json), so a new code in the
// engine fails here until the page can say it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STRINGS } from '../../www/i18n.js';
import { ROOT } from './helpers.mjs';

/** The codes of one vocabulary, generated from the Rust types. */
const VOCABULARY = JSON.parse(readFileSync(join(ROOT, 'www/generated/vocabulary.json'), 'utf8'));
function variants(vocabulary) {
  assert.ok(VOCABULARY[vocabulary]?.length, `no vocabulary ${vocabulary}`);
  return VOCABULARY[vocabulary];
}

function keysDeep(o, prefix = '') {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keysDeep(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

test('both languages have the same strings', () => {
  assert.deepEqual(keysDeep(STRINGS.en).sort(), keysDeep(STRINGS.zh).sort());
});

const tables = [
  ['step', 'Step', 'step'],
  ['status', 'Status', 'status'],
  ['no_projection', 'NoProjection', 'no_projection'],
  ['partner_exclusion', 'PartnerExclusion', 'exclusion'],
  ['back_paid', 'BackPaid', 'back_paid_rule'],
  ['cutoff', 'Cutoff', 'cutoff_rule'],
  ['counting', 'Counting', 'counting'],
  ['confidence', 'Confidence', 'conf'],
  ['kind', 'Kind', 'kinds'],
  ['error_kind', 'ErrorKind', 'err'],
  ['route_reason', 'RouteReason', 'reason'],
];

for (const [vocabulary, name, table] of tables) {
  test(`every ${name} has words in both languages`, () => {
    for (const lang of ['zh', 'en']) {
      for (const code of variants(vocabulary)) {
        assert.ok(STRINGS[lang][table][code], `${lang}.${table}.${code} is missing`);
      }
    }
  });
}

test('every step renders to words with its own parameters', () => {
  const c = {
    city: (x) => `<${x}>`, cities: (a) => a.join('+'), agreement: (x) => `[${x}]`, kind: (k) => k,
    month: (m) => m, date: (d) => d, n: (n) => `${n}m`, ny: (n) => `${n}m`, conf: (x) => x,
    exclusion: (x) => x, backPaid: (x) => x, cutoffRule: (x) => x, noProjection: (x) => x, what: (w) => w, part: (x) => x,
    entries: (ix) => ix.map((i) => i + 1).join('+'),
  };
  const sample = {
    kind: 'residence', holding: 'social_insurance', city: 'wuxi', agreement: 'ag', months: 3, month: '2026-01',
    rule: 'counted', cap: 5, counted: 2, excluded: 1, reason: 'no_agreement', gap_from: '2020-01', gap_to: '2020-03',
    gap_months: 3, tolerance: 0, from: '2020-01', to: '2021-01', ratio: 0.5, before: 10, after: 5, required: 12,
    local: 4, met: false, missing: 8, eligible_from: '2027-01', what_if: true, route: 'points',
    effective_until: '2027-12-31', effective_from: '2021-01-01', first: 0, second: 1, date: '2026-11-26',
    first_effective: '2021-01-01', last_until: null, hukou_city: 'wuxi', allowed: ['changsha'], source_title: 'T',
    document_number: null, confidence: 'news', verified_on: '2026-11-26', records: [0, 2, 3], with: ['suzhou'], runs: 2,
    elsewhere: [{ city: 'nanjing', months: 2 }], assumed: 'local_minimum', pilot_until: '2027-09-10',
  };
  // A streak break partly elsewhere, wholly elsewhere, and nowhere else; an overlap with the same city only.
  const variantsOf = [sample, { ...sample, elsewhere: [{ city: 'nanjing', months: 3 }], with: [] }, { ...sample, elsewhere: [] }];
  for (const params of variantsOf) {
    for (const lang of ['zh', 'en']) {
      for (const code of variants('step')) {
        const text = STRINGS[lang].step[code]({ code, ...params }, c);
        assert.equal(typeof text, 'string');
        assert.doesNotMatch(text, /undefined|\[object|NaN/, `${lang} ${code}: ${text}`);
      }
    }
  }
});
