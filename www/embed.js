// One line on any page inserts the checker as an iframe and keeps it as tall
// as its content, growing and shrinking with it:
//   <script src="https://…/embed.js" data-lang="zh" data-region="sunan" data-accent="#005ea2" async></script>
// Settings travel in the iframe's #fragment, so they never reach a server log.
// Until the checker has drawn, the iframe is one screen tall (data-height="…"
// in px to choose another height): what follows it on the host page is out of
// sight before and after, so nothing the reader sees moves when the checker's
// own height arrives.
(() => {
  const s = document.currentScript;
  if (!s) return;
  const src = new URL('index.html', s.src);
  const p = new URLSearchParams({ embed: '1' });
  for (const k of ['lang', 'region', 'accent']) if (s.dataset[k]) p.set(k, s.dataset[k]);
  src.hash = p;
  const f = document.createElement('iframe');
  f.src = src.href;
  const lang = s.dataset.lang;
  f.title = s.dataset.title || (lang === 'en' ? 'Hukou years self-check' : lang === 'zh-Hant' ? '落户年限自測' : '落户年限自测');
  f.referrerPolicy = 'no-referrer';
  const reserve = +s.dataset.height;
  f.style.cssText = `display:block;width:100%;border:0;height:${reserve > 0 ? `${reserve}px` : '100vh'}`;
  addEventListener('message', (e) => {
    const d = e.data;
    if (e.source === f.contentWindow && e.origin === src.origin && d && d.type === 'hukou-years:height' && d.height > 0) {
      f.style.height = `${Math.ceil(d.height)}px`;
    }
  });
  s.after(f);
})();
