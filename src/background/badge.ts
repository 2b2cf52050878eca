import browser from 'webextension-polyfill';
import type { TabHistory } from '../core/history/tab-history.ts';

/**
 * Red while the newest failure is fresh; amber after, so "new" stands out. Fresh is 25 s: the fade
 * then happens inside the worker's own lifetime (MV3 stops an idle worker 30 s after its last
 * event, and the failure that turned the badge red was one), by a plain timer. An alarm could fade
 * it later, but it would wake the stopped worker, and the browser with it, a minute after every
 * failure of every tab: what an idle browser should never pay for a colour. Should the worker be
 * stopped early, the colour is set right the next time it records anything for the tab.
 */
const FRESH_RED = '#c5221f';
const OLDER_AMBER = '#a15c00';
export const FRESH_FAILURE_MS = 25_000;

const fadeTimers = new Map<number, ReturnType<typeof setTimeout>>();

/** The toolbar badge counts the tab's authentication failures; empty when there are none. */
export async function showFailureCount(history: TabHistory, now = Date.now()): Promise<void> {
  const { tabId, failureCount } = history;
  const text = failureCount === 0 ? '' : failureCount > 999 ? '999+' : String(failureCount);
  const newest = lastFailureAt(history);
  const fresh = newest !== undefined && now - newest < FRESH_FAILURE_MS;
  clearTimeout(fadeTimers.get(tabId));
  fadeTimers.delete(tabId);
  try {
    await browser.action.setBadgeBackgroundColor({ tabId, color: fresh ? FRESH_RED : OLDER_AMBER });
    await browser.action.setBadgeText({ tabId, text });
  } catch {
    // The tab closed between the record and the badge update: nothing to show it on.
    return;
  }
  if (fresh && newest !== undefined) {
    const fade = setTimeout(
      () => {
        fadeTimers.delete(tabId);
        browser.action.setBadgeBackgroundColor({ tabId, color: OLDER_AMBER }).catch(() => {});
      },
      newest + FRESH_FAILURE_MS - now + 50,
    );
    fadeTimers.set(tabId, fade);
  }
}

/** A closed tab's pending fade has nothing left to recolour. */
export function forgetBadge(tabId: number): void {
  clearTimeout(fadeTimers.get(tabId));
  fadeTimers.delete(tabId);
}

function lastFailureAt(history: TabHistory): number | undefined {
  for (let index = history.exchanges.length - 1; index >= 0; index--) {
    const exchange = history.exchanges[index];
    if (exchange?.failed) return exchange.completedAt;
  }
  return undefined;
}
