import browser from 'webextension-polyfill';
import type { StoredToken } from '../core/page-tokens/find-stored-tokens.ts';
import { type CollectPageTokens, parseStoredTokens } from '../shared/messages.ts';

/**
 * The tokens the tab's top page keeps now, asked of its content script. Rejects when the tab has
 * none (restricted pages, closed tabs). The reply comes from a page-controlled world, so it is
 * parsed and bounded here.
 */
export async function collectPageTokens(tabId: number): Promise<StoredToken[]> {
  const request: CollectPageTokens = { type: 'collect-page-tokens' };
  return parseStoredTokens(await browser.tabs.sendMessage(tabId, request, { frameId: 0 }));
}
