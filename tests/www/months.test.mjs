// Month arithmetic and the kinds: the one module the page and the timeline share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KINDS, isMonth, localToday, monthAt, monthIndex, nextMonth } from '../../www/months.js';

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
