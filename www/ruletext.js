// The rules' texts: sources, quoted clauses, assumptions, the wording of
// conditions, unknown reasons, past scores. The engine's rules.bin leaves them
// out to keep the first visit small; they come from rules.json (the full
// bundle) in one request right after the first result — the same request for
// every visitor, whatever they typed or look at — and fill the report's text
// fields by the ids and dates the report names. Nothing here imports the
// engine: later.js bundles this file without it.

let asked;

/**
 * Asks for rules.json (next to the page's script, `base`) once: the bundle, as JSON. A failed request can be asked
 * again. (The page's script carries only this; the rest of this file is in
 * later.js, which follows the first result in parallel with it.)
 */
export function fetchText(base) {
  asked ??= fetch(new URL('rules.json', base))
    .then((r) => {
      if (!r.ok) throw new Error(`rules.json: HTTP ${r.status}`);
      return r.json();
    })
    .catch((err) => { asked = undefined; throw err; });
  return asked;
}

/** The texts of a bundle (rules.json), by the ids and dates a report names: {bundle, versionOf(city, route, from), agreementOf(id, from)}. */
export function textIndex(bundle) {
  const routes = new Map();
  for (const { doc } of bundle.cities) {
    for (const route of doc.routes) {
      for (const v of route.versions) routes.set(`${doc.city}/${route.id}/${v.effective_from}`, v);
    }
  }
  const agreements = new Map();
  for (const { doc } of bundle.agreements) {
    for (const v of doc.versions) agreements.set(`${doc.id}/${v.effective_from}`, v);
  }
  return {
    bundle,
    versionOf: (city, route, from) => routes.get(`${city}/${route}/${from}`),
    agreementOf: (id, from) => agreements.get(`${id}/${from}`),
  };
}

const byCode = (list, code) => list?.find((x) => x.code === code);

/**
 * Puts the texts into a report from the engine, in place, where the engine
 * left them empty. Without the texts (not loaded yet, or a failed request)
 * the report stays as it is: verdicts never wait for them.
 */
export function fillText(T, report) {
  if (!T || !report) return report;
  for (const c of report.cities) {
    for (const r of c.routes ?? []) {
      const v = r.effective_from && T.versionOf(c.city, r.route, r.effective_from);
      if (!v) continue;
      if (!r.sources?.length) r.sources = v.sources;
      if (!r.assumptions?.length) r.assumptions = v.assumptions;
      r.open_questions = v.open_questions ?? [];
      if (r.unknown && v.unknown) r.unknown = v.unknown;
      r.unchecked = (r.unchecked ?? []).map((u) => (u.zh ? u : { ...u, ...byCode(v.unchecked, u.code) }));
      for (const s of r.explanation ?? []) {
        if (s.code === 'rule_version' && !s.source_title && v.sources[0]) {
          s.source_title = v.sources[0].title;
          s.document_number = v.sources[0].document_number;
        }
      }
      if (r.points && v.points) {
        const p = v.points;
        r.points.ranges = r.points.ranges.map((x) => (x.zh ? x : { ...x, ...byCode(p.depends_on, x.code) }));
        r.points.not_assessed = r.points.not_assessed.map((x) => (x.zh ? x : { ...x, ...byCode(p.not_assessed, x.code) }));
        if (!r.points.context.length) r.points.context = p.context;
      }
      for (const a of r.agreements ?? []) {
        const av = T.agreementOf(a.agreement, a.effective_from);
        if (!av) continue;
        if (!a.sources?.length) a.sources = av.sources;
        if (!a.assumptions?.length) a.assumptions = av.assumptions;
      }
    }
  }
  return report;
}
