// HTML that escapes by construction: html`<p>${x}</p>` escapes every
// interpolated value unless it is itself a fragment made by `html` (or an
// array of them, or text explicitly passed through `raw`). null and undefined
// become nothing; everything else is text.
//
// A fragment is known by a registered symbol rather than by its class: the
// module that follows the first result (later.js) is bundled with its own copy
// of this file, and the fragments of either copy are fragments to the other.

const FRAGMENT = Symbol.for('hukou-years:html');

class Fragment {
  constructor(s) { this.s = s; }

  toString() { return this.s; }
}
Fragment.prototype[FRAGMENT] = true;

const SPECIAL = /[&<>"']/;

/** Text as HTML: & < > " ' become character references. */
export const escape = (s) => {
  const text = String(s ?? '');
  // Most text has nothing to escape: returned as it is, without a replacement pass.
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`) : text;
};

/** Marks a string as HTML already: only for markup the page itself wrote. */
export const raw = (s) => new Fragment(String(s));

const part = (v) => (v?.[FRAGMENT] === true ? v.s : Array.isArray(v) ? v.map(part).join('') : escape(v));

export function html(strings, ...values) {
  let s = strings[0];
  for (let i = 0; i < values.length; i += 1) s += part(values[i]) + strings[i + 1];
  return new Fragment(s);
}
