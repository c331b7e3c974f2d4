// The editor's state without DOM: rows ↔ history, the engine's options, and
// the row operations (add, remove with undo, move, what-if defaults).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addRow, checkOptions, createState, example, loadHistory, moveRow, newRow, periodsOf, putRows, removeRow, setWhatIf, toFile, toHistory, undoRemove,
} from '../../www/state.js';

const SI = 'social_insurance';
const RES = 'residence';
/** A row's fields apart from its uid. */
const fields = (r) => ({ ...r, uid: undefined });

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
  assert.deepEqual(fields(S.rows[0]), {
    uid: undefined, city: '', kinds: [SI], from: '', to: '', ongoing: true, back: false, backFrom: '', backTo: '', note: null,
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
  // A back-paid period on its own is a stay whose back-paid range is all of it.
  assert.deepEqual([S.rows[1].back, S.rows[1].backFrom, S.rows[1].backTo], [true, '2020-03', '2020-05']);
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
  S.rows.push(newRow(S, { city: 'gotham', kinds: ['pension'], from: '2021-13' })); // filled in: checked, and the engine says what is wrong
  const { history, map, incomplete } = toHistory(S);
  assert.equal(incomplete, 2);
  assert.deepEqual(history.periods.slice(0, 3), TYPICAL.periods);
  assert.deepEqual(history.periods[3], { city: 'gotham', kind: 'pension', from: '2021-13', to: null });
  assert.deepEqual(map, [S.rows[0].uid, `${S.rows[1].uid}-b`, S.rows[2].uid, S.rows[6].uid], 'back-paid months at the back-paid fields');
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

test('a new stay takes the kinds of the last one, and begins the month after it ended', () => {
  const S = createState();
  Object.assign(S.rows[0], { city: 'wuxi', kinds: [SI, RES], from: '2018-03' });
  let r = addRow(S);
  assert.equal(S.rows.length, 2);
  assert.deepEqual([r.city, r.kinds, r.from, r.ongoing], ['', [SI, RES], '', true], 'the last one goes on: no first month');
  Object.assign(r, { city: 'suzhou', kinds: [SI], from: '2020-07', to: '2023.12', ongoing: false });
  r = addRow(S);
  assert.deepEqual([r.city, r.kinds, r.from, r.ongoing], ['', [SI], '2024-01', true]);
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
  const sorted = (ps) => ps.map((p) => JSON.stringify(p)).sort();
  assert.deepEqual(sorted(toFile(S).periods), sorted(h.periods));
  assert.deepEqual(S.rows.map((r) => r.kinds.length), [1, 1, 1, 1, 2], 'Nanjing is one stay with both');
});

// --- stays -------------------------------------------------------------------------

test('a stay with social insurance and a residence permit is two periods of the history format', () => {
  const S = createState();
  Object.assign(S.rows[0], { city: 'nanjing', kinds: [SI, RES], from: '2024-01' });
  const { history, map } = toHistory(S);
  assert.deepEqual(history.periods, [
    { city: 'nanjing', kind: SI, from: '2024-01', to: null },
    { city: 'nanjing', kind: RES, from: '2024-01', to: null },
  ]);
  assert.deepEqual(map, [S.rows[0].uid, S.rows[0].uid]);
});

test('months go as the rows keep them: a loaded "2021-1" is for the engine to refuse, as it would in the file', () => {
  const S = createState();
  loadHistory(S, { periods: [{ city: 'wuxi', kind: SI, from: '2021-1', to: '2021-0x' }] });
  assert.deepEqual(toHistory(S).history.periods.map((p) => [p.from, p.to]), [['2021-1', '2021-0x']]);
});

test('a back-paid range inside a stay splits its social insurance around it; the residence permit stays whole', () => {
  // Beijing: 2015-01 to now, two back-paid months in 2022.
  const r = { uid: 'p1', city: 'beijing', kinds: [SI, RES], from: '2015-01', to: '', ongoing: true, back: true, backFrom: '2022-05', backTo: '2022-06', note: null };
  assert.deepEqual(periodsOf(r), [
    [{ city: 'beijing', kind: SI, from: '2015-01', to: '2022-04' }, 'p1'],
    [{ city: 'beijing', kind: SI, from: '2022-05', to: '2022-06', back_paid: true }, 'p1-b'],
    [{ city: 'beijing', kind: SI, from: '2022-07', to: null }, 'p1'],
    [{ city: 'beijing', kind: RES, from: '2015-01', to: null }, 'p1'],
  ]);
  const cut = (f) => periodsOf({ ...r, kinds: [SI], ongoing: false, to: '2020-12', ...f }).map(([p, at]) => `${p.from}..${p.to}${p.back_paid ? ' bp' : ''} ${at}`);
  assert.deepEqual(cut({ backFrom: '2015-01', backTo: '2015-03' }), ['2015-01..2015-03 bp p1-b', '2015-04..2020-12 p1'], 'at the start');
  assert.deepEqual(cut({ backFrom: '2020-10', backTo: '2020-12' }), ['2015-01..2020-09 p1', '2020-10..2020-12 bp p1-b'], 'at the end');
  assert.deepEqual(cut({ backFrom: '2015-01', backTo: '2020-12' }), ['2015-01..2020-12 bp p1-b'], 'all of it');
  assert.deepEqual(cut({ backFrom: '2014-10', backTo: '2014-12' }), ['2014-10..2014-12 bp p1-b', '2015-01..2020-12 p1'], 'before it: adds to it');
  assert.deepEqual(cut({ backFrom: '2014-10', backTo: '2015-02' }), ['2014-10..2015-02 bp p1-b', '2015-03..2020-12 p1'], 'across its start');
  assert.deepEqual(cut({ backFrom: '2021-03', backTo: '2021-04' }), ['2015-01..2020-12 p1', '2021-03..2021-04 bp p1-b'], 'after it');
  // A range not given in full, or months that are not months: nothing is split, the engine says what is wrong.
  assert.deepEqual(cut({ backFrom: '2016-01', backTo: '' }), ['2015-01..2015-12 p1', '2016-01..null bp p1-b']);
  assert.deepEqual(cut({ backFrom: '2016-13', backTo: '2016-02' }), ['2015-01..2020-12 p1', '2016-13..2016-02 bp p1-b']);
  assert.deepEqual(cut({ backFrom: '2016-05', backTo: '2016-02' }), ['2015-01..2020-12 p1', '2016-05..2016-02 bp p1-b'], 'reversed');
  assert.deepEqual(cut({ back: false }), ['2015-01..2020-12 p1'], 'unticked: the range is kept but not used');
  assert.deepEqual(cut({ backFrom: '', backTo: '' }), ['2015-01..2020-12 p1'], 'ticked, nothing typed yet');
  // A residence permit carries the range only when it is all the stay has.
  assert.deepEqual(periodsOf({ ...r, kinds: [RES], ongoing: false, to: '2020-12', backFrom: '2015-01', backTo: '2020-12' }).map(([p]) => p.back_paid), [true]);
});

test('loading groups periods into stays where they match exactly, and the stays give back the same periods', () => {
  const file = {
    version: 1,
    periods: [
      { city: 'wuxi', kind: SI, from: '2018-03', to: '2020-06' },
      { city: 'wuxi', kind: RES, from: '2018-03', to: '2020-06' },
      { city: 'suzhou', kind: SI, from: '2020-07', to: '2021-02' },
      { city: 'suzhou', kind: SI, from: '2021-03', to: '2021-04', back_paid: true },
      { city: 'suzhou', kind: SI, from: '2021-05', to: '2023-12' },
      { city: 'nanjing', kind: RES, from: '2024-01', to: null },
      { city: 'suzhou', kind: RES, from: '2020-07', to: '2023-12' },
      { city: 'nanjing', kind: SI, from: '2024-01', to: null },
    ],
  };
  const S = createState();
  loadHistory(S, file);
  assert.deepEqual(S.rows.map((r) => [r.city, r.kinds.join('+'), r.from, r.ongoing ? '至今' : r.to, r.back ? `${r.backFrom}..${r.backTo}` : '']), [
    ['wuxi', `${SI}+${RES}`, '2018-03', '2020-06', ''],
    ['suzhou', `${SI}+${RES}`, '2020-07', '2023-12', '2021-03..2021-04'],
    ['nanjing', `${SI}+${RES}`, '2024-01', '至今', ''],
  ]);
  const again = toFile(S);
  const sorted = (ps) => ps.map((p) => JSON.stringify(p)).sort();
  assert.deepEqual(sorted(again.periods), sorted(file.periods), 'the same periods');
  // And the stays' own file loads into the same stays, exactly.
  const T = createState();
  loadHistory(T, again);
  assert.deepEqual(toFile(T), again);
});

test('periods that do not match exactly stay as they are: other months, another note, another city', () => {
  const file = {
    version: 1,
    periods: [
      { city: 'wuxi', kind: SI, from: '2018-03', to: '2020-02' },
      { city: 'wuxi', kind: RES, from: '2018-05', to: '2020-02' },
      { city: 'hangzhou', kind: SI, from: '2021-01', to: null, note: 'a' },
      { city: 'hangzhou', kind: RES, from: '2021-01', to: null, note: 'b' },
      { city: 'ningbo', kind: SI, from: '2019-01', to: '2019-06' },
      { city: 'ningbo', kind: SI, from: '2019-08', to: '2019-09', back_paid: true },
      { city: 'wuxi', kind: 'pension', from: '2021-13', to: '2022-01', back_paid: true },
    ],
  };
  const S = createState();
  loadHistory(S, file);
  assert.equal(S.rows.length, 7);
  assert.deepEqual(toFile(S), file, 'in the same order, too');
});

test('a stay edited in the editor survives its own file: stays in, stays out, as a reload would do', () => {
  const S = createState();
  S.rows = [
    newRow(S, { city: 'beijing', kinds: [SI, RES], from: '2015-01', back: true, backFrom: '2022-05', backTo: '2022-06' }),
    newRow(S, { city: 'tianjin', kinds: [SI, RES], from: '2013-01', to: '2014-12', ongoing: false, back: true, backFrom: '2012-10', backTo: '2012-12' }),
    newRow(S, { city: 'langfang', kinds: [SI], from: '2012-01', to: '2012-06', ongoing: false, back: true, backFrom: '2012-01', backTo: '2012-06', note: '补缴' }),
    newRow(S, { city: 'baoding', kinds: [RES], from: '2010-01', to: '2011-06', ongoing: false }),
  ];
  const file = toFile(S);
  const T = createState();
  loadHistory(T, file);
  assert.deepEqual(T.rows.map(fields), S.rows.map(fields));
  assert.deepEqual(toFile(T), file);
});

test('an import adds stays after what was typed (in place of a blank row) or replaces it; undo puts back what was there', () => {
  const S = createState();
  const blank = S.rows[0].uid;
  putRows(S, [newRow(S, { city: 'wuxi', from: '2018-03' })], false);
  assert.deepEqual(S.rows.map((r) => r.city), ['wuxi'], 'the blank row is gone');
  undoRemove(S);
  assert.deepEqual(S.rows.map((r) => r.uid), [blank]);
  loadHistory(S, TYPICAL);
  const before = S.rows.map((r) => r.uid);
  putRows(S, [newRow(S, { city: 'nanjing', from: '2024-01' })], false);
  assert.deepEqual(S.rows.map((r) => r.city), ['wuxi', 'suzhou', 'nanjing', 'nanjing']);
  putRows(S, [newRow(S, { city: 'hangzhou', from: '2024-01' })], true);
  assert.deepEqual(S.rows.map((r) => r.city), ['hangzhou']);
  undoRemove(S);
  assert.deepEqual(S.rows.map((r) => r.city), ['wuxi', 'suzhou', 'nanjing', 'nanjing']);
  assert.ok(before.every((u) => S.rows.some((r) => r.uid === u)));
});

test('an unfinished back-paid range or no kind at all leaves the row unchecked, counted as unfinished', () => {
  const S = createState();
  Object.assign(S.rows[0], { city: 'wuxi', from: '2020-01', kinds: [] });
  assert.deepEqual([toHistory(S).history.periods.length, toHistory(S).incomplete], [0, 1]);
  assert.equal(toFile(S).periods[0].kind, SI, 'saved as social insurance, not lost');
});

test('property: any history gives back the same periods through the rows, and the rows\' own file exactly', () => {
  let seed = 20261126;
  const rand = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 2 ** 32; };
  const int = (a, b) => a + Math.floor(rand() * (b - a + 1));
  const pick = (xs) => xs[int(0, xs.length - 1)];
  const month = () => `${int(2010, 2014)}-${String(int(1, 12)).padStart(2, '0')}`;
  const sorted = (ps) => ps.map((p) => JSON.stringify(p)).sort();
  for (let run = 0; run < 400; run += 1) {
    // Periods at random, and periods made from stays (which group again), mixed.
    const S = createState();
    const stays = Array.from({ length: int(0, 4) }, () => {
      const from = month();
      const to = rand() < 0.3 ? '' : [month(), from].sort()[1];
      const back = rand() < 0.5;
      const [b1, b2] = [month(), month()].sort();
      return newRow(S, {
        city: pick(['wuxi', 'suzhou', '南京']), kinds: pick([[SI], [RES], [SI, RES]]), from, to, ongoing: !to,
        back, backFrom: back ? b1 : '', backTo: back && rand() < 0.9 ? b2 : '', note: rand() < 0.2 ? 'n' : null,
      });
    });
    const random = Array.from({ length: int(0, 5) }, () => {
      const p = { city: pick(['wuxi', 'suzhou']), kind: pick([SI, RES, 'pension']), from: rand() < 0.1 ? '2013-13' : month(), to: rand() < 0.3 ? null : month() };
      if (rand() < 0.3) p.back_paid = true;
      if (rand() < 0.2) p.note = 'n';
      return p;
    });
    const periods = [...stays.flatMap((r) => periodsOf(r).map(([p]) => p)), ...random].sort(() => rand() - 0.5);
    if (!periods.length) continue; // an empty history is one blank row, as before
    const file = { version: 1, periods };
    loadHistory(S, file);
    const out = toFile(S);
    assert.deepEqual(sorted(out.periods), sorted(periods), `run ${run}: ${JSON.stringify(periods)}`);
    const T = createState();
    loadHistory(T, out);
    assert.deepEqual(toFile(T), out, `run ${run}`);
  }
});
