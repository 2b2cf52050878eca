import { expect, runScenario, test } from './fixtures.ts';

/**
 * Issue 18, what the user sees of a cookie session: the credential section lists the cookies of
 * the failed request, sent or withheld and why, in the popup and in the panel; a cookie's value is
 * never shown (its length and fingerprint are), and the cause names the cookie and the rule.
 */

test('the popup names the session cookie a cross-site POST left behind, the rule, and not its value', async ({
  demoPage,
  inspector,
  extensionBrowser,
}) => {
  const tabId = await inspector.tabIdOf(demoPage);
  await runScenario(demoPage, 'cookie-samesite-post');
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBeGreaterThan(0);
  const popup = await inspector.openPopup(tabId);
  const top = popup.locator('[data-cause]').first();
  await expect(top).toHaveAttribute('data-cause', 'cookie-blocked');
  await expect(top).toContainText('demo_sid');
  await expect(popup.getByTestId('credentials-mode')).toContainText('credentials: "include"');
  // The cookie the sign-in on the API's site set: in the jar, withheld by SameSite.
  const row = popup
    .getByTestId('cookie-row')
    .filter({ hasText: 'localhost' })
    .filter({ hasText: 'demo_sid' });
  await expect(row).toHaveAttribute('data-sent', 'false');
  await expect(row.getByTestId('cookie-sent')).toContainText('SameSite (cross-site request)');
  await expect(row).toContainText('HttpOnly');
  await expect(row.getByTestId('cookie-value')).toContainText(/•••• \d+ chars · [0-9a-f]{16}/);
  const jar = (await extensionBrowser.context.cookies()).filter((cookie) => cookie.name === 'demo_sid');
  expect(jar.length).toBeGreaterThan(0);
  const shown = await popup.content();
  for (const { value } of jar) expect(shown).not.toContain(value);
  // Reveal reads the jar's value now, on the click only.
  await row.getByRole('button', { name: 'Reveal' }).click();
  const localhostValue = jar.find((cookie) => cookie.domain === 'localhost')?.value ?? '-';
  await expect(row.getByTestId('cookie-value')).toHaveText(localhostValue);
  await row.getByRole('button', { name: 'Hide' }).click();
  await expect(row.getByTestId('cookie-value')).not.toContainText(localhostValue);
  await popup.close();
});

test('the panel shows the same cookie facts, and a session the server deleted', async ({
  demoPage,
  inspector,
}) => {
  const tabId = await inspector.tabIdOf(demoPage);
  // Network capture on first (DevTools open), so the server's Set-Cookie is seen.
  await inspector.armNetworkCapture(tabId);
  await runScenario(demoPage, 'session-cleared');
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
  const panel = await inspector.openPanel(tabId);
  const failure = panel.locator('[role="row"][data-exchange-id]').filter({ hasText: '401' });
  await failure.first().click();
  const top = panel.locator('[data-cause]').first();
  await expect(top).toHaveAttribute('data-cause', 'session-expired');
  await expect(top).toContainText('deleted demo_sid');
  await expect(panel.getByTestId('set-cookies')).toContainText('demo_sid');
  await expect(panel.getByTestId('set-cookies')).toContainText('deleted by the server');
  await panel.close();
});
