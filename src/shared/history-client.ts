import browser from 'webextension-polyfill';
import type { TabHistory } from '../core/history/tab-history.ts';
import type { StoredToken } from '../core/page-tokens/find-stored-tokens.ts';
import {
  type CollectPageTokens,
  parseStoredTokens,
  parseTabHistoryChanged,
  type ReplyOf,
  type RequestOf,
} from '../shared/messages.ts';

/** How extension pages (popup, panel) read and clear a tab's history through the worker. */
export function fetchTabHistory(tabId: number): Promise<TabHistory> {
  const request: RequestOf<'get-tab-history'> = { type: 'get-tab-history', tabId };
  return browser.runtime.sendMessage(request) as Promise<ReplyOf<'get-tab-history'>>;
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

/** The tokens the tab's page keeps now; none when the page has no content script (restricted pages). */
export async function fetchPageTokens(tabId: number): Promise<StoredToken[]> {
  const request: CollectPageTokens = { type: 'collect-page-tokens' };
  try {
    return parseStoredTokens(await browser.tabs.sendMessage(tabId, request, { frameId: 0 }));
  } catch {
    return [];
  }
}
