// The receipt the print stylesheet shows instead of the page: the day, the
// rules version, the notice, the cities the person wants to settle in with
// their answers, the history as entered, and every source the results rest on.
// In later.js: the answers' words come from the page (P.answerParts, of
// targets.js), which later.js does not bundle again.

import { html } from '../html.js';
import { answerFor } from '../answers.js';

/** The receipt's HTML fragment, for #hy-receipt. `report`: the last good report, if any. */
export function receipt(P, report) {
  const { t, S } = P;
  // One line per stay, as entered: its kinds, and its back-paid months where it has some.
  const rows = S.rows.map((r, i) => html`<tr><td>${i + 1}</td><td>${P.cityName(r.city)}</td><td>${r.kinds.map((k) => t.kinds_short[k] ?? k).join(' + ')}</td><td>${r.from}</td><td>${r.ongoing ? t.ongoing : r.to}</td><td>${r.back ? t.span(r.backFrom, r.backTo) : ''}</td></tr>`);
  const sources = new Map();
  if (report) for (const c of report.cities) for (const r of c.routes) {
    for (const s of r.sources ?? []) sources.set(s.title, s);
    for (const a of r.agreements) for (const s of a.sources) sources.set(s.title, s);
  }
  return html`<h2>${t.receipt}</h2>
<p>${t.printed(P.today)} · ${report ? t.rules_version(report.rules_version) : ''}</p>
<p><strong>${t.notice}</strong></p>
${S.hukou ? html`<p>${t.hukou_city + t.colon + P.cityName(S.hukou)}</p>` : ''}
${report && S.targets.length && P.lastGood?.history.periods.length ? html`<h3>${t.goal_q}</h3><ul class="goal-r">${S.targets.map((id) => {
    const a = answerFor(report, id);
    return html`<li>${P.cityName(id)}${t.colon}${P.answerParts(P, a, P.since?.months.get(`${id}:${a.route?.route ?? ''}`)).join(t.semi)}${a.route ? t.paren(P.name(a.route)) : ''}</li>`;
  })}</ul>` : ''}
<table><caption>${t.history}</caption><thead><tr><th>#</th><th>${t.city}</th><th>${t.kind}</th><th>${t.from}</th><th>${t.to}</th><th>${t.legend_back_paid}</th></tr></thead><tbody>${rows}</tbody></table>
<h3>${t.sources}</h3><ul>${[...sources.values()].map((s) => html`<li>${t.title_q(s.title)} ${s.document_number ? s.document_number : ''} ${s.issuer} ${s.published}${s.url ? ` ${s.url}` : ''}</li>`)}</ul>`;
}
