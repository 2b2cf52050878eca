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

interface Case {
  title: string;
  /** The page's client call (graphql-request or axios), and what it is given. */
  client: keyof Clients;
  argument(tokens: RealFrameworkServer['tokens']): string;
  /** What the app saw: the status (axios) or the error text (graphql-request). */
  saw: string | number | RegExp;
  top: string;
}

const CASES: Case[] = [
  {
    title: 'GraphQL Yoga: an expired JWT answered HTTP 200 with UNAUTHENTICATED is recorded as token-expired',
    client: 'graphqlMe',
    argument: (tokens) => tokens.expired,
    saw: /expired/i,
    top: 'token-expired',
  },
  {
    title: 'GraphQL Yoga: a FORBIDDEN resolver error in a 200 is insufficient-scope',
    client: 'graphqlInvoices',
    argument: (tokens) => tokens.reader,
    saw: /not allowed to read invoices/,
    top: 'insufficient-scope',
  },
  {
    title: 'Fastify + @fastify/jwt: an expired token is token-expired',
    client: 'rest',
    argument: (tokens) => `Bearer ${tokens.expired}`,
    saw: 401,
    top: 'token-expired',
  },
  {
    // @fastify/jwt answers 401 "No Authorization was found in request.headers": it reads Bearer only.
    title: 'Fastify + @fastify/jwt: a valid JWT under the "JWT" scheme is refused and named wrong-scheme',
    client: 'rest',
    argument: (tokens) => `JWT ${tokens.valid}`,
    saw: 401,
    top: 'wrong-scheme',
  },
];

test.describe('real server frameworks, real client libraries', () => {
  for (const { title, client, argument, saw, top } of CASES) {
    test(title, async ({ extensionBrowser, inspector }) => {
      const page = await extensionBrowser.context.newPage();
      await openClientPage(page);
      const result = await page.evaluate(
        ({ name, value }): Promise<string | number> =>
          (window as unknown as { realClients: Clients }).realClients[name](value),
        { name: client, value: argument(server.tokens) },
      );
      if (saw instanceof RegExp) expect(String(result)).toMatch(saw);
      else expect(result).toBe(saw);
      expect(await topCause(inspector, page)).toBe(top);
      await page.close();
    });
  }
});
