// Histories as text, without DOM: the share link's #h= fragment (base64url of
// the JSON), the saved file, and what "remember on this device" stores.

/** The key under which "remember on this device" keeps the history, language and elderly mode. */
export const STORE_KEY = 'hukou-years:v1';

/** A history as the base64url text of its JSON (UTF-8), without padding. */
export function encodeShare(history) {
  const bytes = new TextEncoder().encode(JSON.stringify(history));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The history in a share text; throws if it is not base64url of JSON. */
export function decodeShare(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '==='.slice((b64.length + 3) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))));
}

/**
 * Reads a location's #fragment: null when it carries no history; else
 * {data, rest}, where `data` is the history (undefined if unreadable) and
 * `rest` the fragment's other parameters, to keep in the address bar.
 */
export function readLink(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const h = params.get('h');
  if (h == null) return null;
  let data;
  try { data = decodeShare(h); } catch { data = undefined; }
  params.delete('h');
  return { data, rest: params.toString() };
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

/** What "remember" stores, and reading it back (null if absent or unreadable). */
export const storedText = (history, lang, elder) => JSON.stringify({ history, lang, elder });
export function readStored(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
