import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../test/make-exchange.ts';
import type { Exchange } from '../core/exchange.ts';
import { emptyHistory } from '../core/history/tab-history.ts';
import { type HandlerContext, handleMessage } from './message-handlers.ts';
import { TabDiagnoses } from './tab-diagnoses.ts';

type Sender = Parameters<typeof handleMessage>[1];

const ORIGIN = 'chrome-extension://abcdefghijklmnop/';
const observation = {
  api: 'fetch',
  method: 'get',
  url: 'https://api.example.com/v1/me',
  status: 401,
  startedAt: 1_700_000_000_000,
  completedAt: 1_700_000_000_050,
  requestHeaders: [{ name: 'Authorization', value: 'Bearer abc' }],
  responseHeaders: [{ name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' }],
  body: { text: '{"error":"invalid_token"}', truncated: false },
};

function setup() {
  const recorded: Exchange[] = [];
  const armed = new Set<number>();
  const experimentRuns: unknown[][] = [];
  const cookieReads: unknown[] = [];
  const context: HandlerContext = {
    readCookieValue: async (cookie) => {
      cookieReads.push(cookie);
      return { value: 'sid-value', fingerprint: '0123456789abcdef' };
    },
    experiments: {
      run: async (...args) => {
        experimentRuns.push(args);
        return { ok: false, reason: 'test' };
      },
    },
    network: {
      arm: (tabId) => {
        armed.add(tabId);
      },
      isArmed: (tabId) => armed.has(tabId),
    },
    runtimeId: 'abcdefghijklmnop',
    extraCredentialHeaders: () => new Set<string>(),
    extensionOrigin: ORIGIN,
    record: async (exchange) => {
      recorded.push(exchange);
    },
    recordDevtools: async (exchange) => {
      recorded.push(exchange);
    },
    store: {
      stored: async () => {},
      clear: async () => {},
    },
    diagnoses: new TabDiagnoses({
      history: async (tabId) => ({
        ...emptyHistory(tabId),
        exchanges: [
          makeExchange({
            status: 401,
            request: { authorization: 'Bearer abc' },
            response: { 'www-authenticate': 'Bearer error="invalid_token"' },
          }),
        ],
        failureCount: 9,
      }),
      collectPageTokens: () => Promise.reject(new Error('no content script')),
      settings: () => ({ skewToleranceSeconds: 60, extraCredentialHeaders: new Set() }),
    }),
  };
  return {
    cookieReads,
    recorded,
    context,
    armed,
    experimentRuns,
  };
}

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
/** A relayed batch, as the isolated content script sends it. */
const batch = (...items: object[]) => ({
  type: 'page-exchanges',
  items: items.map((item, index) => ({
    observationId: `${ID.slice(0, -1)}${index % 10}`,
    observation: item,
  })),
});

const contentScript = { id: 'abcdefghijklmnop', url: 'https://app.example.com/', tab: { id: 7 } } as const;
const extensionPage = { id: 'abcdefghijklmnop', url: `${ORIGIN}src/popup/index.html?tab=7` } as const;

describe('handleMessage', () => {
  it('records a batch of page exchanges for the sender’s tab, whatever the message claims', async () => {
    const { recorded, context } = setup();
    const forged = { ...batch({ ...observation, tabId: 99 }, { ...observation, status: 200 }), tabId: 99 };
    await expect(handleMessage(forged, contentScript as Sender, context)).resolves.toEqual({ ok: true });
    expect(recorded).toHaveLength(2);
    expect(recorded[0]).toMatchObject({ tabId: 7, method: 'GET', sources: ['page'] });
    expect(recorded[1]).toMatchObject({ tabId: 7, status: 200 });
    // Header names lower-cased; the page's origin added, as the browser sends it cross-origin.
    expect(recorded[0]?.requestHeaders).toEqual([
      { name: 'authorization', value: 'Bearer abc' },
      { name: 'origin', value: 'https://app.example.com' },
    ]);
  });

  it('refuses an empty batch, an oversized one, and a batch with one malformed item', () => {
    const { recorded, context } = setup();
    const cases = [
      { type: 'page-exchanges', items: [] },
      batch(...Array.from({ length: 51 }, () => observation)),
      batch(observation, { ...observation, status: 'x' }),
    ];
    for (const message of cases)
      expect(handleMessage(message, contentScript as Sender, context)).toBeUndefined();
    expect(recorded).toHaveLength(0);
  });

  it('keeps the relay’s observation id, and drops a message whose id is not a UUID', async () => {
    const { recorded, context } = setup();
    const observationId = ID;
    await handleMessage(
      { type: 'page-exchanges', items: [{ observation, observationId }] },
      contentScript as Sender,
      context,
    );
    expect(recorded[0]?.observationId).toBe(observationId);
    for (const bad of ['x'.repeat(36), 42, '', `${observationId} `, undefined]) {
      expect(
        handleMessage(
          { type: 'page-exchanges', items: [{ observation, observationId: bad }] },
          contentScript as Sender,
          context,
        ),
      ).toBeUndefined();
    }
    expect(recorded).toHaveLength(1);
  });

  it('runs an experiment only for an extension page, and only with ids it can check', async () => {
    const { context, experimentRuns } = setup();
    const run = {
      type: 'run-experiment',
      tabId: 3,
      exchangeId: 'e1',
      causeId: 'token-expired',
      kind: 'fresher-token',
      shownChange: 'authorization: a → b',
    };
    // A page (through its content script) can never trigger one, even with a well-formed message.
    expect(handleMessage(run, contentScript as Sender, context)).toBeUndefined();
    // What to send is never the asker's: a URL, headers or a method in the message are not read.
    for (const bad of [
      { ...run, kind: 'resend' },
      { ...run, causeId: 'not-a-cause' },
      { ...run, tabId: -1 },
      { ...run, exchangeId: 'x'.repeat(101) },
      { ...run, shownChange: undefined },
      { ...run, shownChange: 'x'.repeat(4097) },
    ])
      expect(handleMessage(bad, extensionPage as Sender, context)).toBeUndefined();
    await handleMessage(
      { ...run, url: 'https://evil.example/', method: 'POST', headers: [] },
      extensionPage as Sender,
      context,
    );
    expect(experimentRuns).toEqual([[3, 'e1', 'token-expired', 'fresher-token', 'authorization: a → b']]);
  });

  it('reveals a cookie value only to an extension page, for a well-formed address', async () => {
    const { context, cookieReads } = setup();
    const reveal = { type: 'reveal-cookie', cookie: { name: 'sid', domain: '.example.com', path: '/' } };
    // A page's content script can never read a cookie's value through the worker.
    expect(handleMessage(reveal, contentScript as Sender, context)).toBeUndefined();
    for (const cookie of [
      { ...reveal.cookie, name: 1 },
      { ...reveal.cookie, domain: 'x'.repeat(257) },
      { ...reveal.cookie, path: undefined },
      { ...reveal.cookie, partitionTopLevelSite: 5 },
    ])
      expect(handleMessage({ ...reveal, cookie }, extensionPage as Sender, context)).toBeUndefined();
    expect(cookieReads).toEqual([]);
    expect(await handleMessage(reveal, extensionPage as Sender, context)).toEqual({
      value: 'sid-value',
      fingerprint: '0123456789abcdef',
    });
    expect(cookieReads).toEqual([reveal.cookie]);
  });

  it('lets only extension pages read a tab’s history, diagnosed', async () => {
    const { context } = setup();
    const failures = { type: 'get-tab-failures', tabId: 3 };
    expect(handleMessage(failures, contentScript as Sender, context)).toBeUndefined();
    const reply = await handleMessage(failures, extensionPage as Sender, context);
    expect(reply).toMatchObject({ tabId: 3, failureCount: 9, kept: 1 });
    const { newest } = reply as {
      newest?: { exchange: { id: string }; diagnosis: { causes: { id: string }[] } };
    };
    expect(newest?.diagnosis.causes[0]?.id).toBe('token-rejected');

    const one = { type: 'get-failure', tabId: 3, exchangeId: newest?.exchange.id };
    expect(handleMessage(one, contentScript as Sender, context)).toBeUndefined();
    await expect(handleMessage(one, extensionPage as Sender, context)).resolves.toMatchObject({
      exchange: { id: newest?.exchange.id },
      diagnosis: { causes: [{ id: 'token-rejected' }] },
    });
    await expect(
      handleMessage({ ...one, exchangeId: 'dropped-long-ago' }, extensionPage as Sender, context),
    ).resolves.toBeNull();

    const everything = { type: 'get-diagnosed-history', tabId: 3 };
    expect(handleMessage(everything, contentScript as Sender, context)).toBeUndefined();
    const history = (await handleMessage(everything, extensionPage as Sender, context)) as {
      diagnoses: object[];
    };
    expect(history.diagnoses).toHaveLength(1);
    // The view only: the facts hold the whole history and the page's stored tokens.
    expect(history.diagnoses[0]).not.toHaveProperty('facts');
  });

  it('ignores messages from other extensions, unknown types and malformed payloads', () => {
    const { recorded, context } = setup();
    const other = { ...contentScript, id: 'someone-else' };
    const cases: [unknown, object][] = [
      [batch(observation), other],
      [{ type: 'delete-everything' }, extensionPage],
      [batch({ ...observation, status: 'x' }), contentScript],
      [batch({ ...observation, url: 'javascript:alert(1)' }), contentScript],
      [batch({ ...observation, requestHeaders: 'Authorization: x' }), contentScript],
      [{ type: 'get-tab-failures', tabId: -1 }, extensionPage],
      [{ type: 'get-diagnosed-history', tabId: 1.5 }, extensionPage],
      [{ type: '__proto__' }, extensionPage],
      ['page-exchanges', contentScript],
      [null, contentScript],
    ];
    for (const [message, sender] of cases) {
      expect(handleMessage(message, sender as Sender, context)).toBeUndefined();
    }
    expect(recorded).toHaveLength(0);
  });

  it('does not record page exchanges sent from extension pages', () => {
    const { recorded, context } = setup();
    const fromPopupTab = { ...extensionPage, tab: { id: 7 } };
    expect(handleMessage(batch(observation), fromPopupTab as Sender, context)).toBeUndefined();
    expect(recorded).toHaveLength(0);
  });

  it('accepts DevTools log entries from extension pages only, for the tab they name', async () => {
    const { recorded, context } = setup();
    const message = {
      type: 'devtools-exchange',
      tabId: 12,
      observation: { ...observation, api: 'devtools' },
    };
    expect(handleMessage(message, contentScript as Sender, context)).toBeUndefined();
    await expect(handleMessage(message, extensionPage as Sender, context)).resolves.toEqual({ ok: true });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ tabId: 12, sources: ['devtools'], type: 'devtools' });
  });
});

describe('network capture, armed by what the page could not see', () => {
  const contentScript = { id: 'abcdefghijklmnop', url: 'https://app.example.com/', tab: { id: 7 } } as const;
  const relayed = (fields: object) => batch({ ...observation, ...fields });

  it('a cross-origin failure is recorded with what the page could not see, and arms its tab', async () => {
    const { recorded, context, armed } = setup();
    await handleMessage(relayed({}), contentScript as Sender, context);
    expect(armed).toEqual(new Set([7]));
    expect(recorded[0]?.unseen?.join(' ')).toMatch(/WWW-Authenticate/);
    // The browser sends the page's origin on a cross-origin call: the record says so too.
    expect(recorded[0]?.requestHeaders).toContainEqual({ name: 'origin', value: 'https://app.example.com' });
  });

  it('a same-origin failure is whole from the page: nothing unseen, nothing armed', async () => {
    const { recorded, context, armed } = setup();
    await handleMessage(relayed({ url: 'https://app.example.com/api/me' }), contentScript as Sender, context);
    expect(armed.size).toBe(0);
    expect(recorded[0]?.unseen).toBeUndefined();
    expect(recorded[0]?.requestHeaders.some((header) => header.name === 'origin')).toBe(false);
  });

  it('a credentialed cross-origin success does not arm the tab', async () => {
    const { context, armed } = setup();
    const { body: _body, ...success } = { ...observation, status: 200, responseHeaders: [] };
    await handleMessage(batch(success), contentScript as Sender, context);
    expect(armed.size).toBe(0);
  });

  it('a blocked call (status 0) and a redirect arm the tab, each saying what is missing', async () => {
    const blocked = setup();
    await handleMessage(
      relayed({ status: 0, responseHeaders: [], body: undefined, error: 'TypeError: Failed to fetch' }),
      contentScript as Sender,
      blocked.context,
    );
    expect(blocked.armed).toEqual(new Set([7]));
    expect(blocked.recorded[0]?.unseen?.join(' ')).toMatch(/preflight/);
    expect(blocked.recorded[0]?.error).toBe('TypeError: Failed to fetch');

    const redirected = setup();
    await handleMessage(
      relayed({
        url: 'https://app.example.com/api/me',
        responseHeaders: [],
        redirectedFrom: { url: 'https://old.example.com/api/me', carriedCredential: true },
      }),
      contentScript as Sender,
      redirected.context,
    );
    expect(redirected.armed).toEqual(new Set([7]));
    expect(redirected.recorded[0]?.redirectedFrom?.url).toBe('https://old.example.com/api/me');
  });

  it('in a tab already armed, the network view will join: nothing is marked unseen', async () => {
    const { recorded, context, armed } = setup();
    armed.add(7);
    await handleMessage(relayed({}), contentScript as Sender, context);
    expect(recorded[0]?.unseen).toBeUndefined();
  });

  it('a same-origin failure seen through a service worker arms the tab: the worker may have changed the request', async () => {
    const { recorded, context, armed } = setup();
    await handleMessage(
      relayed({ url: 'https://app.example.com/api/me', viaServiceWorker: true }),
      contentScript as Sender,
      context,
    );
    expect(armed).toEqual(new Set([7]));
    expect(recorded[0]?.unseen?.join(' ')).toMatch(/service worker/);
    expect(
      handleMessage(relayed({ viaServiceWorker: 'yes' }), contentScript as Sender, context),
    ).toBeUndefined();
  });

  it('drops an observation whose redirect is malformed', () => {
    const { context } = setup();
    for (const redirectedFrom of [
      { url: 'javascript:alert(1)', carriedCredential: true },
      { url: 'https://a.test/' },
      'x',
    ])
      expect(handleMessage(relayed({ redirectedFrom }), contentScript as Sender, context)).toBeUndefined();
  });

  it('the popup and panel arm the tab they ask about; a page cannot arm another tab', async () => {
    const { context, armed } = setup();
    const extensionPage = { id: 'abcdefghijklmnop', url: `${ORIGIN}src/popup/index.html` };
    await handleMessage({ type: 'get-tab-failures', tabId: 12 }, extensionPage as Sender, context);
    await handleMessage({ type: 'get-diagnosed-history', tabId: 13 }, extensionPage as Sender, context);
    expect(armed).toEqual(new Set([12, 13]));
    expect(
      handleMessage({ type: 'get-tab-failures', tabId: 14 }, contentScript as Sender, context),
    ).toBeUndefined();
    expect(armed.has(14)).toBe(false);
  });
});
