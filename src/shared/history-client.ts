import browser from 'webextension-polyfill';
import type { DiagnosedExchange } from '../core/history/group-failures.ts';
import type { DiagnosedHistory, TabFailures } from '../core/history/tab-diagnoses.ts';
import { parseTabHistoryChanged, type ReplyOf, type RequestOf } from '../shared/messages.ts';

/**
 * How extension pages (popup, panel) read and clear a tab's history through the worker, which
 * diagnoses it: the pages only render.
 */
export function fetchTabFailures(tabId: number, lineLimit?: number): Promise<TabFailures> {
  const request: RequestOf<'get-tab-failures'> = {
    type: 'get-tab-failures',
    tabId,
    ...(lineLimit === undefined ? {} : { lineLimit }),
  };
  return browser.runtime.sendMessage(request) as Promise<ReplyOf<'get-tab-failures'>>;
}

export function fetchFailure(tabId: number, exchangeId: string): Promise<DiagnosedExchange | null> {
  const request: RequestOf<'get-failure'> = { type: 'get-failure', tabId, exchangeId };
  return browser.runtime.sendMessage(request) as Promise<ReplyOf<'get-failure'>>;
}

export function fetchDiagnosedHistory(tabId: number): Promise<DiagnosedHistory> {
  const request: RequestOf<'get-diagnosed-history'> = { type: 'get-diagnosed-history', tabId };
  return browser.runtime.sendMessage(request) as Promise<ReplyOf<'get-diagnosed-history'>>;
}

/** Runs an experiment on the user's click; the worker plans what is sent from the ids alone. */
export function runExperiment(
  tabId: number,
  exchangeId: string,
  causeId: RequestOf<'run-experiment'>['causeId'],
  kind: RequestOf<'run-experiment'>['kind'],
  shownChange: string,
): Promise<ReplyOf<'run-experiment'>> {
  const request: RequestOf<'run-experiment'> = {
    type: 'run-experiment',
    tabId,
    exchangeId,
    causeId,
    kind,
    shownChange,
  };
  return browser.runtime.sendMessage(request) as Promise<ReplyOf<'run-experiment'>>;
}

/** A cookie's value now, on the user's Reveal click (null: the jar no longer has it). */
export function revealCookie(
  cookie: RequestOf<'reveal-cookie'>['cookie'],
): Promise<ReplyOf<'reveal-cookie'>> {
  const request: RequestOf<'reveal-cookie'> = { type: 'reveal-cookie', cookie };
  return browser.runtime.sendMessage(request) as Promise<ReplyOf<'reveal-cookie'>>;
}

export function clearTabHistory(tabId: number): Promise<ReplyOf<'clear-tab-history'>> {
  const request: RequestOf<'clear-tab-history'> = { type: 'clear-tab-history', tabId };
  return browser.runtime.sendMessage(request) as Promise<ReplyOf<'clear-tab-history'>>;
}

/** Calls `onChange` whenever the worker stored something new for the tab. Returns an unsubscribe. */
export function onTabHistoryChanged(tabId: number, onChange: () => void): () => void {
  const listener = (message: unknown) => {
    if (parseTabHistoryChanged(message)?.tabId === tabId) onChange();
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

/** The tab a page should show: `?<param>=<id>` when given (tests, the panel), else the active tab. */
export async function resolveTabId(param: string): Promise<number | undefined> {
  const given = new URLSearchParams(location.search).get(param);
  if (given !== null && /^\d+$/.test(given)) return Number(given);
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id;
}
