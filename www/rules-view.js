// The rules page's markup, without DOM: every region, city, route and
// agreement of the rules bundle (rules.json, as `hukou-years bundle` writes
// it) with its versions, sources, quoted clauses, confidence, verification
// dates, unknown thresholds, assumptions and open questions. Pure functions of
// the bundle, the words (i18n.js), the language and the visitor's date, so
// that Node can test them.
//
// Anchors are stable: a city is #<city id> (#nanjing), a route
// #<city id>/<route id> (#nanjing/points), an agreement #agreements/<id>, a
// region #regions/<id>.

import { html } from './html.js';
import { nameIn, norm, places as lookups } from './cities.js';
import { PAGE_STALE_MONTHS, isStale } from './stale.js';

/** The anchor of a city, a route, an agreement or a region. */
export const anchor = {
  city: (city) => city,
  route: (city, route) => `${city}/${route}`,
  agreement: (id) => `agreements/${id}`,
  region: (id) => `regions/${id}`,
};

/**
 * What the page shows, read once from the bundle: {version, gazetteer,
 * places, cities: [{entry, file, rules | null}] (every city with rules, and
 * every member of a pilot region without them, in picker order),
 * agreements: [{file, doc}], regions, sectionIds: Set of city ids with a
 * section}.
 */
export function model(bundle) {
  const gazetteer = bundle.gazetteer.doc;
  const agreements = bundle.agreements;
  const places = lookups(gazetteer, agreements.map((a) => a.doc));
  const ruled = new Map(bundle.cities.map((c) => [c.doc.city, c]));
  const pilotMembers = new Set(gazetteer.regions.filter((r) => r.pilot).flatMap((r) => r.members));
  const cities = [];
  for (const g of places.groups('')) {
    for (const entry of g.cities) {
      const doc = ruled.get(entry.id);
      if (doc || pilotMembers.has(entry.id)) cities.push({ entry, file: doc?.file ?? null, rules: doc?.doc ?? null });
    }
  }
  return {
    version: bundle.rules_version,
    gazetteer,
    places,
    cities,
    agreements,
    regions: gazetteer.regions,
    sectionIds: new Set(cities.map((c) => c.entry.id)),
  };
}

/** Where a version stands on `today`: 'in_force', 'past' or 'future'. */
export function versionState(v, today) {
  if (v.effective_from > today) return 'future';
  if (v.effective_until && v.effective_until < today) return 'past';
  return 'in_force';
}

/**
 * The cities a search shows (a Set of ids), or null for all of them: by
 * Chinese name (full or short), pinyin, initials, code or province, as the
 * checker's pickers search, and every member of a region whose name matches.
 */
export function searchCities(M, query) {
  const q = norm(query ?? '');
  if (!q) return null;
  const out = new Set();
  for (const c of M.cities) if (M.places.score(c.entry, q) >= 0) out.add(c.entry.id);
  for (const r of M.regions) {
    if ([r.name_zh, r.name_en, r.id].some((n) => norm(n).includes(q))) {
      for (const m of r.members) if (M.sectionIds.has(m)) out.add(m);
    }
  }
  return out;
}

/** The cities an agreement names (recognising or partner, in any version). */
export const agreementCities = (doc) => [...new Set(doc.versions.flatMap((v) => [...v.recognising, ...v.partners]))];

// --- words ------------------------------------------------------------------------

/** The context the renderers share: words, language, date, lookups. */
export function context(M, t, lang, today) {
  const pick = (x) => (x ? (lang === 'zh' ? x.zh : x.en) : '');
  const label = (id) => M.places.label(lang, M.places.cityById.get(id)) || id;
  return {
    M, t, lang, today, pick, label,
    r: t.rp,
    name: (o) => nameIn(lang, o),
    /** A city's name, linked to its section where it has one. */
    city: (id) => (M.sectionIds.has(id) ? html`<a href="#${anchor.city(id)}">${label(id)}</a>` : label(id)),
    cities: (ids) => ids.map((id, i) => html`${i ? (lang === 'zh' ? '、' : ', ') : ''}${M.sectionIds.has(id) ? html`<a href="#${anchor.city(id)}">${label(id)}</a>` : label(id)}`),
    date: (d) => d,
    month: (m) => t.month(m),
  };
}

/** The language of a quoted text: Chinese where it has Chinese characters, else English. */
export const quoteLang = (s) => (/[\u3400-\u9fff]/.test(s) ? 'zh-CN' : 'en');

const httpUrl = (u) => typeof u === 'string' && /^https?:\/\//i.test(u);

/** One source: title, number, issuer, date, what it is (in plain words), and its link where one is known. */
function source(C, s) {
  const { t, r } = C;
  return html`<li class="rp-src"><span class="rp-title">${t.title_q(s.title)}</span>${s.document_number ? t.paren(s.document_number) : ''}
 · ${s.issuer} · ${r.published(s.published)}
 · <span class="nature n-${s.nature}">${t.nature[s.nature] ?? s.nature}</span>
 · ${httpUrl(s.url) ? html`<a href="${s.url}" target="_blank" rel="noopener noreferrer">${r.open_source}<span class="vh">${r.new_tab}${t.title_q(s.title)}</span></a>` : html`<span class="hint">${r.no_url}</span>`}</li>`;
}

function sources(C, list) {
  if (!list?.length) return '';
  return html`<div class="rp-sources"><p class="lbl">${C.r.sources + C.t.colon}</p><ol>${list.map((s) => source(C, s))}</ol></div>`;
}

/** A clause: the quote in its own language, where it is, and which source. */
function clause(C, c, count) {
  const { r, t } = C;
  return html`<blockquote class="clause"><p><span class="lbl">${r.clause + t.colon}</span><q lang="${quoteLang(c.quote)}">${c.quote}</q></p>
<p class="src">${r.where + t.colon}${c.location}${count > 0 ? html` · ${r.source_n((c.source ?? 0) + 1)}` : ''}</p></blockquote>`;
}

/** Confidence and verification, and a notice where the check is older than the page's limit. */
function checkedLine(C, conf, verified) {
  const { t, r } = C;
  const stale = isStale(verified, C.today, PAGE_STALE_MONTHS);
  return html`<p class="rp-checked"><span class="conf c-${conf}">${r.checked(t.conf[conf] ?? conf, verified)}</span></p>${
    stale ? html`<p class="caution stale" data-stale="${verified}">${r.stale(verified, PAGE_STALE_MONTHS)}</p>` : ''}`;
}

const textList = (C, label, items, cls = '') => (items?.length
  ? html`<div class="rp-list ${cls}"><p class="lbl">${label + C.t.colon}</p><ul>${items.map((x) => html`<li>${C.pick(x)}</li>`)}</ul></div>`
  : '');

const fact = (C, term, value) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`;

// --- routes -----------------------------------------------------------------------

function requirement(C, q, count) {
  const { t, r } = C;
  const kind = t.kinds_short[q.kind] ?? q.kind;
  const assumed = q.assumed ?? [];
  const facts = [
    fact(C, r.counting, html`${t.counting[q.counting] ?? q.counting}${q.counting === 'continuous' && q.gap_tolerance_months ? r.gap(t.n(q.gap_tolerance_months)) : ''}`),
    fact(C, r.back_paid, html`${t.back_paid_rule[q.back_paid] ?? q.back_paid}${q.back_paid_cap_months != null ? r.back_paid_cap(t.n(q.back_paid_cap_months)) : ''}`),
    fact(C, r.recognition, html`${r.recognition_of[q.recognition] ?? q.recognition}${q.recognition === 'agreements' && q.min_local_months ? r.min_local(t.n(q.min_local_months)) : ''}`),
    fact(C, r.cutoff, r.cutoff_of[q.cutoff] ?? q.cutoff),
    q.must_be_current ? fact(C, r.current, r.yes) : '',
    q.only_while_holding ? fact(C, r.holding(t.kinds_short[q.only_while_holding] ?? q.only_while_holding), r.yes) : '',
  ];
  return html`<li class="rp-req">
<p class="rp-req-head"><strong>${r.req_head(kind, t.ny(q.months))}</strong></p>
<dl class="rp-facts">${facts}</dl>
${assumed.length ? html`<p class="caution assumed">${r.assumed(t.list(assumed.map((p) => t.part[p] ?? p)))}</p>` : ''}
${q.clause ? clause(C, q.clause, count) : html`<p class="hint">${assumed.includes('months') ? r.no_clause : r.no_clause_yet}</p>`}
</li>`;
}

function points(C, p, count) {
  const { t, r } = C;
  const head = [p.needed != null ? r.needed(p.needed) : '', p.quota ? r.quota : ''].filter(Boolean);
  const comp = (c) => {
    const bits = [
      t.counting[c.counting] ?? c.counting,
      t.back_paid_rule[c.back_paid] ?? c.back_paid,
      c.cap != null ? r.cap(c.cap) : '',
      c.counted_from ? r.counted_from(t.month(c.counted_from)) : '',
      ...(c.recognised ?? []).map((x) => r.recognised(C.label(x.city), t.recognition_scope[x.scope] ?? x.scope)),
    ].filter(Boolean);
    return html`<li><strong>${r.per(t.kinds_short[c.kind] ?? c.kind, t.points_unit[c.per] ?? c.per, c.points)}</strong>
<p class="src">${bits.join(C.lang === 'zh' ? '；' : '; ')} · <span class="conf c-${c.confidence}">${t.conf[c.confidence] ?? c.confidence}</span></p>
${clause(C, c.clause, count)}</li>`;
  };
  const range = (x) => html`<li>${r.range(C.pick(x), x.min, x.max)} · <span class="conf c-${x.confidence}">${t.conf[x.confidence] ?? x.confidence}</span>${clause(C, x.clause, count)}</li>`;
  const past = (x) => html`<li>${r.past(x.year, x.score, C.pick(x.label))} · <span class="conf c-${x.confidence}">${t.conf[x.confidence] ?? x.confidence}</span><ol class="rp-inline">${source(C, x.source)}</ol></li>`;
  return html`<div class="points rp-points"><p class="lbl">${r.points_h}${head.length ? html`${t.colon}<strong>${head.join(C.lang === 'zh' ? '；' : '; ')}</strong>` : ''}</p>
${p.components?.length ? html`<ul>${p.components.map(comp)}</ul>` : ''}
${p.depends_on?.length ? html`<p class="lbl">${r.depends + t.colon}</p><ul>${p.depends_on.map(range)}</ul>` : ''}
${p.not_assessed?.length ? html`<p class="lbl">${t.pts_not_assessed + t.colon}</p><ul>${p.not_assessed.map((x) => html`<li>${C.pick(x)}</li>`)}</ul>` : ''}
${p.context?.length ? html`<p class="lbl">${r.past_h + t.colon}</p><ul>${p.context.map(past)}</ul>` : ''}
</div>`;
}

function routeVersion(C, city, route, v) {
  const { t, r } = C;
  const state = versionState(v, C.today);
  const id = `${anchor.route(city, route.id)}@${v.effective_from}`;
  const count = v.sources?.length ?? 0;
  const yearFree = route.basis === 'home_ownership' || route.basis === 'open';
  let reqs;
  if (v.unknown) {
    reqs = html`<div class="unknown rp-unknown"><p class="lbl">${r.unknown_h}</p><p><span class="lbl">${t.unknown_why + t.colon}</span>${C.pick(v.unknown.reason)}</p><p><span class="lbl">${t.settled_by + t.colon}</span>${C.pick(v.unknown.settled_by)}</p></div>`;
  } else if (v.requirements.length) {
    reqs = html`<p class="lbl">${r.requirements + t.colon}</p><ul class="rp-reqs">${v.requirements.map((q) => requirement(C, q, count))}</ul>`;
  } else {
    reqs = html`<p>${yearFree ? r.no_years : r.no_year_conditions}</p>`;
  }
  return html`<section class="rp-ver v-${state}" aria-labelledby="${id}">
<h5 id="${id}">${r.version_h(t.effective(v.effective_from, v.effective_until), r.state[state])}</h5>
${checkedLine(C, v.confidence, v.verified_on)}
${reqs}
${v.points ? points(C, v.points, count) : ''}
${v.unchecked?.length ? textList(C, t.unchecked, v.unchecked, 'unchecked') : ''}
${textList(C, t.assumptions, v.assumptions, 'rp-assumptions')}
${textList(C, r.open_questions, v.open_questions, 'rp-questions')}
${sources(C, v.sources)}
</section>`;
}

/** Versions in force or to come first, in order; earlier ones folded away. */
function versions(C, list, one) {
  const past = list.filter((v) => versionState(v, C.today) === 'past');
  const rest = list.filter((v) => versionState(v, C.today) !== 'past');
  return html`${rest.map(one)}${past.length ? html`<details class="rp-past"><summary>${C.r.versions_past(past.length)}</summary>${past.map(one)}</details>` : ''}`;
}

function route(C, city, rt) {
  const { r } = C;
  const id = anchor.route(city, rt.id);
  return html`<section class="rp-route" id="${id}" aria-labelledby="${id}-h">
<h4 id="${id}-h" tabindex="-1"><span class="rp-cname">${C.label(city)} · </span>${C.name(rt)} <span class="badge b-${rt.basis}">${r.basis[rt.basis] ?? rt.basis}</span></h4>
${rt.hukou_in ? html`<p class="caution hukou">${r.hukou_in(C.t.list(rt.hukou_in.map(C.label)))}</p>` : ''}
${versions(C, rt.versions, (v) => routeVersion(C, city, rt, v))}
</section>`;
}

/** The regions a city belongs to, linked. */
function regionsOf(C, id) {
  return C.M.regions.filter((g) => g.members.includes(id)).map((g, i) => html`${i ? (C.lang === 'zh' ? '、' : ', ') : ''}<a href="#${anchor.region(g.id)}">${C.name(g)}</a>`);
}

function citySection(C, c) {
  const { r } = C;
  const id = c.entry.id;
  const inRegions = regionsOf(C, id);
  const other = C.lang === 'zh' ? c.entry.name_en : c.entry.name_zh;
  return html`<section class="rp-city${c.rules ? '' : ' no-rules'}" id="${anchor.city(id)}" data-city="${id}" aria-labelledby="${id}-h">
<h3 id="${id}-h" tabindex="-1">${C.label(id)} <span class="rp-other" lang="${C.lang === 'zh' ? 'en' : 'zh-CN'}">${other}</span></h3>
<p class="hint">${r.city_meta(c.entry.code, C.lang === 'zh' ? c.entry.province_zh : c.entry.province_en)}${inRegions.length ? html` · ${r.in_regions + C.t.colon}${inRegions}` : ''}${c.rules ? html` · ${r.routes_n(c.rules.routes.length)}` : ''}</p>
${c.rules ? c.rules.routes.map((rt) => route(C, id, rt)) : html`<p class="rp-none">${r.no_rules}</p>`}
</section>`;
}

// --- agreements and regions -------------------------------------------------------

function agreementVersion(C, a, v) {
  const { t, r } = C;
  const state = versionState(v, C.today);
  const id = `${anchor.agreement(a.id)}@${v.effective_from}`;
  const from = v.partner_months_from === 'any' || v.partner_months_from === 'unknown'
    ? r.ag_from_of[v.partner_months_from]
    : r.ag_from_month(t.month(v.partner_months_from));
  const assumed = v.assumed ?? [];
  return html`<section class="rp-ver v-${state}" aria-labelledby="${id}">
<h4 id="${id}">${r.version_h(t.effective(v.effective_from, v.effective_until), r.state[state])}</h4>
${checkedLine(C, v.confidence, v.verified_on)}
<dl class="rp-facts">
${fact(C, r.ag_recognising, C.cities(v.recognising))}
${fact(C, r.ag_partners, C.cities(v.partners))}
${fact(C, r.ag_kinds, t.list(v.kinds.map((k) => t.kinds_short[k] ?? k)))}
${fact(C, r.ag_from, from)}
${fact(C, r.ag_cap, v.cap_months != null ? t.n(v.cap_months) : r.ag_no_cap)}
${fact(C, r.ag_ratio, r.ag_ratio_of(v.ratio))}
${v.pilot_until ? fact(C, r.ag_pilot, r.ag_pilot_until(v.pilot_until)) : ''}
</dl>
${assumed.length ? html`<p class="caution assumed">${t.ag_assumed(t.list(assumed.map((x) => t.ag_part[x] ?? x)))}</p>` : ''}
${textList(C, t.assumptions, v.assumptions, 'rp-assumptions')}
${textList(C, r.open_questions, v.open_questions, 'rp-questions')}
${sources(C, v.sources)}
</section>`;
}

function agreementSection(C, { doc }) {
  const id = anchor.agreement(doc.id);
  return html`<section class="rp-ag" id="${id}" data-cities="${agreementCities(doc).join(' ')}" aria-labelledby="${id}-h">
<h3 id="${id}-h" tabindex="-1">${C.name(doc)}</h3>
${versions(C, doc.versions, (v) => agreementVersion(C, doc, v))}
</section>`;
}

function regionSection(C, g) {
  const { r, t } = C;
  const id = anchor.region(g.id);
  const unsourced = g.unsourced_members ?? [];
  const members = g.members.map((m, i) => html`${i ? (C.lang === 'zh' ? '、' : ', ') : ''}${C.city(m)}${C.M.cities.some((c) => c.entry.id === m && c.rules) ? '' : html`<span class="hint">${r.without_rules}</span>`}`);
  return html`<section class="rp-region" id="${id}" data-cities="${g.members.join(' ')}" aria-labelledby="${id}-h">
<h3 id="${id}-h" tabindex="-1">${C.name(g)}</h3>
<p class="hint">${g.pilot ? r.region_pilot : r.region_other}</p>
<p><span class="lbl">${r.members + t.colon}</span>${members}</p>
${unsourced.length ? html`<p class="caution assumed">${r.unsourced(t.list(unsourced.map(C.label)))}</p>` : ''}
${checkedLine(C, g.confidence, g.verified_on)}
${sources(C, [g.source])}
</section>`;
}

// --- the page -----------------------------------------------------------------------

/** How many entries (route versions, agreement versions, regions) are older than the page's limit. */
export function staleCount(M, today) {
  let n = 0;
  for (const c of M.cities) for (const rt of c.rules?.routes ?? []) for (const v of rt.versions) n += isStale(v.verified_on, today, PAGE_STALE_MONTHS);
  for (const a of M.agreements) for (const v of a.doc.versions) n += isStale(v.verified_on, today, PAGE_STALE_MONTHS);
  for (const g of M.regions) n += isStale(g.verified_on, today, PAGE_STALE_MONTHS);
  return n;
}

/** The table of contents: cities by region (each once, as the checker groups them), agreements, regions. */
function toc(C) {
  const { M, r } = C;
  const shown = new Set();
  const groups = [];
  for (const g of M.places.groups('')) {
    const ids = g.cities.map((c) => c.id).filter((id) => M.sectionIds.has(id) && !shown.has(id));
    ids.forEach((id) => shown.add(id));
    if (ids.length) groups.push({ title: g.region ? C.name(g.region) : r.other_cities, region: g.region, ids });
  }
  const ruled = new Set(M.cities.filter((c) => c.rules).map((c) => c.entry.id));
  const link = (id) => html`<li data-city="${id}"><a href="#${anchor.city(id)}">${C.label(id)}</a>${ruled.has(id) ? '' : html`<span class="hint">${r.without_rules}</span>`}</li>`;
  return html`<nav class="rp-toc" aria-labelledby="rp-h-toc"><h2 id="rp-h-toc">${r.toc}</h2>
<ul class="rp-groups">${groups.map((g) => html`<li data-cities="${g.ids.join(' ')}"><span class="lbl">${g.region ? html`<a href="#${anchor.region(g.region.id)}">${g.title}</a>` : g.title}${C.t.colon}</span><ul class="rp-inline">${g.ids.map(link)}</ul></li>`)}</ul>
<p><a href="#rp-h-agreements">${r.agreements}</a> · <a href="#rp-h-regions">${r.regions}</a></p>
</nav>`;
}

/** The whole page: header, search, contents, cities, agreements, regions. */
export function page(C, { lang, elder, langs }) {
  const { M, t, r } = C;
  const stale = staleCount(M, C.today);
  return html`
<header class="head">
  <div class="brand"><h1 id="rp-top" tabindex="-1">${r.title}</h1><p class="sub">${r.subtitle}</p></div>
  <div class="prefs">
    <label class="inline" for="hy-lang">${t.language}</label>
    <select id="hy-lang">${langs.map((l) => html`<option value="${l.id}"${l.id === lang ? ' selected' : ''} lang="${l.id === 'zh' ? 'zh-CN' : 'en'}">${l.name}</option>`)}</select>
    <button type="button" id="hy-elder" class="btn" aria-pressed="${elder}">${t.elder}</button>
  </div>
</header>
<p class="rp-back"><a href="./">${r.back}</a></p>
<p class="notice"><strong>${t.notice}</strong></p>
<p>${r.intro}</p>
<p class="hint">${r.version(M.version, C.today)}</p>
${stale ? html`<p class="caution stale" id="rp-stale">${r.stale_summary(stale, PAGE_STALE_MONTHS)}</p>` : ''}
<div class="rp-search" role="search">
  <label for="rp-q">${r.search}</label>
  <p class="hint" id="rp-q-hint">${r.search_hint}</p>
  <div class="rp-qrow"><input type="search" id="rp-q" aria-describedby="rp-q-hint" autocomplete="off" spellcheck="false">
  <button type="button" class="btn" id="rp-clear" hidden>${r.clear}</button></div>
  <p id="rp-found" role="status" aria-live="polite"></p>
</div>
${toc(C)}
<section class="rp-part" aria-labelledby="rp-h-cities"><h2 id="rp-h-cities" tabindex="-1">${r.cities}</h2>
${M.cities.map((c) => citySection(C, c))}
</section>
<section class="rp-part" aria-labelledby="rp-h-agreements"><h2 id="rp-h-agreements" tabindex="-1">${r.agreements}</h2>
${M.agreements.map((a) => agreementSection(C, a))}
</section>
<section class="rp-part" aria-labelledby="rp-h-regions"><h2 id="rp-h-regions" tabindex="-1">${r.regions}</h2>
${M.regions.map((g) => regionSection(C, g))}
</section>
<footer class="foot">
  <p>${t.rules_version(M.version)}</p>
  <div class="rp-codes"><p class="lbl">${r.codes_source + t.colon}</p><ol class="rp-inline">${source(C, M.gazetteer.codes_source)}</ol></div>
  <p>${t.notice}</p>
  <p><a href="#rp-top">${r.top}</a> · <a href="./">${r.back}</a></p>
</footer>`;
}
