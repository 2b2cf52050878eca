import type { JarCookie } from '../cookies/cookie-context.ts';
import type { CookieFacts } from '../cookies/cookie-facts.ts';
import type { WithheldReason } from '../cookies/cookie-rules.ts';
import type { SetCookie } from '../cookies/set-cookie.ts';
import { hostOf, originOf } from '../cookies/site.ts';

/** How the cookie causes describe cookies and the browser's rules, in one wording. */

export function describeJarCookie(cookie: JarCookie): string {
  const parts = [`${cookie.hostOnly ? 'host' : 'domain'} ${cookie.domain}`, `path ${cookie.path}`];
  if (cookie.secure) parts.push('Secure');
  if (cookie.httpOnly) parts.push('HttpOnly');
  parts.push(`SameSite=${SAME_SITE_WORDS[cookie.sameSite]}`);
  if (cookie.partitionTopLevelSite) parts.push(`Partitioned under ${cookie.partitionTopLevelSite}`);
  return `${cookie.name} (${parts.join(', ')})`;
}

const SAME_SITE_WORDS: Record<JarCookie['sameSite'], string> = {
  no_restriction: 'None',
  lax: 'Lax',
  strict: 'Strict',
  unspecified: 'not set',
};

/** Why the browser withheld (or refused to store) the cookie, in words about this request. */
export function reasonText(
  reason: WithheldReason,
  facts: CookieFacts,
  cookie?: JarCookie | SetCookie,
): string {
  const { request } = facts;
  const host = hostOf(request.url);
  const page = request.topLevelUrl ? originOf(request.topLevelUrl) : request.initiatorOrigin;
  switch (reason) {
    case 'credentials-mode':
      return request.credentialsMode === 'omit'
        ? 'the page asked for no cookies at all (credentials: "omit")'
        : `the call goes to another origin (${originOf(request.url) ?? request.url}) and the page did not ask for cookies (fetch without credentials: "include", XHR without withCredentials), so the browser sent none`;
    case 'samesite':
      return cookie && 'sameSite' in cookie && cookie.sameSite === 'none'
        ? 'SameSite=None without Secure: Chrome refuses such a cookie'
        : `the request is cross-site (${page ?? 'the page'} → ${host ?? request.url}) and the cookie's SameSite (${sameSiteOf(cookie)}) keeps it to same-site requests${request.method.toUpperCase() !== 'GET' ? ` and top-level GET navigations (this was a ${request.method.toUpperCase()})` : ''}`;
    case 'secure':
      return `the cookie is Secure and ${host ?? 'the server'} is plain http: Secure cookies are stored and sent over https only`;
    case 'domain':
      return `its domain (${domainOf(cookie)}) does not match ${host ?? 'the request host'}: the browser keeps a separate jar per host name (localhost and 127.0.0.1 are different hosts), and a Domain attribute must cover the host that sets it and cannot be a public suffix`;
    case 'path':
      return `its path (${cookie && 'path' in cookie ? cookie.path : '?'}) does not cover ${pathOf(request.url)}`;
    case 'expired':
      return 'the cookie had expired by its own Expires/Max-Age before the request';
    case 'third-party':
      return `the request is made inside a page of another site (${page ?? 'the page'}) and the browser blocks third-party cookies (Chrome's setting, Firefox's Total Cookie Protection, Safari's ITP)`;
    case 'partition':
      return `the cookie is partitioned (CHIPS) under ${cookie && 'partitionTopLevelSite' in cookie ? cookie.partitionTopLevelSite : 'another site'}, and this request was made under ${page ?? 'another top-level site'}`;
  }
}

function sameSiteOf(cookie: JarCookie | SetCookie | undefined): string {
  if (!cookie) return 'Lax';
  if ('hostOnly' in cookie)
    return cookie.sameSite === 'unspecified' ? 'not set, read as Lax' : SAME_SITE_WORDS[cookie.sameSite];
  return cookie.sameSite
    ? cookie.sameSite.charAt(0).toUpperCase() + cookie.sameSite.slice(1)
    : 'not set, read as Lax';
}

function domainOf(cookie: JarCookie | SetCookie | undefined): string {
  if (!cookie) return '?';
  if ('hostOnly' in cookie) return cookie.domain;
  return cookie.domain ?? '(host only)';
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** The fix for each rule, said to the developer who owns the page or the server. */
export const REASON_FIX: Record<WithheldReason, string> = {
  'credentials-mode':
    'Ask for cookies on the call: fetch(url, { credentials: "include" }), axios withCredentials: true, XHR withCredentials = true; the server must then answer with Access-Control-Allow-Credentials: true and the page\'s exact origin.',
  samesite:
    'Give the session cookie SameSite=None; Secure when the page and the API are different sites (and serve both over https), or put them on one site (app.example.com and api.example.com are the same site).',
  secure:
    'Serve the site over https (a local https proxy, or http://localhost, which browsers treat as secure), or drop Secure from the cookie for this plain-http environment only.',
  domain:
    'Set the cookie for the host the requests go to: use the same host name in the page and the API (localhost or 127.0.0.1, not both), and give Domain=example.com (no scheme, no port, not a public suffix) to share it between subdomains.',
  path: 'Set the cookie with Path=/ (or a path that covers the API), not the path of the page that logged in.',
  expired:
    'Sign in again; if it happens early, check the lifetime the server gives the cookie (express-session maxAge is in milliseconds).',
  'third-party':
    'Embedded across sites, an unpartitioned cookie is not sent when third-party cookies are blocked: use the Storage Access API (document.requestStorageAccess()) from the frame, a Partitioned cookie set inside the frame, or serve the frame from the embedding site.',
  partition:
    'A Partitioned (CHIPS) cookie goes only to frames under the top-level site that set it: sign in inside the frame under this site, or use an unpartitioned cookie with the Storage Access API.',
};
