// Saving the history to a file, the share link, and reading a file the person
// chose: the parts of views/files.js used only when a button is pressed, in
// later.js (a press before it has come waits for it). What they need of the
// page comes through P: refuse and offer (P.refuse, P.load), the page's base.

import { codeOf } from '../lang.js';
import { MAX_BYTES, fileName, fileText, parseHistory, shareLink } from '../share.js';
import { toFile } from '../state.js';

/** Saves the history as a file: a blob: URL handed to the browser as a download. */
export function save(P) {
  const blob = new Blob([fileText(toFile(P.S))], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName(P.today);
  P.root.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Shows the share link (the history in its #fragment), selected, and copies it where the browser lets it. */
export function share(P) {
  const { $, opts } = P;
  // The full page, whether the checker runs there, in an iframe or in the element.
  const base = opts.useHash && !opts.embed ? location.href.split('#')[0] : new URL('index.html', P.base).href;
  const url = shareLink(base, codeOf(P.S), toFile(P.S));
  $('hy-share-box').hidden = false;
  const input = $('hy-share-url');
  input.value = url;
  input.focus();
  input.select();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(url).then(() => { $('hy-file-ok').textContent = P.t.share_copied; }, () => {});
  }
}

/** A file from the file input: its size checked before it is read, then parsed and taken whole, or refused. */
export async function loadFile(P, file) {
  if (file.size > MAX_BYTES) return P.refuse('file', 'too_big');
  let got;
  let text;
  // Not file.text(): it would turn bytes that are not UTF-8 (a GBK file, say)
  // into replacement characters and go on.
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()); } catch { return P.refuse('file', 'not_utf8'); }
  try { got = parseHistory(text); } catch { got = { why: 'not_json' }; }
  return got.why ? P.refuse('file', got.why) : P.load(got.data, 'file', { name: file.name });
}
