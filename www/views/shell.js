// The page around the editor and the results: title, language, elderly mode,
// the first question ("I want to settle in…", views/targets.js) with its
// answers, the notice that qualifies them and the one-line summary with its
// jump link — first, so that the answer is on a phone's first screen — then
// privacy, the footer, and the live region that announces each new result.

import { html } from '../html.js';
import { MENU, codeOf } from '../lang.js';
import { onButton, onEdit } from './dom.js';
import { editorPart } from './editor.js';
import { filesPart, refusalPart } from './files.js';
import { resultsSection } from './results.js';
import { bindGoal, goalPart } from './targets.js';
import { rulesPageHref } from '../links.js';

/** The whole page's markup, in the state's language; rows, results and timeline are drawn into it afterwards. */
export function shell(P) {
  const { t, S } = P;
  return html`
<header class="head">
  <div class="brand"><h1>${t.title}</h1><p class="sub">${t.subtitle}</p></div>
  <div class="prefs">
    <label class="inline" for="hy-lang">${t.language}</label>
    <select id="hy-lang">${MENU.map((l) => html`<option value="${l.code}"${l.code === codeOf(S) ? ' selected' : ''} lang="${l.tag}">${l.name}</option>`)}</select>
    <button type="button" id="hy-elder" class="btn" aria-pressed="${S.elder}">${t.elder}</button>
  </div>
</header>
${refusalPart(P)}
${goalPart(P)}
<details class="privacy"><summary>${t.privacy} <span class="how">${t.privacy_how}</span></summary><p>${t.privacy_detail}</p></details>
<div class="cols">
<section class="editor" aria-labelledby="hy-h-history">
  ${editorPart(P)}
  ${filesPart(P)}
  <section class="tl" aria-labelledby="hy-h-tl">
    <h2 id="hy-h-tl">${t.timeline}</h2>
    <div id="hy-tl" class="tl-box"></div>
  </section>
</section>
${resultsSection(P)}
</div>
<section class="receipt" id="hy-receipt" aria-hidden="true"></section>
<footer class="foot">
  <p><a href="${rulesPageHref()}"${P.opts?.element || P.opts?.embed ? html` target="_blank" rel="noopener noreferrer"` : ''}>${t.rules_page_link}</a></p>
  <p id="hy-version"></p>
  <p>${t.notice}</p>
</footer>
<div class="vh" id="hy-live" role="status" aria-live="polite"></div>`;
}

/** Wires language, elderly mode, the first question and the jump to the results. */
export function bindShell(P) {
  const { S, $, root } = P;
  bindGoal(P);
  onEdit(root, (el) => {
    if (el.id === 'hy-lang') P.setLang(el.value);
  });
  onButton(root, (btn) => {
    switch (btn.id) {
      case 'hy-elder':
        S.elder = !S.elder;
        root.classList.toggle('elder', S.elder);
        btn.setAttribute('aria-pressed', String(S.elder));
        P.update();
        break;
      case 'hy-jump': $('hy-h-results').scrollIntoView(); $('hy-h-results').focus(); break;
      default:
    }
  });
}
