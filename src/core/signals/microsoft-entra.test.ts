import { describe, expect, it } from 'vitest';
import { readMicrosoftSignals } from './microsoft.ts';
import { readEntraSignals } from './microsoft-entra.ts';
import { only, response, triples } from './signal-test-helpers.ts';

const tokenEndpoint = (json: object) => readEntraSignals(response({ status: 400, body: json }));

describe('readEntraSignals (AADSTS)', () => {
  it('reads AADSTS700082 as expired, quoting the description without its trace ids', () => {
    // Token endpoint answer for a refresh token unused for 90 days (learn.microsoft.com, reference-error-codes).
    const s = only(
      tokenEndpoint({
        error: 'invalid_grant',
        error_description:
          'AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2019-05-07T18:23:10.6893344Z and was inactive for 90.00:00:00.\r\nTrace ID: 5a7fdb8c-6d63-4f3b-b1f6-2a6b4a0c8f00\r\nCorrelation ID: 0d2c8a9e-1f1a-4b9e-9f8e-3e1c2b8f4d11\r\nTimestamp: 2019-08-14 21:13:28Z',
        error_codes: [700082],
        timestamp: '2019-08-14 21:13:28Z',
        trace_id: '5a7fdb8c-6d63-4f3b-b1f6-2a6b4a0c8f00',
        correlation_id: '0d2c8a9e-1f1a-4b9e-9f8e-3e1c2b8f4d11',
        error_uri: 'https://login.microsoftonline.com/error?code=700082',
      }),
    );
    expect(s).toEqual({
      family: 'microsoft',
      kind: 'expired',
      code: 'AADSTS700082',
      message:
        'AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2019-05-07T18:23:10.6893344Z and was inactive for 90.00:00:00.',
      where: 'response-body',
      details: { uri: 'https://login.microsoftonline.com/error?code=700082' },
    });
  });

  it('reads AADSTS500133 past its expiry as expired, with Entra time', () => {
    const s = only(
      tokenEndpoint({
        error: 'invalid_grant',
        error_description:
          'AADSTS500133: Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: 2019-04-10T21:53:20.2000709Z, expiry time of assertion 2019-04-10T21:47:48.0000000Z.\r\nTrace ID: x',
        error_codes: [500133],
      }),
    );
    expect(s.kind).toBe('expired');
    expect(s.details).toEqual({ serverTime: Date.parse('2019-04-10T21:53:20.200Z') });
  });

  it('reads AADSTS500133 before its expiry as clock skew', () => {
    const s = only(
      tokenEndpoint({
        error: 'invalid_grant',
        error_description:
          'AADSTS500133: Assertion is not within its valid time range. Current time: 2019-04-10T21:40:00.0000000Z, expiry time of assertion 2019-04-10T22:47:48.0000000Z.',
        error_codes: [500133],
      }),
    );
    expect(s.kind).toBe('clock-skew');
  });

  it('reads AADSTS50173 as revoked and AADSTS70043 as expired', () => {
    const revoked = tokenEndpoint({
      error: 'invalid_grant',
      error_description:
        'AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
      error_codes: [50173],
    });
    expect(triples(revoked)).toEqual([{ family: 'microsoft', kind: 'revoked', code: 'AADSTS50173' }]);
    const frequency = tokenEndpoint({
      error: 'invalid_grant',
      error_description:
        'AADSTS70043: The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.',
      error_codes: [70043],
    });
    expect(triples(frequency)).toEqual([{ family: 'microsoft', kind: 'expired', code: 'AADSTS70043' }]);
  });

  it('reads AADSTS50076 (MFA required) as step-up', () => {
    const s = only(
      tokenEndpoint({
        error: 'interaction_required',
        error_description:
          'AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access this resource.',
        error_codes: [50076],
      }),
    );
    expect(s.kind).toBe('step-up');
  });

  it('reads an unknown AADSTS code as invalid, keeping the code', () => {
    const s = only(
      tokenEndpoint({
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
        error_codes: [7000215],
      }),
    );
    expect(triples([s])).toEqual([{ family: 'microsoft', kind: 'invalid', code: 'AADSTS7000215' }]);
  });

  it('finds the code in the description when error_codes is missing', () => {
    expect(
      triples(
        tokenEndpoint({
          error: 'invalid_grant',
          error_description:
            'AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.',
        }),
      ),
    ).toEqual([{ family: 'microsoft', kind: 'expired', code: 'AADSTS70008' }]);
  });

  it('finds the code in an HTML error page', () => {
    const html =
      '<html><body><div id="error"><p>Sorry, but we’re having trouble signing you in.</p><p>AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed.</p></div></body></html>';
    const s = only(readEntraSignals(response({ status: 400, body: html })));
    expect(s.code).toBe('AADSTS50173');
    expect(s.message).toBe(
      'AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed.',
    );
  });

  it('does not read a 200 page that merely mentions a code', () => {
    expect(
      readEntraSignals(response({ status: 200, body: '<p>Troubleshooting AADSTS50076 prompts</p>' })),
    ).toEqual([]);
  });

  it('is part of readMicrosoftSignals', () => {
    const input = response({ status: 400, body: { error: 'invalid_grant', error_codes: [700082] } });
    expect(triples(readMicrosoftSignals(input))).toEqual([
      { family: 'microsoft', kind: 'expired', code: 'AADSTS700082' },
    ]);
  });
});
