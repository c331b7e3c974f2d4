// Month arithmetic and the kinds: the one module the page and the timeline share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KINDS, isMonth, localToday, monthAt, monthIndex, monthsIn, nextMonth, parseMonth,
} from '../../www/months.js';

test('the kinds, in the order the page shows them', () => {
  assert.deepEqual(KINDS, ['social_insurance', 'residence']);
});

test('a month index and back is the same month, for every month of some years', () => {
  for (let y = 1950; y <= 2100; y += 25) {
    for (let m = 1; m <= 12; m += 1) {
      const month = `${y}-${String(m).padStart(2, '0')}`;
      assert.equal(monthAt(monthIndex(month)), month);
    }
  }
  assert.equal(monthIndex('2021-03') - monthIndex('2020-03'), 12);
  assert.equal(monthIndex('2021-01') - monthIndex('2020-12'), 1);
});

test('next month, across a year', () => {
  assert.equal(nextMonth('2026-11'), '2026-12');
  assert.equal(nextMonth('2026-12'), '2027-01');
  assert.equal(nextMonth('1999-09'), '1999-10');
});

test('well-formed months only', () => {
  for (const ok of ['2021-01', '2021-12', '1950-06']) assert.ok(isMonth(ok), ok);
  for (const bad of ['', '2021-13', '2021-00', '2021-1', '21-01', '2021-01-01', ' 2021-01', '2021/01']) assert.ok(!isMonth(bad), bad);
});

test('today is read in the local time zone, as YYYY-MM-DD', () => {
  assert.equal(localToday(new Date(2026, 10, 26, 23, 59)), '2026-11-26');
  assert.equal(localToday(new Date(2027, 0, 1, 0, 0)), '2027-01-01');
  assert.match(localToday(), /^\d{4}-\d{2}-\d{2}$/);
});

test('months as people type them: every common form, full-width digits, a day dropped', () => {
  const forms = [
    '2019-03', '2019-3', '2019.3', '2019.03', '2019/3', '2019/03', '2019年3月', '2019 年 3 月', '2019年03月份',
    '201903', '2019-03-15', '2019年3月15日', '20190315', '03/2019', '3/2019', 'Mar 2019', 'march 2019', 'MARCH 2019',
    '2019 Mar', 'Mar. 2019', '２０１９．３', '２０１９年３月', ' 2019-03 ',
  ];
  for (const f of forms) assert.equal(parseMonth(f), '2019-03', f);
  assert.equal(parseMonth('2019.10'), '2019-10');
  assert.equal(parseMonth('2019.1'), '2019-01');
  assert.equal(parseMonth('Dec 2021'), '2021-12');
});

test('what is not a month is not read as one', () => {
  for (const bad of ['', ' ', '2019', '20193', '2019-13', '2019-00', '2019年13月', '13/2019', 'abc', 'Ma 2019', 'Marc 2019x', '2019-3-', '12019-03', '2019-03-15-01', '至今', '5000.00']) {
    assert.equal(parseMonth(bad), null, bad);
  }
});

test('months in a line of a pasted table: ranges, dates apart, amounts not months', () => {
  const months = (l) => monthsIn(l).map((m) => `${m.month}${m.day ? 'd' : ''}`);
  assert.deepEqual(months('2018.03-2020.06 无锡'), ['2018-03', '2020-06']);
  assert.deepEqual(months('201803-202006 无锡'), ['2018-03', '2020-06']);
  assert.deepEqual(months('2018年3月至2020年6月 无锡'), ['2018-03', '2020-06']);
  assert.deepEqual(months('2018-03 2020-06 wuxi'), ['2018-03', '2020-06']);
  assert.deepEqual(months('2019-03\t无锡市\t正常缴费\t5000.00\t400.00\t4800.12'), ['2019-03'], 'amounts are not months');
  assert.deepEqual(months('2019-03\t南京\t到账 2019-04-15'), ['2019-03', '2019-04d']);
  assert.deepEqual(months('20190315 南京'), ['2019-03d']);
  assert.deepEqual(months('２０１９－０３ 南京'), ['2019-03']);
  assert.deepEqual(months('合计 12 个月 共 4800.00 元'), []);
  const [a, b] = monthsIn('2018.03 - 2020.06');
  assert.equal('2018.03 - 2020.06'.slice(a.end, b.at), ' - ');
});
