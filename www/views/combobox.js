// The city field: a combobox as the ARIA Authoring Practices describe it
// (an editable input with a listbox popup, list autocomplete with the first
// match active, aria-activedescendant): Down/Up move through the matches,
// Enter picks the active one, Escape closes the list and then puts back the
// city picked before; a tap or click on a match picks it. A city is set only
// when the person picks one or types a whole name, id or code (南京, 南京市,
// nanjing, 320100) that names one city; anything else is kept as typed and,
// once the person leaves the field, shown as a city the page does not know.
//
// The list lies over what follows the input (style.css), so that it closing
// when the person taps the next field never moves that field.

import { html } from '../html.js';

/** How many matches the list shows; more are counted. */
const SHOWN = 8;

/** The text a field shows for a city value: its name (with the province where shared), or the value as given. */
export function cityText(P, value) {
  const c = value && P.places.cityById.get(value);
  return c ? P.places.label(P.S.lang, c) : value || '';
}

/**
 * A city combobox. `id` is the input's; its error element is `<id>-err`.
 * opts: {f: the row field name (data-f), hint: the id of a hint to describe it with}
 */
export function combobox(P, id, label, value, opts = {}) {
  const { t } = P;
  return html`<label for="${id}">${label}</label>
<div class="cb"><input type="text" id="${id}" class="cb-in" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="${id}-lb" autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="next" placeholder="${t.city_ph}" value="${cityText(P, value)}" data-city="${value}"${opts.f ? html` data-f="${opts.f}"` : ''} aria-describedby="${id}-err">
<ul class="cb-lb" id="${id}-lb" role="listbox" aria-label="${label}" hidden></ul></div>`;
}

/**
 * The cities to offer for a field's text: the matches; with nothing typed, the
 * cities already in the history and those of the region the page was opened for.
 */
function matches(P, input) {
  const { S, places } = P;
  const q = input.value.trim();
  if (q) return places.rank(q, S.region);
  const seen = new Set();
  for (const v of [...S.rows.map((r) => r.city), S.hukou, ...(places.regionById.get(S.region)?.members ?? [])]) {
    const c = places.cityById.get(v);
    if (c && c.id !== input.dataset.city) seen.add(c);
  }
  return [...seen];
}

/**
 * Wires every combobox under P.root. `commit(input, value)` is called when a
 * field's city changes: an id picked or typed whole, the text as typed when
 * the person leaves a field that names no city, or '' when emptied.
 */
export function bindCombobox(P, commit) {
  const { root, t } = P;
  const listOf = (input) => P.$(`${input.id}-lb`);
  const options = (input) => [...listOf(input).querySelectorAll('[role=option]')];
  const is = (value, id) => value === id || P.places.cityById.get(value)?.id === id;
  const status = (text) => { const el = P.$('hy-cb-live'); if (el) el.textContent = text; };

  function close(input) {
    const lb = listOf(input);
    if (!lb || lb.hidden) return;
    lb.hidden = true;
    lb.textContent = '';
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function activate(input, i) {
    const opts = options(input);
    opts.forEach((o, j) => o.setAttribute('aria-selected', String(j === i)));
    const o = opts[i];
    if (o) {
      input.setAttribute('aria-activedescendant', o.id);
      o.scrollIntoView?.({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  /** Opens the list with the matches for the field's text; the first is active when something was typed. */
  function open(input, active = input.value.trim() ? 0 : -1) {
    const found = matches(P, input);
    const lb = listOf(input);
    if (!found.length) {
      close(input);
      if (input.value.trim()) status(t.city_none);
      return false;
    }
    const shown = found.slice(0, SHOWN);
    lb.innerHTML = html`${shown.map((c, i) => html`<li role="option" id="${input.id}-o${i}" data-id="${c.id}" aria-selected="false">${P.name(c)}<span class="prov">${P.S.lang === 'zh' ? c.province_zh : c.province_en}</span></li>`)}${
      found.length > SHOWN ? html`<li class="cb-more" aria-hidden="true">${t.city_more(found.length - SHOWN)}</li>` : ''}`.s;
    lb.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    activate(input, Math.min(active, shown.length - 1));
    status(t.city_count(found.length));
    return true;
  }

  function pick(input, id) {
    input.value = cityText(P, id);
    close(input);
    if (!is(input.dataset.city, id)) {
      input.dataset.city = id;
      commit(input, id);
    }
  }

  root.addEventListener('input', (e) => {
    const input = e.target;
    if (!input.classList?.contains('cb-in')) return;
    // A whole name of one city sets it at once, and the list goes (it would cover the next field);
    // anything less shows the matches and waits for a pick.
    const c = P.places.exact(input.value);
    if (c) close(input);
    else open(input);
    const value = c ? c.id : input.value.trim() ? null : '';
    if (value != null && !is(input.dataset.city, value)) {
      input.dataset.city = value;
      commit(input, value);
    }
  });

  root.addEventListener('keydown', (e) => {
    const input = e.target;
    if (!input.classList?.contains('cb-in')) return;
    const lb = listOf(input);
    const opts = options(input);
    const at = opts.findIndex((o) => o.getAttribute('aria-selected') === 'true');
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        const down = e.key === 'ArrowDown';
        if (lb.hidden) { open(input, e.altKey ? -1 : down ? 0 : SHOWN - 1); return; }
        if (e.altKey) { if (!down) close(input); return; }
        const n = opts.length;
        activate(input, at < 0 ? (down ? 0 : n - 1) : (at + (down ? 1 : n - 1)) % n);
        return;
      }
      case 'Enter':
        if (!lb.hidden && at >= 0) {
          e.preventDefault();
          pick(input, opts[at].dataset.id);
        }
        return;
      case 'Escape':
        if (!lb.hidden) close(input);
        else input.value = cityText(P, input.dataset.city);
        e.preventDefault();
        return;
      default:
    }
  });

  // A pick by pointer keeps the focus in the field.
  root.addEventListener('mousedown', (e) => { if (e.target.closest?.('.cb-lb')) e.preventDefault(); });
  root.addEventListener('click', (e) => {
    const o = e.target.closest?.('.cb-lb [role=option]');
    if (o) {
      const input = P.$(o.closest('.cb-lb').id.slice(0, -3));
      pick(input, o.dataset.id);
      input.focus();
      return;
    }
    const input = e.target;
    // A tap on an empty field offers the cities already given.
    if (input.classList?.contains('cb-in') && listOf(input).hidden && !input.value.trim()) open(input);
  });

  root.addEventListener('focusout', (e) => {
    const input = e.target;
    if (!input.classList?.contains('cb-in')) return;
    close(input);
    const text = input.value.trim();
    const c = P.places.exact(text);
    if (c) {
      // The name as the page writes it, once the person has left the field.
      if (!is(input.dataset.city, c.id)) { input.dataset.city = c.id; commit(input, c.id); }
      input.value = cityText(P, c.id);
    } else if (text !== cityText(P, input.dataset.city)) {
      // Never a partial match: what was typed stays, and the page says it names no city.
      input.dataset.city = text;
      commit(input, text);
    }
  });
}
