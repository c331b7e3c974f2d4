// The answer to "I want to settle in…", without DOM: the best route of a city
// (met first, then the earliest projection), the way that needs no years
// named alongside a route not met, the words a person can act on in both
// languages, the history as it stood in an earlier month, and the month
// since which a route has been met.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { STRINGS } from '../../www/i18n.js';
import { nameIn, places } from '../../www/cities.js';
import { createState } from '../../www/state.js';
import { answerFor, bestFirst, historyAsOf, lastDay, missingOf, sinceMonth } from '../../www/answers.js';
import { answerParts, answerWords } from '../../www/views/targets.js';
import { briefText } from '../../www/views/results.js';

const gazetteer = JSON.parse(readFileSync(new URL('../../rules/gazetteer.json', import.meta.url), 'utf8'));

function page(lang, whatIf = null) {
  const S = createState({ lang });
  const P = { S, t: STRINGS[lang], today: '2026-11-26', places: places(gazetteer, []), lastGood: { report: { what_if: whatIf } } };
  P.name = (o) => nameIn(S.lang, o);
  P.cityName = (id) => P.places.label(S.lang, P.places.cityById.get(id)) || id;
  return P;
}

const req = (over) => ({ kind: 'social_insurance', missing_months: 0, local_missing_months: 0, ...over });
const route = (over) => ({ route: 'r', name_zh: '途径', name_en: 'Route', basis: 'years', status: 'not_yet', requirements: [], eligible_from: null, no_projection: null, reason: null, ...over });
const codes = new Map(gazetteer.cities.map((c) => [c.id, c.code]));
const city = (id, routes, status = 'rules') => ({ city: id, code: codes.get(id), status, regions: [], counted_by: [], routes });
const report = (...cities) => ({ evaluation_month: '2026-11', what_if: null, cities });

test('the best route of a city: met (plain first), then the earliest projection, then short, then no years needed, unknown, not applicable', () => {
  const routes = [
    route({ route: 'na', status: 'not_applicable' }),
    route({ route: 'unknown', status: 'unknown' }),
    route({ route: 'home', status: 'no_threshold', basis: 'home_ownership' }),
    route({ route: 'short', status: 'not_yet', requirements: [req({ missing_months: 3 })] }),
    route({ route: 'late', status: 'not_yet', eligible_from: '2030-01' }),
    route({ route: 'soon', status: 'not_yet', eligible_from: '2027-03' }),
    route({ route: 'weak', status: 'eligible_unverified' }),
    route({ route: 'plain', status: 'eligible' }),
  ];
  assert.deepEqual(bestFirst(routes).map((r) => r.route), ['plain', 'weak', 'soon', 'late', 'short', 'home', 'unknown', 'na']);
  // Among routes short without a projection, the fewest months missing first.
  assert.deepEqual(bestFirst([route({ route: 'a', requirements: [req({ missing_months: 9 })] }), route({ route: 'b', requirements: [req({ local_missing_months: 2 })] })]).map((r) => r.route), ['b', 'a']);
  // Requirements run side by side: what is missing is the largest gap, not the sum.
  assert.equal(missingOf(route({ requirements: [req({ missing_months: 84 }), req({ missing_months: 84 }), req({ local_missing_months: 90 })] })), 90);
});

test('each kind of answer, in words a person can act on, in both languages', () => {
  const rep = report(
    city('nanjing', [route({ route: 'outer', status: 'not_yet', eligible_from: '2027-02', requirements: [req({ missing_months: 3 })] }), route({ route: 'home', status: 'no_threshold', basis: 'home_ownership' })]),
    city('suzhou', [route({ route: 'points', status: 'not_yet', no_projection: 'nothing_ongoing', requirements: [req({ missing_months: 12 })] })]),
    city('wuxi', [route({ route: 'open', status: 'no_threshold', basis: 'open' })]),
    city('fuzhou', [route({ route: 'general', status: 'unknown', reason: 'threshold_unknown' })]),
    city('changzhou', [route({ route: 'y', status: 'eligible' })]),
    city('zhenjiang', [route({ route: 'y', status: 'eligible_unverified' })]),
    city('tianjin', [], 'no_rules'),
    city('xiangtan', [], 'already_registered'),
  );
  const zh = page('zh');
  const words = (P, id, since) => answerWords(P, answerFor(rep, id), since);
  assert.equal(words(zh, 'nanjing'), '还差 3 个月，预计 2027年2月 满足；另：在这里有自有住房即可落户，不看年限');
  assert.equal(words(zh, 'suzhou'), '还差 12 个月；无法推算何时满足：没有还在继续、并且这里认可的记录');
  assert.equal(words(zh, 'wuxi'), '有合法稳定就业或住所即可落户，不看年限');
  assert.equal(words(zh, 'fuzhou'), '规定不明 — 现有来源没有写明年限要求');
  assert.equal(words(zh, 'changzhou', '2025-09'), '年限已满足（2025年9月起）');
  assert.equal(words(zh, 'changzhou'), '年限已满足');
  assert.equal(words(zh, 'zhenjiang', '2024-10'), '年限可能已满足（2024年10月起），依据未经核实的假设');
  assert.equal(words(zh, 'tianjin'), '暂未收录');
  assert.equal(words(zh, 'xiangtan'), '你的户籍已经在这里');
  assert.equal(words(zh, 'shanghai'), '暂未收录', 'a city the report does not list is not covered, never "met"');
  // What can be acted on comes first; what qualifies it after.
  assert.deepEqual(answerParts(zh, answerFor(rep, 'suzhou')), ['还差 12 个月', '无法推算何时满足：没有还在继续、并且这里认可的记录']);
  const en = page('en');
  assert.equal(words(en, 'nanjing'), '3 months to go, expected Feb 2027; Also: owning a home here is enough, no years needed');
  assert.equal(words(en, 'changzhou', '2025-09'), 'years met (since Sep 2025)');
  assert.equal(words(en, 'fuzhou'), 'rules unclear — the sources do not state the years');
  assert.equal(words(en, 'tianjin'), 'not covered yet');
  // With a what-if, the projection says it rests on it.
  assert.equal(words(page('zh', { city: 'nanjing' }), 'nanjing').split('；')[0], '还差 3 个月，按假设预计 2027年2月 满足');
});

test('the summary line names cities, the history\'s first, three at most and how many more; nothing for an empty history', () => {
  const rep = report(
    city('beijing', [route({ status: 'not_yet' })]),
    city('shanghai', [route({ status: 'not_yet' })]),
    city('guangzhou', [route({ status: 'not_yet' })]),
    city('suzhou', [route({ status: 'not_yet' })]),
    city('nanjing', [route({ status: 'eligible' })]),
    city('wuxi', [route({ status: 'no_threshold', basis: 'open' })]),
  );
  const history = { periods: [{ city: 'suzhou' }, { city: '南京' }] };
  assert.equal(briefText(page('zh'), rep, history), '年限已满足：南京市。 还不够：苏州市、北京市、上海市等 4 个城市。');
  assert.equal(briefText(page('en'), rep, history), 'Years met: Nanjing. Not yet: Suzhou (Jiangsu), Beijing, Shanghai and 1 more.');
  assert.doesNotMatch(briefText(page('zh'), rep, history), /项/);
  assert.equal(briefText(page('zh'), rep, { periods: [] }), '');
});

test('the history as it stood at the end of an earlier month', () => {
  const h = {
    version: 1,
    hukou_city: 'xiangtan',
    periods: [
      { city: 'wuxi', kind: 'social_insurance', from: '2018-03', to: '2020-02' },
      { city: 'suzhou', kind: 'social_insurance', from: '2020-03', to: '2023-12', back_paid: true },
      { city: 'nanjing', kind: 'social_insurance', from: '2024-04', to: null },
    ],
  };
  assert.deepEqual(historyAsOf(h, '2021-06'), {
    version: 1,
    hukou_city: 'xiangtan',
    periods: [
      { city: 'wuxi', kind: 'social_insurance', from: '2018-03', to: '2020-02' },
      { city: 'suzhou', kind: 'social_insurance', from: '2020-03', to: '2021-06', back_paid: true },
    ],
  });
  assert.deepEqual(historyAsOf(h, '2026-10').periods, h.periods);
  assert.equal(historyAsOf(h, '2018-02').periods.length, 0);
  assert.equal(lastDay('2024-02'), '2024-02-29');
  assert.equal(lastDay('2026-11'), '2026-11-30');
});

test('met since: the first month of the run of met months that reaches this one', () => {
  const metFrom = (first, breaks = []) => (m) => m >= first && !breaks.includes(m);
  assert.deepEqual(sinceMonth('2026-11', metFrom('2025-09')), { month: '2025-09' });
  // A month not met in between: the run starts after it.
  assert.deepEqual(sinceMonth('2026-11', metFrom('2020-01', ['2023-04'])), { month: '2023-05' });
  // Met in the previous month already this month only.
  assert.deepEqual(sinceMonth('2026-11', metFrom('2026-11')), { month: '2026-11' });
  // Met as far back as it looks: too long ago to say.
  assert.deepEqual(sinceMonth('2026-11', () => true, 24), { month: null });
  // The asker ran out of time: ask again later.
  assert.deepEqual(sinceMonth('2026-11', (m) => (m < '2026-06' ? null : true)), { pending: true });
});
