// The languages the page speaks, and what every table of words shares: the
// language menu, the table of each vocabulary of the engine's codes, and no
// words of any language (those are modules of their own, loaded by
// www/words.js: the page carries only the language it speaks).

// The page speaks 简体中文, 繁體中文 (Hong Kong conventions) and English. The
// 繁體中文 words are the zh table converted by scripts/hant.mjs into
// www/generated/zh-hant.js.
// Each entry: its code (the menu, share links, storage), its name in itself,
// the lang tag of the page, `base`, the language of the data it reads (city
// names and the rules' texts have zh and en only), `words`, the module of its
// words (a path from the page's files, the same in www/ and site/), and `boot`,
// the few words said before that module has come (its table says them too).
export const MENU = [
  {
    code: 'zh', name: '简体中文', tag: 'zh-CN', base: 'zh', words: 'strings/zh.js',
    boot: {
      results_loading: '正在加载计算器……',
      no_wasm: '你的浏览器不支持 WebAssembly，无法运行这个计算器。请换用新版的浏览器（例如新版微信、Chrome、Edge、Safari 或 Firefox）。',
      load_failed: '计算器加载失败，请刷新页面重试。',
    },
  },
  {
    code: 'zh-Hant', name: '繁體中文', tag: 'zh-HK', base: 'zh', words: 'generated/zh-hant.js',
    boot: {
      results_loading: '正在加載計算器……',
      no_wasm: '你的瀏覽器不支持 WebAssembly，無法運行這個計算器。請換用新版的瀏覽器（例如新版微信、Chrome、Edge、Safari 或 Firefox）。',
      load_failed: '計算器加載失敗，請刷新頁面重試。',
    },
  },
  {
    code: 'en', name: 'English', tag: 'en', base: 'en', words: 'strings/en.js',
    boot: {
      results_loading: 'Loading the checker…',
      no_wasm: 'Your browser does not support WebAssembly, so this checker cannot run. Please use a recent browser (a recent WeChat, Chrome, Edge, Safari or Firefox).',
      load_failed: 'The checker failed to load. Please reload the page.',
    },
  },
];

/** The menu entry of a language code; undefined for another value. */
export const menuItem = (code) => MENU.find((m) => m.code === code);

/** The code of the language a state ({lang, hant}) speaks. */
export const codeOf = (S) => (S.hant && S.lang === 'zh' ? 'zh-Hant' : S.lang);

/**
 * A table with every key of `base`, taking `over`'s words wherever it has them:
 * a converted table made before the base gained a key still says everything.
 */
export function overlay(over, base) {
  const out = { ...base };
  for (const [k, v] of Object.entries(over ?? {})) {
    const b = base[k];
    out[k] = b && v && typeof b === 'object' && typeof v === 'object' && !Array.isArray(b) ? overlay(v, b) : v;
  }
  return out;
}

/**
 * The table of each vocabulary of codes, by the names the engine's vocabulary
 * list uses (www/generated/vocabulary.json): STRINGS[lang][VOCABULARIES.status].
 */
export const VOCABULARIES = {
  step: 'step',
  status: 'status',
  no_projection: 'no_projection',
  error_kind: 'err',
  partner_exclusion: 'exclusion',
  kind: 'kinds',
  counting: 'counting',
  cutoff: 'cutoff_rule',
  back_paid: 'back_paid_rule',
  confidence: 'conf',
  route_reason: 'reason',
  city_status: 'city_status',
  basis: 'basis_of',
  part: 'part',
  weak_part: 'weak_part',
  points_unit: 'points_unit',
  recognition_scope: 'recognition_scope',
  points_scope: 'points_scope',
  source_nature: 'nature',
  agreement_part: 'ag_part',
};
