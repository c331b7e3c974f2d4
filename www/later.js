// What the first result does not need, in one module that the page asks for
// right after the first result (app.js), in parallel with the rules' texts:
// the same file for every visitor, whatever they typed or look at. What it
// draws appears when it comes (the timeline, the receipt, the rules' texts
// in the results); a control that needs it before then waits for it.
//
// Built as an entry point of its own (scripts/build-web.sh): the small pure
// modules it shares with the page (html.js, months.js, answers.js, state.js's
// helpers) are bundled again here, and nothing here keeps state of its own or
// imports the engine. What it needs of the page comes through P.

export { renderTimeline } from './views/timeline.js';
export { receipt } from './views/receipt.js';
export { remind } from './views/remind.js';
export { scheduleSince } from './views/since.js';
export { loadFile, save, share } from './views/saving.js';
export { cityFinder, readPaste } from './paste.js';
export { importPaste, showPaste } from './views/pastebox.js';
export { fillText, textIndex } from './ruletext.js';
