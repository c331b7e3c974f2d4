// The rules page's markup, built in Node from the rules files: every city,
// route, agreement and region has its stable anchor; every source is there
// with what it is in plain words; every quoted clause, unknown threshold,
// assumed part and open question reaches the page, in both languages; old
// checks are marked; the search finds cities as the checker's pickers do. And
// the checker's result cards link to the route's entry, carrying nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { STRINGS } from '../../www/i18n.js';
import { nameIn, places } from '../../www/cities.js';
import { createState } from '../../www/state.js';
import { anchor, context, model, page, searchCities, staleCount, versionState } from '../../www/rules-view.js';
import { results } from '../../www/views/results.js';

const RULES = new URL('../../rules/', import.meta.url);
const read = (f) => JSON.parse(readFileSync(new URL(f, RULES), 'utf8'));
const list = (dir) => readdirSync(new URL(`${dir}/`, RULES)).filter((f) => f.endsWith('.json')).sort().map((f) => ({ file: `${dir}/${f}`, doc: read(`${dir}/${f}`) }));

/** The rules directory in the shape of the bundle `hukou-years bundle` writes (rules.json). */
const bundle = () => ({ rules_version: 'test', gazetteer: { file: 'gazetteer.json', doc: read('gazetteer.json') }, cities: list('cities'), agreements: list('agreements') });

const TODAY = '2026-11-26';
const LANGS = [['zh', STRINGS.zh], ['en', STRINGS.en]];
const render = (b, lang = 'zh', today = TODAY) => String(page(context(model(b), STRINGS[lang], lang, today), { lang, elder: false, langs: [{ id: 'zh', name: '简体中文' }, { id: 'en', name: 'English' }] }));
/** Text as the page's HTML escapes it. */
const esc = (s) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const ids = (markup) => [...markup.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);

test('every city, route, agreement and region has its stable anchor, and no id is used twice', () => {
  const b = bundle();
  for (const [lang] of LANGS) {
    const markup = render(b, lang);
    const all = ids(markup);
    assert.deepEqual(all.filter((id, i) => all.indexOf(id) !== i), [], `${lang}: duplicate ids`);
    for (const { doc } of b.cities) {
      assert.ok(all.includes(doc.city), `${lang}: #${doc.city}`);
      for (const r of doc.routes) assert.ok(all.includes(`${doc.city}/${r.id}`), `${lang}: #${doc.city}/${r.id}`);
    }
    for (const { doc } of b.agreements) assert.ok(all.includes(`agreements/${doc.id}`), doc.id);
    for (const g of b.gazetteer.doc.regions) assert.ok(all.includes(`regions/${g.id}`), g.id);
  }
  assert.equal(anchor.route('nanjing', 'points'), 'nanjing/points');
  assert.equal(anchor.city('nanjing'), 'nanjing');
});

test('every member of a pilot region has a section, with or without rules', () => {
  const b = bundle();
  const all = ids(render(b));
  const ruled = new Set(b.cities.map((c) => c.doc.city));
  for (const g of b.gazetteer.doc.regions.filter((x) => x.pilot)) {
    for (const m of g.members) {
      assert.ok(all.includes(m), `${g.id}: ${m}`);
      if (!ruled.has(m)) assert.match(render(b), new RegExp(`id="${m}"[^>]*>\\s*<h3[^]*?${esc(STRINGS.zh.rp.no_rules)}`));
    }
  }
});

test('every source of every version is shown with what it is in plain words, linked only where an address is known', () => {
  const b = bundle();
  for (const [lang, t] of LANGS) {
    const markup = render(b, lang);
    const all = [
      ...b.cities.flatMap((c) => c.doc.routes.flatMap((r) => r.versions.flatMap((v) => v.sources))),
      ...b.agreements.flatMap((a) => a.doc.versions.flatMap((v) => v.sources)),
      ...b.gazetteer.doc.regions.map((g) => g.source),
      b.gazetteer.doc.codes_source,
    ];
    for (const s of all) {
      assert.ok(markup.includes(esc(s.title)), `${lang}: ${s.title}`);
      assert.ok(markup.includes(`>${esc(t.nature[s.nature])}</span>`), `${lang}: ${s.nature}`);
      if (s.url) assert.ok(markup.includes(`href="${esc(s.url)}" target="_blank" rel="noopener noreferrer"`), s.url);
    }
    // Nothing on the page is loaded from anywhere: no images, scripts, frames or styles in the markup.
    assert.doesNotMatch(markup, /<(img|script|iframe|link|style|object|embed)\b|\ssrc=|\sstyle=/i);
    // Every link leaves for another site in a new tab, or stays on the site.
    for (const [, href] of markup.matchAll(/<a href="([^"]*)"/g)) {
      assert.ok(href.startsWith('#') || href === './' || /^https?:\/\//.test(href), href);
    }
  }
  assert.equal(STRINGS.zh.nature.third_party_summary, '第三方转述，不是文件原文');
  assert.equal(STRINGS.en.nature.third_party_summary, 'third-party summary, not the document itself');
});

test('every verification date, confidence and quoted clause in the data is on the page', () => {
  const b = bundle();
  const markup = render(b);
  for (const c of b.cities) {
    for (const r of c.doc.routes) {
      for (const v of r.versions) {
        assert.ok(markup.includes(esc(STRINGS.zh.rp.checked(STRINGS.zh.conf[v.confidence], v.verified_on))), `${c.doc.city}/${r.id}`);
        const clauses = [
          ...v.requirements.map((q) => q.clause),
          ...(v.points?.components ?? []).map((x) => x.clause),
          ...(v.points?.depends_on ?? []).map((x) => x.clause),
        ].filter(Boolean);
        for (const cl of clauses) {
          assert.ok(markup.includes(`>${esc(cl.quote)}</q>`), cl.quote);
          assert.ok(markup.includes(esc(cl.location)), cl.location);
        }
        for (const a of v.assumptions ?? []) assert.ok(markup.includes(esc(a.zh)), a.zh);
      }
    }
  }
});

/** A copy of the rules with every part the page shows filled in (test values, not policy). */
function filled() {
  const b = bundle();
  const nj = b.cities.find((c) => c.doc.city === 'nanjing').doc;
  const v = nj.routes.find((r) => r.id === 'outer_districts').versions.at(-1);
  v.requirements[0].clause = { quote: '测试条文甲', location: '测试第一条', source: 1 };
  v.requirements[0].assumed = ['counting'];
  v.sources.push({ title: '测试摘要', issuer: '测试网站', nature: 'third_party_summary', document_number: '测〔2025〕1号', url: 'https://example.org/a?b=1&c=2', published: '2025-01-01' });
  v.open_questions = [{ zh: '测试问题甲', en: 'Test question A' }];
  v.verified_on = '2025-11-25';
  const bj = b.cities.find((c) => c.doc.city === 'beijing').doc.routes[0].versions[0];
  Object.assign(bj, { requirements: [], points: null, unknown: { reason: { zh: '测试原因', en: 'Test reason' }, settled_by: { zh: '测试文件', en: 'Test document' } } });
  const ag = b.agreements.find((a) => a.doc.id === 'sunan_2025').doc.versions[0];
  Object.assign(ag, { assumed: ['cap', 'ratio'], open_questions: [{ zh: '测试问题乙', en: 'Test question B' }], cap_months: 24, ratio: 0.5 });
  b.gazetteer.doc.regions.find((g) => g.id === 'sunan').unsourced_members = ['zhenjiang'];
  return b;
}

test('clauses, unknown thresholds, assumed parts, open questions and unsourced members reach the page in both languages', () => {
  const b = filled();
  const zh = render(b, 'zh');
  assert.match(zh, /<q lang="zh-CN">测试条文甲<\/q>/);
  assert.match(zh, /位置：测试第一条 · 来源 2/);
  assert.match(zh, /假设（没有来源写明）：连续还是累计/);
  assert.match(zh, /《测试摘要》<\/span>（测〔2025〕1号）[^]*?第三方转述，不是文件原文[^]*?href="https:\/\/example\.org\/a\?b=1&#38;c=2"/);
  assert.match(zh, /来源没有回答的问题：[^]*?测试问题甲/);
  assert.match(zh, /年限要求不明[^]*?为什么不知道：<\/span>测试原因[^]*?能解决这个问题的文件：<\/span>测试文件/);
  assert.match(zh, /以下是假设，没有来源写明：上限、折算比例。/);
  assert.match(zh, /上限<\/dt><dd>24 个月/);
  assert.match(zh, /1 个月按 0\.5 个月计/);
  assert.match(zh, /测试问题乙/);
  assert.match(zh, /镇江市属于这个地区，没有来源写明（假设）。/);
  const en = render(b, 'en');
  assert.match(en, /Clause: <\/span><q lang="zh-CN">测试条文甲<\/q>/);
  assert.match(en, /Where: 测试第一条 · source 2/);
  assert.match(en, /third-party summary, not the document itself/);
  assert.match(en, /Why it is not known: <\/span>Test reason/);
  assert.match(en, /What would settle it: <\/span>Test document/);
  assert.match(en, /Assumed, stated by no source: cap, conversion\./);
  assert.match(en, /Test question A/);
  assert.match(en, /Zhenjiang: no source says it belongs to this region/);
});

test('a check older than 12 months on the visitor\'s date is marked, and counted at the top', () => {
  const b = filled();
  const M = model(b);
  assert.equal(staleCount(M, '2026-11-25'), 0);
  assert.equal(staleCount(M, '2026-11-26'), 1);
  const zh = render(b, 'zh', '2026-11-26');
  assert.match(zh, /data-stale="2025-11-25">⚠ 最后核实于 2025-11-25，已超过 12 个月没有重新核实/);
  assert.match(zh, /id="rp-stale">有 1 条记录超过 12 个月没有重新核实/);
  assert.doesNotMatch(render(b, 'zh', '2026-11-25'), /data-stale|id="rp-stale"/);
  // Years later, every entry is.
  const later = render(bundle(), 'en', '2030-01-01');
  const entries = b.cities.reduce((n, c) => n + c.doc.routes.reduce((m, r) => m + r.versions.length, 0), 0)
    + b.agreements.reduce((n, a) => n + a.doc.versions.length, 0) + b.gazetteer.doc.regions.length;
  assert.equal([...later.matchAll(/data-stale=/g)].length, entries);
});

test('versions are in force, past or to come on the visitor\'s date; past ones are folded away', () => {
  const v = { effective_from: '2021-02-19', effective_until: '2025-09-10' };
  assert.equal(versionState(v, '2021-02-18'), 'future');
  assert.equal(versionState(v, '2021-02-19'), 'in_force');
  assert.equal(versionState(v, '2025-09-10'), 'in_force');
  assert.equal(versionState(v, '2025-09-11'), 'past');
  assert.equal(versionState({ effective_from: '2025-09-11', effective_until: null }, '2030-01-01'), 'in_force');
  const zh = render(bundle());
  assert.match(zh, /<details class="rp-past"><summary>以前的版本（1）<\/summary><section class="rp-ver v-past" aria-labelledby="nanjing\/outer_districts@2021-02-19">/);
});

test('the search finds a city by Chinese name, short name, pinyin, initials and code, and a region by its name', () => {
  const M = model(bundle());
  for (const q of ['nanjing', 'NanJing', '南京', '南京市', '320100', 'nj']) assert.ok(searchCities(M, q).has('nanjing'), q);
  assert.equal(searchCities(M, ''), null);
  assert.equal(searchCities(M, '  '), null);
  assert.equal(searchCities(M, 'zzzz').size, 0);
  const sunan = searchCities(M, '苏南');
  for (const m of ['nanjing', 'wuxi', 'changzhou', 'suzhou', 'zhenjiang']) assert.ok(sunan.has(m), m);
  assert.ok(!searchCities(M, '320100').has('suzhou'));
});

test('a result card links to its route on the rules page, with nothing else in the address, and flags an old rule', () => {
  const gazetteer = read('gazetteer.json');
  const P = { S: createState({ lang: 'zh' }), t: STRINGS.zh, today: TODAY, places: places(gazetteer, []), lastGood: null };
  P.name = (o) => nameIn('zh', o);
  P.cityName = (id) => P.places.label('zh', P.places.cityById.get(id)) || id;
  P.agName = (id) => id;
  const route = (over) => ({
    route: 'three_city_transfer', name_zh: '三市户口迁移', name_en: 'Transfer', basis: 'years', status: 'not_yet', weak: [], pilot_ended: [], requirements: [], unchecked: [],
    hukou_unchecked: null, agreements: [], assumptions: [], explanation: [], sources: [], unknown: null, confidence: 'official',
    verified_on: '2026-11-26', effective_from: '2025-01-01', effective_until: null, ...over,
  });
  const report = (r) => ({ rules_version: 'x', evaluation_month: '2026-11', what_if: null, history_notes: [], cities: [{ city: 'xiangtan', code: '430300', name_zh: '湘潭市', name_en: 'Xiangtan', regions: [], status: 'rules', counted_by: [], routes: [r] }] });
  const history = { version: 1, hukou_city: 'changsha', periods: [{ city: 'xiangtan', kind: 'residence', from: '2020-01', to: null, note: 'private' }] };
  const out = String(results(P, report(route({})), history));
  const hrefs = [...out.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(hrefs.length, 1, out);
  const url = new URL(hrefs[0]);
  assert.equal(url.hash, '#xiangtan/three_city_transfer');
  assert.ok(url.pathname.endsWith('/rules.html'), url.href);
  assert.equal(url.search, '');
  assert.match(out, />我们是怎么知道的<span class="vh"> · 湘潭市 三市户口迁移<\/span><\/a>/);
  assert.doesNotMatch(out, /class="caution stale"/);
  // A rule, or an arrangement it counted, last verified more than 12 months ago.
  const old = String(results(P, report(route({ verified_on: '2025-11-25' })), history));
  assert.match(old, /⚠ 这条规定的资料最后核实于 2025-11-25，已超过 12 个月/);
  const agOld = String(results(P, report(route({ agreements: [{ id: 'a', name_zh: '甲', name_en: 'A', sources: [], confidence: 'news', verified_on: '2024-01-01', effective_from: '2024-01-01', assumptions: [] }] })), history));
  assert.match(agOld, /最后核实于 2024-01-01/);
  // Embedded (an iframe or the element on another site), it opens a tab of its own.
  const embedded = String(results({ ...P, opts: { element: true } }, report(route({})), history));
  assert.match(embedded, /rules\.html#xiangtan\/three_city_transfer" target="_blank" rel="noopener noreferrer">/);
});
