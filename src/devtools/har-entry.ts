import { isCredentialHeader } from '../core/credential-headers.ts';
import type { HeaderEntry } from '../core/exchange.ts';
import {
  mightBeTokenRequest,
  readTokenRequest,
  TOKEN_BODY_CHARS,
} from '../core/token-endpoint/read-token-request.ts';
import type { TokenRequest } from '../core/token-endpoint/token-request.ts';
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

/**
 * A token request seen by DevTools (from a web worker, say, which the page observer cannot see):
 * read from the logged body here, in the panel, so its secrets go no further than they did on the
 * page (issue 17).
 */
export function tokenRequestOfHar(entry: HarEntryLike): TokenRequest | undefined {
  const method = entry.request.method.toUpperCase();
  if (method !== 'POST') return undefined;
  const text = entry.request.postData?.text;
  const body = typeof text === 'string' && text.length <= TOKEN_BODY_CHARS ? text : undefined;
  if (!mightBeTokenRequest(entry.request.url, body)) return undefined;
  return readTokenRequest(method, entry.request.url, headerList(entry.request.headers), body);
}

function headerList(list: HarEntryLike['request']['headers']): HeaderEntry[] {
  return list
    .filter((header) => !header.name.startsWith(':'))
    .slice(0, LIMITS.headerCount)
    .map((header) => ({
      name: header.name.toLowerCase(),
      value: header.value.slice(0, LIMITS.headerValueChars),
    }));
}

/** The entry as an observation the worker validates like any other (bounded, lower-cased names). */
export function observationFromHar(entry: HarEntryLike, body: string | undefined): PageObservation {
  const started = Date.parse(entry.startedDateTime);
  const startedAt = Number.isFinite(started) ? started : Date.now();
  const headers = headerList;
  return {
    api: 'devtools',
    method: entry.request.method.slice(0, LIMITS.methodChars),
    url: entry.request.url.slice(0, LIMITS.urlChars),
    status: entry.response.status,
    startedAt,
    completedAt: startedAt + Math.max(0, Math.round(entry.time)),
    requestHeaders: headers(entry.request.headers),
    responseHeaders: headers(entry.response.headers),
    ...(body === undefined
      ? {}
      : { body: { text: body.slice(0, LIMITS.bodyChars), truncated: body.length > LIMITS.bodyChars } }),
  };
}
