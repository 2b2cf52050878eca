import type { Page } from '@playwright/test';
import { RELAY_EVENT } from '../src/shared/page-relay.ts';
import { expect, runScenario, test } from './fixtures.ts';
import { EXPERIMENT_SCENARIOS } from './support/demo-server.ts';
import type { Inspector } from './support/inspector.ts';

/**
 * Issue 16: confirming a cause by experiment, in Chromium with the extension loaded, against the
 * demo API. Each kind runs from the popup exactly as a user runs it: the cause's Confirm button,
 * the confirmation step that shows what will be sent, Send.
 */

async function openOnFailure(inspector: Inspector, page: Page) {
  const tabId = await inspector.tabIdOf(page);
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount ?? 0).toBeGreaterThan(0);
  return { tabId, popup: await inspector.openPopup(tabId) };
}

async function causeElement(popup: Page, cause: string) {
  const element = popup.locator(`[data-cause="${cause}"]`);
  await element.waitFor();
  // Causes below the first are folded: the user opens the one to test.
  const details = element.locator('details');
  if ((await details.getAttribute('open')) === null) await element.locator('summary').click();
  return element;
}

test.describe('experiments', () => {
  for (const experiment of EXPERIMENT_SCENARIOS) {
    test(`${experiment.scenario}: ${experiment.kind} → ${experiment.verdict} (${experiment.status})`, async ({
      demoPage,
      inspector,
    }) => {
      const requests: string[] = [];
      demoPage.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
      await runScenario(demoPage, experiment.scenario);
      const { tabId, popup } = await openOnFailure(inspector, demoPage);
      const before = (await inspector.history(tabId))?.failureCount ?? 0;
      const cause = await causeElement(popup, experiment.cause);
      await expect(cause).not.toHaveAttribute('data-experiment-result');
      const sentBefore = requests.length;

      await cause.locator(`[data-experiment="${experiment.kind}"]`).click();
      const dialog = popup.getByTestId('experiment-dialog');
      await expect(dialog).toBeVisible();
      // Nothing is sent before the user says so.
      await popup.waitForTimeout(300);
      expect(requests.length).toBe(sentBefore);
      await dialog.locator('[data-experiment-send]').click();

      const judged = popup.locator(`[data-cause="${experiment.cause}"]`);
      await expect(judged).toHaveAttribute('data-experiment-result', experiment.verdict);
      await expect(judged.getByTestId('experiment-result')).toContainText(`→ ${experiment.status}`);
      // A confirmed cause moves to the top.
      if (experiment.verdict === 'confirmed')
        await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', experiment.cause);

      // Recorded in the tab's history, marked, never counted as the app's failure (the store writes
      // in batches: the popup may show the reply before storage.session holds it).
      await expect
        .poll(
          async () =>
            (await inspector.history(tabId))?.exchanges.filter((exchange) => exchange.experiment).length,
        )
        .toBe(1);
      const history = await inspector.history(tabId);
      const records = history?.exchanges.filter((exchange) => exchange.experiment) ?? [];
      expect(records).toHaveLength(1);
      expect(records[0]?.experiment).toMatchObject({ kind: experiment.kind, verdict: experiment.verdict });
      expect(records[0]?.status).toBe(experiment.status);
      expect(history?.failureCount).toBe(before);
      expect(history?.exchanges.filter((exchange) => exchange.failed).length).toBe(before);
      await popup.close();
    });
  }

  test('a write is never offered, and the popup says why', async ({ demoPage, inspector }) => {
    // insufficient-scope is a DELETE; a POST with an expired token is a write too.
    await demoPage.evaluate(async () => {
      const tokens = (window as unknown as { DEMO_TOKENS: { expired: string; valid: string } }).DEMO_TOKENS;
      sessionStorage.setItem('demo-auth', JSON.stringify({ access_token: tokens.valid }));
      await fetch('/api/profile', { method: 'POST', headers: { Authorization: `Bearer ${tokens.expired}` } });
    });
    const { popup } = await openOnFailure(inspector, demoPage);
    const top = popup.locator('[data-cause]').first();
    await top.waitFor();
    await expect(popup.locator('[data-experiment]')).toHaveCount(0);
    await expect(popup.getByTestId('experiment-unavailable').first()).toContainText(
      'only GET, HEAD and OPTIONS requests are sent again',
    );
    await popup.close();
  });

  test('the page cannot trigger, forge or read an experiment', async ({ demoPage, inspector }) => {
    await runScenario(demoPage, 'stale-token');
    const { tabId, popup } = await openOnFailure(inspector, demoPage);
    const failureId = await popup.locator('[data-exchange-id]').first().getAttribute('data-exchange-id');
    const requests: string[] = [];
    demoPage.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
    // The page posts what would be the worker's message to its content script, and the popup's
    // to the worker, through every channel a page has.
    const reached = await demoPage.evaluate(
      async ({ failure, tab, relayEvent }) => {
        const send = {
          type: 'send-experiment',
          request: { method: 'GET', url: 'http://127.0.0.1:9/steal', headers: [] },
        };
        const run = {
          type: 'run-experiment',
          tabId: tab,
          exchangeId: failure,
          causeId: 'stale-token',
          kind: 'fresher-token',
        };
        window.postMessage(send, '*');
        window.postMessage(run, '*');
        document.dispatchEvent(new CustomEvent(relayEvent, { detail: JSON.stringify(send) }));
        document.dispatchEvent(new CustomEvent(relayEvent, { detail: JSON.stringify(run) }));
        const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
        await new Promise((resolve) => setTimeout(resolve, 500));
        return typeof runtime?.sendMessage;
      },
      { failure: failureId, tab: tabId, relayEvent: RELAY_EVENT },
    );
    expect(reached).toBe('undefined');
    expect(requests).toEqual([]);
    const history = await inspector.history(tabId);
    expect(history?.exchanges.some((exchange) => exchange.experiment)).toBe(false);
    await popup.close();
  });

  test('the credential goes only to the failed request’s URL, and Cancel sends nothing', async ({
    demoPage,
    inspector,
  }) => {
    await runScenario(demoPage, 'stale-token');
    const { popup } = await openOnFailure(inspector, demoPage);
    const sent: { url: string; authorization: string | undefined }[] = [];
    await demoPage.context().route('**/*', async (route) => {
      const request = route.request();
      sent.push({ url: request.url(), authorization: request.headers().authorization });
      await route.continue();
    });
    const cause = await causeElement(popup, 'stale-token');
    await cause.locator('[data-experiment="fresher-token"]').click();
    const dialog = popup.getByTestId('experiment-dialog');
    const origin = new URL(demoPage.url()).origin;
    await expect(dialog).toContainText(`GET ${origin}/api/profile`);
    const tokens = await demoPage.evaluate(
      () => (window as unknown as { DEMO_TOKENS: { expired: string; valid: string } }).DEMO_TOKENS,
    );
    // The change is shown masked: neither token in full.
    await expect(dialog).not.toContainText(tokens.valid);
    await expect(dialog).not.toContainText(tokens.expired);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await popup.waitForTimeout(300);
    expect(sent.filter((request) => request.url.includes('/api/'))).toEqual([]);

    await cause.locator('[data-experiment="fresher-token"]').click();
    await popup.getByTestId('experiment-dialog').locator('[data-experiment-send]').click();
    await expect(popup.locator('[data-cause="stale-token"]')).toHaveAttribute(
      'data-experiment-result',
      'confirmed',
    );
    const withToken = sent.filter((request) => request.authorization !== undefined);
    expect(withToken).toEqual([{ url: `${origin}/api/profile`, authorization: `Bearer ${tokens.valid}` }]);
    await demoPage.context().unroute('**/*');
    await popup.close();
  });

  test('a fix that does not help rules the cause out, drops it, and shows the server’s new words', async ({
    demoPage,
    inspector,
  }) => {
    // The page keeps a fresher token, but the session behind it was ended too: the fresher token is
    // refused as well, so "the app sent the old one" was not the reason.
    await demoPage.evaluate(async () => {
      const tokens = (window as unknown as { DEMO_TOKENS: { expired: string; valid: string } }).DEMO_TOKENS;
      sessionStorage.setItem('demo-auth', JSON.stringify({ access_token: tokens.valid }));
      await fetch('/api/session/logout', {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens.valid}` },
      });
      await fetch('/api/profile', { headers: { Authorization: `Bearer ${tokens.expired}` } });
    });
    const { tabId, popup } = await openOnFailure(inspector, demoPage);
    const before = (await inspector.history(tabId))?.failureCount;
    await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'stale-token');
    const cause = await causeElement(popup, 'stale-token');
    await cause.locator('[data-experiment="fresher-token"]').click();
    await popup.locator('[data-experiment-send]').click();
    const judged = popup.locator('[data-cause="stale-token"]');
    await expect(judged).toHaveAttribute('data-experiment-result', 'ruled-out');
    await expect(judged.getByTestId('experiment-result')).toContainText('Token is not active');
    await expect(popup.locator('[data-cause]').last()).toHaveAttribute('data-cause', 'stale-token');
    expect((await inspector.history(tabId))?.failureCount).toBe(before);
    await popup.close();
  });

  test('the DevTools panel runs them too, and marks the experiment’s own row', async ({
    demoPage,
    inspector,
  }) => {
    await runScenario(demoPage, 'header-doubled-scheme');
    const tabId = await inspector.tabIdOf(demoPage);
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
    const panel = await inspector.openPanel(tabId);
    const rows = panel.locator('[role="row"][data-exchange-id]');
    await rows.first().click();
    const cause = panel.locator('[data-cause="malformed-header"]');
    await cause.locator('[data-experiment="repaired-header"]').click();
    await panel.locator('[data-experiment-send]').click();
    await expect(cause).toHaveAttribute('data-experiment-result', 'confirmed');
    // The experiment is a row of its own, marked, and not a failure.
    const experimentRow = panel.locator('[data-experiment-row="confirmed"]');
    await expect(experimentRow).toHaveCount(1);
    await expect(experimentRow).toHaveAttribute('data-failed', 'false');
    await experimentRow.click();
    await expect(panel.getByTestId('experiment-note')).toBeVisible();
    await panel.close();
  });

  test('a frame the page names "content" cannot take the experiment over', async ({
    demoPage,
    inspector,
  }) => {
    // In Chromium's isolated world a named frame answers to its name on the global: the sender
    // must not look anything up there, or this frame would send (or sink) the experiment.
    await demoPage.evaluate(() => {
      const frame = document.createElement('iframe');
      frame.name = 'content';
      frame.setAttribute('sandbox', '');
      document.body.append(frame);
    });
    await runScenario(demoPage, 'header-doubled-scheme');
    const { popup } = await openOnFailure(inspector, demoPage);
    const cause = await causeElement(popup, 'malformed-header');
    await cause.locator('[data-experiment="repaired-header"]').click();
    await popup.locator('[data-experiment-send]').click();
    await expect(popup.locator('[data-cause="malformed-header"]')).toHaveAttribute(
      'data-experiment-result',
      'confirmed',
    );
    await popup.close();
  });

  test('a failure inside a frame of the page offers nothing, and says why', async ({
    demoPage,
    inspector,
  }) => {
    // A frame of another origin (an ad, a widget) fails without a credential: sending the page's
    // token to the URL it chose is exactly what must not be offered.
    await demoPage.evaluate(() => {
      const frame = document.createElement('iframe');
      frame.src = `${(window as unknown as { DEMO_API: string }).DEMO_API}/api/profile`;
      document.body.append(frame);
    });
    const { popup } = await openOnFailure(inspector, demoPage);
    await popup.locator('[data-cause]').first().waitFor();
    await expect(popup.locator('[data-experiment]')).toHaveCount(0);
    await expect(popup.getByTestId('experiment-unavailable').first()).toContainText(
      'A frame inside the page',
    );
    await popup.close();
  });

  test('after the tab moved to another site, nothing is sent from it', async ({
    demoPage,
    inspector,
    server,
  }) => {
    await runScenario(demoPage, 'stale-token');
    const tabId = await inspector.tabIdOf(demoPage);
    await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
    await demoPage.goto(`${server.apiUrl}/elsewhere`);
    const requests: string[] = [];
    demoPage.on('request', (request) => requests.push(request.url()));
    const popup = await inspector.openPopup(tabId);
    // The new site keeps no token, so the failure reads as expired; the same request again would
    // carry the old site's token from the new site's page.
    const cause = await causeElement(popup, 'token-expired');
    await cause.locator('[data-experiment="same-again"]').click();
    await popup.locator('[data-experiment-send]').click();
    await expect(popup.locator('[data-experiment-error]')).toContainText(
      `the tab now shows ${server.apiUrl}`,
    );
    await expect(popup.locator('[data-cause="token-expired"]')).not.toHaveAttribute('data-experiment-result');
    expect(requests).toEqual([]);
    await popup.close();
  });
});
