// The page's words: the module of one language (www/lang.js names each
// language's), loaded when the page speaks it — at the start, in parallel with
// the engine and the rules, and on a switch to another language, once. Which
// module is asked for depends only on the language chosen (the menu, a share
// link's lang=, what the tab or device keeps, or the host's choice), never on
// anything typed: the same request for every visitor who reads that language.

import { BASE } from './engine.js';
import { menuItem } from './lang.js';

const loaded = new Map();

/** The table of a language's words (a code of the menu), loaded once; a failed load can be tried again. */
export function loadWords(code) {
  const m = menuItem(code);
  if (!m) return Promise.reject(new Error(`no language ${code}`));
  if (!loaded.has(m.code)) {
    loaded.set(m.code, import(new URL(m.words, BASE).href)
      .then((mod) => mod.default)
      .catch((err) => { loaded.delete(m.code); throw err; }));
  }
  return loaded.get(m.code);
}
