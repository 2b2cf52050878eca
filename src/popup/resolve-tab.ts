import browser from 'webextension-polyfill';

export type InspectedTab =
  | { kind: 'page'; id: number }
  | { kind: 'restricted'; scheme: string }
  | { kind: 'none' };

/** Stores and browser pages where no extension may run (Chrome Web Store, addons.mozilla.org). */
const RESTRICTED_HOSTS = new Set(['chrome.google.com', 'chromewebstore.google.com', 'addons.mozilla.org']);

/**
 * The tab the popup shows: `?tab=<id>` when given (tests, links), else the active tab, unless it is
 * a page the browser keeps extensions away from.
 */
export async function resolveInspectedTab(): Promise<InspectedTab> {
  const given = new URLSearchParams(location.search).get('tab');
  if (given !== null && /^\d+$/.test(given)) return { kind: 'page', id: Number(given) };
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  if (active?.id === undefined) return { kind: 'none' };
  // The popup opened as a tab of its own is the active tab: an extension page, whose URL the browser
  // may not show without the "tabs" permission (Chromium 150). A real popup is in no tab.
  const own = await browser.tabs.getCurrent().catch(() => undefined);
  if (own?.id === active.id) return { kind: 'restricted', scheme: location.protocol.replace(':', '') };
  return classify(active.id, active.url);
}

export function classify(id: number, url: string | undefined): InspectedTab {
  if (url === undefined) return { kind: 'page', id };
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return { kind: 'restricted', scheme: parsed.protocol.replace(':', '') };
    }
    if (RESTRICTED_HOSTS.has(parsed.hostname)) return { kind: 'restricted', scheme: 'store' };
  } catch {
    return { kind: 'restricted', scheme: 'browser' };
  }
  return { kind: 'page', id };
}
