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
  redirectedFrom?: { url: string; carriedCredential: boolean };
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
}

export function headerValue(headers: readonly HeaderEntry[], name: string): string | undefined {
  for (const header of headers) if (header.name === name) return header.value;
  return undefined;
}

export function headerValues(headers: readonly HeaderEntry[], name: string): string[] {
  return headers.filter((header) => header.name === name).map((header) => header.value);
}
