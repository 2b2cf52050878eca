import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, runScenario, test } from './fixtures.ts';

/**
 * The README's pictures, taken from the real extension. `npm run screenshots` writes them to
 * docs/ (UPDATE_SCREENSHOTS=1); an ordinary test run writes them under test-results/ so the
 * committed ones only change on purpose.
 */
const DIRECTORY = process.env.UPDATE_SCREENSHOTS
  ? resolve(import.meta.dirname, '../docs')
  : resolve(import.meta.dirname, '../test-results/screenshots');

async function shoot(page: Page, name: string) {
  await mkdir(DIRECTORY, { recursive: true });
  await page.screenshot({ path: join(DIRECTORY, name), fullPage: true });
}

const cases: {
  name: string;
  scenarios: string[];
  scheme: 'light' | 'dark';
  expectTop: string;
  /** Seen from the page alone (network capture not on yet): the popup says so. */
  partial?: boolean;
}[] = [
  {
    name: 'popup-preflight-from-page.png',
    scenarios: ['preflight-rejected'],
    scheme: 'light',
    expectTop: 'preflight-rejected',
    partial: true,
  },
  { name: 'popup-expired-jwt.png', scenarios: ['expired-jwt'], scheme: 'light', expectTop: 'token-expired' },
  {
    name: 'popup-insufficient-scope.png',
    scenarios: ['insufficient-scope'],
    scheme: 'light',
    expectTop: 'insufficient-scope',
  },
  {
    name: 'popup-aws-session-token.png',
    scenarios: ['aws-no-session-token'],
    scheme: 'light',
    expectTop: 'aws-missing-session-token',
  },
  {
    name: 'popup-dark-grouped.png',
    scenarios: ['expired-jwt', 'expired-jwt', 'expired-jwt', 'bearer-undefined', 'stale-token'],
    scheme: 'dark',
    expectTop: 'stale-token',
  },
];

for (const shot of cases) {
  test(`screenshot ${shot.name}`, async ({ demoPage, inspector }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    for (const scenario of shot.scenarios) await runScenario(demoPage, scenario);
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(shot.scenarios.length);
    const popup = await inspector.openPopup(tabId);
    await popup.emulateMedia({ colorScheme: shot.scheme });
    await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', shot.expectTop);
    await expect(popup.getByTestId('partial-view')).toHaveCount(shot.partial ? 1 : 0);
    await shoot(popup, shot.name);
    await popup.close();
  });
}

test('screenshot popup-refresh-failed.png', async ({ demoPage, inspector }) => {
  const tabId = await inspector.tabIdOf(demoPage);
  await runScenario(demoPage, 'refresh-rejected');
  // The refused refresh and the API's 401 after it.
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(2);
  const popup = await inspector.openPopup(tabId);
  await expect(popup.getByRole('option').first()).toContainText('/api/orders');
  const causes = popup.locator('[data-cause]');
  await expect(causes.nth(0)).toHaveAttribute('data-cause', 'refresh-failed');
  await expect(causes.nth(1)).toHaveAttribute('data-cause', 'token-expired');
  await shoot(popup, 'popup-refresh-failed.png');
  await popup.close();
});

test('screenshot popup-cookie-blocked.png', async ({ demoPage, inspector }) => {
  const tabId = await inspector.tabIdOf(demoPage);
  await runScenario(demoPage, 'cookie-samesite-post');
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBeGreaterThan(0);
  const popup = await inspector.openPopup(tabId);
  await popup.emulateMedia({ colorScheme: 'light' });
  await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'cookie-blocked');
  await expect(popup.getByTestId('cookies')).toBeVisible();
  await shoot(popup, 'popup-cookie-blocked.png');
  await popup.close();
});

test('screenshot popup-experiment-confirmed.png', async ({ demoPage, inspector }) => {
  const tabId = await inspector.tabIdOf(demoPage);
  await runScenario(demoPage, 'header-doubled-scheme');
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
  const popup = await inspector.openPopup(tabId);
  await popup.emulateMedia({ colorScheme: 'light' });
  const cause = popup.locator('[data-cause="malformed-header"]');
  await cause.locator('[data-experiment="repaired-header"]').click();
  await popup.locator('[data-experiment-send]').click();
  await expect(cause).toHaveAttribute('data-experiment-result', 'confirmed');
  // The picture is of the verdict: the causes, not the claims below them.
  await mkdir(DIRECTORY, { recursive: true });
  await popup
    .locator('.failure-detail .causes')
    .screenshot({ path: join(DIRECTORY, 'popup-experiment-confirmed.png') });
  await popup.close();
});

test('screenshot panel.png', async ({ demoPage, inspector, extensionBrowser }) => {
  const tabId = await inspector.tabIdOf(demoPage);
  // DevTools open before reproducing, as a panel user works: every request of the tab is recorded.
  await inspector.armNetworkCapture(tabId);
  for (const scenario of [
    'valid-token',
    'sign-out-elsewhere',
    'expired-jwt',
    'insufficient-scope',
    'missing-token',
  ]) {
    await runScenario(demoPage, scenario);
  }
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(4);
  const panel = await extensionBrowser.context.newPage();
  await panel.setViewportSize({ width: 1280, height: 760 });
  await panel.goto(
    `chrome-extension://${extensionBrowser.extensionId}/src/devtools/panel.html?tabId=${tabId}`,
  );
  const rows = panel.locator('[role="row"][data-exchange-id]');
  await expect(rows).toHaveCount(7);
  await rows.nth(2).click();
  await expect(panel.locator('[data-cause]').first()).toBeVisible();
  await shoot(panel, 'panel.png');
  await panel.getByRole('tab', { name: 'Tokens' }).click();
  await expect(panel.getByTestId('timelines')).toBeVisible();
  await shoot(panel, 'panel-tokens.png');
  await panel.close();
});

test('screenshot options-page.png', async ({ extensionBrowser }) => {
  const page = await extensionBrowser.context.newPage();
  await page.setViewportSize({ width: 900, height: 700 });
  await page.goto(`chrome-extension://${extensionBrowser.extensionId}/src/options/index.html`);
  await expect(page.getByRole('button', { name: 'Save' })).toBeVisible();
  await shoot(page, 'options-page.png');
  await page.close();
});
