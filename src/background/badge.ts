import browser from 'webextension-polyfill';

const FAILURE_RED = '#c5221f';

/** The toolbar badge counts the tab's authentication failures; empty when there are none. */
export async function showFailureCount(tabId: number, count: number): Promise<void> {
  const text = count === 0 ? '' : count > 999 ? '999+' : String(count);
  try {
    await browser.action.setBadgeBackgroundColor({ tabId, color: FAILURE_RED });
    await browser.action.setBadgeText({ tabId, text });
  } catch {
    // The tab closed between the record and the badge update: nothing to show it on.
  }
}
