import { expect, runScenario, test } from './fixtures.ts';

test('failures before and after the MV3 worker is stopped are all kept', async ({ demoPage, inspector }) => {
  const tabId = await inspector.tabIdOf(demoPage);
  await runScenario(demoPage, 'expired-jwt');
  await runScenario(demoPage, 'bearer-undefined');
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(2);

  await inspector.stopWorker();
  // The next request wakes a new worker, which must find the history in storage.session.
  await runScenario(demoPage, 'missing-token');
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(3);
  await expect.poll(() => inspector.badgeText(tabId)).toBe('3');

  const popup = await inspector.openPopup(tabId);
  await expect(popup.locator('[data-failure-id]')).toHaveCount(3);
  await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'token-missing');
  await popup.close();
});

test('a tab with network capture on keeps it when the worker is stopped and started again', async ({
  demoPage,
  inspector,
}) => {
  const tabId = await inspector.tabIdOf(demoPage);
  await inspector.armNetworkCapture(tabId);
  await inspector.stopWorker();
  // A failure the page relays wakes a new worker; it arms the tab again from storage.session, and
  // the network view of the next failure joins the page's.
  await runScenario(demoPage, 'expired-jwt');
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
  await runScenario(demoPage, 'missing-token');
  await expect
    .poll(
      async () =>
        (await inspector.history(tabId))?.exchanges.filter((item) => item.failed).at(-1)?.sources.length,
    )
    .toBe(2);
});

test('a page forging relay events can only add to its own tab, and malformed ones are dropped', async ({
  demoPage,
  inspector,
  extensionBrowser,
  server,
}) => {
  const other = await extensionBrowser.context.newPage();
  await other.goto(`${server.url}/?bystander`);
  const tabId = await inspector.tabIdOf(demoPage);
  const otherTabId = await inspector.tabIdOf(other);

  await demoPage.evaluate(() => {
    const send = (detail: unknown) =>
      document.dispatchEvent(new CustomEvent('auth-inspector:observation', { detail }));
    const forged = {
      api: 'fetch',
      method: 'GET',
      url: 'https://bank.example/api/account',
      status: 401,
      startedAt: Date.now(),
      completedAt: Date.now(),
      requestHeaders: [],
      responseHeaders: [],
      tabId: 1,
    };
    send(JSON.stringify(forged));
    send(JSON.stringify({ ...forged, status: 'oops' }));
    send('{not json');
    send({ object: 'not a string' });
    send('x'.repeat(400_000));
  });

  await expect.poll(async () => (await inspector.history(tabId))?.exchanges.length).toBe(1);
  const history = await inspector.history(tabId);
  expect(history?.exchanges[0]).toMatchObject({ url: 'https://bank.example/api/account', sources: ['page'] });
  expect(await inspector.history(otherTabId)).toBeUndefined();
  await other.close();
});
