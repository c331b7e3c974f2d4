// The editor's state, without DOM: the rows as typed, the options (as-of day,
// region, what-if), and the history the engine reads, made from the rows.
// Rows keep whatever was typed or loaded, valid or not: the engine says what
// is wrong, and nothing is lost.

import { KINDS, isMonth, monthAt, monthIndex, nextMonth, parseMonth } from './months.js';

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
    removed: null, // for undo: the last removed row {row, index, blank}, or the rows an import changed {rows}
  };
  S.rows.push(newRow(S));
  return S;
}

/**
 * A row: one stay in a city — the city, from, to (or ongoing), what the
 * person had there (`kinds`: social insurance, a residence permit, or both)
 * and, optionally, a range of back-paid months (`back`, `backFrom`,
 * `backTo`). Months are YYYY-MM where the editor could read what was typed
 * ("2019.3"), and otherwise kept as typed or loaded, for the engine to say
 * what is wrong, as it would of the same file. Blank unless `p` (row fields)
 * says otherwise.
 */
export function newRow(S, p = {}) {
  S.uid += 1;
  return {
    uid: `p${S.uid}`,
    city: p.city ?? '',
    kinds: p.kinds ? [...p.kinds] : ['social_insurance'],
    from: p.from ?? '',
    to: p.to ?? '',
    ongoing: p.ongoing ?? true,
    back: !!p.back,
    backFrom: p.backFrom ?? '',
    backTo: p.backTo ?? '',
    note: p.note ?? null,
  };
}

const SI = 'social_insurance';

/** Whether a row holds anything at all. */
export const started = (r) => !!(r.city || r.from || r.to || (r.back && (r.backFrom || r.backTo)));

/**
 * The periods of the history format a row stands for, each with the prefix
 * of the row's fields it comes from ([period, prefix]): the row's uid, or
 * `<uid>-b` for its back-paid months, so that an error at `periods[i].from`
 * finds `p3-from` or `p3-b-from`. Social insurance with a back-paid range is
 * split around it (a range outside the stay adds to it); a residence permit
 * keeps the stay as it is, unless it is all the row has (then it carries the
 * range). In month order within each kind. Where a month does not read as
 * one, nothing is split: the stay and the range go as typed, and the engine
 * says what is wrong.
 */
export function periodsOf(r) {
  const extra = r.note != null ? { note: r.note } : {};
  const from = r.from;
  const to = r.ongoing ? null : r.to;
  const back = r.back && (r.backFrom || r.backTo) ? { from: r.backFrom, to: r.backTo || null } : null;
  const out = [];
  const add = (kind, a, b, bp, prefix) => out.push([{ city: r.city, kind, from: a, to: b, ...(bp ? { back_paid: true } : {}), ...extra }, prefix]);
  for (const kind of r.kinds) {
    const carries = back && (kind === SI || !r.kinds.includes(SI));
    if (!carries) { add(kind, from, to, false, r.uid); continue; }
    const ok = isMonth(from) && (to == null || (isMonth(to) && from <= to)) && isMonth(back.from) && (back.to == null || (isMonth(back.to) && back.from <= back.to));
    if (!ok) {
      // A back-paid range that is the whole stay is one back-paid period (as loaded).
      if (back.from !== from || back.to !== to) add(kind, from, to, false, r.uid);
      add(kind, back.from, back.to, true, `${r.uid}-b`);
      continue;
    }
    const F = monthIndex(from);
    const T = to == null ? Infinity : monthIndex(to);
    const B1 = monthIndex(back.from);
    const B2 = back.to == null ? Infinity : monthIndex(back.to);
    const pieces = [];
    if (F < B1) pieces.push([from, T < B1 ? to : monthAt(B1 - 1), false, r.uid]);
    pieces.push([back.from, back.to, true, `${r.uid}-b`]);
    if (T > B2) pieces.push([F > B2 ? from : monthAt(B2 + 1), to, false, r.uid]);
    pieces.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [a, b, bp, prefix] of pieces) add(kind, a, b, bp, prefix);
  }
  return out;
}

/**
 * The history to check: the rows filled in enough to check (a city, a first
 * month, a last month unless ongoing, and at least one kind). `map[i]` is the
 * prefix of the fields behind period i (the row's uid, or `<uid>-b` for its
 * back-paid months), so that an error at `periods[i]` finds its field;
 * `incomplete` counts the rows started but not finished (a blank row is not).
 */
export function toHistory(S) {
  const periods = [];
  const map = [];
  let incomplete = 0;
  for (const r of S.rows) {
    if (!r.city || !r.from || (!r.ongoing && !r.to) || !r.kinds.length) {
      if (started(r)) incomplete += 1;
      continue;
    }
    for (const [p, prefix] of periodsOf(r)) {
      periods.push(p);
      map.push(prefix);
    }
  }
  const history = { version: 1, periods };
  if (S.hukou) history.hukou_city = S.hukou;
  return { history, map, incomplete };
}

/** The whole editor as a history file: every row, as typed (a row with no kind as social insurance). */
export function toFile(S) {
  const h = { version: 1 };
  if (S.hukou) h.hukou_city = S.hukou;
  h.periods = S.rows.flatMap((r) => periodsOf(r.kinds.length ? r : { ...r, kinds: [SI] }).map(([p]) => p));
  return h;
}

/**
 * A history's periods as rows (stays), in the order of their first period:
 * social insurance that runs on, month after month, through one back-paid
 * period is one stay with that back-paid range; a stay of social insurance
 * and a residence permit over the same months is one row with both — where
 * everything matches exactly (city, months, note as written), so that the
 * rows give back the very same periods. Anything else is a row as it is.
 */
export function rowsOf(S, periods) {
  const items = (periods || []).map((p, i) => ({
    i, city: p.city, kind: p.kind, from: p.from, to: p.to ?? null, bp: !!p.back_paid, note: p.note ?? null, used: false,
  }));
  const same = (a, b) => a.city === b.city && a.note === b.note;
  const next = (m) => (isMonth(m) ? monthAt(monthIndex(m) + 1) : null);
  const row = (x, f) => ({ at: x.i, city: x.city, kinds: [x.kind], note: x.note, ...f });
  const si = [];
  // Social insurance: each back-paid period with the plain periods right before and after it.
  for (const b of items) {
    if (b.used || b.kind !== SI || !b.bp || !isMonth(b.from) || !isMonth(b.to) || b.from > b.to) continue;
    const plain = (x) => !x.used && !x.bp && x.kind === SI && same(x, b) && isMonth(x.from) && (x.to == null || (isMonth(x.to) && x.from <= x.to));
    const pre = items.find((x) => plain(x) && x.to != null && next(x.to) === b.from);
    if (pre) pre.used = true;
    const post = items.find((x) => plain(x) && x.from === next(b.to));
    if (post) post.used = true;
    b.used = true;
    const parts = [pre, b, post].filter(Boolean);
    si.push({
      at: Math.min(...parts.map((x) => x.i)), b, pre, post,
      from: (pre ?? b).from, to: post ? post.to : b.to,
    });
  }
  const rows = [];
  const pair = (span) => {
    const r = items.find((x) => !x.used && x.kind === 'residence' && !x.bp && same(x, span.b) && x.from === span.from && x.to === span.to);
    if (r) r.used = true;
    return r;
  };
  for (const c of si) {
    // A residence permit over the whole span, or over the months around a range at one end.
    const r = pair(c) || (!c.pre && c.post && pair({ ...c, from: c.post.from })) || (!c.post && c.pre && pair({ ...c, to: c.pre.to }));
    const span = r || c;
    rows.push({
      at: Math.min(c.at, r?.i ?? Infinity), city: c.b.city, note: c.b.note, kinds: r ? [SI, 'residence'] : [SI],
      from: span.from, to: span.to, back: { from: c.b.from, to: c.b.to },
    });
  }
  for (const x of items) {
    if (x.used) continue;
    x.used = true;
    if (x.bp) { rows.push(row(x, { from: x.from, to: x.to, back: { from: x.from, to: x.to } })); continue; }
    // The same months of the other kind, wherever it is in the file.
    const other = x.kind === SI ? 'residence' : x.kind === 'residence' ? SI : null;
    const y = other && items.find((z) => !z.used && !z.bp && z.kind === other && same(z, x) && z.from === x.from && z.to === x.to);
    if (y) y.used = true;
    rows.push(row(x, { from: x.from, to: x.to, kinds: y ? [SI, 'residence'] : [x.kind] }));
  }
  return rows.sort((a, b) => a.at - b.at).map((r) => newRow(S, {
    city: r.city, kinds: r.kinds, from: r.from, to: r.to ?? '', ongoing: r.to == null,
    back: !!r.back, backFrom: r.back?.from ?? '', backTo: r.back?.to ?? '', note: r.note,
  }));
}

/** Replaces the editor's rows with a history's (one already accepted); undo is forgotten. */
export function loadHistory(S, data) {
  S.hukou = data.hukou_city ?? '';
  S.rows = rowsOf(S, data.periods);
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

/**
 * Adds a stay after the last, with the same kinds, starting the month after
 * the last one ended (when it ended); returns it.
 */
export function addRow(S) {
  const last = S.rows[S.rows.length - 1];
  const end = last && !last.ongoing && parseMonth(last.to);
  const r = newRow(S, { kinds: last?.kinds.length ? last.kinds : undefined, from: end ? nextMonth(end) : '' });
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

/**
 * Adds rows after the last (in place of a blank editor's one blank row), or
 * replaces them all; what was there is kept for undo.
 */
export function putRows(S, rows, replace) {
  S.removed = { rows: S.rows };
  const kept = replace ? [] : S.rows.filter(started);
  S.rows = [...kept, ...rows];
  if (!S.rows.length) S.rows.push(newRow(S));
}

/** Puts the removed row back where it was (dropping the blank row that replaced it, if still blank), or the rows an import replaced; returns the row to focus. */
export function undoRemove(S) {
  if (!S.removed) return null;
  const { row, index, blank, rows } = S.removed;
  S.removed = null;
  if (rows) {
    S.rows = rows;
    return rows[0];
  }
  S.rows = S.rows.filter((r) => r.uid !== blank || started(r));
  S.rows.splice(Math.min(index, S.rows.length), 0, row);
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
