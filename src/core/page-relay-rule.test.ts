import { describe, expect, it } from 'vitest';
import { isAuthFailure } from './auth-failure.ts';
import { mayReadBody, worthRelaying } from './page-relay-rule.ts';

describe('the page observer: what it reads and relays', () => {
  it('reads error bodies except missing pages, rate limits and gateway failures, and small JSON 200s', () => {
    for (const status of [400, 401, 403, 419, 422, 499, 500])
      expect(mayReadBody(status, 'text/html', null)).toBe(true);
    for (const status of [404, 429, 502, 503])
      expect(mayReadBody(status, 'application/json', null)).toBe(false);
    expect(mayReadBody(200, 'application/json', '120')).toBe(true);
    expect(mayReadBody(200, 'application/json', '90000')).toBe(false);
    expect(mayReadBody(200, 'text/html', null)).toBe(false);
    expect(mayReadBody(302, 'application/json', null)).toBe(false);
  });

  it('relays every watched status, and other answers only when they might speak of a credential', () => {
    expect(worthRelaying(401, undefined)).toBe(true);
    expect(worthRelaying(200, '{"data":{"me":{"name":"ana"}}}')).toBe(false);
    expect(worthRelaying(200, '{"errors":[{"message":"x","extensions":{"code":"UNAUTHENTICATED"}}]}')).toBe(
      true,
    );
    expect(worthRelaying(500, 'TypeError: x is undefined')).toBe(false);
  });

  it('relays everything the worker would call a failure (the page filter is a superset)', () => {
    const bodies: [number, string][] = [
      [200, '{"errors":[{"message":"Context creation failed: jwt expired"}]}'],
      [
        200,
        '{"errors":[{"message":"Not Authorized to access getPost on type Query","errorType":"Unauthorized"}]}',
      ],
      [200, '{"ok":false,"error":"invalid_auth"}'],
      [
        400,
        '{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}',
      ],
      [422, '{"msg":"Not enough segments"}'],
      [500, 'TokenExpiredError: jwt expired'],
      [400, '{"error":{"code":"PGRST301","message":"JWT expired"}}'],
      [403, '{"code":"rest_cookie_invalid_nonce","message":"Cookie check failed"}'],
    ];
    for (const [status, text] of bodies) {
      if (isAuthFailure({ status, responseBody: { text, truncated: false } })) {
        expect(worthRelaying(status, text), text).toBe(true);
      }
    }
  });
});
