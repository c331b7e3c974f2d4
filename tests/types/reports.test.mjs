// The generated TypeScript declarations (src/wasm/types.d.ts) describe what
// the engine really returns: every scenario case's report, from the command
// line's `--format json` (the same Report the page gets), and the gazetteer
// type-check against them under `tsc --strict`. A report with a status the
// declarations do not allow must fail, so that this test can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const tsc = join(root, 'node_modules/.bin/tsc');
const types = join(root, 'src/wasm/types');

/** The command line's JSON report for one scenario case, or null when the case expects errors. */
function report(file) {
  const c = JSON.parse(readFileSync(join(root, 'tests/cases', file), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'hy-case-'));
  try {
    const history = join(dir, 'history.json');
    writeFileSync(history, JSON.stringify(c.history));
    const args = ['run', '--quiet', '--bin', 'hukou-years', '--', 'check', history, '--as-of', c.as_of, '--format', 'json'];
    if (c.rules && c.rules !== 'rules') args.push('--rules', join(root, c.rules));
    for (const city of c.cities ?? []) args.push('--city', city);
    if (c.what_if) args.push('--what-if', [c.what_if.city, c.what_if.from, ...(c.what_if.kinds ? [c.what_if.kinds.join(',')] : [])].join(':'));
    const out = spawnSync('cargo', args, { cwd: root, encoding: 'utf8' });
    if (out.status === 2) return null;
    assert.equal(out.status, 0, `${file}: ${out.stderr}`);
    return out.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs tsc --strict on a file that assigns JSON literals to declared types. */
function typecheck(body) {
  const dir = mkdtempSync(join(tmpdir(), 'hy-types-'));
  try {
    const file = join(dir, 'check.ts');
    writeFileSync(file, `import type { Report, Gazetteer } from ${JSON.stringify(types)};\n${body}\n`);
    return spawnSync(tsc, ['--noEmit', '--strict', '--target', 'es2020', '--module', 'es2020', '--moduleResolution', 'node', file], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const reports = readdirSync(join(root, 'tests/cases')).filter((f) => f.endsWith('.json')).sort().map(report).filter(Boolean);

test('every scenario report type-checks against the generated declarations', () => {
  assert.ok(reports.length >= 40, `only ${reports.length} reports`);
  const gazetteer = readFileSync(join(root, 'rules/gazetteer.json'), 'utf8');
  const out = typecheck(`export const reports: Report[] = [${reports.join(',\n')}];\nexport const gazetteer: Gazetteer = ${gazetteer};`);
  assert.equal(out.status, 0, out.stdout + out.stderr);
});

test('a report the declarations do not allow fails the type check', () => {
  const bad = JSON.parse(reports[0]);
  bad.cities[0].routes[0].status = 'maybe';
  const out = typecheck(`export const report: Report = ${JSON.stringify(bad)};`);
  assert.notEqual(out.status, 0, 'tsc accepted status "maybe"');
  assert.match(out.stdout, /maybe/);
});
