import type { Page } from 'puppeteer-core';
import { type DemoServer, startDemoServer } from '../../e2e/support/demo-server.ts';
import { waitFor } from '../../e2e/support/wait-for.ts';
import type { DemoWindow } from '../../e2e/support/warm-up.ts';
import { type FirefoxWithExtension, launchFirefox } from './firefox.ts';
import { FirefoxInspector } from './firefox-inspector.ts';

/** One Firefox with the extension, the demo server and the inspector, shared by a test file. */
export interface Session {
  firefox: FirefoxWithExtension;
  server: DemoServer;
  inspector: FirefoxInspector;
  /** A fresh tab on the demo page, with its own URL so its tab id can be found. */
  demoPage(label: string): Promise<Page>;
  close(): Promise<void>;
}

/** `extension`: the unpacked build by default, or a packed .xpi. */
export async function startSession(extension?: string): Promise<Session> {
  const server = await startDemoServer();
  let firefox: FirefoxWithExtension;
  try {
    firefox = await launchFirefox(extension);
  } catch (error) {
    await server.close();
    throw error;
  }
  const inspector = new FirefoxInspector(firefox);
  let pages = 0;
  const session: Session = {
    firefox,
    server,
    inspector,
    demoPage: async (label) => {
      const page = await firefox.browser.newPage();
      pages += 1;
      await page.goto(`${server.url}/?test=${encodeURIComponent(label)}-${pages}`);
      return page;
    },
    close: async () => {
      await firefox.close();
      await server.close();
    },
  };
  return session;
}

export function runScenario(page: Page, id: string): Promise<{ status: number; body: string }> {
  return page.evaluate((scenario) => (window as unknown as DemoWindow).authDemo.run(scenario), id);
}

/**
 * The background may miss requests made right after the install: sends credentialed requests
 * until one is recorded, so a test never races the add-on's startup.
 */
export async function warmUp(session: Session): Promise<void> {
  const page = await session.demoPage('warm-up');
  const tabId = await session.inspector.tabIdOf(page);
  await waitFor(
    async () => {
      await runScenario(page, 'valid-token');
      const recorded = (await session.inspector.history(tabId))?.exchanges.length ?? 0;
      return recorded > 0 ? true : undefined;
    },
    'the extension to record a warm-up request',
    20_000,
  );
  await page.close();
}

/** The `data-cause` attributes of the popup's ranked causes, in the order shown. */
export function shownCauses(popup: Page): Promise<string[]> {
  return popup.$$eval('[data-cause]', (items) => items.map((item) => item.getAttribute('data-cause') ?? ''));
}

/** The popup's ranked causes, once it shows any. */
export function rankedCauses(popup: Page): Promise<string[]> {
  return waitFor(async () => {
    const shown = await shownCauses(popup);
    return shown.length > 0 ? shown : undefined;
  }, 'the popup to show the ranked causes');
}

/** Waits until the tab's history counts at least `count` failures. */
export async function waitForFailures(session: Session, tabId: number, count = 1): Promise<void> {
  await waitFor(
    async () => (((await session.inspector.history(tabId))?.failureCount ?? 0) >= count ? true : undefined),
    `${count} failure(s) recorded in tab ${tabId}`,
  );
}

export { waitFor };
