import type { Page } from '@playwright/test';
import { expect, runScenario, test } from './fixtures.ts';
import { captureClipboard } from './support/clipboard.ts';

/**
 * Issue 17: the token endpoint behind a 401, in Chromium with the extension loaded. The demo page
 * refreshes with a real OAuth client library (oauth4webapi) against the demo's token endpoint; the
 * popup must tell the story: the refused refresh as the root cause of the API's 401, or the new
 * token the app got and did not use. Refresh tokens never leave the page.
 */

/** The refresh tokens the demo page holds (it got them from the demo server's page script). */
function refreshTokensOf(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const tokens = (window as unknown as { DEMO_TOKENS: { refreshExpired: string; refreshValid: string } })
      .DEMO_TOKENS;
    return [tokens.refreshExpired, tokens.refreshValid];
  });
}

async function selectFailure(popup: Page, path: string) {
  const item = popup.getByRole('option').filter({ hasText: path });
  await item.click();
  await expect(item).toHaveAttribute('aria-selected', 'true');
}

test('a refused refresh is the root cause of the API 401 after it', async ({ demoPage, inspector }) => {
  const tabId = await inspector.tabIdOf(demoPage);
  const result = await runScenario(demoPage, 'refresh-rejected');
  expect(result.status).toBe(401);
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(2);
  const popup = await inspector.openPopup(tabId);

  // The API's 401: the failed refresh first, the expired token it was left with second.
  await selectFailure(popup, '/api/orders');
  const causes = popup.locator('[data-cause]');
  await expect(causes.nth(0)).toHaveAttribute('data-cause', 'refresh-failed');
  await expect(causes.nth(1)).toHaveAttribute('data-cause', 'token-expired');
  await expect(causes.nth(0)).toContainText('Token is not active');
  await expect(causes.nth(0)).toContainText('client demo-spa');

  // The token endpoint's own failure: what was asked, by whom, and only a fingerprint of the secret.
  await selectFailure(popup, '/oauth/token');
  await expect(causes.nth(0)).toHaveAttribute('data-cause', 'refresh-failed');
  await expect(popup.locator('[data-cause]').first()).toContainText('expired');
  const request = popup.getByTestId('token-request');
  await expect(request).toHaveAttribute('data-grant', 'refresh_token');
  await expect(request.getByTestId('token-request-client')).toHaveText('demo-spa');
  await expect(request.getByTestId('token-request-secrets')).toContainText('refresh_token (fingerprint ');

  const [refreshExpired] = await refreshTokensOf(demoPage);
  const stored = JSON.stringify(await inspector.history(tabId));
  expect(stored).toContain('refresh_token');
  expect(stored).not.toContain(refreshExpired);
  const copied = await captureClipboard(popup);
  await popup.getByRole('button', { name: 'Copy report' }).click();
  await expect.poll(async () => (await copied()).length).toBe(1);
  const [report = ''] = await copied();
  expect(report).toContain('refresh-failed');
  expect(report).not.toContain(refreshExpired);
  await popup.close();
});

test('a successful refresh the app did not use is stale-token, with the refresh as evidence', async ({
  demoPage,
  inspector,
}) => {
  const tabId = await inspector.tabIdOf(demoPage);
  const issued: string[] = [];
  demoPage.on('response', async (response) => {
    if (new URL(response.url()).pathname === '/oauth/token') {
      const body = (await response.json()) as { access_token: string; refresh_token: string };
      issued.push(body.access_token, body.refresh_token);
    }
  });
  const result = await runScenario(demoPage, 'refresh-ignored');
  expect(result.status).toBe(401);
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
  await expect.poll(() => issued.length).toBe(2);
  const popup = await inspector.openPopup(tabId);
  const top = popup.locator('[data-cause]').first();
  await expect(top).toHaveAttribute('data-cause', 'stale-token');
  await expect(top).toContainText('issued a new token');
  await expect(popup.getByTestId('failure-detail')).toContainText('/api/profile');

  // The new access token and the rotated refresh token were never sent by the app: nothing holds them.
  const stored = JSON.stringify(await inspector.history(tabId));
  for (const token of [...issued, ...(await refreshTokensOf(demoPage))]) expect(stored).not.toContain(token);
  await popup.close();
});

test('the panel shows the refresh between the token’s last success and its first failure', async ({
  demoPage,
  inspector,
}) => {
  const tabId = await inspector.tabIdOf(demoPage);
  // The token works, then expires in the app's hands (the demo's expired token stands in), the
  // refresh is refused, and the API refuses the old token.
  await runScenario(demoPage, 'valid-token');
  await runScenario(demoPage, 'refresh-rejected');
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(2);
  const panel = await inspector.openPanel(tabId);
  await panel.getByRole('tab', { name: 'Tokens' }).click();
  const refreshes = panel.getByTestId('timeline-refreshes');
  await expect(refreshes.first()).toBeVisible();
  await expect(refreshes.first().locator('[data-refresh-ok="false"]')).toContainText('refresh');
  await expect(refreshes.first()).toContainText('failed: The token endpoint refused the refresh');
  await panel.close();
});
