// The checker page: history editor, instant results, timeline, what-if,
// save/load/share/remember/print. Mounted into the page (main.js) or into the
// shadow root of <hukou-years-checker> (element.js).
//
// Privacy: after the engine and the rules are loaded, nothing here touches the
// network. Files are read with FileReader APIs, saved through blob: URLs, the
// share link carries the history in the #fragment (never sent to a server),
// and "remember" is localStorage, opt-in.

import init, { Checker } from './pkg/hukou_years.js';
import { STRINGS } from './i18n.js';
import { timeline } from './timeline.js';

const BASE = new URL('./', import.meta.url);
const STORE_KEY = 'hukou-years:v1';
const KINDS = ['social_insurance', 'residence'];
const STATUS_RANK = { eligible: 0, no_threshold: 1, not_yet: 2, unknown: 3, not_applicable: 4 };
const WEAK = new Set(['unverified', 'third_party']);

let engine;

/** Loads the engine and the rules once per document. */
export function loadEngine() {
  engine ??= (async () => {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      throw Object.assign(new Error('no WebAssembly'), { noWasm: true });
    }
    // rules.bin: the rules bundle in binary form; the engine answers what the
    // page needs from it (gazetteer, agreement names).
    const [, bytes] = await Promise.all([
      init({ module_or_path: new URL('pkg/hukou_years_bg.wasm', BASE) }),
      fetch(new URL('rules.bin', BASE)).then((r) => {
        if (!r.ok) throw new Error(`rules.bin: HTTP ${r.status}`);
        return r.arrayBuffer();
      }),
    ]);
    const checker = new Checker(new Uint8Array(bytes));
    return { checker, gazetteer: checker.gazetteer(), agreements: checker.agreements() };
  })();
  return engine;
}

export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Today in the person's time zone, `YYYY-MM-DD`: the engine never reads the clock. */
export function localToday() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** First letters of the syllables of a pinyin id: nanjing → nj, zhenjiang → zj. */
export function pinyinInitials(id) {
  const syllable = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|v)/;
  let out = '';
  let rest = id;
  while (rest) {
    const m = syllable.exec(rest);
    if (!m) return out + rest;
    // A final ending in n or ng may belong to the next syllable: nan|jing, not nanj.
    let len = m[0].length;
    const next = rest.slice(len);
    if (next && /^[aeiouv]/.test(next) && /n$|ng$/.test(m[0]) && syllable.test(rest.slice(len - 1))) len -= 1;
    out += rest[0];
    rest = rest.slice(len);
  }
  return out;
}

const nextMonth = (m) => {
  let y = +m.slice(0, 4);
  let mo = +m.slice(5, 7) + 1;
  if (mo > 12) { mo = 1; y += 1; }
  return `${y}-${String(mo).padStart(2, '0')}`;
};

// --- history <-> text --------------------------------------------------------

export function encodeShare(history) {
  const bytes = new TextEncoder().encode(JSON.stringify(history));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeShare(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '==='.slice((b64.length + 3) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))));
}

/**
 * Mounts the checker into `host` (an element or a shadow root).
 * opts: {lang, region, accent, embed, useHash}
 */
export async function mount(host, opts = {}) {
  let uid = 0;
  const row = (p = {}) => ({
    uid: `p${++uid}`,
    city: p.city ?? '',
    kind: p.kind ?? 'social_insurance',
    from: p.from ?? '',
    to: p.to ?? '',
    ongoing: p.ongoing ?? true,
    back_paid: !!p.back_paid,
    note: p.note ?? null,
  });
  const S = {
    lang: STRINGS[opts.lang] ? opts.lang : 'zh',
    elder: !!opts.elder,
    remember: false,
    hukou: '',
    rows: [row()],
    whatIf: { on: false, city: '', from: '', kinds: [...KINDS] },
    region: opts.region || '',
    allCities: !opts.region,
    open: new Set(),
    removed: null,
  };
  let t = STRINGS[S.lang];
  let today = localToday();
  let lastGood = null; // {report, rows}
  let liveTimer = 0;
  let firstResult = true;
  let tlFrame = 0;

  const root = document.createElement('div');
  root.className = 'hy';
  host.append(root);
  const $ = (id) => root.querySelector(`#${id}`);

  if (opts.accent && typeof CSS !== 'undefined' && CSS.supports('color', opts.accent)) {
    root.style.setProperty('--hy-accent', opts.accent);
  }
  if (opts.embed) root.classList.add('embedded');

  root.innerHTML = `<p class="boot" role="status">${esc(t.results_loading)}</p>`;
  let E;
  try {
    E = await loadEngine();
  } catch (err) {
    root.innerHTML = `<p class="fatal" role="alert">${esc(err && err.noWasm ? t.no_wasm : `${t.load_failed} (${err && (err.message || err.kind) || err})`)}</p>`;
    return null;
  }
  const { checker, gazetteer: gaz, agreements } = E;
  performance.mark('hukou-years:engine-ready');

  // --- rules-derived lookups ---------------------------------------------------
  const cityById = new Map();
  for (const c of gaz.cities) {
    cityById.set(c.id, c);
    cityById.set(c.code, c);
    for (const a of c.code_aliases || []) cityById.set(a, c);
  }
  const agreementById = new Map(agreements.map((a) => [a.id, a]));
  const regionById = new Map(gaz.regions.map((r) => [r.id, r]));
  if (S.region && !regionById.has(S.region)) { S.region = ''; S.allCities = true; }
  const nameOf = (o) => (o ? (S.lang === 'zh' ? o.name_zh : o.name_en) : '');
  const cityName = (id) => nameOf(cityById.get(id)) || id;
  const agName = (id) => nameOf(agreementById.get(id)) || id;
  const ctx = () => ({
    city: cityName,
    cities: (ids) => t.list(ids.map(cityName)),
    agreement: agName,
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
    what: (w) => (w.startsWith('agreement:') ? t.what_agreement(agName(w.slice(10))) : t.what_route),
  });

  // Picker groups: the chosen region first, then pilot regions, then the rest;
  // each city once, under its first group.
  function groups() {
    const regions = [...gaz.regions].sort(
      (a, b) => (b.id === S.region) - (a.id === S.region) || b.pilot - a.pilot,
    );
    const seen = new Set();
    const out = [];
    for (const r of regions) {
      const members = r.members.filter((m) => !seen.has(m) && cityById.has(m));
      members.forEach((m) => seen.add(m));
      if (members.length) out.push({ label: nameOf(r), cities: members.map((m) => cityById.get(m)) });
    }
    const rest = gaz.cities.filter((c) => !seen.has(c.id));
    if (rest.length) out.push({ label: S.lang === 'zh' ? '其他城市' : 'Other cities', cities: rest });
    return out;
  }
  const norm = (s) => String(s).toLowerCase().replace(/[\s·•'’-]/g, '');
  const initials = new Map(gaz.cities.map((c) => [c.id, pinyinInitials(c.id)]));
  /** How well a city answers a search: 0 exact … 4 by province only; -1 not at all. */
  function score(c, q) {
    if (!q) return 4;
    const names = [c.id, norm(c.name_zh), norm(c.name_en)];
    const codes = [c.code, ...(c.code_aliases || [])];
    if (names.includes(q) || codes.includes(q) || norm(c.name_zh).replace(/市$/, '') === q) return 0;
    if (names.some((n) => n.startsWith(q)) || codes.some((n) => n.startsWith(q))) return 1;
    if (initials.get(c.id).startsWith(q)) return 2;
    if (names.some((n) => n.includes(q))) return 3;
    if ([c.province_zh, c.province_en].some((x) => norm(x).includes(q))) return 4;
    return -1;
  }
  const matches = (c, q) => score(c, q) >= 0;
  function cityOptions(selected, q = '', placeholder = t.city_choose) {
    q = norm(q);
    let html = `<option value="">${esc(placeholder)}</option>`;
    const known = cityById.has(selected);
    if (selected && !known) html += `<option value="${esc(selected)}" selected>${esc(t.city_unknown(selected))}</option>`;
    let any = false;
    for (const g of groups()) {
      const list = g.cities.filter((c) => matches(c, q) || c.id === selected);
      if (!list.length) continue;
      any = true;
      html += `<optgroup label="${esc(g.label)}">${list.map((c) => `<option value="${esc(c.id)}"${c.id === (known ? cityById.get(selected).id : '') ? ' selected' : ''}>${esc(nameOf(c))}${S.lang === 'zh' ? `（${esc(c.province_zh)}）` : ` (${esc(c.province_en)})`}</option>`).join('')}</optgroup>`;
    }
    if (!any) html += `<option value="" disabled>${esc(S.lang === 'zh' ? '没有匹配的城市' : 'No matching city')}</option>`;
    return html;
  }
  function firstMatch(q) {
    q = norm(q);
    if (!q) return null;
    let best = null;
    let bestScore = 9;
    for (const g of groups()) {
      for (const c of g.cities) {
        const sc = score(c, q);
        if (sc >= 0 && sc < bestScore) { best = c.id; bestScore = sc; }
      }
    }
    return best;
  }

  // --- shell -------------------------------------------------------------------
  function shell() {
    const region = regionById.get(S.region);
    return `
<header class="head">
  <div class="brand"><h1>${esc(t.title)}</h1><p class="sub">${esc(t.subtitle)}</p></div>
  <div class="prefs">
    <label class="inline" for="hy-lang">${esc(t.language)}</label>
    <select id="hy-lang">${['zh', 'en'].map((l) => `<option value="${l}"${l === S.lang ? ' selected' : ''} lang="${l === 'zh' ? 'zh-CN' : 'en'}">${esc(STRINGS[l].lang_name)}</option>`).join('')}</select>
    <button type="button" id="hy-elder" class="btn" aria-pressed="${S.elder}">${esc(t.elder)}</button>
  </div>
</header>
<p class="notice" id="hy-notice"><strong>${esc(t.notice)}</strong></p>
<details class="privacy"><summary>${esc(t.privacy)} <span class="how">${esc(t.privacy_how)}</span></summary><p>${esc(t.privacy_detail)}</p></details>
<p class="brief" id="hy-brief"><span id="hy-brief-text"></span> <button type="button" class="btn link" id="hy-jump">${esc(t.jump)}</button></p>
<div class="cols">
<section class="editor" aria-labelledby="hy-h-history">
  <h2 id="hy-h-history">${esc(t.history)}</h2>
  <p class="hint">${esc(t.history_hint)}</p>
  <div class="f hukou">
    ${picker('hy-hukou', t.hukou_city, S.hukou, t.hukou_none)}
  </div>
  <ol class="rows" id="hy-rows"></ol>
  <p class="err" id="hy-rows-err" aria-live="polite"></p>
  <p class="hint" id="hy-incomplete" aria-live="polite"></p>
  <div class="actions">
    <button type="button" class="btn primary" id="hy-add">＋ ${esc(t.add)}</button>
    <button type="button" class="btn" id="hy-example">${esc(t.example)}</button>
    <button type="button" class="btn" id="hy-undo" hidden>${esc(t.undo)}</button>
  </div>
  <p class="ok" id="hy-undo-msg" aria-live="polite"></p>
  <fieldset class="whatif" id="hy-wi">
    <legend>${esc(t.what_if)}</legend>
    <label class="check"><input type="checkbox" id="hy-wi-on"${S.whatIf.on ? ' checked' : ''}> ${esc(t.what_if_on)}</label>
    <div class="wi-fields" id="hy-wi-fields"${S.whatIf.on ? '' : ' hidden'}>
      <div class="f">${picker('hy-wi-city', t.what_if_city, S.whatIf.city)}</div>
      <div class="f"><label for="hy-wi-from">${esc(t.what_if_from)}</label>
        <input type="month" id="hy-wi-from" min="${nextMonth(today.slice(0, 7))}" placeholder="${esc(t.month_ph)}" value="${esc(S.whatIf.from)}" aria-describedby="hy-wi-from-err">
        <p class="err" id="hy-wi-from-err" aria-live="polite"></p></div>
      <fieldset class="f kinds"><legend>${esc(t.what_if_kinds)}</legend>
        ${KINDS.map((k) => `<label class="check"><input type="checkbox" id="hy-wi-k-${k}" data-kind="${k}"${S.whatIf.kinds.includes(k) ? ' checked' : ''}> ${esc(t.kinds_short[k])}</label>`).join(' ')}
        <p class="err" id="hy-wi-kinds-err" aria-live="polite"></p>
      </fieldset>
    </div>
  </fieldset>
  <div class="files">
    <div class="actions">
      <button type="button" class="btn" id="hy-save">${esc(t.save)}</button>
      <span class="btn filebtn"><input type="file" id="hy-file" accept=".json,application/json" aria-describedby="hy-file-err"><label for="hy-file">${esc(t.load)}</label></span>
      <button type="button" class="btn" id="hy-share">${esc(t.share)}</button>
      <button type="button" class="btn" id="hy-print">${esc(t.print)}</button>
    </div>
    <div class="sharebox" id="hy-share-box" hidden>
      <label for="hy-share-url">${esc(t.share_label)}</label>
      <input type="text" id="hy-share-url" readonly>
    </div>
    <p class="err" id="hy-file-err" aria-live="polite"></p>
    <p class="ok" id="hy-file-ok" aria-live="polite"></p>
    <div class="actions">
      <label class="check"><input type="checkbox" id="hy-remember"${S.remember ? ' checked' : ''}> ${esc(t.remember)}</label>
      <button type="button" class="btn" id="hy-forget">${esc(t.forget)}</button>
    </div>
  </div>
  <section class="tl" aria-labelledby="hy-h-tl">
    <h2 id="hy-h-tl">${esc(t.timeline)}</h2>
    <div id="hy-tl" class="tl-box"></div>
  </section>
</section>
<section class="results" aria-labelledby="hy-h-results">
  <h2 id="hy-h-results" tabindex="-1">${esc(t.results)}</h2>
  <p class="hint" id="hy-asof"></p>
  ${region ? `<p class="region">${esc(S.allCities ? '' : t.region_only(nameOf(region)))} <button type="button" class="btn link" id="hy-all">${esc(S.allCities ? t.region_only(nameOf(region)) : t.show_all)}</button></p>` : ''}
  <p class="warn" id="hy-stale" hidden>${esc(t.results_stale)}</p>
  <div id="hy-out" class="out"></div>
</section>
</div>
<section class="receipt" id="hy-receipt" aria-hidden="true"></section>
<footer class="foot">
  <p id="hy-version"></p>
  <p>${esc(t.notice)}</p>
</footer>
<div class="vh" id="hy-live" role="status" aria-live="polite"></div>`;
  }

  function picker(id, label, value, placeholder) {
    return `<label for="${id}-q" class="small">${esc(t.city_filter)}</label>
<input type="search" id="${id}-q" class="cityq" data-for="${id}" placeholder="${esc(t.city_filter_ph)}" autocomplete="off" enterkeyhint="next">
<label for="${id}">${esc(label)}</label>
<select id="${id}" aria-describedby="${id}-err">${cityOptions(value, '', placeholder)}</select>
<p class="err" id="${id}-err" aria-live="polite"></p>`;
  }

  // A month field that would have to drop what it holds (a loaded "2021-13")
  // is shown as text instead, so that nothing typed or loaded is lost.
  const monthType = (v) => (!v || /^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? 'month' : 'text');

  function rowHtml(r, i, n) {
    const u = r.uid;
    const kindKnown = KINDS.includes(r.kind);
    const f = (field, inner) => `<div class="f f-${field}">${inner}<p class="err" id="${u}-${field}-err" aria-live="polite"></p></div>`;
    return `<li class="row" data-uid="${u}" id="${u}-row"><fieldset><legend>${esc(t.period_n(i + 1))}</legend>
<div class="grid">
${f('city', `<label for="${u}-city-q" class="small">${esc(t.city_filter)}</label>
<input type="search" id="${u}-city-q" class="cityq" data-for="${u}-city" placeholder="${esc(t.city_filter_ph)}" autocomplete="off">
<label for="${u}-city">${esc(t.city)}</label>
<select id="${u}-city" data-f="city" aria-describedby="${u}-city-err">${cityOptions(r.city)}</select>`)}
${f('kind', `<label for="${u}-kind">${esc(t.kind)}</label>
<select id="${u}-kind" data-f="kind" aria-describedby="${u}-kind-err">${kindKnown ? '' : `<option value="${esc(r.kind)}" selected>${esc(t.kind_unknown(r.kind))}</option>`}${KINDS.map((k) => `<option value="${k}"${k === r.kind ? ' selected' : ''}>${esc(t.kinds[k])}</option>`).join('')}</select>`)}
${f('from', `<label for="${u}-from">${esc(t.from)}</label>
<input type="${monthType(r.from)}" id="${u}-from" data-f="from" min="1950-01" max="${today.slice(0, 7)}" placeholder="${esc(t.month_ph)}" value="${esc(r.from)}" aria-describedby="${u}-from-err">`)}
${f('to', `<label for="${u}-to">${esc(t.to)}</label>
<input type="${monthType(r.to)}" id="${u}-to" data-f="to" min="1950-01" max="${today.slice(0, 7)}" placeholder="${esc(t.month_ph)}" value="${esc(r.to)}"${r.ongoing ? ' disabled' : ''} aria-describedby="${u}-to-err">
<label class="check"><input type="checkbox" id="${u}-ongoing" data-f="ongoing"${r.ongoing ? ' checked' : ''}> ${esc(t.ongoing)}</label>`)}
${f('back_paid', `<label class="check"><input type="checkbox" id="${u}-back_paid" data-f="back_paid"${r.back_paid ? ' checked' : ''} aria-describedby="${u}-back_paid-err"> ${esc(t.back_paid)}</label>`)}
</div>
<p class="err" id="${u}--err" aria-live="polite"></p>
<div class="row-acts">
<button type="button" class="btn" data-act="up"${i === 0 ? ' disabled' : ''} aria-label="${esc(t.move_up(i + 1))}">↑ ${esc(t.up)}</button>
<button type="button" class="btn" data-act="down"${i === n - 1 ? ' disabled' : ''} aria-label="${esc(t.move_down(i + 1))}">↓ ${esc(t.down)}</button>
<button type="button" class="btn danger" data-act="remove" aria-label="${esc(t.remove(i + 1))}">✕ ${esc(t.del)}</button>
</div></fieldset></li>`;
  }

  function renderShell() {
    t = STRINGS[S.lang];
    root.lang = S.lang === 'zh' ? 'zh-CN' : 'en';
    if (!opts.element) document.documentElement.lang = root.lang;
    if (!opts.element) document.title = t.title;
    root.classList.toggle('elder', S.elder);
    root.innerHTML = shell();
    renderRows();
  }

  function renderRows(focusId) {
    $('hy-rows').innerHTML = S.rows.map((r, i) => rowHtml(r, i, S.rows.length)).join('');
    if (focusId) {
      const el = $(focusId);
      if (el && !el.disabled) el.focus();
      else $('hy-add').focus();
    }
  }

  // --- the history as the engine reads it ----------------------------------------
  /** Rows that are filled in enough to check, and where each came from. */
  function toHistory(rows = S.rows) {
    const periods = [];
    const map = [];
    let incomplete = 0;
    rows.forEach((r) => {
      if (!r.city || !r.from || (!r.ongoing && !r.to)) {
        if (r.city || r.from || r.to) incomplete += 1; // a blank new row is not worth a message
        return;
      }
      const p = { city: r.city, kind: r.kind, from: r.from, to: r.ongoing ? null : r.to };
      if (r.back_paid) p.back_paid = true;
      if (r.note != null) p.note = r.note;
      periods.push(p);
      map.push(r.uid);
    });
    const history = { version: 1, periods };
    if (S.hukou) history.hukou_city = S.hukou;
    return { history, map, incomplete };
  }

  /** The whole editor state as a history file: every row, as typed. */
  function toFile() {
    const h = { version: 1 };
    if (S.hukou) h.hukou_city = S.hukou;
    h.periods = S.rows.map((r) => {
      const p = { city: r.city, kind: r.kind, from: r.from, to: r.ongoing ? null : r.to };
      if (r.back_paid) p.back_paid = true;
      if (r.note != null) p.note = r.note;
      return p;
    });
    return h;
  }

  function options() {
    const o = { as_of: today, cities: [] };
    if (S.region && !S.allCities) o.cities = [...regionById.get(S.region).members];
    const w = S.whatIf;
    if (w.on && w.city && w.from) o.what_if = { city: w.city, from: w.from, kinds: [...w.kinds] };
    return o;
  }

  // --- checking and showing ------------------------------------------------------
  function compute() {
    const { history, map, incomplete } = toHistory();
    const t0 = performance.now();
    let res;
    try {
      res = checker.check(history, options());
    } catch (err) {
      // The engine never throws for bad input; a trap is a bug. Say so, keep what was typed.
      res = { ok: false, errors: [{ kind: 'internal', path: '', message: String(err && err.message || err) }] };
    }
    try {
      performance.measure('hukou-years:check', { start: t0 });
      if (performance.getEntriesByName('hukou-years:check').length > 500) performance.clearMeasures('hukou-years:check');
    } catch { /* measure() with options is missing in old browsers */ }

    $('hy-incomplete').textContent = incomplete ? t.incomplete(incomplete) : '';
    showErrors(res.ok ? [] : res.errors, map);
    $('hy-asof').textContent = t.results_for(today);
    if (res.ok) {
      lastGood = { report: res.report, history };
      $('hy-stale').hidden = true;
      $('hy-out').classList.remove('stale');
      renderResults(res.report, history);
      announce(res.report);
    } else {
      $('hy-stale').hidden = !lastGood;
      $('hy-out').classList.toggle('stale', !!lastGood);
      if (lastGood) renderResults(lastGood.report, lastGood.history);
      announceErrors(res.errors.length);
    }
    // The timeline needs the box's width: drawn with the next frame, after
    // layout, rather than forcing a layout of the whole page here.
    // The first time, after the first results have been painted: they come first.
    cancelAnimationFrame(tlFrame);
    const drawTimeline = () => renderTimeline(res.ok ? res.report : lastGood?.report, history);
    tlFrame = requestAnimationFrame(firstResult ? () => setTimeout(drawTimeline, 0) : drawTimeline);
    renderReceipt();
    persist();
    if (firstResult) {
      firstResult = false;
      // Marked once the frame with the first results has been laid out and painted.
      requestAnimationFrame(() => setTimeout(() => performance.mark('hukou-years:first-result'), 0));
    }
  }

  function errorText(e) {
    const field = (e.path.match(/\.(\w+)$/) || [])[1] || '';
    switch (e.kind) {
      case 'bad_month': return /""/.test(e.message) ? t.err.bad_month_empty : t.err.bad_month;
      case 'future_month': return t.err.future_month(today.slice(0, 7));
      case 'bad_option': return field === 'from' ? t.err.what_if_past : `${t.err.bad_option} (${e.message})`;
      case 'malformed': return `${t.err.malformed}: ${e.message}`;
      case 'internal': return `${t.load_failed} (${e.message})`;
      default: return typeof t.err[e.kind] === 'string' ? t.err[e.kind] : e.message;
    }
  }

  /** Maps an error path to the id of the field it is about. */
  function fieldFor(path, map) {
    let m = /^periods\[(\d+)\](?:\.(\w+))?/.exec(path);
    if (m) {
      const u = map[+m[1]];
      if (!u) return 'hy-rows';
      return m[2] ? `${u}-${m[2]}` : `${u}-`;
    }
    if (path === 'hukou_city') return 'hy-hukou';
    m = /^options\.what_if\.(\w+)/.exec(path);
    if (m) return m[1] === 'kinds' ? 'hy-wi-kinds' : `hy-wi-${m[1]}`;
    return 'hy-rows';
  }

  function showErrors(errors, map) {
    const by = new Map();
    for (const e of errors) {
      const id = fieldFor(e.path, map);
      if (!by.has(id)) by.set(id, []);
      by.get(id).push(errorText(e));
    }
    for (const el of root.querySelectorAll('.editor .err')) {
      if (el.id === 'hy-file-err') continue;
      const id = el.id.slice(0, -4);
      const msgs = by.get(id);
      const text = msgs ? [...new Set(msgs)].join('；') : '';
      if (el.textContent !== text) el.textContent = text;
      const input = $(id);
      if (input && input !== el) {
        if (msgs) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
      }
    }
  }

  function announce(report) {
    let a = 0;
    let b = 0;
    for (const c of report.cities) for (const r of c.routes) {
      if (r.status === 'eligible' || r.status === 'no_threshold') a += 1;
      else if (r.status === 'not_yet') b += 1;
    }
    $('hy-brief-text').textContent = t.brief(a, b);
    say(t.summary(a, b));
  }
  function announceErrors(n) { say(t.summary_errors(n)); }
  function say(text) {
    clearTimeout(liveTimer);
    liveTimer = setTimeout(() => { const el = $('hy-live'); if (el) el.textContent = text; }, 900);
  }

  function sourceLine(src, conf, verified, effFrom, effUntil) {
    if (!src) return '';
    return `<p class="src"><span class="lbl">${esc(t.basis + t.colon)}</span>${esc(t.title_q(src.title))}${src.document_number ? esc(t.paren(src.document_number)) : ''} ${esc(src.issuer)}${effFrom ? ` · ${esc(t.effective(effFrom, effUntil))}` : ''}
 · <span class="conf c-${esc(conf)}">${esc(t.confidence + t.colon + (t.conf[conf] ?? conf))}</span> · ${esc(t.verified(verified))}${src.url ? ` · <a href="${esc(src.url)}" target="_blank" rel="noopener noreferrer">${esc(t.source_link)}<span class="vh"> ${esc(src.title)}</span></a>` : ''}</p>`;
  }

  function requirementHtml(q) {
    const pct = Math.min(100, Math.round((100 * q.counted_months) / Math.max(1, q.required_months)));
    const parts = [t.local_part(t.n(q.local_months))];
    for (const fc of q.from_cities) parts.push(t.from_city(cityName(fc.city), t.n(fc.months), agName(fc.agreement)));
    const raw = q.from_cities.reduce((a, fc) => a + fc.months, 0);
    if (q.partner_months != null && raw !== q.partner_months) parts.push(t.partner_after(t.n(q.partner_months)));
    return `<li class="req${q.met ? ' met' : ''}">
<p><strong>${esc(t.counted(t.kinds_short[q.kind], t.counting[q.counting], t.n(q.counted_months), t.ny(q.required_months)))}</strong>${q.missing_months ? ` · <span class="miss">${esc(t.missing(t.n(q.missing_months)))}</span>` : ''}</p>
<svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="bar-bg" width="100" height="6"/><rect class="bar-fg" width="${pct}" height="6"/></svg>
<p class="parts">${esc(parts.join(' · '))}</p>
${q.local_missing_months ? `<p class="miss">${esc(t.local_short(t.n(q.min_local_months), t.n(q.local_missing_months)))}</p>` : ''}
</li>`;
  }

  function routeCard(c, r, compact) {
    const key = `${c.city}:${r.route}`;
    const cx = ctx();
    const statusText = t.status[r.status] ?? r.status;
    const weak = r.confidence && WEAK.has(r.confidence);
    const steps = r.explanation.map((s) => `<li>${esc(t.step[s.code] ? t.step[s.code](s, cx) : s.code)}</li>`).join('');
    const when = r.eligible_from
      ? `<p class="when">${esc(t.eligible_from(t.month(r.eligible_from), !!lastGood?.report?.what_if))}</p>`
      : r.no_projection && r.status === 'not_yet'
        ? `<p class="when">${esc(t.no_proj + (t.no_projection[r.no_projection] ?? r.no_projection))}</p>`
        : r.reason ? `<p class="when">${esc(t.reason[r.reason] ?? r.reason)}</p>` : '';
    const pick = (x) => (S.lang === 'zh' ? x.zh : x.en);
    return `<article class="card s-${esc(r.status)}${compact ? ' compact' : ''}" data-key="${esc(key)}">
<h4><span class="cname">${esc(nameOf(c))}</span> · ${esc(nameOf(r))} <span class="badge">${esc(statusText)}</span></h4>
${when}
${r.requirements.length ? `<ul class="reqs">${r.requirements.map(requirementHtml).join('')}</ul>` : ''}
${r.unchecked.length ? `<div class="unchecked"><p class="lbl">${esc(t.unchecked + t.colon)}</p><ul>${r.unchecked.map((u) => `<li>${esc(pick(u))}</li>`).join('')}</ul></div>` : ''}
${sourceLine(r.source, r.rule_confidence ?? r.confidence, r.verified_on, r.effective_from, r.effective_until)}
${weak ? `<p class="caution">${esc(t.caution(t.conf[r.confidence]))}</p>` : ''}
${r.agreements.length || r.assumptions.length ? `<details class="explain more" data-key="${esc(key)}:more"${S.open.has(`${key}:more`) ? ' open' : ''}><summary>${esc(t.more(r.agreements.length, r.assumptions.length))}<span class="vh"> · ${esc(nameOf(c))} ${esc(nameOf(r))}</span></summary>
${r.agreements.length ? `<p class="lbl">${esc(t.agreements + t.colon)}</p><ul>${r.agreements.map((a) => `<li><strong>${esc(nameOf(a))}</strong>${sourceLine(a.source, a.confidence, a.verified_on, a.effective_from, null)}${a.assumptions.length ? `<ul>${a.assumptions.map((x) => `<li class="assume">${esc(pick(x))}</li>`).join('')}</ul>` : ''}</li>`).join('')}</ul>` : ''}
${r.assumptions.length ? `<p class="lbl">${esc(t.assumptions + t.colon)}</p><ul>${r.assumptions.map((x) => `<li class="assume">${esc(pick(x))}</li>`).join('')}</ul>` : ''}
</details>` : ''}
<details class="explain" data-key="${esc(key)}"${S.open.has(key) ? ' open' : ''}><summary>${esc(t.explain)}<span class="vh"> · ${esc(nameOf(c))} ${esc(nameOf(r))}</span></summary><ol>${steps}</ol></details>
</article>`;
  }

  function renderResults(report, history) {
    const inHistory = new Set(history.periods.map((p) => cityById.get(p.city)?.id));
    const items = [];
    for (const c of report.cities) for (const r of c.routes) items.push({ c, r });
    const group = (r) => (r.status === 'eligible' || r.status === 'no_threshold' ? 0 : r.status === 'not_yet' ? 1 : 2);
    items.sort((x, y) => group(x.r) - group(y.r)
      || STATUS_RANK[x.r.status] - STATUS_RANK[y.r.status]
      || (x.r.eligible_from ?? '9999').localeCompare(y.r.eligible_from ?? '9999')
      || inHistory.has(y.c.city) - inHistory.has(x.c.city)
      || sumMissing(x.r) - sumMissing(y.r)
      || x.c.code.localeCompare(y.c.code));
    const now = items.filter((i) => group(i.r) === 0);
    const later = items.filter((i) => group(i.r) === 1);
    const other = items.filter((i) => group(i.r) === 2);
    const cx = ctx();
    let html = '';
    if (report.what_if) {
      const w = report.what_if;
      html += `<p class="wi-note">${esc(`${t.what_if}${t.colon}${cityName(w.city)} · ${t.month(w.from)} · ${w.kinds.map((k) => t.kinds_short[k]).join(S.lang === 'zh' ? '、' : ', ')}`)}</p>`;
    }
    if (report.history_notes.length) {
      html += `<div class="notes"><h3>${esc(t.history_notes)}</h3><ul>${report.history_notes.map((s) => `<li>${esc(t.step[s.code] ? t.step[s.code](s, cx) : s.code)}</li>`).join('')}</ul></div>`;
    }
    const section = (title, list, cls) => (list.length ? `<section class="group ${cls}"><h3>${esc(title)} <span class="count">(${list.length})</span></h3>${list.map((i) => routeCard(i.c, i.r, i.r.status === 'no_threshold')).join('')}</section>` : '');
    html += section(t.group_now, now, 'g-now');
    html += section(t.group_later, later, 'g-later');
    if (other.length) {
      const open = S.open.has('__other');
      html += `<details class="group g-other" data-key="__other"${open ? ' open' : ''}><summary><h3>${esc(t.group_other(other.length))}</h3></summary>${other.map((i) => routeCard(i.c, i.r, true)).join('')}</details>`;
    }
    $('hy-out').innerHTML = html;
    $('hy-version').textContent = t.rules_version(report.rules_version);
  }

  const sumMissing = (r) => r.requirements.reduce((a, q) => a + q.missing_months + q.local_missing_months, 0);

  function renderTimeline(report, history) {
    const box = $('hy-tl');
    const width = Math.max(280, Math.floor(box.clientWidth || 600));
    box.innerHTML = timeline({
      periods: history.periods,
      report,
      t,
      cityName,
      width,
      elder: S.elder,
    });
  }

  function renderReceipt() {
    const rep = lastGood?.report;
    const rows = S.rows.map((r, i) => `<tr><td>${i + 1}</td><td>${esc(cityName(r.city))}</td><td>${esc(t.kinds_short[r.kind] ?? r.kind)}</td><td>${esc(r.from)}</td><td>${esc(r.ongoing ? t.ongoing : r.to)}</td><td>${r.back_paid ? '✓' : ''}</td></tr>`).join('');
    const sources = new Map();
    if (rep) for (const c of rep.cities) for (const r of c.routes) {
      if (r.source) sources.set(r.source.title, r.source);
      for (const a of r.agreements) sources.set(a.source.title, a.source);
    }
    $('hy-receipt').innerHTML = `<h2>${esc(t.receipt)}</h2>
<p>${esc(t.printed(today))} · ${esc(rep ? t.rules_version(rep.rules_version) : '')}</p>
<p><strong>${esc(t.notice)}</strong></p>
${S.hukou ? `<p>${esc(t.hukou_city + t.colon + cityName(S.hukou))}</p>` : ''}
<table><caption>${esc(t.history)}</caption><thead><tr><th>#</th><th>${esc(t.city)}</th><th>${esc(t.kind)}</th><th>${esc(t.from)}</th><th>${esc(t.to)}</th><th>${esc(t.back_paid)}</th></tr></thead><tbody>${rows}</tbody></table>
<h3>${esc(t.sources)}</h3><ul>${[...sources.values()].map((s) => `<li>${esc(t.title_q(s.title))} ${s.document_number ? esc(s.document_number) : ''} ${esc(s.issuer)} ${esc(s.published)}${s.url ? ` ${esc(s.url)}` : ''}</li>`).join('')}</ul>`;
  }

  // --- persistence ------------------------------------------------------------------
  function persist() {
    if (!S.remember) return;
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify({ history: toFile(), lang: S.lang, elder: S.elder }));
    } catch { /* storage unavailable: nothing to do */ }
  }
  function readStored() {
    try {
      const s = localStorage.getItem(STORE_KEY);
      return s ? JSON.parse(s) : null;
    } catch {
      return null;
    }
  }
  function forget() {
    try { localStorage.removeItem(STORE_KEY); } catch { /* nothing stored */ }
  }

  /**
   * Takes a history from a file, a link or storage. Structural problems
   * (not JSON, wrong types, unknown keys, another version) reject it and
   * keep what is in the editor; anything else loads and is marked at its field.
   */
  function accept(data, where) {
    const fail = (msg) => {
      $('hy-file-ok').textContent = '';
      $('hy-file-err').textContent = (where === 'link' ? t.link_bad : t.file_bad) + msg;
      $('hy-file').setAttribute('aria-invalid', 'true');
      return false;
    };
    if (data === undefined) return fail(t.not_json);
    const res = checker.check(data, { as_of: today });
    if (!res.ok) {
      const fatal = res.errors.filter((e) => ['malformed', 'unsupported_version', 'too_many_periods'].includes(e.kind));
      if (fatal.length) return fail(fatal.map((e) => `${e.path ? `${e.path}: ` : ''}${errorText(e)}`).join('；'));
    }
    $('hy-file-err').textContent = '';
    $('hy-file').removeAttribute('aria-invalid');
    S.hukou = data.hukou_city ?? '';
    S.rows = (data.periods || []).map((p) => row({
      city: p.city, kind: p.kind, from: p.from, to: p.to ?? '', ongoing: p.to == null, back_paid: p.back_paid, note: p.note,
    }));
    if (!S.rows.length) S.rows.push(row());
    S.removed = null;
    renderShell();
    compute();
    $('hy-file-ok').textContent = t.loaded;
    return true;
  }

  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    const h = params.get('h');
    if (h == null) return false;
    let data;
    try { data = decodeShare(h); } catch { data = undefined; }
    params.delete('h');
    const rest = params.toString();
    history.replaceState(null, '', rest ? `#${rest}` : location.pathname + location.search);
    if (!accept(data, 'link')) compute();
    return true;
  }

  // --- events -------------------------------------------------------------------------
  const rowOf = (el) => S.rows.find((r) => r.uid === el.closest('[data-uid]')?.dataset.uid);

  function onInput(e) {
    const el = e.target;
    if (el.classList.contains('cityq')) return filterCities(el);
    const r = el.dataset.f && rowOf(el);
    if (r) {
      const f = el.dataset.f;
      if (f === 'ongoing') {
        r.ongoing = el.checked;
        const to = $(`${r.uid}-to`);
        to.disabled = r.ongoing;
        if (!r.ongoing) to.focus();
      } else if (f === 'back_paid') r.back_paid = el.checked;
      else r[f] = el.value;
      return compute();
    }
    switch (el.id) {
      case 'hy-hukou': S.hukou = el.value; return compute();
      case 'hy-wi-on':
        S.whatIf.on = el.checked;
        $('hy-wi-fields').hidden = !el.checked;
        if (el.checked) {
          if (!S.whatIf.city) {
            const last = [...S.rows].reverse().find((r) => r.city);
            S.whatIf.city = last ? last.city : '';
            $('hy-wi-city').innerHTML = cityOptions(S.whatIf.city);
          }
          if (!S.whatIf.from) S.whatIf.from = $('hy-wi-from').value = nextMonth(today.slice(0, 7));
        }
        return compute();
      case 'hy-wi-city': S.whatIf.city = el.value; return compute();
      case 'hy-wi-from': S.whatIf.from = el.value; return compute();
      case 'hy-remember':
        S.remember = el.checked;
        if (S.remember) persist(); else forget();
        return undefined;
      case 'hy-lang':
        if (e.type !== 'change') return undefined;
        S.lang = el.value;
        renderShell();
        compute();
        $('hy-lang').focus();
        return undefined;
      default:
        if (el.dataset.kind) {
          S.whatIf.kinds = KINDS.filter((k) => $(`hy-wi-k-${k}`).checked);
          return compute();
        }
    }
    return undefined;
  }

  /** The filter box narrows its select and picks the first match. */
  function filterCities(q) {
    const sel = $(q.dataset.for);
    const current = sel.value;
    const hit = firstMatch(q.value);
    const cur = cityById.get(current);
    const qn = norm(q.value);
    // Keep the chosen city while it answers the search as well as the best match.
    const keep = cur && matches(cur, qn) && (!hit || score(cur, qn) <= score(cityById.get(hit), qn));
    const next = keep || !hit ? current : hit;
    sel.innerHTML = cityOptions(next, q.value, sel.id === 'hy-hukou' ? t.hukou_none : t.city_choose);
    if (next !== current) {
      sel.value = next;
      sel.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }

  function onClick(e) {
    const btn = e.target.closest('button');
    if (!btn || btn.disabled) return;
    const act = btn.dataset.act;
    if (act) {
      const i = S.rows.indexOf(rowOf(btn));
      if (i < 0) return;
      if (act === 'remove') {
        S.removed = { row: S.rows[i], index: i, blank: null };
        S.rows.splice(i, 1);
        if (!S.rows.length) {
          S.rows.push(row());
          S.removed.blank = S.rows[0].uid;
        }
        renderRows();
        $('hy-undo').hidden = false;
        $('hy-undo-msg').textContent = t.removed(i + 1);
        $('hy-undo').focus();
      } else {
        const j = act === 'up' ? i - 1 : i + 1;
        [S.rows[i], S.rows[j]] = [S.rows[j], S.rows[i]];
        renderRows();
        const again = root.querySelector(`#${S.rows[j].uid}-row [data-act="${act}"]`);
        (again && !again.disabled ? again : root.querySelector(`#${S.rows[j].uid}-row [data-act="remove"]`)).focus();
      }
      compute();
      return;
    }
    switch (btn.id) {
      case 'hy-add': {
        const last = S.rows[S.rows.length - 1];
        const r = row({ city: last?.city || '', kind: last?.kind || 'social_insurance' });
        S.rows.push(r);
        renderRows(`${r.uid}-city-q`);
        compute();
        break;
      }
      case 'hy-example':
        accept(EXAMPLE(today), 'file');
        $('hy-file-ok').textContent = '';
        break;
      case 'hy-undo':
        if (S.removed) {
          const { blank } = S.removed;
          S.rows = S.rows.filter((r) => r.uid !== blank || r.city || r.from);
          S.rows.splice(Math.min(S.removed.index, S.rows.length), 0, S.removed.row);
          const focus = `${S.removed.row.uid}-city`;
          S.removed = null;
          btn.hidden = true;
          $('hy-undo-msg').textContent = '';
          renderRows(focus);
          compute();
        }
        break;
      case 'hy-elder':
        S.elder = !S.elder;
        root.classList.toggle('elder', S.elder);
        btn.setAttribute('aria-pressed', String(S.elder));
        compute();
        break;
      case 'hy-jump': $('hy-h-results').scrollIntoView(); $('hy-h-results').focus(); break;
      case 'hy-save': save(); break;
      case 'hy-share': share(); break;
      case 'hy-print': window.print(); break;
      case 'hy-forget':
        forget();
        S.remember = false;
        $('hy-remember').checked = false;
        $('hy-file-ok').textContent = t.forgotten;
        break;
      case 'hy-all':
        S.allCities = !S.allCities;
        renderShell();
        compute();
        $('hy-all')?.focus();
        break;
      default:
    }
  }

  function save() {
    const blob = new Blob([`${JSON.stringify(toFile(), null, 2)}\n`], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `hukou-years-${today}.json`;
    root.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  function share() {
    // The full page, whether the checker runs there, in an iframe or in the element.
    const base = opts.useHash && !opts.embed ? location.href.split('#')[0] : new URL('index.html', BASE).href;
    const params = new URLSearchParams();
    if (S.lang !== 'zh') params.set('lang', S.lang);
    params.set('h', encodeShare(toFile()));
    const url = `${base}#${params}`;
    $('hy-share-box').hidden = false;
    const input = $('hy-share-url');
    input.value = url;
    input.focus();
    input.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(() => { $('hy-file-ok').textContent = t.share_copied; }, () => {});
    }
  }

  async function onChange(e) {
    const el = e.target;
    if (el.id === 'hy-file') {
      const file = el.files && el.files[0];
      if (!file) return;
      let data;
      try { data = JSON.parse(await file.text()); } catch { data = undefined; }
      el.value = '';
      accept(data, 'file');
      return;
    }
    if (el.tagName === 'SELECT' || el.type === 'checkbox') onInput(e);
  }

  root.addEventListener('input', (e) => {
    if (e.target.tagName === 'SELECT' || e.target.type === 'checkbox') return; // handled on change
    onInput(e);
  });
  root.addEventListener('change', onChange);
  root.addEventListener('click', onClick);
  root.addEventListener('toggle', (e) => {
    const key = e.target.dataset && e.target.dataset.key;
    if (!key) return;
    if (e.target.open) S.open.add(key); else S.open.delete(key);
  }, true);
  let resizeTimer = 0;
  new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => renderTimeline(lastGood?.report, toHistory().history), 100);
  }).observe(root);

  // --- start --------------------------------------------------------------------------
  const stored = readStored();
  if (stored) {
    S.remember = true;
    if (!opts.lang && STRINGS[stored.lang]) S.lang = stored.lang;
    if (stored.elder) S.elder = true;
  }
  renderShell();
  const fromLink = opts.useHash && readHash();
  if (!fromLink) {
    if (stored && stored.history && accept(stored.history, 'file')) $('hy-file-ok').textContent = '';
    else compute();
  }
  if (opts.useHash) {
    addEventListener('hashchange', () => readHash());
  }

  if (opts.embed && window.parent !== window) {
    let last = 0;
    const post = () => {
      const h = Math.ceil(document.documentElement.offsetHeight);
      if (h !== last) {
        last = h;
        window.parent.postMessage({ type: 'hukou-years:height', height: h }, '*');
      }
    };
    new ResizeObserver(post).observe(root);
    post();
  }
  return { root, state: S, compute };
}

/** A typical history: Wuxi, then Suzhou, then Nanjing, with a break and a back-paid stretch. */
function EXAMPLE(today) {
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
