// Months as the engine writes them, "YYYY-MM", and the kinds of record: the
// one place the page does month arithmetic or lists the kinds.

/** The kinds of record, in the order the page shows them. */
export const KINDS = ['social_insurance', 'residence'];

/** A well-formed month, "YYYY-MM" with MM from 01 to 12. */
export const isMonth = (v) => /^\d{4}-(0[1-9]|1[0-2])$/.test(v);

/** Months since year 0: "2021-03" → 2021 × 12 + 2. */
export const monthIndex = (m) => +m.slice(0, 4) * 12 + +m.slice(5, 7) - 1;

/** The month at an index from `monthIndex`. */
export const monthAt = (i) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/** The month after `m`. */
export const nextMonth = (m) => monthAt(monthIndex(m) + 1);

/** Today in the person's time zone, `YYYY-MM-DD`: the engine never reads the clock. */
export function localToday(d = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

// --- months as people type them -------------------------------------------------

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Full-width digits and punctuation (２０１９．３) as ASCII, lower case, spaces collapsed. */
const plain = (s) => String(s ?? '').replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
  .replace(/\u3000/g, ' ').trim().toLowerCase().replace(/\s+/g, ' ');

/** "YYYY-MM" from a year and a month number as text; null if the month is not 1–12. */
const ym = (y, m) => (+m >= 1 && +m <= 12 ? `${y}-${String(+m).padStart(2, '0')}` : null);

/** The month of an English month name or its first three letters or more ("Mar", "march"); 0 if none. */
const named = (w) => (w.length >= 3 ? MONTH_NAMES.findIndex((n) => n.startsWith(w)) + 1 : 0);

/**
 * A month as people write it, as "YYYY-MM"; null if it is not one.
 * 2019-03, 2019-3, 2019.3, 2019/03, 2019年3月, 201903, 2019-03-15 (a day is
 * dropped), 03/2019, Mar 2019, March 2019; full-width digits too.
 */
export function parseMonth(text) {
  const s = plain(text);
  let m = /^(\d{4}) ?(?:[-./年] ?(\d{1,2}) ?(?:月份?|月?(?: ?[-./] ?\d{1,2} ?[日号]?| ?\d{1,2} ?[日号])?)|(\d{2})(?:\d{2})?)$/.exec(s);
  if (m) return ym(m[1], m[2] ?? m[3]);
  m = /^(\d{1,2}) ?[-/.] ?(\d{4})$/.exec(s);
  if (m) return ym(m[2], m[1]);
  m = /^([a-z]+)\.?,? ?(\d{4})$/.exec(s) || /^(\d{4}),? ?([a-z]+)\.?$/.exec(s);
  if (m) {
    const [w, y] = /\d/.test(m[1]) ? [m[2], m[1]] : [m[1], m[2]];
    return ym(y, named(w));
  }
  return null;
}

/**
 * Every month written in a line of text, in order: [{month, day, at, end}],
 * `day` when a day of the month was written too (a date, not a month),
 * `at`/`end` the span in the line. Amounts and other numbers are not months.
 */
export function monthsIn(line) {
  const s = String(line ?? '').replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  const re = /(^|\D)(\d{4})(?:\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?|([-./])(\d{1,2})(?:\5(\d{1,2}))?|(\d{2})(\d{2})?)(?!\d)/g;
  const out = [];
  for (let m = re.exec(s); m; m = re.exec(s)) {
    // Years of working lives only: 4800.12 is an amount.
    const month = +m[2] >= 1900 && +m[2] < 2200 && ym(m[2], m[3] ?? m[6] ?? m[8]);
    if (month) out.push({ month, day: !!(m[4] ?? m[7] ?? m[9]), at: m.index + m[1].length, end: re.lastIndex });
  }
  return out;
}
