import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../../test/make-exchange.ts';
import { epochSeconds, mintJwt } from '../../../test/mint-jwt.ts';
import { diagnose } from '../diagnose.ts';
import type { Exchange } from '../exchange.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const MIN = 60_000;
const ids = (exchange: Exchange, options: Partial<Parameters<typeof diagnose>[1]> = {}) =>
  diagnose(exchange, { now: NOW, ...options }).causes.map((cause) => cause.id);

describe('causes that need the tab history or the page', () => {
  const valid = mintJwt({
    iss: 'https://id.example/',
    sub: 'u1',
    iat: epochSeconds(NOW - 30 * MIN),
    exp: epochSeconds(NOW + 30 * MIN),
  });

  it('token-revoked: the same credential succeeded earlier in the tab and is now refused unexpired', () => {
    const earlier = {
      ...makeExchange({
        status: 200,
        request: { authorization: `Bearer ${valid}` },
        at: NOW - 5 * MIN,
        failed: false,
      }),
      id: 'e1',
    };
    const now = makeExchange({ status: 401, request: { authorization: `Bearer ${valid}` }, at: NOW });
    expect(ids(now, { history: [earlier] })[0]).toBe('token-revoked');
    // The worker passes the whole history, the diagnosed failure included: it is not "earlier".
    expect(ids(now, { history: [earlier, now] })[0]).toBe('token-revoked');
    expect(ids(now, { history: [now] })).not.toContain('token-revoked');
    // Without the history, or with a different token earlier, nothing says "revoked".
    expect(ids(now)).not.toContain('token-revoked');
    const other = {
      ...earlier,
      requestHeaders: [{ name: 'authorization', value: 'Bearer other-token-000000' }],
    };
    expect(ids(now, { history: [other] })).not.toContain('token-revoked');
  });

  it('stale-token: a fresher token for the same subject sits in storage (beats expired)', () => {
    const old = mintJwt({
      iss: 'https://id.example/',
      sub: 'u1',
      iat: epochSeconds(NOW - 70 * MIN),
      exp: epochSeconds(NOW - 10 * MIN),
    });
    const fresh = mintJwt({
      iss: 'https://id.example/',
      sub: 'u1',
      iat: epochSeconds(NOW - 9 * MIN),
      exp: epochSeconds(NOW + 51 * MIN),
    });
    const exchange = makeExchange({ status: 401, request: { authorization: `Bearer ${old}` } });
    const pageTokens = [{ store: 'localStorage' as const, path: 'auth › access_token', value: fresh }];
    const causes = diagnose(exchange, { now: NOW, pageTokens }).causes;
    expect(causes.map((cause) => cause.id).slice(0, 2)).toEqual(['stale-token', 'token-expired']);
    expect(causes[0]?.title).toContain('localStorage (auth › access_token)');
    // Another user's token, or an older one, is not a replacement.
    const stranger = mintJwt({
      iss: 'https://id.example/',
      sub: 'u2',
      iat: epochSeconds(NOW - MIN),
      exp: epochSeconds(NOW + MIN),
    });
    expect(ids(exchange, { pageTokens: [{ store: 'cookie', path: 't', value: stranger }] })).not.toContain(
      'stale-token',
    );
  });

  it('preflight-rejected: a 401 on OPTIONS', () => {
    expect(
      ids(
        makeExchange({
          method: 'OPTIONS',
          status: 401,
          response: { 'www-authenticate': 'Bearer realm="api"' },
        }),
      )[0],
    ).toBe('preflight-rejected');
  });

  it('credential-dropped-on-redirect: credential before a cross-origin redirect, none after', () => {
    const exchange = {
      ...makeExchange({ status: 401, url: 'https://api.example.com/v1/me/' }),
      redirectedFrom: { url: 'https://example.com/api/v1/me', carriedCredential: true },
    };
    const causes = ids(exchange);
    expect(causes.slice(0, 2)).toEqual(['credential-dropped-on-redirect', 'token-missing']);
  });

  it('id-token-as-access-token: an OIDC ID token (nonce, at_hash, aud = client id) sent to an API', () => {
    const idToken = mintJwt({
      iss: 'https://id.example/',
      sub: 'u1',
      aud: 'spa-client-id',
      nonce: 'n-0S6',
      at_hash: 'abc',
      exp: epochSeconds(NOW + MIN),
    });
    expect(ids(makeExchange({ status: 401, request: { authorization: `Bearer ${idToken}` } }))[0]).toBe(
      'id-token-as-access-token',
    );
    const cognitoAccess = mintJwt({ token_use: 'access', scope: 'openid', exp: epochSeconds(NOW + MIN) });
    expect(
      ids(makeExchange({ status: 401, request: { authorization: `Bearer ${cognitoAccess}` } })),
    ).not.toContain('id-token-as-access-token');
  });
});

describe('token-revoked: signed out earlier in the tab', () => {
  it('names the sign-out call that used the same token before this refusal', () => {
    const session = { 'x-parse-session-token': 'r:0a1b2c3d4e5f60718293a4b5c6d7e8f9' };
    const logout = {
      ...makeExchange({
        method: 'POST',
        url: 'https://api.example.com/parse/logout',
        status: 200,
        request: session,
        at: Date.UTC(2026, 10, 21, 11, 59),
        failed: false,
      }),
      id: 'logout',
    };
    const refused = makeExchange({
      url: 'https://api.example.com/parse/users/me',
      status: 400,
      request: session,
      body: '{"code":209,"error":"Invalid session token"}',
    });
    const diagnosis = diagnose(refused, { now: Date.UTC(2026, 10, 21, 12, 0), history: [logout, refused] });
    expect(diagnosis.causes[0]?.id).toBe('token-revoked');
    expect(diagnosis.causes[0]?.evidence[0]?.text).toContain('POST /parse/logout');
  });
});
