// Histories as text, without DOM: the share link's #h= fragment (base64url of
// the JSON), the saved file, and what the page keeps in the browser's storage
// (this tab's sessionStorage always; localStorage only with "remember").
//
// Reading a file or a link never throws: it gives {data} (a JSON object, still
// to be checked by the engine) or {why}, the reason it is refused whole, one of
//   too_big    over MAX_BYTES (checked before reading or decoding)
//   empty      nothing but white space (and a BOM)
//   not_utf8   a file whose bytes are not UTF-8 text (the file view decides)
//   not_json   not JSON
//   several    more than one JSON value, one after the other
//   not_object JSON, but not an object: an array, null, a number, a string
//   damaged    a link whose h= is not base64url of UTF-8 JSON (cut short, changed)

/** The key under which the page keeps the history, language and elderly mode, in either storage. */
export const STORE_KEY = 'hukou-years:v1';

/** The largest history file or decoded link the page reads: 1 MiB. */
export const MAX_BYTES = 1 << 20;

/** A history as the base64url text of its JSON (UTF-8), without padding. */
export function encodeShare(history) {
  const bytes = new TextEncoder().encode(JSON.stringify(history));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The text in base64url (padding optional); throws if it is not base64url of UTF-8. */
function unbase64(text) {
  if (!/^[\w-]*$/.test(text) || text.length % 4 === 1) throw new Error('not base64url');
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)));
}

/** The history in a share text; throws if it is not base64url of JSON. */
export const decodeShare = (text) => JSON.parse(unbase64(text));

/** A file's text (or a link's, decoded) as {data} or {why}: see the top of this file. */
export function parseHistory(text) {
  const s = text.replace(/^\uFEFF/, '');
  if (!s.trim()) return { why: 'empty' };
  let data;
  try {
    data = JSON.parse(s);
  } catch {
    // Two histories pasted one after the other: "{…}{…}" or one per line.
    try { JSON.parse(`[${s.replace(/([}\]])\s*([{[])/g, '$1,$2')}]`); return { why: 'several' }; } catch { return { why: 'not_json' }; }
  }
  return data && typeof data === 'object' && !Array.isArray(data) ? { data } : { why: 'not_object' };
}

/**
 * Reads a location's #fragment: null when it carries no history; else
 * {data} or {why} as parseHistory gives them (`damaged` when h= is not
 * base64url of UTF-8 JSON), and `rest`, the fragment's other parameters, to keep
 * in the address bar.
 */
export function readLink(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const h = params.get('h');
  if (h == null) return null;
  params.delete('h');
  const rest = params.toString();
  // Base64 takes 4 characters for every 3 bytes.
  if (h.length > Math.ceil(MAX_BYTES / 3) * 4) return { why: 'too_big', rest };
  let got;
  try { got = parseHistory(unbase64(h)); } catch { got = {}; }
  // A link the page made is JSON: one that is not was cut short or changed.
  return { ...(got.data || ['not_object', 'several'].includes(got.why) ? got : { why: 'damaged' }), rest };
}

/** A share link to the page at `base`: the language unless Chinese, then the history, all in the #fragment. */
export function shareLink(base, lang, history) {
  const params = new URLSearchParams();
  if (lang !== 'zh') params.set('lang', lang);
  params.set('h', encodeShare(history));
  return `${base}#${params}`;
}

/** A history file's text, and its name on a given day. */
export const fileText = (history) => `${JSON.stringify(history, null, 2)}\n`;
export const fileName = (today) => `hukou-years-${today}.json`;

/**
 * What the page stores: {history, lang, elder, what_if, remember}, and reading
 * it back: null if absent, unreadable or without a history object.
 */
export const storedText = (history, lang, elder, extra = {}) => JSON.stringify({ history, lang, elder, ...extra });
export function readStored(text) {
  try {
    const r = text ? JSON.parse(text) : null;
    return r && typeof r.history === 'object' && r.history && !Array.isArray(r.history) ? r : null;
  } catch {
    return null;
  }
}
