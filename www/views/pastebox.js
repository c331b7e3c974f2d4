// What the paste box reads, shown under it: the stays, the lines not read,
// and what can be done with them (add, replace, discard), and taking them into
// the editor. In later.js, with paste.js, which reads the text: the box shows
// something only once both are in.

import { html } from '../html.js';
import { newRow, putRows, started } from '../state.js';

/** A stay read from pasted text, in words. */
function stayLine(P, s) {
  const { t } = P;
  const m = (x) => t.month(x);
  const parts = [
    s.city ? P.cityName(s.city) : t.paste_nocity,
    t.span(m(s.from), s.ongoing ? t.ongoing : m(s.to)),
    s.kinds.map((k) => t.kinds_short[k]).join(P.S.lang === 'zh' ? '、' : ', '),
  ];
  if (s.back) parts.push(t.paste_back(m(s.back.from), s.back.to !== s.back.from && m(s.back.to)));
  return parts.join(' · ');
}

/** Shows what the paste box reads: the stays, the lines not read, and what can be done with them. */
export function showPaste(P, confirm = false) {
  const { t, $ } = P;
  const out = $('hy-paste-out');
  if (!out) return;
  const got = P.paste?.stays ? P.paste : null;
  const said = $('hy-paste-said');
  if (!got) { out.innerHTML = ''; said.textContent = ''; return; }
  const filled = P.S.rows.filter(started).length;
  said.textContent = got.stays.length ? t.paste_read(got.stays.length, got.unread.length) : t.paste_none;
  out.innerHTML = html`${got.stays.length ? html`<ol class="preview">${got.stays.map((s) => html`<li>${stayLine(P, s)}</li>`)}</ol>` : ''}${
    got.unread.length ? html`<p class="hint">${t.paste_unread}</p><ul class="unread">${got.unread.slice(0, 20).map((l) => html`<li>${l}</li>`)}${got.unread.length > 20 ? html`<li>…</li>` : ''}</ul>` : ''}${
    got.stays.some((s) => !s.ongoing) ? html`<p class="hint">${t.paste_end}</p>` : ''}${
    confirm ? html`<p class="warn" id="hy-paste-q">${t.paste_confirm(filled)}</p><div class="actions">
<button type="button" class="btn danger" id="hy-paste-yes">${t.paste_yes}</button>
<button type="button" class="btn" id="hy-paste-no">${t.paste_no}</button></div>`
      : html`<div class="actions">${got.stays.length ? html`<button type="button" class="btn primary" id="hy-paste-add">${t.paste_add}</button>${
        filled ? html`<button type="button" class="btn" id="hy-paste-replace">${t.paste_replace}</button>` : ''}` : ''}
<button type="button" class="btn" id="hy-paste-discard">${t.paste_discard}</button></div>`}`.s;
}

/** Takes the stays of the paste box into the editor: added after the rows, or in their place. */
export function importPaste(P, replace) {
  const { S, $, t } = P;
  const rows = P.paste.stays.map((s) => newRow(S, {
    city: s.city, kinds: s.kinds, from: s.from, to: s.to ?? '', ongoing: s.ongoing,
    back: !!s.back, backFrom: s.back?.from ?? '', backTo: s.back?.to ?? '',
  }));
  putRows(S, rows, replace);
  P.paste = { open: true };
  $('hy-paste').value = '';
  P.renderRows();
  showPaste(P);
  const undo = $('hy-undo');
  undo.textContent = t.undo_import;
  undo.hidden = false;
  $('hy-undo-msg').textContent = t.paste_done(rows.length);
  undo.focus();
  P.update();
}
