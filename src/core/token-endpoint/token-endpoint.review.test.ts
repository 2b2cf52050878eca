import { describe, expect, it } from 'vitest';
import { FIXTURE_NOW } from '../../../test/fixtures/fixture.ts';
import { runFixture } from '../../../test/fixtures/run-fixture.ts';
import { makeExchange } from '../../../test/make-exchange.ts';
import { mintJwt } from '../../../test/mint-jwt.ts';
import { isAuthFailure } from '../auth-failure.ts';
import { recordExchange } from '../history/record-exchange.ts';
import { emptyHistory } from '../history/tab-history.ts';
import { classifyTokenFailure } from './classify-token-failure.ts';
import { readTokenRequest } from './read-token-request.ts';
import { tokenAnswer } from './token-answer.ts';

/** Cases from the security review of issue 17: what must never be kept, and diagnoses that misled. */
const NOW_S = Math.floor(FIXTURE_NOW / 1000);
const ENDPOINT = 'https://sso.example.com/realms/shop/protocol/openid-connect/token';

describe('a token answer leaves the page only as fingerprints or as an error', () => {
  const secret = 'ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498';
  it('reduces GitHub’s form-encoded answer and Slack’s user tokens', () => {
    const github = tokenAnswer(
      200,
      `access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&refresh_token=${secret}&scope=repo&token_type=bearer`,
      4096,
    );
    expect(github.tokenResponse?.accessToken?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(github.body).toBeUndefined();
    const slack = tokenAnswer(
      200,
      JSON.stringify({ ok: true, authed_user: { id: 'U1', access_token: `xoxp-${secret}` } }),
      4096,
    );
    expect(slack.tokenResponse?.accessToken).toBeDefined();
    expect(JSON.stringify(slack)).not.toContain(secret);
  });

  it('relays no 2xx answer it cannot read as a grant or an error', () => {
    for (const text of [
      JSON.stringify({ refresh_token: secret }),
      JSON.stringify({ ChallengeName: 'SMS_MFA', Session: secret }),
      `)]}'\n${JSON.stringify({ access_token: secret })}`,
      `{"access_token":"${secret}","padding":"${'x'.repeat(40_000)}`,
    ])
      expect(tokenAnswer(200, text.slice(0, 32_768), 4096)).toEqual({});
    expect(tokenAnswer(200, '{"ok":false,"error":"invalid_refresh_token"}', 4096).body?.text).toContain(
      'invalid_refresh_token',
    );
  });

  it('takes the sent secrets out of an error that echoes them', () => {
    const refreshToken = '5f3b2c1e-9a8d-4e7f-b6c5-a4d3e2f1b0c9';
    const values: string[] = [];
    readTokenRequest('POST', ENDPOINT, [], `grant_type=refresh_token&refresh_token=${refreshToken}`, values);
    const answer = tokenAnswer(
      400,
      `{"error":"invalid_grant","error_description":"Invalid refresh token: ${refreshToken}"}`,
      4096,
      values,
    );
    expect(answer.body?.text).toBe(
      '{"error":"invalid_grant","error_description":"Invalid refresh token: [redacted]"}',
    );
  });
});

describe('reading a token request', () => {
  it('takes the client from a Basic header and fingerprints its secret, which it hands back raw only to the caller', () => {
    const values: string[] = [];
    const encoded = btoa('shop-backend:s3cr3t-Basic-Value');
    const request = readTokenRequest(
      'POST',
      ENDPOINT,
      [{ name: 'authorization', value: `Basic ${encoded}` }],
      'grant_type=client_credentials',
      values,
    );
    expect(request).toMatchObject({
      clientId: 'shop-backend',
      clientAuth: 'basic',
      secrets: [{ field: 'client_secret' }],
    });
    expect(JSON.stringify(request)).not.toContain('s3cr3t-Basic-Value');
    expect(values).toEqual(['s3cr3t-Basic-Value', encoded]);
  });

  it('reads grant_type from the query (Supabase) and lists at most 16 secrets', () => {
    const supabase = readTokenRequest(
      'POST',
      'https://xyz.supabase.co/auth/v1/token?grant_type=refresh_token',
      [],
      '{"refresh_token":"v1-abc"}',
    );
    expect(supabase).toMatchObject({ grantType: 'refresh_token', secrets: [{ field: 'refresh_token' }] });
    const many = Object.fromEntries(
      Array.from({ length: 30 }, (_, index) => [index % 2 ? 'code' : 'token', `v${index}`]),
    );
    const body = JSON.stringify({
      grant_type: 'x',
      ...many,
      ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`assertion${i}`, 'a'])),
    });
    expect(readTokenRequest('POST', ENDPOINT, [], body)?.secrets.length).toBeLessThanOrEqual(16);
  });
});

describe('a record of a token request', () => {
  it('keeps no client_secret_basic header, whoever saw it', () => {
    const history = emptyHistory(1);
    const exchange = makeExchange({
      method: 'POST',
      url: ENDPOINT,
      status: 401,
      request: {
        authorization: `Basic ${btoa('a:b-secret')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      requestBody: 'grant_type=client_credentials',
      body: '{"error":"invalid_client"}',
    });
    recordExchange(history, exchange, { maxExchanges: 10 });
    expect(history.exchanges[0]?.requestHeaders.map((header) => header.name)).toEqual(['content-type']);
    expect(history.exchanges[0]?.failed).toBe(true);
  });
});

describe('requests that only look like token requests', () => {
  it('are judged as any request when the answer is no OAuth error', () => {
    const devices = makeExchange({
      method: 'POST',
      url: 'https://api.example.com/devices/token',
      status: 422,
      body: '{"detail":"push token malformed"}',
    });
    expect(devices.tokenRequest?.grantType).toBe('unknown');
    expect(classifyTokenFailure(devices)).toBeUndefined();
    const login = makeExchange({
      method: 'POST',
      url: 'https://api.example.com/token',
      status: 401,
      body: '{"detail":"Incorrect username or password"}',
    });
    expect(classifyTokenFailure(login)).toBeUndefined();
    expect(isAuthFailure(login)).toBe(true);
  });
});

describe('the chain and the stale token, tightened', () => {
  const token = (claims: Record<string, unknown>) =>
    mintJwt({
      iss: 'https://sso.example.com/realms/shop',
      sub: 'u1',
      azp: 'shop-web',
      aud: 'orders',
      ...claims,
    });
  const refused = {
    method: 'POST',
    url: ENDPOINT,
    status: 400,
    request: { 'content-type': 'application/x-www-form-urlencoded' },
    requestBody: 'grant_type=refresh_token&refresh_token=rt-abcdef&client_id=shop-web',
    body: '{"error":"invalid_grant","error_description":"Token is not active"}',
  };
  const ranked = (
    fixture: Parameters<typeof runFixture>[0]['exchange'],
    history: Parameters<typeof runFixture>[0]['history'],
  ) =>
    runFixture({
      name: 't',
      source: 't',
      expectTop: 'unknown',
      exchange: fixture,
      ...(history ? { history } : {}),
    }).ranked;

  it('leaves a 403 for a missing scope to its own cause', () => {
    const valid = token({ iat: NOW_S - 600, exp: NOW_S + 3000, scope: 'read' });
    const causes = ranked(
      {
        url: 'https://api.example.com/admin',
        status: 403,
        request: { authorization: `Bearer ${valid}` },
        response: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="admin"' },
      },
      [refused],
    );
    expect(causes[0]).toBe('insufficient-scope');
    expect(causes).not.toContain('refresh-failed');
  });

  it('does not blame the refresh for a token issued after it (another tab refreshed)', () => {
    const newer = token({ iat: NOW_S - 10, exp: NOW_S - 5 });
    expect(
      ranked(
        { url: 'https://api.example.com/orders', status: 401, request: { authorization: `Bearer ${newer}` } },
        [refused],
      ),
    ).not.toContain('refresh-failed');
  });

  it('does not call a token stale because a grant for another API was made', () => {
    const old = token({ iat: NOW_S - 3600, exp: NOW_S + 600 });
    const billing = token({ aud: 'billing', iat: NOW_S - 60, exp: NOW_S + 3540 });
    const granted = {
      ...refused,
      status: 200,
      body: JSON.stringify({ access_token: billing, expires_in: 3600, token_type: 'Bearer' }),
    };
    const causes = ranked(
      {
        url: 'https://api.example.com/orders',
        status: 403,
        request: { authorization: `Bearer ${old}` },
        response: {},
      },
      [granted],
    );
    expect(causes).not.toContain('stale-token');
  });
});
