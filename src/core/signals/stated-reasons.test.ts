import { describe, expect, it } from 'vitest';
import { only, response, triples } from './signal-test-helpers.ts';
import { readStatedSignals } from './stated-reasons.ts';

const read = (body: object | string, status = 401) => readStatedSignals(response({ status, body }));

describe('readStatedSignals: the words of servers no family knows', () => {
  it('reads expiry wordings', () => {
    for (const text of [
      'Token expired',
      'Your token has expired',
      'Expired token',
      'Session expired, please log in again',
      'Token is expired',
    ]) {
      expect(triples(read({ message: text }))).toEqual([{ family: 'generic', kind: 'expired' }]);
    }
  });

  it('reads "not yet valid"', () => {
    expect(only(read('Token not yet valid')).kind).toBe('not-yet-valid');
  });

  it('reads invalid-token wordings', () => {
    for (const text of ['Invalid token', 'Invalid access token', 'Token is invalid', 'token invalid']) {
      expect(only(read({ error: text })).kind).toBe('invalid');
    }
  });

  it('reads the body on 401, 403, 419, 440 and 498', () => {
    for (const status of [401, 403, 419, 440, 498]) expect(read('invalid token', status)).toHaveLength(1);
  });

  it('stays silent on a 200 without an error shape, and on other statuses', () => {
    expect(read('<h1>Why your token expired</h1>', 200)).toEqual([]);
    expect(read({ title: 'Invalid token handling', body: 'docs' }, 200)).toEqual([]);
    expect(read('<p>Token expired? Get a new one on the account page.</p>', 302)).toEqual([]);
  });

  it('reads a 200 whose body has an error field', () => {
    expect(triples(read({ error: 'token_error', error_description: 'Token expired' }, 200))).toEqual([
      { family: 'generic', kind: 'expired' },
    ]);
    expect(triples(read({ success: false, message: 'Invalid token' }, 200))).toEqual([
      { family: 'generic', kind: 'invalid' },
    ]);
  });

  it('reads a 500 that states the reason (an unhandled TokenExpiredError)', () => {
    expect(only(read('TokenExpiredError: jwt expired', 500)).kind).toBe('expired');
  });

  it('names no reason when the server offers alternatives: only that the caller is not authenticated', () => {
    expect(only(read('Invalid or expired token')).kind).toBe('unauthenticated');
    expect(only(read({ message: 'invalid or expired jwt' })).kind).toBe('unauthenticated');
    expect(only(read('missing or malformed jwt', 400)).kind).toBe('unauthenticated');
    expect(
      only(
        read({
          message: 'The access token provided is expired, revoked, malformed or invalid for other reasons.',
        }),
      ).kind,
    ).toBe('unauthenticated');
  });
});

describe('readStatedSignals: one reader for every error shape', () => {
  const kinds = (body: object | string, status = 401) => read(body, status).map((signal) => signal.kind);

  it('reads GraphQL errors[].extensions.code and the message beside it', () => {
    const apollo = {
      errors: [{ message: 'Context creation failed: jwt expired', extensions: { code: 'UNAUTHENTICATED' } }],
    };
    // The extensions object is a statement of its own: both are kept, the reason ranks first.
    expect(kinds(apollo, 200)).toEqual(['expired', 'unauthenticated']);
    const forbidden = {
      errors: [{ message: 'Not allowed', extensions: { code: 'FORBIDDEN' } }],
      data: { me: null },
    };
    expect(kinds(forbidden, 200)).toEqual(['insufficient-scope']);
  });

  it('reads problem+json, snake-case tags, upper-case categories and fault strings', () => {
    expect(
      kinds({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Token is expired' }),
    ).toEqual(['expired']);
    expect(
      kinds({ error_summary: 'expired_access_token/..', error: { '.tag': 'expired_access_token' } }),
    ).toEqual(['expired']);
    expect(
      kinds({
        status: 'error',
        category: 'EXPIRED_AUTHENTICATION',
        message: 'The OAuth token used to make this call expired 2 hour(s) ago.',
      }),
    ).toEqual(['expired']);
    expect(
      kinds({
        fault: { faultstring: 'Invalid access token', detail: { errorcode: 'oauth.v2.InvalidAccessToken' } },
      }),
    ).toEqual(['invalid']);
    expect(
      kinds(
        '<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>',
        400,
      ),
    ).toEqual(['expired']);
  });

  it('lets a code that names a reason beat the sentence, and a sentence beat a category code', () => {
    expect(kinds({ code: 'TOKEN_EXPIRED', message: 'Invalid token' })).toEqual(['expired']);
    expect(
      kinds(
        {
          status: 'PERMISSION_DENIED',
          message: "Permission denied: Consumer 'api_key:x' has been suspended.",
        },
        403,
      ),
    ).toEqual(['revoked']);
  });

  it('reads flags such as invalidToken: true as codes', () => {
    expect(
      kinds({ error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } }, 403),
    ).toEqual(['invalid']);
  });
});
