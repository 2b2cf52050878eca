import { describe, expect, it } from 'vitest';
import { readServiceSignals } from './services.ts';
import { only, response, triples } from './signal-test-helpers.ts';

const read = (body: object | string, status = 401, headers: Record<string, string> = {}) =>
  readServiceSignals(response({ status, body, headers }));

describe('readServiceSignals: GitHub', () => {
  it('reads "Bad credentials" as invalid, with the documentation link', () => {
    const s = only(
      read({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }),
    );
    expect(s).toEqual({
      family: 'github',
      kind: 'invalid',
      message: 'Bad credentials',
      where: 'response-body',
      details: { uri: 'https://docs.github.com/rest' },
    });
  });

  it('reads "Requires authentication" and "Must authenticate to access this API." as missing', () => {
    const docs = 'https://docs.github.com/rest/users/users#get-the-authenticated-user';
    expect(only(read({ message: 'Requires authentication', documentation_url: docs })).kind).toBe(
      'missing-credential',
    );
    expect(only(read({ message: 'Must authenticate to access this API.' })).kind).toBe('missing-credential');
  });

  it('reads a token lacking a permission with the scopes from the headers', () => {
    const s = only(
      read(
        {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest',
        },
        403,
        {
          'X-OAuth-Scopes': 'repo, user',
          'X-Accepted-OAuth-Scopes': 'admin:org',
        },
      ),
    );
    expect(s.kind).toBe('insufficient-scope');
    expect(s.details).toEqual({
      requiredScopes: ['admin:org'],
      grantedScopes: ['repo', 'user'],
      uri: 'https://docs.github.com/rest',
    });
  });
});

describe('readServiceSignals: Discord', () => {
  it('reads {"message": "401: Unauthorized", "code": 0} as invalid (a bot token without "Bot ")', () => {
    expect(only(read('{"message": "401: Unauthorized", "code": 0}'))).toEqual({
      family: 'discord',
      kind: 'invalid',
      code: '0',
      message: '401: Unauthorized',
      where: 'response-body',
    });
  });

  it('reads JSON error 50014 and ignores other messages with code 0', () => {
    expect(triples(read({ message: 'Invalid authentication token provided', code: 50014 }))).toEqual([
      { family: 'discord', kind: 'invalid', code: '50014' },
    ]);
    expect(read({ message: 'Unknown Channel', code: 0 }, 404)).toEqual([]);
  });
});

describe('readServiceSignals: Slack (HTTP 200)', () => {
  const slack = (error: string, extra: object = {}) => read({ ok: false, error, ...extra }, 200);

  it('reads each auth error code', () => {
    const cases: [string, string][] = [
      ['not_authed', 'missing-credential'],
      ['invalid_auth', 'invalid'],
      ['token_revoked', 'revoked'],
      ['account_inactive', 'revoked'],
      ['token_expired', 'expired'],
      ['not_allowed_token_type', 'wrong-scheme'],
    ];
    for (const [error, kind] of cases)
      expect(triples(slack(error))).toEqual([{ family: 'slack', kind, code: error }]);
  });

  it('reads missing_scope with the needed and provided scopes', () => {
    const s = only(slack('missing_scope', { needed: 'chat:write:bot', provided: 'identify,bot' }));
    expect(s).toEqual({
      family: 'slack',
      kind: 'insufficient-scope',
      code: 'missing_scope',
      message: 'missing_scope',
      where: 'response-body',
      details: { requiredScopes: ['chat:write:bot'], grantedScopes: ['identify', 'bot'] },
    });
  });

  it('takes the scopes from the X-OAuth-Scopes headers when the body has none', () => {
    const input = response({
      status: 200,
      body: { ok: false, error: 'missing_scope' },
      headers: { 'x-oauth-scopes': 'channels:read,chat:write', 'x-accepted-oauth-scopes': 'users:read' },
    });
    expect(only(readServiceSignals(input)).details).toEqual({
      requiredScopes: ['users:read'],
      grantedScopes: ['channels:read', 'chat:write'],
    });
  });

  it('ignores successful and non-auth answers', () => {
    expect(read({ ok: true, error: 'invalid_auth' }, 200)).toEqual([]);
    expect(slack('channel_not_found')).toEqual([]);
  });
});

describe('readServiceSignals: Stripe', () => {
  const stripe = (message: string, extra: object = {}) =>
    read({ error: { message, type: 'invalid_request_error', ...extra } });

  it('reads "Invalid API Key provided" as invalid', () => {
    const s = only(stripe('Invalid API Key provided: sk_test_****Aso0'));
    expect(triples([s])).toEqual([{ family: 'stripe', kind: 'invalid' }]);
    expect(s.message).toBe('Invalid API Key provided: sk_test_****Aso0');
  });

  it('reads both "You did not provide an API key" texts as missing', () => {
    expect(only(stripe('You did not provide an API key.')).kind).toBe('missing-credential');
    expect(
      only(
        stripe(
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
        ),
      ).kind,
    ).toBe('missing-credential');
  });

  it('reads an expired key by its code, and a publishable key as the wrong kind', () => {
    const expired = stripe('Expired API Key provided: sk_live_*********************xxxx', {
      code: 'api_key_expired',
      doc_url: 'https://stripe.com/docs/error-codes/api-key-expired',
    });
    expect(only(expired)).toMatchObject({
      kind: 'expired',
      code: 'api_key_expired',
      details: { uri: 'https://stripe.com/docs/error-codes/api-key-expired' },
    });
    expect(
      only(stripe('This API call cannot be made with a publishable API key. Please use a secret API key.'))
        .kind,
    ).toBe('wrong-scheme');
  });

  it('ignores other Stripe errors', () => {
    expect(
      read({ error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } }, 402),
    ).toEqual([]);
  });
});
