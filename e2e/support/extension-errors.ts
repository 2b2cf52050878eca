import type { Page } from '@playwright/test';
import type { ExtensionBrowser } from './chromium.ts';

export interface ExtensionInfo {
  id: string;
  errorCollection: { isEnabled: boolean };
  installWarnings: string[];
  manifestErrors: { message: string }[];
  runtimeErrors: { message: string }[];
}

interface DeveloperPrivate {
  updateExtensionConfiguration(update: object): Promise<void>;
  getExtensionsInfo(options: object): Promise<ExtensionInfo[]>;
}

/**
 * What chrome://extensions reports for the extension: install warnings, manifest errors and the
 * errors its worker and pages threw or logged. Chrome collects these only in developer mode, so the
 * browser must be launched with `developerMode: true`; collection starts when this is created.
 */
export class ExtensionErrors {
  private constructor(
    private readonly page: Page,
    private readonly extensionId: string,
  ) {}

  static async start(browser: ExtensionBrowser): Promise<ExtensionErrors> {
    const page = await browser.context.newPage();
    await page.goto('chrome://extensions/');
    await page.evaluate(async (id) => {
      const api = (globalThis as unknown as { chrome: { developerPrivate: DeveloperPrivate } }).chrome
        .developerPrivate;
      await api.updateExtensionConfiguration({ extensionId: id, errorCollection: true });
    }, browser.extensionId);
    return new ExtensionErrors(page, browser.extensionId);
  }

  async info(): Promise<ExtensionInfo | undefined> {
    return this.page.evaluate(async (id) => {
      const api = (globalThis as unknown as { chrome: { developerPrivate: DeveloperPrivate } }).chrome
        .developerPrivate;
      const all = await api.getExtensionsInfo({ includeDisabled: true, includeTerminated: true });
      return all.find((extension) => extension.id === id);
    }, this.extensionId);
  }

  /** Messages of the runtime errors collected so far. */
  async runtimeErrors(): Promise<string[]> {
    return ((await this.info())?.runtimeErrors ?? []).map((error) => error.message);
  }
}
