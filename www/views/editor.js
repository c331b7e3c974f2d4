// The history editor: one row per stay in a city (the city, from, to or
// ongoing, social insurance and/or a residence permit, and an optional range
// of back-paid months inside it; move and remove with undo), the hukou city,
// paste to import, and the what-if. Months are typed, in any common form
// (months.js); cities are picked in a combobox (combobox.js). Every change
// updates the state and asks the page to check again.

import { html } from '../html.js';
import { KINDS, parseMonth } from '../months.js';
import { addRow, example, moveRow, removeRow, setWhatIf, undoRemove } from '../state.js';
import { bindCombobox, combobox } from './combobox.js';
import { onButton, onEdit } from './dom.js';

const SI = 'social_insurance';

/** A month field: text, in any common form; the hint says how. */
const monthField = (id, f, label, value, hint, placeholder = '2021-04') => html`<div class="f f-${f}"><label for="${id}">${label}</label>
<input type="text" class="mo" id="${id}"${f ? html` data-f="${f}"` : ''} inputmode="decimal" autocomplete="off" enterkeyhint="next" placeholder="${placeholder}" value="${value}" aria-describedby="${hint} ${id}-err">
<p class="err" id="${id}-err" aria-live="polite"></p></div>`;

const err = (id) => html`<p class="err" id="${id}-err" aria-live="polite"></p>`;

function row(P, r, i, n) {
  const { t } = P;
  const u = r.uid;
  const unknown = r.kinds.filter((k) => !KINDS.includes(k));
  // The error of a kind the engine does not know is shown at that kind's box; otherwise at the first.
  const kindId = (k) => (k === (unknown[0] ?? SI) ? `${u}-kind` : `${u}-k-${k}`);
  const chip = (k, label) => html`<label class="check chip"><input type="checkbox" id="${kindId(k)}" data-f="kind" data-kind="${k}"${r.kinds.includes(k) ? ' checked' : ''} aria-describedby="${u}-kind-err"> ${label}</label>`;
  const backable = r.kinds.includes(SI) || r.back;
  // The legend names the row for screen readers; the same words head the row on screen, beside its buttons.
  return html`<li class="row" data-uid="${u}" id="${u}-row"><fieldset><legend class="vh">${t.period_n(i + 1)}</legend>
<div class="row-head"><span class="lgd" aria-hidden="true">${t.period_n(i + 1)}</span><span class="row-acts">
<button type="button" class="btn" data-act="up"${i === 0 ? ' disabled' : ''} aria-label="${t.move_up(i + 1)}">↑</button>
<button type="button" class="btn" data-act="down"${i === n - 1 ? ' disabled' : ''} aria-label="${t.move_down(i + 1)}">↓</button>
<button type="button" class="btn danger" data-act="remove" aria-label="${t.remove(i + 1)}">✕ ${t.del}</button></span></div>
<div class="f f-city">${combobox(P, `${u}-city`, t.stay_city, r.city, { f: 'city' })}${err(`${u}-city`)}</div>
<div class="span">
${monthField(`${u}-from`, 'from', t.from, r.from, `${u}-mh`)}
<div class="f f-to"><div class="to-h"><label for="${u}-to">${t.to}</label>
<label class="check"><input type="checkbox" id="${u}-ongoing" data-f="ongoing"${r.ongoing ? ' checked' : ''}> ${t.ongoing}</label></div>
<input type="text" class="mo" id="${u}-to" data-f="to" inputmode="decimal" autocomplete="off" enterkeyhint="next" placeholder="${r.ongoing ? t.ongoing : '2021-04'}" value="${r.ongoing ? '' : r.to}" aria-describedby="${u}-mh ${u}-to-err">
${err(`${u}-to`)}</div>
</div>
<p class="hint mh" id="${u}-mh">${t.month_hint}</p>
<fieldset class="f kinds"><legend>${t.had}</legend>
${chip(SI, t.kinds_short[SI])} ${chip('residence', t.kinds_short.residence)}${unknown.map((k) => html` ${chip(k, t.kind_unknown(k))}`)}
${err(`${u}-kind`)}</fieldset>
<div class="f f-back" id="${u}-fb"${backable ? '' : ' hidden'}>
<label class="check"><input type="checkbox" id="${u}-b-back_paid" data-f="back"${r.back ? ' checked' : ''} aria-describedby="${u}-b-back_paid-err"> ${t.back}</label>
${err(`${u}-b-back_paid`)}
<div class="bk" id="${u}-bk"${r.back ? '' : ' hidden'}>
<div class="span">${monthField(`${u}-b-from`, 'backFrom', t.back_from, r.backFrom, `${u}-bh`)}${monthField(`${u}-b-to`, 'backTo', t.back_to, r.backTo, `${u}-bh`)}</div>
<p class="hint" id="${u}-bh">${t.back_hint}</p>
${err(`${u}-b-`)}
</div></div>
${err(`${u}-`)}
</fieldset></li>`;
}

/** The paste box: a text area, and the preview of what it reads. */
function pastePart(P) {
  const { t } = P;
  return html`<details class="paste" id="hy-paste-box"${P.paste?.open ? ' open' : ''}><summary>${t.paste_open}</summary>
<label for="hy-paste">${t.paste_label}</label>
<textarea id="hy-paste" rows="5" spellcheck="false" aria-describedby="hy-paste-said">${P.paste?.text ?? ''}</textarea>
<p class="hint" id="hy-paste-said" aria-live="polite"></p>
<div id="hy-paste-out"></div>
</details>`;
}

/** The editor's part of the page: rows (filled by `renderRows`), actions, paste, hukou city, what-if. */
export function editorPart(P) {
  const { t, S } = P;
  const w = S.whatIf;
  return html`<h2 id="hy-h-history">${t.history}</h2>
  <p class="hint">${t.history_hint}</p>
  <ol class="rows" id="hy-rows"></ol>
  <p class="err" id="hy-rows-err" aria-live="polite"></p>
  <p class="hint" id="hy-incomplete" aria-live="polite"></p>
  <div class="actions">
    <button type="button" class="btn primary" id="hy-add">＋ ${t.add}</button>
    <button type="button" class="btn" id="hy-example">${t.example}</button>
    <button type="button" class="btn" id="hy-undo" hidden>${t.undo}</button>
  </div>
  <p class="ok" id="hy-undo-msg" aria-live="polite"></p>
  ${pastePart(P)}
  <div class="f hukou">${combobox(P, 'hy-hukou', t.hukou_city, S.hukou)}${err('hy-hukou')}</div>
  <div class="vh" id="hy-cb-live" role="status"></div>
  <fieldset class="whatif" id="hy-wi">
    <legend>${t.what_if}</legend>
    <label class="check"><input type="checkbox" id="hy-wi-on"${w.on ? ' checked' : ''}> ${t.what_if_on}</label>
    <div class="wi-fields" id="hy-wi-fields"${w.on ? '' : ' hidden'}>
      <div class="f">${combobox(P, 'hy-wi-city', t.what_if_city, w.city)}${err('hy-wi-city')}</div>
      ${monthField('hy-wi-from', '', t.what_if_from, w.from, 'hy-wi-mh')}
      <p class="hint mh" id="hy-wi-mh">${t.month_hint}</p>
      <fieldset class="f kinds"><legend>${t.what_if_kinds}</legend>
        ${KINDS.map((k, i) => html`${i ? ' ' : ''}<label class="check chip"><input type="checkbox" id="hy-wi-k-${k}" data-kind="${k}"${w.kinds.includes(k) ? ' checked' : ''}> ${t.kinds_short[k]}</label>`)}
        <p class="err" id="hy-wi-kinds-err" aria-live="polite"></p>
      </fieldset>
    </div>
  </fieldset>`;
}

/** Draws the rows; then focuses `focusId` if given (or "add", if that field is gone or disabled). */
export function renderRows(P, focusId) {
  const { S, $ } = P;
  $('hy-rows').innerHTML = S.rows.map((r, i) => row(P, r, i, S.rows.length)).join('');
  if (focusId) {
    const el = $(focusId);
    if (el && !el.disabled) el.focus();
    else $('hy-add').focus();
  }
  if (P.paste?.stays) showPaste(P);
}

// --- paste to import --------------------------------------------------------------

/**
 * Shows what the paste box reads (views/pastebox.js, in later.js: there is
 * something to show only once later.js has read the text).
 */
const showPaste = (P, confirm = false) => P.later?.showPaste(P, confirm);


/**
 * Wires the editor. P.update() checks again and shows the results;
 * P.load(data, where) takes a whole history.
 */
export function bindEditor(P) {
  const { S, $ } = P;
  const rowOf = (el) => S.rows.find((r) => r.uid === el.closest('[data-uid]')?.dataset.uid);
  let findCity = null;
  let pasteTimer = 0;

  bindCombobox(P, (input, value) => {
    const r = rowOf(input);
    if (r) r.city = value;
    else if (input.id === 'hy-hukou') S.hukou = value;
    else if (input.id === 'hy-wi-city') S.whatIf.city = value;
    P.update();
  });

  onEdit(P.root, (el) => {
    if (el.classList.contains('cb-in')) return undefined;
    if (el.id === 'hy-paste') {
      clearTimeout(pasteTimer);
      // Read by later.js's paste.js: at once when it is in, else as soon as it comes.
      pasteTimer = setTimeout(() => {
        const text = el.value;
        P.withLater((L) => {
          findCity ??= L.cityFinder(P.places);
          P.paste = text.trim() ? { open: true, text, ...L.readPaste(text, findCity) } : { open: true };
          L.showPaste(P);
        });
      }, 250);
      return undefined;
    }
    const r = el.dataset.f && rowOf(el);
    if (r) {
      const f = el.dataset.f;
      const u = r.uid;
      if (f === 'ongoing') {
        r.ongoing = el.checked;
        const to = $(`${u}-to`);
        if (r.ongoing) { r.to = ''; to.value = ''; }
        to.placeholder = r.ongoing ? P.t.ongoing : '2021-04';
        if (!r.ongoing) to.focus();
      } else if (f === 'kind') {
        r.kinds = [...el.closest('.kinds').querySelectorAll('[data-kind]')].filter((x) => x.checked).map((x) => x.dataset.kind);
        $(`${u}-fb`).hidden = !(r.kinds.includes(SI) || r.back);
      } else if (f === 'back') {
        r.back = el.checked;
        $(`${u}-bk`).hidden = !r.back;
        if (r.back) $(`${u}-b-from`).focus();
      } else {
        // A month as typed, as YYYY-MM if it reads as one. Typing a last month means the stay has ended.
        r[f] = parseMonth(el.value) ?? el.value;
        if (f === 'to' && el.value.trim() && r.ongoing) {
          r.ongoing = false;
          $(`${u}-ongoing`).checked = false;
          el.placeholder = '2021-04';
        }
        // Half a month ("2019-0") waits until the person leaves the field.
        if (el.value.trim() && !parseMonth(el.value)) return undefined;
      }
      return P.update();
    }
    switch (el.id) {
      case 'hy-wi-on': {
        const { from } = S.whatIf;
        setWhatIf(S, el.checked, P.today);
        $('hy-wi-fields').hidden = !el.checked;
        if (el.checked) {
          const c = $('hy-wi-city');
          if (!c.dataset.city && S.whatIf.city) { c.dataset.city = S.whatIf.city; c.value = P.cityName(S.whatIf.city); }
          if (!from) $('hy-wi-from').value = S.whatIf.from;
        }
        return P.update();
      }
      case 'hy-wi-from':
        S.whatIf.from = parseMonth(el.value) ?? el.value;
        if (el.value.trim() && !parseMonth(el.value)) return undefined;
        return P.update();
      default:
        if (el.dataset.kind) {
          S.whatIf.kinds = KINDS.filter((k) => $(`hy-wi-k-${k}`).checked);
          return P.update();
        }
    }
    return undefined;
  });

  // Leaving a month field: a month is shown as YYYY-MM; anything else stays as typed and is explained.
  P.root.addEventListener('change', (e) => {
    const el = e.target;
    if (!el.classList?.contains('mo')) return;
    const m = parseMonth(el.value);
    if (m && m !== el.value) el.value = m;
    const r = el.dataset.f && rowOf(el);
    if (r) r[el.dataset.f] = el.value;
    else if (el.id === 'hy-wi-from') S.whatIf.from = el.value;
    P.update();
  });

  onButton(P.root, (btn) => {
    const act = btn.dataset.act;
    if (act) {
      const i = S.rows.indexOf(rowOf(btn));
      if (i < 0) return;
      if (act === 'remove') {
        removeRow(S, i);
        renderRows(P);
        $('hy-undo').textContent = P.t.undo;
        $('hy-undo').hidden = false;
        $('hy-undo-msg').textContent = P.t.removed(i + 1);
        $('hy-undo').focus();
      } else {
        const j = moveRow(S, i, act === 'up' ? i - 1 : i + 1);
        renderRows(P);
        const again = P.root.querySelector(`#${S.rows[j].uid}-row [data-act="${act}"]`);
        (again && !again.disabled ? again : P.root.querySelector(`#${S.rows[j].uid}-row [data-act="remove"]`)).focus();
      }
      P.update();
      return;
    }
    switch (btn.id) {
      case 'hy-add': {
        const r = addRow(S);
        renderRows(P, `${r.uid}-city`);
        P.update();
        break;
      }
      case 'hy-example':
        P.load(example(P.today), 'example');
        break;
      case 'hy-undo': {
        const r = undoRemove(S);
        if (r) {
          btn.hidden = true;
          $('hy-undo-msg').textContent = '';
          renderRows(P, `${r.uid}-city`);
          P.update();
        }
        break;
      }
      // The paste box's buttons are drawn by later.js (views/pastebox.js), which is in by then.
      case 'hy-paste-add': P.later?.importPaste(P, false); break;
      case 'hy-paste-replace': showPaste(P, true); $('hy-paste-no').focus(); break;
      case 'hy-paste-yes': P.later?.importPaste(P, true); break;
      case 'hy-paste-no': showPaste(P); $('hy-paste-replace')?.focus(); break;
      case 'hy-paste-discard':
        P.paste = { open: true };
        $('hy-paste').value = '';
        showPaste(P);
        $('hy-paste').focus();
        break;
      default:
    }
  });

  P.root.addEventListener('toggle', (e) => {
    if (e.target.id === 'hy-paste-box') P.paste = { ...P.paste, open: e.target.open };
  }, true);
}
