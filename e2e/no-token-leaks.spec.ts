import { randomBytes } from 'node:crypto';
import { lstat, readdir, readFile, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { type ConsoleMessage, expect, type Page, test } from '@playwright/test';
import { epochSeconds, mintJwt } from '../test/mint-jwt.ts';
import { launchWithExtension } from './support/chromium.ts';
import { captureClipboard } from './support/clipboard.ts';
import { startDemoServer } from './support/demo-server.ts';
import { Inspector } from './support/inspector.ts';
import { warmUp } from './support/warm-up.ts';

/**
 * Issue 7, "never leak a token" (issue 17 adds token requests, issue 18 session cookies). A page sends 100 distinct credentials of every kind Auth Inspector
 * reads, all refused; then everything that shows or exports them is used: the popup (a revealed
 * credential, copied reports) and the DevTools panel page (HAR, report and cURL exports). Raw
 * credentials may live only in storage.session, which is memory: none may reach storage.local or
 * storage.sync, an export, the clipboard, the console, or any file of the profile once the browser
 * has closed and flushed everything to disk.
 *
 * The profile scan excludes no file. What makes that fair to the browser: the page sends the URL
 * tokens with fetch (History records top-level navigations only, not subresources), with
 * `cache: 'no-store'` to a server that answers `Cache-Control: no-store` (so the HTTP cache holds
 * no entry), and header credentials are never persisted by Chromium itself. Limits of a byte scan:
 * it cannot see into files Chromium encrypts (Sessions_Encrypted, cookie and password values) or
 * into Snappy-compressed LevelDB tables; the extension's stores are therefore also read through the
 * storage API, and a canary the test writes to storage.local must be found on disk.
 *
 * The console is searched whole (text, argument values, source locations) with one exception: the
 * location of Chromium's own "Failed to load resource" errors on the web page, which is the URL of
 * the page's refused request and so holds the page's query token.
 */

const KINDS = ['jwt', 'opaque', 'basic', 'api-key', 'sigv4', 'query'] as const;
type Kind = (typeof KINDS)[number];
const COUNTS: Record<Kind, number> = { jwt: 30, opaque: 20, basic: 15, 'api-key': 10, sigv4: 10, query: 15 };
const MAX_SCANNED_FILE = 50 * 1024 * 1024;
/** The token requests below that the endpoint refuses (all but the honoured refresh). */
const GRANT_FAILURES = 6;
/** The cookie-session requests below (issue 18), all refused. */
const COOKIE_FAILURES = 3;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const random = (bytes: number) => randomBytes(bytes).toString('base64url');

interface Secret {
  part: string;
  value: string;
  /** Not on the wire as such: the Basic pair and password travel base64-encoded. */
  decoded?: true;
}

interface SentToken {
  kind: Kind;
  /** What would let someone replay the credential, whole or in part; each is searched for alone. */
  secrets: Secret[];
  request: { url: string; method: string; headers: Record<string, string> };
  status: number;
}

function makeToken(kind: Kind, index: number, now: number): SentToken {
  const get = (url: string, headers: Record<string, string>) => ({ url, method: 'GET', headers });
  const echo = `/api/echo-401?n=${index}`;
  switch (kind) {
    case 'jwt': {
      // Half expired (401 from /api/profile), half valid but without the scope (403).
      const expired = index % 2 === 0;
      const token = mintJwt({
        iss: 'https://id.demo.test/',
        aud: 'https://api.demo.test',
        sub: `user-${index}-${random(6)}`,
        jti: random(16),
        scope: 'profile:read',
        iat: epochSeconds(now - 3600_000),
        exp: epochSeconds(now + (expired ? -600_000 : 3600_000)),
      });
      const headers = { Authorization: `Bearer ${token}` };
      const secrets = [
        { part: 'JWT', value: token },
        { part: 'JWT signature', value: token.split('.')[2] ?? '' },
      ];
      return expired
        ? { kind, secrets, request: get(`/api/profile?n=${index}`, headers), status: 401 }
        : {
            kind,
            secrets,
            request: { url: `/api/admin/users?n=${index}`, method: 'DELETE', headers },
            status: 403,
          };
    }
    case 'opaque': {
      const token = random(30);
      const request = get(`/api/profile?n=${index}`, { Authorization: `Bearer ${token}` });
      return { kind, secrets: [{ part: 'opaque token', value: token }], request, status: 401 };
    }
    case 'basic': {
      const password = `pw-${random(18)}`;
      const pair = `user${index}:${password}`;
      const encoded = Buffer.from(pair).toString('base64');
      const secrets: Secret[] = [
        { part: 'Basic base64', value: encoded },
        { part: 'Basic user:password', value: pair, decoded: true },
        { part: 'Basic password', value: password, decoded: true },
      ];
      return { kind, secrets, request: get(echo, { Authorization: `Basic ${encoded}` }), status: 401 };
    }
    case 'api-key': {
      const key = `ak_${random(30)}`;
      return {
        kind,
        secrets: [{ part: 'API key', value: key }],
        request: get(echo, { 'X-Api-Key': key }),
        status: 401,
      };
    }
    case 'sigv4': {
      const keyId = `ASIA${Array.from(randomBytes(16), (byte) => BASE32[byte % 32]).join('')}`;
      const signature = randomBytes(32).toString('hex');
      const sessionToken = `IQoJb3JpZ2luX2Vj${randomBytes(96).toString('base64')}`;
      const authorization = `AWS4-HMAC-SHA256 Credential=${keyId}/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=${signature}`;
      const headers = {
        Authorization: authorization,
        'X-Amz-Date': '20260101T120000Z',
        'X-Amz-Security-Token': sessionToken,
      };
      const secrets = [
        { part: 'SigV4 Authorization', value: authorization },
        { part: 'SigV4 signature', value: signature },
        { part: 'AWS session token', value: sessionToken },
      ];
      return { kind, secrets, request: get(echo, headers), status: 401 };
    }
    case 'query': {
      const token = `qt_${random(30)}`;
      const request = get(`/api/echo-401?access_token=${token}&n=${index}`, {});
      return { kind, secrets: [{ part: 'query access_token', value: token }], request, status: 401 };
    }
  }
}

/**
 * Issue 17: token-endpoint requests, whose secrets travel in the body (refresh tokens, a code and
 * its PKCE verifier, a client secret, a password) and in a grant's answer (a new access and
 * refresh token). Only fingerprints may be kept, even in storage.session.
 */
interface GrantRequest {
  api: 'fetch' | 'xhr';
  contentType: string;
  body: string;
  status: number;
  /** client_secret_basic: the client's secret in an Authorization: Basic header. */
  authorization?: string;
}

function makeGrantRequests(): { requests: GrantRequest[]; secrets: Secret[] } {
  const form = 'application/x-www-form-urlencoded';
  const refreshRefused = `rt-exp-${random(24)}`;
  const refreshHonoured = `rt-ok-${random(24)}`;
  const refreshJson = `rt-exp-${random(24)}`;
  const code = `code-${random(16)}`;
  const verifier = random(40);
  const clientSecret = `cs-${random(24)}`;
  const password = `pw-${random(16)}`;
  const echoed = `rt-echo-${random(24)}`;
  const basicSecret = `cs-basic-${random(20)}`;
  const basic = Buffer.from(`demo-backend:${basicSecret}`).toString('base64');
  const secrets: Secret[] = [
    { part: 'refresh token the server echoes back', value: echoed },
    { part: 'client secret (Basic)', value: basicSecret, decoded: true },
    { part: 'Basic client credentials', value: basic },
    { part: 'refused refresh token', value: refreshRefused },
    { part: 'honoured refresh token', value: refreshHonoured },
    { part: 'refresh token in JSON (XHR)', value: refreshJson },
    { part: 'authorization code', value: code },
    { part: 'PKCE code_verifier', value: verifier },
    { part: 'client secret', value: clientSecret },
    { part: 'password', value: password },
  ];
  const requests: GrantRequest[] = [
    {
      api: 'fetch',
      contentType: form,
      body: `grant_type=refresh_token&refresh_token=${refreshRefused}&client_id=demo-spa`,
      status: 400,
    },
    {
      api: 'fetch',
      contentType: form,
      body: `grant_type=refresh_token&refresh_token=${refreshHonoured}&client_id=demo-spa`,
      status: 200,
    },
    {
      api: 'fetch',
      contentType: form,
      body: `grant_type=authorization_code&code=${code}&code_verifier=${verifier}&client_id=demo-spa&client_secret=${clientSecret}&redirect_uri=https%3A%2F%2Fapp.demo.test%2Fcb`,
      status: 400,
    },
    {
      api: 'fetch',
      contentType: form,
      body: `grant_type=password&username=ada&password=${password}&client_id=demo-spa`,
      status: 400,
    },
    {
      api: 'fetch',
      contentType: form,
      body: `grant_type=refresh_token&refresh_token=${echoed}&client_id=demo-spa`,
      status: 400,
    },
    {
      api: 'fetch',
      contentType: form,
      body: 'grant_type=client_credentials&scope=orders',
      authorization: `Basic ${basic}`,
      status: 400,
    },
    {
      api: 'xhr',
      contentType: 'application/json',
      body: JSON.stringify({
        grant_type: 'refresh_token',
        refresh_token: refreshJson,
        client_id: 'demo-spa',
      }),
      status: 400,
    },
  ];
  return { requests, secrets };
}

/** `grant (password)` for each grant secret found in the text. */
function grantLeaksIn(text: string, secrets: readonly Secret[]): string[] {
  return secrets.filter(({ value }) => text.includes(value)).map(({ part }) => `grant (${part})`);
}

/**
 * Kinds interleaved, then reversed: the last requests sent (the popup's first, newest, entries) are
 * one of each kind, a JWT the very newest.
 */
function makeTokens(now: number): SentToken[] {
  const made: SentToken[] = [];
  for (let round = 0; made.length < 100; round++) {
    for (const kind of KINDS) if (round < COUNTS[kind]) made.push(makeToken(kind, made.length, now));
  }
  return made.reverse();
}

/** `#12 basic (Basic password)` for each secret found in the text. */
function leaksIn(text: string, tokens: readonly SentToken[]): string[] {
  return tokens.flatMap((token, index) =>
    token.secrets
      .filter(({ value }) => text.includes(value))
      .map(({ part }) => `#${index} ${token.kind} (${part})`),
  );
}

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/** Where a profile file belongs: the extension's own stores are named for it or by their kind. */
function ownerOf(file: string, extensionId: string): string {
  const extensionStore =
    /(?:Extension Settings|Extension State|Extension Rules|Extension Scripts|Service Worker)\//;
  return file.includes(extensionId) || extensionStore.test(file) ? 'EXTENSION-OWNED' : 'browser';
}

interface ScanResult {
  files: number;
  bytes: number;
  skipped: string[];
  hits: { file: string; label: string }[];
}

/**
 * Every file of the profile, as raw bytes: each needle in UTF-8 and in UTF-16LE (DOM storage and
 * V8 serialisation may hold strings as UTF-16). Files over 50 MB are counted, not read.
 */
async function scanProfile(
  dir: string,
  needles: readonly { label: string; value: string }[],
): Promise<ScanResult> {
  const encoded = needles.flatMap(({ label, value }) => [
    { label: `${label}, UTF-8`, bytes: Buffer.from(value, 'utf8') },
    { label: `${label}, UTF-16LE`, bytes: Buffer.from(value, 'utf16le') },
  ]);
  const result: ScanResult = { files: 0, bytes: 0, skipped: [], hits: [] };
  for await (const path of filesUnder(dir)) {
    const file = relative(dir, path).split(sep).join('/');
    const { size } = await lstat(path);
    if (size > MAX_SCANNED_FILE) {
      result.skipped.push(`${file} (${size} bytes)`);
      continue;
    }
    const content = await readFile(path);
    result.files++;
    result.bytes += content.length;
    for (const { label, bytes } of encoded) if (content.includes(bytes)) result.hits.push({ file, label });
  }
  return result;
}

/**
 * The extension's persistent stores, read through the API from one of its pages, after the test
 * writes a canary to storage.local (the scan must then find it on disk).
 */
function persistentStores(page: Page, canary: string) {
  interface Area {
    get(keys: null): Promise<Record<string, unknown>>;
    set(items: object): Promise<void>;
  }
  return page.evaluate(async (value) => {
    const { storage } = (globalThis as unknown as { chrome: { storage: { local: Area; sync: Area } } })
      .chrome;
    await storage.local.set({ 'no-token-leaks-canary': value });
    return {
      local: JSON.stringify(await storage.local.get(null)),
      sync: JSON.stringify(await storage.sync.get(null)),
      indexedDb: (await indexedDB.databases()).map((database) => database.name ?? ''),
      cacheStorage: await caches.keys(),
    };
  }, canary);
}

test('no raw credential leaves storage.session: stores, exports, clipboard, console, profile files', async () => {
  test.setTimeout(60_000);
  const testInfo = test.info();
  const server = await startDemoServer();
  // Its own browser and profile, kept after close so that the files Chromium flushed can be read.
  const browser = await launchWithExtension({ headless: true, keepProfile: true });
  try {
    const { context, extensionId } = browser;
    const consoleText: string[] = [];
    const argumentValues: Promise<void>[] = [];
    let browserNetworkErrors = 0;
    const collect = (message: ConsoleMessage) => {
      consoleText.push(`${message.type()}: ${message.text()}`);
      // Chromium's own "Failed to load resource" error on the web page points at the refused
      // request, whose URL carries the page's query token: the browser reporting the page's request,
      // not output of the extension. Every other message's location is searched too.
      const source = message.page()?.url() ?? message.worker()?.url() ?? '';
      if (/^https?:/.test(source) && message.text().startsWith('Failed to load resource:')) {
        browserNetworkErrors++;
      } else {
        consoleText.push(`at ${message.location().url}`);
      }
      for (const handle of message.args()) {
        const value = handle.jsonValue().then((json: unknown) => JSON.stringify(json) ?? '');
        argumentValues.push(
          value.then(
            (text) => void consoleText.push(text),
            () => {},
          ),
        );
      }
    };
    context.on('console', collect);
    context.on('weberror', (error) => consoleText.push(`${error.error().message}\n${error.error().stack}`));
    context.on('serviceworker', (worker) => worker.on('console', collect));
    const worker = await browser.worker();
    worker.on('console', collect);
    await warmUp(browser, server);
    const inspector = new Inspector(browser);

    // Controls: the console of the worker and of a page is heard, and files the page and the
    // extension origin write are found by the profile scan, or the checks below prove nothing.
    const marker = `console-check-${random(8)}`;
    await worker.evaluate((text) => console.log(`${text} worker`), marker);
    const page = await context.newPage();
    await page.goto(`${server.url}/?no-token-leaks`);
    await page.evaluate((text) => console.log(`${text} page`), marker);
    const heard = (from: string) => consoleText.includes(`log: ${marker} ${from}`);
    await expect.poll(() => [heard('worker'), heard('page')]).toEqual([true, true]);
    const pageCanary = `page-canary-${random(24)}`;
    await page.evaluate((value) => localStorage.setItem('no-token-leaks', value), pageCanary);
    const extensionCanary = `extension-canary-${random(24)}`;

    // Issue 18: session cookies whose values the test knows, in the jar of both demo sites; three
    // cookie-session failures (cookies not sent cross-origin, a session the server deletes, a session
    // id rotated on a 401). The jar is read when these failures are diagnosed: only fingerprints may
    // come out of it, and no Set-Cookie value may be kept.
    const cookieSecrets: Secret[] = [
      { part: 'session cookie (127.0.0.1)', value: `sid-${random(24)}` },
      { part: 'session cookie (localhost)', value: `sid-${random(24)}` },
      { part: 'rotated session id (Set-Cookie)', value: `seed-${random(24)}` },
    ];
    const [sessionA, sessionB, seed] = cookieSecrets.map(({ value }) => value) as [string, string, string];
    await context.addCookies([
      { name: 'demo_sid', value: sessionA, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' },
      { name: 'demo_sid', value: sessionB, domain: 'localhost', path: '/', httpOnly: true, sameSite: 'Lax' },
      { name: 'demo_seed', value: seed, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' },
    ]);
    const cookieStatuses = await page.evaluate(async (api) => {
      const seen: number[] = [];
      for (const url of [`${api}/session/profile`, '/session/profile', '/session/rotate']) {
        seen.push((await fetch(url, { cache: 'no-store' })).status);
      }
      return seen;
    }, server.apiUrl);
    expect(cookieStatuses).toEqual([401, 401, 401]);
    const cookieLeaksIn = (text: string) =>
      cookieSecrets.filter(({ value }) => text.includes(value)).map(({ part }) => `cookie (${part})`);

    // The token requests first, so the newest failures stay the hundred credentials below.
    const grants = makeGrantRequests();
    const granted = await page.evaluate(async (requests) => {
      const answers: { status: number; body: string }[] = [];
      for (const { api, contentType, body, authorization } of requests) {
        if (api === 'fetch') {
          const response = await fetch('/oauth/token', {
            method: 'POST',
            headers: {
              'Content-Type': contentType,
              ...(authorization ? { Authorization: authorization } : {}),
            },
            body,
            cache: 'no-store',
          });
          answers.push({ status: response.status, body: await response.text() });
        } else {
          answers.push(
            await new Promise((resolve) => {
              const xhr = new XMLHttpRequest();
              xhr.open('POST', '/oauth/token');
              xhr.setRequestHeader('Content-Type', contentType);
              xhr.onloadend = () => resolve({ status: xhr.status, body: xhr.responseText });
              xhr.send(body);
            }),
          );
        }
      }
      return answers;
    }, grants.requests);
    expect(granted.map(({ status }) => status)).toEqual(grants.requests.map(({ status }) => status));
    // The honoured refresh's answer: a new access token and a rotated refresh token.
    const answer = JSON.parse(granted[1]?.body ?? '{}') as { access_token: string; refresh_token: string };
    grants.secrets.push(
      { part: 'issued access token', value: answer.access_token },
      { part: 'issued refresh token', value: answer.refresh_token },
    );
    const tabIdEarly = await inspector.tabIdOf(page);
    await expect
      .poll(async () => (await inspector.history(tabIdEarly))?.failureCount)
      .toBe(COOKIE_FAILURES + GRANT_FAILURES);

    const tokens = makeTokens(Date.now());
    const secrets = tokens.flatMap((token) => token.secrets);
    expect(new Set(secrets.map(({ value }) => value)).size, 'every secret is unique').toBe(secrets.length);
    await testInfo.attach('tokens.json', {
      body: JSON.stringify(tokens, null, 2),
      contentType: 'application/json',
    });
    const statuses = await page.evaluate(
      async (requests) => {
        const seen: number[] = [];
        for (const { url, method, headers } of requests) {
          seen.push((await fetch(url, { method, headers, cache: 'no-store' })).status);
        }
        return seen;
      },
      tokens.map(({ request }) => request),
    );
    expect(statuses).toEqual(tokens.map(({ status }) => status));

    const tabId = await inspector.tabIdOf(page);
    await expect
      .poll(async () => (await inspector.history(tabId))?.failureCount)
      .toBe(100 + GRANT_FAILURES + COOKIE_FAILURES);
    // storage.session (memory) does hold every secret as sent: the searches can find what they look for.
    const session = JSON.stringify(await inspector.history(tabId));
    // …except a token request's: its secrets were fingerprinted on the page.
    expect(session).toContain('"tokenRequest"');
    expect.soft(grantLeaksIn(session, grants.secrets), 'storage.session (token requests)').toEqual([]);
    // …and cookies: the jar is read at diagnosis, never stored; a Set-Cookie is kept without its value.
    expect(session).toContain('demo_rotated_sid=[removed]');
    expect.soft(cookieLeaksIn(session), 'storage.session (cookies)').toEqual([]);
    const asSent = tokens.map((token) => ({
      ...token,
      secrets: token.secrets.filter(({ decoded }) => !decoded),
    }));
    expect(leaksIn(session, asSent)).toHaveLength(secrets.filter(({ decoded }) => !decoded).length);

    // The popup: the newest credential revealed, then a report copied for each of the six newest
    // failures, one of each kind.
    const popup = await inspector.openPopup(tabId);
    const copiedFromPopup = await captureClipboard(popup);
    const credential = popup.getByTestId('credential');
    await credential.getByRole('button', { name: 'Reveal' }).click();
    await expect(credential.getByTestId('credential-value')).toHaveText(
      tokens.at(-1)?.secrets[0]?.value ?? '-',
    );
    const options = popup.getByRole('option');
    for (let index = 0; index < KINDS.length; index++) {
      await options.nth(index).click();
      await expect(options.nth(index)).toHaveAttribute('aria-selected', 'true');
      await popup.getByRole('button', { name: 'Copy report' }).click();
      await expect.poll(async () => (await copiedFromPopup()).length).toBe(index + 1);
    }
    const popupReports = await copiedFromPopup();

    // The DevTools panel page: HAR and report downloads, a cURL command, the token timelines.
    const panel = await inspector.openPanel(tabId);
    await expect(panel.getByTestId('row-count')).toHaveText(
      `${100 + grants.requests.length + COOKIE_FAILURES} requests`,
    );
    // The diagnoses the panel shows read the jar: names and fingerprints, never a value.
    expect.soft(cookieLeaksIn(await panel.content()), 'the panel (cookies)').toEqual([]);
    const copiedFromPanel = await captureClipboard(panel);
    const downloaded = async (button: string) => {
      const [download] = await Promise.all([
        panel.waitForEvent('download'),
        panel.getByRole('button', { name: button }).click(),
      ]);
      return readFile((await download.path()) ?? '', 'utf8');
    };
    const har = await downloaded('Export HAR');
    const report = await downloaded('Export report');
    await panel.locator('[role="row"][data-exchange-id]').first().click();
    await panel.getByRole('button', { name: 'Copy as cURL' }).click();
    await expect.poll(async () => (await copiedFromPanel()).length).toBe(1);
    const [curl = ''] = await copiedFromPanel();
    await panel.getByRole('tab', { name: 'Tokens' }).click();
    await expect(panel.getByTestId('timelines').locator('.timeline').first()).toBeVisible();

    // The exports are complete (one HAR entry, one report section per request) and redacted.
    expect((JSON.parse(har) as { log: { entries: unknown[] } }).log.entries).toHaveLength(
      100 + grants.requests.length + COOKIE_FAILURES,
    );
    expect(report.match(/^### Auth failure: /gm)).toHaveLength(100 + GRANT_FAILURES + COOKIE_FAILURES);
    // The popup's six reports are those of the six newest requests (their `n=` query parameter).
    const newestSix = tokens.slice(-KINDS.length).reverse();
    expect(popupReports.map((text) => /[?&]n=(\d+)/.exec(text)?.[1])).toEqual(
      newestSix.map(({ request }) => /[?&]n=(\d+)/.exec(request.url)?.[1]),
    );
    expect.soft(leaksIn(har, tokens), 'HAR export').toEqual([]);
    expect.soft(leaksIn(report, tokens), 'report export').toEqual([]);
    expect.soft(leaksIn(popupReports.join('\n'), tokens), 'reports copied from the popup').toEqual([]);
    expect.soft(leaksIn(curl, tokens), 'cURL copied from the panel').toEqual([]);
    const exported = [har, report, popupReports.join('\n'), curl].join('\n');
    expect.soft(grantLeaksIn(exported, grants.secrets), 'exports (token requests)').toEqual([]);
    // The HAR keeps the cookie names (the Set-Cookie the server sent, redacted), never a value.
    expect(har).toContain('demo_rotated_sid');
    expect.soft(cookieLeaksIn(exported), 'exports (cookies)').toEqual([]);

    // The extension's persistent stores, through the API. The canary is the test's own write.
    const stores = await persistentStores(popup, extensionCanary);
    expect(stores.local).toContain(extensionCanary);
    expect.soft(leaksIn(stores.local, tokens), 'storage.local').toEqual([]);
    expect.soft(leaksIn(stores.sync, tokens), 'storage.sync').toEqual([]);
    expect
      .soft(grantLeaksIn(stores.local + stores.sync, grants.secrets), 'storage.local/sync (token requests)')
      .toEqual([]);
    expect.soft(cookieLeaksIn(stores.local + stores.sync), 'storage.local/sync (cookies)').toEqual([]);
    // The extension uses neither; if it starts to, this test must read them too.
    expect(stores.indexedDb, 'IndexedDB databases of the extension').toEqual([]);
    expect(stores.cacheStorage, 'CacheStorage of the extension').toEqual([]);

    await Promise.all(argumentValues);
    const consoleLeaks = leaksIn(consoleText.join('\n'), tokens);
    testInfo.annotations.push({
      type: 'console',
      description: `${consoleText.length} console lines, locations and values, ${consoleLeaks.length} hits (locations of ${browserNetworkErrors} "Failed to load resource" errors on the web page not searched)`,
    });
    expect.soft(consoleLeaks, 'console output').toEqual([]);
    expect.soft(grantLeaksIn(consoleText.join('\n'), grants.secrets), 'console (token requests)').toEqual([]);
    expect.soft(cookieLeaksIn(consoleText.join('\n')), 'console (cookies)').toEqual([]);

    await browser.close();
    const needles = [
      ...tokens.flatMap((token, index) =>
        token.secrets.map(({ part, value }) => ({ label: `#${index} ${token.kind} (${part})`, value })),
      ),
      ...grants.secrets.map(({ part, value }) => ({ label: `grant (${part})`, value })),
      ...cookieSecrets.map(({ part, value }) => ({ label: `cookie (${part})`, value })),
    ];
    const canaries = [
      { label: 'page canary', value: pageCanary },
      { label: 'extension canary', value: extensionCanary },
    ];
    const scan = await scanProfile(browser.userDataDir, [...needles, ...canaries]);
    const found = (label: string) =>
      scan.hits.filter((hit) => hit.label.startsWith(label)).map(({ file }) => file);
    const leaks = scan.hits
      .filter((hit) => !hit.label.includes('canary'))
      .map(({ file, label }) => `${ownerOf(file, extensionId)} ${file}: ${label}`);
    const skipped = scan.skipped.length ? `: ${scan.skipped.join(', ')}` : '';
    const figures = `no-leak scan: ${scan.files} files, ${scan.bytes} bytes, ${leaks.length} hits (${scan.skipped.length} files over 50 MB not scanned${skipped})`;
    testInfo.annotations.push({ type: 'no-leak scan', description: figures });
    console.log(figures);
    expect(found('page canary'), "the page's localStorage canary on disk").toContainEqual(
      expect.stringMatching(/^Default\/Local Storage\//),
    );
    expect(found('extension canary'), "the extension's storage.local canary on disk").toContainEqual(
      expect.stringMatching(new RegExp(`^Default/Local Extension Settings/${extensionId}/`)),
    );
    expect.soft(leaks, 'credentials in profile files').toEqual([]);
  } finally {
    await browser.close().catch(() => {});
    await server.close();
    await rm(browser.userDataDir, { recursive: true, force: true });
  }
});
