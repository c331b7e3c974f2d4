// <hukou-years-checker lang="en" region="sunan"></hukou-years-checker>
// The checker in Shadow DOM. Theme it from the host page with CSS custom
// properties on the element: --hy-accent, --hy-accent-text, --hy-fg, --hy-bg,
// --hy-muted, --hy-font, --hy-radius. Works under a strict CSP (styles come
// from a same-origin stylesheet, no inline styles or scripts).
// Its height is its content's, up and down; until the checker has drawn, it
// is one screen tall (--hy-reserve on the element to choose another height):
// what follows it on the host page is out of sight before and after, so
// nothing the reader sees moves when the checker appears.
import { mount } from './app.js';

class HukouYearsChecker extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = new URL('style.css', import.meta.url).href;
    root.append(css);
    const host = document.createElement('div');
    host.className = 'hy-el';
    // Set through the CSSOM, which a strict style-src allows (a style attribute would not be).
    host.style.minHeight = 'var(--hy-reserve, 100vh)';
    root.append(host);
    mount(host, {
      lang: this.getAttribute('lang') || undefined,
      region: this.getAttribute('region') || undefined,
      accent: this.getAttribute('accent') || undefined,
      element: true,
    }).finally(() => { host.style.minHeight = ''; });
  }
}

if (!customElements.get('hukou-years-checker')) customElements.define('hukou-years-checker', HukouYearsChecker);
