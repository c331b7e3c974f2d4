// The answer to "I want to settle in…", without DOM: for each city the
// person chose, the one route that answers best and what to say about it —
// met (and since when), projected (how many months, from which month),
// short without a projection, no years needed, not known, not encoded — all
// read from the engine's report, never computed anew.

import { monthAt, monthIndex } from './months.js';

/** Statuses that say the years are met, best first (each headline says what it rests on). */
export const MET_ORDER = ['eligible', 'eligible_unverified', 'eligible_if_pilot_continues', 'depends_on_hukou'];

/** The months still missing on a route: the largest gap among its requirements (they run side by side). */
export const missingOf = (r) => r.requirements.reduce((a, q) => Math.max(a, q.missing_months, q.local_missing_months), 0);

/**
 * How well a route answers "can I settle here": met first (plain before
 * resting on something), then a projected month, then short without one,
 * then no years needed, then not known, then not applicable.
 */
function rank(r) {
  const met = MET_ORDER.indexOf(r.status);
  if (met >= 0) return met;
  if (r.status === 'not_yet') return r.eligible_from ? 10 : 20;
  if (r.status === 'no_threshold') return 30;
  return r.status === 'unknown' ? 40 : 50;
}

/** A city's routes, best answer first: by rank, then earliest projected month, then fewest months missing. */
export function bestFirst(routes) {
  return [...routes].sort((x, y) => rank(x) - rank(y)
    || (x.eligible_from ?? '9999').localeCompare(y.eligible_from ?? '9999')
    || missingOf(x) - missingOf(y));
}

/**
 * The answer for one city of a report:
 *   {city, kind: 'registered' | 'no_rules' | 'route', route, also, missing, projected}
 * `route` is the best route; `also` a route that needs no years (a home, an
 * open city) when the best one is not met, for "另：…"; `missing` the months
 * the best route still lacks; `projected` its projected month, if any. A city
 * the report does not list answers as not encoded.
 */
export function answerFor(report, city) {
  const c = report?.cities.find((x) => x.city === city);
  if (!c || c.status === 'no_rules' || !c.routes.length) return { city, kind: c?.status === 'already_registered' ? 'registered' : 'no_rules', cityReport: c ?? null };
  if (c.status === 'already_registered') return { city, kind: 'registered', cityReport: c };
  const [route, ...rest] = bestFirst(c.routes);
  const met = MET_ORDER.includes(route.status);
  const also = met || route.status === 'no_threshold' ? null : rest.find((r) => r.status === 'no_threshold' && (r.basis === 'home_ownership' || r.basis === 'open')) ?? null;
  return { city, kind: 'route', cityReport: c, route, also, met, missing: missingOf(route), projected: route.eligible_from ?? null };
}

/** Whether an answer says the years are met. */
export const isMet = (a) => a.kind === 'route' && a.met;

/**
 * The history as it stood at the end of `month`: periods that began later
 * are left out, and periods that ended later end then (ongoing ones stay
 * ongoing: up to the evaluation month). Back-paid months are taken as paid
 * already: an approximation the "since" month says it rests on.
 */
export function historyAsOf(history, month) {
  const at = monthIndex(month);
  const periods = [];
  for (const p of history.periods) {
    if (monthIndex(p.from) > at) continue;
    periods.push(p.to != null && monthIndex(p.to) > at ? { ...p, to: month } : p);
  }
  return { ...history, periods };
}

/** The last day of a month, "YYYY-MM-DD": the date a month is judged on. */
export function lastDay(month) {
  const days = new Date(Date.UTC(+month.slice(0, 4), +month.slice(5, 7), 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
}

/**
 * The first month from which a route has been met without a break up to the
 * evaluation month, by asking `metAt(month)` month by month backwards (the
 * rules in force then, the history as it stood then). Gives null when it was
 * met at every month back to `limit` months ago (too long ago to say), or
 * when `metAt` gives up (it returns null: out of time).
 * Returns {month} or {pending: true} when `metAt` ran out of time.
 */
export function sinceMonth(evaluationMonth, metAt, limit = 120) {
  const end = monthIndex(evaluationMonth);
  for (let i = end - 1; i >= end - limit; i -= 1) {
    const met = metAt(monthAt(i));
    if (met == null) return { pending: true };
    if (!met) return { month: monthAt(i + 1) };
  }
  return { month: null };
}
