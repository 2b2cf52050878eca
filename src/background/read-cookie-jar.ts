import browser, { type Cookies } from 'webextension-polyfill';
import { type CookieJarSnapshot, jarDomainsFor } from '../core/cookies/attach-jar.ts';
import type { JarCookie, JarSameSite } from '../core/cookies/cookie-context.ts';
import { fingerprint } from '../core/fingerprint.ts';
import type { TabHistory } from '../core/history/tab-history.ts';
import type { CookieAddress } from '../shared/messages.ts';

/**
 * Reads the cookie jar for a tab's failures when they are diagnosed (issue 18): once per look, for
 * the sites the failures went to and the page's, never per request. Values become fingerprints
 * here and go no further; nothing of the jar is stored.
 */
const MAX_COOKIES_PER_DOMAIN = 60;

const isFirefox =
  typeof (globalThis as { browser?: unknown }).browser !== 'undefined' &&
  navigator.userAgent.includes('Firefox');

export async function readCookieJar(
  tabId: number,
  history: TabHistory,
): Promise<CookieJarSnapshot | undefined> {
  const failures = history.exchanges.filter((exchange) => exchange.failed);
  if (failures.length === 0 || !browser.cookies) return undefined;
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  const domains = jarDomainsFor(failures, tab?.url);
  const lists = await Promise.all(domains.map((domain) => cookiesOf(domain)));
  return {
    cookies: lists.flat(),
    domains,
    ...(tab?.url ? { topLevelUrl: tab.url } : {}),
    // Chromium reads a cookie without SameSite as Lax; Firefox as None. Firefox's Total Cookie
    // Protection keeps an unpartitioned cookie out of another site's pages by default.
    laxByDefault: !isFirefox,
    // Chrome blocks third-party cookies in Incognito windows by default; elsewhere it does not say
    // (reading the setting would need the "privacy" permission), and the causes say they cannot know.
    ...(isFirefox || tab?.incognito ? { thirdPartyCookiesBlocked: true } : {}),
  };
}

async function cookiesOf(domain: string): Promise<JarCookie[]> {
  // Partitioned (CHIPS) cookies too, where the browser knows partitionKey (Chrome 119+, Firefox 94+).
  const all = await browser.cookies
    .getAll({ domain, partitionKey: {} } as Cookies.GetAllDetailsType)
    .catch(() => browser.cookies.getAll({ domain }).catch(() => [] as Cookies.Cookie[]));
  return all.slice(0, MAX_COOKIES_PER_DOMAIN).map(jarCookieOf);
}

const SAME_SITE: Record<string, JarSameSite> = {
  no_restriction: 'no_restriction',
  lax: 'lax',
  strict: 'strict',
  unspecified: 'unspecified',
};

function jarCookieOf(cookie: Cookies.Cookie): JarCookie {
  const partition = (cookie as { partitionKey?: { topLevelSite?: string } }).partitionKey?.topLevelSite;
  return {
    name: cookie.name.slice(0, 256),
    domain: cookie.domain.slice(0, 256),
    hostOnly: cookie.hostOnly,
    path: cookie.path.slice(0, 1024),
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: SAME_SITE[cookie.sameSite ?? 'unspecified'] ?? 'unspecified',
    ...(cookie.expirationDate === undefined ? {} : { expirationDate: cookie.expirationDate }),
    ...(partition ? { partitionTopLevelSite: partition } : {}),
    valueFingerprint: fingerprint(cookie.value),
    valueLength: cookie.value.length,
  };
}

/** The value of one cookie of the jar now, for the user's Reveal click; undefined when it is gone. */
export async function readCookieValue(
  address: CookieAddress,
): Promise<{ value: string; fingerprint: string } | null> {
  if (!browser.cookies) return null;
  const domain = address.domain.replace(/^\./, '');
  const all = await browser.cookies
    .getAll({ domain, name: address.name, partitionKey: {} } as Cookies.GetAllDetailsType)
    .catch(() => browser.cookies.getAll({ domain, name: address.name }).catch(() => [] as Cookies.Cookie[]));
  const found = all.find(
    (cookie) =>
      cookie.domain === address.domain &&
      cookie.path === address.path &&
      (cookie as { partitionKey?: { topLevelSite?: string } }).partitionKey?.topLevelSite ===
        address.partitionTopLevelSite,
  );
  return found ? { value: found.value, fingerprint: fingerprint(found.value) } : null;
}
