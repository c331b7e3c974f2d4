// How fresh the rules are: every dated check in the rules (a route version, an
// agreement version, a region) with the day it was last verified, and whether
// that day is older than a number of months before "today". No DOM, no clock:
// today is always passed in (the page gives the visitor's own date,
// scripts/freshness.mjs the system's or --today).

/** Months after which the page marks a rule as possibly out of date. */
export const PAGE_STALE_MONTHS = 12;

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** A well-formed day, "YYYY-MM-DD" with a real month and day. */
export function isDay(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s ?? '');
  if (!m) return false;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo);
}

function daysIn(y, m) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * The day `months` calendar months before `day` ("YYYY-MM-DD"), its day of
 * the month kept where the earlier month has it, else that month's last day:
 * 2027-05-26 − 6 → 2026-11-26; 2027-08-31 − 6 → 2027-02-28.
 */
export function monthsBefore(day, months) {
  const y = +day.slice(0, 4);
  const m = +day.slice(5, 7);
  const d = +day.slice(8, 10);
  const index = y * 12 + (m - 1) - months;
  const yy = Math.floor(index / 12);
  const mm = (index % 12) + 1;
  return `${pad(yy, 4)}-${pad(mm)}-${pad(Math.min(d, daysIn(yy, mm)))}`;
}

/**
 * Whether a check made on `verified` is older than `months` months on
 * `today`: verified before the day `months` months before today. Verified
 * exactly that many months ago is not yet stale.
 */
export const isStale = (verified, today, months) => verified < monthsBefore(today, months);

/**
 * Every dated check in the rules, in file order: route versions, agreement
 * versions, then regions. `rules` is the bundle as the page loads it
 * (`hukou-years bundle`): {gazetteer: {file, doc}, cities: [{file, doc}],
 * agreements: [{file, doc}]}. Each item: {what: 'route' | 'agreement' |
 * 'region', file, id (city, agreement or region id), route (routes only),
 * effective_from, effective_until (versions only), verified_on}.
 */
export function checks(rules) {
  const out = [];
  for (const { file, doc } of rules.cities) {
    for (const r of doc.routes) {
      for (const v of r.versions) {
        out.push({ what: 'route', file, id: doc.city, route: r.id, effective_from: v.effective_from, effective_until: v.effective_until ?? null, verified_on: v.verified_on });
      }
    }
  }
  for (const { file, doc } of rules.agreements) {
    for (const v of doc.versions) {
      out.push({ what: 'agreement', file, id: doc.id, effective_from: v.effective_from, effective_until: v.effective_until ?? null, verified_on: v.verified_on });
    }
  }
  for (const r of rules.gazetteer.doc.regions) {
    out.push({ what: 'region', file: rules.gazetteer.file, id: r.id, verified_on: r.verified_on });
  }
  return out;
}

/** The checks older than `months` months on `today`, oldest first (then in file order). */
export function staleChecks(rules, today, months) {
  return checks(rules)
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => isStale(c.verified_on, today, months))
    .sort((a, b) => a.c.verified_on.localeCompare(b.c.verified_on) || a.i - b.i)
    .map(({ c }) => c);
}
