import type { CookieContext } from './cookies/cookie-context.ts';
import type { TokenRequest, TokenResponse } from './token-endpoint/token-request.ts';

/**
 * The unit everything else works on: one HTTP request/response pair as Auth Inspector saw it,
 * joined from the network layer (webRequest) and the page (fetch/XHR observer) when both saw it.
 * Header names are lower-cased; every value is untrusted page- or server-controlled text.
 */
export interface HeaderEntry {
  name: string;
  value: string;
}

export interface BodySample {
  text: string;
  /** True when the body was longer than the cap and `text` holds only its start. */
  truncated: boolean;
}

/** Who saw it: the worker's webRequest view, the page's fetch/XHR observer, or DevTools' network log. */
export type ExchangeSource = 'network' | 'page' | 'devtools';

export interface Exchange {
  id: string;
  tabId: number;
  method: string;
  url: string;
  /** HTTP status; 0 when the request failed without a response (network error, blocked). */
  status: number;
  /** webRequest resource type ('xmlhttprequest', 'main_frame', ...) or the page API ('fetch', 'xhr'). */
  type: string;
  startedAt: number;
  completedAt: number;
  requestHeaders: HeaderEntry[];
  responseHeaders: HeaderEntry[];
  responseBody?: BodySample;
  sources: ExchangeSource[];
  /** Whether this exchange counts as an authentication failure (see isAuthFailure). */
  failed: boolean;
  /** Network error text from the browser, when status is 0. */
  error?: string;
  /** The hop before a redirect that led here, when the earlier hop carried a credential. */
  redirectedFrom?: RedirectedFrom;
  /**
   * The content script's id for the page observation this exchange holds, so a relay retried after
   * the worker was stopped mid-message is recognised instead of recorded twice.
   */
  observationId?: string;
  /**
   * Recorded from the page alone, before network capture was on for its tab: what that view could
   * not show (page-view.ts). Dropped when the network view of the same request joins it.
   */
  unseen?: string[];
  /** Seen by the page while a service worker controlled it (which may change requests after it). */
  viaServiceWorker?: boolean;
  /**
   * Which frame of the tab made the request (0: the top frame), and the origin of the document that
   * made it, when a source knows: an experiment is sent only for the top page's own requests, and
   * only while the tab still shows that origin (a frame or an earlier site must not get the page's
   * tokens sent where it chose).
   */
  frameId?: number;
  pageOrigin?: string;
  /**
   * Sent by Auth Inspector on the user's click to test a cause of another exchange (issue 16): never
   * an app failure, never on the badge, marked in exports.
   */
  experiment?: ExperimentRecord;
  /**
   * A request to a token endpoint (a refresh, a login, a client's grant), read from the body the
   * page sent, secrets reduced to fingerprints where they were read (issue 17).
   */
  tokenRequest?: TokenRequest;
  /** What a successful grant issued, reduced the same way (its body is not kept). */
  tokenResponse?: TokenResponse;
  /**
   * The page's credentials mode and the cookie jar for the request, read when the failure was
   * recorded (issue 18): names, attributes and fingerprints, never a cookie's value.
   */
  cookies?: CookieContext;
}

export interface RedirectedFrom {
  url: string;
  carriedCredential: boolean;
  /**
   * The credential header the earlier hop carried, which the browser did not forward across
   * origins: kept (in session storage, like every recorded header) so that the redirect
   * experiment can send it to the final URL. Never exported.
   */
  credential?: HeaderEntry;
}

/** What an experiment was, and what it proved; the record's own fields hold what was sent and came back. */
export type ExperimentKind =
  | 'fresher-token'
  | 'repaired-header'
  | 'same-again'
  | 'preflight'
  | 'redirect-target';

export type ExperimentVerdict = 'confirmed' | 'ruled-out' | 'inconclusive';

export interface ExperimentRecord {
  kind: ExperimentKind;
  /** The cause it tested (a CauseId). */
  causeId: string;
  /** The failed exchange it tested. */
  forExchangeId: string;
  verdict: ExperimentVerdict;
  /** The verdict in words. */
  reason: string;
  /** The one change from the failed request, credentials masked. */
  change: string;
}

export function headerValue(headers: readonly HeaderEntry[], name: string): string | undefined {
  for (const header of headers) if (header.name === name) return header.value;
  return undefined;
}

export function headerValues(headers: readonly HeaderEntry[], name: string): string[] {
  return headers.filter((header) => header.name === name).map((header) => header.value);
}
