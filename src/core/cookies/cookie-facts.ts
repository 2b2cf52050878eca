import { type Exchange, headerValue, headerValues } from '../exchange.ts';
import type { CookieContext, JarCookie } from './cookie-context.ts';
import {
  type CookieRequest,
  domainMatches,
  isCrossSite,
  type WithheldReason,
  withheldReasons,
} from './cookie-rules.ts';
import { isSessionCookie } from './session-cookie-names.ts';
import { deletesCookie, expiresAt, parseSetCookies, type SetCookie } from './set-cookie.ts';
import { hostnameOf, isLoopbackHost, isPublicSuffix, originOf, siteOf } from './site.ts';

/**
 * What the diagnosis knows about the cookies of one failed exchange: each cookie of the jar judged
 * against the request, the Set-Cookie headers that ended or never started the session, and the
 * CORS answer to a credentialed cross-origin call.
 */
export interface JudgedCookie {
  cookie: JarCookie;
  /** Empty when the browser sent it. */
  reasons: WithheldReason[];
  session: boolean;
}

/** A Set-Cookie the diagnosis reads, with where and when it came. */
export interface SeenSetCookie {
  setCookie: SetCookie;
  at: number;
  url: string;
  /** On the failed response itself rather than an earlier one. */
  onFailure: boolean;
}

/** A session cookie the server offered and the browser refused to store, with the rule it broke. */
export interface RefusedSetCookie extends SeenSetCookie {
  reason: WithheldReason;
}

export type CorsCredentialsRefusal = 'cors-wildcard-origin' | 'cors-allow-credentials';

export interface CookieFacts {
  context: CookieContext;
  request: CookieRequest;
  /** Whether the jar was read for this exchange (the `cookies` permission, a recorder that read it). */
  jarKnown: boolean;
  /** A document load (the tab's page or a frame's), not a call the page's script made. */
  documentLoad: boolean;
  judged: JudgedCookie[];
  /** Session cookies for this URL that went with the request. */
  sentSessions: JudgedCookie[];
  /** Session cookies the browser withheld, for this URL or (domain) for the page's host. */
  withheldSessions: JudgedCookie[];
  /** Session cookies the browser refused to store (Set-Cookie on the failed or an earlier response). */
  refused: RefusedSetCookie[];
  /** Session cookies the server deleted (Max-Age=0, a past Expires) before or with the failure. */
  deleted: SeenSetCookie[];
  /** Session cookies whose own lifetime (from the Set-Cookie that made them) ended before the request. */
  lapsed: SeenSetCookie[];
  /** Session cookies the server set and the browser kept, still alive: the sign-in, and when. */
  established: SeenSetCookie[];
  cors?: CorsCredentialsRefusal;
}

const MAX_JAR = 100;

export function gatherCookieFacts(exchange: Exchange, history: readonly Exchange[]): CookieFacts {
  const context = exchange.cookies ?? {};
  const request = cookieRequestOf(exchange, context);
  const jar = (context.jar ?? []).slice(0, MAX_JAR);
  const judged = jar.map((cookie) => ({
    cookie,
    reasons: withheldReasons(cookie, request),
    session: isSessionCookie(cookie),
  }));
  const host = hostnameOf(exchange.url);
  const facts: CookieFacts = {
    context,
    request,
    jarKnown: context.jar !== undefined,
    documentLoad: request.navigation || ['main_frame', 'sub_frame', 'document'].includes(exchange.type),
    judged,
    sentSessions: judged.filter((item) => item.session && item.reasons.length === 0),
    withheldSessions: judged.filter((item) => item.session && item.reasons.length > 0 && host !== undefined),
    refused: [],
    deleted: [],
    lapsed: [],
    established: [],
  };
  if (context.sent) {
    // A witness saw the Cookie header: what it says wins over the rules.
    const sent = new Set(context.sent);
    facts.sentSessions = judged.filter((item) => item.session && sent.has(item.cookie.name));
    facts.withheldSessions = facts.withheldSessions.filter((item) => !sent.has(item.cookie.name));
  }
  // Earlier responses are read only for a failure whose cookies are known or whose own answer set
  // one: the history scan is the cost of this module, and nothing else needs it.
  if (
    exchange.failed &&
    (exchange.cookies !== undefined || headerValue(exchange.responseHeaders, 'set-cookie'))
  )
    readSetCookies(exchange, history, request, facts);
  const cors = corsRefusal(exchange, request);
  if (cors) facts.cors = cors;
  return facts;
}

function cookieRequestOf(exchange: Exchange, context: CookieContext): CookieRequest {
  const navigation = context.navigation ?? (exchange.type === 'main_frame' || exchange.type === 'document');
  const initiator = exchange.pageOrigin ?? (context.topLevelUrl ? originOf(context.topLevelUrl) : undefined);
  return {
    url: exchange.url,
    method: exchange.method,
    ...(initiator ? { initiatorOrigin: initiator } : {}),
    ...(context.topLevelUrl ? { topLevelUrl: context.topLevelUrl } : {}),
    navigation,
    ...(context.credentialsMode ? { credentialsMode: context.credentialsMode } : {}),
    at: exchange.startedAt,
    ...(context.thirdPartyCookiesBlocked === undefined
      ? {}
      : { thirdPartyCookiesBlocked: context.thirdPartyCookiesBlocked }),
    laxByDefault: context.laxByDefault ?? true,
  };
}

/** Earlier responses are read back this far: a session set at login is usually minutes to hours old. */
const HISTORY_WINDOW_MS = 24 * 60 * 60 * 1000;

function readSetCookies(
  exchange: Exchange,
  history: readonly Exchange[],
  request: CookieRequest,
  facts: CookieFacts,
): void {
  const sources = history.filter(
    (item) =>
      item.id !== exchange.id &&
      item.completedAt <= exchange.startedAt &&
      exchange.startedAt - item.completedAt <= HISTORY_WINDOW_MS &&
      sameHost(item.url, exchange.url),
  );
  const seen: SeenSetCookie[] = [];
  for (const item of [...sources, exchange]) {
    const values = headerValues(item.responseHeaders, 'set-cookie');
    if (!values.length) continue;
    for (const setCookie of parseSetCookies(values)) {
      if (!isSessionCookie(setCookie)) continue;
      seen.push({ setCookie, at: item.completedAt, url: item.url, onFailure: item === exchange });
    }
  }
  // The latest word on each cookie decides: a login after a logout is a live session again.
  const latest = new Map<string, SeenSetCookie>();
  for (const item of seen) latest.set(item.setCookie.name, item);
  for (const item of seen) {
    const reason = storageRefusal(item.setCookie, item.url, request);
    if (reason) facts.refused.push({ ...item, reason });
  }
  for (const item of latest.values()) {
    if (facts.refused.some((refused) => refused.setCookie === item.setCookie)) continue;
    if (deletesCookie(item.setCookie, item.at)) {
      facts.deleted.push(item);
      continue;
    }
    const end = expiresAt(item.setCookie, item.at);
    if (end !== undefined && end <= exchange.startedAt && !item.onFailure) facts.lapsed.push(item);
    else if (!item.onFailure) facts.established.push(item);
  }
  // A refusal that a later Set-Cookie of the same name superseded, stored fine, says nothing.
  facts.refused = facts.refused.filter(
    (item) => latest.get(item.setCookie.name)?.setCookie === item.setCookie,
  );
}

function sameHost(a: string, b: string): boolean {
  const hostA = hostnameOf(a);
  const hostB = hostnameOf(b);
  return hostA !== undefined && hostA === hostB;
}

/**
 * Why the browser refused to store a cookie the server set (RFC 6265bis §5.7, Chrome's SameSite and
 * third-party rules), or undefined when it stored it.
 */
export function storageRefusal(
  setCookie: SetCookie,
  responseUrl: string,
  request: CookieRequest,
): WithheldReason | undefined {
  let url: URL;
  try {
    url = new URL(responseUrl);
  } catch {
    return undefined;
  }
  if (setCookie.secure && url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return 'secure';
  if (setCookie.domain !== undefined) {
    const domain = setCookie.domain;
    if (domain !== url.hostname.toLowerCase() && isPublicSuffix(domain)) return 'domain';
    if (!domainMatches({ domain, hostOnly: false }, url.hostname)) return 'domain';
  }
  if (setCookie.sameSite === 'none' && !setCookie.secure && request.laxByDefault) return 'samesite';
  const context: CookieRequest = { ...request, url: responseUrl, navigation: false };
  const effective = setCookie.sameSite ?? (request.laxByDefault ? 'lax' : 'none');
  if (!request.navigation && effective !== 'none' && isCrossSite(context)) return 'samesite';
  if (
    request.thirdPartyCookiesBlocked === true &&
    !setCookie.partitioned &&
    request.topLevelUrl !== undefined &&
    siteOf(request.topLevelUrl) !== siteOf(responseUrl)
  )
    return 'third-party';
  return undefined;
}

/**
 * A credentialed cross-origin call whose answer the browser kept from the page (the Fetch
 * standard's CORS check): `Access-Control-Allow-Origin: *`, or no `Access-Control-Allow-Credentials: true`.
 */
function corsRefusal(exchange: Exchange, request: CookieRequest): CorsCredentialsRefusal | undefined {
  if (request.credentialsMode !== 'include' || request.navigation) return undefined;
  if (request.initiatorOrigin === undefined || originOf(exchange.url) === request.initiatorOrigin)
    return undefined;
  const allowOrigin = headerValue(exchange.responseHeaders, 'access-control-allow-origin');
  if (allowOrigin === undefined) return undefined;
  if (allowOrigin.trim() === '*') return 'cors-wildcard-origin';
  const allowCredentials = headerValue(exchange.responseHeaders, 'access-control-allow-credentials');
  return allowCredentials?.trim() === 'true' ? undefined : 'cors-allow-credentials';
}
