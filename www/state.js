// The editor's state, without DOM: the rows as typed, the options (as-of day,
// region, what-if), and the history the engine reads, made from the rows.
// Rows keep whatever was typed or loaded, valid or not: the engine says what
// is wrong, and nothing is lost.

import { KINDS, nextMonth } from './months.js';

/**
 * A new editor state. opts: {lang, elder, region}; `lang` must already be
 * one the page speaks.
 */
export function createState({ lang = 'zh', elder = false, region = '' } = {}) {
  const S = {
    uid: 0,
    lang,
    elder: !!elder,
    remember: false,
    hukou: '',
    rows: [],
    whatIf: { on: false, city: '', from: '', kinds: [...KINDS] },
    region: region || '',
    allCities: !region,
    open: new Set(), // the keys of the <details> the person opened
    targets: [], // the cities the person wants to settle in (ids); page state, not part of the history file
    removed: null, // the last removed row, for undo: {row, index, blank}
  };
  S.rows.push(newRow(S));
  return S;
}

/** A row with a fresh uid; blank unless `p` (a period as in a history file, or row fields) says otherwise. */
export function newRow(S, p = {}) {
  S.uid += 1;
  return {
    uid: `p${S.uid}`,
    city: p.city ?? '',
    kind: p.kind ?? 'social_insurance',
    from: p.from ?? '',
    to: p.to ?? '',
    ongoing: p.ongoing ?? true,
    back_paid: !!p.back_paid,
    note: p.note ?? null,
  };
}

const period = (r) => {
  const p = { city: r.city, kind: r.kind, from: r.from, to: r.ongoing ? null : r.to };
  if (r.back_paid) p.back_paid = true;
  if (r.note != null) p.note = r.note;
  return p;
};

/**
 * The history to check: the rows filled in enough to check (a city, a first
 * month, and a last month unless ongoing). `map[i]` is the uid of the row
 * behind period i, so that an error at `periods[i]` finds its field;
 * `incomplete` counts the rows started but not finished (a blank row is not).
 */
export function toHistory(S) {
  const periods = [];
  const map = [];
  let incomplete = 0;
  for (const r of S.rows) {
    if (!r.city || !r.from || (!r.ongoing && !r.to)) {
      if (r.city || r.from || r.to) incomplete += 1;
      continue;
    }
    periods.push(period(r));
    map.push(r.uid);
  }
  const history = { version: 1, periods };
  if (S.hukou) history.hukou_city = S.hukou;
  return { history, map, incomplete };
}

/** The whole editor as a history file: every row, as typed. */
export function toFile(S) {
  const h = { version: 1 };
  if (S.hukou) h.hukou_city = S.hukou;
  h.periods = S.rows.map(period);
  return h;
}

/** Replaces the editor's rows with a history's (one already accepted); undo is forgotten. */
export function loadHistory(S, data) {
  S.hukou = data.hukou_city ?? '';
  S.rows = (data.periods || []).map((p) => newRow(S, {
    city: p.city, kind: p.kind, from: p.from, to: p.to ?? '', ongoing: p.to == null, back_paid: p.back_paid, note: p.note,
  }));
  if (!S.rows.length) S.rows.push(newRow(S));
  S.removed = null;
}

/**
 * The engine's options: as of `today`, the chosen region's cities unless all
 * are shown (`members`: the region's city ids), and the what-if once it has a
 * city and a month.
 */
export function checkOptions(S, today, members) {
  const o = { as_of: today, cities: [] };
  if (S.region && !S.allCities && members) o.cities = [...members];
  const w = S.whatIf;
  if (w.on && w.city && w.from) o.what_if = { city: w.city, from: w.from, kinds: [...w.kinds] };
  return o;
}

/** Adds a row after the last, with its city and kind; returns it. */
export function addRow(S) {
  const last = S.rows[S.rows.length - 1];
  const r = newRow(S, { city: last?.city || '', kind: last?.kind || 'social_insurance' });
  S.rows.push(r);
  return r;
}

/** Removes row i, keeping it for undo; the editor never has no row. */
export function removeRow(S, i) {
  S.removed = { row: S.rows[i], index: i, blank: null };
  S.rows.splice(i, 1);
  if (!S.rows.length) {
    S.rows.push(newRow(S));
    S.removed.blank = S.rows[0].uid;
  }
}

/** Puts the removed row back where it was (dropping the blank row that replaced it, if still blank); returns it. */
export function undoRemove(S) {
  if (!S.removed) return null;
  const { row, index, blank } = S.removed;
  S.rows = S.rows.filter((r) => r.uid !== blank || r.city || r.from);
  S.rows.splice(Math.min(index, S.rows.length), 0, row);
  S.removed = null;
  return row;
}

/** Swaps row i with row j; returns j. */
export function moveRow(S, i, j) {
  [S.rows[i], S.rows[j]] = [S.rows[j], S.rows[i]];
  return j;
}

/**
 * Turns the what-if on or off. Turned on, it starts from the city of the last
 * row that has one and from next month, unless already chosen.
 */
export function setWhatIf(S, on, today) {
  S.whatIf.on = on;
  if (!on) return;
  if (!S.whatIf.city) {
    const last = [...S.rows].reverse().find((r) => r.city);
    S.whatIf.city = last ? last.city : '';
  }
  if (!S.whatIf.from) S.whatIf.from = nextMonth(today.slice(0, 7));
}

/** A typical history: Wuxi, then Suzhou, then Nanjing, with a break and a back-paid stretch. */
export function example(today) {
  const y = +today.slice(0, 4);
  return {
    version: 1,
    periods: [
      { city: 'wuxi', kind: 'social_insurance', from: `${y - 8}-03`, to: `${y - 6}-02` },
      { city: 'wuxi', kind: 'residence', from: `${y - 8}-05`, to: `${y - 6}-02` },
      { city: 'suzhou', kind: 'social_insurance', from: `${y - 6}-06`, to: `${y - 3}-12` },
      { city: 'suzhou', kind: 'social_insurance', from: `${y - 6}-03`, to: `${y - 6}-05`, back_paid: true },
      { city: 'suzhou', kind: 'residence', from: `${y - 6}-04`, to: `${y - 3}-12` },
      { city: 'nanjing', kind: 'social_insurance', from: `${y - 2}-04`, to: null },
      { city: 'nanjing', kind: 'residence', from: `${y - 2}-04`, to: null },
    ],
  };
}
