import { expect, runScenario, test } from './fixtures.ts';

/** Settings saved in storage.sync change what the worker records, without reloading anything. */
test.describe('settings apply at once', () => {
  test.afterEach(async ({ inspector }) => {
    await inspector.setSyncedSettings(undefined);
  });

  test('an ignored host is not recorded, and a status removed from the watch list is not counted', async ({
    demoPage,
    inspector,
  }) => {
    const tabId = await inspector.tabIdOf(demoPage);
    await inspector.setSyncedSettings({ watchedStatuses: [401, 419, 440, 498] });
    await runScenario(demoPage, 'insufficient-scope');
    await runScenario(demoPage, 'missing-token');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
    const history = await inspector.history(tabId);
    // The 403 was still kept (it carried a credential), but not as a failure.
    expect(history?.exchanges.map((exchange) => [exchange.status, exchange.failed])).toEqual([
      [403, false],
      [401, true],
    ]);

    await inspector.setSyncedSettings({ ignoredHosts: ['127.0.0.1'] });
    await runScenario(demoPage, 'expired-jwt');
    await runScenario(demoPage, 'valid-token');
    // The page's observations reach the worker in batches up to 100 ms apart (isolated.ts), and the
    // worker applies the settings it has when they arrive: these two must arrive while the host is
    // still ignored. Nothing is recorded to wait for, so this waits out the batch.
    await demoPage.waitForTimeout(300);
    await inspector.setSyncedSettings(undefined);
    await runScenario(demoPage, 'bearer-undefined');
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(2);
    expect((await inspector.history(tabId))?.exchanges).toHaveLength(3);
  });
});
