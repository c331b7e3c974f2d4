// One line on any page inserts the checker as an iframe and keeps it as tall
// as its content:
//   <script src="https://…/embed.js" data-lang="zh" data-region="sunan" data-accent="#005ea2" async></script>
// Settings travel in the iframe's #fragment, so they never reach a server log.
(() => {
  const s = document.currentScript;
  if (!s) return;
  const src = new URL('index.html', s.src);
  const p = new URLSearchParams({ embed: '1' });
  for (const k of ['lang', 'region', 'accent']) if (s.dataset[k]) p.set(k, s.dataset[k]);
  src.hash = p;
  const f = document.createElement('iframe');
  f.src = src.href;
  f.title = s.dataset.title || (s.dataset.lang === 'en' ? 'Hukou years self-check' : '落户年限自测');
  f.referrerPolicy = 'no-referrer';
  f.style.cssText = `display:block;width:100%;border:0;height:${+s.dataset.height || 1400}px`;
  addEventListener('message', (e) => {
    const d = e.data;
    if (e.source === f.contentWindow && e.origin === src.origin && d && d.type === 'hukou-years:height' && d.height > 0) {
      f.style.height = `${Math.ceil(d.height)}px`;
    }
  });
  s.after(f);
})();
