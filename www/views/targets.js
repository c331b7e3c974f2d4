// "I want to settle in…": the page's first question and its answers. The
// person chooses the cities they want to settle in (the cities with rules,
// grouped by region, the regions of their history first, with one-tap
// suggestions); each chosen city answers in one line read from the report —
// met and since when, how many months to go and from which month, short
// without a projection, no years needed, rules unclear, not covered — with
// a jump to its card and, for a projected month, "remind me": a calendar
// file made on the device (views/remind.js, in later.js). Before there is
// any history, the same place says what the checker does and how to start.
//
// The choice is page state (S.targets), kept with the history in this tab
// and, with "remember", on the device; it is not part of the history file,
// whose format refuses keys it does not know.

import { html } from '../html.js';
import { rulesHref, rulesPageHref } from '../links.js';
import { MET_ORDER, answerFor } from '../answers.js';
import { example } from '../state.js';
import { draw, onButton, onEdit } from './dom.js';

/** The markup of the question, filled by `renderGoal` once there is a report; the notice right under the answers it qualifies. */
export function goalPart(P) {
  const { t } = P;
  return html`<section class="goal" aria-labelledby="hy-h-goal">
<h2 id="hy-h-goal">${t.goal_q}</h2>
<ul class="answers" id="hy-answers" aria-label="${t.goal_chosen}"></ul>
<p class="hint" id="hy-goal-note"></p>
<p class="notice" id="hy-notice"><strong>${t.notice}</strong></p>
<div class="goal-add">
  <label for="hy-goal" class="vh">${t.goal_add_label}</label>
  <select id="hy-goal" data-lazy><option value="">${t.goal_add}</option></select>
</div>
<p class="suggest" id="hy-suggest"></p>
<div class="start" id="hy-start"></div>
<p class="brief" id="hy-brief"><span id="hy-brief-text"></span> <button type="button" class="btn link" id="hy-jump">${t.jump}</button></p>
<p class="vh" id="hy-goal-msg" aria-live="polite"></p>
</section>`;
}

// --- the cities to choose from ---------------------------------------------------

/**
 * The ids of the cities with rules: what an empty history is checked against
 * (every city with rules answers it). Asked once, when first needed.
 */
export function ruledCities(P) {
  if (!P.ruled) {
    let cities = [];
    try {
      const res = P.checker.check({ version: 1, periods: [] }, { as_of: P.today });
      if (res.ok) cities = res.report.cities.filter((c) => c.status === 'rules').map((c) => c.city);
    } catch { /* no list: the select keeps the cities already chosen */ }
    P.ruled = new Set(cities);
  }
  return P.ruled;
}

/** The cities of the editor's rows, as ids, in the order they first appear. */
function historyCities(P) {
  const out = [];
  for (const r of P.S.rows) {
    const id = P.places.cityById.get(r.city)?.id;
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}

/** The regions of the person: the chosen region, then those of the history's cities. */
function yourRegions(P) {
  const ids = historyCities(P);
  const out = [];
  const add = (r) => { if (r && !out.includes(r)) out.push(r); };
  add(P.places.regionById.get(P.S.region));
  for (const r of P.places.groups('').map((g) => g.region).filter(Boolean)) {
    if (r.pilot && r.members.some((m) => ids.includes(m))) add(r);
  }
  return out;
}

/**
 * One-tap suggestions, not yet chosen: the history's cities (with rules or
 * not: "not covered" is an answer too), then the other cities with rules of
 * the person's regions; at most `max`.
 */
export function suggestions(P, max = 6) {
  const { S } = P;
  const out = historyCities(P).filter((id) => id !== P.places.cityById.get(S.hukou)?.id);
  for (const r of yourRegions(P)) for (const m of r.members) if (!out.includes(m)) out.push(m);
  return out.filter((id) => !S.targets.includes(id)).slice(0, max);
}

/** The options of the "add a city" select: the person's regions first, each city once, chosen ones left out. */
function goalOptions(P) {
  const { t, S } = P;
  const ruled = ruledCities(P);
  const seen = new Set(S.targets);
  const option = (id) => { seen.add(id); return html`<option value="${id}">${P.cityName(id)}</option>`; };
  const group = (label, ids) => {
    const list = ids.filter((id) => !seen.has(id));
    return list.length ? html`<optgroup label="${label}">${list.map(option)}</optgroup>` : '';
  };
  const mine = yourRegions(P);
  const parts = [group(t.goal_history, historyCities(P).filter((id) => id !== P.places.cityById.get(S.hukou)?.id))];
  for (const r of mine) parts.push(group(t.goal_yours(P.name(r)), r.members.filter((m) => ruled.has(m))));
  for (const g of P.places.groups('')) {
    if (mine.includes(g.region)) continue;
    parts.push(group(g.region ? P.name(g.region) : t.goal_more, g.cities.map((c) => c.id).filter((id) => ruled.has(id))));
  }
  return html`<option value="">${t.goal_add}</option>${parts}`;
}

/** Gives the select its cities (asked for the first time: the cities with rules). */
function fillSelect(P) {
  const sel = P.$('hy-goal');
  if (!sel) return;
  delete sel.dataset.lazy;
  sel.innerHTML = goalOptions(P);
}

// --- the answers -------------------------------------------------------------------

/**
 * The words of an answer: first what a person can act on (the verdict, with
 * since when, how many months, from which month), then what qualifies it (why
 * no month can be projected, a way that needs no years).
 */
export function answerParts(P, a, since) {
  const { t } = P;
  const month = since ? t.month(since) : null;
  if (a.kind === 'registered') return [t.ans_registered];
  if (a.kind === 'no_rules') return [t.ans_no_rules];
  const r = a.route;
  const out = [];
  switch (r.status) {
    case 'eligible': out.push(t.ans_met(month)); break;
    case 'eligible_unverified': out.push(t.ans_unverified(month)); break;
    case 'eligible_if_pilot_continues': out.push(t.ans_pilot(month)); break;
    case 'depends_on_hukou': out.push(t.ans_hukou); break;
    case 'no_threshold': out.push(t.ans_also_basis[r.basis] ?? t.ans_free); break;
    case 'not_yet':
      if (a.projected) out.push(t.ans_projected(a.missing, t.month(a.projected), !!P.lastGood?.report?.what_if));
      else out.push(t.ans_short(a.missing), t.ans_no_proj(t.no_projection[r.no_projection] ?? r.no_projection ?? ''));
      break;
    case 'unknown': out.push(r.reason === 'threshold_unknown' ? t.ans_unknown : t.reason[r.reason] ?? t.status.unknown); break;
    default: out.push(t.ans_na(t.reason[r.reason] ?? t.status[r.status] ?? r.status));
  }
  if (a.also) out.push(t.ans_also(t.ans_also_basis[a.also.basis]));
  return out;
}

/** An answer in one sentence: for the live region and the receipt. */
export const answerWords = (P, a, since) => answerParts(P, a, since).join(P.t.semi);

/** An answer's key: its city and route (since.js keys the months it finds the same way). */
const key = (a) => `${a.city}:${a.route?.route ?? ''}`;

/** One line of the answer, as HTML: the city and what to do about it; then the route, its card, the rules, "remind me". */
function answerItem(P, a, since, verdict) {
  const { t } = P;
  const name = P.cityName(a.city);
  const r = a.route;
  const away = P.opts?.embed || P.opts?.element ? html` target="_blank" rel="noopener noreferrer"` : '';
  const known = a.kind === 'no_rules' || r?.status === 'unknown' || r?.status === 'not_applicable';
  const [main, ...qualify] = verdict ? answerParts(P, a, since) : [];
  const more = qualify.map((q) => html`<span>${q}</span>`);
  if (verdict && r) more.push(html`<span class="route">${t.ans_route(P.name(r))}</span>`);
  if (verdict && known) {
    more.push(html`<a href="${r ? rulesHref(a.city, r.route) : `${rulesPageHref()}#${encodeURIComponent(a.city)}`}"${away}>${t.ans_known}<span class="vh"> · ${name}</span></a>`);
  }
  if (verdict && r) more.push(html`<button type="button" class="btn link" data-goal-jump="${key(a)}">${t.ans_details}<span class="vh"> · ${name}</span></button>`);
  if (verdict && a.projected) more.push(remindButton(P, a.city, r, a.projected));
  const cls = !verdict ? '' : a.kind !== 'route' ? ` a-${a.kind}` : a.met ? ' a-met' : r.status === 'no_threshold' ? ' a-free' : r.status === 'not_yet' ? ' a-later' : ' a-other';
  return html`<li class="ans${cls}" data-city="${a.city}">
<p class="ans-line" data-ans="${key(a)}"><strong>${name}</strong>${verdict ? html`${t.colon}${main}` : ''}</p>
${more.length ? html`<p class="ans-more">${more}</p>` : ''}
<button type="button" class="btn x" data-goal-remove="${a.city}" aria-label="${t.goal_remove(name)}">✕</button>
</li>`;
}

/** A "remind me" button for a route's projected month. */
export function remindButton(P, city, r, month) {
  return html`<button type="button" class="btn remind" data-remind="${city}:${r.route}:${month}">${P.t.remind}<span class="vh"> · ${P.cityName(city)} ${P.t.month(month)}</span></button>`;
}

/** The first visit: what the checker does, three steps, and the example. */
function startPart(P) {
  const { t } = P;
  return html`<p>${t.start_what}</p><ol class="steps">${t.start_steps.map((s) => html`<li>${s}</li>`)}</ol>
<button type="button" class="btn primary" id="hy-try">${t.start_try}</button>`;
}

/**
 * Draws the question's answers from a report (null while a field has an
 * error: the cities stay, their verdicts wait), the suggestions, and the
 * first visit's steps when the history has no period.
 */
export function renderGoal(P, report, history, { errors = 0 } = {}) {
  const { S, $, t } = P;
  const empty = !errors && !history.periods.length;
  const verdict = !errors && !empty && !!report;
  const answers = S.targets.map((city) => answerFor(report, city));
  const sinceOf = (a) => (verdict && a.kind === 'route' && MET_ORDER.includes(a.route.status) ? P.since?.months.get(key(a)) : null);
  // What has the focus in here keeps it when its part is drawn again.
  const had = P.root.querySelector('.goal :focus');
  const same = had && [...had.attributes].find((x) => /^data-(goal|remind)/.test(x.name));
  draw($('hy-answers'), answers.map((a) => answerItem(P, a, sinceOf(a), verdict)).join(''));
  $('hy-answers').hidden = !answers.length;
  const since = verdict && answers.some((a) => sinceOf(a));
  $('hy-goal-note').textContent = errors ? t.ans_wait : !S.targets.length && !empty ? t.goal_hint : since ? t.ans_since_note : '';
  const sugg = suggestions(P);
  draw($('hy-suggest'), sugg.length ? html`<span class="lbl">${t.goal_suggest}</span> ${sugg.map((id) => html`<button type="button" class="btn chip-add" data-goal-add="${id}">＋ ${P.cityName(id)}</button>`)}` : '');
  draw($('hy-start'), empty ? startPart(P) : '');
  if (same && !had.isConnected) P.root.querySelector(`.goal [${same.name}="${same.value}"]`)?.focus();
  // The select gets its cities when it is first reached (focus, pointer): not on the way to the first result.
  const sel = $('hy-goal');
  if (sel && !('lazy' in sel.dataset)) sel.innerHTML = goalOptions(P);
  const met = verdict ? answers.filter((a) => a.kind === 'route' && MET_ORDER.includes(a.route.status)) : [];
  // Since when each is met: views/since.js, in later.js, which asks the engine
  // month by month after the first result (the lines gain their month then).
  if (met.length) P.withLater((L) => L.scheduleSince(P, history, met), 'since');
}

// --- wiring ------------------------------------------------------------------------

/** Adds a target (an id of the gazetteer), checks again, and says so. */
function add(P, id) {
  if (!id || P.S.targets.includes(id)) return;
  P.S.targets.push(id);
  P.update();
  P.$('hy-goal-msg').textContent = P.t.goal_added(P.cityName(id));
}

/**
 * Wires the question: the select and the suggestions add a city, ✕ removes
 * one (focus goes to the next line, else the select), "details" jumps to the
 * city's card, "remind me" makes the calendar file, and the first visit's
 * button fills in the example (through the editor's own button, so that it
 * asks first when something is typed).
 */
export function bindGoal(P) {
  const { S, root } = P;
  for (const type of ['focusin', 'pointerdown']) {
    root.addEventListener(type, (e) => { if (e.target.id === 'hy-goal' && 'lazy' in e.target.dataset) fillSelect(P); });
  }
  onEdit(root, (el) => {
    if (el.id !== 'hy-goal' || !el.value) return;
    const id = el.value;
    el.value = '';
    add(P, id);
    P.$('hy-goal')?.focus();
  });
  onButton(root, (btn) => {
    const d = btn.dataset;
    if (d.goalAdd) {
      const next = btn.nextElementSibling?.dataset.goalAdd ?? btn.previousElementSibling?.dataset.goalAdd;
      add(P, d.goalAdd);
      (next && root.querySelector(`[data-goal-add="${next}"]`) || P.$('hy-goal'))?.focus();
    } else if (d.goalRemove) {
      const i = S.targets.indexOf(d.goalRemove);
      if (i < 0) return;
      S.targets.splice(i, 1);
      P.update();
      const rest = root.querySelectorAll('[data-goal-remove]');
      (rest[Math.min(i, rest.length - 1)] || P.$('hy-goal'))?.focus();
      P.$('hy-goal-msg').textContent = P.t.goal_removed(P.cityName(d.goalRemove));
    } else if (d.goalJump) {
      const card = root.querySelector(`#hy-out article.card[data-key="${d.goalJump}"]`);
      if (!card) return;
      const g = card.closest('details');
      if (g) g.open = true;
      const h = card.querySelector('h4');
      h.tabIndex = -1;
      card.scrollIntoView({ block: 'start' });
      h.focus({ preventScroll: true });
    } else if (d.remind) {
      // The calendar file is made by later.js: at once when it is in, else as soon as it comes.
      P.withLater((L) => L.remind(P, btn));
    } else if (btn.id === 'hy-try') {
      const own = P.$('hy-example');
      if (own) own.click(); else P.load(example(P.today), 'file');
      // The page is drawn again: the next step is choosing where to settle.
      P.$('hy-goal')?.focus();
    }
  });
}
