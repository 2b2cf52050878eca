/**
 * Sites as cookies know them (RFC 6265bis "same-site", HTML "schemelessly same site" refined by
 * schemeful same-site, which Chrome and Firefox apply): the scheme and the registrable domain.
 * The registrable domain needs the Public Suffix List; its 9,000 rules would cost more than the rest
 * of the engine, so this keeps the rules that decide the cases users meet: country second levels
 * (`co.uk`), and the hosting suffixes where two customers' apps are different sites
 * (`herokuapp.com`, `vercel.app`, `github.io`, ...). Anything else is its last two labels.
 */

/** Second-level labels under a two-letter country code that are public (co.uk, com.au, ac.jp...). */
const COUNTRY_SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu', 'or', 'ne', 'go', 'gv']);

/** Hosting suffixes from the PSL's private section under which each subdomain is its own site. */
const HOSTING_SUFFIXES = new Set([
  'github.io',
  'gitlab.io',
  'herokuapp.com',
  'vercel.app',
  'netlify.app',
  'pages.dev',
  'workers.dev',
  'web.app',
  'firebaseapp.com',
  'appspot.com',
  'azurewebsites.net',
  'azurestaticapps.net',
  'cloudfront.net',
  'amplifyapp.com',
  'onrender.com',
  'fly.dev',
  'ngrok.io',
  'ngrok-free.app',
  'ngrok.app',
  'glitch.me',
  'repl.co',
  'replit.dev',
  'blogspot.com',
  'translate.goog',
]);

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The registrable domain of a host (eTLD+1); an IP address or a single label is its own. */
export function registrableDomain(host: string): string {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (IPV4.test(name) || name.startsWith('[') || !name.includes('.')) return name;
  const labels = name.split('.');
  for (let take = 2; take <= Math.min(3, labels.length - 1); take++) {
    const suffix = labels.slice(-take).join('.');
    if (HOSTING_SUFFIXES.has(suffix)) return labels.slice(-take - 1).join('.');
  }
  const last = labels.at(-1) ?? '';
  const second = labels.at(-2) ?? '';
  const publicSecond = last.length === 2 && COUNTRY_SECOND_LEVEL.has(second);
  const take = publicSecond ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** `https://example.com` for `https://api.example.com:8443/x`; undefined for a URL without a host. */
export function siteOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (!parsed.hostname) return undefined;
    return `${parsed.protocol.replace(':', '')}://${registrableDomain(parsed.hostname)}`;
  } catch {
    return undefined;
  }
}

export function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** Hosts a developer treats as one machine while the browser keeps separate jars for each. */
export function isLoopbackHost(host: string): boolean {
  // Secure Contexts: all of 127.0.0.0/8 is loopback, and Chrome and Firefox send Secure cookies there.
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '[::1]'
  );
}

/**
 * Whether a Set-Cookie `Domain` names a public suffix (RFC 6265bis §5.7 step 9: the browser
 * refuses the cookie), within what registrableDomain knows: a top-level domain, a country second
 * level, or a hosting suffix.
 */
export function isPublicSuffix(domain: string): boolean {
  const name = domain.toLowerCase().replace(/^\./, '');
  if (IPV4.test(name) || name === 'localhost') return false;
  if (!name.includes('.')) return true;
  if (HOSTING_SUFFIXES.has(name)) return true;
  const [second = '', last = ''] = name.split('.').slice(-2);
  return name.split('.').length === 2 && last.length === 2 && COUNTRY_SECOND_LEVEL.has(second);
}

/** The host name (without port) of a URL or origin; undefined when it has none. */
export function hostnameOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** The host (with port) of a URL; undefined when it has none. */
export function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

/** `api.example.com/v1/me` for evidence lines: where a response came from, without its query. */
export function hostAndPath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}
