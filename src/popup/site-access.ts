/**
 * Whether the extension may watch the inspected tab's site. Firefox (and Chrome's "site access"
 * menu) let users withhold host permissions; without them the extension sees none of the site's
 * requests, so the popup offers to ask for access. Pure: the browser calls come in through `api`.
 */
export type SiteAccess =
  | { kind: 'checking' }
  /** Access granted, or nothing to ask for (no such tab, a page no extension may watch). */
  | { kind: 'granted' }
  | { kind: 'not-applicable' }
  /** `site` is the host when the browser tells it; otherwise `origins` are the manifest's own. */
  | { kind: 'missing'; origins: string[]; site: string | undefined };

export interface SiteAccessApi {
  /** The tab's URL; undefined when the browser withholds it (no host access), rejects when no such tab. */
  tabUrl(tabId: number): Promise<string | undefined>;
  contains(origins: string[]): Promise<boolean>;
  /** The host permissions the manifest declares (`<all_urls>`). */
  manifestOrigins(): string[];
}

/** `https://app.example.com/x` → `https://app.example.com/*` (match patterns ignore the port). */
export function originPatternOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return `${parsed.protocol}//${parsed.hostname}/*`;
  } catch {
    return undefined;
  }
}

export async function checkSiteAccess(tabId: number, api: SiteAccessApi): Promise<SiteAccess> {
  let url: string | undefined;
  try {
    url = await api.tabUrl(tabId);
  } catch {
    return { kind: 'not-applicable' };
  }
  if (url !== undefined) {
    const pattern = originPatternOf(url);
    if (pattern === undefined) return { kind: 'not-applicable' };
    return (await api.contains([pattern]))
      ? { kind: 'granted' }
      : { kind: 'missing', origins: [pattern], site: new URL(url).host };
  }
  // The browser hides the URL of a tab the extension may not read: ask for what the manifest declares.
  const origins = api.manifestOrigins();
  if (origins.length === 0 || (await api.contains(origins))) return { kind: 'granted' };
  return { kind: 'missing', origins, site: undefined };
}
