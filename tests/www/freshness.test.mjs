// scripts/freshness.mjs lists the rules not verified for N months, with a
// fixed --today: far in the future every entry is listed, on the day of the
// oldest check none is, and the boundary is exactly N calendar months. It
// always exits 0 (time passing never fails a test), 2 on bad arguments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDay, isStale, monthsBefore } from '../../www/stale.js';

const script = fileURLToPath(new URL('../../scripts/freshness.mjs', import.meta.url));
const RULES = fileURLToPath(new URL('../../rules', import.meta.url));

const run = (...args) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
const listed = (out) => out.stdout.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} {2}/.test(l));

/** Every verified_on in a rules directory, read here without the script's code. */
function verifiedDays(dir) {
  const json = (f) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const days = [];
  for (const f of readdirSync(join(dir, 'cities')).filter((x) => x.endsWith('.json'))) {
    for (const r of json(`cities/${f}`).routes) for (const v of r.versions) days.push(v.verified_on);
  }
  for (const f of readdirSync(join(dir, 'agreements')).filter((x) => x.endsWith('.json'))) {
    for (const v of json(`agreements/${f}`).versions) days.push(v.verified_on);
  }
  for (const r of json('gazetteer.json').regions) days.push(r.verified_on);
  return days;
}

const days = verifiedDays(RULES);
const oldest = [...days].sort()[0];

test('far in the future every route version, agreement version and region is listed, and it still exits 0', () => {
  const out = run('--today', '2030-01-01');
  assert.equal(out.status, 0, out.stderr);
  const lines = listed(out);
  assert.equal(lines.length, days.length, out.stdout);
  assert.match(out.stdout, new RegExp(`^${days.length} of ${days.length} checked entries .* before 2029-07-01: more than 6 months before 2030-01-01\\.$`, 'm'));
  for (const what of ['route ', 'agreement ', 'region ']) assert.ok(lines.some((l) => l.includes(`  ${what}`)), `${what}: ${out.stdout}`);
  assert.ok(lines.some((l) => / {2}route nanjing\/points version from \d{4}-\d{2}-\d{2}.* {2}\(cities\/nanjing\.json\)$/.test(l)), out.stdout);
  // Oldest first.
  const listedDays = lines.map((l) => l.slice(0, 10));
  assert.deepEqual(listedDays, [...listedDays].sort());
});

test('on the day of the oldest check nothing is listed', () => {
  const out = run('--today', oldest);
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(listed(out), []);
  assert.match(out.stdout, new RegExp(`^0 of ${days.length} checked entries`, 'm'));
});

test('the default is 6 months: exactly 6 months after the oldest check nothing is listed, a day later it is', () => {
  const sixLater = monthsBefore(oldest, -6);
  assert.deepEqual(listed(run('--today', sixLater)), []);
  const dayAfter = new Date(`${sixLater}T00:00:00Z`);
  dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
  const next = dayAfter.toISOString().slice(0, 10);
  const lines = listed(run('--today', next));
  assert.equal(lines.length, days.filter((d) => d === oldest).length);
  assert.ok(lines.every((l) => l.startsWith(oldest)));
  // --months widens or narrows the window.
  assert.deepEqual(listed(run('--today', next, '--months', '7')), []);
  assert.equal(listed(run('--today', next, '--months=0')).length, days.filter((d) => d < next).length);
});

test('one old entry in a copy of the rules is the one listed, by file and route', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hukou-years-fresh-'));
  try {
    cpSync(RULES, dir, { recursive: true });
    const file = join(dir, 'cities', 'nanjing.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const route = doc.routes[0];
    route.versions[0].verified_on = '2019-03-31';
    writeFileSync(file, JSON.stringify(doc));
    const out = run('--rules', dir, '--today', oldest > '2019-12-31' ? oldest : '2019-12-31', '--months', '6');
    assert.equal(out.status, 0, out.stderr);
    const lines = listed(out);
    assert.equal(lines.length, 1, out.stdout);
    assert.match(lines[0], new RegExp(`^2019-03-31 {2}route nanjing/${route.id} version from ${route.versions[0].effective_from}.* {2}\\(cities/nanjing\\.json\\)$`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad arguments exit 2 with the usage', () => {
  for (const args of [['--today', '2026-02-30'], ['--today', 'tomorrow'], ['--months', '-1'], ['--months'], ['--colour', 'red']]) {
    const out = run(...args);
    assert.equal(out.status, 2, `${args.join(' ')}: ${out.stdout}`);
    assert.match(out.stderr, /usage: node scripts\/freshness\.mjs/);
  }
  assert.equal(run('--help').status, 0);
});

test('months before a day keep the day of the month, or the last day of a shorter month', () => {
  assert.equal(monthsBefore('2027-05-26', 6), '2026-11-26');
  assert.equal(monthsBefore('2027-08-31', 6), '2027-02-28');
  assert.equal(monthsBefore('2028-08-31', 6), '2028-02-29');
  assert.equal(monthsBefore('2027-01-15', 12), '2026-01-15');
  assert.equal(monthsBefore('2026-11-26', -6), '2027-05-26');
  assert.equal(isStale('2026-11-26', '2027-11-26', 12), false);
  assert.equal(isStale('2026-11-26', '2027-11-27', 12), true);
  assert.equal(isStale('2026-11-25', '2027-11-26', 12), true);
  assert.ok(isDay('2028-02-29') && !isDay('2027-02-29') && !isDay('2027-13-01') && !isDay('2027-1-01'));
});
