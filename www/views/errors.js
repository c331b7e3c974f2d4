// Errors at their fields: each error the engine returns ({kind, path, value,
// …}) is put in words from its kind and fields (never from its message) and
// shown in the error element of the field its path names, which is marked
// aria-invalid; the error elements are aria-live, so the change is announced.

/** An error in words. `month`: the evaluation month, "YYYY-MM". */
export function errorText(t, e, month) {
  if (e.kind === 'internal') return `${t.load_failed} (${e.message})`;
  const words = t.err[e.kind];
  return typeof words === 'function' ? words(e, month) : words ?? e.message;
}

/**
 * The id of the field an error path is about: a row's field ("p3-from"),
 * the row itself ("p3-"), the hukou city, a what-if field, or the rows list.
 * `map[i]`: the uid of the row behind periods[i].
 */
export function fieldFor(path, map) {
  let m = /^periods\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (m) {
    const u = map[+m[1]];
    if (!u) return 'hy-rows';
    return m[2] ? `${u}-${m[2]}` : `${u}-`;
  }
  if (path === 'hukou_city') return 'hy-hukou';
  m = /^options\.what_if\.(\w+)/.exec(path);
  if (m) return m[1] === 'kinds' ? 'hy-wi-kinds' : `hy-wi-${m[1]}`;
  return 'hy-rows';
}

/** The messages for each field id: Map(id → [text]), each text once. */
export function messagesByField(t, errors, map, month) {
  const by = new Map();
  for (const e of errors) {
    const id = fieldFor(e.path, map);
    if (!by.has(id)) by.set(id, []);
    const text = errorText(t, e, month);
    if (!by.get(id).includes(text)) by.get(id).push(text);
  }
  return by;
}

/** Shows the messages in the editor's error elements (not the file's), and marks their fields. */
export function showErrors(P, errors, map) {
  const by = messagesByField(P.t, errors, map, P.today.slice(0, 7));
  // Most edits leave no error to show and none shown: nothing to walk.
  // (The fields are found in one pass: looked up one by one, a long history's
  // fields made each edit quadratic.)
  const editor = P.root.querySelector('.editor');
  if (!by.size && P.shownErrors === editor) return;
  P.shownErrors = by.size ? null : editor;
  const fields = new Map();
  for (const el of editor.querySelectorAll('[id]')) fields.set(el.id, el);
  for (const el of editor.querySelectorAll('.err')) {
    if (el.id === 'hy-file-err') continue;
    const id = el.id.slice(0, -4);
    const msgs = by.get(id);
    const text = msgs ? msgs.join('；') : '';
    if (el.textContent !== text) el.textContent = text;
    const input = fields.get(id);
    if (input && input !== el) {
      if (msgs) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }
}

/**
 * The errors that refuse a whole file or link (the editor keeps what it has):
 * its shape (malformed), another version, too many periods, or a fault of the
 * engine (internal).
 */
export const fatalErrors = (errors) => errors.filter((e) => ['malformed', 'unsupported_version', 'too_many_periods', 'internal'].includes(e.kind));

/** Those errors as one line; '' if none. */
export function fatalText(t, errors, month) {
  return fatalErrors(errors)
    .map((e) => `${e.path ? `${e.path}: ` : ''}${errorText(t, e, month)}`)
    .join('；');
}
