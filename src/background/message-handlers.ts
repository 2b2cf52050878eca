import type { Runtime } from 'webextension-polyfill';
import { isKeptRequestHeader, keptResponseHeader } from '../core/credential-headers.ts';
import type { Exchange } from '../core/exchange.ts';
import { pageOriginHeader, unseenFromPage } from '../core/page-view.ts';
import {
  type AnyRequest,
  type CookieAddress,
  type MessageType,
  type PageObservation,
  type Protocol,
  parseRequest,
} from '../shared/messages.ts';
import { nextExchangeId } from './exchange-id.ts';
import type { ExperimentRunner } from './experiment-runner.ts';
import type { NetworkCapture } from './network-capture.ts';
import type { TabDiagnoses } from './tab-diagnoses.ts';
import type { TabHistoryStore } from './tab-history-store.ts';

export interface HandlerContext {
  store: Pick<TabHistoryStore, 'clear' | 'stored'>;
  /** Diagnoses for the pages, made here so that the pages do not load the engine. */
  diagnoses: Pick<TabDiagnoses, 'failures' | 'failure' | 'history'>;
  record(exchange: Exchange): Promise<void>;
  /** Network capture, armed per tab (network-capture.ts). */
  network: Pick<NetworkCapture, 'arm' | 'isArmed'>;
  /** A request DevTools logged: recorded only when neither the worker nor the page saw it. */
  recordDevtools(exchange: Exchange): Promise<void>;
  /** Experiments, run on the user's click from the popup or the panel (issue 16). */
  experiments: Pick<ExperimentRunner, 'run'>;
  /** A cookie's value now, for the user's Reveal click (issue 18). */
  readCookieValue(cookie: CookieAddress): Promise<{ value: string; fingerprint: string } | null>;
  /** Header names the user added as credentials (settings). */
  extraCredentialHeaders(): ReadonlySet<string>;
  /** This extension's id and page origin (`chrome-extension://<id>/`), to tell its pages from content scripts. */
  runtimeId: string;
  extensionOrigin: string;
}

type Handlers = {
  [T in MessageType]: (
    request: Protocol[T]['request'],
    sender: Runtime.MessageSender,
    context: HandlerContext,
  ) => Promise<Protocol[T]['reply']> | undefined;
};

/**
 * Who may say what. Content scripts relay page data, so they may only add to their own tab's
 * history (the tab comes from `sender.tab`, never from the message). Reading or clearing a
 * history is for the extension's own pages: a page must never read another tab's tokens.
 */
const handlers = {
  'page-exchanges': (request, sender, context) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined || tabId < 0 || isExtensionPage(sender, context)) return undefined;
    const extra = context.extraCredentialHeaders();
    const armed = context.network.isArmed(tabId);
    let arm = false;
    const recorded = request.items.map(({ observation, observationId }) => {
      const exchange = fromObservation(observation, tabId, extra, sender.url);
      exchange.observationId = observationId;
      // The frame and document that made it, from the sender (never the message): experiments are
      // sent only for the top page's own requests, on the origin it still shows.
      if (typeof sender.frameId === 'number') exchange.frameId = sender.frameId;
      const origin = originOf(sender.url);
      if (origin) exchange.pageOrigin = origin;
      // A failure the page could not see whole turns network capture on for its tab; until then,
      // the record says what is missing (and the popup, how to see it).
      if (!armed) {
        const unseen = unseenFromPage(exchange);
        if (unseen.length > 0) {
          exchange.unseen = unseen;
          arm = true;
        }
      }
      return context.record(exchange);
    });
    if (arm) context.network.arm(tabId);
    return Promise.all(recorded)
      .then(() => context.store.stored())
      .then(() => ({ ok: true }));
  },
  // The popup or panel open on a tab: the user is looking, so the network view is worth its cost.
  'get-tab-failures': (request, sender, context) => {
    if (!isExtensionPage(sender, context)) return undefined;
    context.network.arm(request.tabId);
    return context.diagnoses.failures(request.tabId, request.lineLimit);
  },
  'get-failure': (request, sender, context) =>
    isExtensionPage(sender, context)
      ? context.diagnoses.failure(request.tabId, request.exchangeId)
      : undefined,
  'get-diagnosed-history': (request, sender, context) => {
    if (!isExtensionPage(sender, context)) return undefined;
    context.network.arm(request.tabId);
    return context.diagnoses.history(request.tabId);
  },
  // Only an extension page (the popup or panel, where the user clicked) may ask; the worker plans
  // the request itself from what it recorded.
  'run-experiment': (request, sender, context) =>
    isExtensionPage(sender, context)
      ? context.experiments.run(
          request.tabId,
          request.exchangeId,
          request.causeId,
          request.kind,
          request.shownChange,
        )
      : undefined,
  // Only the popup or panel, on the user's Reveal click: a page must never read a cookie's value.
  'reveal-cookie': (request, sender, context) =>
    isExtensionPage(sender, context) ? context.readCookieValue(request.cookie) : undefined,
  'devtools-exchange': (request, sender, context) => {
    if (!isExtensionPage(sender, context)) return undefined;
    const exchange = fromObservation(request.observation, request.tabId, context.extraCredentialHeaders());
    exchange.sources = ['devtools'];
    return context.recordDevtools(exchange).then(() => ({ ok: true }));
  },
  'clear-tab-history': (request, sender, context) =>
    isExtensionPage(sender, context)
      ? context.store.clear(request.tabId).then(() => ({ ok: true }))
      : undefined,
} satisfies Handlers;

export function handleMessage(
  message: unknown,
  sender: Runtime.MessageSender,
  context: HandlerContext,
): Promise<unknown> | undefined {
  if (sender.id !== context.runtimeId) return undefined;
  const request: AnyRequest | undefined = parseRequest(message);
  if (!request) return undefined;
  // The cast is safe: `parseRequest` pairs each type with its own payload.
  const handler = handlers[request.type] as (
    request: AnyRequest,
    sender: Runtime.MessageSender,
    context: HandlerContext,
  ) => Promise<unknown> | undefined;
  return handler(request, sender, context);
}

function isExtensionPage(sender: Runtime.MessageSender, context: HandlerContext): boolean {
  return typeof sender.url === 'string' && sender.url.startsWith(context.extensionOrigin);
}

function fromObservation(
  observation: PageObservation,
  tabId: number,
  extra: ReadonlySet<string>,
  pageUrl?: string,
): Exchange {
  const requestHeaders = observation.requestHeaders.filter((header) =>
    isKeptRequestHeader(header.name, extra),
  );
  // The browser sends the page's origin on a cross-origin call; the page's own list never has it.
  const origin = pageUrl === undefined ? undefined : pageOriginHeader(observation.url, pageUrl);
  if (origin && !requestHeaders.some((header) => header.name === 'origin')) requestHeaders.push(origin);
  return {
    id: nextExchangeId(),
    tabId,
    method: observation.method,
    url: observation.url,
    status: observation.status,
    type: observation.api,
    startedAt: observation.startedAt,
    completedAt: observation.completedAt,
    requestHeaders,
    responseHeaders: observation.responseHeaders.flatMap(
      (header) => keptResponseHeader(header.name, header.value) ?? [],
    ),
    ...(observation.body ? { responseBody: observation.body } : {}),
    ...(observation.redirectedFrom ? { redirectedFrom: observation.redirectedFrom } : {}),
    ...(observation.error ? { error: observation.error } : {}),
    ...(observation.viaServiceWorker ? { viaServiceWorker: true } : {}),
    ...(observation.tokenRequest ? { tokenRequest: observation.tokenRequest } : {}),
    ...(observation.tokenResponse ? { tokenResponse: observation.tokenResponse } : {}),
    ...(observation.credentials || observation.sentCookies
      ? {
          cookies: {
            ...(observation.credentials ? { credentialsMode: observation.credentials } : {}),
            ...(observation.sentCookies ? { sent: observation.sentCookies } : {}),
          },
        }
      : {}),
    sources: ['page'],
    failed: false,
  };
}

function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}
