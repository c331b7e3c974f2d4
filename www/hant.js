// The page's words in 繁體中文: www/generated/zh-hant.js (scripts/hant.mjs),
// a module of its own so that the first visit does not carry a language it may
// never show. Like the rules' texts, it is asked for by every visitor alike —
// right after the first result, or, for a visitor who reads 繁體中文, before it,
// after the engine: the same files in the same order, whatever the language.
// A switch to 繁體中文 later makes no request of its own.

import { BASE } from './engine.js';
import { STRINGS, overlay } from './i18n.js';

let hant;

/** Loads the 繁體中文 table once (every key of the zh table, its words where converted); a failed load can be tried again. */
export function loadHant() {
  hant ??= import(new URL('generated/zh-hant.js', BASE).href)
    .then((m) => overlay(m.default, STRINGS.zh))
    .catch((err) => { hant = undefined; throw err; });
  return hant;
}
