import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, runScenario, test } from './fixtures.ts';
import { CHROME_BUILD } from './support/chromium.ts';
import { captureClipboard } from './support/clipboard.ts';
import { SCROLL_FRAMES, type ScrollFrames } from './support/scroll-frames.ts';

const rowsOf = (panel: Page) => panel.locator('[role="row"][data-exchange-id]');

test.describe('the DevTools panel', () => {
  test('lists the tab’s exchanges live, newest first, with the shared detail view', async ({
    demoPage,
    inspector,
  }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await runScenario(demoPage, 'valid-token');
    await runScenario(demoPage, 'expired-jwt');
    await expect.poll(async () => (await inspector.history(tabId))?.exchanges.length).toBe(2);
    const panel = await inspector.openPanel(tabId);
    const rows = rowsOf(panel);
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toHaveAttribute('data-failed', 'true');
    await expect(rows.first()).toContainText('token-expired');
    await runScenario(demoPage, 'missing-token');
    await expect(rows).toHaveCount(3);
    await rows.first().click();
    await expect(panel.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'token-missing');
    // Keyboard: the grid is one tab stop; arrows move the selection.
    await panel.getByTestId('exchange-grid').focus();
    await panel.keyboard.press('ArrowDown');
    await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(panel.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'token-expired');
    await panel.close();
  });

  test('keeps updating after the MV3 worker is stopped and woken again', async ({ demoPage, inspector }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await runScenario(demoPage, 'expired-jwt');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
    const panel = await inspector.openPanel(tabId);
    await expect(rowsOf(panel)).toHaveCount(1);
    await inspector.stopWorker();
    // The next request wakes a new worker; its change notice reaches the open panel.
    await runScenario(demoPage, 'missing-token');
    await runScenario(demoPage, 'bearer-undefined');
    await expect(rowsOf(panel)).toHaveCount(3);
    await panel.close();
  });

  test('filters with DevTools-style tokens, free text and failures only', async ({ demoPage, inspector }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    for (const scenario of ['valid-token', 'expired-jwt', 'missing-token', 'insufficient-scope']) {
      await runScenario(demoPage, scenario);
    }
    await expect.poll(async () => (await inspector.history(tabId))?.exchanges.length).toBe(4);
    const panel = await inspector.openPanel(tabId);
    const rows = rowsOf(panel);
    const filter = panel.getByRole('searchbox', { name: 'Filter requests' });
    await expect(rows).toHaveCount(4);
    await filter.fill('status:403');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('/api/admin/users');
    await filter.fill('is:failed -status:403');
    await expect(rows).toHaveCount(2);
    await filter.fill('cause:token-expired');
    await expect(rows).toHaveCount(1);
    await filter.fill('admin');
    await expect(rows).toHaveCount(1);
    await filter.fill('');
    await panel.getByRole('checkbox', { name: 'Failures only' }).check();
    await expect(rows).toHaveCount(3);
    await expect(panel.getByTestId('row-count')).toHaveText('3 of 4 requests');
    await panel.close();
  });

  test('the token timeline shows a token that worked, then was refused while still valid', async ({
    demoPage,
    inspector,
  }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await runScenario(demoPage, 'sign-out-elsewhere');
    await runScenario(demoPage, 'expired-jwt');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(2);
    const panel = await inspector.openPanel(tabId);
    await panel.getByRole('tab', { name: 'Tokens' }).click();
    const timelines = panel.getByTestId('timelines').locator('.timeline');
    await expect(timelines).toHaveCount(2);
    const revoked = panel.locator('.timeline[data-verdict="revoked"]');
    await expect(revoked).toHaveCount(1);
    await expect(revoked).toContainText('2 worked, 1 failed');
    // The expired token was still sent 5 minutes after its exp, and no newer one followed it.
    await expect(panel.locator('.timeline[data-verdict="refresh-missed"]')).toHaveCount(1);
    // Each request of a token is one mark; choosing one shows it.
    await revoked.locator('.event-failed').click();
    await expect(panel.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'token-revoked');
    await panel.close();
  });

  test('exports a HAR that parses, matches the rows, and holds no raw credential', async ({
    demoPage,
    inspector,
  }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await runScenario(demoPage, 'expired-jwt');
    await runScenario(demoPage, 'valid-token');
    await expect.poll(async () => (await inspector.history(tabId))?.exchanges.length).toBe(2);
    const tokens = await demoPage.evaluate(
      () => (window as unknown as { DEMO_TOKENS: { expired: string; valid: string } }).DEMO_TOKENS,
    );
    const panel = await inspector.openPanel(tabId);
    await expect(rowsOf(panel)).toHaveCount(2);
    const [download] = await Promise.all([
      panel.waitForEvent('download'),
      panel.getByRole('button', { name: 'Export HAR' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^auth-inspector-.*\.har$/);
    const text = readFileSync((await download.path()) ?? '', 'utf8');
    const har = JSON.parse(text) as {
      log: {
        version: string;
        entries: { request: { url: string; headers: { name: string; value: string }[] } }[];
      };
    };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(2);
    expect(har.log.entries.map((entry) => new URL(entry.request.url).pathname)).toEqual([
      '/api/profile',
      '/api/profile',
    ]);
    for (const token of [tokens.expired, tokens.valid]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.split('.')[2]);
    }
    const authorization = har.log.entries[0]?.request.headers.find(
      (header) => header.name === 'authorization',
    );
    expect(authorization?.value).toContain('[signature removed]');
    await panel.close();
  });

  test('copies a redacted cURL command for the selected request', async ({ demoPage, inspector }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await runScenario(demoPage, 'expired-jwt');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
    const token = await demoPage.evaluate(
      () => (window as unknown as { DEMO_TOKENS: { expired: string } }).DEMO_TOKENS.expired,
    );
    const panel = await inspector.openPanel(tabId);
    const copied = await captureClipboard(panel);
    await rowsOf(panel).first().click();
    await panel.getByRole('button', { name: 'Copy as cURL' }).click();
    await expect(panel.getByTestId('export-status')).toHaveText('cURL copied (credentials redacted)');
    const [command = ''] = await copied();
    expect(command).toMatch(/^curl '/);
    expect(command).toContain('/api/profile');
    expect(command).not.toContain(token);
    await panel.close();
  });

  test('renders 5,000 recorded exchanges quickly and scrolls them virtualised', async ({
    inspector,
  }, testInfo) => {
    const tabId = 987_654;
    await inspector.seedHistory(tabId, 5000);
    const panel = await inspector.openPanel(tabId);
    const started = Date.now();
    await expect(panel.getByTestId('row-count')).toHaveText('5000 requests', { timeout: 20_000 });
    await expect(rowsOf(panel).first()).toBeVisible();
    const firstRender = Date.now() - started;
    // Only the rows in view exist in the DOM.
    expect(await rowsOf(panel).count()).toBeLessThan(120);
    const { times } = (await panel.evaluate(SCROLL_FRAMES)) as ScrollFrames;
    const frames = times.sort((a, b) => a - b);
    const p95 = frames[Math.floor(frames.length * 0.95)] ?? 0;
    testInfo.annotations.push({
      type: 'measure',
      description: `5000 rows: first render ${firstRender} ms, scroll frame p95 ${p95.toFixed(1)} ms`,
    });
    console.log(`panel 5000 rows: first render ${firstRender} ms, scroll frame p95 ${p95.toFixed(1)} ms`);
    expect(p95).toBeLessThan(100);
    await expect(rowsOf(panel).last()).toBeVisible();
    await inspector.clearHistory(tabId);
    await panel.close();
  });

  test('is registered with an icon and a page the build contains', () => {
    const manifest = JSON.parse(readFileSync(join(CHROME_BUILD, 'manifest.json'), 'utf8')) as {
      devtools_page: string;
    };
    expect(manifest.devtools_page).toBe('src/devtools/devtools.html');
    for (const file of ['src/devtools/devtools.html', 'src/devtools/panel.html', 'icons/icon-32.png']) {
      expect(existsSync(join(CHROME_BUILD, file)), file).toBe(true);
    }
  });

  test('has no serious accessibility violations', async ({ demoPage, inspector }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await runScenario(demoPage, 'expired-jwt');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
    const panel = await inspector.openPanel(tabId);
    await rowsOf(panel).first().click();
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMedia({ colorScheme: scheme });
      const results = await new AxeBuilder({ page: panel }).analyze();
      const serious = results.violations.filter((violation) =>
        ['serious', 'critical'].includes(violation.impact ?? ''),
      );
      expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
    }
    await panel.close();
  });
});
