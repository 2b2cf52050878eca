import type { Page } from '@playwright/test';
import { test as base, expect } from './fixtures.ts';
import type { Inspector } from './support/inspector.ts';
import { type IssuerServer, startIssuerServer } from './support/issuer-server.ts';

/**
 * The popup's opt-in "Verify signature": a page sends an RS256 token to an API that refuses it;
 * the popup fetches the token's issuer's discovery document and JWKS (a local issuer on
 * 127.0.0.1, which the extension allows over http because it is loopback) and says whether the
 * signature holds. Needs <SignatureCheck> mounted in FailureDetail inside data-testid="signature-check".
 */
const test = base.extend<object, { issuer: IssuerServer }>({
  issuer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      const issuer = await startIssuerServer();
      await use(issuer);
      await issuer.close();
    },
    { scope: 'worker' },
  ],
});

/** The page calls the issuer's API with the token; resolves once the extension recorded the 401. */
async function refuseToken(page: Page, inspector: Inspector, issuer: IssuerServer, token: string) {
  const tabId = await inspector.tabIdOf(page);
  const status = await page.evaluate(
    async ([url, bearer]) => (await fetch(url, { headers: { authorization: `Bearer ${bearer}` } })).status,
    [`${issuer.url}/api/protected`, token] as const,
  );
  expect(status).toBe(401);
  await expect.poll(async () => (await inspector.history(tabId))?.failureCount).toBe(1);
  return tabId;
}

/** Requests the issuer received for its public documents since `from`. */
function keyFetches(issuer: IssuerServer, from: number) {
  return issuer.requests
    .slice(from)
    .filter((request) => request.path === '/.well-known/openid-configuration' || request.path === '/jwks');
}

const cases = [
  { name: 'a token signed by the issuer', key: 'issuer', kid: 'issuer', status: 'valid' },
  {
    name: 'a token signed by another key under the same kid',
    key: 'other',
    kid: 'issuer',
    status: 'invalid',
  },
  {
    name: 'a token whose kid the issuer does not publish',
    key: 'other',
    kid: 'unknown',
    status: 'key-not-found',
  },
] as const;

for (const { name, key, kid, status } of cases) {
  test(`Verify signature: ${name} is ${status}`, async ({ demoPage, inspector, issuer }) => {
    const token = await issuer.mint({ key, kid: kid === 'issuer' ? issuer.kid : 'rotated-away' });
    const tabId = await refuseToken(demoPage, inspector, issuer, token);
    const before = issuer.requests.length;

    const popup = await inspector.openPopup(tabId);
    const check = popup.getByTestId('signature-check');
    const button = check.getByRole('button', { name: 'Verify signature' });
    await expect(button).toBeEnabled();
    await expect(check).toContainText('the token is not sent');
    // Opt-in: opening the popup contacts nobody.
    expect(keyFetches(issuer, before)).toEqual([]);

    await button.click();
    const result = check.locator('[data-signature-status]');
    await expect(result).toHaveAttribute('data-signature-status', status);
    if (status === 'valid') await expect(result).toContainText('The signature is valid');
    if (status === 'invalid') await expect(result).toContainText('The signature does not match');
    if (status === 'key-not-found') {
      await expect(result).toContainText('No key with kid rotated-away');
      await expect(result).toContainText(issuer.kid);
    }
    await expect(check.locator('[aria-busy]')).toHaveAttribute('aria-busy', 'false');

    // Only the public documents were fetched, and the token went with none of them.
    const fetched = keyFetches(issuer, before);
    expect(fetched.map((request) => request.path)).toEqual(['/.well-known/openid-configuration', '/jwks']);
    expect(fetched.every((request) => request.authorization === undefined)).toBe(true);
    await popup.close();
  });
}

test('Verify signature: busy while the keys are fetched', async ({ demoPage, inspector, issuer }) => {
  const token = await issuer.mint({ key: 'issuer', kid: issuer.kid });
  const tabId = await refuseToken(demoPage, inspector, issuer, token);
  const before = issuer.requests.length;
  const release = issuer.holdJwks();
  try {
    const popup = await inspector.openPopup(tabId);
    const check = popup.getByTestId('signature-check');
    const button = check.getByRole('button', { name: 'Verify signature' });
    await button.click();
    // The JWKS request has arrived and is held: the check is in flight.
    await expect.poll(() => keyFetches(issuer, before).map((request) => request.path)).toContain('/jwks');
    await expect(check.locator('[aria-busy]')).toHaveAttribute('aria-busy', 'true');
    await expect(button).toBeDisabled();
    await expect(check.locator('[data-signature-status]')).toHaveCount(0);
    release();
    await expect(check.locator('[data-signature-status]')).toHaveAttribute('data-signature-status', 'valid');
    await expect(button).toBeEnabled();
    await popup.close();
  } finally {
    release();
  }
});
