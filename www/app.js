// The checker page: history editor, instant results, timeline, what-if,
// save/load/share/remember/print. Mounted into the page (main.js) or into the
// shadow root of <hukou-years-checker> (element.js).
//
// Read it as boundary → state → views → page:
//   engine.js   the WebAssembly engine and the rules (the only network use: loading them)
//   later.js    what the first result does not need, asked for once right after it,
//               with the rules' texts in the page's language (ruletext.js): the
//               timeline, the receipt, the calendar file of "remind me", paste to
//               import, since when an answer is met, saving, the share link,
//               reading a file, the texts filled in
//   months.js   month arithmetic and the kinds;  html.js  HTML that escapes by construction
//   state.js    the editor's rows and options, and the history made from them (no DOM)
//   cities.js   city lookups and search (no DOM);  share.js  link, file and storage texts (no DOM)
//   answers.js  the answer for a city the person wants to settle in, from a report (no DOM)
//   ics.js      the calendar file of "remind me" (no DOM; in later.js)
//   lang.js     the languages (the menu) and the tables of the engine's codes;
//   words.js    loads the words of the language the page speaks, and only those
//               (strings/zh.js, strings/en.js, generated/zh-hant.js: see i18n.js)
//   views/      shell, targets (where to settle, and the answers), editor, files, errors,
//               results; and in later.js timeline, receipt, remind, pastebox, since, saving
// and this file, which wires them.
//
// Privacy: after the engine, the rules and the page's words are loaded, and
// right after the first result later.js and the rules' texts in the page's
// language, nothing here touches the network but the words of another
// language when the person chooses it, and the rules' texts in it (once each,
// the same files for everyone who chooses it). Files are read with FileReader APIs, saved through blob: URLs, the
// share link carries the history in the #fragment (never sent to a server),
// the tab keeps what was typed in sessionStorage (a reload loses nothing), and
// "remember" is localStorage, opt-in. Nothing typed is replaced without the
// person's say: the example, a file and a link ask first and can be undone.

import { codeOf, menuItem } from './lang.js';
import { loadWords } from './words.js';
import { BASE, check, loadEngine } from './engine.js';
import { fetchText } from './ruletext.js';
import { html } from './html.js';
import { localToday } from './months.js';
import { nameIn, places as lookups } from './cities.js';
import { checkOptions, createState, toHistory } from './state.js';
import { bindEditor, renderRows } from './views/editor.js';
import { showErrors } from './views/errors.js';
import { accept, bindFiles, linkHere, offer, openLink, persist, recalled, refuse, restoreWhatIf } from './views/files.js';
import { announce, bindResults, pause, renderResults } from './views/results.js';
import { bindShell, shell } from './views/shell.js';
import { answerParts } from './views/targets.js';

// later.js, asked for once (for every checker on the page); a failed load can be asked again.
let laterAsked;
// How long edits pause before the receipt (for print only) is drawn again.
const RECEIPT_MS = 400;
const loadLater = () => {
  laterAsked ??= import(new URL('later.js', BASE).href).catch((err) => { laterAsked = undefined; throw err; });
  return laterAsked;
};

/**
 * Mounts the checker into `host` (an element or a shadow root).
 * opts: {lang, region, accent, embed, useHash, element, elder}
 */
export async function mount(host, opts = {}) {
  // This tab's entries (a reload), else what this device remembers; its language unless the host chose one.
  const stored = recalled();
  const lang = menuItem(opts.lang) ?? menuItem(stored?.lang) ?? menuItem('zh');
  const S = createState({ lang: lang.base, elder: opts.elder, region: opts.region });
  S.hant = lang.code === 'zh-Hant';
  const root = document.createElement('div');
  root.className = 'hy';
  host.append(root);
  if (opts.accent && typeof CSS !== 'undefined' && CSS.supports('color', opts.accent)) {
    root.style.setProperty('--hy-accent', opts.accent);
  }
  if (opts.embed) root.classList.add('embedded');

  // The page's words: the language's own module, asked for at once, in
  // parallel with the engine and the rules (the first result waits for all three).
  const words = loadWords(lang.code);
  let t = lang.boot;
  root.innerHTML = html`<p class="boot" role="status">${t.results_loading}</p>`;
  let E;
  try {
    [E, t] = await Promise.all([loadEngine(), words]);
  } catch (err) {
    root.innerHTML = html`<p class="fatal" role="alert">${err && err.noWasm ? t.no_wasm : `${t.load_failed} (${err && (err.message || err.kind) || err})`}</p>`;
    return null;
  }
  performance.mark('hukou-years:engine-ready');

  const places = lookups(E.gazetteer, E.agreements);
  if (S.region && !places.regionById.has(S.region)) { S.region = ''; S.allCities = true; }
  const today = localToday();
  let firstResult = true;
  let tlFrame = 0;

  // What every view reads: the state, the words, names for ids, and the page's actions.
  const P = {
    S, root, opts, today, places,
    checker: E.checker,
    t,
    words: { [lang.code]: t }, // the words of each language loaded, by code
    later: null, // later.js, once it has come (asked for right after the first result)
    texts: {}, // the rules' texts of each language of the data (zh, en) that has come, indexed by later.js
    text: null, // those of the page's language, once they and later.js have come
    lastGood: null, // {report, history, entries}: the last report without errors; entries[i]: the editor's number of periods[i]
    refused: null, // {where, why}: the last file or link refused, said at the top until one loads
    asking: null, // {data, where, name, back}: a replacement waiting for the person's answer
    swap: null, // {before, where, undone}: the last replacement, which can be undone (and redone)
    top: null, // {kind, where}: what the line at the top says about the last replacement
    liveTimer: 0,
    $: (id) => root.querySelector(`#${id}`),
    name: (o) => nameIn(S.lang, o),
    cityName: (id) => places.label(S.lang, places.cityById.get(id)) || id, // with the province where the name is shared
    agName: (id) => P.name(places.agreementById.get(id)) || id,
    answerParts,
    update,
    redraw,
    withLater,
    drawReceipt,
    renderRows: (focusId) => renderRows(P, focusId),
    setLang,
    load: (data, where, o) => offer(P, data, where, o),
    refuse: (where, why) => refuse(P, where, why),
    base: BASE, // where the page's files are: the share link of an embedded checker points there
  };
  const { $ } = P;

  /** Draws the page, in the state's language, without results. */
  function render() {
    t = P.t = P.words[codeOf(S)];
    root.lang = menuItem(codeOf(S)).tag;
    if (!opts.element) document.documentElement.lang = root.lang;
    if (!opts.element) document.title = t.title;
    root.classList.toggle('elder', S.elder);
    root.innerHTML = shell(P);
    renderRows(P);
  }

  /** Speaks another language (a code of the menu) once its words are in: asked for the first time it is chosen. */
  async function setLang(code) {
    const m = menuItem(code);
    if (!m) return;
    // Its rules' texts, in parallel with its words (the same files for everyone who chooses it).
    if (textsAsked && !P.texts[m.base]) askTexts(m.base);
    if (!P.words[m.code]) {
      try { P.words[m.code] = await loadWords(m.code); } catch { $('hy-lang').value = codeOf(S); return; }
    }
    S.lang = m.base;
    S.hant = m.code === 'zh-Hant';
    // The rules' texts in that language if they have come; else they are filled in when they come.
    P.text = P.texts[S.lang] ?? null;
    if (P.text && P.lastGood) P.later.fillText(P.text, P.lastGood.report); // shown again while a field has an error
    redraw();
    $('hy-lang').focus();
  }

  /**
   * Asks for the rules' texts in a language of the data (`zh` or `en`: the
   * language alone decides the file) and, with later.js, fills them in while
   * the page speaks that language. Without them (a failed request) the results
   * stay as they are; the next choice of the language asks again.
   */
  let textsAsked = false;
  function askTexts(lang) {
    textsAsked = true;
    fetchText(BASE, lang).then((texts) => withLater((L) => {
      P.texts[lang] ??= L.textIndex(texts);
      if (S.lang !== lang) return;
      P.text = P.texts[lang];
      if (P.lastGood) {
        L.fillText(P.text, P.lastGood.report);
        renderResults(P, P.lastGood.report, P.lastGood.history);
        drawReceipt();
      }
    }, `texts:${lang}`), () => { /* without the texts, the results stay as they are */ });
  }

  /**
   * Runs `fn(later)` at once when later.js is in, else as soon as it comes.
   * A control (no `kind`) asks for it if the first result has not yet, and a
   * failed load is asked again by its next use; what the page draws by itself
   * (`kind` given) waits for the request right after the first result, only
   * the last of each kind.
   */
  const waiting = new Map();
  function withLater(fn, kind) {
    if (P.later) return fn(P.later);
    if (kind) waiting.set(kind, fn);
    else loadLater().then(arrived).then(fn, () => {});
    return undefined;
  }

  /** later.js has come: what it draws appears. */
  function arrived(L) {
    if (P.later) return L;
    P.later = L;
    drawTimeline();
    drawReceipt();
    for (const fn of waiting.values()) fn(L);
    waiting.clear();
    return L;
  }

  /** The timeline at its box's width (later.js's), of the last report: nothing until later.js is in. */
  function drawTimeline() {
    if (P.later) P.later.renderTimeline(P, P.lastGood?.report, toHistory(S).history);
  }

  /**
   * The receipt the print stylesheet shows (later.js's), of the last good
   * report. It is seen only on paper: drawn once edits pause (RECEIPT_MS), and
   * at once before printing, rather than with every edit, of which it was a
   * tenth of the time.
   */
  let receiptTimer = 0;
  let receiptDue = false;
  function drawReceipt() {
    if (!P.later) return;
    receiptDue = true;
    clearTimeout(receiptTimer);
    receiptTimer = setTimeout(drawReceiptNow, RECEIPT_MS);
  }
  function drawReceiptNow() {
    clearTimeout(receiptTimer);
    if (!P.later || !receiptDue) return;
    receiptDue = false;
    $('hy-receipt').innerHTML = P.later.receipt(P, P.lastGood?.report);
  }
  P.drawReceiptNow = drawReceiptNow;
  addEventListener('beforeprint', drawReceiptNow);

  /** Draws the whole page again, results included. */
  function redraw() {
    render();
    update();
  }

  /** Checks the history and shows everything that follows from it. */
  function update() {
    const { history, map, incomplete } = toHistory(S);
    // The cities the person wants to settle in are checked even when only a region is shown.
    const members = S.region ? [...places.regionById.get(S.region).members, ...S.targets] : null;
    const res = check(P.checker, history, checkOptions(S, today, members));
    if (res.ok && P.text) P.later.fillText(P.text, res.report);
    $('hy-incomplete').textContent = incomplete ? t.incomplete(incomplete) : '';
    showErrors(P, res.ok ? [] : res.errors, map);
    $('hy-asof').textContent = t.results_for(today);
    if (res.ok) {
      const at = new Map(S.rows.map((r, i) => [r.uid, i + 1]));
      // map[i]: the prefix of the fields behind periods[i], "p3" or "p3-b" (its back-paid months).
      P.lastGood = { report: res.report, history, entries: map.map((u) => at.get(u.split('-')[0])) };
      $('hy-stale').hidden = true;
      $('hy-out').classList.remove('stale');
      renderResults(P, res.report, history);
      announce(P, res.report);
    } else {
      // Earlier results stay, marked as stale, until the problems are fixed.
      $('hy-stale').hidden = !P.lastGood;
      $('hy-out').classList.toggle('stale', !!P.lastGood);
      if (P.lastGood) renderResults(P, P.lastGood.report, P.lastGood.history);
      pause(P, res.errors.length);
    }
    // The timeline (later.js's, once it is in) needs the box's width: drawn
    // with the next frame, after layout, rather than forcing a layout of the
    // whole page here. (Until there is a good report it draws the history with
    // the last good one, or says there is nothing to draw.)
    cancelAnimationFrame(tlFrame);
    if (P.later) {
      const report = res.ok ? res.report : P.lastGood?.report;
      tlFrame = requestAnimationFrame(() => P.later.renderTimeline(P, report, history));
    }
    drawReceipt();
    persist(P);
    if (firstResult) {
      firstResult = false;
      // Marked once the frame with the first results has been laid out and painted.
      requestAnimationFrame(() => setTimeout(() => {
        performance.mark('hukou-years:first-result');
        // Then, in the background, the same two requests for every visitor
        // who reads this language: later.js (the timeline, the receipt, …
        // appear when it comes) and the rules' texts in the page's language,
        // which the results gain when both have come.
        loadLater().then(arrived, () => { /* asked again by the first control that needs it */ });
        askTexts(S.lang);
      }, 0));
    }
  }

  bindShell(P);
  bindEditor(P);
  bindFiles(P);
  bindResults(P);
  let resizeTimer = 0;
  new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(drawTimeline, 100);
  }).observe(root);

  // --- start: this tab's entries (a reload), else what this device remembers; ------
  // then a share link: refused, it stays in the address bar; over this tab's own
  // entries, it asks first; in a new tab it opens, what this device remembers
  // one undo away.
  if (stored) {
    S.remember = !!stored.remember;
    if (stored.elder) S.elder = true;
    restoreWhatIf(S, stored.what_if);
    if (Array.isArray(stored.targets)) S.targets = [...new Set(stored.targets.map((c) => places.cityById.get(c)?.id).filter(Boolean))];
  }
  render();
  if (!(stored && accept(P, stored.history, 'store'))) update();
  const link = opts.useHash && linkHere();
  if (link) openLink(P, link, { ask: !!stored?.tab });
  if (opts.useHash) {
    addEventListener('hashchange', () => {
      const again = linkHere();
      if (again) openLink(P, again);
    });
  }

  if (opts.embed && window.parent !== window) {
    // The host's iframe is as tall as the checker: the height is the content's
    // own, never the viewport's (which the iframe's height sets: sizes in vh
    // would only ever grow; the hy-embed class turns them off), posted to the
    // host whenever it changes, up or down.
    document.documentElement.classList.add('hy-embed');
    let last = 0;
    const post = () => {
      const h = Math.ceil(root.getBoundingClientRect().bottom + window.scrollY);
      if (h !== last) {
        last = h;
        window.parent.postMessage({ type: 'hukou-years:height', height: h }, '*');
      }
    };
    new ResizeObserver(post).observe(root);
    post();
  }
  return { root, state: S, compute: update };
}
