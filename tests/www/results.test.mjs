// The results view builds its HTML without DOM: the report's shapes reach the
// page as words — the hukou cities not checked (first among the conditions
// not checked, named from the gazetteer), and the two "expires before" steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { STRINGS } from '../../www/i18n.js';
import { nameIn, places } from '../../www/cities.js';
import { createState } from '../../www/state.js';
import { ranked, results, tally } from '../../www/views/results.js';

const gazetteer = JSON.parse(readFileSync(new URL('../../rules/gazetteer.json', import.meta.url), 'utf8'));
const agreements = [{ id: 'changzhutan_2025', name_zh: '长株潭互认', name_en: 'Chang-Zhu-Tan recognition' }];

function page(lang) {
  const S = createState({ lang });
  const P = { S, t: STRINGS[lang], today: '2026-11-26', places: places(gazetteer, agreements), lastGood: null };
  P.name = (o) => nameIn(S.lang, o);
  P.cityName = (id) => P.places.label(S.lang, P.places.cityById.get(id)) || id;
  P.agName = (id) => P.name(P.places.agreementById.get(id)) || id;
  return P;
}

const route = (over) => ({
  route: 'points', name_zh: '积分落户', name_en: 'Points', status: 'not_yet', requirements: [], unchecked: [],
  hukou_unchecked: null, agreements: [], assumptions: [], explanation: [], source: null, confidence: 'official',
  verified_on: '2026-11-26', effective_from: '2025-01-01', effective_until: null, ...over,
});
const report = (routes) => ({
  rules_version: '2026-11-26', evaluation_month: '2026-11', what_if: null, history_notes: [],
  cities: [{ city: 'xiangtan', code: '430300', name_zh: '湘潭市', name_en: 'Xiangtan', routes }],
});
const HISTORY = { version: 1, periods: [] };
const text = (html) => String(html).replace(/<[^>]+>/g, '\n').split('\n').map((s) => s.trim()).filter(Boolean);

test('hukou cities not checked come first among the conditions not checked, named from the gazetteer', () => {
  const r = route({ hukou_unchecked: ['changsha', 'zhuzhou'], unchecked: [{ code: 'no_record', zh: '无犯罪记录', en: 'no criminal record' }] });
  const zh = String(results(page('zh'), report([r]), HISTORY));
  const items = [...zh.matchAll(/<div class="unchecked">.*?<\/div>/gs)][0][0];
  assert.deepEqual(text(items), ['本工具没有核对的其他条件：', '户籍在长沙市、株洲市', '无犯罪记录']);
  const en = String(results(page('en'), report([r]), HISTORY));
  const itemsEn = [...en.matchAll(/<div class="unchecked">.*?<\/div>/gs)][0][0];
  assert.deepEqual(text(itemsEn), ['Other conditions this tool does not check:', 'hukou in Changsha, Zhuzhou', 'no criminal record']);
});

test('without hukou cities not checked, only the rule\'s own conditions; none at all, no list', () => {
  const zh = String(results(page('zh'), report([route({ unchecked: [{ code: 'x', zh: '无犯罪记录', en: 'x' }] })]), HISTORY));
  assert.doesNotMatch(zh, /户籍在/);
  assert.match(zh, /无犯罪记录/);
  assert.doesNotMatch(String(results(page('zh'), report([route({})]), HISTORY)), /class="unchecked"/);
});

test('a route and an agreement that expire before the projection each say so, the agreement by name', () => {
  const explanation = [
    { code: 'route_expires_before', route: 'points', effective_until: '2027-12-31' },
    { code: 'agreement_expires_before', agreement: 'changzhutan_2025', effective_until: '2028-06-30' },
  ];
  const zh = text(results(page('zh'), report([route({ explanation })]), HISTORY));
  assert.ok(zh.includes('注意：这条规定只施行到2027-12-31，早于推算的月份，到时规定可能已经改变。'), zh.join('\n'));
  assert.ok(zh.includes('注意：互认安排“长株潭互认”只施行到2028-06-30，早于推算的月份，到时规定可能已经改变。'), zh.join('\n'));
  const en = text(results(page('en'), report([route({ explanation })]), HISTORY)).join('\n');
  assert.match(en, /Note: this rule is in force only until 2027-12-31/);
  assert.match(en, /Note: the arrangement “Chang-Zhu-Tan recognition” is in force only until 2028-06-30/);
});

test('data from the rules is escaped in the results', () => {
  const r = route({ name_zh: '<img src=x onerror=alert(1)>', unchecked: [{ code: 'x', zh: '<b>"q"</b>', en: '' }] });
  const zh = String(results(page('zh'), report([r]), HISTORY));
  assert.doesNotMatch(zh, /<img|<b>/);
  assert.match(zh, /&#60;img src=x onerror=alert\(1\)&#62;/);
});

test('routes best first: met, then not yet by earliest projection, then the rest; tallied per group', () => {
  const rep = report([
    route({ route: 'a', status: 'not_applicable' }),
    route({ route: 'b', status: 'not_yet', eligible_from: '2029-01' }),
    route({ route: 'c', status: 'not_yet', eligible_from: '2027-05' }),
    route({ route: 'd', status: 'no_threshold' }),
    route({ route: 'e', status: 'eligible' }),
    route({ route: 'f', status: 'unknown' }),
  ]);
  assert.deepEqual(ranked(rep, HISTORY, page('zh').places.cityById).map((i) => i.r.route), ['e', 'd', 'c', 'b', 'f', 'a']);
  assert.deepEqual(tally(rep), [2, 2, 2]);
});

test('records covered twice: one note per merged range, by the editor’s entry numbers; the older two-record shape still reads', () => {
  const notes = (P, history_notes) => text(results(P, { ...report([route({})]), history_notes }, HISTORY)).filter((s) => /重复覆盖|covered by|counted once/.test(s));
  const merged = { code: 'records_overlap', kind: 'social_insurance', from: '2020-01', to: '2020-06', months: 6, cities: ['nanjing'], records: [0, 2] };
  assert.deepEqual(notes(page('zh'), [merged]), ['社保：2020年1月至2020年6月有 6 个月被第 1、3 条记录重复覆盖，只算一次。']);
  assert.deepEqual(notes(page('en'), [merged]), ['Social insurance: 6 months from Jan 2020 to Jun 2020 are covered by entries 1, 3; counted once.']);
  // Records in several cities name them; three records are all listed.
  const three = { ...merged, kind: 'residence', cities: ['nanjing', 'suzhou'], records: [0, 1, 4] };
  assert.deepEqual(notes(page('zh'), [three]), ['居住证（南京市、苏州市）：2020年1月至2020年6月有 6 个月被第 1、2、5 条记录重复覆盖，只算一次。']);
  // Entry numbers are the editor's: rows not complete enough to check are not periods.
  const P = page('zh');
  P.lastGood = { entries: [2, 3, 5] };
  assert.deepEqual(notes(P, [{ ...merged, records: [0, 2] }]), ['社保：2020年1月至2020年6月有 6 个月被第 2、5 条记录重复覆盖，只算一次。']);
  // The older shape, until the engine's change lands.
  const old = { code: 'records_overlap', kind: 'social_insurance', first: 0, second: 1, from: '2020-07', to: '2020-12', months: 6 };
  assert.deepEqual(notes(page('zh'), [old]), ['社保：2020年7月至2020年12月有 6 个月被第 1、2 条记录重复覆盖，只算一次。']);
  assert.deepEqual(notes(page('en'), [old]), ['Social insurance: 6 months from Jul 2020 to Dec 2020 are covered by entries 1, 2; counted once.']);
});

test('the timeline outlines an overlap in the lane of every city it names, in either shape', async () => {
  const { timeline } = await import('../../www/views/timeline.js');
  const periods = [
    { city: 'nanjing', kind: 'social_insurance', from: '2020-01', to: '2020-12' },
    { city: 'suzhou', kind: 'social_insurance', from: '2020-07', to: '2021-03' },
  ];
  const draw = (note) => String(timeline({
    periods, report: { ...report([]), evaluation_month: '2026-11', history_notes: [note] }, t: STRINGS.zh, cityName: (c) => c, width: 600, elder: false,
  }));
  const merged = { code: 'records_overlap', kind: 'social_insurance', from: '2020-07', to: '2020-12', months: 6, cities: ['nanjing', 'suzhou'], records: [0, 1] };
  assert.equal(draw(merged).match(/<rect class="ov"[^>]*><title>/g).length, 2);
  assert.equal(draw({ code: 'records_overlap', kind: 'social_insurance', first: 0, second: 1, from: '2020-07', to: '2020-12', months: 6 }).match(/<rect class="ov"[^>]*><title>/g).length, 1);
});
