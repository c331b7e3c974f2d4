// The repository speaks for itself: its documents, data and code cite the
// policy sources in rules/ and never point at working notes kept outside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((f) => f && !f.startsWith('www/pkg/') && /\.(md|json|rs|mjs|js|sh|html|css|toml)$/.test(f));

// Names of the notes, and paths that leave the repository for them.
const OUTSIDE = [/facts(-2)?\.md/i, /\bfacts-2\b/i, /\.\.\/shared\//, /\bshared\/(policy|notes)\b/, /policy[- ]notes/i];

test('no file refers to notes outside the repository', () => {
  assert.ok(files.length > 50, `only ${files.length} files listed`);
  const hits = [];
  for (const f of files) {
    if (f === 'tests/www/self-contained.test.mjs') continue;
    const text = readFileSync(new URL(f, root), 'utf8');
    text.split('\n').forEach((line, i) => {
      if (OUTSIDE.some((re) => re.test(line))) hits.push(`${f}:${i + 1}: ${line.trim().slice(0, 120)}`);
    });
  }
  assert.deepEqual(hits, []);
});
