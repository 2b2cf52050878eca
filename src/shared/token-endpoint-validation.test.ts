import { describe, expect, it } from 'vitest';
import { parseObservation } from './messages.ts';

/** What the worker accepts of a page's reading of a token request (the page may forge it). */
const observation = (extra: Record<string, unknown>) => ({
  api: 'fetch',
  method: 'POST',
  url: 'https://sso.example.com/oauth/token',
  status: 400,
  startedAt: 1_700_000_000_000,
  completedAt: 1_700_000_000_100,
  requestHeaders: [],
  responseHeaders: [],
  ...extra,
});

const request = {
  api: 'oauth',
  grantType: 'refresh_token',
  clientId: 'web',
  clientAuth: 'none',
  secrets: [{ field: 'refresh_token', fingerprint: '0123456789abcdef' }, { field: 'password' }],
};

describe('token requests relayed by the page', () => {
  it('are accepted when well formed', () => {
    expect(parseObservation(observation({ tokenRequest: request }))?.tokenRequest).toEqual(request);
  });

  it('are left out when forged out of shape', () => {
    const forged = [
      { ...request, api: 'saml' },
      { ...request, clientAuth: 'mtls' },
      { ...request, grantType: 'x'.repeat(600) },
      { ...request, secrets: [{ field: 'refresh_token', fingerprint: 'the-raw-token-itself' }] },
      { ...request, secrets: Array.from({ length: 17 }, () => ({ field: 'code' })) },
      { ...request, clientId: 42 },
    ];
    // The observation stays (the request happened); the forged reading is left out.
    for (const tokenRequest of forged) {
      const parsed = parseObservation(observation({ tokenRequest }));
      expect(parsed?.url).toBe('https://sso.example.com/oauth/token');
      expect(parsed?.tokenRequest).toBeUndefined();
    }
  });

  it('accept a grant answer only with a token request, with fingerprints only', () => {
    const tokenResponse = {
      accessToken: { fingerprint: 'fedcba9876543210', claims: { iss: 'https://sso', exp: 1_700_000_300 } },
    };
    expect(parseObservation(observation({ status: 200, tokenResponse }))?.tokenResponse).toBeUndefined();
    expect(
      parseObservation(observation({ status: 200, tokenRequest: request, tokenResponse }))?.tokenResponse,
    ).toEqual(tokenResponse);
    const raw = { accessToken: { fingerprint: 'eyJhbGciOiJIUzI1NiJ9.e30.sig' } };
    expect(
      parseObservation(observation({ status: 200, tokenRequest: request, tokenResponse: raw }))
        ?.tokenResponse,
    ).toBeUndefined();
  });
});
