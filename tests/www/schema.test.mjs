// Every rules file (rules/**/*.json, not rules/schema/) is valid against the
// JSON Schema generated from the Rust model (rules/schema/*.schema.json), as
// an editor or another tool would check it: with a JSON Schema validator that
// is not the program's own reader (ajv, draft 2020-12, pinned in
// package.json). The check is shown to fail on deliberately broken copies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const RULES = fileURLToPath(new URL('../../rules', import.meta.url));

/** The validators of the three schemas, read from `dir`/schema. */
function validators(dir) {
  // Strict: a schema keyword ajv does not know is an error, not ignored. The
  // two formats schemars writes for numbers are checked as what they say.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('uint32', { type: 'number', validate: (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff });
  ajv.addFormat('double', { type: 'number', validate: (n) => Number.isFinite(n) });
  const schema = (name) => ajv.compile(JSON.parse(readFileSync(join(dir, 'schema', `${name}.schema.json`), 'utf8')));
  return { gazetteer: schema('gazetteer'), city: schema('city'), agreement: schema('agreement') };
}

/** Every .json file under `dir`, schema/ left out, as paths relative to `dir` with '/'. */
function rulesFiles(dir, under = '') {
  const out = [];
  for (const e of readdirSync(join(dir, under), { withFileTypes: true })) {
    const path = under ? `${under}/${e.name}` : e.name;
    if (e.isDirectory()) { if (path !== 'schema') out.push(...rulesFiles(dir, path)); } else if (e.name.endsWith('.json')) out.push(path);
  }
  return out.sort();
}

/** Which schema a rules file answers to; null for a file where none belongs. */
function schemaOf(file) {
  if (file === 'gazetteer.json') return 'gazetteer';
  if (/^cities\/[^/]+\.json$/.test(file)) return 'city';
  if (/^agreements\/[^/]+\.json$/.test(file)) return 'agreement';
  return null;
}

/** Validates every rules file under `dir`: a list of "file: path message" lines, empty when all are valid. */
function validateTree(dir) {
  const v = validators(dir);
  const problems = [];
  for (const file of rulesFiles(dir)) {
    const which = schemaOf(file);
    if (!which) { problems.push(`${file}: no schema for a file here`); continue; }
    let doc;
    try {
      doc = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      problems.push(`${file}: not JSON (${err.message})`);
      continue;
    }
    if (!v[which](doc)) {
      for (const e of v[which].errors) problems.push(`${file}: ${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`);
    }
  }
  return problems;
}

/** A copy of rules/ in a temporary directory, changed by `edit(dir)`; removed after `fn(dir)`. */
function withCopy(edit, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'hukou-years-schema-'));
  try {
    cpSync(RULES, dir, { recursive: true });
    edit(dir);
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const readJson = (dir, file) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
const writeJson = (dir, file, doc) => writeFileSync(join(dir, file), `${JSON.stringify(doc, null, 2)}\n`);

test('every rules file is valid against its JSON Schema', () => {
  const files = rulesFiles(RULES);
  assert.ok(files.includes('gazetteer.json'), files.join());
  assert.ok(files.some((f) => f.startsWith('cities/')) && files.some((f) => f.startsWith('agreements/')), files.join());
  assert.deepEqual(validateTree(RULES), []);
});

test('the schemas are the draft 2020-12 ones generated from the model', () => {
  for (const name of ['gazetteer', 'city', 'agreement']) {
    const s = JSON.parse(readFileSync(join(RULES, 'schema', `${name}.schema.json`), 'utf8'));
    assert.equal(s.$schema, 'https://json-schema.org/draft/2020-12/schema', name);
    assert.equal(s.additionalProperties, false, `${name}: unknown top-level keys must be refused`);
  }
});

test('a broken city file fails: an unknown key, a value outside its enum, a missing field', () => {
  const city = rulesFiles(RULES).find((f) => f.startsWith('cities/'));
  const problems = withCopy((dir) => {
    const doc = readJson(dir, city);
    const version = doc.routes[0].versions[0];
    version.colour = 'red';
    version.confidence = 'rumour';
    delete version.verified_on;
    writeJson(dir, city, doc);
  }, validateTree);
  assert.ok(problems.length >= 3, problems.join('\n'));
  assert.ok(problems.every((p) => p.startsWith(`${city}: /routes/0/versions/0`)), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('(colour)')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes("must have required property 'verified_on'")), problems.join('\n'));
});

test('a broken agreement, a bad date in the gazetteer and a stray file fail too', () => {
  const agreement = rulesFiles(RULES).find((f) => f.startsWith('agreements/'));
  const problems = withCopy((dir) => {
    const a = readJson(dir, agreement);
    a.versions[0].ratio = 'one';
    a.versions[0].kinds = ['pension'];
    writeJson(dir, agreement, a);
    const g = readJson(dir, 'gazetteer.json');
    g.regions[0].verified_on = '2026-13-01';
    writeJson(dir, 'gazetteer.json', g);
    writeJson(dir, 'notes.json', { note: 1 });
  }, validateTree);
  const files = new Set(problems.map((p) => p.split(':')[0]));
  assert.deepEqual([...files].sort(), [agreement, 'gazetteer.json', 'notes.json'].sort(), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith(`${agreement}: /versions/0/ratio`)), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith('gazetteer.json: /regions/0/verified_on')), problems.join('\n'));
});

test('a file that is not JSON fails', () => {
  const city = rulesFiles(RULES).find((f) => f.startsWith('cities/'));
  const problems = withCopy((dir) => writeFileSync(join(dir, city), '{"city": '), validateTree);
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0], new RegExp(`^${city}: not JSON`));
});
