// Save to a file, load a file, the share link, print, and keeping the
// history in the browser — the parts that touch the browser (blob: URLs, the
// file input, the clipboard, the storages, the address bar). None of them uses
// the network; the texts themselves are made by share.js. Saving, sharing and
// reading a file are done by views/saving.js, in later.js.
//
// Nothing typed is lost: this tab's sessionStorage keeps the history, the
// language, elderly mode and the what-if after every change (a reload brings
// them back; closing the tab forgets them); "remember" keeps them in
// localStorage too, opt-in; "forget" removes both. A file or link that cannot
// be taken whole is refused whole, and the editor keeps what it has; a link
// refused stays in the address bar. The example, a file or a link that would
// replace what the form holds asks first (an in-page dialog at the top), and
// every replacement can be undone — and the undo redone — from the line it
// leaves at the top.

import { check } from '../engine.js';
import { html } from '../html.js';
import { codeOf } from '../lang.js';
import { KINDS } from '../months.js';
import { STORE_KEY, readLink, readStored, storedText } from '../share.js';
import { loadHistory, toFile } from '../state.js';
import { fatalErrors, fatalText } from './errors.js';
import { onButton, onEdit } from './dom.js';

/** The files part of the editor: save, load, share, print, remember, forget. */
export function filesPart(P) {
  const { t, S } = P;
  return html`<div class="files">
    <div class="actions">
      <button type="button" class="btn" id="hy-save">${t.save}</button>
      <span class="btn filebtn"><input type="file" id="hy-file" accept=".json,application/json" aria-describedby="hy-file-err"><label for="hy-file">${t.load}</label></span>
      <button type="button" class="btn" id="hy-share">${t.share}</button>
      <button type="button" class="btn" id="hy-print">${t.print}</button>
    </div>
    <div class="sharebox" id="hy-share-box" hidden>
      <label for="hy-share-url">${t.share_label}</label>
      <input type="text" id="hy-share-url" readonly>
    </div>
    <p class="ok" id="hy-file-ok" aria-live="polite"></p>
    <div class="actions">
      <label class="check"><input type="checkbox" id="hy-remember"${S.remember ? ' checked' : ''}> ${t.remember}</label>
      <button type="button" class="btn" id="hy-forget">${t.forget}</button>
    </div>
  </div>`;
}

/**
 * The top of the page, about files, links and the example: why the last file
 * or link was refused (role=alert: announced), the question before a
 * replacement (an in-page alertdialog), and the line a replacement leaves,
 * with its undo. In the page's language, drawn again with the page.
 */
export function refusalPart(P) {
  return html`<p class="err refused" id="hy-file-err" role="alert">${refusalText(P)}</p>
<div id="hy-ask-box">${askPart(P)}</div>
<div class="swap" id="hy-swap"><p class="ok" id="hy-swap-msg" role="status">${topText(P)}</p><button type="button" class="btn" id="hy-swap-undo" aria-describedby="hy-swap-msg"${P.swap ? '' : ' hidden'}>${P.swap?.undone ? P.t.swap_redo : P.t.swap_undo}</button></div>`;
}

function refusalText(P) {
  const { t, refused } = P;
  if (!refused) return '';
  const { where, why } = refused;
  const reason = typeof why === 'string' ? t.refused[why] : fatalText(t, why, P.today.slice(0, 7));
  return `${where === 'link' ? t.link_bad : t.file_bad}${reason}${t.kept}${where === 'link' ? t.in_bar + t.link_check : ''}`;
}

function askPart(P) {
  const { t, asking: a } = P;
  if (!a) return '';
  return html`<div class="ask" id="hy-ask" role="alertdialog" aria-labelledby="hy-ask-h" aria-describedby="hy-ask-p">
  <p class="ask-h" id="hy-ask-h">${t.ask_title}</p>
  <p id="hy-ask-p">${t.ask_body(what(t, a))}${a.where === 'link' && P.S.remember ? t.ask_remembered : ''}</p>
  <div class="actions"><button type="button" class="btn primary" id="hy-ask-yes">${t.ask_yes}</button><button type="button" class="btn" id="hy-ask-no">${t.ask_no}</button></div>
</div>`;
}

/** What would replace the form, or did, in words: the example, the file (by its name), the link's history. */
function what(t, { where, name }) {
  const w = t.ask_what[where];
  return typeof w === 'function' ? w(name) : w;
}

function topText(P) {
  const { t, top } = P;
  if (!top) return '';
  switch (top.kind) {
    case 'declined': return t.declined(what(t, top)) + (top.where === 'link' ? t.in_bar : '');
    case 'remembered': return t.swapped_remembered;
    case 'undone': return t.swap_undone;
    default: return t.swapped(what(t, top));
  }
}

/** Draws the top's question and line again, where they are (without drawing the page). */
function drawTop(P) {
  const { $ } = P;
  $('hy-ask-box').innerHTML = askPart(P);
  $('hy-swap-msg').textContent = topText(P);
  const undo = $('hy-swap-undo');
  undo.hidden = !P.swap;
  undo.textContent = P.swap?.undone ? P.t.swap_redo : P.t.swap_undo;
}

/**
 * Refuses a file or link whole: says why (`why`: a code of share.js, or the
 * engine's errors) and keeps the editor as it is. Returns false.
 */
export function refuse(P, where, why) {
  const { $ } = P;
  P.refused = { where, why };
  $('hy-file-ok').textContent = '';
  const el = $('hy-file-err');
  el.textContent = refusalText(P);
  el.scrollIntoView?.({ block: 'nearest' });
  $('hy-file').setAttribute('aria-invalid', 'true');
  return false;
}

// --- kept in this tab, and remembered on this device (opt-in) ---------------------

/**
 * Keeps the editor's history, language, elderly mode and what-if in this
 * tab's sessionStorage, and in localStorage if the person asked to be
 * remembered.
 */
export function persist(P) {
  const { S } = P;
  const text = (remember) => storedText(toFile(S), codeOf(S), S.elder, { what_if: S.whatIf, remember, targets: S.targets });
  try {
    // Nothing is written for an empty editor until the tab has something to keep.
    if (filled(S) || S.targets?.length || sessionStorage.getItem(STORE_KEY)) sessionStorage.setItem(STORE_KEY, text(S.remember));
    if (S.remember) localStorage.setItem(STORE_KEY, text(true));
  } catch { /* storage unavailable or full: nothing to do */ }
}

/**
 * What to start from: this tab's record (a reload; `tab` is set), else what
 * this device remembers; {history, lang, elder, what_if, remember, tab}, or null.
 */
export function recalled() {
  try {
    const tab = readStored(sessionStorage.getItem(STORE_KEY));
    const kept = readStored(localStorage.getItem(STORE_KEY));
    // What this device remembers, even from before the tab's record existed, is remembered.
    return tab ? { ...tab, tab: true } : kept && { ...kept, remember: true };
  } catch {
    return null;
  }
}

/** Takes a stored what-if back, in the shape the editor needs. */
export function restoreWhatIf(S, w) {
  if (Array.isArray(w?.kinds)) S.whatIf = { on: !!w.on, city: `${w.city ?? ''}`, from: `${w.from ?? ''}`, kinds: KINDS.filter((k) => w.kinds.includes(k)) };
}

/** Removes every key the page stores, from both storages (until the next change, which this tab keeps again). */
function forget(names = ['sessionStorage', 'localStorage']) {
  for (const name of names) {
    try { window[name].removeItem(STORE_KEY); } catch { /* nothing stored, or no storage */ }
  }
}

// --- taking a history -----------------------------------------------------------

/** Whether the form holds anything: a hukou city, or a period with a city or a month. */
export function filled(S) {
  const f = toFile(S);
  return !!f.hukou_city || f.periods.some((p) => p.city || p.from || p.to);
}

/** The history's structural problems (wrong types, unknown keys, another version, too many periods, an engine fault); [] if none. */
function fatalIn(P, data) {
  const res = check(P.checker, data, { as_of: P.today });
  return res.ok ? [] : fatalErrors(res.errors);
}

/**
 * Takes what this tab or device kept, at the start: loaded as it is (anything
 * wrong marked at its field), or refused whole if its structure is wrong.
 * Returns whether it loaded.
 */
export function accept(P, data, where = 'store') {
  const fatal = fatalIn(P, data);
  if (fatal.length) return refuse(P, where, fatal);
  loadHistory(P.S, data);
  P.redraw();
  return true;
}

/**
 * Offers a history from the example, a file or a link (`where`: 'example',
 * 'file', 'link') to the form. Structural problems refuse it whole (the form
 * keeps what it has); otherwise, over a form that holds something, the person
 * is asked first (unless `ask` is false), and the replacement can be undone.
 * `name`: the file's name. Returns whether it loaded now.
 */
export function offer(P, data, where, { name = '', ask = true } = {}) {
  const fatal = fatalIn(P, data);
  if (fatal.length) return refuse(P, where, fatal);
  P.refused = null;
  // Where the focus goes back to: the example button, the file input.
  const active = P.root.getRootNode().activeElement;
  const back = P.root.contains(active) ? active.id : '';
  if (ask && filled(P.S)) {
    P.asking = { data, where, name, back };
    P.top = null;
    P.$('hy-file-err').textContent = '';
    P.$('hy-file').removeAttribute('aria-invalid');
    drawTop(P);
    P.$('hy-ask-yes').focus();
    return false;
  }
  // Unasked, at the start (a link in a new tab): the focus stays where the page puts it.
  replace(P, data, where, back, name, ask);
  return true;
}

/**
 * Puts a history in the form. What it replaced (the rows as they were, the
 * hukou city, "remember") is kept for undo when there was anything to lose.
 * A link never replaces what this device remembers: opening one turns
 * "remember" off until the person ticks it again (or undoes), and leaves the
 * address bar, since the form (and this tab) now holds its history.
 */
function replace(P, data, where, back = '', name = '', focus = true) {
  const { S, $ } = P;
  const before = { rows: S.rows, hukou: S.hukou, remember: S.remember };
  const remembered = where === 'link' && S.remember;
  const lost = filled(S);
  if (remembered) S.remember = false;
  P.refused = null;
  P.asking = null;
  P.swap = lost ? { before, where, name, undone: false } : null;
  P.top = lost ? { kind: remembered ? 'remembered' : 'swapped', where, name } : null;
  loadHistory(S, data);
  if (where === 'link') dropLink();
  P.redraw();
  $('hy-file-ok').textContent = where === 'example' ? '' : P.t.loaded;
  const to = lost ? $('hy-swap-undo') : back && $(back);
  if (focus) to?.focus();
}

/** Undoes the last replacement, or redoes it: the form and "remember" as they were before it. */
function swapBack(P) {
  const { S, swap } = P;
  if (!swap) return;
  const now = { rows: S.rows, hukou: S.hukou, remember: S.remember };
  ({ rows: S.rows, hukou: S.hukou, remember: S.remember } = swap.before);
  S.removed = null;
  swap.before = now;
  swap.undone = !swap.undone;
  P.top = { ...swap, kind: swap.undone ? 'undone' : 'swapped' };
  P.redraw();
  P.$('hy-swap-undo').focus();
}

/** The person's answer to the question before a replacement. */
function answer(P, yes) {
  const a = P.asking;
  if (!a) return;
  if (yes) {
    replace(P, a.data, a.where, a.back, a.name);
    return;
  }
  P.asking = null;
  P.top = { kind: 'declined', where: a.where, name: a.name };
  drawTop(P);
  if (a.back) P.$(a.back)?.focus();
}

/** The history in the address bar's #h=, if any: null when there is none, else {data} or {why} (share.js). */
export const linkHere = () => readLink(location.hash);

/** Takes the history out of the address bar once the form holds it (the rest of the fragment stays). */
function dropLink() {
  const link = readLink(location.hash);
  if (link) history.replaceState(null, '', link.rest ? `#${link.rest}` : location.pathname + location.search);
}

/**
 * Opens a link read by linkHere: refuses it (it stays in the address bar, and
 * the editor keeps what it has), or offers it to the form (`ask`: whether to
 * ask first if the form holds something). Returns whether it loaded.
 */
export const openLink = (P, link, { ask = true } = {}) => (link.why ? refuse(P, 'link', link.why) : offer(P, link.data, 'link', { ask }));

/** Wires save, load, share, print, remember and forget. */
export function bindFiles(P) {
  const { S, $ } = P;
  P.root.addEventListener('change', (e) => {
    const el = e.target;
    if (el.id !== 'hy-file') return;
    const file = el.files && el.files[0];
    el.value = '';
    // Read by later.js (views/saving.js): at once when it is in, else as soon as it comes.
    if (file) P.withLater((L) => L.loadFile(P, file));
  });
  onEdit(P.root, (el) => {
    if (el.id !== 'hy-remember') return;
    S.remember = el.checked;
    if (!S.remember) forget(['localStorage']);
    persist(P);
  });
  P.root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && P.asking && e.target.closest?.('#hy-ask')) answer(P, false);
  });
  onButton(P.root, (btn) => {
    switch (btn.id) {
      case 'hy-ask-yes': answer(P, true); break;
      case 'hy-ask-no': answer(P, false); break;
      case 'hy-swap-undo': swapBack(P); break;
      // Saving and sharing are later.js's (views/saving.js): at once when it is in, else as soon as it comes.
      case 'hy-save': P.withLater((L) => L.save(P)); break;
      case 'hy-share': P.withLater((L) => L.share(P)); break;
      // The receipt is later.js's: printed once it is in and drawn.
      case 'hy-print': P.withLater(() => { P.drawReceipt(); P.drawReceiptNow(); window.print(); }); break;
      case 'hy-forget':
        forget();
        S.remember = false;
        $('hy-remember').checked = false;
        $('hy-file-ok').textContent = P.t.forgotten;
        break;
      default:
    }
  });
}
