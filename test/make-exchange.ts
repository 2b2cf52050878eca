import type { CookieContext, JarCookie } from '../src/core/cookies/cookie-context.ts';
import type { Exchange, HeaderEntry } from '../src/core/exchange.ts';
import { fingerprint } from '../src/core/fingerprint.ts';
import { redactSetCookie } from '../src/core/redact/redact-cookie.ts';
import { mightBeTokenRequest, readTokenRequest } from '../src/core/token-endpoint/read-token-request.ts';
import { reduceTokenResponse } from '../src/core/token-endpoint/reduce-token-response.ts';

type Headers = Record<string, string | string[]>;

function toEntries(headers: Headers): HeaderEntry[] {
  return Object.entries(headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((item) => ({ name: name.toLowerCase(), value: item })),
  );
}

export interface ExchangeInput {
  method?: string;
  url?: string;
  status: number;
  request?: Headers;
  response?: Headers;
  body?: string;
  /**
   * The request body as the page sent it (a token endpoint's form or JSON): reduced the way the page
   * observer reduces it, so secret fields never reach the exchange.
   */
  requestBody?: string;
  at?: number;
  failed?: boolean;
  /** The hop before a redirect that led here (see Exchange.redirectedFrom). */
  redirectedFrom?: { url: string; carriedCredential: boolean };
  /** Where it came from (see Exchange.frameId, pageOrigin): the top frame of a page on the API's own origin unless said. */
  frameId?: number;
  pageOrigin?: string;
  /** The cookie facts a fixture gives (see test/fixtures/cookie-sessions/support.ts). */
  cookies?: FixtureCookies;
}

/** A fixture's cookie context: the jar as `cookies.getAll` returns it, values included. */
export interface FixtureCookies extends Omit<CookieContext, 'jar' | 'topLevelUrl'> {
  pageUrl: string;
  jar?: (Omit<JarCookie, 'valueFingerprint' | 'valueLength' | 'partitionTopLevelSite'> & {
    value: string;
    partitionKey?: { topLevelSite: string };
  })[];
}

function originOf(url: string, fallback: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return fallback;
  }
}

/** As the worker reads the jar: values become fingerprints, the partition key its top-level site. */
export function cookieContextOf(input: FixtureCookies): CookieContext {
  const { pageUrl, jar, ...rest } = input;
  return {
    ...rest,
    topLevelUrl: pageUrl,
    ...(jar
      ? {
          jar: jar.map(({ value, partitionKey, ...cookie }) => ({
            ...cookie,
            valueFingerprint: fingerprint(value),
            valueLength: value.length,
            ...(partitionKey ? { partitionTopLevelSite: partitionKey.topLevelSite } : {}),
          })),
        }
      : {}),
  };
}

/** As network capture keeps response headers: a Set-Cookie loses its value (names and attributes stay). */
function keptResponseHeaders(headers: HeaderEntry[]): HeaderEntry[] {
  return headers.map((header) =>
    header.name === 'set-cookie' ? { name: header.name, value: redactSetCookie(header.value) } : header,
  );
}

/** A failed exchange as the recorder would store it, for core tests. */
export function makeExchange(input: ExchangeInput): Exchange {
  const at = input.at ?? Date.UTC(2026, 10, 21, 12, 0, 0);
  const url = input.url ?? 'https://api.example.com/v1/me';
  let origin = 'https://api.example.com';
  try {
    origin = new URL(url).origin;
  } catch {
    // A test's invalid URL: the default page.
  }
  const method = input.method ?? 'GET';
  const requestHeaders = toEntries(input.request ?? {});
  // As the page observer does: the body is read for a token request only, its secrets fingerprinted,
  // and a successful grant's answer is reduced instead of kept.
  const tokenRequest = mightBeTokenRequest(url, input.requestBody, requestHeaders)
    ? readTokenRequest(method, url, requestHeaders, input.requestBody)
    : undefined;
  const tokenResponse =
    tokenRequest && input.body !== undefined && input.status >= 200 && input.status < 300
      ? reduceTokenResponse(input.body)
      : undefined;
  const body = tokenResponse ? undefined : input.body;
  return {
    id: 'x1',
    tabId: 1,
    method,
    url,
    status: input.status,
    type: 'fetch',
    startedAt: at,
    completedAt: at + 40,
    requestHeaders,
    responseHeaders: keptResponseHeaders(toEntries(input.response ?? {})),
    ...(body === undefined ? {} : { responseBody: { text: body, truncated: false } }),
    ...(tokenRequest ? { tokenRequest } : {}),
    ...(tokenResponse ? { tokenResponse } : {}),
    sources: ['network'],
    failed: input.failed ?? true,
    ...(input.redirectedFrom ? { redirectedFrom: input.redirectedFrom } : {}),
    frameId: input.frameId ?? 0,
    // A fixture that names the page (cookies.pageUrl) was made by that page unless a frame is named.
    pageOrigin: input.pageOrigin ?? (input.cookies ? originOf(input.cookies.pageUrl, origin) : origin),
    ...(input.cookies ? { cookies: cookieContextOf(input.cookies) } : {}),
  };
}
