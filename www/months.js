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
