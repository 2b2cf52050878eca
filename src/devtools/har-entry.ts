import { isCredentialHeader } from '../core/credential-headers.ts';
import type { HeaderEntry } from '../core/exchange.ts';
import { mightBeTokenRequest } from '../core/token-endpoint/token-request-hint.ts';
import { LIMITS } from '../shared/limits.ts';
import type { PageObservation } from '../shared/messages.ts';

/** The parts of a HAR 1.2 entry (devtools.network.onRequestFinished) this panel reads. */
export interface HarEntryLike {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    headers: readonly { name: string; value: string }[];
    /** The body as DevTools logged it (HAR 1.2 postData), when it kept one. */
    postData?: { text?: string };
  };
  response: { status: number; headers: readonly { name: string; value: string }[] };
}

/**
 * Whether DevTools' copy of a request is worth sending to the worker: a watched status, a challenge
 * (a 400 may carry `Bearer error=…`), or a credential on the request. The worker decides whether it
 * failed; the panel does not load the engine for that.
 */
export function isWorthRecording(
  entry: HarEntryLike,
  watched: ReadonlySet<number>,
  extra?: ReadonlySet<string>,
): boolean {
  if (!/^https?:/i.test(entry.request.url)) return false;
  return (
    watched.has(entry.response.status) ||
    entry.response.headers.some((header) => header.name.toLowerCase() === 'www-authenticate') ||
    entry.request.headers.some((header) => isCredentialHeader(header.name.toLowerCase(), extra))
  );
}

/** HAR headers as the worker's entries: lower-cased, bounded, without HTTP/2 pseudo-headers. */
export function harHeaders(list: HarEntryLike['request']['headers']): HeaderEntry[] {
  return list
    .filter((header) => !header.name.startsWith(':'))
    .slice(0, LIMITS.headerCount)
    .map((header) => ({
      name: header.name.toLowerCase(),
      value: header.value.slice(0, LIMITS.headerValueChars),
    }));
}

/** Whether a logged request may be a token request (a cheap look; the reading is loaded on demand). */
export function mightBeTokenRequestHar(entry: HarEntryLike): boolean {
  if (entry.request.method.toUpperCase() !== 'POST') return false;
  const text = entry.request.postData?.text;
  return mightBeTokenRequest(
    entry.request.url,
    typeof text === 'string' ? text : undefined,
    harHeaders(entry.request.headers),
  );
}

/** The entry as an observation the worker validates like any other (bounded, lower-cased names). */
export function observationFromHar(entry: HarEntryLike, body: string | undefined): PageObservation {
  const started = Date.parse(entry.startedDateTime);
  const startedAt = Number.isFinite(started) ? started : Date.now();
  const headers = harHeaders;
  // DevTools saw the Cookie header: which cookies went is sent on by name, never by value (issue 18).
  const cookieHeaders = entry.request.headers.filter((header) => header.name.toLowerCase() === 'cookie');
  const sentCookies = cookieHeaders
    .flatMap((header) => header.value.split(';'))
    .map((pair) => pair.slice(0, Math.max(0, pair.indexOf('='))).trim())
    .filter((name) => name !== '')
    .slice(0, 50);
  return {
    api: 'devtools',
    method: entry.request.method.slice(0, LIMITS.methodChars),
    url: entry.request.url.slice(0, LIMITS.urlChars),
    status: entry.response.status,
    startedAt,
    completedAt: startedAt + Math.max(0, Math.round(entry.time)),
    requestHeaders: headers(entry.request.headers.filter((header) => header.name.toLowerCase() !== 'cookie')),
    responseHeaders: headers(entry.response.headers),
    ...(cookieHeaders.length > 0 ? { sentCookies } : {}),
    ...(body === undefined
      ? {}
      : { body: { text: body.slice(0, LIMITS.bodyChars), truncated: body.length > LIMITS.bodyChars } }),
  };
}
