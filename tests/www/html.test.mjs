// The html`` tag escapes whatever is interpolated, unless it is a fragment
// the tag made (or an array of them): markup cannot come in through data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escape, html, raw } from '../../www/html.js';

const s = (f) => String(f);

test('text is escaped: & < > " and \'', () => {
  assert.equal(s(html`<p>${'<script>alert("x") & \'y\'</script>'}</p>`),
    '<p>&#60;script&#62;alert(&#34;x&#34;) &#38; &#39;y&#39;&#60;/script&#62;</p>');
  assert.equal(escape('a&b'), 'a&#38;b');
});

test('an attribute value cannot close its quotes', () => {
  const evil = '" onclick="alert(1)';
  assert.equal(s(html`<a title="${evil}">x</a>`), '<a title="&#34; onclick=&#34;alert(1)">x</a>');
});

test('fragments are not escaped twice, nested or in arrays', () => {
  const inner = html`<b>${'a<b'}</b>`;
  assert.equal(s(html`<p>${inner}</p>`), '<p><b>a&#60;b</b></p>');
  const list = ['<1>', '2'].map((x) => html`<li>${x}</li>`);
  assert.equal(s(html`<ul>${list}</ul>`), '<ul><li>&#60;1&#62;</li><li>2</li></ul>');
  assert.equal(s(html`${[[html`<i></i>`], [html`<u></u>`]]}`), '<i></i><u></u>');
});

test('strings in arrays are escaped too', () => {
  assert.equal(s(html`${['<a>', '&']}`), '&#60;a&#62;&#38;');
});

test('null and undefined are nothing; numbers, booleans and zero are text', () => {
  assert.equal(s(html`[${null}|${undefined}|${0}|${false}|${true}|${1.5}]`), '[||0|false|true|1.5]');
});

test('raw marks text the page itself wrote as HTML', () => {
  assert.equal(s(html`<svg>${raw('<rect/>')}</svg>`), '<svg><rect/></svg>');
});

test('a string that looks like a fragment is still text', () => {
  assert.equal(s(html`${{ s: '<x>', toString: () => '<x>' }}`), '&#60;x&#62;');
});

test('a fragment is usable where a string is expected', () => {
  const f = html`<p>${'x'}</p>`;
  assert.equal(`${f}`, '<p>x</p>');
  assert.equal([f, f].join(''), '<p>x</p><p>x</p>');
});

test('a fragment of another copy of html.js is a fragment (later.js bundles its own copy); objects that only look like one are text', async () => {
  const copy = await import('../../www/html.js?copy');
  assert.notEqual(copy.html, html);
  const theirs = copy.html`<b>${'a<b'}</b>`;
  assert.equal(s(html`<p>${theirs}</p>`), '<p><b>a&#60;b</b></p>');
  assert.equal(s(copy.html`<p>${[html`<i></i>`, '<']}</p>`), '<p><i></i>&#60;</p>');
  // Data (JSON, a report) cannot carry the symbol: an object with an "s" is still text.
  assert.equal(s(html`${{ s: '<x>', toString: () => '<x>' }}`), '&#60;x&#62;');
  assert.equal(s(html`${JSON.parse('{"s":"<x>"}')}`), '[object Object]');
});
