import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../test/make-exchange.ts';
import { isAuthFailure } from './auth-failure.ts';
import { diagnose } from './diagnose.ts';
import type { Exchange } from './exchange.ts';
import { recordExchange } from './history/record-exchange.ts';
import { emptyHistory } from './history/tab-history.ts';
import { blockedCredentialedCrossOriginCall, pageOriginHeader, unseenFromPage } from './page-view.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const API = 'https://api.example.com/v1/me';

/** What the page observer records of a credentialed call the browser blocked (TypeError). */
function blocked(request: Record<string, string>): Exchange {
  return {
    ...makeExchange({ status: 0, url: API, request, failed: false }),
    sources: ['page'],
    error: 'TypeError: Failed to fetch',
  };
}

describe('the page’s own view of a request', () => {
  it('adds the page’s origin only to a cross-origin call, as the browser does', () => {
    expect(pageOriginHeader(API, 'https://app.example.com/home')).toEqual({
      name: 'origin',
      value: 'https://app.example.com',
    });
    expect(pageOriginHeader('https://app.example.com/api', 'https://app.example.com/home')).toBeUndefined();
    expect(pageOriginHeader(API, undefined)).toBeUndefined();
    expect(pageOriginHeader(API, 'about:blank')).toBeUndefined();
  });

  it('a credentialed cross-origin call that ended without an answer is a failure; others are not', () => {
    const crossOrigin = blocked({ authorization: 'Bearer abc', origin: 'https://app.example.com' });
    expect(blockedCredentialedCrossOriginCall(crossOrigin)).toBe(true);
    expect(isAuthFailure(crossOrigin)).toBe(true);
    // Same origin (no Origin header): an unreachable server, not a CORS refusal.
    expect(isAuthFailure(blocked({ authorization: 'Bearer abc' }))).toBe(false);
    // No credential: the call had nothing to refuse.
    expect(isAuthFailure(blocked({ origin: 'https://app.example.com' }))).toBe(false);
    // A status-0 record without its URL cannot be judged.
    expect(isAuthFailure({ status: 0, requestHeaders: crossOrigin.requestHeaders })).toBe(false);
  });

  it('names what a page-only record could not show', () => {
    const crossOrigin = makeExchange({ status: 401, request: { origin: 'https://app.example.com' } });
    expect(unseenFromPage(crossOrigin).join(' ')).toMatch(/WWW-Authenticate/);
    expect(unseenFromPage(makeExchange({ status: 401, request: { authorization: 'Bearer abc' } }))).toEqual(
      [],
    );
    // Without a credential header, a cookie session's: whether the server deleted it is unseen.
    expect(unseenFromPage(makeExchange({ status: 401 })).join(' ')).toMatch(/Set-Cookie/);
    expect(unseenFromPage(blocked({ authorization: 'Bearer abc' })).join(' ')).toMatch(/preflight/);
    const redirected = makeExchange({
      status: 401,
      redirectedFrom: { url: 'https://old.example.com/v1/me', carriedCredential: true },
    });
    expect(unseenFromPage(redirected).join(' ')).toMatch(/redirect/);
    expect(unseenFromPage({ ...makeExchange({ status: 401 }), viaServiceWorker: true }).join(' ')).toMatch(
      /service worker/,
    );
    expect(unseenFromPage({ ...makeExchange({ status: 401 }), type: 'document' }).join(' ')).toMatch(
      /page’s own response/,
    );
  });
});

describe('diagnosed from the page alone', () => {
  it('a blocked credentialed cross-origin call is a likely refused preflight, said to be seen from the page', () => {
    const exchange = blocked({ authorization: 'Bearer abc', origin: 'https://app.example.com' });
    const causes = diagnose({ ...exchange, failed: isAuthFailure(exchange) }, { now: NOW }).causes;
    expect(causes[0]?.id).toBe('preflight-rejected');
    expect(causes[0]?.confidence).toBe('medium');
    expect(causes[0]?.evidence.map((item) => item.text).join(' ')).toMatch(/Seen from the page only/);
  });

  it('a redirect seen by the page that dropped Authorization is credential-dropped-on-redirect', () => {
    const exchange: Exchange = {
      ...makeExchange({
        status: 401,
        url: 'https://api.example.com/v1/profile',
        request: { origin: 'https://app.example.com' },
        redirectedFrom: { url: 'https://app.example.com/api/v1/profile', carriedCredential: true },
      }),
      sources: ['page'],
    };
    expect(diagnose(exchange, { now: NOW }).causes[0]?.id).toBe('credential-dropped-on-redirect');
  });
});

describe('recording page-only failures next to the network view', () => {
  const options = { maxExchanges: 50 };

  it('the page’s network error is not a second failure when the refused preflight was recorded', () => {
    const history = emptyHistory(1);
    const preflight = { ...makeExchange({ method: 'OPTIONS', status: 401, url: API }), id: 'p' };
    recordExchange(history, preflight, options);
    const page = blocked({ authorization: 'Bearer abc', origin: 'https://app.example.com' });
    page.completedAt = preflight.completedAt + 5;
    expect(recordExchange(history, page, options)).toBe(preflight);
    expect(history.exchanges).toHaveLength(1);
    expect(history.failureCount).toBe(1);
  });

  it('a page-only record loses its “unseen” note when the network view of it joins', () => {
    const history = emptyHistory(1);
    const page: Exchange = {
      ...makeExchange({
        status: 401,
        request: { authorization: 'Bearer abc', origin: 'https://app.example.com' },
      }),
      sources: ['page'],
      unseen: ['response headers the server did not expose'],
    };
    recordExchange(history, page, options);
    const network = { ...makeExchange({ status: 401, request: { authorization: 'Bearer abc' } }), id: 'n' };
    const joined = recordExchange(history, network, options);
    expect(joined.sources).toEqual(['network', 'page']);
    expect(joined.unseen).toBeUndefined();
  });

  it('a network record does not join a page-only record of an earlier call to the same URL', () => {
    const history = emptyHistory(1);
    const earlier: Exchange = {
      ...makeExchange({ status: 401, request: { authorization: 'Bearer abc' } }),
      sources: ['page'],
      unseen: ['response headers the server did not expose'],
    };
    recordExchange(history, earlier, options);
    const repeat = { ...makeExchange({ status: 401, request: { authorization: 'Bearer abc' } }), id: 'n' };
    repeat.startedAt = earlier.completedAt + 2_000;
    repeat.completedAt = repeat.startedAt + 30;
    recordExchange(history, repeat, options);
    expect(history.exchanges.map((item) => item.sources)).toEqual([['page'], ['network']]);
    expect(history.exchanges[0]?.unseen).toHaveLength(1);
  });
});
