// A calendar file (iCalendar, RFC 5545) for "remind me": one all-day event
// on the first day of a projected month, made on the device. No DOM.
//
// RFC 5545 in the parts used here: lines end in CRLF (§3.1); a line longer
// than 75 octets is folded, the rest going on the next line after one space
// (§3.1), never inside a UTF-8 sequence; TEXT escapes backslash, semicolon,
// comma and newlines (§3.3.11); DTSTAMP is UTC (§3.8.7.2); an all-day event
// is DTSTART;VALUE=DATE (§3.3.4), DTEND the day after.

const encoder = new TextEncoder();
const octets = (s) => encoder.encode(s).length;

/** A TEXT value: \ ; , escaped, newlines as \n, other control characters dropped. */
export function escapeText(s) {
  return String(s)
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');
}

/**
 * A content line folded at 75 octets: the first piece 75 octets at most,
 * every further piece a space and 74 octets at most; never splits a
 * character (a code point, so neither a UTF-8 sequence nor a surrogate pair).
 */
export function fold(line) {
  const out = [];
  let piece = '';
  let size = 0;
  let room = 75;
  for (const ch of line) {
    const n = octets(ch);
    if (size + n > room) {
      out.push(piece);
      piece = ' ';
      size = 1;
      room = 75;
    }
    piece += ch;
    size += n;
  }
  out.push(piece);
  return out.join('\r\n');
}

/** A date-time in UTC, basic format: 20261126T020000Z. */
export const utcStamp = (d) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** "YYYY-MM-DD" as a DATE value, YYYYMMDD. */
const dateValue = (day) => day.replace(/-/g, '');

/** The day after "YYYY-MM-DD". */
function dayAfter(day) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The text of a calendar with one all-day event on the first day of `month`
 * ("YYYY-MM"), and an alarm that morning: {uid, stamp (a Date), month,
 * summary, description, lang}. Lines end in CRLF, folded at 75 octets.
 */
export function calendar({ uid, stamp, month, summary, description, lang = 'zh' }) {
  const day = `${month}-01`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//hukou-years//checker//${lang === 'zh' ? 'ZH' : 'EN'}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${utcStamp(stamp)}`,
    `DTSTART;VALUE=DATE:${dateValue(day)}`,
    `DTEND;VALUE=DATE:${dateValue(dayAfter(day))}`,
    `SUMMARY;LANGUAGE=${lang === 'zh' ? 'zh-CN' : 'en'}:${escapeText(summary)}`,
    `DESCRIPTION;LANGUAGE=${lang === 'zh' ? 'zh-CN' : 'en'}:${escapeText(description)}`,
    'TRANSP:TRANSPARENT',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${escapeText(summary)}`,
    'TRIGGER:PT9H',
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** The file's name: the city id and the month, nothing else. */
export const calendarName = (city, month) => `hukou-years-${city}-${month}.ics`;
