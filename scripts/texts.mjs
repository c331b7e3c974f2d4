// Writes the rules' texts the checker shows, one file per language of the
// data, next to the rules bundle: rules.zh.json and rules.en.json from
// rules.json (www/ruletext.js's textsIn decides what they hold). The checker
// asks for the one of its language right after the first result; the rules
// page keeps reading the whole bundle. Run by scripts/build-web.sh after
// `hukou-years bundle`.
//
//   node scripts/texts.mjs www/rules.json
import { readFileSync, writeFileSync } from 'node:fs';
import { MENU } from '../www/lang.js';
import { textsIn } from '../www/ruletext.js';

const [bundleFile] = process.argv.slice(2);
if (!bundleFile || !bundleFile.endsWith('.json')) {
  console.error('usage: node scripts/texts.mjs <rules.json>');
  process.exit(2);
}
const bundle = JSON.parse(readFileSync(bundleFile, 'utf8'));
// The languages of the data the page's languages read (繁體中文 reads zh).
for (const lang of new Set(MENU.map((m) => m.base))) {
  writeFileSync(bundleFile.replace(/\.json$/, `.${lang}.json`), `${JSON.stringify(textsIn(bundle, lang))}\n`);
}
