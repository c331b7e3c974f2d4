// Every string the page shows: the tables of 简体中文 (default, www/strings/zh.js),
// English (www/strings/en.js) and 繁體中文 (generated from the 简体中文 one,
// www/generated/zh-hant.js), and what they share (www/lang.js). Plain data and
// functions: importable in Node, no DOM. STRINGS and LANGS: the two tables
// written by hand; WORDS: every language of the menu.
//
// Each code the engine returns has its words in a table keyed by that code,
// one table per vocabulary (VOCABULARIES in www/lang.js names them): explanation steps
// (src/report.rs `Step`), statuses, reasons for no projection, error kinds,
// partner exclusions, kinds, counting, cut-off rules, back-paid rules,
// confidences and route reasons. Step renderers take the step and a context
// `c` with names for ids: c.city(id), c.cities(ids), c.agreement(id),
// c.kind(k), c.month('YYYY-MM'), c.date('YYYY-MM-DD'), c.n(months),
// c.ny(months), and the vocabularies c.conf, c.exclusion, c.backPaid,
// c.cutoffRule, c.noProjection. Error renderers take the error
// ({kind, path, value, …}) and the evaluation month.

import zh from './strings/zh.js';
import en from './strings/en.js';
import hant from './generated/zh-hant.js';
import { rp } from './strings/rules-page.js';

// The two tables written by hand, each with the rules page's words (rp).
export const STRINGS = { zh: { ...zh, rp: rp.zh }, en: { ...en, rp: rp.en } };
export const LANGS = ['zh', 'en'];

// The checker's words in every language of its menu, as the page loads them
// (without the rules page's): the checker itself loads one (www/words.js).
export * from './lang.js';
export const WORDS = { zh, 'zh-Hant': hant, en };
