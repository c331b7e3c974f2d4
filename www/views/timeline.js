// The history as an SVG timeline: one lane per city, a bar per record (social
// insurance above, residence below), back-paid months hatched, overlapping
// records outlined, breaks shaded across all lanes, and lines for "today" and
// for any earlier cut-off a rule counts to. Drawn at the box's pixel width so
// that text keeps its size on a phone.

import { html } from '../html.js';
import { draw } from './dom.js';
import { KINDS, monthIndex as idx, monthAt as fmt } from '../months.js';

/** Draws the timeline at the width of its box. */
export function renderTimeline(P, report, history) {
  const box = P.$('hy-tl');
  const width = Math.max(280, Math.floor(box.clientWidth || 600));
  // One lane per city however the history names it (nanjing, 320100, 南京): the report's ids.
  const periods = history.periods.map((p) => ({ ...p, city: P.places.cityById.get(p.city)?.id ?? p.city }));
  draw(box, timeline({ periods, report, t: P.t, cityName: P.cityName, width, elder: P.S.elder }));
}

/** The timeline's HTML fragment: the SVG and its legend, or a hint when there is nothing to draw. */
export function timeline({ periods, report, t, cityName, width, elder }) {
  const ok = periods.filter((p) => /^\d{4}-\d{2}$/.test(p.from) && (p.to == null || /^\d{4}-\d{2}$/.test(p.to)));
  if (!ok.length || !report) return html`<p class="hint">${t.timeline_empty}</p>`;
  const evalI = idx(report.evaluation_month);
  const wi = report.what_if;
  const rows = ok.map((p, i) => ({ ...p, i, a: idx(p.from), b: p.to == null ? evalI : Math.min(idx(p.to), evalI) }))
    .filter((p) => p.b >= p.a);
  if (!rows.length) return html`<p class="hint">${t.timeline_empty}</p>`;
  const cities = [];
  for (const p of rows) if (!cities.includes(p.city)) cities.push(p.city);
  if (wi && !cities.includes(wi.city)) cities.push(wi.city);

  let start = Math.min(...rows.map((p) => p.a));
  let end = evalI;
  if (wi) end = Math.max(end, idx(wi.from) + 11);
  start -= start % 12; // from a January, so year ticks line up
  end += 1;
  const fs = elder ? 16 : 12;
  const labelW = Math.min(elder ? 110 : 84, Math.round(width * 0.28));
  const barH = elder ? 14 : 10;
  const laneH = barH * 2 + (elder ? 18 : 12);
  const top = fs + 10;
  const plotW = Math.max(60, width - labelW - 8);
  const h = top + cities.length * laneH + fs + 12;
  const x = (i) => labelW + ((i - start) / (end - start)) * plotW;
  const laneY = (city) => top + cities.indexOf(city) * laneH + 4;
  const rowY = (city, kind) => laneY(city) + KINDS.indexOf(kind) * (barH + 2);

  const s = [];
  // Breaks: months with no record of a kind between the first and last record of that kind.
  const breaks = [];
  for (const kind of KINDS) {
    const covered = new Set();
    for (const p of rows) if (p.kind === kind) for (let m = p.a; m <= p.b; m += 1) covered.add(m);
    if (!covered.size) continue;
    const list = [...covered].sort((a, b) => a - b);
    for (let k = 1; k < list.length; k += 1) {
      if (list[k] - list[k - 1] > 1) breaks.push({ kind, a: list[k - 1] + 1, b: list[k] - 1 });
    }
  }
  for (const g of breaks) {
    const x0 = x(g.a);
    const w = Math.max(2, x(g.b + 1) - x0);
    s.push(html`<rect class="gap" x="${x0}" y="${top - 2}" width="${w}" height="${cities.length * laneH}"><title>${`${t.kinds_short[g.kind]} ${t.gap(t.n(g.b - g.a + 1))}: ${fmt(g.a)}–${fmt(g.b)}`}</title></rect>`);
  }
  // Lanes.
  cities.forEach((c, n) => {
    const y = top + n * laneH;
    if (n % 2) s.push(html`<rect class="lane" x="0" y="${y}" width="${width}" height="${laneH}"/>`);
    s.push(html`<text class="lbl" x="4" y="${y + laneH / 2 + fs / 3}">${cityName(c)}</text>`);
  });
  // Records.
  for (const p of rows) {
    const x0 = x(p.a);
    const w = Math.max(2, x(p.b + 1) - x0);
    const label = `${cityName(p.city)} ${t.kinds_short[p.kind] ?? p.kind} ${p.from}–${p.to ?? t.ongoing}${p.back_paid ? ` (${t.legend_back_paid})` : ''}`;
    s.push(html`<rect class="rec k-${p.kind}${p.back_paid ? ' bp' : ''}" x="${x0}" y="${rowY(p.city, p.kind)}" width="${w}" height="${barH}" rx="2"><title>${label}</title></rect>`);
  }
  // Overlaps, from the engine's notes: each range once per lane (the older step,
  // one per pair of records, repeats a range for every pair).
  const drawn = new Set();
  for (const note of report.history_notes) {
    if (note.code !== 'records_overlap') continue;
    const x0 = x(idx(note.from));
    const w = Math.max(2, x(idx(note.to) + 1) - x0);
    // In the lane of the city the note is about (one note per city and kind).
    for (const city of [note.city]) {
      const key = `${city} ${note.kind} ${note.from} ${note.to}`;
      if (cities.includes(city) && !drawn.has(key) && drawn.add(key)) s.push(html`<rect class="ov" x="${x0}" y="${rowY(city, note.kind) - 1}" width="${w}" height="${barH + 2}"><title>${`${t.overlap}: ${note.from}–${note.to}`}</title></rect>`);
    }
  }
  // What-if: dashed bars from its first month.
  if (wi) {
    for (const kind of wi.kinds) {
      const x0 = x(idx(wi.from));
      s.push(html`<rect class="wi k-${kind}" x="${x0}" y="${rowY(wi.city, kind)}" width="${Math.max(2, x(end) - x0)}" height="${barH}" rx="2"><title>${`${t.what_if_bar}: ${cityName(wi.city)} ${t.kinds_short[kind]} ${wi.from}`}</title></rect>`);
    }
  }
  // Cut-off lines: today, and earlier cut-offs (e.g. December of last year).
  const cut = new Set();
  for (const c of report.cities) {
    if (!cities.includes(c.city)) continue;
    for (const r of c.routes) for (const q of r.requirements) if (q.cutoff !== report.evaluation_month) cut.add(q.cutoff);
  }
  const lines = [{ i: evalI, cls: 'today', text: t.today }, ...[...cut].slice(0, 2).map((m) => ({ i: idx(m), cls: 'cut', text: t.cutoff_line(m) }))];
  let lastX = -1e9;
  for (const l of lines.sort((a, b) => b.i - a.i)) {
    const lx = x(l.i + 1);
    s.push(html`<line class="${l.cls}" x1="${lx}" x2="${lx}" y1="${top - 4}" y2="${top + cities.length * laneH}"/>`);
    if (Math.abs(lastX - lx) > fs * 5) {
      s.push(html`<text class="ltxt" x="${lx}" y="${fs}" text-anchor="end">${l.text}</text>`);
      lastX = lx;
    }
  }
  // Year ticks.
  const years = (end - start) / 12;
  const every = Math.max(1, Math.ceil((years * fs * 3.2) / plotW));
  const ay = top + cities.length * laneH;
  s.push(html`<line class="axis" x1="${labelW}" x2="${labelW + plotW}" y1="${ay}" y2="${ay}"/>`);
  for (let i = start; i < end; i += 12) {
    const yr = i / 12;
    if ((yr - start / 12) % every) continue;
    s.push(html`<line class="axis" x1="${x(i)}" x2="${x(i)}" y1="${ay}" y2="${ay + 4}"/><text class="tick" x="${x(i)}" y="${ay + fs + 4}" text-anchor="middle">${yr}</text>`);
  }

  const desc = t.timeline_desc(cities.length, fmt(Math.min(...rows.map((p) => p.a))), report.evaluation_month)
    + (breaks.length ? ` ${breaks.map((g) => `${t.kinds_short[g.kind]} ${t.gap(t.n(g.b - g.a + 1))} (${fmt(g.a)}–${fmt(g.b)})`).join('; ')}.` : '');
  const legend = [
    ['rec k-social_insurance', t.kinds_short.social_insurance],
    ['rec k-residence', t.kinds_short.residence],
    ['rec k-social_insurance bp', t.legend_back_paid],
    ['gap', t.gap('').trim()],
    ['ov', t.overlap],
    ...(wi ? [['wi k-social_insurance', t.what_if_bar]] : []),
  ].map(([cls, text]) => html`<li><svg width="18" height="12" aria-hidden="true" focusable="false"><rect class="${cls}" x="1" y="1" width="16" height="10"/></svg>${text}</li>`);
  return html`<svg class="timeline" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" role="img" aria-labelledby="hy-tl-t hy-tl-d">
<title id="hy-tl-t">${t.timeline}</title><desc id="hy-tl-d">${desc}</desc>
<defs>${PATTERNS}</defs>${s}</svg><ul class="legend" aria-hidden="true">${legend}</ul>`;
}

const PATTERNS = html`<pattern id="hy-hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect class="hatch-bg" width="5" height="5"/><line class="hatch" x1="0" y1="0" x2="0" y2="5"/></pattern>`;
