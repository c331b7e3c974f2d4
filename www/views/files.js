// Save to a file, load a file, the share link, print, and "remember on this
// device" — the parts that touch the browser (blob: URLs, the file input,
// the clipboard, localStorage, the address bar). None of them uses the
// network; the texts themselves are made by share.js.

import { BASE } from '../engine.js';
import { html } from '../html.js';
import { STORE_KEY, fileName, fileText, readLink, readStored, shareLink, storedText } from '../share.js';
import { loadHistory, toFile } from '../state.js';
import { fatalText } from './errors.js';
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
    <p class="err" id="hy-file-err" aria-live="polite"></p>
    <p class="ok" id="hy-file-ok" aria-live="polite"></p>
    <div class="actions">
      <label class="check"><input type="checkbox" id="hy-remember"${S.remember ? ' checked' : ''}> ${t.remember}</label>
      <button type="button" class="btn" id="hy-forget">${t.forget}</button>
    </div>
  </div>`;
}

// --- remember on this device (opt-in) -----------------------------------------

/** Stores the editor's history, language and elderly mode, if the person asked to be remembered. */
export function persist(P) {
  const { S } = P;
  if (!S.remember) return;
  try {
    localStorage.setItem(STORE_KEY, storedText(toFile(S), S.lang, S.elder));
  } catch { /* storage unavailable: nothing to do */ }
}

/** What this device remembers: {history, lang, elder}, or null. */
export function recalled() {
  try {
    return readStored(localStorage.getItem(STORE_KEY));
  } catch {
    return null;
  }
}

function forget() {
  try { localStorage.removeItem(STORE_KEY); } catch { /* nothing stored */ }
}

// --- taking a history -----------------------------------------------------------

/**
 * Takes a history from a file, a link or storage (`where`: 'file' or 'link';
 * `data` undefined when it was not JSON). Structural problems (not JSON,
 * wrong types, unknown keys, another version, too many periods) reject it and
 * keep what is in the editor; anything else loads and is marked at its field.
 * Returns whether it loaded.
 */
export function accept(P, data, where) {
  const { t, $ } = P;
  const fail = (msg) => {
    $('hy-file-ok').textContent = '';
    $('hy-file-err').textContent = (where === 'link' ? t.link_bad : t.file_bad) + msg;
    $('hy-file').setAttribute('aria-invalid', 'true');
    return false;
  };
  if (data === undefined) return fail(t.not_json);
  const res = P.checker.check(data, { as_of: P.today });
  const fatal = res.ok ? '' : fatalText(t, res.errors, P.today.slice(0, 7));
  if (fatal) return fail(fatal);
  $('hy-file-err').textContent = '';
  $('hy-file').removeAttribute('aria-invalid');
  loadHistory(P.S, data);
  P.redraw();
  $('hy-file-ok').textContent = P.t.loaded;
  return true;
}

/**
 * Opens the history in the address bar's #h=, if any, and takes it out of the
 * address bar (the rest of the fragment stays). Returns whether there was one.
 */
export function openLink(P) {
  const link = readLink(location.hash);
  if (!link) return false;
  history.replaceState(null, '', link.rest ? `#${link.rest}` : location.pathname + location.search);
  if (!accept(P, link.data, 'link')) P.update();
  return true;
}

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
  P.root.addEventListener('change', async (e) => {
    const el = e.target;
    if (el.id !== 'hy-file') return;
    const file = el.files && el.files[0];
    if (!file) return;
    let data;
    try { data = JSON.parse(await file.text()); } catch { data = undefined; }
    el.value = '';
    accept(P, data, 'file');
  });
  onEdit(P.root, (el) => {
    if (el.id !== 'hy-remember') return;
    S.remember = el.checked;
    if (S.remember) persist(P); else forget();
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
