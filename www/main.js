// The full page: settings come from the #fragment (never the query string), so
// that nothing about the person reaches the server, not even in a log.
import { mount } from './app.js';

const params = new URLSearchParams(location.hash.slice(1));
const host = document.getElementById('hy-app');
mount(host, {
  lang: params.get('lang') || undefined,
  region: params.get('region') || undefined,
  accent: params.get('accent') || undefined,
  embed: params.get('embed') === '1',
  useHash: true,
});
