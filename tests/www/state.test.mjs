// The editor's state without DOM: rows ↔ history, the engine's options, and
// the row operations (add, remove with undo, move, what-if defaults).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addRow, checkOptions, createState, example, loadHistory, moveRow, newRow, removeRow, setWhatIf, toFile, toHistory, undoRemove,
} from '../../www/state.js';

const TYPICAL = {
  version: 1,
  periods: [
    { city: 'wuxi', kind: 'social_insurance', from: '2018-03', to: '2020-02' },
    { city: 'suzhou', kind: 'social_insurance', from: '2020-03', to: '2020-05', back_paid: true },
    { city: 'nanjing', kind: 'residence', from: '2024-04', to: null, note: 'permit renewed' },
  ],
};

test('a new editor has one blank row, ongoing social insurance, and all kinds in the what-if', () => {
  const S = createState();
  assert.equal(S.lang, 'zh');
  assert.equal(S.rows.length, 1);
  assert.deepEqual({ ...S.rows[0], uid: undefined }, {
    uid: undefined, city: '', kind: 'social_insurance', from: '', to: '', ongoing: true, back_paid: false, note: null,
  });
  assert.deepEqual(S.whatIf, { on: false, city: '', from: '', kinds: ['social_insurance', 'residence'] });
  assert.equal(S.allCities, true);
  const R = createState({ lang: 'en', elder: 1, region: 'sunan' });
  assert.deepEqual([R.lang, R.elder, R.region, R.allCities], ['en', true, 'sunan', false]);
});

test('each row has its own uid', () => {
  const S = createState();
  const uids = new Set([S.rows[0].uid, newRow(S).uid, newRow(S).uid]);
  assert.equal(uids.size, 3);
});

test('a history file loads into rows and comes back out the same, exactly', () => {
  const S = createState();
  loadHistory(S, { ...TYPICAL, hukou_city: 'changsha' });
  assert.equal(S.rows.length, 3);
  assert.equal(S.hukou, 'changsha');
  assert.deepEqual(S.rows.map((r) => [r.ongoing, r.to]), [[false, '2020-02'], [false, '2020-05'], [true, '']]);
  assert.deepEqual(toFile(S), { version: 1, hukou_city: 'changsha', periods: TYPICAL.periods });
  loadHistory(S, TYPICAL);
  assert.deepEqual(toFile(S), TYPICAL);
});

test('an empty history loads as one blank row; loading forgets what undo kept', () => {
  const S = createState();
  loadHistory(S, TYPICAL);
  removeRow(S, 0);
  loadHistory(S, { version: 1, periods: [] });
  assert.equal(S.rows.length, 1);
  assert.equal(S.removed, null);
  assert.equal(toHistory(S).history.periods.length, 0);
});

test('only rows filled in enough are checked; started ones are counted as incomplete, blank ones not', () => {
  const S = createState();
  loadHistory(S, TYPICAL);
  S.rows.push(newRow(S)); // blank
  S.rows.push(newRow(S, { city: 'wuxi' })); // started: no first month
  S.rows.push(newRow(S, { city: 'wuxi', from: '2020-01', ongoing: false })); // not ongoing, no last month
  S.rows.push(newRow(S, { city: 'gotham', kind: 'pension', from: '2021-13' })); // filled in: checked, and the engine says what is wrong
  const { history, map, incomplete } = toHistory(S);
  assert.equal(incomplete, 2);
  assert.deepEqual(history.periods.slice(0, 3), TYPICAL.periods);
  assert.deepEqual(history.periods[3], { city: 'gotham', kind: 'pension', from: '2021-13', to: null });
  assert.deepEqual(map, [S.rows[0].uid, S.rows[1].uid, S.rows[2].uid, S.rows[6].uid]);
  assert.equal(history.hukou_city, undefined);
  S.hukou = 'wuxi';
  assert.equal(toHistory(S).history.hukou_city, 'wuxi');
});

test('the last month of an ongoing row is kept in the editor but not sent', () => {
  const S = createState();
  Object.assign(S.rows[0], { city: 'wuxi', from: '2020-01', to: '2020-05', ongoing: true });
  assert.equal(toHistory(S).history.periods[0].to, null);
  assert.equal(S.rows[0].to, '2020-05');
});

test('options: as of today, the region unless all cities are shown, the what-if once complete', () => {
  const S = createState({ region: 'sunan' });
  const members = ['nanjing', 'wuxi'];
  assert.deepEqual(checkOptions(S, '2026-11-26', members), { as_of: '2026-11-26', cities: ['nanjing', 'wuxi'] });
  S.allCities = true;
  assert.deepEqual(checkOptions(S, '2026-11-26', members), { as_of: '2026-11-26', cities: [] });
  S.whatIf.on = true;
  S.whatIf.city = 'suzhou';
  assert.equal(checkOptions(S, '2026-11-26', members).what_if, undefined, 'no month yet');
  S.whatIf.from = '2027-01';
  S.whatIf.kinds = ['residence'];
  assert.deepEqual(checkOptions(S, '2026-11-26', members).what_if, { city: 'suzhou', from: '2027-01', kinds: ['residence'] });
  S.whatIf.on = false;
  assert.equal(checkOptions(S, '2026-11-26', members).what_if, undefined);
});

test('a new row takes the city and kind of the last one', () => {
  const S = createState();
  Object.assign(S.rows[0], { city: 'wuxi', kind: 'residence', from: '2020-01' });
  const r = addRow(S);
  assert.equal(S.rows.length, 2);
  assert.deepEqual([r.city, r.kind, r.from, r.ongoing], ['wuxi', 'residence', '', true]);
});

test('remove and undo put the row back where it was', () => {
  const S = createState();
  loadHistory(S, TYPICAL);
  const uids = S.rows.map((r) => r.uid);
  removeRow(S, 1);
  assert.deepEqual(S.rows.map((r) => r.uid), [uids[0], uids[2]]);
  const back = undoRemove(S);
  assert.equal(back.uid, uids[1]);
  assert.deepEqual(S.rows.map((r) => r.uid), uids);
  assert.equal(undoRemove(S), null, 'nothing more to undo');
});

test('removing the only row leaves a blank one, which undo drops again unless it was used', () => {
  const S = createState();
  Object.assign(S.rows[0], { city: 'wuxi', from: '2020-01' });
  const only = S.rows[0].uid;
  removeRow(S, 0);
  assert.equal(S.rows.length, 1);
  assert.notEqual(S.rows[0].uid, only);
  undoRemove(S);
  assert.deepEqual(S.rows.map((r) => r.uid), [only]);

  removeRow(S, 0);
  S.rows[0].city = 'suzhou'; // the blank row was used meanwhile: it stays
  undoRemove(S);
  assert.deepEqual(S.rows.map((r) => r.city), ['wuxi', 'suzhou']);
});

test('moving a row swaps it with its neighbour', () => {
  const S = createState();
  loadHistory(S, TYPICAL);
  assert.equal(moveRow(S, 2, 1), 1);
  assert.deepEqual(S.rows.map((r) => r.city), ['wuxi', 'nanjing', 'suzhou']);
});

test('turning the what-if on starts from the last city given and next month, unless chosen', () => {
  const S = createState();
  loadHistory(S, TYPICAL);
  S.rows.push(newRow(S)); // a blank last row does not count
  setWhatIf(S, true, '2026-12-05');
  assert.deepEqual([S.whatIf.on, S.whatIf.city, S.whatIf.from], [true, 'nanjing', '2027-01']);
  setWhatIf(S, false, '2026-12-05');
  S.whatIf.city = 'wuxi';
  setWhatIf(S, true, '2026-12-05');
  assert.deepEqual([S.whatIf.on, S.whatIf.city, S.whatIf.from], [true, 'wuxi', '2027-01']);
  const E = createState();
  setWhatIf(E, true, '2026-11-26');
  assert.equal(E.whatIf.city, '', 'no city given anywhere');
});

test('the example is a typical history, years before today', () => {
  const h = example('2026-11-26');
  assert.equal(h.version, 1);
  assert.deepEqual([...new Set(h.periods.map((p) => p.city))], ['wuxi', 'suzhou', 'nanjing']);
  assert.ok(h.periods.every((p) => p.from < '2026-11' && (p.to == null || p.to < '2026-11')));
  assert.ok(h.periods.some((p) => p.back_paid));
  const S = createState();
  loadHistory(S, h);
  assert.deepEqual(toFile(S), h);
});
