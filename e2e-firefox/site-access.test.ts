import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runScenario, type Session, startSession, waitFor, warmUp } from './support/session.ts';

/** The manifest's host access as Firefox records it (`<all_urls>` plus the content scripts' matches). */
const ALL_SITES = ['<all_urls>', 'http://*/*', 'https://*/*'];

let session: Session;

before(async () => {
  session = await startSession();
  await warmUp(session);
});

after(async () => {
  await session?.close();
});

test('a user who withheld site access can grant it from the popup, and capture resumes', async () => {
  const page = await session.demoPage('site-access');
  const tabId = await session.inspector.tabIdOf(page);
  assert.equal(await session.inspector.revokeOrigins(ALL_SITES), true);
  assert.equal(await session.inspector.hasOrigins(['http://127.0.0.1/*']), false);

  const popup = await session.inspector.openPopup(tabId);
  const label = await waitFor(
    () =>
      popup
        .$eval('[data-testid="site-access"] button', (button) => button.textContent ?? undefined)
        .catch(() => undefined),
    'the popup to offer site access',
  );
  assert.equal(label, 'Allow Auth Inspector to watch this site');
  // A real click (user activation): the permission prompt is switched off in this profile, so the
  // request is granted as if the user had accepted it.
  await popup.click('[data-testid="site-access"] button');
  await waitFor(
    async () => ((await session.inspector.hasOrigins(['http://127.0.0.1/*'])) ? true : undefined),
    'the host permission to be granted',
  );
  await waitFor(
    async () => ((await popup.$('[data-testid="site-access-granted"]')) ? true : undefined),
    'the popup to confirm the grant',
  );
  assert.equal(await popup.$('[data-testid="site-access"]'), null);

  // The page was loaded without the content scripts: the popup's button reloads it.
  await popup.click('[data-testid="site-access-granted"] button');
  await waitFor(
    () =>
      page
        .evaluate(() =>
          document.readyState === 'complete' &&
          'authDemo' in window &&
          !Function.prototype.toString.call(fetch).includes('[native code]')
            ? true
            : undefined,
        )
        .catch(() => undefined),
    'the reloaded page to be observed',
  );
  const result = await runScenario(page, 'expired-jwt');
  assert.equal(result.status, 401);
  await waitFor(
    async () =>
      (await session.inspector.history(tabId))?.exchanges.find(
        (exchange) =>
          exchange.failed &&
          exchange.sources.length === 2 &&
          exchange.responseBody?.text.includes('The access token expired'),
      ),
    'the 401 to be captured with its body after the grant',
  );
  await popup.close();
  await page.close();
});
