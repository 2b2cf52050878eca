import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../../test/make-exchange.ts';
import type { Exchange } from '../exchange.ts';
import { historyBytes } from './exchange-bytes.ts';
import { recordDevtoolsExchange, recordExchange } from './record-exchange.ts';
import { emptyHistory } from './tab-history.ts';

const AT = Date.UTC(2026, 10, 21, 12, 0, 0);
const options = { maxExchanges: 3 };

function network(overrides: Partial<Exchange> = {}): Exchange {
  return {
    ...makeExchange({
      status: 401,
      request: { authorization: 'Bearer abc' },
      response: { 'www-authenticate': 'Bearer error="invalid_token"' },
      at: AT,
    }),
    id: 'n',
    ...overrides,
  };
}

function page(overrides: Partial<Exchange> = {}): Exchange {
  return {
    ...makeExchange({ status: 401, body: '{"error":"invalid_token"}', at: AT + 5 }),
    id: 'p',
    sources: ['page'],
    type: 'fetch',
    ...overrides,
  };
}

describe('recordExchange', () => {
  it('joins the network and page views of one request, in either order, counting one failure', () => {
    for (const order of [
      [network(), page()],
      [page(), network()],
    ]) {
      const history = emptyHistory(1);
      for (const exchange of order) recordExchange(history, exchange, options);
      expect(history.exchanges).toHaveLength(1);
      expect(history.failureCount).toBe(1);
      const [joined] = history.exchanges;
      expect(joined?.sources).toEqual(['network', 'page']);
      expect(joined?.responseBody?.text).toBe('{"error":"invalid_token"}');
      expect(joined?.requestHeaders).toContainEqual({ name: 'authorization', value: 'Bearer abc' });
    }
  });

  it('keeps the wire headers: a header the page set but the browser dropped was not sent', () => {
    const history = emptyHistory(1);
    const dropped = network({
      requestHeaders: [],
      redirectedFrom: { url: 'https://example.com/api/v1/me', carriedCredential: true },
    });
    recordExchange(
      history,
      page({ requestHeaders: [{ name: 'authorization', value: 'Bearer abc' }] }),
      options,
    );
    recordExchange(history, dropped, options);
    expect(history.exchanges[0]?.requestHeaders).toEqual([]);
    expect(history.exchanges[0]?.redirectedFrom).toEqual(dropped.redirectedFrom);
  });

  it('falls back to the page headers when the network view lost its own', () => {
    const history = emptyHistory(1);
    recordExchange(history, network({ requestHeaders: [] }), options);
    recordExchange(
      history,
      page({ requestHeaders: [{ name: 'authorization', value: 'Bearer abc' }] }),
      options,
    );
    expect(history.exchanges[0]?.requestHeaders).toEqual([{ name: 'authorization', value: 'Bearer abc' }]);
  });

  it('does not join requests to other URLs, with other statuses, or far apart in time', () => {
    const history = emptyHistory(1);
    recordExchange(history, network(), options);
    recordExchange(history, page({ url: 'https://api.example.com/v1/other' }), options);
    recordExchange(history, page({ status: 403 }), options);
    const late = page({ completedAt: AT + 60_000 });
    recordExchange(history, late, { maxExchanges: 10 });
    expect(history.exchanges.map((exchange) => exchange.sources.join('+'))).toEqual([
      'network',
      'page',
      'page',
      'page',
    ]);
  });

  it('counts a 200 as a failure once the page supplies a body that says so (Slack)', () => {
    const history = emptyHistory(1);
    recordExchange(history, network({ status: 200, responseHeaders: [] }), options);
    expect(history.failureCount).toBe(0);
    recordExchange(
      history,
      page({ status: 200, responseBody: { text: '{"ok":false,"error":"invalid_auth"}', truncated: false } }),
      options,
    );
    expect(history.failureCount).toBe(1);
    expect(history.exchanges[0]?.failed).toBe(true);
  });

  it('keeps a bounded ring, dropping the oldest and keeping the failure count', () => {
    const history = emptyHistory(1);
    for (let index = 0; index < 5; index++) {
      recordExchange(history, network({ id: `n${index}`, url: `https://api.example.com/${index}` }), options);
    }
    expect(history.exchanges.map((exchange) => exchange.id)).toEqual(['n2', 'n3', 'n4']);
    expect(history.dropped).toBe(2);
    expect(history.failureCount).toBe(5);
  });

  it('takes a DevTools log entry only once: it lends its body to a known request, or is added', () => {
    const history = emptyHistory(1);
    recordExchange(history, network({ status: 200, responseHeaders: [] }), options);
    const seenByDevtools = page({
      id: 'd',
      status: 200,
      sources: ['devtools'],
      responseBody: { text: '{"ok":false,"error":"token_revoked"}', truncated: false },
    });
    recordDevtoolsExchange(history, seenByDevtools, options);
    expect(history.exchanges).toHaveLength(1);
    expect(history.exchanges[0]?.failed).toBe(true);
    expect(history.failureCount).toBe(1);

    // A request only DevTools saw (a worker's fetch, say) is added once, however often it is reported.
    const unseen = page({ id: 'u', url: 'https://api.example.com/v1/worker-only', sources: ['devtools'] });
    recordDevtoolsExchange(history, unseen, options);
    recordDevtoolsExchange(history, { ...unseen, id: 'u2' }, options);
    expect(history.exchanges.map((exchange) => exchange.id)).toEqual(['n', 'u']);
    expect(history.failureCount).toBe(2);
  });

  it('takes a token request from DevTools for a record the network saw without its body', () => {
    const history = emptyHistory(1);
    const url = 'https://tenant.eu.auth0.com/oauth/token';
    // The network view of a web worker's refresh: a 400 with no body and no credential header.
    recordExchange(
      history,
      network({
        method: 'POST',
        url,
        status: 400,
        request: undefined,
        requestHeaders: [],
        responseHeaders: [],
      } as Partial<Exchange>),
      options,
    );
    expect(history.failureCount).toBe(0);
    const seen = makeExchange({
      method: 'POST',
      url,
      status: 400,
      at: AT,
      requestBody: 'grant_type=refresh_token&client_id=spa1&refresh_token=rt-1',
      body: '{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}',
    });
    recordDevtoolsExchange(history, { ...seen, id: 'd', sources: ['devtools'] }, options);
    expect(history.exchanges).toHaveLength(1);
    expect(history.exchanges[0]?.tokenRequest?.grantType).toBe('refresh_token');
    expect(history.exchanges[0]?.failed).toBe(true);
    expect(history.failureCount).toBe(1);
  });

  it('keeps the byte budget, dropping the oldest first, and its running total matches a recount', () => {
    const history = emptyHistory(1);
    const bodyOf = (index: number) => `${index}:${'x'.repeat(10_000)}`;
    for (let index = 0; index < 40; index++) {
      recordExchange(history, network({ id: `n${index}`, url: `https://api.example.com/${index}` }), {
        maxExchanges: 200,
        maxBytes: 100_000,
      });
      recordExchange(
        history,
        page({
          id: `p${index}`,
          url: `https://api.example.com/${index}`,
          responseBody: { text: bodyOf(index), truncated: false },
        }),
        { maxExchanges: 200, maxBytes: 100_000 },
      );
    }
    expect(history.bytes).toBe(historyBytes(history.exchanges));
    expect(history.bytes).toBeLessThanOrEqual(100_000);
    // The newest survive, in order; each dropped one is counted.
    const kept = history.exchanges.map((exchange) => exchange.url.split('/').pop());
    expect(kept.at(-1)).toBe('39');
    expect(kept).toEqual([...kept].sort((a, b) => Number(a) - Number(b)));
    expect(history.dropped + history.exchanges.length).toBe(40);
    expect(history.failureCount).toBe(40);
  });

  it('keeps the newest exchange even when it alone is over the byte budget', () => {
    const history = emptyHistory(1);
    recordExchange(history, network({ id: 'a' }), { maxExchanges: 10, maxBytes: 10 });
    recordExchange(history, network({ id: 'b', url: 'https://api.example.com/b' }), {
      maxExchanges: 10,
      maxBytes: 10,
    });
    expect(history.exchanges.map((exchange) => exchange.id)).toEqual(['b']);
    expect(history.bytes).toBe(historyBytes(history.exchanges));
  });

  it('does not join calls to one URL that carried different tokens (a retry after a refresh)', () => {
    const history = emptyHistory(1);
    recordExchange(
      history,
      network({ requestHeaders: [{ name: 'authorization', value: 'Bearer new' }] }),
      options,
    );
    recordExchange(
      history,
      page({ requestHeaders: [{ name: 'authorization', value: 'Bearer old' }] }),
      options,
    );
    expect(history.exchanges).toHaveLength(2);
    expect(history.failureCount).toBe(2);
  });

  it('joins the page view that comes 300 records after its network view (a batch in a storm)', () => {
    const history = emptyHistory(1);
    const ring = { maxExchanges: 1000 };
    recordExchange(history, network({ url: 'https://api.example.com/v1/me?i=0' }), ring);
    for (let index = 1; index <= 300; index++) {
      const url = `https://api.example.com/v1/me?i=${index}`;
      recordExchange(history, network({ id: `n${index}`, url, status: 200, completedAt: AT + index }), ring);
    }
    recordExchange(history, page({ url: 'https://api.example.com/v1/me?i=0', completedAt: AT + 400 }), ring);
    expect(history.exchanges).toHaveLength(301);
    expect(history.failureCount).toBe(1);
    expect(history.exchanges[0]?.sources).toEqual(['network', 'page']);
  });

  it('records a page observation relayed twice (a retry after a worker stop) once', () => {
    const history = emptyHistory(1);
    recordExchange(history, page({ id: 'p1', observationId: 'obs-1' }), options);
    recordExchange(history, network(), options);
    recordExchange(history, page({ id: 'p2', observationId: 'obs-1' }), options);
    expect(history.exchanges).toHaveLength(1);
    expect(history.exchanges[0]?.sources).toEqual(['network', 'page']);
    expect(history.failureCount).toBe(1);
  });
});

describe('page observations that are not failures', () => {
  it('keeps none from a request without a credential, so an ordinary error body is not held', () => {
    const history = emptyHistory(1);
    const page = {
      ...makeExchange({ status: 500, body: 'TypeError: session is undefined' }),
      sources: ['page' as const],
      failed: false,
    };
    recordExchange(history, page, { maxExchanges: 10 });
    expect(history.exchanges).toEqual([]);
    const graphql = {
      ...makeExchange({
        status: 200,
        body: '{"errors":[{"message":"jwt expired","extensions":{"code":"UNAUTHENTICATED"}}]}',
      }),
      sources: ['page' as const],
    };
    recordExchange(history, graphql, { maxExchanges: 10 });
    expect(history.exchanges.map((exchange) => exchange.failed)).toEqual([true]);
  });
});

describe('experiment records', () => {
  function experiment(overrides: Partial<Exchange> = {}): Exchange {
    return {
      ...makeExchange({
        status: 401,
        request: { authorization: 'Bearer abc' },
        response: { 'www-authenticate': 'Bearer error="invalid_token"' },
        body: '{"error":"invalid_token"}',
        at: AT + 2,
      }),
      id: 'e',
      type: 'experiment',
      sources: ['page'],
      failed: true,
      experiment: {
        kind: 'same-again',
        causeId: 'token-rejected',
        forExchangeId: 'n',
        verdict: 'confirmed',
        reason: 'Sent again unchanged, it was refused again (401).',
        change: 'Nothing',
      },
      ...overrides,
    };
  }

  it('keeps a refused experiment, marked, but never as a failure: the badge does not move', () => {
    const history = emptyHistory(1);
    const returned = recordExchange(history, experiment(), { maxExchanges: 10 });
    expect(returned.id).toBe('e');
    expect(history.exchanges.map((exchange) => exchange.id)).toEqual(['e']);
    expect(history.exchanges[0]?.failed).toBe(false);
    expect(history.exchanges[0]?.experiment?.verdict).toBe('confirmed');
    expect(history.failureCount).toBe(0);
    expect(history.bytes).toBe(historyBytes(history.exchanges));
  });

  it('does not join the app’s request it tested, though URL, method, status and time all match', () => {
    const history = emptyHistory(1);
    recordExchange(history, network(), { maxExchanges: 10 });
    recordExchange(history, experiment(), { maxExchanges: 10 });
    expect(history.exchanges.map((exchange) => exchange.id)).toEqual(['n', 'e']);
    // The app's record keeps its own view: no body, no page source borrowed from the experiment.
    expect(history.exchanges[0]?.sources).toEqual(['network']);
    expect(history.exchanges[0]?.responseBody).toBeUndefined();
    expect(history.exchanges[0]?.experiment).toBeUndefined();
    expect(history.exchanges[1]?.sources).toEqual(['page']);
    expect(history.failureCount).toBe(1);
  });

  it('an app record arriving later does not join into the experiment, from either source', () => {
    const history = emptyHistory(1);
    recordExchange(history, experiment(), { maxExchanges: 10 });
    recordExchange(history, network({ completedAt: AT + 50 }), { maxExchanges: 10 });
    expect(history.exchanges.map((exchange) => exchange.id)).toEqual(['e', 'n']);
    expect(history.exchanges[0]?.sources).toEqual(['page']);
    expect(history.exchanges[0]?.failed).toBe(false);
    expect(history.failureCount).toBe(1);

    // A preflight experiment's record comes from network capture: the page's copy of an app call stays apart.
    const fromNetwork = emptyHistory(1);
    recordExchange(fromNetwork, experiment({ id: 'e2', sources: ['network'] }), { maxExchanges: 10 });
    recordExchange(fromNetwork, page({ requestHeaders: [{ name: 'authorization', value: 'Bearer abc' }] }), {
      maxExchanges: 10,
    });
    expect(fromNetwork.exchanges.map((exchange) => exchange.id)).toEqual(['e2', 'p']);
    expect(fromNetwork.exchanges[0]?.sources).toEqual(['network']);
    expect(fromNetwork.failureCount).toBe(1);
  });

  it('an experiment’s refused preflight does not swallow the app’s own blocked call', () => {
    const history = emptyHistory(1);
    recordExchange(history, experiment({ id: 'e', method: 'OPTIONS', sources: ['network'], status: 401 }), {
      maxExchanges: 10,
    });
    const blocked = page({
      id: 'p',
      status: 0,
      error: 'TypeError: Failed to fetch',
      responseBody: undefined,
      requestHeaders: [{ name: 'authorization', value: 'Bearer abc' }],
      completedAt: AT + 100,
    });
    const returned = recordExchange(history, blocked, { maxExchanges: 10 });
    expect(returned.id).toBe('p');
    expect(history.exchanges.map((exchange) => exchange.id)).toEqual(['e', 'p']);
  });

  it('takes its part in the ring like any record: it pushes out the oldest, and goes when oldest', () => {
    const history = emptyHistory(1);
    const ring = { maxExchanges: 2 };
    recordExchange(history, network({ id: 'n1', url: 'https://api.example.com/1' }), ring);
    recordExchange(history, network({ id: 'n2', url: 'https://api.example.com/2' }), ring);
    recordExchange(history, experiment({ id: 'e' }), ring);
    expect(history.exchanges.map((exchange) => exchange.id)).toEqual(['n2', 'e']);
    recordExchange(history, network({ id: 'n3', url: 'https://api.example.com/3' }), ring);
    recordExchange(history, network({ id: 'n4', url: 'https://api.example.com/4' }), ring);
    expect(history.exchanges.map((exchange) => exchange.id)).toEqual(['n3', 'n4']);
    expect(history.dropped).toBe(3);
    expect(history.bytes).toBe(historyBytes(history.exchanges));
    // The failures it pushed out were counted; the experiment never was.
    expect(history.failureCount).toBe(4);
  });

  it('DevTools’ copy of the experiment’s request is that record: no app record, no failure, no body lent', () => {
    const history = emptyHistory(1);
    recordExchange(history, experiment({ responseBody: undefined }), { maxExchanges: 10 });
    const bytes = history.bytes;
    const copy = page({
      id: 'd',
      sources: ['devtools'],
      url: 'https://api.example.com/v1/me#from-devtools',
      completedAt: AT + 300,
      responseBody: { text: '{"ok":false,"error":"token_revoked"}', truncated: false },
    });
    const returned = recordDevtoolsExchange(history, copy, { maxExchanges: 10 });
    expect(returned.id).toBe('e');
    expect(returned.experiment).toBeDefined();
    expect(history.exchanges.map((exchange) => exchange.id)).toEqual(['e']);
    expect(history.exchanges[0]?.failed).toBe(false);
    expect(history.failureCount).toBe(0);
    expect(history.bytes).toBe(bytes);
  });

  it('a DevTools-only app failure of the same URL long after an experiment is the app’s own failure', () => {
    const history = emptyHistory(1);
    recordExchange(history, experiment(), { maxExchanges: 10 });
    const later = page({
      id: 'late',
      sources: ['devtools'],
      startedAt: AT + 600_000,
      completedAt: AT + 600_050,
    });
    const returned = recordDevtoolsExchange(history, later, { maxExchanges: 10 });
    expect(returned.id).toBe('late');
    expect(history.exchanges.map((exchange) => exchange.id)).toEqual(['e', 'late']);
    expect(history.failureCount).toBe(1);
  });

  it('a DevTools copy of another URL or status is not the experiment’s', () => {
    const history = emptyHistory(1);
    recordExchange(history, experiment(), { maxExchanges: 10 });
    recordDevtoolsExchange(
      history,
      page({ id: 'd1', sources: ['devtools'], url: 'https://api.example.com/v1/other' }),
      { maxExchanges: 10 },
    );
    recordDevtoolsExchange(history, page({ id: 'd2', sources: ['devtools'], status: 403 }), {
      maxExchanges: 10,
    });
    expect(history.exchanges.map((exchange) => exchange.id)).toEqual(['e', 'd1', 'd2']);
    expect(history.failureCount).toBe(2);
  });
});

describe('a credentialed call whose answer the browser withheld from the page (issue 18)', () => {
  const API = 'https://api.example.com/v1/me';
  const APP = 'https://app.example.com';

  /** The server's answer as the network layer saw it: a 200 whose CORS headers do not allow credentials. */
  function answered(overrides: Partial<Exchange> = {}): Exchange {
    return {
      ...makeExchange({
        url: API,
        status: 200,
        request: { origin: APP },
        response: { 'access-control-allow-origin': '*', 'content-type': 'application/json' },
        at: AT,
        failed: false,
      }),
      id: 'n',
      ...overrides,
    };
  }

  /** What the page observer saw: fetch(url, { credentials }) rejected with a TypeError. */
  function networkError(credentialsMode?: 'include' | 'same-origin' | 'omit'): Exchange {
    return {
      ...makeExchange({ url: API, status: 0, request: { origin: APP }, at: AT + 5, failed: false }),
      id: 'p',
      sources: ['page'],
      error: 'TypeError: Failed to fetch',
      ...(credentialsMode ? { cookies: { credentialsMode } } : {}),
    };
  }

  it('joins the page’s status 0 and the network’s 200, in either order: one failure, with the server’s CORS headers', () => {
    for (const order of [
      [answered(), networkError('include')],
      [networkError('include'), answered()],
    ]) {
      const history = emptyHistory(1);
      for (const exchange of order) recordExchange(history, exchange, { maxExchanges: 10 });
      expect(history.exchanges).toHaveLength(1);
      const [joined] = history.exchanges;
      // What the app met is the network error; the server's headers say why.
      expect(joined?.status).toBe(0);
      expect(joined?.error).toBe('TypeError: Failed to fetch');
      expect(joined?.sources).toEqual(['network', 'page']);
      expect(joined?.responseHeaders).toContainEqual({ name: 'access-control-allow-origin', value: '*' });
      expect(joined?.cookies?.credentialsMode).toBe('include');
      expect(joined?.failed).toBe(true);
      expect(history.failureCount).toBe(1);
      expect(history.bytes).toBe(historyBytes(history.exchanges));
    }
  });

  it.each([
    ['without a credentials mode', undefined],
    ['with credentials "same-origin"', 'same-origin' as const],
    ['with credentials "omit"', 'omit' as const],
  ])('does not join a page network error %s to the server’s 200', (_label, mode) => {
    const history = emptyHistory(1);
    recordExchange(history, answered(), { maxExchanges: 10 });
    recordExchange(history, networkError(mode), { maxExchanges: 10 });
    // The 200 stays a 200 the page got nothing wrong with: no failure is counted on it.
    expect(history.exchanges[0]).toMatchObject({ id: 'n', status: 200, sources: ['network'], failed: false });
    expect(history.exchanges.every((exchange) => exchange.sources.length === 1)).toBe(true);
    expect(history.failureCount).toBe(0);
  });
});
