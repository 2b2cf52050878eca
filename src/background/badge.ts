import browser from 'webextension-polyfill';
import type { TabHistory } from '../core/history/tab-history.ts';

/** Red while the newest failure is under a minute old; amber after, so "new" stands out. */
const FRESH_RED = '#c5221f';
const OLDER_AMBER = '#a15c00';
export const FRESH_FAILURE_MS = 60_000;
const FADE_ALARM = 'badge-fade:';

/** The toolbar badge counts the tab's authentication failures; empty when there are none. */
export async function showFailureCount(history: TabHistory, now = Date.now()): Promise<void> {
  const { tabId, failureCount } = history;
  const text = failureCount === 0 ? '' : failureCount > 999 ? '999+' : String(failureCount);
  const newest = lastFailureAt(history);
  const fresh = newest !== undefined && now - newest < FRESH_FAILURE_MS;
  try {
    await browser.action.setBadgeBackgroundColor({ tabId, color: fresh ? FRESH_RED : OLDER_AMBER });
    await browser.action.setBadgeText({ tabId, text });
    // The worker may sleep in between: an alarm (not a timer) recolours the badge when it ages.
    if (fresh && newest !== undefined) {
      await browser.alarms.create(`${FADE_ALARM}${tabId}`, { when: newest + FRESH_FAILURE_MS + 500 });
    }
  } catch {
    // The tab closed between the record and the badge update: nothing to show it on.
  }
}

/** The tab whose badge should be recoloured, when the alarm is one of ours. */
export function fadeAlarmTab(name: string): number | undefined {
  if (!name.startsWith(FADE_ALARM)) return undefined;
  const id = Number(name.slice(FADE_ALARM.length));
  return Number.isSafeInteger(id) ? id : undefined;
}

function lastFailureAt(history: TabHistory): number | undefined {
  for (let index = history.exchanges.length - 1; index >= 0; index--) {
    const exchange = history.exchanges[index];
    if (exchange?.failed) return exchange.completedAt;
  }
  return undefined;
}
