import { describe, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture } from '../../../test/fixtures/fixture.ts';
import { runFixture } from '../../../test/fixtures/run-fixture.ts';
import { makeExchange } from '../../../test/make-exchange.ts';
import { mintJwt } from '../../../test/mint-jwt.ts';
import { isAuthFailure } from '../auth-failure.ts';
import { classifyTokenFailure } from './classify-token-failure.ts';
import { issuerServes } from './grant-link.ts';
import { mightBeTokenRequest, readTokenRequest } from './read-token-request.ts';
import { reduceTokenResponse } from './reduce-token-response.ts';

const KEYCLOAK = 'https://sso.example.com/realms/shop/protocol/openid-connect/token';
const ISSUER = 'https://sso.example.com/realms/shop';
const REFRESH = 'rt-3f9c2a7b1e6d4c08a5f7e9b2d1c3a4f5';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const NOW_S = Math.floor(FIXTURE_NOW / 1000);

function apiToken(claims: Record<string, unknown> = {}): string {
  return mintJwt({ iss: ISSUER, sub: 'u1', azp: 'shop-web', iat: NOW_S - 3700, exp: NOW_S - 100, ...claims });
}

const failedRefresh = (url = KEYCLOAK, clientId = 'shop-web') => ({
  method: 'POST',
  url,
  status: 400,
  request: FORM,
  requestBody: `grant_type=refresh_token&refresh_token=${REFRESH}&client_id=${clientId}`,
  response: { 'content-type': 'application/json' },
  body: '{"error":"invalid_grant","error_description":"Token is not active"}',
});

const apiFailure = (token: string) => ({
  url: 'https://api.example.com/orders',
  status: 401,
  request: { authorization: `Bearer ${token}` },
  response: { 'www-authenticate': 'Bearer error="invalid_token", error_description="Token expired"' },
});

function top(fixture: Omit<Fixture, 'name' | 'source' | 'expectTop'>): string[] {
  return runFixture({ name: 't', source: 't', expectTop: 'unknown', ...fixture }).ranked;
}

describe('reading a token request', () => {
  it('keeps the grant, client, scope and redirect, and only fingerprints of the secrets', () => {
    const request = readTokenRequest(
      'POST',
      KEYCLOAK,
      [],
      `grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&client_id=shop-web&client_secret=s3cr3t-value-123&redirect_uri=https%3A%2F%2Fshop.example.com%2Fcb&scope=openid%20offline_access&username=alice`,
    );
    expect(request).toMatchObject({
      api: 'oauth',
      grantType: 'authorization_code',
      clientId: 'shop-web',
      scope: 'openid offline_access',
      redirectUri: 'https://shop.example.com/cb',
      clientAuth: 'post',
    });
    expect(request?.secrets.map((secret) => secret.field)).toEqual([
      'code',
      'code_verifier',
      'client_secret',
    ]);
    const text = JSON.stringify(request);
    for (const secret of ['SplxlOBeZQQYbYS6WxSbIA', 'dBjftJeZ4CVP', 's3cr3t-value-123', 'alice'])
      expect(text).not.toContain(secret);
  });

  it('records a password as sent without fingerprinting it (a guessable value)', () => {
    const request = readTokenRequest(
      'POST',
      KEYCLOAK,
      [],
      'grant_type=password&username=ada&password=hunter22&client_id=web',
    );
    expect(request?.secrets).toEqual([{ field: 'password' }]);
    expect(JSON.stringify(request)).not.toContain('ada');
  });

  it('reads JSON bodies (Auth0), Basic client authentication, Cognito and Firebase', () => {
    expect(
      readTokenRequest(
        'POST',
        'https://t.eu.auth0.com/oauth/token',
        [],
        '{"grant_type":"refresh_token","client_id":"abc","refresh_token":"x1"}',
      ),
    ).toMatchObject({ grantType: 'refresh_token', clientId: 'abc', clientAuth: 'none' });
    expect(
      readTokenRequest(
        'POST',
        KEYCLOAK,
        [{ name: 'authorization', value: 'Basic YTpi' }],
        'grant_type=client_credentials',
      ),
    ).toMatchObject({ grantType: 'client_credentials', clientAuth: 'basic' });
    const cognito = readTokenRequest(
      'POST',
      'https://cognito-idp.eu-west-1.amazonaws.com/',
      [{ name: 'x-amz-target', value: 'AWSCognitoIdentityProviderService.InitiateAuth' }],
      JSON.stringify({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: 'c1',
        AuthParameters: { REFRESH_TOKEN: 'eyJjdHkiOi.secret', SECRET_HASH: 'h' },
      }),
    );
    expect(cognito).toMatchObject({
      api: 'cognito',
      grantType: 'refresh_token',
      flow: 'REFRESH_TOKEN_AUTH',
      clientId: 'c1',
      clientAuth: 'post',
    });
    expect(JSON.stringify(cognito)).not.toContain('eyJjdHkiOi.secret');
    expect(
      readTokenRequest(
        'POST',
        'https://securetoken.googleapis.com/v1/token?key=AIzaSy',
        [],
        'grant_type=refresh_token&refresh_token=AMf-x',
      ),
    ).toMatchObject({ api: 'firebase', grantType: 'refresh_token' });
  });

  it('lets ordinary POSTs go before parsing anything (the page observer’s first look)', () => {
    expect(mightBeTokenRequest('/graphql', '{"query":"{ me { id } }"}')).toBe(false);
    expect(mightBeTokenRequest('https://api.example.com/orders', undefined)).toBe(false);
    expect(mightBeTokenRequest('/oauth/token', undefined)).toBe(true);
    expect(mightBeTokenRequest('/auth', 'grant_type=password&username=a')).toBe(true);
  });

  it('recognises a token path whose body it could not read, and ignores other requests', () => {
    expect(readTokenRequest('POST', 'https://a.example.com/oauth/token', [], undefined)?.grantType).toBe(
      'unknown',
    );
    expect(readTokenRequest('GET', KEYCLOAK, [], undefined)).toBeUndefined();
    expect(readTokenRequest('POST', 'https://api.example.com/orders', [], '{"item":1}')).toBeUndefined();
    expect(readTokenRequest('POST', 'https://api.example.com/token', [], '{"item":1}')).toBeUndefined();
  });
});

describe('a successful grant', () => {
  it('is reduced to fingerprints and claims, and its body is not kept', () => {
    const access = apiToken({ iat: NOW_S, exp: NOW_S + 300 });
    const body = JSON.stringify({
      access_token: access,
      refresh_token: 'r2-secret',
      expires_in: 300,
      token_type: 'Bearer',
    });
    const reduced = reduceTokenResponse(body);
    expect(reduced?.accessToken?.claims).toMatchObject({ iss: ISSUER, client: 'shop-web', exp: NOW_S + 300 });
    expect(JSON.stringify(reduced)).not.toContain('r2-secret');
    const exchange = makeExchange({ ...failedRefresh(), status: 200, body });
    expect(exchange.responseBody).toBeUndefined();
    expect(isAuthFailure(exchange)).toBe(false);
  });
});

describe('whether a token exchange failed', () => {
  it('counts refused grants, not device-flow polling', () => {
    const poll = (body: string, status = 400) =>
      makeExchange({
        method: 'POST',
        url: 'https://github.com/login/oauth/access_token',
        status,
        request: FORM,
        requestBody: 'grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=d1&client_id=c',
        body,
      });
    expect(isAuthFailure(poll('{"error":"authorization_pending"}'))).toBe(false);
    expect(isAuthFailure(poll('{"error":"slow_down","interval":10}', 200))).toBe(false);
    expect(isAuthFailure(poll('error=expired_token&error_description=expired', 200))).toBe(true);
    expect(classifyTokenFailure(poll('{"error":"access_denied"}'))?.kind).toBe('login-failed');
  });

  it('names the refresh reason when the provider states it', () => {
    const kind = (body: string) => classifyTokenFailure(makeExchange({ ...failedRefresh(), body }));
    expect(
      kind(
        '{"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity."}',
      ),
    ).toMatchObject({ kind: 'refresh-failed', reason: 'expired' });
    expect(
      kind('{"error":"invalid_grant","error_description":"Maximum allowed refresh token reuse exceeded"}')
        ?.reason,
    ).toBe('reused');
    expect(
      kind('{"error":"invalid_grant","error_description":"Token has been expired or revoked."}')?.reason,
    ).toBeUndefined();
    expect(kind('{"error":"invalid_client","error_description":"Invalid client credentials"}')?.kind).toBe(
      'client-auth-failed',
    );
    expect(kind('{"error":"invalid_scope"}')?.kind).toBe('token-request-rejected');
  });
});

describe('the chain from a failed refresh to the API failure', () => {
  it('ranks the failed refresh first, the expired token second', () => {
    expect(top({ history: [failedRefresh()], exchange: apiFailure(apiToken()) }).slice(0, 2)).toEqual([
      'refresh-failed',
      'token-expired',
    ]);
  });

  it('links by client when the issuer differs', () => {
    const token = apiToken({ iss: 'https://other.example.com/' });
    expect(top({ history: [failedRefresh()], exchange: apiFailure(token) })[0]).toBe('refresh-failed');
  });

  it('does not link a refresh that failed for another issuer and client', () => {
    const google = failedRefresh('https://oauth2.googleapis.com/token', '123.apps.googleusercontent.com');
    expect(top({ history: [google], exchange: apiFailure(apiToken()) })).not.toContain('refresh-failed');
  });

  it('does not link a failure long after the refresh', () => {
    const history = [
      failedRefresh(),
      ...Array.from({ length: 6 }, () => ({
        url: 'https://cdn.example.com/a.js',
        status: 200,
        failed: false,
      })),
    ];
    expect(top({ history, exchange: apiFailure(apiToken()) })).not.toContain('refresh-failed');
  });

  it('is broken by a successful refresh after the failed one', () => {
    const success = {
      ...failedRefresh(),
      status: 200,
      body: JSON.stringify({
        access_token: apiToken({ iat: NOW_S - 30, exp: NOW_S + 270 }),
        expires_in: 300,
      }),
    };
    expect(top({ history: [failedRefresh(), success], exchange: apiFailure(apiToken()) })).not.toContain(
      'refresh-failed',
    );
  });
});

describe('a successful refresh, then the old token', () => {
  it('is stale-token with the refresh as evidence', () => {
    const fresh = apiToken({ iat: NOW_S - 60, exp: NOW_S + 240 });
    const success = {
      ...failedRefresh(),
      status: 200,
      body: JSON.stringify({ access_token: fresh, expires_in: 300 }),
    };
    const outcome = runFixture({
      name: 't',
      source: 't',
      expectTop: 'stale-token',
      history: [success],
      exchange: apiFailure(apiToken()),
    });
    expect(outcome.ranked[0]).toBe('stale-token');
    expect(outcome.diagnosis.causes[0]?.evidence[0]?.text).toMatch(
      /refresh, client shop-web\) → 200 issued a new token/,
    );
  });

  it('is not stale when the app sends the new token', () => {
    const fresh = apiToken({ iat: NOW_S - 60, exp: NOW_S + 240 });
    const success = {
      ...failedRefresh(),
      status: 200,
      body: JSON.stringify({ access_token: fresh, expires_in: 300 }),
    };
    expect(
      top({ history: [success], exchange: { ...apiFailure(fresh), status: 403, response: {} } }),
    ).not.toContain('stale-token');
  });
});

describe('issuerServes', () => {
  it('matches realms, tenants and provider families', () => {
    expect(issuerServes(ISSUER, KEYCLOAK)).toBe(true);
    expect(issuerServes('https://sso.example.com/realms/other', KEYCLOAK)).toBe(false);
    expect(issuerServes('https://t.eu.auth0.com/', 'https://t.eu.auth0.com/oauth/token')).toBe(true);
    expect(
      issuerServes(
        'https://sts.windows.net/72f988bf/',
        'https://login.microsoftonline.com/72f988bf/oauth2/v2.0/token',
      ),
    ).toBe(true);
    expect(
      issuerServes(
        'https://login.microsoftonline.com/aaaa/v2.0',
        'https://login.microsoftonline.com/bbbb/oauth2/v2.0/token',
      ),
    ).toBe(false);
    expect(
      issuerServes(
        'https://securetoken.google.com/my-app',
        'https://securetoken.googleapis.com/v1/token?key=k',
      ),
    ).toBe(true);
    expect(
      issuerServes(
        'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab',
        'https://cognito-idp.eu-west-1.amazonaws.com/',
      ),
    ).toBe(true);
  });
});
