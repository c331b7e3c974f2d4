#!/usr/bin/env node
// Which rules have not been checked against their sources for a while: every
// route version, agreement version and region whose `verified_on` is older
// than N months (default 6) on a day (default today, from the system clock),
// read from the rules files themselves.
//
//   node scripts/freshness.mjs [--months N] [--today YYYY-MM-DD] [--rules DIR]
//
// Prints one line per stale entry, oldest first, and a summary. Exits 0
// whatever it finds: time passing must never fail a build or a test. Exits 2
// only on bad arguments or rules files it cannot read.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checks, isDay, monthsBefore, staleChecks } from '../www/stale.js';

const USAGE = 'usage: node scripts/freshness.mjs [--months N] [--today YYYY-MM-DD] [--rules DIR]';

function fail(message) {
  process.stderr.write(`freshness: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { months: 6, today: null, rules: fileURLToPath(new URL('../rules', import.meta.url)) };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, null];
    const value = () => {
      if (inline != null) return inline;
      i += 1;
      if (i >= argv.length) fail(`${name} needs a value`);
      return argv[i];
    };
    switch (name) {
      case '--months': {
        const v = value();
        if (!/^\d+$/.test(v) || +v > 1200) fail(`--months ${JSON.stringify(v)}: expected a whole number of months (0 to 1200)`);
        opts.months = +v;
        break;
      }
      case '--today': {
        const v = value();
        if (!isDay(v)) fail(`--today ${JSON.stringify(v)}: expected a date, YYYY-MM-DD`);
        opts.today = v;
        break;
      }
      case '--rules': opts.rules = value(); break;
      case '-h': case '--help': process.stdout.write(`${USAGE}\n`); process.exit(0); break;
      default: fail(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return opts;
}

/** Today in the local time zone, YYYY-MM-DD. */
function systemToday() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The rules directory in the bundle's shape: {gazetteer: {file, doc}, cities: [{file, doc}], agreements: [{file, doc}]}. */
function readRules(dir) {
  const read = (file) => {
    try {
      return { file, doc: JSON.parse(readFileSync(join(dir, file), 'utf8')) };
    } catch (err) {
      return fail(`${join(dir, file)}: ${err.message}`);
    }
  };
  const list = (sub) => {
    try {
      return readdirSync(join(dir, sub)).filter((f) => f.endsWith('.json')).sort().map((f) => read(`${sub}/${f}`));
    } catch (err) {
      return err.code === 'ENOENT' ? [] : fail(`${join(dir, sub)}: ${err.message}`);
    }
  };
  return { gazetteer: read('gazetteer.json'), cities: list('cities'), agreements: list('agreements') };
}

function describe(c) {
  const span = c.what === 'region' ? '' : ` version from ${c.effective_from}${c.effective_until ? ` to ${c.effective_until}` : ''}`;
  const name = c.what === 'route' ? `route ${c.id}/${c.route}` : `${c.what} ${c.id}`;
  return `${c.verified_on}  ${name}${span}  (${c.file})`;
}

const opts = parseArgs(process.argv.slice(2));
const today = opts.today ?? systemToday();
const rules = readRules(opts.rules);
const all = checks(rules);
const stale = staleChecks(rules, today, opts.months);
const limit = monthsBefore(today, opts.months);
for (const c of stale) process.stdout.write(`${describe(c)}\n`);
process.stdout.write(`${stale.length} of ${all.length} checked entries (route versions, agreement versions, regions) were last verified before ${limit}: more than ${opts.months} month${opts.months === 1 ? '' : 's'} before ${today}.\n`);
