// "Remind me": the calendar file is RFC 5545 — CRLF line ends, lines folded
// at 75 octets without splitting a character, TEXT escaped, an all-day event
// on the first day of the projected month, a UTC stamp — and says that it is
// a projection, not an official determination, in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calendar, calendarName, escapeText, fold, utcStamp } from '../../www/ics.js';
import { STRINGS } from '../../www/i18n.js';

const octets = (s) => Buffer.byteLength(s, 'utf8');

/** Unfolds a calendar's text (RFC 5545 §3.1): CRLF followed by one space joins. */
const unfold = (text) => text.replace(/\r\n /g, '');

test('TEXT values escape backslash, semicolon, comma and newlines, and drop other control characters', () => {
  assert.equal(escapeText('a\\b;c,d\ne\r\nf\rg'), 'a\\\\b\\;c\\,d\\ne\\nf\\ng');
  assert.equal(escapeText('x\u0007y\u001bz'), 'xyz');
  assert.equal(escapeText('南京，“积分”；'), '南京，“积分”；', 'full-width punctuation is not TEXT syntax');
});

test('lines fold at 75 octets, continuation lines begin with one space, and no character is split', () => {
  const ascii = `DESCRIPTION:${'a'.repeat(200)}`;
  const folded = fold(ascii).split('\r\n');
  assert.ok(folded.length > 2);
  assert.equal(octets(folded[0]), 75);
  for (const l of folded.slice(1)) {
    assert.equal(l[0], ' ');
    assert.ok(octets(l) <= 75, `${octets(l)} octets`);
  }
  assert.equal(unfold(fold(ascii)), ascii);
  // Three-octet characters (CJK) and a four-octet one (an emoji, a surrogate pair in JS).
  const cjk = `SUMMARY:${'落户年限'.repeat(30)}😀${'南京'.repeat(10)}`;
  const lines = fold(cjk).split('\r\n');
  for (const l of lines) {
    assert.ok(octets(l) <= 75, `${octets(l)} octets: ${l}`);
    // Each piece is valid UTF-8 on its own: encoding it loses nothing.
    assert.equal(Buffer.from(l, 'utf8').toString('utf8'), l);
    assert.doesNotMatch(l, /[\ud800-\udfff](?![\udc00-\udfff])/u);
  }
  assert.ok(lines.slice(0, -1).every((l, i) => octets(l) > (i ? 71 : 72)), 'pieces are filled before folding');
  assert.equal(unfold(fold(cjk)), cjk);
  // A short line is left alone.
  assert.equal(fold('BEGIN:VCALENDAR'), 'BEGIN:VCALENDAR');
});

test('a calendar: one all-day event on the first day of the projected month, CRLF everywhere, a UTC stamp', () => {
  const text = calendar({
    uid: '2027-02-nanjing-outer_districts@hukou-years',
    stamp: new Date('2026-11-26T10:00:00+08:00'),
    month: '2027-02',
    summary: '南京市：落户年限预计满足（浦口、六合、溧水、高淳四区落户）',
    description: STRINGS.zh.ics_desc('南京市', '浦口、六合、溧水、高淳四区落户', '2027年2月', '2026-11-26', '2026-11-26.abc'),
    lang: 'zh',
  });
  assert.ok(text.endsWith('\r\n'));
  assert.doesNotMatch(text.replace(/\r\n/g, ''), /[\r\n]/, 'no bare CR or LF');
  for (const l of text.split('\r\n')) assert.ok(octets(l) <= 75, `${octets(l)} octets: ${l}`);
  const lines = unfold(text).split('\r\n');
  const at = (name) => lines.indexOf(name);
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.ok(lines.includes('VERSION:2.0'));
  assert.ok(lines.some((l) => /^PRODID:.+/.test(l)));
  assert.ok(at('BEGIN:VEVENT') > 0 && at('END:VEVENT') > at('BEGIN:VEVENT') && at('END:VCALENDAR') === lines.length - 2);
  assert.ok(lines.includes('UID:2027-02-nanjing-outer_districts@hukou-years'));
  assert.ok(lines.includes('DTSTAMP:20261126T020000Z'));
  assert.ok(lines.includes('DTSTART;VALUE=DATE:20270201'));
  assert.ok(lines.includes('DTEND;VALUE=DATE:20270202'));
  const summary = lines.find((l) => l.startsWith('SUMMARY'));
  assert.equal(summary, 'SUMMARY;LANGUAGE=zh-CN:南京市：落户年限预计满足（浦口、六合、溧水、高淳四区落户）');
  const desc = lines.find((l) => l.startsWith('DESCRIPTION;'));
  assert.match(desc, /推算/);
  assert.match(desc, /不是官方认定/);
  assert.match(desc, /2027年2月/);
  // The alarm has what RFC 5545 requires of a DISPLAY alarm.
  const alarm = lines.slice(at('BEGIN:VALARM'), at('END:VALARM'));
  assert.ok(alarm.includes('ACTION:DISPLAY') && alarm.some((l) => l.startsWith('TRIGGER:')) && alarm.some((l) => l.startsWith('DESCRIPTION:')));
});

test('the month rolls over: December and a leap February', () => {
  const day = (month) => unfold(calendar({ uid: 'u', stamp: new Date(0), month, summary: 's', description: 'd' })).split('\r\n').filter((l) => /^DT(START|END)/.test(l));
  assert.deepEqual(day('2027-12'), ['DTSTART;VALUE=DATE:20271201', 'DTEND;VALUE=DATE:20271202']);
  assert.deepEqual(day('2028-02'), ['DTSTART;VALUE=DATE:20280201', 'DTEND;VALUE=DATE:20280202']);
  assert.equal(utcStamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5))), '20260102T030405Z');
});

test('English: the same shape, and the description says it is a projection, not an official determination', () => {
  const text = unfold(calendar({
    uid: 'u', stamp: new Date(0), month: '2027-02', lang: 'en',
    summary: STRINGS.en.ics_summary('Nanjing', 'Outer districts'),
    description: STRINGS.en.ics_desc('Nanjing', 'Outer districts (Pukou, Liuhe)', 'Feb 2027', '2026-11-26', 'v'),
  }));
  assert.match(text, /SUMMARY;LANGUAGE=en:Nanjing: the hukou years may be met \(Outer districts\)/);
  // The comma in the route's name is escaped.
  assert.match(text, /Outer districts \(Pukou\\, Liuhe\)/);
  assert.match(text, /projection\\, not an official determination/);
});

test('the file is named by the city id and the month only', () => {
  assert.equal(calendarName('nanjing', '2027-02'), 'hukou-years-nanjing-2027-02.ics');
});
