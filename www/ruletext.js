// The rules' texts: sources, assumptions, the wording of conditions, unknown
// reasons, past scores. The engine's rules.bin leaves them out to keep the
// first visit small; they come in one request right after the first result,
// in the page's language only — rules.zh.json or rules.en.json, which
// `textsIn` makes from the bundle at build time (scripts/texts.mjs) — and fill
// the report's text fields by the ids and dates the report names. Which file
// is asked for depends on the language alone (繁體中文 reads the zh texts, as
// it reads the zh city names): the same request for every visitor who reads
// that language, whatever they typed or look at; choosing another language
// asks for its texts once. Nothing here imports the engine: later.js bundles
// this file without it.

const asked = new Map();

/**
 * Asks for the texts of a language of the data (`zh` or `en`), next to the
 * page's script (`base`), once: as JSON, in the shape `textsIn` gives. A failed
 * request can be asked again. (The page's script carries only this; the rest
 * of this file is in later.js, which follows the first result in parallel
 * with it.)
 */
export function fetchText(base, lang) {
  if (!asked.has(lang)) {
    const file = `rules.${lang}.json`;
    asked.set(lang, fetch(new URL(file, base))
      .then((r) => {
        if (!r.ok) throw new Error(`${file}: HTTP ${r.status}`);
        return r.json();
      })
      .catch((err) => { asked.delete(lang); throw err; }));
  }
  return asked.get(lang);
}

/** A text of the rules ({zh, en}) in one language only: the same shape, so the views pick it as they pick a full one. */
const one = (x, lang) => ({ [lang]: x[lang] });
const coded = (x, lang) => ({ code: x.code, ...one(x, lang) });

/**
 * The texts of a rules bundle (rules.json, as `hukou-years bundle` writes it)
 * that the checker shows and rules.bin leaves out, in one language (`zh` or
 * `en`): {rules_version, lang, sources, routes, agreements}. `sources` lists
 * each source once; `routes["city/route/effective_from"]` and
 * `agreements["id/effective_from"]` name them by their place in that list and
 * hold the rest of a version's texts in that language. Nothing else of the
 * bundle (the gazetteer, requirements, the names rules.bin has, the open
 * questions only the rules page shows).
 */
export function textsIn(bundle, lang) {
  const sources = [];
  const at = new Map();
  const refs = (list) => list.map((s) => {
    const key = JSON.stringify(s);
    if (!at.has(key)) { at.set(key, sources.length); sources.push(s); }
    return at.get(key);
  });
  const routes = {};
  for (const { doc } of bundle.cities) {
    for (const route of doc.routes) {
      for (const v of route.versions) {
        const o = { sources: refs(v.sources) };
        if (v.assumptions.length) o.assumptions = v.assumptions.map((x) => one(x, lang));
        if (v.unchecked.length) o.unchecked = v.unchecked.map((x) => coded(x, lang));
        if (v.unknown) o.unknown = { reason: one(v.unknown.reason, lang), settled_by: one(v.unknown.settled_by, lang) };
        if (v.points) {
          const p = v.points;
          o.points = {
            depends_on: p.depends_on.map(({ zh, en, ...x }) => ({ ...x, ...one({ zh, en }, lang) })),
            not_assessed: p.not_assessed.map((x) => coded(x, lang)),
            context: p.context.map((x) => ({ ...x, label: one(x.label, lang) })),
          };
        }
        routes[`${doc.city}/${route.id}/${v.effective_from}`] = o;
      }
    }
  }
  const agreements = {};
  for (const { doc } of bundle.agreements) {
    for (const v of doc.versions) {
      agreements[`${doc.id}/${v.effective_from}`] = { sources: refs(v.sources), assumptions: v.assumptions.map((x) => one(x, lang)) };
    }
  }
  return { rules_version: bundle.rules_version, lang, sources, routes, agreements };
}

/** The texts of one language (`textsIn`'s shape), by the ids and dates a report names: {lang, versionOf(city, route, from), agreementOf(id, from)}. */
export function textIndex(texts) {
  const src = (ix) => ix.map((i) => texts.sources[i]);
  const withSources = (all) => new Map(Object.entries(all).map(([k, v]) => [k, { ...v, sources: src(v.sources) }]));
  const routes = withSources(texts.routes);
  const agreements = withSources(texts.agreements);
  return {
    lang: texts.lang,
    versionOf: (city, route, from) => routes.get(`${city}/${route}/${from}`),
    agreementOf: (id, from) => agreements.get(`${id}/${from}`),
  };
}

const byCode = (list, code) => list?.find((x) => x.code === code);

/**
 * Puts the texts into a report from the engine, in place, in the language of
 * `T`: every text field the engine left empty, and those an earlier call
 * filled in another language (a report drawn again after the person chose
 * another language). Without the texts (not loaded yet, or a failed request)
 * the report stays as it is: verdicts never wait for them.
 */
export function fillText(T, report) {
  if (!T || !report) return report;
  const { lang } = T;
  const has = (x) => typeof x?.[lang] === 'string' && x[lang] !== '';
  for (const c of report.cities) {
    for (const r of c.routes ?? []) {
      const v = r.effective_from && T.versionOf(c.city, r.route, r.effective_from);
      if (!v) continue;
      if (!r.sources?.length) r.sources = v.sources;
      if (!r.assumptions?.length || !has(r.assumptions[0])) r.assumptions = v.assumptions ?? [];
      if (r.unknown && v.unknown) r.unknown = v.unknown;
      r.unchecked = (r.unchecked ?? []).map((u) => (has(u) ? u : { ...u, ...byCode(v.unchecked, u.code) }));
      for (const s of r.explanation ?? []) {
        if (s.code === 'rule_version' && !s.source_title && v.sources[0]) {
          s.source_title = v.sources[0].title;
          s.document_number = v.sources[0].document_number;
        }
      }
      if (r.points && v.points) {
        const p = v.points;
        r.points.ranges = r.points.ranges.map((x) => (has(x) ? x : { ...x, ...byCode(p.depends_on, x.code) }));
        r.points.not_assessed = r.points.not_assessed.map((x) => (has(x) ? x : { ...x, ...byCode(p.not_assessed, x.code) }));
        if (!r.points.context.length || !has(r.points.context[0].label)) r.points.context = p.context;
      }
      for (const a of r.agreements ?? []) {
        const av = T.agreementOf(a.agreement, a.effective_from);
        if (!av) continue;
        if (!a.sources?.length) a.sources = av.sources;
        if (!a.assumptions?.length || !has(a.assumptions[0])) a.assumptions = av.assumptions;
      }
    }
  }
  return report;
}
