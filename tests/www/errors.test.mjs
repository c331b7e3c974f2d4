// Errors in words and at their fields: from the error's kind and typed fields
// (path, value), never from its message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STRINGS } from '../../www/i18n.js';
import { errorText, fatalText, fieldFor, messagesByField } from '../../www/views/errors.js';

const { zh, en } = STRINGS;

test('an empty month and a malformed one get different words, from the value alone', () => {
  assert.equal(errorText(zh, { kind: 'bad_month', path: 'periods[0].from', value: '', message: 'x' }), '请填写月份');
  assert.equal(errorText(en, { kind: 'bad_month', path: 'periods[0].to', value: '' }), 'Enter a month');
  // The message is not read: quotes in it mean nothing.
  assert.match(errorText(zh, { kind: 'bad_month', path: 'periods[0].from', value: '2021-13', message: 'bad month ""' }), /没看懂这个月份，请写成 2021-04、2021\.4 或 2021年4月/);
  assert.match(errorText(en, { kind: 'bad_month', path: 'periods[0].from', value: '2021-1x' }), /This is not a month: write it as 2021-04/);
});

test('a future month names the evaluation month', () => {
  assert.equal(errorText(zh, { kind: 'future_month', path: 'periods[0].from', value: '2027-03' }, '2026-11'), '这个月份在今天（2026-11）之后');
  assert.equal(errorText(en, { kind: 'future_month', path: 'periods[0].from', value: '2030-01' }, '2026-11'), 'This month is after today (2026-11)');
});

test('a bad what-if month says to choose a later one; other bad options keep the engine\'s words', () => {
  assert.equal(errorText(zh, { kind: 'bad_option', path: 'options.what_if.from', value: '2025-01' }), '请选择今天之后的月份');
  assert.equal(errorText(en, { kind: 'bad_option', path: 'options.what_if.city', message: 'unknown city "x"' }), 'This setting is not valid (unknown city "x")');
});

test('every other kind has its own words; an unknown kind falls back to the message', () => {
  for (const kind of ['reversed_period', 'unknown_city', 'unknown_kind', 'back_paid_ongoing', 'too_many_periods', 'unsupported_version', 'invalid_rules']) {
    for (const t of [zh, en]) {
      const text = errorText(t, { kind, path: 'periods[0]', value: 'x', from: '2021-05', to: '2021-01', count: 1001, max: 1000, message: 'MSG' });
      assert.ok(text && !text.includes('MSG'), `${kind}: ${text}`);
    }
  }
  assert.equal(errorText(zh, { kind: 'something_new', path: '', message: 'MSG' }), 'MSG');
  assert.match(errorText(zh, { kind: 'internal', path: '', message: 'trap' }), /计算器加载失败.*trap/);
});

test('each error path names its field', () => {
  const map = ['p1', 'p4'];
  assert.equal(fieldFor('periods[1].from', map), 'p4-from');
  assert.equal(fieldFor('periods[0].back_paid', map), 'p1-back_paid');
  assert.equal(fieldFor('periods[0]', map), 'p1-');
  // The back-paid months of a stay are their own periods, at the stay's back-paid fields.
  assert.equal(fieldFor('periods[2].from', ['p1', 'p1', 'p1-b']), 'p1-b-from');
  assert.equal(fieldFor('periods[2].back_paid', ['p1', 'p1', 'p1-b']), 'p1-b-back_paid');
  assert.equal(fieldFor('periods[7].city', map), 'hy-rows', 'a period the editor does not show');
  assert.equal(fieldFor('hukou_city', map), 'hy-hukou');
  assert.equal(fieldFor('options.what_if.from', map), 'hy-wi-from');
  assert.equal(fieldFor('options.what_if.city', map), 'hy-wi-city');
  assert.equal(fieldFor('options.what_if.kinds[0]', map), 'hy-wi-kinds');
  assert.equal(fieldFor('', map), 'hy-rows');
});

test('messages are grouped by field, each once', () => {
  const errors = [
    { kind: 'unknown_city', path: 'periods[0].city', value: 'gotham' },
    { kind: 'unknown_city', path: 'periods[0].city', value: 'gotham' },
    { kind: 'reversed_period', path: 'periods[1].to', from: '2021-05', to: '2021-01' },
  ];
  const by = messagesByField(zh, errors, ['p1', 'p2'], '2026-11');
  assert.deepEqual([...by.keys()], ['p1-city', 'p2-to']);
  assert.deepEqual(by.get('p1-city'), ['不认识这个城市，请从列表里选择']);
  assert.deepEqual(by.get('p2-to'), ['结束月份早于开始月份']);
});

test('only structural errors reject a whole file, each with its path', () => {
  const errors = [
    { kind: 'unknown_city', path: 'periods[0].city', value: 'gotham' },
    { kind: 'malformed', path: 'periods[0].from', message: 'expected a string' },
    { kind: 'unsupported_version', path: 'version', value: '2' },
    { kind: 'too_many_periods', path: '', count: 1001, max: 1000 },
  ];
  assert.equal(fatalText(zh, errors, '2026-11'), 'periods[0].from: 格式不对: expected a string；version: 这个文件的格式版本本工具不认识；记录太多了（最多 1000 条）');
  assert.equal(fatalText(zh, errors.slice(0, 1), '2026-11'), '');
});
