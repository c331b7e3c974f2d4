// The results view builds its HTML without DOM: the report's shapes reach the
// page as words — the hukou cities not checked (first among the conditions
// not checked, named from the gazetteer), and the two "expires before" steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { STRINGS } from '../../www/i18n.js';
import { nameIn, places } from '../../www/cities.js';
import { createState } from '../../www/state.js';
import { ranked, results, stepContext, steps, tally } from '../../www/views/results.js';

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
  route: 'points', name_zh: '积分落户', name_en: 'Points', basis: 'points', status: 'not_yet', weak: [], pilot_ended: [], requirements: [], unchecked: [],
  hukou_unchecked: null, agreements: [], assumptions: [], explanation: [], sources: [], unknown: null, confidence: 'official',
  verified_on: '2026-11-26', effective_from: '2025-01-01', effective_until: null, ...over,
});
const report = (routes) => ({
  rules_version: '2026-11-26', evaluation_month: '2026-11', what_if: null, history_notes: [],
  cities: [{ city: 'xiangtan', code: '430300', name_zh: '湘潭市', name_en: 'Xiangtan', regions: [], status: 'rules', counted_by: [], routes }],
});
const HISTORY = { version: 1, periods: [{ city: 'xiangtan', kind: 'social_insurance', from: '2020-01', to: null }] };
/** The results' blocks as one text of HTML, as #hy-out holds them. */
const markup = (...args) => results(...args).join('');
const text = (html) => String(html).replace(/<[^>]+>/g, '\n').split('\n').map((s) => s.trim()).filter(Boolean);

test('hukou cities not checked come first among the conditions not checked, named from the gazetteer', () => {
  const r = route({ hukou_unchecked: ['changsha', 'zhuzhou'], unchecked: [{ code: 'no_record', zh: '无犯罪记录', en: 'no criminal record' }] });
  const zh = markup(page('zh'), report([r]), HISTORY);
  const items = [...zh.matchAll(/<div class="unchecked">.*?<\/div>/gs)][0][0];
  assert.deepEqual(text(items), ['本工具没有核对的其他条件：', '户籍在长沙市、株洲市', '无犯罪记录']);
  const en = markup(page('en'), report([r]), HISTORY);
  const itemsEn = [...en.matchAll(/<div class="unchecked">.*?<\/div>/gs)][0][0];
  assert.deepEqual(text(itemsEn), ['Other conditions this tool does not check:', 'hukou in Changsha, Zhuzhou', 'no criminal record']);
});

test('without hukou cities not checked, only the rule\'s own conditions; none at all, no list', () => {
  const zh = markup(page('zh'), report([route({ unchecked: [{ code: 'x', zh: '无犯罪记录', en: 'x' }] })]), HISTORY);
  assert.doesNotMatch(zh, /户籍在/);
  assert.match(zh, /无犯罪记录/);
  assert.doesNotMatch(markup(page('zh'), report([route({})]), HISTORY), /class="unchecked"/);
});

test('a projection past the end of a pilot and under a later version says so, the agreement by name', () => {
  const explanation = [
    { code: 'pilot_ends_before', agreement: 'changzhutan_2025', pilot_until: '2027-09-10' },
    { code: 'projected_under', effective_from: '2027-01-01' },
  ];
  // A card's explanation is built when it is opened: closed, the card holds its summary only.
  const closed = text(markup(page('zh'), report([route({ explanation })]), HISTORY));
  assert.ok(!closed.some((s) => s.includes('推算的月份')), closed.join('\n'));
  // Opened, it lists the steps of the route it was drawn with.
  const opened = (lang) => {
    const P = page(lang);
    markup(P, report([route({ explanation })]), HISTORY);
    return steps(P, stepContext(P), P.routes.get('xiangtan:points').r);
  };
  const zh = text(opened('zh'));
  assert.ok(zh.includes('推算的月份在“长株潭互认”试点结束（2027-09-10）之后：只有试点继续才成立。'), zh.join('\n'));
  assert.ok(zh.includes('那个月适用2027-01-01起施行的新版本规定。'), zh.join('\n'));
  const en = text(opened('en')).join('\n');
  assert.match(en, /after the end of the pilot “Chang-Zhu-Tan recognition” \(2027-09-10\)/);
  assert.match(en, /in force from 2027-01-01/);
});

test('data from the rules is escaped in the results', () => {
  const r = route({ name_zh: '<img src=x onerror=alert(1)>', unchecked: [{ code: 'x', zh: '<b>"q"</b>', en: '' }] });
  const zh = markup(page('zh'), report([r]), HISTORY);
  assert.doesNotMatch(zh, /<img|<b>/);
  assert.match(zh, /&#60;img src=x onerror=alert\(1\)&#62;/);
});

test('routes best first: met (plain before the ones resting on something), no years needed, not yet by earliest projection, the rest; tallied per group', () => {
  const rep = report([
    route({ route: 'a', status: 'not_applicable' }),
    route({ route: 'b', status: 'not_yet', eligible_from: '2029-01' }),
    route({ route: 'c', status: 'not_yet', eligible_from: '2027-05' }),
    route({ route: 'd', status: 'no_threshold' }),
    route({ route: 'e', status: 'eligible' }),
    route({ route: 'f', status: 'unknown' }),
    route({ route: 'g', status: 'eligible_unverified' }),
    route({ route: 'h', status: 'depends_on_hukou' }),
  ]);
  assert.deepEqual(ranked(rep, HISTORY, page('zh').places.cityById).map((i) => i.r.route), ['e', 'g', 'h', 'd', 'c', 'b', 'f', 'a']);
  // [met, not yet, the rest, no years needed]
  assert.deepEqual(tally(rep), [3, 2, 2, 1]);
});

test('a verdict resting on an unverified part, an ended pilot or the hukou says so in its card, in both languages', () => {
  const r = route({
    status: 'eligible_unverified',
    weak: [{ part: 'agreement', agreement: 'changzhutan_2025' }, { part: 'assumption', kind: 'social_insurance', assumed: 'local_minimum' }],
    pilot_ended: [{ agreement: 'changzhutan_2025', pilot_until: '2027-09-10' }],
  });
  const zh = text(markup(page('zh'), report([r]), HISTORY)).join('\n');
  assert.match(zh, /年限可能已满足（基于未经核实的假设）/);
  assert.match(zh, /这个结论依据的未经核实的部分：互认安排“长株潭互认”未经核实、社保：“本地至少要多少个月”是未经核实的假设。/);
  assert.match(zh, /试点期到2027-09-10为止/);
  const en = text(markup(page('en'), report([r]), HISTORY)).join('\n');
  assert.match(en, /Years probably met \(on an unverified assumption\)/);
  assert.match(en, /rests on unverified parts: the arrangement “Chang-Zhu-Tan recognition” is unverified/);
  const hukou = text(markup(page('zh'), report([route({ status: 'depends_on_hukou', hukou_unchecked: ['changsha'] })]), HISTORY)).join('\n');
  assert.match(hukou, /取决于你的户籍所在地/);
  assert.match(hukou, /请在上面填写户籍所在城市/);
});

test('a city without rules and the hukou city answer in one line each; a year-free route says what it needs instead', () => {
  const rep = report([route({ status: 'no_threshold', basis: 'home_ownership', requirements: [] })]);
  rep.cities.push(
    { city: 'guangzhou', code: '440100', name_zh: '广州市', name_en: 'Guangzhou', province_zh: '广东省', province_en: 'Guangdong', regions: [], status: 'no_rules', counted_by: [], routes: [] },
    { city: 'xiangtan', code: '430300', name_zh: '湘潭市', name_en: 'Xiangtan', province_zh: '湖南省', province_en: 'Hunan', regions: [], status: 'already_registered', counted_by: [], routes: [] },
  );
  const zh = text(markup(page('zh'), rep, HISTORY)).join('\n');
  assert.match(zh, /暂未收录这座城市的落户规则/);
  assert.match(zh, /湘潭市\n：你的户籍已经在这里/);
  assert.match(zh, /不需要年限的途径/);
  assert.match(zh, /在这里有合法产权住房即可，不需要社保或居住年限/);
  const en = text(markup(page('en'), rep, HISTORY)).join('\n');
  assert.match(en, /Guangzhou\n: This city.*settlement rules are not encoded yet/);
  assert.match(en, /Owning a home here is enough/);
});

test('overlapping records: one note per city and kind, by the editor’s entry numbers', () => {
  const notes = (P, history_notes) => text(markup(P, { ...report([route({})]), history_notes }, HISTORY)).filter((s) => /重叠|overlap/.test(s));
  const note = { code: 'records_overlap', kind: 'social_insurance', city: 'nanjing', from: '2020-01', to: '2020-06', months: 6, runs: 1, with: [], records: [0, 2] };
  assert.deepEqual(notes(page('zh'), [note]), ['南京市的社保（第 1、3 条记录）：2020年1月至2020年6月共 6 个月与同一城市的其他记录重叠，只算一次。']);
  assert.deepEqual(notes(page('en'), [note]), ['Social insurance in Nanjing (entries 1, 3): 6 months from Jan 2020 to Jun 2020 overlap other entries for the same city; counted once.']);
  // Overlaps with other cities name them, and several stretches say how many.
  const two = { ...note, kind: 'residence', with: ['suzhou'], runs: 2, records: [0, 1, 4] };
  assert.deepEqual(notes(page('zh'), [two]), ['南京市的居住证（第 1、2、5 条记录）：2020年1月至2020年6月共 6 个月（2 段）与苏州市的记录重叠，只算一次。']);
  // Entry numbers are the editor's: rows not complete enough to check are not periods.
  const P = page('zh');
  P.lastGood = { entries: [2, 3, 5] };
  assert.deepEqual(notes(P, [note]), ['南京市的社保（第 2、5 条记录）：2020年1月至2020年6月共 6 个月与同一城市的其他记录重叠，只算一次。']);
});

test('the timeline outlines an overlap in the lane of the city each note is about', async () => {
  const { timeline } = await import('../../www/views/timeline.js');
  const periods = [
    { city: 'nanjing', kind: 'social_insurance', from: '2020-01', to: '2020-12' },
    { city: 'suzhou', kind: 'social_insurance', from: '2020-07', to: '2021-03' },
  ];
  const draw = (note) => String(timeline({
    periods, report: { ...report([]), evaluation_month: '2026-11', history_notes: [note] }, t: STRINGS.zh, cityName: (c) => c, width: 600, elder: false,
  }));
  const note = (city, other) => ({ code: 'records_overlap', kind: 'social_insurance', city, from: '2020-07', to: '2020-12', months: 6, runs: 1, with: [other], records: [0] });
  assert.equal(draw(note('nanjing', 'suzhou')).match(/<rect class="ov"[^>]*><title>/g).length, 1);
  const both = String(timeline({
    periods, report: { ...report([]), evaluation_month: '2026-11', history_notes: [note('nanjing', 'suzhou'), note('suzhou', 'nanjing')] }, t: STRINGS.zh, cityName: (c) => c, width: 600, elder: false,
  }));
  assert.equal(both.match(/<rect class="ov"[^>]*><title>/g).length, 2);
});

test('a points route shows the year-based partial score, its rounding, ranges, what is not assessed and past scores, in both languages', () => {
  const clause = { quote: '每满1年加30分', location: 'example.org' };
  const points = {
    scope: 'year_based_only', partial_min: 10, partial_max: 90, needed: 100, quota: true,
    still_needed_min: 10, still_needed_max: 90,
    components: [{
      kind: 'residence', per: 'year', points_per_unit: 5, counting: 'continuous', back_paid: 'counted',
      counted_from: '2011-04', cutoff: '2026-11', streak_start: '2023-12', months: 35, local_months: 23,
      from_cities: [{ city: 'changsha', months: 12, scope: 'points_settlement' }], back_paid_excluded: 0,
      units: 2, remainder_months: 11, uncapped: 10, cap: null, capped: false, points: 10,
      confidence: 'third_party', clause,
    }],
    ranges: [{ code: 'owned_home', zh: '自有住房', en: 'An owned home', min: 0, max: 80, confidence: 'news', clause }],
    not_assessed: [{ code: 'age', zh: '年龄', en: 'Age' }],
    context: [{ year: 2021, score: 565, label: { zh: '市区', en: 'urban area' }, confidence: 'third_party',
      source: { title: 'Scores', issuer: 'a site', document_number: null, url: null, published: '2021-12-31' } }],
  };
  const r = route({ points });
  const zh = markup(page('zh'), report([r]), HISTORY);
  const en = markup(page('en'), report([r]), HISTORY);
  for (const [out, words] of [
    [zh, ['积分：按年限计分的部分', '10–90 分', '需要 100 分', '其他指标还需 10–90 分', '只计按年限计分的指标，不是总分',
      '居住证（连续）35 个月，满 2 年 × 5 分 = 10 分', '长沙市 12 个月（仅限积分落户）', '不满 1 年的 11 个月不计分',
      '自有住房：0–80 分', '没有评估的积分指标', '年龄', '往年分数（仅供参考，不是预测）', '2021 年：565 分（市区）', '每满1年加30分']],
    [en, ['Points: the year-based part', '10–90 points', '100 needed', '10–90 more from other indicators',
      'only the indicators scored from years, not the whole score', 'Residence permit (continuous): 35 months, 2 full years × 5 = 10 points',
      'Changsha 12 months (for points settlement only)', '11 months short of a full year score nothing', 'An owned home: 0–80 points',
      'Points indicators not assessed', 'Age', 'Past scores (context only, not a prediction)', '2021: 565 points (urban area)']],
  ]) {
    for (const w of words) assert.ok(out.includes(w), `missing ${w}`);
  }
  assert.ok(!markup(page('en'), report([route({})]), HISTORY).includes('Points: the year-based part'));
});

test('an empty history gives no verdicts: no card, no group of met routes, only how to start', () => {
  const rep = report([route({ status: 'eligible' }), route({ route: 'open', status: 'no_threshold', basis: 'open' })]);
  for (const lang of ['zh', 'en']) {
    const out = markup(page(lang), rep, { version: 1, periods: [] });
    assert.doesNotMatch(out, /class="card|g-now|g-free/);
    assert.match(out, /class="group g-start"/);
    assert.ok(out.includes(STRINGS[lang].start_results));
  }
});

test('with cities to settle in: theirs first, every route best first, the rest of the cities one tap away (closed)', () => {
  const rep = report([route({ route: 'a', status: 'not_yet', eligible_from: '2027-02' }), route({ route: 'b', status: 'eligible' })]);
  rep.cities.push(
    { city: 'guangzhou', code: '440100', name_zh: '广州市', name_en: 'Guangzhou', regions: [], status: 'rules', counted_by: [], routes: [route({ route: 'points', status: 'eligible' })] },
    { city: 'tianjin', code: '120000', name_zh: '天津市', name_en: 'Tianjin', regions: [], status: 'no_rules', counted_by: [], routes: [] },
  );
  const P = page('zh');
  P.S.targets = ['tianjin', 'xiangtan'];
  const out = markup(P, rep, HISTORY);
  const goal = out.slice(out.indexOf('g-goal'), out.indexOf('g-rest'));
  const rest = out.slice(out.indexOf('g-rest'));
  assert.deepEqual([...goal.matchAll(/data-key="([^"]+)"/g)].map((m) => m[1]).filter((k) => !k.includes(':more')).filter((k, i, a) => a.indexOf(k) === i), ['xiangtan:b', 'xiangtan:a']);
  assert.match(goal, /天津市/);
  assert.ok(goal.indexOf('天津市') < goal.indexOf('xiangtan:b'), 'in the order chosen');
  assert.match(rest, /^g-rest" data-key="__rest">/, 'closed until opened');
  assert.match(rest, /其他城市（1）/);
  assert.match(rest, /guangzhou:points/);
  assert.doesNotMatch(rest, /xiangtan:|data-city="tianjin"/);
  // A projected month can be put in a calendar, from its card too.
  assert.match(goal, /data-remind="xiangtan:a:2027-02"/);
  // Opened once, it stays open across redraws.
  P.S.open.add('__rest');
  assert.match(markup(P, rep, HISTORY), /data-key="__rest" open/);
});
