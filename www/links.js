// Addresses of the site's own pages. Like engine.js, this module sits at the
// site's root (www/ and, bundled, site/), so that its own URL gives the base.

const BASE = new URL('./', import.meta.url);

/**
 * The entry of a route on the rules page: rules.html#<city>/<route>. Only the
 * two ids travel; nothing the person typed does.
 */
export const rulesHref = (city, route) => new URL(`rules.html#${encodeURIComponent(city)}/${encodeURIComponent(route)}`, BASE).href;

/** The rules page itself: every region, city, route and agreement, with sources. */
export const rulesPageHref = () => new URL('rules.html', BASE).href;
