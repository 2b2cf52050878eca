import type { Page } from '@playwright/test';
import type { TabHistory } from '../../src/core/history/tab-history.ts';
import type { ExtensionBrowser } from './chromium.ts';

/** The slice of the `chrome` API the tests call from an extension page. */
interface ChromeApi {
  tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> };
  storage: {
    session: {
      get(keys: string | string[] | null): Promise<Record<string, unknown>>;
      set(items: object): Promise<void>;
      remove(keys: string | string[]): Promise<void>;
      getBytesInUse(keys: string | string[] | null): Promise<number>;
    };
    sync: { set(items: object): Promise<void>; remove(key: string): Promise<void> };
  };
  runtime: { sendMessage(message: object): Promise<unknown> };
  action: {
    getBadgeText(details: { tabId: number }): Promise<string>;
    getBadgeBackgroundColor(details: { tabId: number }): Promise<[number, number, number, number]>;
  };
}

/**
 * Test-side view of the extension: what it recorded, what its badge says, its popup and panel.
 * Queries run in an extension page rather than in the worker, because the worker may be stopped
 * by a test and Playwright's handle to a stopped worker hangs.
 */
export class Inspector {
  private probe: Promise<Page> | undefined;

  constructor(private readonly browser: ExtensionBrowser) {}

  private async evaluate<T, A>(run: (api: ChromeApi, argument: A) => Promise<T>, argument: A): Promise<T> {
    this.probe ??= this.browser.context.newPage().then(async (page) => {
      // An extension page on a tab id that never exists: it renders an empty popup and stays quiet.
      await page.goto(`chrome-extension://${this.browser.extensionId}/src/popup/index.html?tab=0`);
      return page;
    });
    const page = await this.probe;
    const result: unknown = await page.evaluate(
      ([source, value]) => {
        const api = (globalThis as unknown as { chrome: ChromeApi }).chrome;
        const probe = new Function(`return (${source})`)() as (
          api: ChromeApi,
          argument: unknown,
        ) => Promise<unknown>;
        return probe(api, value);
      },
      [run.toString(), argument as unknown] as const,
    );
    return result as T;
  }

  async tabIdOf(page: Page): Promise<number> {
    const url = page.url();
    const id = await this.evaluate(async (api, wanted) => {
      const tabs = await api.tabs.query({});
      return tabs.find((tab) => tab.url === wanted)?.id;
    }, url);
    if (id === undefined) throw new Error(`no tab has the URL ${url}`);
    return id;
  }

  /**
   * A tab's history as storage.session holds it: the summary under `tab:<id>` and the records it
   * names (src/background/stored-records.ts).
   */
  history(tabId: number): Promise<TabHistory | undefined> {
    return this.evaluate(async (api, id) => {
      const summary = (await api.storage.session.get(`tab:${id}`))[`tab:${id}`] as
        | (Omit<TabHistory, 'exchanges'> & { records: string[] })
        | undefined;
      if (!summary) return undefined;
      const items = await api.storage.session.get(summary.records);
      const exchanges = summary.records.map((key) => items[key]).filter((item) => item !== undefined);
      return { ...summary, exchanges } as unknown as TabHistory;
    }, tabId);
  }

  /** Every storage.session key of a tab's history: its summary and its records. */
  historyKeys(tabId: number): Promise<string[]> {
    return this.evaluate(async (api, id) => {
      const prefix = `tab:${id}`;
      return Object.keys(await api.storage.session.get(null)).filter(
        (key) => key === prefix || key.startsWith(`${prefix}:`),
      );
    }, tabId);
  }

  /**
   * Writes a large synthetic history for a tab id no real tab has, straight into storage.session,
   * as a worker that recorded it would have (for the panel's 5,000-row test).
   */
  seedHistory(tabId: number, count: number): Promise<void> {
    return this.evaluate(
      (api, [id, total]) => {
        const start = Date.now() - total * 1000;
        const exchanges = Array.from({ length: total }, (_, index) => ({
          id: `seed-${index}`,
          tabId: id,
          method: index % 7 === 0 ? 'POST' : 'GET',
          url: `https://api.example.com/v1/items/${index}?page=${index % 13}`,
          status: index % 4 === 0 ? 401 : 200,
          type: 'xmlhttprequest',
          startedAt: start + index * 1000,
          completedAt: start + index * 1000 + 40,
          requestHeaders: [
            { name: 'authorization', value: `Bearer opaque-token-${index % 5}-abcdefghijklmnop` },
          ],
          responseHeaders:
            index % 4 === 0 ? [{ name: 'www-authenticate', value: 'Bearer error="invalid_token"' }] : [],
          sources: ['network'],
          failed: index % 4 === 0,
        }));
        return api.storage.session.set({
          [`tab:${id}`]: { tabId: id, exchanges, failureCount: Math.ceil(total / 4), dropped: 0 },
        });
      },
      [tabId, count] as const,
    );
  }

  /**
   * Writes the given exchanges as a tab's history, as a worker that recorded them would have (for
   * content a real server cannot send, such as a 1 MB header). Exchanges are plain JSON.
   */
  seedExchanges(tabId: number, exchanges: object[]): Promise<void> {
    return this.evaluate(
      (api, [id, list]) =>
        api.storage.session.set({
          [`tab:${id}`]: {
            tabId: id,
            exchanges: list,
            failureCount: list.filter((exchange) => (exchange as { failed?: boolean }).failed).length,
            dropped: 0,
          },
        }),
      [tabId, exchanges] as const,
    );
  }

  /** Bytes `storage.session` holds: for one tab's history, or in all. */
  async sessionBytes(tabId?: number): Promise<number> {
    const keys = tabId === undefined ? null : await this.historyKeys(tabId);
    return this.evaluate((api, list) => api.storage.session.getBytesInUse(list), keys);
  }

  /** The keys `storage.session` holds now. */
  sessionKeys(): Promise<string[]> {
    return this.evaluate(async (api) => Object.keys(await api.storage.session.get(null)), 0);
  }

  /**
   * Fills storage.session up to its quota with filler keys (`filler:<n>`), leaving less than
   * `slackBytes` free, as many busy tabs would. Returns the bytes written.
   */
  fillSessionStorage(slackBytes = 256): Promise<number> {
    return this.evaluate(async (api, slack) => {
      let written = 0;
      let size = 4 * 1024 * 1024;
      for (let index = 0; size >= slack; index++) {
        try {
          await api.storage.session.set({ [`filler:${index}`]: 'f'.repeat(size) });
          written += size;
        } catch {
          size = Math.floor(size / 2);
        }
      }
      return written;
    }, slackBytes);
  }

  async clearFiller(): Promise<void> {
    const keys = (await this.sessionKeys()).filter((key) => key.startsWith('filler:'));
    await this.evaluate(async (api, list) => {
      for (const key of list) await api.storage.session.remove(key);
    }, keys);
  }

  async clearHistory(tabId: number): Promise<void> {
    const keys = await this.historyKeys(tabId);
    await this.evaluate((api, list) => api.storage.session.remove(list), keys);
  }

  /** Writes the settings as the options page would (undefined: back to the defaults). */
  setSyncedSettings(settings: Record<string, unknown> | undefined): Promise<void> {
    return this.evaluate(
      (api, value) =>
        value === null ? api.storage.sync.remove('settings') : api.storage.sync.set({ settings: value }),
      settings ?? null,
    );
  }

  badgeColor(tabId: number): Promise<[number, number, number, number]> {
    return this.evaluate((api, id) => api.action.getBadgeBackgroundColor({ tabId: id }), tabId);
  }

  badgeText(tabId: number): Promise<string> {
    return this.evaluate((api, id) => api.action.getBadgeText({ tabId: id }), tabId);
  }

  /** Stops the MV3 worker as Chrome does when idle (CDP), and waits until it has stopped. */
  async stopWorker(): Promise<void> {
    const page = await (this.probe ?? this.evaluate(async () => 0, 0).then(() => this.probe));
    if (!page) throw new Error('no extension page to reach the worker from');
    const session = await this.browser.context.newCDPSession(page);
    const stopped = new Promise<void>((resolve) => {
      session.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        if (versions.some((version) => version.runningStatus === 'stopped')) resolve();
      });
    });
    await session.send('ServiceWorker.enable');
    await session.send('ServiceWorker.stopAllWorkers');
    await stopped;
    await session.detach();
  }

  /**
   * Turns network capture on for a tab, as opening the popup or panel on it does (it is dormant
   * until a tab needs it): for tests of the joined network + page view.
   */
  async armNetworkCapture(tabId: number): Promise<void> {
    await this.evaluate(async (api, id) => {
      await api.runtime.sendMessage({ type: 'get-tab-failures', tabId: id });
    }, tabId);
  }

  async openPopup(tabId: number): Promise<Page> {
    const popup = await this.browser.context.newPage();
    await popup.setViewportSize({ width: 460, height: 600 });
    await popup.goto(`chrome-extension://${this.browser.extensionId}/src/popup/index.html?tab=${tabId}`);
    return popup;
  }

  async openPanel(tabId: number): Promise<Page> {
    const panel = await this.browser.context.newPage();
    await panel.goto(`chrome-extension://${this.browser.extensionId}/src/devtools/panel.html?tabId=${tabId}`);
    return panel;
  }
}
