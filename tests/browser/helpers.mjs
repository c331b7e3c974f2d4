// Shared set-up for the browser tests: the static server (whose access log is
// the ground truth for requests), Debian's Chromium through playwright-core,
// and a fixed "today" so that results do not drift with the calendar.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(ROOT, 'artifacts');
export const TODAY = '2026-11-26T10:00:00+08:00';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** Starts scripts/serve.py on a free port; returns {url, log(), requests(), close()}. */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'hukou-years-'));
  const logPath = join(dir, 'access.log');
  const proc = spawn('python3', [join(ROOT, 'scripts', 'serve.py'), '--port', '0', '--log', logPath, '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /serving (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`serve.py exited with ${code}`)));
  });
  const requests = () => readFileSync(logPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return {
    url,
    requests,
    close: () => proc.kill(),
  };
}

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

/** A new context and page with the clock fixed at TODAY; console errors collected. */
export async function newPage(browser, { width = 1280, height = 900, url, hash = '' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(TODAY));
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') page.problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  if (url) {
    await page.goto(url + hash);
    await ready(page);
  }
  return { context, page };
}

/** Waits until the first results are on screen. */
export async function ready(page, root = page) {
  await root.locator('#hy-out .group, #hy-out .card').first().waitFor({ timeout: 15000 });
}

export function artifact(...parts) {
  const p = join(ARTIFACTS, ...parts);
  mkdirSync(dirname(p), { recursive: true });
  return p;
}

/** The Wuxi → Suzhou → Nanjing history of the users' notes, as of TODAY (2026-11). */
export const TYPICAL = {
  version: 1,
  periods: [
    { city: 'wuxi', kind: 'social_insurance', from: '2018-03', to: '2020-02' },
    { city: 'wuxi', kind: 'residence', from: '2018-05', to: '2020-02' },
    { city: 'suzhou', kind: 'social_insurance', from: '2020-06', to: '2023-12' },
    { city: 'suzhou', kind: 'social_insurance', from: '2020-03', to: '2020-05', back_paid: true },
    { city: 'suzhou', kind: 'residence', from: '2020-04', to: '2023-12' },
    { city: 'nanjing', kind: 'social_insurance', from: '2024-04', to: null },
    { city: 'nanjing', kind: 'residence', from: '2024-04', to: null },
  ],
};

export function shareHash(history) {
  const bytes = new TextEncoder().encode(JSON.stringify(history));
  return `#h=${Buffer.from(bytes).toString('base64url')}`;
}
