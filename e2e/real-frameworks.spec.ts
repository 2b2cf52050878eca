import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import type { Inspector } from './support/inspector.ts';
import { type RealFrameworkServer, startRealFrameworkServer } from './support/real-framework-server.ts';

/**
 * Diagnosis of services it was never taught, end to end: real server frameworks (GraphQL Yoga,
 * Fastify + @fastify/jwt) answering real client libraries (graphql-request, axios) in the page.
 */
let server: RealFrameworkServer;

test.beforeAll(async () => {
  server = await startRealFrameworkServer();
});
test.afterAll(async () => {
  await server?.close();
});

type Clients = {
  graphqlMe(token: string): Promise<string>;
  graphqlInvoices(token: string): Promise<string>;
  rest(authorization: string): Promise<number>;
};

async function openClientPage(page: Page): Promise<void> {
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => 'realClients' in window);
}

async function topCause(inspector: Inspector, page: Page): Promise<string | null> {
  const tabId = await inspector.tabIdOf(page);
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount ?? 0).toBe(1);
  const popup = await inspector.openPopup(tabId);
  const cause = popup.locator('[data-cause]').first();
  await expect(cause).toBeVisible();
  const id = await cause.getAttribute('data-cause');
  await popup.close();
  return id;
}

test.describe('real server frameworks, real client libraries', () => {
  test('GraphQL Yoga: an expired JWT answered HTTP 200 with UNAUTHENTICATED is recorded as token-expired', async ({
    extensionBrowser,
    inspector,
  }) => {
    const page = await extensionBrowser.context.newPage();
    await openClientPage(page);
    const said = await page.evaluate(
      (token) => (window as unknown as { realClients: Clients }).realClients.graphqlMe(token),
      server.tokens.expired,
    );
    expect(said).toMatch(/expired/i);
    expect(await topCause(inspector, page)).toBe('token-expired');
    await page.close();
  });

  test('GraphQL Yoga: a FORBIDDEN resolver error in a 200 is insufficient-scope', async ({
    extensionBrowser,
    inspector,
  }) => {
    const page = await extensionBrowser.context.newPage();
    await openClientPage(page);
    const said = await page.evaluate(
      (token) => (window as unknown as { realClients: Clients }).realClients.graphqlInvoices(token),
      server.tokens.reader,
    );
    expect(said).toContain('not allowed to read invoices');
    expect(await topCause(inspector, page)).toBe('insufficient-scope');
    await page.close();
  });

  test('Fastify + @fastify/jwt: an expired token is token-expired', async ({
    extensionBrowser,
    inspector,
  }) => {
    const page = await extensionBrowser.context.newPage();
    await openClientPage(page);
    const status = await page.evaluate(
      (token) => (window as unknown as { realClients: Clients }).realClients.rest(`Bearer ${token}`),
      server.tokens.expired,
    );
    expect(status).toBe(401);
    expect(await topCause(inspector, page)).toBe('token-expired');
    await page.close();
  });

  test('Fastify + @fastify/jwt: a valid JWT under the "JWT" scheme is refused and named wrong-scheme', async ({
    extensionBrowser,
    inspector,
  }) => {
    const page = await extensionBrowser.context.newPage();
    await openClientPage(page);
    const status = await page.evaluate(
      (token) => (window as unknown as { realClients: Clients }).realClients.rest(`JWT ${token}`),
      server.tokens.valid,
    );
    // @fastify/jwt answers 401 "No Authorization was found in request.headers": it looks for Bearer only.
    expect(status).toBe(401);
    expect(await topCause(inspector, page)).toBe('wrong-scheme');
    await page.close();
  });
});
