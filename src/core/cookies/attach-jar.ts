import type { Exchange } from '../exchange.ts';
import type { CookieContext, JarCookie } from './cookie-context.ts';
import { hostnameOf, isLoopbackHost, registrableDomain } from './site.ts';

/**
 * The cookie jar as the worker read it for a tab when its failures were diagnosed (issue 18): the
 * cookies of the sites its failures went to and of the page, values reduced to fingerprints, and
 * what the browser itself decides (its SameSite default, third-party blocking).
 */
export interface CookieJarSnapshot {
  cookies: readonly JarCookie[];
  /** The registrable domains read (a cookie of any other was not looked for). */
  domains: readonly string[];
  /** The tab's top-level page now: the site a frame's request was made under. */
  topLevelUrl?: string;
  laxByDefault: boolean;
  thirdPartyCookiesBlocked?: boolean;
}

/** The registrable domains whose cookies speak about these failures: their hosts', and the page's. */
export function jarDomainsFor(failures: readonly Exchange[], pageUrl: string | undefined, max = 8): string[] {
  const domains = new Set<string>();
  const add = (url: string | undefined) => {
    if (url === undefined) return;
    try {
      const host = new URL(url).hostname;
      if (host) domains.add(registrableDomain(host));
      // localhost and 127.0.0.1 are one machine to a developer and two jars to the browser.
      if (isLoopbackHost(host)) for (const other of ['localhost', '127.0.0.1']) domains.add(other);
    } catch {
      // Not a URL with a host: nothing to read.
    }
  };
  add(pageUrl);
  for (let index = failures.length - 1; index >= 0 && domains.size < max; index--) {
    const failure = failures[index] as Exchange;
    add(failure.url);
    add(failure.pageOrigin);
  }
  return [...domains].slice(0, max);
}

/** The exchange with the jar's cookies for its request attached (a copy: the stored record keeps no jar). */
export function withCookieJar(exchange: Exchange, jar: CookieJarSnapshot | undefined): Exchange {
  if (!jar || !exchange.failed) return exchange;
  let host: string;
  try {
    host = new URL(exchange.url).hostname;
  } catch {
    return exchange;
  }
  const domain = registrableDomain(host);
  if (!jar.domains.includes(domain)) return exchange;
  const pageHost = hostnameOf(exchange.pageOrigin);
  const relevant = jar.cookies.filter((cookie) => {
    const cookieDomain = registrableDomain(cookie.domain.replace(/^\./, ''));
    return (
      cookieDomain === domain ||
      (pageHost !== undefined && cookieDomain === registrableDomain(pageHost)) ||
      (isLoopbackHost(host) && isLoopbackHost(cookie.domain.replace(/^\./, '')))
    );
  });
  const topLevelUrl =
    exchange.frameId === 0 || exchange.frameId === undefined ? exchange.pageOrigin : jar.topLevelUrl;
  const context: CookieContext = {
    ...exchange.cookies,
    jar: relevant,
    laxByDefault: jar.laxByDefault,
    ...(topLevelUrl ? { topLevelUrl } : {}),
    ...(jar.thirdPartyCookiesBlocked === undefined
      ? {}
      : { thirdPartyCookiesBlocked: jar.thirdPartyCookiesBlocked }),
  };
  return { ...exchange, cookies: context };
}
