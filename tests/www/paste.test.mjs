// Pasted text as stays: contribution statements (缴费明细) as social-insurance
// apps and the national public-service platform show them, a month per line,
// and lines of "from to city"; lines that cannot be read are given back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { places } from '../../www/cities.js';
import { cityFinder, readPaste } from '../../www/paste.js';

const gazetteer = JSON.parse(readFileSync(new URL('../../rules/gazetteer.json', import.meta.url), 'utf8'));
const findCity = cityFinder(places(gazetteer, []));
const read = (text) => readPaste(text, findCity);
/** Stays in one line each: "city from..to kinds [back from..to]". */
const lines = (got) => got.stays.map((s) => `${s.city || '?'} ${s.from}..${s.ongoing ? '至今' : s.to} ${s.kinds.map((k) => (k === 'residence' ? '居住证' : '社保')).join('+')}${s.back ? ` 补缴 ${s.back.from}..${s.back.to}` : ''}`);

test('a statement from the national platform: one line per insurance and month, tab-separated, with amounts', () => {
  const text = `参保缴费记录
费款所属期	险种类型	参保地	缴费基数	单位缴费	个人缴费	缴费标志
201901	企业职工基本养老保险	无锡市	5000.00	800.00	400.00	已实缴
201901	失业保险	无锡市	5000.00	25.00	25.00	已实缴
201902	企业职工基本养老保险	无锡市	5000.00	800.00	400.00	已实缴
201903	企业职工基本养老保险	无锡市	5000.00	800.00	400.00	补缴
201904	企业职工基本养老保险	无锡市	5000.00	800.00	400.00	补缴
201905	企业职工基本养老保险	无锡市	5000.00	800.00	400.00	已实缴
201906	企业职工基本养老保险	无锡市	5000.00	800.00	400.00	中断
201907	企业职工基本养老保险	苏州工业园区	5200.00	832.00	416.00	已实缴
201908	企业职工基本养老保险	苏州工业园区	5200.00	832.00	416.00	已实缴
合计：8 个月`;
  const got = read(text);
  assert.deepEqual(lines(got), [
    'wuxi 2019-01..2019-05 社保 补缴 2019-03..2019-04',
    'suzhou 2019-07..2019-08 社保',
  ]);
  assert.deepEqual(got.unread, []);
});

test('a city app\'s list: the place once at the top, months in Chinese, 正常 / 补缴 / 欠费', () => {
  const text = `参保地：南京市
2021年01月 正常
2021年02月 正常
2021年03月 欠费
2021年04月 正常
2021年05月 补缴
2021年06月 正常
2021年07月 补缴
2021年08月 正常`;
  assert.deepEqual(lines(read(text)), [
    'nanjing 2021-01..2021-02 社保',
    // Two back-paid ranges in one run of months: one stay each.
    'nanjing 2021-04..2021-06 社保 补缴 2021-05..2021-05',
    'nanjing 2021-07..2021-08 社保 补缴 2021-07..2021-07',
  ]);
});

test('several insurances in one month: paid on time in any of them is paid; a month out of order is sorted', () => {
  const text = `2020-03 上海 养老 正常缴费
2020-03 上海 医疗 补缴
2020-01 上海 养老 正常缴费
2020-02 上海 养老 中断
2020-02 上海 医疗 正常缴费`;
  assert.deepEqual(lines(read(text)), ['shanghai 2020-01..2020-03 社保']);
});

test('lines of "from to city", with kinds, 至今, and a back-paid stretch', () => {
  const text = `2018-03 2020-06 无锡 社保 居住证
2020.07-2023.12 苏州 社保
2024年1月至今 南京 社保+居住证
2017-01 至 2017-03 常州 补缴`;
  assert.deepEqual(lines(read(text)), [
    'changzhou 2017-01..2017-03 社保 补缴 2017-01..2017-03',
    'wuxi 2018-03..2020-06 社保+居住证',
    'suzhou 2020-07..2023-12 社保',
    'nanjing 2024-01..至今 社保+居住证',
  ]);
});

test('English lines, pinyin cities and codes', () => {
  const text = `2018-03 to 2020-06 Wuxi social insurance
2018-03 2020-06 wuxi residence permit
2024-01 now 320100`;
  assert.deepEqual(lines(read(text)), ['wuxi 2018-03..2020-06 社保+居住证', 'nanjing 2024-01..至今 社保']);
});

test('a place named with its province or office is found; a month line with no place takes the one above (merged cells)', () => {
  const text = `江苏省无锡市	2019-01	正常
2019-02	正常
南京市社保中心 2019-03 正常`;
  assert.deepEqual(lines(read(text)), ['wuxi 2019-01..2019-02 社保', 'nanjing 2019-03..2019-03 社保']);
});

test('a "from to" line with no place takes only a heading\'s, never the line above; a shared name with its province is found', () => {
  assert.deepEqual(lines(read('2018-03 2020-06 无锡\n2020-07 2023-12 Suzhou')), ['wuxi 2018-03..2020-06 社保', '? 2020-07..2023-12 社保'], 'Suzhou: two cities');
  assert.deepEqual(lines(read('2020-07 2023-12 Suzhou (Anhui)')), ['suzhouanhui 2020-07..2023-12 社保']);
  assert.deepEqual(lines(read('参保地 苏州\n2020-07 2023-12')), ['suzhou 2020-07..2023-12 社保']);
});

test('no place anywhere: the stays come without a city, for the person to choose', () => {
  assert.deepEqual(lines(read('2019-01 正常\n2019-02 正常')), ['? 2019-01..2019-02 社保']);
});

test('lines it cannot read are given back as they were; headings and totals are not', () => {
  const got = read(`个人参保证明
姓名：张三   证件号码：3201**********1234
2019-01 无锡 正常
请核对后签字
第 1 页 共 2 页
   
hello`);
  assert.deepEqual(lines(got), ['wuxi 2019-01..2019-01 社保']);
  assert.deepEqual(got.unread, ['请核对后签字', 'hello']);
});

test('nothing to read: no stays, and every line back', () => {
  assert.deepEqual(read(''), { stays: [], unread: [] });
  assert.deepEqual(read('hello\nworld'), { stays: [], unread: ['hello', 'world'] });
});

test('a month paid in two cities is two stays; interrupted months never make a stay', () => {
  const text = `2020-01 无锡 正常
2020-01 苏州 正常
2020-02 苏州 中断
2020-03 苏州 中断`;
  assert.deepEqual(lines(read(text)), ['wuxi 2020-01..2020-01 社保', 'suzhou 2020-01..2020-01 社保']);
});
