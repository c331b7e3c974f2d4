// Pasted text as stays, without DOM: the tables social-insurance apps and
// 缴费明细 show (a month per line, with the place and a status such as
// 正常缴费, 补缴 or 中断, and other columns around them), or lines of
// "from to city" (2018-03 2020-06 无锡, 2018.03-2020.06 无锡 社保+居住证,
// 2024-01 至今 南京). Nothing here guesses what it cannot read: such lines are
// given back as they were, for the person to see.

import { monthAt, monthIndex, monthsIn } from './months.js';

const SI = 'social_insurance';
const RES = 'residence';

const ONGOING = /至今|迄今|现在|目前|now|present|ongoing|today/i;
const BACK = /补缴|补交|补收|补费|补扣|back[- ]?pa(id|y)/i;
const GAP = /中断|停缴|暂停|欠缴|欠费|未缴|断缴|未到账|未足额|退费|unpaid|missed|suspended/i;
const PAID = /正常|已缴|足额|已到账|已实缴|已扣|paid/i;
const HAS_RES = /居住证|居住登记|residence|permit/i;
const HAS_SI = /社保|社会保险|养老|医疗|失业|工伤|生育|公积金|social|insurance|pension/i;
// Headings, totals and page numbers: lines without a month that say nothing to read.
const HEADING = /年月|月份|所属期|期间|参保|城市|地区|地点|状态|险种|基数|金额|缴费|单位|姓名|证件|身份|合计|小计|共\s*\d|页|month|city|place|status|period|amount|total|name|page/i;
const RANGE = /^\s*(?:[-–—~～至到]|to|until)\s*$/i;

/**
 * A function that finds the city a line of text names: a cell that is a
 * whole name, id or code of one city (南京, 南京市, nanjing, 320100), or begins
 * with a Chinese name (苏州工业园区, 南京市社保中心, 江苏省无锡市); null if none.
 * `places` is cities.js's lookups.
 */
export function cityFinder(places) {
  return (line) => {
    // A name with its province, as the page writes names two cities share: Suzhou (Jiangsu).
    const shared = /[a-z]+\s*\([a-z]+\)/i.exec(line);
    if (shared && places.exact(shared[0])) return places.exact(shared[0]).id;
    for (const cell of line.split(/[\s,，;；|｜、:：()（）[\]【】/]+/)) {
      if (!cell) continue;
      const whole = places.exact(cell);
      if (whole) return whole.id;
      const zh = cell.replace(/^.*?(?:省|自治区)/u, '');
      if (!/^[\u4e00-\u9fff]/u.test(zh)) continue;
      for (let k = Math.min(zh.length, 12); k >= 2; k -= 1) {
        const c = places.cityById.get(zh.slice(0, k));
        if (c) return c.id;
      }
    }
    return null;
  };
}

const kindsIn = (line) => {
  const res = HAS_RES.test(line);
  return res && HAS_SI.test(line) ? [SI, RES] : res ? [RES] : [SI];
};

/**
 * Reads pasted text. `findCity(line)` names the city of a line (see
 * cityFinder). Returns {stays, unread}: the stays in month order, each
 * {city, kinds, from, to, ongoing, back: {from, to} | null} (`city` '' where
 * no line said where), and the lines it could not read, as they were.
 *
 * Month lines of one city and kind become one stay per run of months without
 * a gap; back-paid months in a run become its back-paid range (a run with
 * several back-paid ranges is split, one range a stay); months marked as
 * interrupted (中断, 欠费…) are not covered. When a month has several lines
 * (one per insurance), a month paid on time in any of them is paid. A social-
 * insurance stay and a residence-permit stay over the same months are one
 * stay with both.
 */
export function readPaste(text, findCity) {
  const stays = [];
  const unread = [];
  const monthly = new Map(); // "city|kind" → Map(month → 'paid' | 'back' | 'gap')
  let place = null; // the city a heading names (a line without months): for lines that name none
  let above = null; // the city of the month line above: for month lines that name none (merged cells)
  for (const raw of String(text ?? '').split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const all = monthsIn(line);
    let ms = all.filter((m) => !m.day);
    if (!ms.length) ms = all; // dates only: their months
    const city = findCity(line);
    if (!ms.length) {
      if (city) place = city;
      else if (!HEADING.test(line)) unread.push(line);
      continue;
    }

    const status = BACK.test(line) ? 'back' : GAP.test(line) ? 'gap' : 'paid';
    const said = BACK.test(line) || GAP.test(line) || PAID.test(line);
    const ranged = ms.length >= 2 && (RANGE.test(line.slice(ms[0].end, ms[1].at)) || !said);
    const ongoing = !ranged && ms.length === 1 && ONGOING.test(line.slice(ms[0].end));
    if (ranged || ongoing) {
      if (status === 'gap') continue;
      const where = city ?? place ?? '';
      const from = ms[0].month;
      const to = ongoing ? null : ms[1].month;
      stays.push({ city: where, kinds: kindsIn(line), from, to, ongoing, back: status === 'back' ? { from, to } : null });
      continue;
    }
    const where = city ?? above ?? place ?? '';
    above = where || null;
    const kind = kindsIn(line)[0];
    const key = `${where}|${kind}`;
    if (!monthly.has(key)) monthly.set(key, new Map());
    const months = monthly.get(key);
    const m = ms[0].month;
    const rank = { gap: 0, back: 1, paid: 2 };
    if (!months.has(m) || rank[status] > rank[months.get(m)]) months.set(m, status);
  }

  for (const [key, months] of monthly) {
    const [city, kind] = key.split('|');
    const covered = [...months].filter(([, s]) => s !== 'gap').map(([m, s]) => [monthIndex(m), s]).sort((a, b) => a[0] - b[0]);
    let cur = null;
    const flush = () => { if (cur) stays.push({ city, kinds: [kind], from: monthAt(cur.a), to: monthAt(cur.b), ongoing: false, back: cur.back }); cur = null; };
    for (const [i, s] of covered) {
      // A new stay after a gap, or where a second back-paid range would begin.
      if (cur && (i !== cur.b + 1 || (s === 'back' && cur.back && cur.back.b !== i - 1))) flush();
      if (!cur) cur = { a: i, b: i, back: null };
      cur.b = i;
      if (s === 'back') cur.back = cur.back ? { ...cur.back, b: i, to: monthAt(i) } : { a: i, b: i, from: monthAt(i), to: monthAt(i) };
    }
    flush();
  }

  // Social insurance and a residence permit over the same months: one stay
  // (the social insurance may have a back-paid range; the permit may not).
  const out = [];
  const fits = (x) => x.kinds.length === 1 && (x.kinds[0] === SI || (x.kinds[0] === RES && !x.back));
  for (const s of stays) {
    const back = s.back && { from: s.back.from, to: s.back.to };
    const twin = fits(s) && out.find((o) => fits(o) && o.kinds[0] !== s.kinds[0] && o.city === s.city && o.from === s.from && o.to === s.to);
    if (twin) {
      if (s.kinds[0] === SI) twin.back = back;
      twin.kinds = [SI, RES];
    } else out.push({ ...s, back });
  }
  return { stays: out.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)), unread };
}
