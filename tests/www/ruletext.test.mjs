// The rules' texts the checker shows, one language at a time (www/ruletext.js):
// made from the bundle (textsIn, which scripts/texts.mjs runs at build time),
// they fill a report's empty text fields with that language's texts, every one
// the bundle has for the versions the report names, and fill it again in the
// other language when the person switches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fillText, textIndex, textsIn } from '../../www/ruletext.js';

const RULES = new URL('../../rules/', import.meta.url);
const read = (f) => JSON.parse(readFileSync(new URL(f, RULES), 'utf8'));
const list = (dir) => readdirSync(new URL(`${dir}/`, RULES)).filter((f) => f.endsWith('.json')).sort().map((f) => ({ file: `${dir}/${f}`, doc: read(`${dir}/${f}`) }));
/** The rules directory in the shape of the bundle `hukou-years bundle` writes (rules.json). */
const bundle = () => ({ rules_version: 'test', gazetteer: { file: 'gazetteer.json', doc: read('gazetteer.json') }, cities: list('cities'), agreements: list('agreements') });
const blank = (x) => ({ code: x.code, zh: '', en: '' });

/** A report as the engine gives it from rules.bin: every route version and agreement the bundle has, named by id and date, its texts empty. */
function leanReport(b) {
  const cities = b.cities.map(({ doc }) => ({
    city: doc.city,
    routes: doc.routes.flatMap((r) => r.versions.map((v) => ({
      route: r.id,
      effective_from: v.effective_from,
      sources: [],
      assumptions: [],
      unknown: v.unknown ? { reason: { zh: '', en: '' }, settled_by: { zh: '', en: '' } } : null,
      unchecked: v.unchecked.map(blank),
      explanation: [{ code: 'rule_version' }],
      points: v.points ? { ranges: v.points.depends_on.map((x) => ({ ...blank(x), min: x.min, max: x.max })), not_assessed: v.points.not_assessed.map(blank), context: [] } : null,
      agreements: b.agreements.flatMap(({ doc: a }) => a.versions.map((av) => ({ agreement: a.id, effective_from: av.effective_from, sources: [], assumptions: [] }))),
    }))),
  }));
  return { cities };
}

const say = (xs, lang) => xs.map((x) => x[lang]);

test('a report gains every text of the versions it names, in the language of the texts loaded, and the other one on a switch', () => {
  const b = bundle();
  const report = leanReport(b);
  for (const lang of ['zh', 'en', 'zh']) {
    const T = textIndex(JSON.parse(JSON.stringify(textsIn(b, lang)))); // as it travels
    fillText(T, report);
    let n = 0;
    for (const c of report.cities) {
      const { doc } = b.cities.find((x) => x.doc.city === c.city);
      for (const r of c.routes) {
        const v = doc.routes.find((x) => x.id === r.route).versions.find((x) => x.effective_from === r.effective_from);
        const at = `${lang} ${c.city}/${r.route}/${r.effective_from}`;
        assert.deepEqual(r.sources, v.sources, at);
        assert.deepEqual(say(r.assumptions, lang), say(v.assumptions, lang), at);
        assert.deepEqual(say(r.unchecked, lang), say(v.unchecked, lang), at);
        if (v.unknown) assert.deepEqual([r.unknown.reason[lang], r.unknown.settled_by[lang]], [v.unknown.reason[lang], v.unknown.settled_by[lang]], at);
        if (v.sources[0]) assert.equal(r.explanation[0].source_title, v.sources[0].title, at);
        if (v.points) {
          assert.deepEqual(say(r.points.ranges, lang), say(v.points.depends_on, lang), at);
          assert.deepEqual(r.points.ranges.map((x) => x.clause), v.points.depends_on.map((x) => x.clause), at);
          assert.deepEqual(say(r.points.not_assessed, lang), say(v.points.not_assessed, lang), at);
          assert.deepEqual(r.points.context.map((x) => x.label[lang]), v.points.context.map((x) => x.label[lang]), at);
        }
        for (const a of r.agreements) {
          const av = b.agreements.find((x) => x.doc.id === a.agreement).doc.versions.find((x) => x.effective_from === a.effective_from);
          assert.deepEqual(a.sources, av.sources, at);
          assert.deepEqual(say(a.assumptions, lang), say(av.assumptions, lang), at);
        }
        n += 1;
      }
    }
    assert.ok(n > 20, `only ${n} route versions`);
  }
});

test('one language’s texts carry none of the other’s, each source once, and nothing but texts', () => {
  const b = bundle();
  for (const [lang, other] of [['zh', 'en'], ['en', 'zh']]) {
    const texts = textsIn(b, lang);
    assert.deepEqual(Object.keys(texts).sort(), ['agreements', 'lang', 'routes', 'rules_version', 'sources']);
    const json = JSON.stringify(texts);
    assert.ok(!json.includes(`"${other}":`), `${lang}: a text in ${other}`);
    const keys = texts.sources.map((s) => JSON.stringify(s));
    assert.equal(new Set(keys).size, keys.length, `${lang}: a source listed twice`);
  }
});
