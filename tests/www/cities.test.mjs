// City lookups and search over the rules' gazetteer: by Chinese name, pinyin,
// pinyin initials, code or province, best match first, and the picker's groups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nameIn, norm, pinyinInitials, places, shortNameZh } from '../../www/cities.js';

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

test('ranking: an exact name first, exact initials next, then a prefix, initials begun, a part, a province', () => {
  const sc = (id, q) => P.score(P.cityById.get(id), q);
  assert.equal(sc('nanjing', '南京'), 0, '南京 is 南京市');
  assert.equal(sc('shanghai', 'sh'), 1, 'sh: the initials of shanghai');
  assert.equal(sc('shenzhen', 'sh'), 2, 'sh: shenzhen only begins with it');
  assert.equal(best('苏'), 'suzhou', 'a name (苏州) before a province (江苏)');
  assert.equal(sc('suqian', 'sq'), 1);
  assert.ok(sc('lianyungang', 'lia') < sc('lianyungang', 'ly'), 'a prefix before initials begun');
  assert.equal(sc('lianyungang', 'ly'), 3, 'initials begun');
  assert.equal(sc('zhenjiang', 'nj'), 4, 'a part of a name');
  assert.equal(sc('nanjing', 'jiangsu'), 5, 'by province only');
  assert.equal(sc('nanjing', ''), 5);
  assert.equal(sc('nanjing', 'beijing'), -1);
});

test('exact pinyin or initials first: sh → 上海 before 深圳, nj → 南京, sz → 苏州 in the Suzhou-Wuxi-Changzhou region', () => {
  const ids = (q, region = '') => P.rank(q, region).map((c) => c.id);
  assert.equal(ids('sh')[0], 'shanghai');
  assert.ok(ids('sh').indexOf('shanghai') < ids('sh').indexOf('shenzhen'));
  assert.equal(ids('nj')[0], 'nanjing');
  assert.equal(ids('bj')[0], 'beijing');
  assert.equal(ids('gz')[0], 'guangzhou');
  assert.equal(ids('wx')[0], 'wuxi');
  assert.deepEqual(ids('sz', 'sunan').slice(0, 1), ['suzhou']);
  assert.ok(ids('sz').includes('shenzhen'));
  assert.equal(ids('shang')[0], 'shanghai', 'then prefixes, in picker order');
  assert.ok(ids('shang').includes('shangqiu'));
  assert.deepEqual(ids(''), []);
  assert.deepEqual(ids('zzzzz'), []);
  // A province lists its cities; a code its city.
  assert.ok(ids('江苏').includes('xuzhou') && !ids('江苏').includes('hangzhou'));
  assert.deepEqual(ids('320100'), ['nanjing']);
});

test('a city is set only by a whole name, id or code that names one city', () => {
  const exact = (q) => P.exact(q)?.id ?? null;
  for (const q of ['南京', '南京市', 'nanjing', 'Nanjing', ' NanJing ', '320100']) assert.equal(exact(q), 'nanjing', q);
  assert.equal(exact('宿州'), 'suzhouanhui');
  assert.equal(exact('Suzhou (Anhui)'), 'suzhouanhui', 'the label the page shows');
  assert.equal(exact('Suzhou (Jiangsu)'), 'suzhou');
  assert.equal(exact('suzhou'), null, 'two cities are called Suzhou in pinyin');
  for (const partial of ['nj', 'nanj', '南', '3201', 'sh', '']) assert.equal(exact(partial), null, partial);
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

test('short Chinese names: without 市, 地区, 盟, and the ethnic groups of an autonomous prefecture', () => {
  assert.equal(shortNameZh('南京市'), '南京');
  assert.equal(shortNameZh('延边朝鲜族自治州'), '延边');
  assert.equal(shortNameZh('大兴安岭地区'), '大兴安岭');
  assert.equal(shortNameZh('兴安盟'), '兴安');
  assert.equal(shortNameZh('海西蒙古族藏族自治州'), '海西');
  assert.equal(shortNameZh('白沙黎族自治县'), '白沙');
  assert.equal(shortNameZh('赵县'), null, 'never a single character');
  assert.equal(shortNameZh('南京'), null);
});

test('a city is found by its Chinese name, full or short, as the engine finds it', () => {
  for (const name of ['武汉', '武汉市', 'wuhan', '420100']) assert.equal(P.cityById.get(name)?.id, 'wuhan', name);
  assert.equal(P.cityById.get('衡阳')?.id, 'hengyang');
  assert.equal(P.cityById.get('延边')?.id, 'yanbian');
  assert.equal(P.cityById.get('大兴安岭')?.id, 'daxinganling');
  assert.equal(P.cityById.get('宿州')?.id, 'suzhouanhui');
  assert.equal(P.cityById.get('苏州')?.id, 'suzhou');
  assert.equal(P.cityById.get('香港'), undefined);
});

test('no two cities share an id, a code or a Chinese name, full or short', () => {
  const seen = new Map();
  for (const c of gazetteer.cities) {
    const short = shortNameZh(c.name_zh);
    for (const n of [c.id, c.code, ...c.code_aliases, c.name_zh, ...(short ? [short] : [])]) {
      assert.ok(!seen.has(n) || seen.get(n) === c, `${n}: ${seen.get(n)?.id} and ${c.id}`);
      seen.set(n, c);
    }
  }
});

test('a name two cities share is shown with the province; others are not', () => {
  const label = (lang, id) => P.label(lang, P.cityById.get(id));
  assert.equal(label('en', 'suzhou'), 'Suzhou (Jiangsu)');
  assert.equal(label('en', 'suzhouanhui'), 'Suzhou (Anhui)');
  assert.equal(label('en', 'fuzhoujiangxi'), 'Fuzhou (Jiangxi)');
  assert.equal(label('en', 'taizhouzhejiang'), 'Taizhou (Zhejiang)');
  assert.equal(label('en', 'nanjing'), 'Nanjing');
  assert.equal(label('zh', 'suzhou'), '苏州市');
  assert.equal(label('en', 'gotham'), '');
  const shared = new Set();
  const seen = new Set();
  for (const c of gazetteer.cities) {
    const n = norm(c.name_en);
    if (seen.has(n)) shared.add(n);
    seen.add(n);
  }
  assert.deepEqual([...shared].sort(), ['fuzhou', 'suzhou', 'taizhou', 'yichun', 'yulin']);
});

test('a pinyin search for a shared name finds both cities, exact matches first', () => {
  const hits = (q) => P.rank(q, '').filter((c) => P.score(c, norm(q)) === 0).map((c) => c.id);
  assert.deepEqual(hits('suzhou').sort(), ['suzhou', 'suzhouanhui']);
  assert.deepEqual(hits('fuzhou').sort(), ['fuzhou', 'fuzhoujiangxi']);
  assert.equal(P.score(P.cityById.get('suzhou'), 'suzhou'), 0);
  assert.equal(P.score(P.cityById.get('suzhouanhui'), 'suzhou'), 0, 'by its English name');
  assert.equal(P.score(P.cityById.get('suizhou'), 'sui'), 2, 'a prefix after an exact name');
  assert.deepEqual(P.rank('suzhou', '').slice(0, 2).map((c) => c.id).sort(), ['suzhou', 'suzhouanhui'], 'both first, for the person to choose');
  assert.equal(best('宿州'), 'suzhouanhui', 'a Chinese name first');
  assert.equal(best('延边'), 'yanbian');
  assert.equal(best('武汉'), 'wuhan');
  assert.equal(best('hengyang'), 'hengyang');
});
