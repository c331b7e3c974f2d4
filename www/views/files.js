// Save to a file, load a file, the share link, print, and keeping the
// history in the browser — the parts that touch the browser (blob: URLs, the
// file input, the clipboard, the storages, the address bar). None of them uses
// the network; the texts themselves are made by share.js.
//
// Nothing typed is lost: this tab's sessionStorage keeps the history, the
// language, elderly mode and the what-if after every change (a reload brings
// them back; closing the tab forgets them); "remember" keeps them in
// localStorage too, opt-in; "forget" removes both. A file or link that cannot
// be taken whole is refused whole, and the editor keeps what it has.

import { BASE, check } from '../engine.js';
import { html } from '../html.js';
import { KINDS } from '../months.js';
import { MAX_BYTES, STORE_KEY, fileName, fileText, parseHistory, readLink, readStored, shareLink, storedText } from '../share.js';
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
 * Why the last file or link was refused, at the top of the page (role=alert:
 * announced), in the page's language; '' when nothing was refused.
 */
export function refusalPart(P) {
  return html`<p class="err refused" id="hy-file-err" role="alert">${refusalText(P)}</p>`;
}

function refusalText(P) {
  const { t, refused } = P;
  if (!refused) return '';
  const { where, why } = refused;
  const reason = typeof why === 'string' ? t.refused[why] : fatalText(t, why, P.today.slice(0, 7));
  return `${where === 'link' ? t.link_bad : t.file_bad}${reason}${t.kept}`;
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
  const text = (remember) => storedText(toFile(S), S.lang, S.elder, { what_if: S.whatIf, remember, targets: S.targets });
  try {
    // Nothing is written for an empty editor until the tab has something to keep.
    if (S.hukou || S.targets?.length || S.rows.some((r) => r.city || r.from || r.to) || sessionStorage.getItem(STORE_KEY)) sessionStorage.setItem(STORE_KEY, text(S.remember));
    if (S.remember) localStorage.setItem(STORE_KEY, text(true));
  } catch { /* storage unavailable or full: nothing to do */ }
}

/**
 * What to start from: this tab's record (a reload), else what this device
 * remembers; {history, lang, elder, what_if, remember}, or null.
 */
export function recalled() {
  try {
    const kept = readStored(localStorage.getItem(STORE_KEY));
    // What this device remembers, even from before the tab's record existed, is remembered.
    return readStored(sessionStorage.getItem(STORE_KEY)) || (kept && { ...kept, remember: true });
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

/**
 * Takes a history from a file, a link or storage (`where`: 'file', 'link' or
 * 'store'). Structural problems (wrong types, unknown keys, another version,
 * too many periods, an engine fault) refuse it whole and keep what is in the
 * editor; anything else loads and is marked at its field. A link never
 * replaces what this device remembers: opening one turns "remember" off until
 * the person ticks it again. Returns whether it loaded.
 */
export function accept(P, data, where) {
  const { S, $ } = P;
  const res = check(P.checker, data, { as_of: P.today });
  const fatal = res.ok ? [] : fatalErrors(res.errors);
  if (fatal.length) return refuse(P, where, fatal);
  const kept = where === 'link' && S.remember;
  if (kept) S.remember = false;
  if (where !== 'store') P.refused = null;
  loadHistory(S, data);
  P.redraw();
  $('hy-file-ok').textContent = where === 'store' ? '' : kept ? P.t.link_kept : P.t.loaded;
  return true;
}

/** A file from the file input: its size checked before it is read, then parsed and taken whole, or refused. */
async function loadFile(P, file) {
  if (file.size > MAX_BYTES) return refuse(P, 'file', 'too_big');
  let got;
  let text;
  // Not file.text(): it would turn bytes that are not UTF-8 (a GBK file, say)
  // into replacement characters and go on.
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()); } catch { return refuse(P, 'file', 'not_utf8'); }
  try { got = parseHistory(text); } catch { got = { why: 'not_json' }; }
  return got.why ? refuse(P, 'file', got.why) : accept(P, got.data, 'file');
}

/**
 * Takes the history out of the address bar's #h=, if any (the rest of the
 * fragment stays): null when there is none, else {data} or {why} (share.js).
 */
export function takeLink() {
  const link = readLink(location.hash);
  if (link) history.replaceState(null, '', link.rest ? `#${link.rest}` : location.pathname + location.search);
  return link;
}

/** Opens a link taken by takeLink: loads it, or refuses it and keeps the editor. Returns whether it loaded. */
export const openLink = (P, link) => (link.why ? refuse(P, 'link', link.why) : accept(P, link.data, 'link'));

// --- save, share --------------------------------------------------------------------

function save(P) {
  const blob = new Blob([fileText(toFile(P.S))], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName(P.today);
  P.root.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function share(P) {
  const { $, opts } = P;
  // The full page, whether the checker runs there, in an iframe or in the element.
  const base = opts.useHash && !opts.embed ? location.href.split('#')[0] : new URL('index.html', BASE).href;
  const url = shareLink(base, P.S.lang, toFile(P.S));
  $('hy-share-box').hidden = false;
  const input = $('hy-share-url');
  input.value = url;
  input.focus();
  input.select();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(url).then(() => { $('hy-file-ok').textContent = P.t.share_copied; }, () => {});
  }
}

/** Wires save, load, share, print, remember and forget. */
export function bindFiles(P) {
  const { S, $ } = P;
  P.root.addEventListener('change', (e) => {
    const el = e.target;
    if (el.id !== 'hy-file') return;
    const file = el.files && el.files[0];
    el.value = '';
    if (file) loadFile(P, file);
  });
  onEdit(P.root, (el) => {
    if (el.id !== 'hy-remember') return;
    S.remember = el.checked;
    if (!S.remember) forget(['localStorage']);
    persist(P);
  });
  onButton(P.root, (btn) => {
    switch (btn.id) {
      case 'hy-save': save(P); break;
      case 'hy-share': share(P); break;
      case 'hy-print': window.print(); break;
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
