import type { Exchange, HeaderEntry } from '../src/core/exchange.ts';
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
    responseHeaders: toEntries(input.response ?? {}),
    ...(body === undefined ? {} : { responseBody: { text: body, truncated: false } }),
    ...(tokenRequest ? { tokenRequest } : {}),
    ...(tokenResponse ? { tokenResponse } : {}),
    sources: ['network'],
    failed: input.failed ?? true,
    ...(input.redirectedFrom ? { redirectedFrom: input.redirectedFrom } : {}),
    frameId: input.frameId ?? 0,
    pageOrigin: input.pageOrigin ?? origin,
  };
}
