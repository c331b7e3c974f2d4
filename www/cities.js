// Cities, regions and agreements from the rules, and the city search behind
// every picker: by Chinese name, pinyin, pinyin initials, code or province,
// best match first. No DOM.

/** First letters of the syllables of a pinyin id: nanjing → nj, zhenjiang → zj. */
export function pinyinInitials(id) {
  const syllable = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|v)/;
  let out = '';
  let rest = id;
  while (rest) {
    const m = syllable.exec(rest);
    if (!m) return out + rest;
    // A final ending in n or ng may belong to the next syllable: nan|jing, not nanj.
    let len = m[0].length;
    const next = rest.slice(len);
    if (next && /^[aeiouv]/.test(next) && /n$|ng$/.test(m[0]) && syllable.test(rest.slice(len - 1))) len -= 1;
    out += rest[0];
    rest = rest.slice(len);
  }
  return out;
}

/** The ethnic groups named in autonomous prefectures and counties, longest first; no group's name ends another's. */
const ETHNIC = ['柯尔克孜', '哈萨克', '朝鲜', '土家', '布依', '哈尼', '景颇', '傈僳', '蒙古', '苗', '藏', '羌', '彝', '侗', '壮', '傣', '白', '回', '黎'];

/**
 * The short Chinese name of a city, or null where it has none: without 市,
 * 地区, 盟, 县, 林区, and for 自治州 / 自治县 without the ethnic groups too
 * (延边朝鲜族自治州 → 延边). Never shorter than two characters. The same rule
 * as `short_name_zh` in src/rules/index.rs.
 */
export function shortNameZh(name) {
  const m = /^(.+?)(自治州|自治县|地区|林区|市|盟|县)$/u.exec(name);
  if (!m) return null;
  const longEnough = (s) => [...s].length >= 2;
  const cut = (s, tail) => (s.endsWith(tail) ? s.slice(0, -tail.length) : null);
  let short = m[1];
  if (m[2].startsWith('自治')) {
    // The first group that matches is the only one that can: no group's name ends another's.
    for (;;) {
      const base = cut(short, '族') ?? short;
      const rest = ETHNIC.map((e) => cut(base, e)).find((r) => r !== null);
      if (rest == null || !longEnough(rest)) break;
      short = rest;
    }
  }
  return longEnough(short) ? short : null;
}

/** A search text as it is compared: lower case, without spaces, dots, apostrophes or dashes. */
export const norm = (s) => String(s).toLowerCase().replace(/[\s·•'’-]/g, '');

/** The name of a city, region, route or agreement in a language. */
export const nameIn = (lang, o) => (o ? (lang === 'zh' ? o.name_zh : o.name_en) : '');

/**
 * Lookups over the gazetteer and the agreements. A city is found by its id,
 * its code, any of its former codes, its Chinese name or its short Chinese
 * name (南京市, 南京), as the engine finds it.
 */
export function places(gazetteer, agreements) {
  const cityById = new Map();
  const shortOf = new Map(); // each city's short Chinese name, worked out once
  for (const c of gazetteer.cities) {
    const short = shortNameZh(c.name_zh);
    shortOf.set(c, short);
    for (const n of [c.id, c.code, ...(c.code_aliases || []), c.name_zh, ...(short ? [short] : [])]) {
      if (!cityById.has(n)) cityById.set(n, c);
    }
  }
  const agreementById = new Map(agreements.map((a) => [a.id, a]));
  const regionById = new Map(gazetteer.regions.map((r) => [r.id, r]));

  // What a search compares, normalised once per city: made at the first
  // search, not before the first result, which needs none.
  let keyMap = null;
  const keyOf = (c) => (keyMap ??= new Map(gazetteer.cities.map((x) => [x, searchKeys(x)]))).get(c);
  const searchKeys = (c) => {
    const short = shortOf.get(c);
    return {
      names: [c.id, norm(c.name_zh), norm(c.name_en), ...(short ? [norm(short)] : [])],
      codes: [c.code, ...(c.code_aliases || [])],
      initials: pinyinInitials(c.id),
      provinces: [norm(c.province_zh), norm(c.province_en)],
    };
  };

  // Names that more than one city has, per language: those are shown with the province.
  const shared = { zh: new Set(), en: new Set() };
  for (const lang of ['zh', 'en']) {
    const seen = new Set();
    for (const c of gazetteer.cities) {
      const n = norm(nameIn(lang, c));
      if (seen.has(n)) shared[lang].add(n);
      seen.add(n);
    }
  }

  /** A city's name in a language, with its province where another city has the same name: Suzhou (Anhui). */
  function label(lang, c) {
    if (!c) return '';
    const name = nameIn(lang, c);
    if (!shared[lang === 'zh' ? 'zh' : 'en'].has(norm(name))) return name;
    return lang === 'zh' ? `${name}（${c.province_zh}）` : `${name} (${c.province_en})`;
  }

  /**
   * Picker groups: the chosen region first, then pilot regions, then the
   * rest; each city once, under its first group. [{region, cities}], where
   * the last group (region null) holds the cities no region lists.
   */
  function groups(regionId) {
    const regions = [...gazetteer.regions].sort(
      (a, b) => (b.id === regionId) - (a.id === regionId) || b.pilot - a.pilot,
    );
    const seen = new Set();
    const out = [];
    for (const r of regions) {
      const members = r.members.filter((m) => !seen.has(m) && cityById.has(m));
      members.forEach((m) => seen.add(m));
      if (members.length) out.push({ region: r, cities: members.map((m) => cityById.get(m)) });
    }
    const rest = gazetteer.cities.filter((c) => !seen.has(c.id));
    if (rest.length) out.push({ region: null, cities: rest });
    return out;
  }

  /**
   * How well a city answers a normalised search: 0 exact (a name, the id or a
   * code), 1 exact initials (sh → 上海), 2 a name or code begins with it, 3 the
   * initials begin with it, 4 a name contains it, 5 by province only; -1 not at all.
   */
  function score(c, q) {
    if (!q) return 5;
    const k = keyOf(c);
    if (k.names.includes(q) || k.codes.includes(q)) return 0;
    if (k.initials === q) return 1;
    if (k.names.some((n) => n.startsWith(q)) || k.codes.some((n) => n.startsWith(q))) return 2;
    if (k.initials.startsWith(q)) return 3;
    if (k.names.some((n) => n.includes(q))) return 4;
    if (k.provinces.some((x) => x.includes(q))) return 5;
    return -1;
  }

  // Each city's place in picker order, per region chosen: the tie-break among equal matches.
  const orders = new Map();
  const orderIn = (regionId) => {
    if (!orders.has(regionId)) orders.set(regionId, new Map(groups(regionId).flatMap((g) => g.cities).map((c, i) => [c, i])));
    return orders.get(regionId);
  };

  /** The cities that answer a search, best first (equals in picker order); [] for an empty search. */
  function rank(query, regionId = '') {
    const q = norm(query);
    if (!q) return [];
    const order = orderIn(regionId);
    return gazetteer.cities
      .map((c) => [c, score(c, q)])
      .filter(([, sc]) => sc >= 0)
      .sort((a, b) => a[1] - b[1] || order.get(a[0]) - order.get(b[0]))
      .map(([c]) => c);
  }

  /** The id of the city that best answers a search; null if none. */
  const firstMatch = (query, regionId) => rank(query, regionId)[0]?.id ?? null;

  // Every whole name a person may type for one city, normalised: id, codes,
  // Chinese name full and short, English name, and the labels the page shows.
  // Made the first time a name is looked up.
  let whole = null;
  const wholeNames = () => {
    const out = new Map();
    for (const c of gazetteer.cities) {
      const k = keyOf(c);
      for (const n of new Set([...k.names, ...k.codes, norm(label('zh', c)), norm(label('en', c))])) {
        out.set(n, out.has(n) && out.get(n) !== c ? null : c);
      }
    }
    return out;
  };

  /** The one city a whole name, id or code names (南京, 南京市, nanjing, 320100); null if none or several (suzhou). */
  const exact = (text) => (whole ??= wholeNames()).get(norm(text)) ?? null;

  return { cityById, agreementById, regionById, label, groups, score, rank, firstMatch, exact };
}
