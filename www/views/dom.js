// Event delegation on the checker's root, and the live region, shared by the views.

/**
 * Calls fn(el, event) when a field changes: selects and checkboxes on
 * "change", text, month and search fields on every "input".
 */
export function onEdit(root, fn) {
  const handler = (e) => {
    const el = e.target;
    const picked = el.tagName === 'SELECT' || el.type === 'checkbox';
    if (picked === (e.type === 'change')) fn(el, e);
  };
  root.addEventListener('input', handler);
  root.addEventListener('change', handler);
}

/** Calls fn(button, event) for a click on an enabled button. */
export function onButton(root, fn) {
  root.addEventListener('click', (e) => {
    const btn = e.target.closest('button');
    if (btn && !btn.disabled) fn(btn, e);
  });
}

/** Says `text` in the live region, once typing has paused. */
export function say(P, text) {
  clearTimeout(P.liveTimer);
  P.liveTimer = setTimeout(() => { const el = P.$('hy-live'); if (el) el.textContent = text; }, 900);
}

/**
 * Sets an element's HTML only when it changed: a redraw that leaves a part as
 * it was (the answers when the rules' texts arrive, the timeline after most
 * edits) does not parse it again.
 */
const drawn = new WeakMap();
export function draw(el, markup) {
  const s = String(markup);
  if (drawn.get(el) === s) return;
  el.innerHTML = s;
  drawn.set(el, s);
}
