// The rules page (rules.html): every rule the checker uses, with its sources
// and quoted clauses, searchable by city. It reads rules.json (the bundle the
// build writes next to the page) and nothing else: no WebAssembly, no other
// request. The markup is made by rules-view.js; this file loads, draws, and
// wires the language, elderly mode, the search and the anchors
// (#nanjing, #nanjing/points).
//
// The language and elderly mode follow the checker: what the checker keeps
// for this tab (or remembers on this device) is read first, and a change here
// is written back there, so that going back to the checker keeps it. Without
// anything kept by the checker, this page keeps its own choice for the tab.

import { html } from './html.js';
import { LANGS, STRINGS } from './i18n.js';
import { localToday } from './months.js';
import { STORE_KEY, readStored } from './share.js';
import { context, model, page, searchCities } from './rules-view.js';

const OWN_KEY = 'hukou-years:rules-page:v1';

/** {lang, elder} as the checker keeps them, else as this page kept them, else Chinese. */
function readPrefs() {
  const tries = [
    () => readStored(sessionStorage.getItem(STORE_KEY)),
    () => readStored(localStorage.getItem(STORE_KEY)),
    () => JSON.parse(sessionStorage.getItem(OWN_KEY) || 'null'),
  ];
  for (const read of tries) {
    try {
      const p = read();
      if (p && STRINGS[p.lang]) return { lang: p.lang, elder: !!p.elder };
    } catch { /* storage unavailable or unreadable: the next one */ }
  }
  return { lang: 'zh', elder: false };
}

/** Writes {lang, elder} where the checker keeps them (both storages it uses), or in this page's own entry. */
function writePrefs({ lang, elder }) {
  let kept = false;
  for (const name of ['sessionStorage', 'localStorage']) {
    try {
      const store = window[name];
      const r = readStored(store.getItem(STORE_KEY));
      if (r) {
        store.setItem(STORE_KEY, JSON.stringify({ ...r, lang, elder }));
        kept = true;
      }
    } catch { /* no storage */ }
  }
  if (!kept) {
    try { sessionStorage.setItem(OWN_KEY, JSON.stringify({ lang, elder })); } catch { /* no storage */ }
  }
}

async function loadBundle() {
  const res = await fetch(new URL('rules.json', import.meta.url));
  if (!res.ok) throw new Error(`rules.json: HTTP ${res.status}`);
  return res.json();
}

async function start() {
  const host = document.getElementById('hy-rules');
  const root = document.createElement('div');
  root.className = 'hy rp';
  host.append(root);
  const prefs = readPrefs();
  let t = STRINGS[prefs.lang];
  root.classList.toggle('elder', prefs.elder);
  root.innerHTML = html`<p class="boot" role="status">${t.rp.loading}</p>`;
  let M;
  try {
    M = model(await loadBundle());
  } catch (err) {
    root.innerHTML = html`<p class="fatal" role="alert">${t.rp.load_failed} (${err && err.message || err})</p>`;
    return;
  }
  const today = localToday();
  const $ = (id) => document.getElementById(id);
  const langs = LANGS.map((id) => ({ id, name: STRINGS[id].lang_name }));

  function render() {
    t = STRINGS[prefs.lang];
    document.documentElement.lang = prefs.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t.rp.title;
    root.lang = document.documentElement.lang;
    root.classList.toggle('elder', prefs.elder);
    const query = $('rp-q')?.value ?? '';
    root.innerHTML = page(context(M, t, prefs.lang, today), { lang: prefs.lang, elder: prefs.elder, langs });
    $('rp-q').value = query;
    filter();
  }

  /** Shows the cities the search finds (and the agreements and regions that name them); says how many. */
  function filter() {
    const query = $('rp-q').value;
    const shown = searchCities(M, query);
    const visible = (ids) => !shown || ids.some((id) => shown.has(id));
    for (const el of root.querySelectorAll('[data-city]')) el.hidden = !visible([el.dataset.city]);
    for (const el of root.querySelectorAll('[data-cities]')) el.hidden = !visible(el.dataset.cities.split(' ').filter(Boolean));
    $('rp-clear').hidden = !shown;
    $('rp-found').textContent = !shown ? '' : shown.size ? t.rp.found(shown.size) : t.rp.found_none;
  }

  /** Goes to the element the #fragment names: shown (the search cleared if it hid it), unfolded, scrolled to and focused. */
  function go() {
    let id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch { return; }
    if (!id) return;
    const el = document.getElementById(id);
    if (!el || !root.contains(el)) return;
    if (el.closest('[hidden]')) {
      $('rp-q').value = '';
      filter();
    }
    for (let d = el.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
    const heading = el.matches('h1, h2, h3, h4, h5') ? el : el.querySelector('h1, h2, h3, h4, h5');
    (heading ?? el).scrollIntoView({ block: 'start' });
    if (heading?.hasAttribute('tabindex')) heading.focus({ preventScroll: true });
  }

  root.addEventListener('input', (e) => { if (e.target.id === 'rp-q') filter(); });
  root.addEventListener('change', (e) => {
    if (e.target.id !== 'hy-lang') return;
    prefs.lang = e.target.value;
    writePrefs(prefs);
    render();
    $('hy-lang').focus();
  });
  root.addEventListener('click', (e) => {
    const btn = e.target.closest('button');
    if (!btn) return;
    if (btn.id === 'hy-elder') {
      prefs.elder = !prefs.elder;
      writePrefs(prefs);
      root.classList.toggle('elder', prefs.elder);
      btn.setAttribute('aria-pressed', String(prefs.elder));
    } else if (btn.id === 'rp-clear') {
      $('rp-q').value = '';
      filter();
      $('rp-q').focus();
    }
  });
  addEventListener('hashchange', go);
  render();
  go();
}

start();
