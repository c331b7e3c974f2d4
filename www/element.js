// <hukou-years-checker lang="en" region="sunan"></hukou-years-checker>
// The checker in Shadow DOM. Theme it from the host page with CSS custom
// properties on the element: --hy-accent, --hy-accent-text, --hy-fg, --hy-bg,
// --hy-muted, --hy-font, --hy-radius. Works under a strict CSP (styles come
// from a same-origin stylesheet, no inline styles or scripts).
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
    root.append(host);
    mount(host, {
      lang: this.getAttribute('lang') || undefined,
      region: this.getAttribute('region') || undefined,
      accent: this.getAttribute('accent') || undefined,
      element: true,
    });
  }
}

if (!customElements.get('hukou-years-checker')) customElements.define('hukou-years-checker', HukouYearsChecker);
