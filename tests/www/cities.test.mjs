// City lookups and search over the rules' gazetteer: by Chinese name, pinyin,
// pinyin initials, code or province, best match first, and the picker's groups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nameIn, norm, pinyinInitials, places } from '../../www/cities.js';

const gazetteer = JSON.parse(readFileSync(new URL('../../rules/gazetteer.json', import.meta.url), 'utf8'));
const agreements = [{ id: 'sunan_2025', name_zh: '苏南互认', name_en: 'Sunan recognition' }];
const P = places(gazetteer, agreements);
const best = (q, region = '') => P.firstMatch(q, region);

test('pinyin initials: one letter per syllable, n and ng finals split right', () => {
  const cases = {
    nanjing: 'nj', zhenjiang: 'zj', suzhou: 'sz', wuxi: 'wx', changzhou: 'cz', shanghai: 'sh',
    changsha: 'cs', xiangtan: 'xt', zhengzhou: 'zz', zhuzhou: 'zz', beijing: 'bj', lianyungang: 'lyg',
    huaian: 'ha', maanshan: 'mas',
  };
  for (const [id, want] of Object.entries(cases)) assert.equal(pinyinInitials(id), want, id);
});

test('search text is compared without case, spaces, dots or dashes', () => {
  assert.equal(norm(' Nan-Jing '), 'nanjing');
  assert.equal(norm('Ma’anshan'), 'maanshan');
});

test('names in the chosen language', () => {
  const nj = P.cityById.get('nanjing');
  assert.equal(nameIn('zh', nj), '南京市');
  assert.equal(nameIn('en', nj), 'Nanjing');
  assert.equal(nameIn('en', null), '');
});

test('a city is found by id, code and former codes', () => {
  assert.equal(P.cityById.get('320500').id, 'suzhou');
  assert.equal(P.cityById.get('110100').id, 'beijing'); // a code alias
  assert.equal(P.agreementById.get('sunan_2025').name_zh, '苏南互认');
  assert.equal(P.regionById.get('sunan').members.includes('wuxi'), true);
});

test('search by pinyin, pinyin initials, code, Chinese name and English name', () => {
  assert.equal(best('nanj'), 'nanjing');
  assert.equal(best('nj'), 'nanjing');
  assert.equal(best('320500'), 'suzhou');
  assert.equal(best('3205'), 'suzhou');
  assert.equal(best('无锡'), 'wuxi');
  assert.equal(best('南京市'), 'nanjing');
  assert.equal(best('Zhen Jiang'), 'zhenjiang');
  assert.equal(best(''), null);
  assert.equal(best('atlantis'), null);
});

test('ranking: an exact name first, a name before a province, a prefix before initials', () => {
  assert.equal(P.score(P.cityById.get('nanjing'), '南京'), 0, '南京 is 南京市');
  assert.equal(best('苏'), 'suzhou', 'a name (苏州) before a province (江苏)');
  assert.ok(P.score(P.cityById.get('suzhou'), 'su') < P.score(P.cityById.get('suqian'), 'sq'));
  assert.equal(P.score(P.cityById.get('nanjing'), 'jiangsu'), 4, 'by province only');
  assert.equal(P.score(P.cityById.get('nanjing'), ''), 4);
  assert.equal(P.score(P.cityById.get('nanjing'), 'beijing'), -1);
});

test('a province lists its cities', () => {
  const listed = P.search('江苏', '', '').flatMap((g) => g.cities.map((c) => c.id));
  assert.ok(listed.length >= 5, listed.join());
  assert.ok(listed.includes('nanjing') && listed.includes('xuzhou'));
  assert.ok(!listed.includes('hangzhou'));
});

test('the selected city stays listed whatever the search', () => {
  const listed = P.search('nanj', 'wuxi', '').flatMap((g) => g.cities.map((c) => c.id));
  assert.deepEqual(listed.sort(), ['nanjing', 'wuxi']);
  assert.deepEqual(P.search('zzzz', '', ''), []);
});

test('the chosen city stays chosen while it answers the search as well as the best match', () => {
  assert.equal(P.pick('changzhou', 'chang', ''), 'changzhou', 'as good as changsha');
  assert.equal(P.pick('changzhou', 'changs', ''), 'changsha');
  assert.equal(P.pick('changzhou', 'zhou', ''), 'zhoushan', 'a prefix beats a part of a name');
  assert.equal(P.pick('changzhou', 'nanj', ''), 'nanjing');
  assert.equal(P.pick('', 'nj', ''), 'nanjing');
  assert.equal(P.pick('wuxi', 'atlantis', ''), 'wuxi', 'no match: nothing changes');
  assert.equal(P.pick('gotham', 'wuxi', ''), 'wuxi');
});

test('groups: the chosen region first, then pilot regions, the rest last; each city once', () => {
  const plain = P.groups('');
  assert.ok(plain[0].region.pilot);
  const sunan = P.groups('sunan');
  assert.equal(sunan[0].region.id, 'sunan');
  assert.deepEqual(sunan[0].cities.map((c) => c.id), P.regionById.get('sunan').members);
  const pilots = sunan.map((g) => g.region?.pilot);
  assert.deepEqual(pilots, [...pilots].sort((a, b) => (b === true) - (a === true)), 'pilot regions before the others');
  const all = sunan.flatMap((g) => g.cities.map((c) => c.id));
  assert.equal(new Set(all).size, all.length, 'each city once');
  assert.equal(all.length, gazetteer.cities.length, 'every city somewhere');
  // Among equals, the first in picker order wins: the chosen region's city.
  const byRegion = ['nanjing', 'wuxi'].map((id) => P.groups('sunan').findIndex((g) => g.cities.some((c) => c.id === id)));
  assert.deepEqual(byRegion, [0, 0]);
});

test('cities in no region are grouped last, under no region', () => {
  const g = places({ cities: gazetteer.cities.filter((c) => ['beijing', 'tianjin', 'shanghai'].includes(c.id)), regions: [{ id: 'r', name_zh: 'R', name_en: 'R', pilot: true, members: ['beijing'] }] }, []);
  const groups = g.groups('');
  assert.deepEqual(groups.map((x) => x.region?.id ?? null), ['r', null]);
  assert.deepEqual(groups[1].cities.map((c) => c.id), ['tianjin', 'shanghai']);
});
