// Writes the fuzz targets' seed corpora from the test data, at run time
// (scripts/fuzz.sh runs it; the corpora are not committed):
//   corpus/history/  each scenario case's history (tests/cases/*.json)
//   corpus/reader/   the same histories, and each case as [history, options]
//   corpus/rules/    rules/ (whole, and a city or the agreements at a time
//                    with the gazetteer), each test rules directory (tests/cases/rules/*)
//                    and each base tree of tests/rules_cases.json, in the
//                    rules target's form: a line "@@ <path>" before each file
// Usage: node fuzz/seeds.mjs <corpus dir>   (from the project root)
import fs from 'node:fs';
import path from 'node:path';

const out = process.argv[2];
if (!out) {
  console.error('usage: node fuzz/seeds.mjs <corpus dir>');
  process.exit(2);
}
const counts = {};
function write(target, name, text) {
  const dir = path.join(out, target);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
  counts[target] = (counts[target] ?? 0) + 1;
}

// Scenario cases.
const cases = 'tests/cases';
for (const file of fs.readdirSync(cases).filter((f) => f.endsWith('.json')).sort()) {
  const c = JSON.parse(fs.readFileSync(path.join(cases, file), 'utf8'));
  const name = file.replace(/\.json$/, '');
  const history = JSON.stringify(c.history, null, 1);
  write('history', `${name}.json`, history);
  write('reader', `${name}.json`, history);
  const options = { as_of: c.as_of, cities: c.cities ?? [], what_if: c.what_if ?? null };
  write('reader', `${name}.pair.json`, JSON.stringify([c.history, options], null, 1));
}

// Rules directories: every .json file under a directory, by relative path.
function jsonFiles(dir, prefix = '') {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...jsonFiles(path.join(dir, entry.name), rel));
    else if (entry.name.endsWith('.json')) files.push([rel, fs.readFileSync(path.join(dir, entry.name), 'utf8')]);
  }
  return files;
}
// A file's text ends with a newline; the target's reader adds one per line.
const rulesInput = (files) =>
  files
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([p, text]) => `@@ ${p}\n${text.replace(/\n$/, '')}`)
    .join('\n');

const shipped = jsonFiles('rules');
write('rules', 'shipped.txt', rulesInput(shipped));
// Smaller seeds, faster to mutate: the gazetteer with one city's rules, and
// with the agreements alone.
const gazetteer = shipped.filter(([p]) => p === 'gazetteer.json');
for (const city of shipped.filter(([p]) => p.startsWith('cities/'))) {
  write('rules', `shipped-${path.basename(city[0], '.json')}.txt`, rulesInput([...gazetteer, city]));
}
write('rules', 'shipped-agreements.txt', rulesInput([...gazetteer, ...shipped.filter(([p]) => p.startsWith('agreements/'))]));
const testRules = 'tests/cases/rules';
for (const dir of fs.readdirSync(testRules).sort()) {
  write('rules', `cases-${dir}.txt`, rulesInput(jsonFiles(path.join(testRules, dir))));
}
const { bases } = JSON.parse(fs.readFileSync('tests/rules_cases.json', 'utf8'));
for (const [name, files] of Object.entries(bases)) {
  write('rules', `base-${name}.txt`, rulesInput(Object.entries(files).map(([p, lines]) => [p, lines.join('\n')])));
}

console.log(Object.entries(counts).map(([t, n]) => `${t}: ${n} seeds`).join(', '));
