import { CAUSE_IDS, type CauseId } from '../core/causes/cause.ts';
import { CREDENTIALS_MODES, type CredentialsMode } from '../core/cookies/cookie-context.ts';
import type { BodySample, ExperimentKind, HeaderEntry } from '../core/exchange.ts';
import { EXPERIMENT_METHODS } from '../core/experiments/experiment-methods.ts';
import type { ExperimentResultView } from '../core/experiments/experiment-view.ts';
import type { ExperimentRequest } from '../core/experiments/plan-experiment.ts';
import type { DiagnosedExchange } from '../core/history/group-failures.ts';
import type { DiagnosedHistory, TabFailures } from '../core/history/tab-diagnoses.ts';
import { STORED_TOKEN_LIMITS, type StoredToken } from '../core/page-tokens/find-stored-tokens.ts';
import type { TokenRequest, TokenResponse } from '../core/token-endpoint/token-request.ts';
import { LIMITS } from './limits.ts';
import { parseTokenRequest, parseTokenResponse } from './token-endpoint-validation.ts';

/**
 * The one message protocol between Auth Inspector's contexts. The request type fixes the reply
 * type; receivers validate with `parseRequest` because content scripts relay page-controlled data
 * and any page can post a message that looks like ours.
 */

/** What the page-world observer saw of one fetch/XHR exchange. */
export interface PageObservation {
  /**
   * fetch/xhr from the page observer; document: the page's own response status (Navigation
   * Timing), for a page that was itself refused; devtools from the panel's devtools.network log.
   */
  api: 'fetch' | 'xhr' | 'document' | 'devtools';
  method: string;
  url: string;
  status: number;
  startedAt: number;
  completedAt: number;
  requestHeaders: HeaderEntry[];
  responseHeaders: HeaderEntry[];
  body?: BodySample;
  /**
   * The URL the page asked for, when the browser followed a redirect away from it, and the
   * credential header it set that the browser did not forward across origins.
   */
  redirectedFrom?: { url: string; carriedCredential: boolean; credential?: HeaderEntry };
  /** The page's error text for a call that ended without a response (status 0). */
  error?: string;
  /** A service worker controlled the page: it may have changed the request after the page. */
  viaServiceWorker?: boolean;
  /** A token-endpoint request, read on the page with its secrets fingerprinted (issue 17). */
  tokenRequest?: TokenRequest;
  /** A successful grant's answer, reduced on the page (its body is not relayed). */
  tokenResponse?: TokenResponse;
  /** The call's credentials mode (fetch `credentials`, XHR `withCredentials`): did it ask for cookies (issue 18). */
  credentials?: CredentialsMode;
  /** Names of the cookies the request carried, from DevTools' log (the only witness of the Cookie header). */
  sentCookies?: string[];
}

/** Messages the worker answers. */
export interface Protocol {
  /**
   * Content script → worker: page exchanges, batched (one message per burst, not per request); the
   * tab comes from the sender, never from here.
   */
  'page-exchanges': {
    request: { type: 'page-exchanges'; items: RelayedObservation[] };
    /** Sent once the records are in storage.session, so a relay that has it may forget them. */
    reply: { ok: boolean };
  };
  /** Popup → worker: the tab's failures, diagnosed and grouped (the engine stays in the worker). */
  'get-tab-failures': {
    /** lineLimit: how many of the list's lines to send (FIRST_LINES when absent). */
    request: { type: 'get-tab-failures'; tabId: number; lineLimit?: number };
    reply: TabFailures;
  };
  /** Popup → worker: one failure in full, for the line the user chose (null: no longer kept). */
  'get-failure': {
    request: { type: 'get-failure'; tabId: number; exchangeId: string };
    reply: DiagnosedExchange | null;
  };
  /** Panel → worker: the tab's whole history, each exchange with its diagnosis view. */
  'get-diagnosed-history': {
    request: { type: 'get-diagnosed-history'; tabId: number };
    reply: DiagnosedHistory;
  };
  'clear-tab-history': { request: { type: 'clear-tab-history'; tabId: number }; reply: { ok: boolean } };
  /**
   * Popup or panel → worker, on the user's click in the confirmation dialog: run the experiment of
   * this kind for this cause of this failure. Only ids: the worker plans the request again from
   * what it recorded and the tokens the page keeps, so no page (of ours or the site's) can choose
   * what is sent or where.
   */
  'run-experiment': {
    request: {
      type: 'run-experiment';
      tabId: number;
      exchangeId: string;
      causeId: CauseId;
      kind: ExperimentKind;
      /**
       * The change the confirmation step showed (masked): the worker sends only if its plan is
       * still that one, so what is sent is what the user saw.
       */
      shownChange: string;
    };
    reply: ExperimentRunReply;
  };
  /**
   * Popup or panel → worker, on the user's Reveal click: the value a cookie of the jar holds now
   * (issue 18). Diagnoses carry only fingerprints; a value crosses only on this click, and only to
   * an extension page. null when the jar no longer has the cookie.
   */
  'reveal-cookie': {
    request: { type: 'reveal-cookie'; cookie: CookieAddress };
    reply: { value: string; fingerprint: string } | null;
  };
  /** DevTools panel → worker: a request DevTools logged for the inspected tab (it has the body). */
  'devtools-exchange': {
    request: { type: 'devtools-exchange'; tabId: number; observation: PageObservation };
    reply: { ok: boolean };
  };
}

export type ExperimentRunReply =
  | { ok: true; result: ExperimentResultView }
  /** Nothing was sent, and why (the failure or the plan is gone, the page did not answer). */
  | { ok: false; reason: string };

/** One cookie of the jar: its name, where it lives, and its CHIPS partition if it has one. */
export interface CookieAddress {
  name: string;
  domain: string;
  path: string;
  partitionTopLevelSite?: string;
}

export const EXPERIMENT_KINDS: readonly ExperimentKind[] = [
  'fresher-token',
  'repaired-header',
  'same-again',
  'preflight',
  'redirect-target',
];

export interface RelayedObservation {
  observation: PageObservation;
  /**
   * The relay's id for this observation (never the page's): a batch sent again after the worker
   * was stopped mid-message carries the same ids, so each observation is recorded once.
   */
  observationId: string;
}

/** Observations per relayed batch, at most. */
export const RELAY_BATCH_MAX = 50;

export type MessageType = keyof Protocol;
export type RequestOf<T extends MessageType> = Protocol[T]['request'];
export type ReplyOf<T extends MessageType> = Protocol[T]['reply'];
export type AnyRequest = { [T in MessageType]: RequestOf<T> }[MessageType];

/**
 * Worker → the content script of a tab (`tabs.sendMessage`): the tokens the page keeps
 * now, so the diagnosis can compare the token that was sent with a fresher one in storage.
 */
export interface CollectPageTokens {
  type: 'collect-page-tokens';
}

export function parseCollectPageTokens(value: unknown): CollectPageTokens | undefined {
  return isRecord(value) && value.type === 'collect-page-tokens'
    ? { type: 'collect-page-tokens' }
    : undefined;
}

/** The content script's reply comes from a page-controlled world: bounded and checked here. */
export function parseStoredTokens(value: unknown): StoredToken[] {
  if (!isRecord(value) || !Array.isArray(value.tokens)) return [];
  const tokens: StoredToken[] = [];
  for (const token of value.tokens.slice(0, STORED_TOKEN_LIMITS.tokens)) {
    if (!isRecord(token) || typeof token.path !== 'string' || typeof token.value !== 'string') continue;
    if (token.store !== 'localStorage' && token.store !== 'sessionStorage' && token.store !== 'cookie')
      continue;
    tokens.push({
      store: token.store,
      path: token.path.slice(0, 512),
      value: token.value.slice(0, 16 * 1024),
    });
  }
  return tokens;
}

/**
 * Worker → the content script of the tab's top frame: send this request from the page, as the
 * page would (its origin, its cookies, its CORS). Only the worker sends it, only after the user's
 * click; the content script checks the sender and this shape again.
 */
export interface SendExperiment {
  type: 'send-experiment';
  request: ExperimentRequest;
  /** The origin of the page the failure came from: a page of any other origin sends nothing. */
  origin: string;
}

/** The content script's answer when its page is not of the experiment's origin (it sent nothing). */
export interface ExperimentRefused {
  refusedOrigin: string;
}

export function parseExperimentRefused(value: unknown): ExperimentRefused | undefined {
  return isRecord(value) && typeof value.refusedOrigin === 'string'
    ? { refusedOrigin: value.refusedOrigin.slice(0, 300) }
    : undefined;
}

/** What the page's fetch got back, as the content script reports it. */
export interface ExperimentResponse {
  /** 0 when no response came (a network error, a CORS block): `error` says what the page saw. */
  status: number;
  /** The URL that answered (after redirects the browser followed). */
  url: string;
  headers: HeaderEntry[];
  body?: BodySample;
  error?: string;
  startedAt: number;
  completedAt: number;
}

export function parseSendExperiment(value: unknown): SendExperiment | undefined {
  if (!isRecord(value) || value.type !== 'send-experiment' || !isRecord(value.request)) return undefined;
  const { method, url } = value.request;
  if (typeof method !== 'string' || !EXPERIMENT_METHODS.has(method)) return undefined;
  if (typeof url !== 'string' || url.length > LIMITS.urlChars || !/^https?:\/\//i.test(url)) return undefined;
  const headers = parseHeaders(value.request.headers);
  if (!headers || typeof value.origin !== 'string' || !/^https?:\/\//i.test(value.origin)) return undefined;
  return { type: 'send-experiment', request: { method, url, headers }, origin: value.origin };
}

/** The content script's reply, checked again: it runs in a world the page shares. */
export function parseExperimentResponse(value: unknown): ExperimentResponse | undefined {
  if (!isRecord(value)) return undefined;
  const { status, url, startedAt, completedAt } = value;
  if (!Number.isInteger(status) || (status as number) < 0 || (status as number) > 999) return undefined;
  if (typeof url !== 'string' || url.length > LIMITS.urlChars) return undefined;
  if (!isTime(startedAt) || !isTime(completedAt)) return undefined;
  const headers = parseHeaders(value.headers);
  if (!headers) return undefined;
  const response: ExperimentResponse = { status: status as number, url, headers, startedAt, completedAt };
  if (typeof value.error === 'string') response.error = value.error.slice(0, 200);
  const body = value.body;
  if (isRecord(body) && typeof body.text === 'string' && typeof body.truncated === 'boolean') {
    response.body = {
      text: body.text.slice(0, LIMITS.bodyChars),
      truncated: body.truncated || body.text.length > LIMITS.bodyChars,
    };
  }
  return response;
}

/** Worker → extension pages, fire and forget. */
export interface TabHistoryChanged {
  type: 'tab-history-changed';
  tabId: number;
}

type Parser<T> = (value: Record<string, unknown>) => T | undefined;

const PARSERS: { [T in MessageType]: Parser<RequestOf<T>> } = {
  'page-exchanges': (value) => {
    const { items } = value;
    if (!Array.isArray(items) || items.length === 0 || items.length > RELAY_BATCH_MAX) return undefined;
    const parsed: RelayedObservation[] = [];
    for (const item of items) {
      if (!isRecord(item)) return undefined;
      const observation = parseObservation(item.observation);
      const { observationId } = item;
      if (!observation || typeof observationId !== 'string' || !OBSERVATION_ID.test(observationId))
        return undefined;
      parsed.push({ observation, observationId });
    }
    return { type: 'page-exchanges', items: parsed };
  },
  'get-tab-failures': (value) => {
    const { tabId, lineLimit } = value;
    if (!isTabId(tabId)) return undefined;
    if (lineLimit === undefined) return { type: 'get-tab-failures', tabId };
    return isLineLimit(lineLimit) ? { type: 'get-tab-failures', tabId, lineLimit } : undefined;
  },
  'get-failure': (value) =>
    isTabId(value.tabId) && typeof value.exchangeId === 'string' && value.exchangeId.length <= 100
      ? { type: 'get-failure', tabId: value.tabId, exchangeId: value.exchangeId }
      : undefined,
  'get-diagnosed-history': (value) =>
    isTabId(value.tabId) ? { type: 'get-diagnosed-history', tabId: value.tabId } : undefined,
  'clear-tab-history': (value) =>
    isTabId(value.tabId) ? { type: 'clear-tab-history', tabId: value.tabId } : undefined,
  'run-experiment': (value) => {
    const { tabId, exchangeId, causeId, kind, shownChange } = value;
    if (!isTabId(tabId) || typeof exchangeId !== 'string' || exchangeId.length > 100) return undefined;
    if (typeof shownChange !== 'string' || shownChange.length > 4096) return undefined;
    if (!CAUSE_IDS.includes(causeId as CauseId)) return undefined;
    if (!EXPERIMENT_KINDS.includes(kind as ExperimentKind)) return undefined;
    return {
      type: 'run-experiment',
      tabId,
      exchangeId,
      causeId: causeId as CauseId,
      kind: kind as ExperimentKind,
      shownChange,
    };
  },
  'reveal-cookie': (value) => {
    const { cookie } = value;
    if (!isRecord(cookie)) return undefined;
    const { name, domain, path, partitionTopLevelSite } = cookie;
    const short = (text: unknown, max: number): text is string =>
      typeof text === 'string' && text.length <= max;
    if (!short(name, 256) || !short(domain, 256) || !short(path, 1024)) return undefined;
    if (partitionTopLevelSite !== undefined && !short(partitionTopLevelSite, 256)) return undefined;
    return {
      type: 'reveal-cookie',
      cookie: {
        name,
        domain,
        path,
        ...(partitionTopLevelSite === undefined ? {} : { partitionTopLevelSite }),
      },
    };
  },
  'devtools-exchange': (value) => {
    const observation = parseObservation(value.observation);
    return observation && isTabId(value.tabId)
      ? { type: 'devtools-exchange', tabId: value.tabId, observation }
      : undefined;
  },
};

export function parseRequest(value: unknown): AnyRequest | undefined {
  if (!isRecord(value) || typeof value.type !== 'string' || !Object.hasOwn(PARSERS, value.type))
    return undefined;
  return PARSERS[value.type as MessageType](value);
}

export function parseTabHistoryChanged(value: unknown): TabHistoryChanged | undefined {
  if (!isRecord(value) || value.type !== 'tab-history-changed' || !isTabId(value.tabId)) return undefined;
  return { type: 'tab-history-changed', tabId: value.tabId };
}

const METHOD = /^[A-Za-z-]+$/;
/** A UUID, as `crypto.randomUUID()` makes them. */
const OBSERVATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function parseObservation(value: unknown): PageObservation | undefined {
  if (!isRecord(value)) return undefined;
  const { api, method, url, status, startedAt, completedAt } = value;
  if (api !== 'fetch' && api !== 'xhr' && api !== 'document' && api !== 'devtools') return undefined;
  if (typeof method !== 'string' || method.length > LIMITS.methodChars || !METHOD.test(method))
    return undefined;
  if (typeof url !== 'string' || url.length > LIMITS.urlChars || !/^https?:\/\//i.test(url)) return undefined;
  if (!Number.isInteger(status) || (status as number) < 0 || (status as number) > 999) return undefined;
  if (!isTime(startedAt) || !isTime(completedAt)) return undefined;
  const requestHeaders = parseHeaders(value.requestHeaders);
  const responseHeaders = parseHeaders(value.responseHeaders);
  if (!requestHeaders || !responseHeaders) return undefined;
  const observation: PageObservation = {
    api,
    method: method.toUpperCase(),
    url,
    status: status as number,
    startedAt,
    completedAt,
    requestHeaders,
    responseHeaders,
  };
  if (value.redirectedFrom !== undefined) {
    const from = value.redirectedFrom;
    if (
      !isRecord(from) ||
      typeof from.url !== 'string' ||
      from.url.length > LIMITS.urlChars ||
      !/^https?:\/\//i.test(from.url) ||
      typeof from.carriedCredential !== 'boolean'
    )
      return undefined;
    observation.redirectedFrom = { url: from.url, carriedCredential: from.carriedCredential };
    if (from.credential !== undefined) {
      // Only what a cross-origin redirect drops, Authorization: a page must not be able to choose
      // another header for the redirect experiment to send.
      const [credential] = parseHeaders([from.credential]) ?? [];
      if (credential?.name !== 'authorization') return undefined;
      observation.redirectedFrom.credential = credential;
    }
  }
  if (value.viaServiceWorker !== undefined) {
    if (value.viaServiceWorker !== true) return undefined;
    observation.viaServiceWorker = true;
  }
  if (value.error !== undefined) {
    if (typeof value.error !== 'string') return undefined;
    observation.error = value.error.slice(0, LIMITS.headerValueChars);
  }
  // A reading the worker cannot accept is left out, not the observation: the request still happened.
  if (CREDENTIALS_MODES.includes(value.credentials as CredentialsMode))
    observation.credentials = value.credentials as CredentialsMode;
  const { sentCookies } = value;
  if (
    Array.isArray(sentCookies) &&
    sentCookies.length <= 50 &&
    sentCookies.every((name) => typeof name === 'string' && name.length > 0 && name.length <= 256)
  )
    observation.sentCookies = sentCookies as string[];
  const tokenRequest = value.tokenRequest === undefined ? undefined : parseTokenRequest(value.tokenRequest);
  if (tokenRequest) observation.tokenRequest = tokenRequest;
  const tokenResponse =
    value.tokenResponse === undefined || !tokenRequest ? undefined : parseTokenResponse(value.tokenResponse);
  if (tokenResponse) observation.tokenResponse = tokenResponse;
  if (value.body !== undefined) {
    const body = value.body;
    if (!isRecord(body) || typeof body.text !== 'string' || typeof body.truncated !== 'boolean')
      return undefined;
    observation.body = {
      text: body.text.slice(0, LIMITS.bodyChars),
      truncated: body.truncated || body.text.length > LIMITS.bodyChars,
    };
  }
  return observation;
}

function parseHeaders(value: unknown): HeaderEntry[] | undefined {
  if (!Array.isArray(value) || value.length > LIMITS.headerCount) return undefined;
  const headers: HeaderEntry[] = [];
  for (const entry of value) {
    if (!isRecord(entry) || typeof entry.name !== 'string' || typeof entry.value !== 'string')
      return undefined;
    if (entry.name.length > LIMITS.headerNameChars || !HEADER_NAME.test(entry.name)) return undefined;
    headers.push({ name: entry.name.toLowerCase(), value: entry.value.slice(0, LIMITS.headerValueChars) });
  }
  return headers;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A history holds at most a few thousand exchanges; a larger limit is not a real request. */
function isLineLimit(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 100_000;
}

function isTabId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
