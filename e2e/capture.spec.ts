import type { Exchange } from '../src/core/exchange.ts';
import type { TabHistory } from '../src/core/history/tab-history.ts';
import { expect, runScenario, test } from './fixtures.ts';
import { SCENARIOS } from './support/demo-server.ts';
import type { Inspector } from './support/inspector.ts';

/** Both views of a request arrive independently: waits until the worker has joined them. */
async function joinedFailure(
  inspector: Inspector,
  tabId: number,
): Promise<{ history: TabHistory; exchange: Exchange }> {
  const joined = (history: TabHistory | undefined) =>
    history?.exchanges.find((item) => item.failed && item.sources.length === 2);
  await expect.poll(async () => joined(await inspector.history(tabId))?.sources).toEqual(['network', 'page']);
  const history = (await inspector.history(tabId)) as TabHistory;
  return { history, exchange: joined(history) as Exchange };
}

test.describe('an expired JWT refused with 401', () => {
  test('is recorded with the wire credential and the body the page received', async ({
    demoPage,
    inspector,
  }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    // The popup was opened on the tab once: network capture is on, and joins the page's view.
    await inspector.armNetworkCapture(tabId);
    const result = await runScenario(demoPage, 'expired-jwt');
    expect(result.status).toBe(401);

    const { history, exchange } = await joinedFailure(inspector, tabId);
    expect(history.failureCount).toBe(1);
    expect(exchange).toMatchObject({ method: 'GET', status: 401, failed: true });
    expect(exchange?.url).toMatch(/\/api\/profile$/);
    // Joined: Authorization as sent on the wire, body as the page's fetch received it.
    expect(exchange?.requestHeaders.find((header) => header.name === 'authorization')?.value).toMatch(
      /^Bearer eyJ/,
    );
    expect(exchange?.responseHeaders.find((header) => header.name === 'www-authenticate')?.value).toContain(
      'error="invalid_token"',
    );
    expect(exchange?.responseBody?.text).toContain('The access token expired');
  });

  test('the popup shows the request, the decoded claims and token-expired first', async ({
    demoPage,
    inspector,
  }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await runScenario(demoPage, 'expired-jwt');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);

    const popup = await inspector.openPopup(tabId);
    await expect(popup.locator('[data-failure-id]')).toHaveCount(1);
    await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'token-expired');
    await expect(popup.locator('.headline')).toHaveText('The token expired 5 min ago');
    // The top cause is open with its evidence (the exp claim, the server's own words) and the fix.
    const top = popup.locator('[data-cause]').first();
    await expect(top.locator('.evidence li')).toHaveCount(2);
    await expect(top.locator('.evidence')).toContainText('The access token expired');
    await expect(top.locator('.fix')).toContainText('refresh');
    const summary = popup.getByTestId('exchange-summary');
    await expect(summary).toContainText('GET');
    await expect(summary).toContainText('/api/profile');
    await expect(summary.getByTestId('status')).toHaveText('401');
    await expect(popup.getByTestId('credential-scheme')).toHaveText('Bearer');
    await expect(popup.getByTestId('credential-kind')).toHaveText(
      'JWT access token (HS256) from https://id.demo.test/',
    );
    const payload = popup.getByTestId('claims-payload');
    await expect(payload.locator('tr[data-claim="sub"]')).toContainText('user-1042');
    await expect(payload.locator('tr[data-claim="exp"]')).toContainText('5 min ago');
    await expect(payload.locator('tr[data-claim="iat"]')).toContainText('1 h 5 min ago');
    await popup.close();
  });

  test('the token is masked until revealed', async ({ demoPage, inspector }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await runScenario(demoPage, 'expired-jwt');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
    const popup = await inspector.openPopup(tabId);
    const token = await demoPage.evaluate(
      () => (window as unknown as { DEMO_TOKENS: { expired: string } }).DEMO_TOKENS.expired,
    );
    const value = popup.getByTestId('credential-value');
    await expect(value).toContainText('chars)');
    expect(await popup.locator('body').textContent()).not.toContain(token);
    await popup.getByTestId('credential').getByRole('button', { name: 'Reveal' }).click();
    await expect(value).toHaveText(token);
    await popup.close();
  });
});

test('the badge counts the failures of the tab', async ({ demoPage, inspector }) => {
  test.setTimeout(60_000);
  const tabId = await inspector.tabIdOf(demoPage);
  await runScenario(demoPage, 'expired-jwt');
  await runScenario(demoPage, 'missing-token');
  await runScenario(demoPage, 'valid-token');
  await runScenario(demoPage, 'insufficient-scope');
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(3);
  await expect.poll(() => inspector.badgeText(tabId)).toBe('3');
  // Red (#c5221f) while the newest failure is fresh (25 s).
  expect(await inspector.badgeColor(tabId)).toEqual([197, 34, 31, 255]);
  const history = await inspector.history(tabId);
  // The successful credentialed request is kept for the history, but not counted.
  expect(history?.exchanges.filter((exchange) => !exchange.failed)).toHaveLength(1);
  // Amber (#a15c00) once it is not, with nothing else happening: the worker fades it itself, within
  // its own lifetime, without an alarm that would wake it later.
  await expect
    .poll(() => inspector.badgeColor(tabId), { timeout: 40_000, intervals: [2_000] })
    .toEqual([161, 92, 0, 255]);
  expect(await inspector.badgeText(tabId)).toBe('3');
});

for (const scenario of SCENARIOS) {
  test(`demo scenario "${scenario.id}" gets ${scenario.expectedCause} first`, async ({
    demoPage,
    inspector,
  }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    if (scenario.networkCapture) await inspector.armNetworkCapture(tabId);
    await runScenario(demoPage, scenario.id);
    await expect
      .poll(async () => (await inspector.history(tabId))?.failureCount)
      .toBeGreaterThanOrEqual(scenario.failures ?? 1);
    const popup = await inspector.openPopup(tabId);
    await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', scenario.expectedCause);
    await popup.close();
  });
}

test('an XMLHttpRequest failure is captured with its body', async ({ demoPage, inspector }) => {
  const tabId = await inspector.tabIdOf(demoPage);
  await inspector.armNetworkCapture(tabId);
  const result = await runScenario(demoPage, 'xhr-expired');
  expect(result.status).toBe(401);
  const { history, exchange } = await joinedFailure(inspector, tabId);
  expect(history.failureCount).toBe(1);
  expect(exchange?.type).toBe('xmlhttprequest');
  expect(exchange?.url).toMatch(/\/api\/orders$/);
  expect(exchange?.responseBody?.text).toContain('invalid_token');
  const popup = await inspector.openPopup(tabId);
  await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'token-expired');
  await popup.close();
});

test('the history survives a navigation to a login page', async ({ demoPage, inspector, server }) => {
  const tabId = await inspector.tabIdOf(demoPage);
  await runScenario(demoPage, 'expired-jwt');
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
  await demoPage.goto(`${server.url}/login`);
  await expect(demoPage.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  const popup = await inspector.openPopup(tabId);
  await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'token-expired');
  await expect.poll(() => inspector.badgeText(tabId)).toBe('1');
  await popup.close();
});

test('closing the tab forgets its record', async ({ demoPage, inspector }) => {
  const tabId = await inspector.tabIdOf(demoPage);
  await runScenario(demoPage, 'missing-token');
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
  await demoPage.close();
  await expect.poll(() => inspector.history(tabId)).toBeUndefined();
});

test('the popup of a tab with no failures explains what it watches', async ({ demoPage, inspector }) => {
  const tabId = await inspector.tabIdOf(demoPage);
  const popup = await inspector.openPopup(tabId);
  await expect(popup.getByTestId('empty-state')).toContainText('401, 403, 419, 440 or 498');
  await expect(popup.locator('[data-failure-id]')).toHaveCount(0);
  await popup.close();
});

test.describe('network capture, dormant until the tab needs it', () => {
  test('a same-origin failure in a fresh tab is whole from the page alone: no network view, nothing said missing', async ({
    demoPage,
    inspector,
  }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await runScenario(demoPage, 'expired-jwt');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
    const history = (await inspector.history(tabId)) as TabHistory;
    const failure = history.exchanges.find((item) => item.failed) as Exchange;
    expect(failure.sources).toEqual(['page']);
    expect(failure.unseen).toBeUndefined();
    expect(failure.responseHeaders.find((header) => header.name === 'www-authenticate')?.value).toContain(
      'invalid_token',
    );
    const popup = await inspector.openPopup(tabId);
    await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'token-expired');
    await expect(popup.getByTestId('partial-view')).toHaveCount(0);
    await popup.close();
  });

  test('a cross-origin failure in a fresh tab says what the page could not see; repeated, it is seen whole', async ({
    demoPage,
    inspector,
    server,
  }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    const call = () =>
      demoPage.evaluate(async (api) => {
        const token = (window as unknown as { DEMO_TOKENS: { expired: string } }).DEMO_TOKENS.expired;
        const response = await fetch(`${api}/api/profile`, { headers: { Authorization: `Bearer ${token}` } });
        return response.status;
      }, server.apiUrl);
    expect(await call()).toBe(401);
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
    const first = (await inspector.history(tabId))?.exchanges.find((item) => item.failed) as Exchange;
    expect(first.sources).toEqual(['page']);
    expect(first.unseen?.join(' ')).toMatch(/did not expose/);
    let popup = await inspector.openPopup(tabId);
    await expect(popup.getByTestId('partial-view')).toContainText('repeat the action');
    await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'token-expired');
    await popup.close();

    expect(await call()).toBe(401);
    await expect
      .poll(async () =>
        (await inspector.history(tabId))?.exchanges
          .filter((item) => item.failed)
          .map((item) => item.sources.length),
      )
      .toEqual([1, 2]);
    popup = await inspector.openPopup(tabId);
    await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'token-expired');
    await expect(popup.getByTestId('partial-view')).toHaveCount(0);
    await popup.close();
  });
});
