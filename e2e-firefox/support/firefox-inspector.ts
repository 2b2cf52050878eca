import type { Page } from 'puppeteer-core';
import type { TabHistory } from '../../src/core/history/tab-history.ts';
import type { FirefoxWithExtension } from './firefox.ts';

/** The slice of Firefox's `browser` API the tests call from an extension page. */
export interface FirefoxApi {
  runtime: { getURL(path: string): string; sendMessage(message: object): Promise<unknown> };
  tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> };
  storage: { session: { get(keys: string | string[]): Promise<Record<string, unknown>> } };
  action: {
    getBadgeText(details: { tabId: number }): Promise<string>;
    getBadgeBackgroundColor(details: { tabId: number }): Promise<[number, number, number, number]>;
  };
  permissions: {
    contains(permissions: { origins: string[] }): Promise<boolean>;
    remove(permissions: { origins: string[] }): Promise<boolean>;
  };
}

/** `browser` as an extension page sees it (puppeteer serialises the callbacks, so no closures). */
type Probe<T, A> = (argument: A) => Promise<T>;

/**
 * Test-side view of the extension in Firefox: what it recorded and what its badge says, read from
 * one of its own pages (the background cannot be evaluated; its storage and badge can be read).
 */
export class FirefoxInspector {
  private probePage: Promise<Page> | undefined;

  constructor(private readonly firefox: FirefoxWithExtension) {}

  /** Runs `run` in an extension page, where `globalThis.browser` is the WebExtension API. */
  async evaluate<T, A>(run: Probe<T, A>, argument: A): Promise<T> {
    // An extension page on a tab id that never exists: it renders an empty popup and stays quiet.
    this.probePage ??= this.firefox.openExtensionPage('src/popup/index.html?tab=0');
    const page = await this.probePage;
    // Puppeteer types the argument through its handle mapping; these are plain JSON values.
    const serialised = run as unknown as (value: unknown) => Promise<unknown>;
    return (await page.evaluate(serialised, argument as unknown)) as T;
  }

  async tabIdOf(page: Page): Promise<number> {
    const url = page.url();
    const id = await this.evaluate(async (wanted: string) => {
      const api = (globalThis as unknown as { browser: FirefoxApi }).browser;
      const tabs = await api.tabs.query({});
      return tabs.find((tab) => tab.url === wanted)?.id ?? -1;
    }, url);
    if (id < 0) throw new Error(`no tab has the URL ${url}`);
    return id;
  }

  /**
   * Turns network capture on for a tab, as opening the popup or panel on it does (it is dormant
   * until a tab needs it): for tests of the joined network + page view.
   */
  async armNetworkCapture(tabId: number): Promise<void> {
    await this.evaluate(async (id: number) => {
      const api = (globalThis as unknown as { browser: FirefoxApi }).browser;
      await api.runtime.sendMessage({ type: 'get-tab-failures', tabId: id });
    }, tabId);
  }

  history(tabId: number): Promise<TabHistory | undefined> {
    return this.evaluate(async (id: number) => {
      const api = (globalThis as unknown as { browser: FirefoxApi }).browser;
      // The summary under `tab:<id>` names the records (src/background/stored-records.ts).
      const summary = (await api.storage.session.get(`tab:${id}`))[`tab:${id}`] as
        | (Omit<TabHistory, 'exchanges'> & { records: string[] })
        | undefined;
      if (!summary) return undefined;
      const items = await api.storage.session.get(summary.records);
      const exchanges = summary.records.map((key) => items[key]).filter((item) => item !== undefined);
      return { ...summary, exchanges } as unknown as TabHistory;
    }, tabId);
  }

  badgeText(tabId: number): Promise<string> {
    return this.evaluate(async (id: number) => {
      const api = (globalThis as unknown as { browser: FirefoxApi }).browser;
      return api.action.getBadgeText({ tabId: id });
    }, tabId);
  }

  badgeColor(tabId: number): Promise<[number, number, number, number]> {
    return this.evaluate(async (id: number) => {
      const api = (globalThis as unknown as { browser: FirefoxApi }).browser;
      return api.action.getBadgeBackgroundColor({ tabId: id });
    }, tabId);
  }

  hasOrigins(origins: string[]): Promise<boolean> {
    return this.evaluate(async (wanted: string[]) => {
      const api = (globalThis as unknown as { browser: FirefoxApi }).browser;
      return api.permissions.contains({ origins: wanted });
    }, origins);
  }

  /** Withholds host access, as a user does in about:addons → Permissions. */
  revokeOrigins(origins: string[]): Promise<boolean> {
    return this.evaluate(async (wanted: string[]) => {
      const api = (globalThis as unknown as { browser: FirefoxApi }).browser;
      return api.permissions.remove({ origins: wanted });
    }, origins);
  }

  openPopup(tabId: number): Promise<Page> {
    return this.firefox.openExtensionPage(`src/popup/index.html?tab=${tabId}`);
  }
}
