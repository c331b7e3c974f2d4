// Every string and every explanation code exists in both languages: the step
// codes, statuses, reasons and error kinds are read from the Rust source, so a
// new code in the engine fails here until the page can say it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STRINGS } from '../../www/i18n.js';
import { ROOT } from './helpers.mjs';

const snake = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
/** The variants of `enum name` in a Rust file, in snake_case. */
function variants(file, name) {
  const src = readFileSync(join(ROOT, 'src', file), 'utf8');
  const start = src.indexOf(`pub enum ${name} {`);
  assert.ok(start >= 0, `enum ${name} not found in ${file}`);
  let depth = 0;
  let body = '';
  for (let i = src.indexOf('{', start); i < src.length; i += 1) {
    const ch = src[i];
    if (ch === '{') depth += 1;
    if (ch === '}') depth -= 1;
    if (depth === 1 && ch !== '{') body += ch;
    if (depth === 0) break;
  }
  return body.split('\n').map((l) => l.trim()).filter((l) => /^[A-Z]\w*/.test(l)).map((l) => snake(l.match(/^\w+/)[0]));
}

function keysDeep(o, prefix = '') {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keysDeep(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

test('both languages have the same strings', () => {
  assert.deepEqual(keysDeep(STRINGS.en).sort(), keysDeep(STRINGS.zh).sort());
});

const tables = [
  ['report.rs', 'Step', 'step'],
  ['report.rs', 'Status', 'status'],
  ['report.rs', 'NoProjection', 'no_projection'],
  ['report.rs', 'PartnerExclusion', 'exclusion'],
  ['rules.rs', 'BackPaid', 'back_paid_rule'],
  ['rules.rs', 'Cutoff', 'cutoff_rule'],
  ['rules.rs', 'Counting', 'counting'],
  ['rules.rs', 'Confidence', 'conf'],
  ['rules.rs', 'Kind', 'kinds'],
  ['error.rs', 'ErrorKind', 'err'],
];

for (const [file, name, table] of tables) {
  test(`every ${name} has words in both languages`, () => {
    for (const lang of ['zh', 'en']) {
      for (const code of variants(file, name)) {
        assert.ok(STRINGS[lang][table][code], `${lang}.${table}.${code} is missing`);
      }
    }
  });
}

test('every step renders to words with its own parameters', () => {
  const c = {
    city: (x) => `<${x}>`, cities: (a) => a.join('+'), agreement: (x) => `[${x}]`, kind: (k) => k,
    month: (m) => m, date: (d) => d, n: (n) => `${n}m`, ny: (n) => `${n}m`, conf: (x) => x,
    exclusion: (x) => x, backPaid: (x) => x, cutoffRule: (x) => x, noProjection: (x) => x, what: (w) => w,
  };
  const sample = {
    kind: 'residence', holding: 'social_insurance', city: 'wuxi', agreement: 'ag', months: 3, month: '2026-01',
    rule: 'counted', cap: 5, counted: 2, excluded: 1, reason: 'no_agreement', gap_from: '2020-01', gap_to: '2020-03',
    gap_months: 3, tolerance: 0, from: '2020-01', to: '2021-01', ratio: 0.5, before: 10, after: 5, required: 12,
    local: 4, met: false, missing: 8, eligible_from: '2027-01', what_if: true, what: 'route:points',
    effective_until: '2027-12-31', effective_from: '2021-01-01', first: 0, second: 1, date: '2026-11-26',
    first_effective: '2021-01-01', last_until: null, hukou_city: 'wuxi', allowed: ['changsha'], source_title: 'T',
    document_number: null, confidence: 'news', verified_on: '2026-11-26',
  };
  for (const lang of ['zh', 'en']) {
    for (const code of variants('report.rs', 'Step')) {
      const text = STRINGS[lang].step[code]({ code, ...sample }, c);
      assert.equal(typeof text, 'string');
      assert.doesNotMatch(text, /undefined|\[object/, `${lang} ${code}: ${text}`);
    }
  }
});
