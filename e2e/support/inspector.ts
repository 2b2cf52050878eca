import type { Page, Worker } from '@playwright/test';
import type { TabHistory } from '../../src/core/history/tab-history.ts';
import type { ExtensionBrowser } from './chromium.ts';

/** The slice of the `chrome` API the tests call inside the extension's worker. */
interface ChromeInWorker {
  tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> };
  storage: { session: { get(key: string): Promise<Record<string, unknown>> } };
  action: { getBadgeText(details: { tabId: number }): Promise<string> };
}

/** Test-side view of the extension: what it recorded, what its badge says, its popup. */
export class Inspector {
  constructor(private readonly browser: ExtensionBrowser) {}

  private worker(): Promise<Worker> {
    return this.browser.worker();
  }

  async tabIdOf(page: Page): Promise<number> {
    const url = page.url();
    const worker = await this.worker();
    const id = await worker.evaluate(async (wanted) => {
      const api = (self as unknown as { chrome: ChromeInWorker }).chrome;
      const tabs = await api.tabs.query({});
      return tabs.find((tab) => tab.url === wanted)?.id;
    }, url);
    if (id === undefined) throw new Error(`no tab has the URL ${url}`);
    return id;
  }

  async history(tabId: number): Promise<TabHistory | undefined> {
    const worker = await this.worker();
    return worker.evaluate(async (id) => {
      const api = (self as unknown as { chrome: ChromeInWorker }).chrome;
      const items = await api.storage.session.get(`tab:${id}`);
      return items[`tab:${id}`] as TabHistory | undefined;
    }, tabId);
  }

  async badgeText(tabId: number): Promise<string> {
    const worker = await this.worker();
    return worker.evaluate(
      (id) => (self as unknown as { chrome: ChromeInWorker }).chrome.action.getBadgeText({ tabId: id }),
      tabId,
    );
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
