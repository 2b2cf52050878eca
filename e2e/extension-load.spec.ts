import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CHROME_BUILD, launchWithExtension } from './support/chromium.ts';
import { startDemoServer } from './support/demo-server.ts';
import { ExtensionErrors } from './support/extension-errors.ts';
import { warmUp } from './support/warm-up.ts';

/**
 * What chrome://extensions shows for the extension after real use (popup and panel opened, a
 * failure recorded): no install warnings and no errors. Chrome collects errors only in developer
 * mode, so this test has its own browser with it switched on.
 */
test('the Chrome build loads and runs without errors or warnings', async () => {
  const server = await startDemoServer();
  const browser = await launchWithExtension({ headless: true, developerMode: true });
  try {
    const errors = await ExtensionErrors.start(browser);
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

    const info = await errors.info();
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
