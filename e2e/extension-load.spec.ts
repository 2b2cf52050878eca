import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CHROME_BUILD, launchWithExtension } from './support/chromium.ts';
import { startDemoServer } from './support/demo-server.ts';
import { warmUp } from './support/warm-up.ts';

interface ExtensionInfo {
  id: string;
  errorCollection: { isEnabled: boolean };
  installWarnings: string[];
  manifestErrors: { message: string }[];
  runtimeErrors: { message: string }[];
}

/**
 * What chrome://extensions shows for the extension after real use (popup and panel opened, a
 * failure recorded): no install warnings and no errors. Chrome collects errors only in developer
 * mode, so this test has its own browser with it switched on.
 */
test('the Chrome build loads and runs without errors or warnings', async () => {
  const server = await startDemoServer();
  const browser = await launchWithExtension({ headless: true, developerMode: true });
  try {
    const extensions = await browser.context.newPage();
    await extensions.goto('chrome://extensions/');
    await extensions.evaluate(async (id) => {
      const api = (
        globalThis as unknown as {
          chrome: { developerPrivate: { updateExtensionConfiguration(update: object): Promise<void> } };
        }
      ).chrome.developerPrivate;
      await api.updateExtensionConfiguration({ extensionId: id, errorCollection: true });
    }, browser.extensionId);
    await warmUp(browser, server);
    const app = await browser.context.newPage();
    await app.goto(server.url);
    await app.evaluate(() => fetch('/api/profile', { headers: { Authorization: 'Bearer undefined' } }));
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/src/popup/index.html`);
    await expect(popup.locator('main')).toBeVisible();
    const panel = await browser.context.newPage();
    await panel.goto(`chrome-extension://${browser.extensionId}/src/devtools/panel.html?tabId=1`);
    await expect(panel.locator('main')).toBeVisible();

    const info = await extensions.evaluate(async (id) => {
      const api = (
        globalThis as unknown as {
          chrome: { developerPrivate: { getExtensionsInfo(options: object): Promise<ExtensionInfo[]> } };
        }
      ).chrome.developerPrivate;
      const all = await api.getExtensionsInfo({ includeDisabled: true, includeTerminated: true });
      return all.find((extension) => extension.id === id);
    }, browser.extensionId);
    expect(info?.errorCollection.isEnabled).toBe(true);
    expect(info?.installWarnings).toEqual([]);
    expect(info?.manifestErrors.map((error) => error.message)).toEqual([]);
    expect(info?.runtimeErrors.map((error) => error.message)).toEqual([]);
  } finally {
    await browser.close();
    await server.close();
  }
});

/** docs/SECURITY.md promises these of the built manifest: nothing exposed to pages, the default CSP. */
test('exposes no resource to pages and keeps the strict default CSP', () => {
  for (const build of [CHROME_BUILD, CHROME_BUILD.replace(/chrome$/, 'firefox')]) {
    const manifest = JSON.parse(readFileSync(join(build, 'manifest.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest.web_accessible_resources, build).toBeUndefined();
    expect(JSON.stringify(manifest.content_security_policy ?? ''), build).not.toMatch(
      /unsafe-eval|unsafe-inline|https?:/,
    );
  }
});
