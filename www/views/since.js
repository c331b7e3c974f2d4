// Since when a met answer has been met: the engine asked about the history as
// it stood month by month backwards. In later.js: the answers' lines gain their
// month after the first result. What it needs of targets.js (the words of an
// answer) comes through P.

import { html } from '../html.js';
import { MET_ORDER, historyAsOf, lastDay, sinceMonth } from '../answers.js';

const key = (a) => `${a.city}:${a.route?.route ?? ''}`;

/**
 * The month since which each met answer has been met, found by checking the
 * history as it stood month by month backwards, under the rules in force each
 * month (answers.js `sinceMonth`). Done in slices after the answers are on
 * screen, each slice at most SLICE_MS; the lines gain their month when it is
 * known. Remembered per history, so that a redraw does not ask again.
 */
const SLICE_MS = 12;

export function scheduleSince(P, history, met) {
  const id = JSON.stringify(history) + P.today;
  if (P.since?.id !== id) P.since = { id, months: new Map(), met: new Map(), timer: 0 };
  const S = P.since;
  clearTimeout(S.timer);
  const todo = met.filter((a) => !S.months.has(key(a)));
  if (!todo.length) return;
  const evaluation = P.lastGood?.report?.evaluation_month ?? P.today.slice(0, 7);
  const step = () => {
    if (P.since !== S) return;
    const deadline = performance.now() + SLICE_MS;
    for (const a of todo) {
      const k = key(a);
      if (S.months.has(k)) continue;
      const got = sinceMonth(evaluation, (month) => {
        const mk = `${k}:${month}`;
        if (S.met.has(mk)) return S.met.get(mk);
        if (performance.now() > deadline) return null;
        const met = metAt(P, history, a.city, a.route.route, month);
        S.met.set(mk, met);
        return met;
      });
      if (got.pending) { S.timer = setTimeout(step, 0); return; }
      S.months.set(k, got.month);
      const line = P.root.querySelector(`.ans-line[data-ans="${k}"]`);
      if (line && got.month) line.innerHTML = html`<strong>${P.cityName(a.city)}</strong>${P.t.colon}${P.answerParts(P, a, got.month)[0]}`;
    }
    noteSince(P);
    // The receipt, drawn with the results, gains the months too.
    P.drawReceipt();
  };
  S.timer = setTimeout(step, 0);
}

/** Whether a route was met in a month: the history as it stood then, the rules in force then. */
function metAt(P, history, city, route, month) {
  try {
    // The engine directly, not engine.js's measured `check`: these are not the page's recomputes.
    const res = P.checker.check(historyAsOf(history, month), { as_of: lastDay(month), cities: [city] });
    const r = res.ok && res.report.cities.find((c) => c.city === city)?.routes.find((x) => x.route === route);
    return !!r && MET_ORDER.includes(r.status);
  } catch {
    return false;
  }
}

/** Under the answers, what a "since" month rests on, when a line shows one. */
function noteSince(P) {
  const note = P.$('hy-goal-note');
  if (note && !note.textContent && P.root.querySelector('.ans-line') && [...(P.since?.months.values() ?? [])].some(Boolean)) {
    note.textContent = P.t.ans_since_note;
  }
}
