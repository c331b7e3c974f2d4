// The boundary: the WebAssembly engine and the rules it reads. Everything the
// page computes goes through `check`; after `loadEngine` has resolved, nothing
// here touches the network.

import init, { Checker } from './pkg/hukou_years.js';

/** Where the page's files are: the module, the rules, and index.html for share links. */
export const BASE = new URL('./', import.meta.url);

let engine;

/**
 * Loads the engine and the rules once per document:
 * {checker, gazetteer, agreements}. Rejects with `noWasm` set when the browser
 * has no WebAssembly.
 */
export function loadEngine() {
  engine ??= (async () => {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      throw Object.assign(new Error('no WebAssembly'), { noWasm: true });
    }
    // rules.bin: the rules bundle in binary form; the engine answers what the
    // page needs from it (gazetteer, agreement names).
    const [, bytes] = await Promise.all([
      init({ module_or_path: new URL('pkg/hukou_years_bg.wasm', BASE) }),
      fetch(new URL('rules.bin', BASE)).then((r) => {
        if (!r.ok) throw new Error(`rules.bin: HTTP ${r.status}`);
        return r.arrayBuffer();
      }),
    ]);
    const checker = new Checker(new Uint8Array(bytes));
    return { checker, gazetteer: checker.gazetteer(), agreements: checker.agreements() };
  })();
  return engine;
}

/**
 * Checks a history: {ok: true, report} or {ok: false, errors}. The engine never
 * throws for bad input; a trap is a bug, reported as an `internal` error so
 * that the page can say so and keep what was typed. Each call is measured
 * (`hukou-years:check`).
 */
export function check(checker, history, options) {
  const t0 = performance.now();
  let res;
  try {
    res = checker.check(history, options);
  } catch (err) {
    res = { ok: false, errors: [{ kind: 'internal', path: '', message: String(err && err.message || err) }] };
  }
  try {
    performance.measure('hukou-years:check', { start: t0 });
    if (performance.getEntriesByName('hukou-years:check').length > 500) performance.clearMeasures('hukou-years:check');
  } catch { /* measure() with options is missing in old browsers */ }
  return res;
}
