import browser, { type WebRequest } from 'webextension-polyfill';
import { isCredentialHeader, isKeptRequestHeader, isKeptResponseHeader } from '../core/credential-headers.ts';
import type { Exchange, HeaderEntry } from '../core/exchange.ts';
import { LIMITS } from '../shared/limits.ts';
import { currentCaptureSettings } from './capture-settings.ts';
import { nextExchangeId } from './exchange-id.ts';

/**
 * Watches every http(s) request of every tab through webRequest (observing only, never blocking)
 * and reports the exchanges worth keeping: those that carried a credential, and those that
 * failed with an authentication status. Everything else is dropped at the first listener.
 */

interface PendingRequest {
  startedAt: number;
  headers: HeaderEntry[];
  credential: boolean;
  redirectedFrom?: { url: string; carriedCredential: boolean };
}

/** Requests with a credential that have not completed yet. Bounded: a long poll must not leak. */
const pending = new Map<string, PendingRequest>();
const MAX_PENDING = 2000;

const URLS = ['http://*/*', 'https://*/*'];
/** Every response: a 401 or 403 on any request is worth a record (an expired pre-signed image URL). */
const EVERY_RESPONSE: WebRequest.RequestFilter = { urls: URLS };
/**
 * Requests that can carry a credential header a page or worker set. Images, scripts, stylesheets,
 * fonts and media cannot, so their request headers are not sent to the worker at all: a page load
 * of 200 sub-resources costs 200 events instead of 400. (Names both Chrome and Firefox accept.)
 */
const HEADER_CARRYING: WebRequest.RequestFilter = {
  urls: URLS,
  types: ['main_frame', 'sub_frame', 'xmlhttprequest', 'websocket', 'object', 'ping', 'csp_report', 'other'],
};

/**
 * Chrome shows CORS preflights (the OPTIONS a server may wrongly refuse with 401) only to listeners
 * that ask for 'extraHeaders'; Firefox rejects that value outright, so it is added only where the
 * browser declares it, and only for responses: on the request side it would add nothing a cause
 * reads (Cookie, Origin).
 */
function withExtraHeaders<T extends string>(options: T[]): T[] {
  const declared = (globalThis as { chrome?: { webRequest?: { OnCompletedOptions?: object } } }).chrome
    ?.webRequest?.OnCompletedOptions;
  return declared && 'EXTRA_HEADERS' in declared ? [...options, 'extraHeaders' as T] : options;
}

export function startNetworkCapture(onExchange: (exchange: Exchange) => void): void {
  browser.webRequest.onSendHeaders.addListener(
    (details) => {
      if (details.tabId < 0 || !details.requestHeaders) return;
      const settings = currentCaptureSettings();
      let credential = false;
      const headers: HeaderEntry[] = [];
      for (const header of details.requestHeaders) {
        const name = header.name.toLowerCase();
        if (!isKeptRequestHeader(name, settings.extraCredentialHeaders)) continue;
        if (isCredentialHeader(name, settings.extraCredentialHeaders)) credential = true;
        headers.push({ name, value: (header.value ?? '').slice(0, LIMITS.headerValueChars) });
      }
      if (!credential && !pending.has(details.requestId)) return;
      if (pending.size >= MAX_PENDING) {
        const oldest = pending.keys().next().value;
        if (oldest !== undefined) pending.delete(oldest);
      }
      // A redirect sends headers again under the same id: the latest hop is the one that completes,
      // and it remembers the hop before it (Chrome 119+ drops Authorization on cross-origin redirects).
      const previous = pending.get(details.requestId);
      pending.set(details.requestId, {
        startedAt: details.timeStamp,
        headers,
        credential,
        ...(previous?.redirectedFrom ? { redirectedFrom: previous.redirectedFrom } : {}),
      });
    },
    HEADER_CARRYING,
    ['requestHeaders'],
  );

  browser.webRequest.onCompleted.addListener(
    (details) => {
      const request = pending.get(details.requestId);
      pending.delete(details.requestId);
      if (details.tabId < 0) return;
      // Without a credential, only an authentication status is worth a record. A 200/400 whose body
      // says "bad token" is reported by the page observer, which can read bodies.
      const settings = currentCaptureSettings();
      if (!request && !settings.watchedStatuses.has(details.statusCode)) return;
      if (settings.isIgnored(details.url)) return;
      const responseHeaders: HeaderEntry[] = [];
      for (const header of details.responseHeaders ?? []) {
        const name = header.name.toLowerCase();
        if (isKeptResponseHeader(name)) {
          responseHeaders.push({ name, value: (header.value ?? '').slice(0, LIMITS.headerValueChars) });
        }
      }
      onExchange({
        id: nextExchangeId(),
        tabId: details.tabId,
        method: details.method,
        url: details.url.slice(0, LIMITS.urlChars),
        status: details.statusCode,
        type: details.type,
        startedAt: request?.startedAt ?? details.timeStamp,
        completedAt: details.timeStamp,
        requestHeaders: request?.headers ?? [],
        responseHeaders,
        sources: ['network'],
        failed: false,
        ...(request?.redirectedFrom ? { redirectedFrom: request.redirectedFrom } : {}),
      });
    },
    EVERY_RESPONSE,
    withExtraHeaders<WebRequest.OnCompletedOptions>(['responseHeaders']),
  );

  browser.webRequest.onBeforeRedirect.addListener((details) => {
    const request = pending.get(details.requestId);
    if (request)
      request.redirectedFrom = {
        url: details.url.slice(0, LIMITS.urlChars),
        carriedCredential: request.credential,
      };
  }, HEADER_CARRYING);

  browser.webRequest.onErrorOccurred.addListener((details) => {
    pending.delete(details.requestId);
  }, HEADER_CARRYING);
}
