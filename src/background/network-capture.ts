import browser, { type WebRequest } from 'webextension-polyfill';
import { isCredentialHeader, isKeptRequestHeader } from '../core/credential-headers.ts';
import type { Exchange, HeaderEntry, RedirectedFrom } from '../core/exchange.ts';
import { redirectsToSignIn } from '../core/signals/sign-in-redirect.ts';
import { LIMITS } from '../shared/limits.ts';
import { currentCaptureSettings } from './capture-settings.ts';
import {
  cookieRelevant,
  keptHeadersOf,
  refusesCredentials,
  rememberCorsAnswer,
  setsSessionCookie,
} from './cookie-answers.ts';
import { nextExchangeId } from './exchange-id.ts';

const ARMED_TABS_KEY = 'network-capture-tabs';

/**
 * Network capture, dormant until a tab needs it. While no tab does, the worker holds no webRequest
 * listener at all, so the browser sends it no event and an idle browser wakes nothing of ours; the
 * page observer (content scripts) is the only witness, and it sees all the diagnosis reads of a
 * same-origin fetch or XHR. A tab is armed (listeners filtered to its id, the narrowest scope
 * Chromium allows) from the first failure its page could not see whole (cross-origin headers, a
 * blocked call, a redirect, a document that failed), or when the popup or panel opens on it, until
 * it closes. Armed tabs are kept in storage.session, so a worker that was stopped (and with it its
 * listeners, which are not registered at the top level) arms them again when it next starts.
 *
 * Armed listeners observe only, never block, and report the exchanges worth keeping: those that
 * carried a credential, and those that failed with an authentication status.
 */

interface PendingRequest {
  startedAt: number;
  headers: HeaderEntry[];
  credential: boolean;
  redirectedFrom?: RedirectedFrom;
}

/** Requests with a credential that have not completed yet. Bounded: a long poll must not leak. */
const pending = new Map<string, PendingRequest>();
const MAX_PENDING = 2000;

const URLS = ['http://*/*', 'https://*/*'];
/** Every response: a 401 or 403 on any request is worth a record (an expired pre-signed image URL). */
const everyResponse = (tabId: number): WebRequest.RequestFilter => ({ urls: URLS, tabId });
/**
 * Requests that can carry a credential header a page or worker set. Images, scripts, stylesheets,
 * fonts and media cannot, so their request headers are not sent to the worker at all: a page load
 * of 200 sub-resources costs 200 events instead of 400. (Names both Chrome and Firefox accept.)
 */
const headerCarrying = (tabId: number): WebRequest.RequestFilter => ({
  urls: URLS,
  tabId,
  types: ['main_frame', 'sub_frame', 'xmlhttprequest', 'websocket', 'object', 'ping', 'csp_report', 'other'],
});

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

type SendHeadersDetails = WebRequest.OnSendHeadersDetailsType;
type CompletedDetails = WebRequest.OnCompletedDetailsType;
type RedirectDetails = WebRequest.OnBeforeRedirectDetailsType;

function onSendHeaders(details: SendHeadersDetails): void {
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
}

function exchangeOf(details: CompletedDetails): Exchange | undefined {
  const request = pending.get(details.requestId);
  pending.delete(details.requestId);
  if (details.tabId < 0) return undefined;
  // Without a credential, only an authentication status is worth a record, or an answer that may
  // explain a cookie session (issue 18). A 200/400 whose body says "bad token" is reported by the
  // page observer, which can read bodies.
  const settings = currentCaptureSettings();
  const watched = settings.watchedStatuses.has(details.statusCode);
  if (!request && !watched && !cookieRelevant(details)) return undefined;
  const responseHeaders = keptHeadersOf(details.responseHeaders);
  if (!request && !watched) {
    // A CORS answer the browser may withhold from a page that asked for cookies: kept aside for
    // the page's network error to find (issue 18), not recorded on its own.
    if (details.type === 'xmlhttprequest' && refusesCredentials(responseHeaders))
      rememberCorsAnswer(details, responseHeaders);
    // A response that signs in or out (a session cookie set or deleted) is the history a session's
    // failure is explained by (issue 18); any other uncredentialed success is not kept.
    if (!setsSessionCookie(responseHeaders)) return undefined;
  }
  if (settings.isIgnored(details.url)) return undefined;
  return {
    ...networkExchange(details, request, responseHeaders),
    ...(request?.redirectedFrom ? { redirectedFrom: request.redirectedFrom } : {}),
  };
}

/** The record of one response as the network saw it, with the request's headers when they were kept. */
function networkExchange(
  details: CompletedDetails | RedirectDetails,
  request: PendingRequest | undefined,
  responseHeaders: HeaderEntry[],
): Exchange {
  return {
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
    frameId: details.frameId,
    ...pageOriginOf(details),
  };
}

/**
 * The origin of the document that made the request: the page itself for a document load, else the
 * initiator (Chrome's `initiator`, Firefox's `originUrl`).
 */
function pageOriginOf(details: CompletedDetails | RedirectDetails): { pageOrigin?: string } {
  const source =
    details.type === 'main_frame'
      ? details.url
      : ((details as { initiator?: string }).initiator ?? details.originUrl ?? details.documentUrl);
  if (!source) return {};
  try {
    const { origin } = new URL(source);
    return origin === 'null' ? {} : { pageOrigin: origin };
  } catch {
    return {};
  }
}

/**
 * A redirect to the sign-in page, or one that deletes the session cookie: how a session app
 * answers a request it no longer knows (issue 18). Recorded as its own exchange, with its status.
 */
function signInRedirect(details: RedirectDetails): Exchange | undefined {
  if (details.tabId < 0) return undefined;
  const responseHeaders = keptHeadersOf(details.responseHeaders);
  if (!redirectsToSignIn(details.url, details.redirectUrl) && !setsSessionCookie(responseHeaders))
    return undefined;
  if (!responseHeaders.some((header) => header.name === 'location'))
    responseHeaders.push({ name: 'location', value: details.redirectUrl.slice(0, LIMITS.urlChars) });
  return networkExchange(details, pending.get(details.requestId), responseHeaders);
}

function onBeforeRedirect(details: { requestId: string; url: string }): void {
  const request = pending.get(details.requestId);
  if (!request) return;
  // The credential this hop carried, which the browser will not forward across origins: the
  // redirect experiment sends it to the final URL (the page's own token, to where it was going).
  const extra = currentCaptureSettings().extraCredentialHeaders;
  const credential = request.headers.find((header) => isCredentialHeader(header.name, extra));
  request.redirectedFrom = {
    url: details.url.slice(0, LIMITS.urlChars),
    carriedCredential: request.credential,
    ...(credential ? { credential } : {}),
  };
}

function onErrorOccurred(details: { requestId: string }): void {
  pending.delete(details.requestId);
}

/** The listeners of one armed tab: functions of their own, so each can be removed alone. */
interface TabListeners {
  sendHeaders: (details: SendHeadersDetails) => void;
  completed: (details: CompletedDetails) => void;
  beforeRedirect: (details: RedirectDetails) => void;
  errorOccurred: (details: { requestId: string }) => void;
}

export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export class NetworkCapture {
  private readonly armed = new Map<number, TabListeners>();

  constructor(
    private readonly onExchange: (exchange: Exchange) => void,
    private readonly session: SessionArea,
  ) {}

  isArmed(tabId: number): boolean {
    return this.armed.has(tabId);
  }

  /** Starts watching one tab's requests (no-op when it is watched already). */
  arm(tabId: number): void {
    if (tabId < 0 || this.armed.has(tabId)) return;
    this.listen(tabId);
    void this.save();
  }

  disarm(tabId: number): void {
    const listeners = this.armed.get(tabId);
    if (!listeners) return;
    this.armed.delete(tabId);
    browser.webRequest.onSendHeaders.removeListener(listeners.sendHeaders);
    browser.webRequest.onCompleted.removeListener(listeners.completed);
    browser.webRequest.onBeforeRedirect.removeListener(listeners.beforeRedirect);
    browser.webRequest.onErrorOccurred.removeListener(listeners.errorOccurred);
    void this.save();
  }

  /** Arms again the tabs that were armed before the worker stopped, if they are still open. */
  async restore(tabExists: (tabId: number) => Promise<boolean>): Promise<void> {
    const items: Record<string, unknown> = await this.session.get(ARMED_TABS_KEY).catch(() => ({}));
    const stored = items[ARMED_TABS_KEY];
    if (!Array.isArray(stored)) return;
    for (const tabId of stored) {
      if (Number.isInteger(tabId) && (await tabExists(tabId))) this.listen(tabId);
    }
    await this.save();
  }

  private listen(tabId: number): void {
    const listeners: TabListeners = {
      sendHeaders: (details) => onSendHeaders(details),
      completed: (details) => {
        const exchange = exchangeOf(details);
        if (exchange) this.onExchange(exchange);
      },
      beforeRedirect: (details) => {
        const exchange = signInRedirect(details);
        if (exchange) this.onExchange(exchange);
        onBeforeRedirect(details);
      },
      errorOccurred: (details) => onErrorOccurred(details),
    };
    this.armed.set(tabId, listeners);
    browser.webRequest.onSendHeaders.addListener(listeners.sendHeaders, headerCarrying(tabId), [
      'requestHeaders',
    ]);
    browser.webRequest.onCompleted.addListener(
      listeners.completed,
      everyResponse(tabId),
      withExtraHeaders<WebRequest.OnCompletedOptions>(['responseHeaders']),
    );
    // Response headers on redirects only (rare): a redirect to sign-in and the Set-Cookie that
    // ended a session are how session apps refuse (issue 18).
    browser.webRequest.onBeforeRedirect.addListener(
      listeners.beforeRedirect,
      headerCarrying(tabId),
      withExtraHeaders<WebRequest.OnBeforeRedirectOptions>(['responseHeaders']),
    );
    browser.webRequest.onErrorOccurred.addListener(listeners.errorOccurred, headerCarrying(tabId));
  }

  private save(): Promise<void> {
    return this.session.set({ [ARMED_TABS_KEY]: [...this.armed.keys()] }).catch(() => {});
  }
}
