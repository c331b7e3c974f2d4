// The results: every route of every city, best first, in three groups (met,
// not yet, the rest), each a card with its requirements, what is missing, the
// projection, the conditions not checked, the source, and the explanation
// rendered from the engine's steps. When the person has said where they want
// to settle, those cities come first and the rest is one tap away; before
// there is any history, no verdicts at all. The summary line at the top names
// cities, and goes blank while a field has an error.

import { html } from '../html.js';
import { rulesHref } from '../links.js';
import { PAGE_STALE_MONTHS, isStale } from '../stale.js';
import { onButton, say } from './dom.js';
import { answerFor, bestFirst, isMet } from '../answers.js';
import { answerWords, remindButton, renderGoal } from './targets.js';

// Statuses best first. The groups on the page: met (each headline saying what
// it rests on), routes that need no years (apart from the year verdicts), not
// yet, the rest.
const STATUS_RANK = {
  eligible: 0, eligible_unverified: 1, eligible_if_pilot_continues: 2, depends_on_hukou: 3,
  no_threshold: 4, not_yet: 5, unknown: 6, not_applicable: 7,
};
const MET = new Set(['eligible', 'eligible_unverified', 'eligible_if_pilot_continues', 'depends_on_hukou']);
const WEAK = new Set(['unverified', 'third_party']);

/** The names and words the step renderers of i18n.js use. */
export function stepContext(P) {
  const { t } = P;
  return {
    city: P.cityName,
    cities: (ids) => t.list(ids.map(P.cityName)),
    // Periods of the report by the editor's entry numbers (rows not yet complete are not checked).
    entries: (ix) => t.list(ix.map((i) => P.lastGood?.entries?.[i] ?? i + 1)),
    agreement: P.agName,
    kind: (k) => t.kinds_short[k] ?? k,
    month: (m) => (m ? t.month(m) : ''),
    date: (d) => d ?? '',
    n: t.n,
    ny: t.ny,
    conf: (x) => t.conf[x] ?? x,
    exclusion: (x) => t.exclusion[x] ?? x,
    backPaid: (x) => t.back_paid_rule[x] ?? x,
    cutoffRule: (x) => t.cutoff_rule[x] ?? x,
    noProjection: (x) => t.no_projection[x] ?? x,
    part: (x) => t.part[x] ?? x,
  };
}

/** A text the rules give in both languages ({zh, en}), in the page's. */
const inLang = (P, x) => (P.S.lang === 'zh' ? x.zh : x.en);

const stepText = (t, s, cx) => (t.step[s.code] ? t.step[s.code](s, cx) : s.code);

/** The results section, empty: filled by `renderResults`. */
export function resultsSection(P) {
  const { t, S } = P;
  const region = P.places.regionById.get(S.region);
  return html`<section class="results" aria-labelledby="hy-h-results">
  <h2 id="hy-h-results" tabindex="-1">${t.results}</h2>
  <p class="hint" id="hy-asof"></p>
  ${region ? html`<p class="region">${S.allCities ? '' : t.region_only(P.name(region))} <button type="button" class="btn link" id="hy-all">${S.allCities ? t.region_only(P.name(region)) : t.show_all}</button></p>` : ''}
  <p class="warn" id="hy-stale" hidden>${t.results_stale}</p>
  <div id="hy-out" class="out"></div>
</section>`;
}

const link = (t, src) => (src.url ? html` · <a href="${src.url}" target="_blank" rel="noopener noreferrer">${t.source_link}<span class="vh"> ${src.title}</span></a>` : '');
const nature = (t, src) => html` <span class="nature n-${src.nature}">${t.paren(t.nature[src.nature] ?? src.nature)}</span>`;

// The main source in full; the others, if any, one line each.
function sourceLine(t, sources, conf, verified, effFrom, effUntil) {
  const [src, ...more] = sources ?? [];
  if (!src) return '';
  return html`<p class="src"><span class="lbl">${t.basis + t.colon}</span>${t.title_q(src.title)}${src.document_number ? t.paren(src.document_number) : ''} ${src.issuer}${nature(t, src)}${effFrom ? html` · ${t.effective(effFrom, effUntil)}` : ''}
 · <span class="conf c-${conf}">${t.confidence + t.colon + (t.conf[conf] ?? conf)}</span> · ${t.verified(verified)}${link(t, src)}</p>${more.length ? html`<p class="src"><span class="lbl">${t.also_sources + t.colon}</span>${more.map((m, i) => html`${i ? '；' : ''}${t.title_q(m.title)} ${m.issuer}${nature(t, m)}${link(t, m)}`)}</p>` : ''}`;
}

function requirement(P, q) {
  const { t } = P;
  const pct = Math.min(100, Math.round((100 * q.counted_months) / Math.max(1, q.required_months)));
  const parts = [t.local_part(t.n(q.local_months))];
  for (const fc of q.from_cities) parts.push(t.from_city(P.cityName(fc.city), t.n(fc.months), P.agName(fc.agreement)));
  const raw = q.from_cities.reduce((a, fc) => a + fc.months, 0);
  if (q.partner_months != null && raw !== q.partner_months) parts.push(t.partner_after(t.n(q.partner_months)));
  return html`<li class="req${q.met ? ' met' : ''}">
<p><strong>${t.counted(t.kinds_short[q.kind], t.counting[q.counting], t.n(q.counted_months), t.ny(q.required_months))}</strong>${q.missing_months ? html` · <span class="miss">${t.missing(t.n(q.missing_months))}</span>` : ''}</p>
<svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="bar-bg" width="100" height="6"/><rect class="bar-fg" width="${pct}" height="6"/></svg>
<p class="parts">${parts.join(' · ')}</p>
${q.local_missing_months ? html`<p class="miss">${t.local_short(t.n(q.min_local_months), t.n(q.local_missing_months))}</p>` : ''}
</li>`;
}

/** The year-based part of a points score: total, components, ranges, what is not assessed, past scores. */
function pointsBlock(P, p) {
  const { t } = P;
  const pick = (x) => inLang(P, x);
  const clause = (x, conf) => html`<span class="src"> · <span class="conf c-${conf}">${t.conf[conf] ?? conf}</span> · <q lang="zh">${x.quote}</q> ${x.location}</span>`;
  const head = [t.pts_total(p.partial_min, p.partial_max)];
  if (p.needed != null) head.push(t.pts_needed(p.needed));
  if (p.still_needed_min != null) head.push(t.pts_more(p.still_needed_min, p.still_needed_max));
  const comp = (c) => {
    const unit = t.points_unit[c.per] ?? c.per;
    const parts = [];
    if (c.counted_from) parts.push(t.pts_since(t.month(c.counted_from)));
    for (const fc of c.from_cities) parts.push(t.pts_from(P.cityName(fc.city), fc.months, t.recognition_scope[fc.scope] ?? fc.scope));
    if (c.remainder_months) parts.push(t.pts_rest(c.remainder_months, unit));
    if (c.back_paid_excluded) parts.push(t.pts_back(c.back_paid_excluded));
    if (c.capped) parts.push(t.pts_capped(c.points, c.cap));
    return html`<li><strong>${t.pts_comp(t.kinds_short[c.kind] ?? c.kind, t.counting[c.counting] ?? c.counting, c.months, c.units, unit, c.points_per_unit, c.uncapped)}</strong>${parts.length ? html`<br>${parts.join(' · ')}` : ''}${clause(c.clause, c.confidence)}</li>`;
  };
  return html`<div class="points"><p class="lbl">${t.pts_title + t.colon}<strong>${head.join(' · ')}</strong></p>
<p class="hint">${t.points_scope[p.scope] ?? p.scope}${p.quota ? html` · ${t.pts_quota}` : ''}</p>
${p.components.length || p.ranges.length ? html`<ul>${p.components.map(comp)}${p.ranges.map((x) => html`<li>${t.pts_range(pick(x), x.min, x.max)}${clause(x.clause, x.confidence)}</li>`)}</ul>` : ''}
${p.not_assessed.length ? html`<p class="lbl">${t.pts_not_assessed + t.colon}</p><ul>${p.not_assessed.map((x) => html`<li>${pick(x)}</li>`)}</ul>` : ''}
${p.context.length ? html`<p class="lbl">${t.pts_context + t.colon}</p><ul>${p.context.map((x) => html`<li>${t.pts_past(pick(x.label), x.score, x.year)}${html`<span class="src"> · ${t.title_q(x.source.title)} ${x.source.issuer} · <span class="conf c-${x.confidence}">${t.conf[x.confidence] ?? x.confidence}</span></span>`}</li>`)}</ul>` : ''}
</div>`;
}

/** The conditions the tool does not check: first the hukou cities (when no hukou city was given), then the rule's own. */
function unchecked(P, r) {
  const items = r.unchecked.map((x) => inLang(P, x));
  if (r.hukou_unchecked != null) items.unshift(P.t.hukou_in(r.hukou_unchecked.map(P.cityName)));
  return items;
}

function routeCard(P, cx, c, r, compact) {
  const { t } = P;
  const key = `${c.city}:${r.route}`;
  P.routes?.set(key, { c, r });
  const pick = (x) => inLang(P, x);
  const weak = r.confidence && WEAK.has(r.confidence);
  const when = r.eligible_from
    ? html`<p class="when">${t.eligible_from(t.month(r.eligible_from), !!P.lastGood?.report?.what_if)} ${remindButton(P, c.city, r, r.eligible_from)}</p>`
    : r.no_projection && r.status === 'not_yet'
      ? html`<p class="when">${t.no_proj + (t.no_projection[r.no_projection] ?? r.no_projection)}</p>`
      : r.reason ? html`<p class="when">${t.reason[r.reason] ?? r.reason}</p>` : '';
  const notChecked = unchecked(P, r);
  // What the verdict rests on, in the card itself: unverified parts, an ended pilot, the hukou.
  const weakParts = (r.weak ?? []).map((w) => (t.weak_part[w.part] ? t.weak_part[w.part](w, cx) : w.part));
  const rests = [
    weakParts.length ? html`<p class="caution weak">${t.weak_line(t.list(weakParts))}</p>` : '',
    ...(r.pilot_ended ?? []).map((e) => html`<p class="caution pilot">${t.pilot_line(P.agName(e.agreement), e.pilot_until)}</p>`),
    r.status === 'depends_on_hukou' ? html`<p class="caution hukou">${t.hukou_ask}</p>` : '',
  ];
  const free = r.status === 'no_threshold' && t.basis_of[r.basis] ? html`<p class="free">${t.basis_of[r.basis]}</p>` : '';
  const names = html`<span class="vh"> · ${P.cityName(c.city)} ${P.name(r)}</span>`;
  return slot(P, key, html`<article class="card s-${r.status}${compact ? ' compact' : ''}" data-key="${key}">
<h4><span class="cname">${P.cityName(c.city)}</span> · ${P.name(r)} <span class="badge">${t.status[r.status] ?? r.status}</span></h4>
${free}${when}
${rests}
${r.requirements.length ? html`<ul class="reqs">${r.requirements.map((q) => requirement(P, q))}</ul>` : ''}
${r.points ? pointsBlock(P, r.points) : ''}
${notChecked.length ? html`<div class="unchecked"><p class="lbl">${t.unchecked + t.colon}</p><ul>${notChecked.map((u) => html`<li>${u}</li>`)}</ul></div>` : ''}
${r.unknown ? html`<div class="unknown"><p><span class="lbl">${t.unknown_why + t.colon}</span>${pick(r.unknown.reason)}</p><p><span class="lbl">${t.settled_by + t.colon}</span>${pick(r.unknown.settled_by)}</p></div>` : ''}
${sourceLine(t, r.sources, r.rule_confidence ?? r.confidence, r.verified_on, r.effective_from, r.effective_until)}
${weak ? html`<p class="caution">${t.caution(t.conf[r.confidence])}</p>` : ''}
${howWeKnow(P, c, r)}
${r.agreements.length || r.assumptions.length ? html`<details class="explain more" data-key="${key}:more"><summary>${t.more(r.agreements.length, r.assumptions.length)}${names}</summary></details>` : ''}
<details class="explain" data-key="${key}"><summary>${t.explain}${names}</summary></details>
</article>`);
}

/**
 * While renderResults collects cards (P.cards.next), a card's markup goes
 * there and the results hold an empty slot in its place; renderResults puts
 * the card in, reusing the card already on the page when its markup is the
 * same. Called on its own (as the tests call results()), the card is its markup.
 */
function slot(P, key, card) {
  const next = P.cards?.next;
  if (!next) return card;
  // One slot per card: a key seen twice (it never is: a city's routes are in
  // one group) keeps its own markup rather than sharing the first one's slot.
  const id = next.has(key) ? `${key}#${next.size}` : key;
  next.set(id, String(card));
  return html`<hy-slot data-slot="${id}"></hy-slot>`;
}

/** A card's agreements and assumptions (in its closed "more" details until opened). */
function moreList(P, r) {
  const { t } = P;
  const pick = (x) => inLang(P, x);
  return html`${r.agreements.length ? html`<p class="lbl">${t.agreements + t.colon}</p><ul>${r.agreements.map((a) => html`<li><strong>${P.name(a)}</strong>${sourceLine(t, a.sources, a.confidence, a.verified_on, a.effective_from, null)}${a.assumed?.length ? html`<p class="caution assumed">${t.ag_assumed(t.list(a.assumed.map((x) => t.ag_part[x] ?? x)))}</p>` : ''}${a.assumptions.length ? html`<ul>${a.assumptions.map((x) => html`<li class="assume">${pick(x)}</li>`)}</ul>` : ''}</li>`)}</ul>` : ''}
${r.assumptions.length ? html`<p class="lbl">${t.assumptions + t.colon}</p><ul>${r.assumptions.map((x) => html`<li class="assume">${pick(x)}</li>`)}</ul>` : ''}`;
}

/** A card's explanation, step by step (in its closed details until opened). */
export const steps = (P, cx, r) => html`<ol>${r.explanation.map((s) => html`<li>${stepText(P.t, s, cx)}</li>`)}</ol>`;

/**
 * Fills a card's explanation lists while they are open: a card holds its
 * details' summaries only (the lists of every card, built at every
 * recompute, would be most of the results' markup, and would make a card
 * new to every edit that changes a step). The lists are those of the route
 * the results were last drawn with (P.routes, by the details' key): built
 * when opened, and again when an edit changes them while open.
 */
function fillOpened(P, d) {
  if (!d.classList.contains('explain')) return;
  const route = P.routes?.get(d.classList.contains('more') ? d.dataset.key.slice(0, -':more'.length) : d.dataset.key)?.r;
  if (!route) return;
  const markup = String(d.classList.contains('more') ? moreList(P, route) : steps(P, stepContext(P), route));
  if (listed.get(d) === markup) return;
  while (d.lastElementChild && d.lastElementChild !== d.firstElementChild) d.lastElementChild.remove();
  d.insertAdjacentHTML('beforeend', markup);
  listed.set(d, markup);
}

/** The lists a card's details hold, by the details element. */
const listed = new WeakMap();

/**
 * The link to the route's entry on the rules page (only the city and route
 * ids travel: nothing typed), and a notice when the route's rule or an
 * arrangement it counted was last verified more than PAGE_STALE_MONTHS ago.
 */
function howWeKnow(P, c, r) {
  const { t } = P;
  const checked = [r.verified_on, ...r.agreements.map((a) => a.verified_on)].filter(Boolean).sort();
  const stale = checked.length && isStale(checked[0], P.today, PAGE_STALE_MONTHS);
  // Embedded in another site's page, the rules open in a tab of their own.
  const away = P.opts?.embed || P.opts?.element ? html` target="_blank" rel="noopener noreferrer"` : '';
  return html`${stale ? html`<p class="caution stale">${t.stale_rule(checked[0], PAGE_STALE_MONTHS)}</p>` : ''}<p class="how"><a href="${rulesHref(c.city, r.route)}"${away}>${t.how_we_know}<span class="vh"> · ${P.cityName(c.city)} ${P.name(r)}</span></a></p>`;
}

const sumMissing = (r) => r.requirements.reduce((a, q) => a + q.missing_months + q.local_missing_months, 0);
const group = (r) => (MET.has(r.status) ? 0 : r.status === 'no_threshold' ? 3 : r.status === 'not_yet' ? 1 : 2);

/**
 * Every route of the report, best first: by status (met, no threshold, not yet,
 * unknown, not applicable), then earliest projection, cities in the history,
 * fewest months missing, and code.
 */
export function ranked(report, history, cityById) {
  const inHistory = new Set(history.periods.map((p) => cityById.get(p.city)?.id));
  const items = [];
  for (const c of report.cities) for (const r of c.routes) items.push({ c, r });
  return items.sort((x, y) => STATUS_RANK[x.r.status] - STATUS_RANK[y.r.status]
    || (x.r.eligible_from ?? '9999').localeCompare(y.r.eligible_from ?? '9999')
    || inHistory.has(y.c.city) - inHistory.has(x.c.city)
    || sumMissing(x.r) - sumMissing(y.r)
    || x.c.code.localeCompare(y.c.code));
}

/**
 * The history notes to list: the first NOTES, then how many more. (An engine
 * that reports overlaps by pairs of records gives n² / 2 of them for n records
 * over the same months: listed whole, they would stall the page.)
 */
const NOTES = 50;
const notes = (all) => (all.length > NOTES ? [...all.slice(0, NOTES), `… +${all.length - NOTES}`] : all);

/**
 * The results of a report as blocks of HTML, in order: each one element of
 * #hy-out (renderResults keeps a block that has not changed where it is).
 */
export function results(P, report, history) {
  const { t, S } = P;
  P.routes = new Map(); // the route of each card, by key: its closed lists are built when opened
  // No history yet: no verdicts (an empty form would otherwise "meet" the open cities).
  if (!history.periods.length) return [html`<section class="group g-start"><p class="hint">${t.start_results}</p></section>`];
  const cx = stepContext(P);
  const w = report.what_if;
  const goal = new Set(S.targets);
  const top = [
    w && html`<p class="wi-note">${`${t.what_if}${t.colon}${P.cityName(w.city)} · ${t.month(w.from)} · ${w.kinds.map((k) => t.kinds_short[k]).join(S.lang === 'zh' ? '、' : ', ')}`}</p>`,
    report.history_notes.length && html`<div class="notes"><h3>${t.history_notes}</h3><ul>${notes(report.history_notes).map((s) => html`<li>${typeof s === 'string' ? s : stepText(t, s, cx)}</li>`)}</ul></div>`,
  ].filter(Boolean);
  if (!goal.size) return [...top, ...groups(P, cx, report, history, report.cities)];
  // The cities the person wants to settle in first, each with all its routes, best first;
  // every other city one tap away.
  const rest = report.cities.filter((c) => !goal.has(c.city));
  const mine = S.targets.map((id) => {
    const c = report.cities.find((x) => x.city === id);
    if (!c || c.status === 'no_rules') return html`<ul class="none">${noRules(P, c ?? { city: id, regions: [], counted_by: [] })}</ul>`;
    if (c.status === 'already_registered') return html`<p class="registered"><strong>${P.cityName(c.city)}</strong>${t.colon}${t.registered_line}</p>`;
    return bestFirst(c.routes).map((r) => routeCard(P, cx, c, r, r.status === 'no_threshold'));
  });
  return [
    ...top,
    html`<section class="group g-goal"><h3>${t.goal_group}</h3>${mine}</section>`,
    rest.length && html`<details class="group g-rest" data-key="__rest"${S.open.has('__rest') ? ' open' : ''}><summary><h3>${t.rest_group(rest.length)}</h3></summary>${groups(P, cx, report, history, rest)}</details>`,
  ].filter(Boolean);
}

/** The routes of some of a report's cities in their groups: met, no years needed, not yet, the rest, and the cities without rules; an element each. */
function groups(P, cx, report, history, cities) {
  const { t, S } = P;
  const items = ranked({ ...report, cities }, history, P.places.cityById);
  const now = items.filter((i) => group(i.r) === 0);
  const later = items.filter((i) => group(i.r) === 1);
  const other = items.filter((i) => group(i.r) === 2);
  const free = items.filter((i) => group(i.r) === 3);
  const registered = cities.filter((c) => c.status === 'already_registered');
  const without = cities.filter((c) => c.status === 'no_rules');
  const section = (title, list, cls) => list.length && html`<section class="group ${cls}"><h3>${title} <span class="count">(${list.length})</span></h3>${list.map((i) => routeCard(P, cx, i.c, i.r, i.r.status === 'no_threshold'))}</section>`;
  return [
    ...registered.map((c) => html`<p class="registered"><strong>${P.cityName(c.city)}</strong>${t.colon}${t.registered_line}</p>`),
    section(t.group_now, now, 'g-now'),
    section(t.group_free, free, 'g-free'),
    section(t.group_later, later, 'g-later'),
    other.length && html`<details class="group g-other" data-key="__other"${S.open.has('__other') ? ' open' : ''}><summary><h3>${t.group_other(other.length)}</h3></summary>${other.map((i) => routeCard(P, cx, i.c, i.r, true))}</details>`,
    without.length && html`<details class="group g-none" data-key="__none"${S.open.has('__none') ? ' open' : ''}><summary><h3>${t.cities_without(without.length)}</h3></summary><ul class="none">${without.map((c) => noRules(P, c))}</ul></details>`,
  ].filter(Boolean);
}

/** A city without encoded rules: what is known of it, in one line. */
function noRules(P, c) {
  const { t } = P;
  const regions = c.regions.map((id) => P.places.regionById.get(id)).filter(Boolean).map((r) => P.name(r));
  return html`<li data-city="${c.city}"><strong>${P.cityName(c.city)}</strong>${t.colon}${t.no_rules_line(t.list(regions))}${c.counted_by.length ? ` ${t.counted_by_line(t.list(c.counted_by.map((a) => `“${P.agName(a)}”`)))}` : ''}</li>`;
}

/**
 * Draws a report's results, its rules version, and the answers at the top.
 *
 * An edit changes a few cards, and parsing every card's markup again, or
 * moving every card, was most of an edit's time (200 KB of HTML for 100
 * periods against every city). The results are blocks (results()), each with
 * a slot per card: a block whose markup is the same as one on the page stays
 * where it is, and a card whose markup is the same keeps its element (its
 * focus, its open explanations, its laid-out size). What changed is parsed
 * together, once; a changed card in a kept block is swapped in place.
 */
export function renderResults(P, report, history) {
  const out = P.$('hy-out');
  // What is on the page: each block's {html, el}, each card's {html, el}; a
  // new #hy-out (the page drawn again, another language) starts afresh.
  const had = P.cards?.out === out ? P.cards : { out, blocks: [], on: new Map() };
  const next = new Map();
  P.cards = { ...had, next };
  let blocks;
  try { blocks = results(P, report, history).map(String); } finally { P.cards.next = null; }
  const fresh = [...next].filter(([id, markup]) => had.on.get(id)?.html !== markup);
  const spare = new Map();
  for (const b of had.blocks) spare.set(b.html, [...(spare.get(b.html) ?? []), b.el]);
  const kept = blocks.map((markup) => spare.get(markup)?.shift());
  const made = blocks.filter((_, i) => !kept[i]);
  const tpl = document.createElement('template');
  tpl.innerHTML = [...fresh.map(([, markup]) => markup), ...made].join('');
  const els = [...tpl.content.children];
  if (els.length !== fresh.length + made.length) throw new Error('results: a card or block is not one element');
  // A card's explanations are open as the person left them: not part of its
  // markup, so that opening one does not make the card new to the next edit.
  for (const d of tpl.content.querySelectorAll('article.card details[data-key]')) d.open = P.S.open.has(d.dataset.key);
  const on = new Map();
  fresh.forEach(([id, markup], i) => on.set(id, { html: markup, el: els[i] }));
  for (const [id, markup] of next) if (!on.has(id)) on.set(id, { html: markup, el: had.on.get(id).el });
  let k = fresh.length;
  const placed = blocks.map((markup, i) => ({ html: markup, el: kept[i] ?? els[k++] }));
  // A changed card takes its old element's place (in a kept block, that is
  // where it stays); the new blocks' slots take their cards, kept (moved out
  // of a block that goes) or new.
  for (const [id] of fresh) had.on.get(id)?.el.replaceWith(on.get(id).el);
  for (const b of placed) for (const el of b.el.querySelectorAll('hy-slot')) el.replaceWith(on.get(el.dataset.slot).el);
  // What goes leaves first, so that the blocks that stay are not moved past it.
  const keep = new Set(placed.map((b) => b.el));
  for (const node of [...out.childNodes]) if (!keep.has(node)) node.remove();
  placed.forEach((b, i) => { if (out.children[i] !== b.el) out.insertBefore(b.el, out.children[i] ?? null); });
  P.cards = { out, blocks: placed, on, next: null };
  // The open explanations get (or keep) the lists of this report.
  for (const d of out.querySelectorAll('article.card details.explain[open]')) fillOpened(P, d);
  P.$('hy-version').textContent = P.t.rules_version(report.rules_version);
  renderGoal(P, report, history);
}

/** How many routes are in each group: [met, not yet, the rest, no years needed]. */
export function tally(report) {
  const n = [0, 0, 0, 0];
  for (const c of report.cities) for (const r of c.routes) n[group(r)] += 1;
  return n;
}

/**
 * The summary line's words: the cities whose years are met, then those not
 * yet, each city by its best route (answers.js), the history's cities first,
 * three names at most and how many more. '' when there is no history.
 */
export function briefText(P, report, history) {
  const { t } = P;
  if (!history.periods.length) return '';
  const order = [];
  for (const p of history.periods) order.push(P.places.cityById.get(p.city)?.id);
  for (const i of ranked(report, history, P.places.cityById)) order.push(i.c.city);
  const answers = [...new Set(order)].filter(Boolean).map((id) => answerFor(report, id)).filter((a) => a.kind === 'route');
  const names = (list) => t.brief_names(list.slice(0, 3).map((a) => P.cityName(a.city)), list.length);
  const met = answers.filter(isMet);
  const later = answers.filter((a) => a.route.status === 'not_yet');
  return [met.length ? t.brief_met(names(met)) : '', later.length ? t.brief_later(names(later)) : ''].filter(Boolean).join(' ');
}

/**
 * The summary line at the top, and the announcement: the answers for the
 * cities the person chose, else the summary line. Nothing before there is a
 * history.
 */
export function announce(P, report) {
  const { t, S } = P;
  const history = P.lastGood?.history ?? { periods: [] };
  const brief = briefText(P, report, history);
  P.$('hy-brief-text').textContent = brief;
  if (!history.periods.length) return;
  const goal = S.targets.map((id) => {
    const a = answerFor(report, id);
    return `${P.cityName(id)}${t.colon}${answerWords(P, a, P.since?.months.get(`${id}:${a.route?.route ?? ''}`))}`;
  });
  say(P, t.summary(goal.length ? goal.join(t.semi) : brief));
}

/** While a field has an error: no summary (not stale figures), the answers wait, and how many problems there are is said. */
export function pause(P, errors) {
  P.$('hy-brief-text').textContent = '';
  renderGoal(P, null, P.lastGood?.history ?? { periods: [] }, { errors });
  say(P, P.t.summary_errors(errors));
}

/**
 * Wires the region filter ("only this region" / "all cities"), remembers
 * which <details> the person opened, so that they stay open across redraws,
 * and builds a card's explanation lists when they are opened.
 */
export function bindResults(P) {
  const { S, root } = P;
  onButton(root, (btn) => {
    if (btn.id !== 'hy-all') return;
    S.allCities = !S.allCities;
    P.redraw();
    P.$('hy-all')?.focus();
  });
  root.addEventListener('toggle', (e) => {
    const key = e.target.dataset && e.target.dataset.key;
    if (!key) return;
    if (e.target.open) {
      S.open.add(key);
      fillOpened(P, e.target);
    } else S.open.delete(key);
  }, true);
}
