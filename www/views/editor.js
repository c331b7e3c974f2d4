// The history editor: the hukou city, one row per period (city picker with
// search, kind, months, ongoing, back-paid; move and remove with undo), and
// the what-if. Every change updates the state and asks the page to check again.

import { html } from '../html.js';
import { KINDS, isMonth, nextMonth } from '../months.js';
import { addRow, example, moveRow, removeRow, setWhatIf, undoRemove } from '../state.js';
import { onButton, onEdit } from './dom.js';

/** One city of a select, with its province. */
const cityOption = (P, c, selectedId) => html`<option value="${c.id}"${c.id === selectedId ? ' selected' : ''}>${P.name(c)}${P.S.lang === 'zh' ? `（${c.province_zh}）` : ` (${c.province_en})`}</option>`;

/** The options of a city select: the picker's groups narrowed to a search; `selected` kept even if unknown. */
export function cityOptions(P, selected, query = '', placeholder = P.t.city_choose) {
  const { t, S, places } = P;
  const known = places.cityById.get(selected);
  const groups = places.search(query, selected, S.region);
  return html`<option value="">${placeholder}</option>${
    selected && !known ? html`<option value="${selected}" selected>${t.city_unknown(selected)}</option>` : ''}${
    groups.map((g) => html`<optgroup label="${g.region ? P.name(g.region) : t.city_other}">${g.cities.map((c) => cityOption(P, c, known?.id))}</optgroup>`)}${
    groups.length ? '' : html`<option value="" disabled>${t.city_none}</option>`}`;
}

/**
 * Rows past this many get their list of cities when they are first reached
 * (focus, pointer, search box): a thousand rows with every city of China
 * each would take seconds to lay out.
 */
const EAGER_ROWS = 40;

/** The options of a select not reached yet: the chosen city only. */
function chosenOnly(P, selected) {
  const known = P.places.cityById.get(selected);
  return html`<option value="">${P.t.city_choose}</option>${
    known ? cityOption(P, known, known.id) : selected ? html`<option value="${selected}" selected>${P.t.city_unknown(selected)}</option>` : ''}`;
}

/** Gives a select not reached yet its whole list of cities. */
function reach(P, sel) {
  if (sel?.tagName !== 'SELECT' || !('lazy' in sel.dataset)) return;
  delete sel.dataset.lazy;
  sel.innerHTML = cityOptions(P, sel.value);
}

/** A city picker: a search box that narrows a select. */
export function picker(P, id, label, value, placeholder) {
  const { t } = P;
  return html`<label for="${id}-q" class="small">${t.city_filter}</label>
<input type="search" id="${id}-q" class="cityq" data-for="${id}" placeholder="${t.city_filter_ph}" autocomplete="off" enterkeyhint="next">
<label for="${id}">${label}</label>
<select id="${id}" aria-describedby="${id}-err">${cityOptions(P, value, '', placeholder)}</select>
<p class="err" id="${id}-err" aria-live="polite"></p>`;
}

// A month field that would have to drop what it holds (a loaded "2021-13")
// is shown as text instead, so that nothing typed or loaded is lost.
const monthType = (v) => (!v || isMonth(v) ? 'month' : 'text');

function row(P, r, i, n) {
  const { t, today } = P;
  const u = r.uid;
  const max = today.slice(0, 7);
  const f = (field, inner) => html`<div class="f f-${field}">${inner}<p class="err" id="${u}-${field}-err" aria-live="polite"></p></div>`;
  return html`<li class="row" data-uid="${u}" id="${u}-row"><fieldset><legend>${t.period_n(i + 1)}</legend>
<div class="grid">
${f('city', html`<label for="${u}-city-q" class="small">${t.city_filter}</label>
<input type="search" id="${u}-city-q" class="cityq" data-for="${u}-city" placeholder="${t.city_filter_ph}" autocomplete="off">
<label for="${u}-city">${t.city}</label>
<select id="${u}-city" data-f="city" aria-describedby="${u}-city-err"${i < EAGER_ROWS ? '' : ' data-lazy'}>${i < EAGER_ROWS ? cityOptions(P, r.city) : chosenOnly(P, r.city)}</select>`)}
${f('kind', html`<label for="${u}-kind">${t.kind}</label>
<select id="${u}-kind" data-f="kind" aria-describedby="${u}-kind-err">${KINDS.includes(r.kind) ? '' : html`<option value="${r.kind}" selected>${t.kind_unknown(r.kind)}</option>`}${KINDS.map((k) => html`<option value="${k}"${k === r.kind ? ' selected' : ''}>${t.kinds[k]}</option>`)}</select>`)}
${f('from', html`<label for="${u}-from">${t.from}</label>
<input type="${monthType(r.from)}" id="${u}-from" data-f="from" min="1950-01" max="${max}" placeholder="${t.month_ph}" value="${r.from}" aria-describedby="${u}-from-err">`)}
${f('to', html`<label for="${u}-to">${t.to}</label>
<input type="${monthType(r.to)}" id="${u}-to" data-f="to" min="1950-01" max="${max}" placeholder="${t.month_ph}" value="${r.to}"${r.ongoing ? ' disabled' : ''} aria-describedby="${u}-to-err">
<label class="check"><input type="checkbox" id="${u}-ongoing" data-f="ongoing"${r.ongoing ? ' checked' : ''}> ${t.ongoing}</label>`)}
${f('back_paid', html`<label class="check"><input type="checkbox" id="${u}-back_paid" data-f="back_paid"${r.back_paid ? ' checked' : ''} aria-describedby="${u}-back_paid-err"> ${t.back_paid}</label>`)}
</div>
<p class="err" id="${u}--err" aria-live="polite"></p>
<div class="row-acts">
<button type="button" class="btn" data-act="up"${i === 0 ? ' disabled' : ''} aria-label="${t.move_up(i + 1)}">↑ ${t.up}</button>
<button type="button" class="btn" data-act="down"${i === n - 1 ? ' disabled' : ''} aria-label="${t.move_down(i + 1)}">↓ ${t.down}</button>
<button type="button" class="btn danger" data-act="remove" aria-label="${t.remove(i + 1)}">✕ ${t.del}</button>
</div></fieldset></li>`;
}

/** The editor's part of the page: hukou city, rows (filled by `renderRows`), actions, what-if. */
export function editorPart(P) {
  const { t, S, today } = P;
  const w = S.whatIf;
  return html`<h2 id="hy-h-history">${t.history}</h2>
  <p class="hint">${t.history_hint}</p>
  <div class="f hukou">
    ${picker(P, 'hy-hukou', t.hukou_city, S.hukou, t.hukou_none)}
  </div>
  <ol class="rows" id="hy-rows"></ol>
  <p class="err" id="hy-rows-err" aria-live="polite"></p>
  <p class="hint" id="hy-incomplete" aria-live="polite"></p>
  <div class="actions">
    <button type="button" class="btn primary" id="hy-add">＋ ${t.add}</button>
    <button type="button" class="btn" id="hy-example">${t.example}</button>
    <button type="button" class="btn" id="hy-undo" hidden>${t.undo}</button>
  </div>
  <p class="ok" id="hy-undo-msg" aria-live="polite"></p>
  <fieldset class="whatif" id="hy-wi">
    <legend>${t.what_if}</legend>
    <label class="check"><input type="checkbox" id="hy-wi-on"${w.on ? ' checked' : ''}> ${t.what_if_on}</label>
    <div class="wi-fields" id="hy-wi-fields"${w.on ? '' : ' hidden'}>
      <div class="f">${picker(P, 'hy-wi-city', t.what_if_city, w.city)}</div>
      <div class="f"><label for="hy-wi-from">${t.what_if_from}</label>
        <input type="month" id="hy-wi-from" min="${nextMonth(today.slice(0, 7))}" placeholder="${t.month_ph}" value="${w.from}" aria-describedby="hy-wi-from-err">
        <p class="err" id="hy-wi-from-err" aria-live="polite"></p></div>
      <fieldset class="f kinds"><legend>${t.what_if_kinds}</legend>
        ${KINDS.map((k, i) => html`${i ? ' ' : ''}<label class="check"><input type="checkbox" id="hy-wi-k-${k}" data-kind="${k}"${w.kinds.includes(k) ? ' checked' : ''}> ${t.kinds_short[k]}</label>`)}
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
}

/** The filter box narrows its select and picks the best match (announced as a change). */
function filterCities(P, q) {
  const sel = P.$(q.dataset.for);
  reach(P, sel);
  const current = sel.value;
  const next = P.places.pick(current, q.value, P.S.region);
  sel.innerHTML = cityOptions(P, next, q.value, sel.id === 'hy-hukou' ? P.t.hukou_none : P.t.city_choose);
  if (next !== current) {
    sel.value = next;
    sel.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

/**
 * Wires the editor. P.update() checks again and shows the results;
 * P.load(data, where) takes a whole history.
 */
export function bindEditor(P) {
  const { S, $ } = P;
  const rowOf = (el) => S.rows.find((r) => r.uid === el.closest('[data-uid]')?.dataset.uid);

  for (const type of ['focusin', 'pointerdown']) P.root.addEventListener(type, (e) => reach(P, e.target));

  onEdit(P.root, (el) => {
    if (el.classList.contains('cityq')) return filterCities(P, el);
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
      return P.update();
    }
    switch (el.id) {
      case 'hy-hukou': S.hukou = el.value; return P.update();
      case 'hy-wi-on': {
        const { city, from } = S.whatIf;
        setWhatIf(S, el.checked, P.today);
        $('hy-wi-fields').hidden = !el.checked;
        if (el.checked && !city) $('hy-wi-city').innerHTML = cityOptions(P, S.whatIf.city);
        if (el.checked && !from) $('hy-wi-from').value = S.whatIf.from;
        return P.update();
      }
      case 'hy-wi-city': S.whatIf.city = el.value; return P.update();
      case 'hy-wi-from': S.whatIf.from = el.value; return P.update();
      default:
        if (el.dataset.kind) {
          S.whatIf.kinds = KINDS.filter((k) => $(`hy-wi-k-${k}`).checked);
          return P.update();
        }
    }
    return undefined;
  });

  onButton(P.root, (btn) => {
    const act = btn.dataset.act;
    if (act) {
      const i = S.rows.indexOf(rowOf(btn));
      if (i < 0) return;
      if (act === 'remove') {
        removeRow(S, i);
        renderRows(P);
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
        renderRows(P, `${r.uid}-city-q`);
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
      default:
    }
  });
}
