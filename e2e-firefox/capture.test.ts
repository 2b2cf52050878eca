import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SCENARIOS } from '../e2e/support/demo-server.ts';
import type { Exchange } from '../src/core/exchange.ts';
import {
  rankedCauses,
  runScenario,
  type Session,
  startSession,
  waitFor,
  waitForFailures,
  warmUp,
} from './support/session.ts';

/**
 * The Chromium suite's core scenarios, in a real Firefox ESR with dist/firefox installed as a
 * temporary add-on.
 */
describe('Auth Inspector in Firefox', () => {
  let session: Session;

  before(async () => {
    session = await startSession();
    await warmUp(session);
  });

  after(async () => {
    await session?.close();
  });

  test('an expired JWT refused with 401 is recorded with the credential and the body', async () => {
    const page = await session.demoPage('capture');
    const tabId = await session.inspector.tabIdOf(page);
    // The popup was opened on the tab once: network capture is on, and joins the page's view.
    await session.inspector.armNetworkCapture(tabId);
    const result = await runScenario(page, 'expired-jwt');
    assert.equal(result.status, 401);

    // Both views of the request arrive independently: wait until the background joined them.
    const exchange = await waitFor<Exchange>(
      async () =>
        (await session.inspector.history(tabId))?.exchanges.find(
          (item) => item.failed && item.sources.length === 2,
        ),
      'the network and page views of the 401 to be joined',
    );
    assert.deepEqual(exchange.sources, ['network', 'page']);
    assert.equal(exchange.method, 'GET');
    assert.equal(exchange.status, 401);
    assert.match(exchange.url, /\/api\/profile$/);
    const header = (name: string, headers: Exchange['requestHeaders']) =>
      headers.find((entry) => entry.name === name)?.value;
    assert.match(header('authorization', exchange.requestHeaders) ?? '', /^Bearer eyJ/);
    assert.match(header('www-authenticate', exchange.responseHeaders) ?? '', /error="invalid_token"/);
    assert.match(exchange.responseBody?.text ?? '', /The access token expired/);
    assert.equal((await session.inspector.history(tabId))?.failureCount, 1);
    await page.close();
  });

  test('a same-origin failure in a fresh tab is recorded whole from the page, network capture still off', async () => {
    const page = await session.demoPage('dormant');
    const tabId = await session.inspector.tabIdOf(page);
    await runScenario(page, 'expired-jwt');
    const exchange = await waitFor<Exchange>(
      async () => (await session.inspector.history(tabId))?.exchanges.find((item) => item.failed),
      'the page’s view of the 401',
    );
    assert.deepEqual(exchange.sources, ['page']);
    assert.equal(exchange.unseen, undefined);
    const challenge = exchange.responseHeaders.find((entry) => entry.name === 'www-authenticate')?.value;
    assert.match(challenge ?? '', /error="invalid_token"/);
    await page.close();
  });

  test('the popup ranks the causes with token-expired first', async () => {
    const page = await session.demoPage('popup');
    const tabId = await session.inspector.tabIdOf(page);
    await runScenario(page, 'expired-jwt');
    await waitForFailures(session, tabId);
    const popup = await session.inspector.openPopup(tabId);
    const causes = await rankedCauses(popup);
    assert.equal(causes[0], 'token-expired');
    assert.equal(new Set(causes).size, causes.length, `each cause once: ${causes.join(', ')}`);
    const headline = await popup.$eval('.headline', (element) => element.textContent);
    assert.equal(headline, 'The token expired 5 min ago');
    const status = await popup.$eval('[data-testid="exchange-summary"] [data-testid="status"]', (element) =>
      element.textContent?.trim(),
    );
    assert.equal(status, '401');
    assert.equal(await popup.$$eval('[data-failure-id]', (items) => items.length), 1);
    await popup.close();
    await page.close();
  });

  // The same list the Chromium suite and the demo run, so the two browsers cannot drift.
  for (const scenario of SCENARIOS) {
    const skip = scenario.notInFirefox ?? false;
    test(`demo scenario "${scenario.id}" gets ${scenario.expectedCause} first`, { skip }, async () => {
      const page = await session.demoPage(`scenario-${scenario.id}`);
      const tabId = await session.inspector.tabIdOf(page);
      if (scenario.networkCapture) await session.inspector.armNetworkCapture(tabId);
      await runScenario(page, scenario.id);
      await waitForFailures(session, tabId, scenario.failures ?? 1);
      const popup = await session.inspector.openPopup(tabId);
      const causes = await rankedCauses(popup);
      assert.equal(causes[0], scenario.expectedCause, `ranked: ${causes.join(', ')}`);
      await popup.close();
      await page.close();
    });
  }

  test('the badge counts the failures of the tab, red while fresh', async () => {
    const page = await session.demoPage('badge');
    const tabId = await session.inspector.tabIdOf(page);
    for (const scenario of ['expired-jwt', 'missing-token', 'valid-token', 'insufficient-scope']) {
      await runScenario(page, scenario);
    }
    await waitFor(
      async () => ((await session.inspector.history(tabId))?.failureCount === 3 ? true : undefined),
      'three failures to be recorded',
    );
    await waitFor(
      async () => ((await session.inspector.badgeText(tabId)) === '3' ? true : undefined),
      'the badge to read 3',
    );
    assert.deepEqual(await session.inspector.badgeColor(tabId), [197, 34, 31, 255]);
    const history = await session.inspector.history(tabId);
    assert.equal(history?.exchanges.filter((exchange) => !exchange.failed).length, 1);
    await page.close();
  });

  test("the page's fetch and XHR see exactly what the server sent", async () => {
    const page = await session.demoPage('transparency');
    const tabId = await session.inspector.tabIdOf(page);
    const viaFetch = await page.evaluate(async () => {
      const response = await fetch('/api/echo-401');
      return {
        wrapped: !Function.prototype.toString.call(fetch).includes('[native code]'),
        name: fetch.name,
        length: fetch.length,
        status: response.status,
        statusText: response.statusText,
        ok: response.ok,
        type: response.type,
        trace: response.headers.get('x-demo-trace'),
        contentType: response.headers.get('content-type'),
        challenge: response.headers.get('www-authenticate'),
        body: await response.text(),
        bodyUsed: response.bodyUsed,
      };
    });
    assert.deepEqual(viaFetch, {
      wrapped: true,
      name: 'fetch',
      length: 1,
      status: 401,
      statusText: 'Unauthorized',
      ok: false,
      type: 'basic',
      trace: 'trace-7f3a',
      contentType: 'text/plain; charset=utf-8',
      challenge: 'Bearer realm="demo-api"',
      body: 'denied: trace-7f3a',
      bodyUsed: true,
    });
    const viaXhr = await page.evaluate(
      () =>
        new Promise<Record<string, unknown>>((resolve) => {
          const events: string[] = [];
          const request = new XMLHttpRequest();
          request.onreadystatechange = () => events.push(`readystate:${request.readyState}`);
          request.open('GET', '/api/echo-401');
          request.setRequestHeader('X-Client', 'demo');
          request.onload = () => events.push('load');
          request.onloadend = () => {
            events.push('loadend');
            resolve({
              status: request.status,
              statusText: request.statusText,
              body: request.responseText,
              trace: request.getResponseHeader('x-demo-trace'),
              contentType: request.getResponseHeader('content-type'),
              events,
            });
          };
          request.send();
        }),
    );
    assert.deepEqual(viaXhr, {
      status: 401,
      statusText: 'Unauthorized',
      body: 'denied: trace-7f3a',
      trace: 'trace-7f3a',
      contentType: 'text/plain; charset=utf-8',
      events: ['readystate:1', 'readystate:2', 'readystate:3', 'readystate:4', 'load', 'loadend'],
    });
    // And the observer did see them: both bodies reached the background.
    await waitFor(async () => {
      const bodies = (await session.inspector.history(tabId))?.exchanges.filter(
        (exchange) => exchange.responseBody?.text === 'denied: trace-7f3a',
      );
      return bodies?.length === 2 ? true : undefined;
    }, 'both bodies to be recorded');
    await page.close();
  });

  test('the history survives a navigation to a login page', async () => {
    const page = await session.demoPage('navigation');
    const tabId = await session.inspector.tabIdOf(page);
    await runScenario(page, 'expired-jwt');
    await waitForFailures(session, tabId);
    await page.goto(`${session.server.url}/login`);
    const heading = await page.$eval('h1', (element) => element.textContent);
    assert.equal(heading, 'Sign in');
    assert.equal(await session.inspector.tabIdOf(page), tabId);
    const popup = await session.inspector.openPopup(tabId);
    const causes = await rankedCauses(popup);
    assert.equal(causes[0], 'token-expired');
    await waitFor(
      async () => ((await session.inspector.badgeText(tabId)) === '1' ? true : undefined),
      'the badge to still read 1',
    );
    await popup.close();
    await page.close();
  });
});
