import type { CredentialsMode, JarCookie } from './cookie-context.ts';
import { isLoopbackHost, originOf, siteOf } from './site.ts';

/**
 * Whether the browser sends a cookie of the jar with a request, and if not, every rule that
 * withholds it (RFC 6265bis §5.8.3 "retrieval", the Fetch standard's credentials mode, Chrome's
 * and Firefox's third-party and CHIPS rules). All of them, not the first: a developer who fixes
 * one needs to know whether another still stands.
 */
export type WithheldReason =
  | 'domain'
  | 'path'
  | 'secure'
  | 'expired'
  | 'partition'
  | 'third-party'
  | 'samesite'
  | 'credentials-mode';

export interface CookieRequest {
  url: string;
  method: string;
  /** The origin of the document that made the request (a frame's own origin for a frame's call). */
  initiatorOrigin?: string;
  /** The tab's top-level page. */
  topLevelUrl?: string;
  /** A top-level navigation of the tab (its own document load). */
  navigation: boolean;
  credentialsMode?: CredentialsMode;
  /** When the request was made, epoch ms. */
  at: number;
  thirdPartyCookiesBlocked?: boolean;
  laxByDefault: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** RFC 6265bis §5.1.3 domain-match, honouring host-only cookies (§5.7 step 10). */
export function domainMatches(cookie: Pick<JarCookie, 'domain' | 'hostOnly'>, host: string): boolean {
  const domain = cookie.domain.replace(/^\./, '').toLowerCase();
  const name = host.toLowerCase();
  if (cookie.hostOnly) return name === domain;
  return name === domain || name.endsWith(`.${domain}`);
}

/** RFC 6265bis §5.1.4 path-match. */
export function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}

/** Whether the request is cross-site for SameSite: its site against the page's (and for a navigation, its initiator's). */
export function isCrossSite(request: CookieRequest): boolean {
  const target = siteOf(request.url);
  if (target === undefined) return false;
  const initiator = request.initiatorOrigin === undefined ? undefined : siteOf(request.initiatorOrigin);
  if (request.navigation) return initiator !== undefined && initiator !== target;
  const top = request.topLevelUrl === undefined ? undefined : siteOf(request.topLevelUrl);
  return (top !== undefined && top !== target) || (initiator !== undefined && initiator !== target);
}

/** A request made inside a page of another site (a frame's call, or a call to another site's API from the page). */
export function inThirdPartyContext(request: CookieRequest): boolean {
  if (request.navigation || request.topLevelUrl === undefined) return false;
  const top = siteOf(request.topLevelUrl);
  return top !== undefined && top !== siteOf(request.url);
}

/** The reasons the browser withholds `cookie` from `request`; empty when it sends it. */
export function withheldReasons(cookie: JarCookie, request: CookieRequest): WithheldReason[] {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return [];
  }
  const reasons: WithheldReason[] = [];
  if (!domainMatches(cookie, url.hostname)) reasons.push('domain');
  if (!pathMatches(cookie.path, url.pathname || '/')) reasons.push('path');
  // Chrome and Firefox treat http://localhost as a secure context, Secure cookies included.
  if (cookie.secure && url.protocol === 'http:' && !isLoopbackHost(url.hostname)) reasons.push('secure');
  if (cookie.expirationDate !== undefined && cookie.expirationDate * 1000 <= request.at)
    reasons.push('expired');
  // SameSite before the third-party rules: it is the cookie's own attribute, the one the
  // developer set, and it holds whatever the browser's third-party setting is.
  const sameSite =
    cookie.sameSite === 'unspecified' ? (request.laxByDefault ? 'lax' : 'no_restriction') : cookie.sameSite;
  if (sameSite !== 'no_restriction' && isCrossSite(request)) {
    const laxAllows =
      sameSite === 'lax' && request.navigation && SAFE_METHODS.has(request.method.toUpperCase());
    if (!laxAllows) reasons.push('samesite');
  }
  if (cookie.partitionTopLevelSite !== undefined) {
    const top = request.navigation ? siteOf(request.url) : siteOf(request.topLevelUrl ?? request.url);
    if (top !== undefined && top !== siteOf(cookie.partitionTopLevelSite)) reasons.push('partition');
  } else if (request.thirdPartyCookiesBlocked === true && inThirdPartyContext(request)) {
    reasons.push('third-party');
  }
  if (!request.navigation && credentialsWithheld(request)) reasons.push('credentials-mode');
  return reasons;
}

/** The page's credentials mode keeps cookies home: 'omit', or 'same-origin' on a cross-origin call. */
export function credentialsWithheld(
  request: Pick<CookieRequest, 'credentialsMode' | 'url' | 'initiatorOrigin'>,
): boolean {
  if (request.credentialsMode === 'omit') return true;
  if (request.credentialsMode !== 'same-origin' || request.initiatorOrigin === undefined) return false;
  return originOf(request.url) !== request.initiatorOrigin;
}
