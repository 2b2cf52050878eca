import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { epochSeconds, mintJwt } from '../test/mint-jwt.ts';
import { expect, runScenario, test } from './fixtures.ts';
import { captureClipboard } from './support/clipboard.ts';

/** Sends a token of the test's own making from the page, as the app would. */
function sendToken(page: Page, token: string, path = '/api/profile') {
  return page.evaluate(
    ([url, value]) =>
      fetch(url, { headers: { Authorization: `Bearer ${value}` } }).then((response) => response.status),
    [path, token] as const,
  );
}

async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) =>
    ['serious', 'critical'].includes(violation.impact ?? ''),
  );
  expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

test.describe('the popup', () => {
  test('folds repeated failures into one line with a count, and switches with the keyboard', async ({
    demoPage,
    inspector,
  }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    for (let attempt = 0; attempt < 3; attempt++) await runScenario(demoPage, 'expired-jwt');
    await runScenario(demoPage, 'missing-token');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(4);
    const popup = await inspector.openPopup(tabId);
    const items = popup.getByRole('option');
    await expect(items).toHaveCount(2);
    await expect(items.first()).toHaveAttribute('aria-selected', 'true');
    await expect(items.nth(1)).toHaveAttribute('data-count', '3');
    await expect(items.nth(1)).toContainText('×3');
    await expect(popup.locator('.headline')).toHaveText('The request was sent without any credential');

    await items.first().focus();
    await popup.keyboard.press('ArrowDown');
    await expect(items.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(items.nth(1)).toBeFocused();
    await expect(popup.locator('.headline')).toHaveText('The token expired 5 min ago');
    await popup.keyboard.press('Home');
    await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'token-missing');
    await popup.close();
  });

  test('copies a Markdown report without any raw credential, and confirms it', async ({
    demoPage,
    inspector,
  }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await runScenario(demoPage, 'expired-jwt');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
    const token = await demoPage.evaluate(
      () => (window as unknown as { DEMO_TOKENS: { expired: string } }).DEMO_TOKENS.expired,
    );
    const popup = await inspector.openPopup(tabId);
    const copied = await captureClipboard(popup);
    await popup.getByRole('button', { name: 'Copy report' }).click();
    await expect(popup.getByTestId('report-status')).toHaveText('Report copied (credentials redacted)');
    const [report = ''] = await copied();
    expect(report).toContain('### Auth failure: The token expired 5 min ago');
    expect(report).toContain('token-expired');
    expect(report).toContain('/api/profile');
    expect(report).not.toContain(token);
    const [header, payload, signature] = token.split('.');
    expect(report).toContain(`${header}.${payload}`);
    expect(report).not.toContain(signature);
    await popup.close();
  });

  test('copies the token only after it is revealed', async ({ demoPage, inspector }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await runScenario(demoPage, 'expired-jwt');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
    const popup = await inspector.openPopup(tabId);
    const copied = await captureClipboard(popup);
    const credential = popup.getByTestId('credential');
    await expect(credential.getByRole('button', { name: 'Copy' })).toHaveCount(0);
    await credential.getByRole('button', { name: 'Reveal' }).click();
    await credential.getByRole('button', { name: 'Copy' }).click();
    await expect(credential.getByRole('status')).toHaveText('Copied');
    expect(await copied()).toEqual([expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/)]);
    await popup.close();
  });

  test('shows the token lifetime against both clocks, scopes as chips, and the raw JSON', async ({
    demoPage,
    inspector,
  }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await runScenario(demoPage, 'expired-jwt');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
    const popup = await inspector.openPopup(tabId);
    const strip = popup.getByTestId('time-strip');
    await expect(strip).toContainText('iat');
    await expect(strip).toContainText('exp');
    await expect(strip).toContainText('now (yours)');
    await expect(strip.getByTestId('clock-skew')).toHaveText("The server's clock agrees with yours.");
    await expect(popup.locator('tr[data-claim="scope"] .chip')).toHaveText(['profile:read', 'orders:read']);
    await popup.getByRole('button', { name: 'Raw JSON' }).click();
    await expect(popup.getByTestId('claims-raw')).toContainText('"sub": "user-1042"');
    await popup.close();
  });

  test('makes invisible and right-to-left characters in claims visible', async ({ demoPage, inspector }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    const sneaky = mintJwt({
      sub: 'admin\u202egnp.exe',
      name: 'a\u200bb',
      exp: epochSeconds(Date.now() - 60_000),
    });
    await sendToken(demoPage, sneaky);
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
    const popup = await inspector.openPopup(tabId);
    await expect(popup.locator('tr[data-claim="sub"] .hidden-char')).toHaveText('U+202E');
    await expect(popup.locator('tr[data-claim="name"] .hidden-char')).toHaveText('U+200B');
    await popup.close();
  });

  test('stays usable with a huge token and a non-JWT token', async ({ demoPage, inspector }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    const huge = mintJwt({ sub: 'u', blob: 'x'.repeat(6_000), exp: epochSeconds(Date.now() - 60_000) });
    await sendToken(demoPage, huge);
    await sendToken(demoPage, 'opaque-session-token-2f9d8a7c6b5e4d3c');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(2);
    const popup = await inspector.openPopup(tabId);
    // Newest first: the opaque token.
    await expect(popup.getByTestId('not-a-jwt')).toBeVisible();
    await expect(popup.getByTestId('credential-kind')).toHaveText('opaque token, 37 characters');
    await popup.getByRole('option').nth(1).click();
    await expect(popup.getByTestId('credential-value')).toContainText(`(${huge.length} chars)`);
    const width = await popup.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(460);
    await popup.close();
  });

  test('says what happened when the request carried no credential', async ({ demoPage, inspector }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await runScenario(demoPage, 'missing-token');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
    const popup = await inspector.openPopup(tabId);
    await expect(popup.getByTestId('no-credential')).toBeVisible();
    await popup.close();
  });

  test('explains a page extensions cannot watch', async ({ extensionBrowser }) => {
    // Without ?tab= the popup inspects the active tab: here itself, an extension page.
    const popup = await extensionBrowser.context.newPage();
    await popup.goto(`chrome-extension://${extensionBrowser.extensionId}/src/popup/index.html`);
    await expect(popup.getByTestId('restricted-page')).toContainText('cannot watch this page');
    await popup.close();
  });

  test('lists the newest 25 of 500 failures first, and more on request', async ({ inspector }) => {
    // 2,000 exchanges, every fourth a 401 on a URL of its own: 500 lines (a tab id no tab has).
    const tabId = 900_101;
    await inspector.seedHistory(tabId, 2000);
    const popup = await inspector.openPopup(tabId);
    await expect(popup.locator('[data-cause]').first()).toBeVisible();
    await expect(popup.getByTestId('failure-count')).toHaveText('500 failures');
    const items = popup.getByRole('option');
    await expect(items).toHaveCount(25);
    await expect(items.first()).toHaveAttribute('data-failure-id', 'seed-1996');
    const more = popup.getByTestId('more-failures');
    await expect(more).toHaveText('Show 100 more (475 not shown)');

    await more.click();
    await expect(items).toHaveCount(125);
    await expect(more).toHaveText('Show 100 more (375 not shown)');
    // A line from the second page shows in full, and the keyboard reaches the last line shown.
    await items.nth(110).click();
    await expect(popup.getByTestId('failure-detail')).toHaveAttribute('data-exchange-id', 'seed-1556');
    await popup.keyboard.press('End');
    await expect(items.last()).toHaveAttribute('data-failure-id', 'seed-1500');
    await expect(items.last()).toHaveAttribute('aria-selected', 'true');
    await expect(popup.getByTestId('failure-detail')).toHaveAttribute('data-exchange-id', 'seed-1500');
    for (const shown of [225, 325, 425, 500]) {
      await more.click();
      await expect(items).toHaveCount(shown);
    }
    await expect(more).toHaveCount(0);
    await popup.close();
    await inspector.clearHistory(tabId);
  });

  test('clears the history and the badge', async ({ demoPage, inspector }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await runScenario(demoPage, 'expired-jwt');
    await expect.poll(() => inspector.badgeText(tabId)).toBe('1');
    const popup = await inspector.openPopup(tabId);
    await popup.getByRole('button', { name: 'Clear history' }).click();
    await expect(popup.getByTestId('empty-state')).toBeVisible();
    await expect.poll(() => inspector.badgeText(tabId)).toBe('');
    await popup.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`has no serious accessibility violations (${scheme})`, async ({ demoPage, inspector }) => {
      const tabId = await inspector.tabIdOf(demoPage);
      const empty = await inspector.openPopup(tabId);
      await empty.emulateMedia({ colorScheme: scheme });
      await expect(empty.getByTestId('empty-state')).toBeVisible();
      await expectNoSeriousA11yViolations(empty);
      await empty.close();

      await runScenario(demoPage, 'expired-jwt');
      await runScenario(demoPage, 'expired-jwt');
      await runScenario(demoPage, 'bearer-undefined');
      await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(3);
      const popup = await inspector.openPopup(tabId);
      await popup.emulateMedia({ colorScheme: scheme });
      await expect(popup.locator('[data-cause]').first()).toBeVisible();
      await popup.getByTestId('credential').getByRole('button', { name: 'Reveal' }).click();
      await expectNoSeriousA11yViolations(popup);
      // The expired JWT (folded ×2) with its raw claims open.
      await popup.getByRole('option').nth(1).click();
      await popup.getByRole('button', { name: 'Raw JSON' }).click();
      await expectNoSeriousA11yViolations(popup);
      // A failure with no credential (it arrives live), then a page extensions cannot watch.
      await runScenario(demoPage, 'missing-token');
      await expect(popup.getByRole('option')).toHaveCount(3);
      await popup.getByRole('option').first().click();
      await expect(popup.getByTestId('no-credential')).toBeVisible();
      await expectNoSeriousA11yViolations(popup);
      await popup.goto(popup.url().replace(/\?tab=\d+$/, ''));
      await expect(popup.getByTestId('restricted-page')).toBeVisible();
      await expectNoSeriousA11yViolations(popup);
      await popup.close();
    });
  }
});
