import { describe, expect, it } from 'vitest';
import { isAuthFailure } from './auth-failure.ts';
import type { HeaderEntry } from './exchange.ts';

const body = (text: string) => ({ text, truncated: false });
const json = (status: number, value: unknown) => ({ status, responseBody: body(JSON.stringify(value)) });
const challenge = (value: string): HeaderEntry[] => [{ name: 'www-authenticate', value }];

describe('isAuthFailure', () => {
  it('counts the authentication statuses on their own', () => {
    for (const status of [401, 403, 419, 440, 498]) expect(isAuthFailure({ status })).toBe(true);
    for (const status of [200, 204, 302, 400, 404, 500]) expect(isAuthFailure({ status })).toBe(false);
  });

  it('counts a Slack 200 whose body says invalid_auth (Slack Web API error format)', () => {
    expect(isAuthFailure(json(200, { ok: false, error: 'invalid_auth' }))).toBe(true);
    expect(isAuthFailure(json(200, { ok: true, channels: [] }))).toBe(false);
  });

  it('counts an AWS JSON-protocol 400 for an unrecognised client', () => {
    const aws = {
      __type: 'com.amazon.coral.service#UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    };
    expect(isAuthFailure(json(400, aws))).toBe(true);
    expect(isAuthFailure(json(400, { error: 'missing field name' }))).toBe(false);
  });

  it('counts an Esri token error served with 200', () => {
    expect(isAuthFailure(json(200, { error: { code: 498, message: 'Invalid Token', details: [] } }))).toBe(
      true,
    );
  });

  it('honours a custom status set, even when the body or challenge speaks of the credential', () => {
    expect(isAuthFailure({ status: 401 }, new Set([403]))).toBe(false);
    const scope = [{ name: 'www-authenticate', value: 'Bearer error="insufficient_scope"' }];
    expect(isAuthFailure({ status: 403, responseHeaders: scope }, new Set([401]))).toBe(false);
    expect(isAuthFailure({ status: 400, responseHeaders: scope }, new Set([401]))).toBe(true);
  });

  it('scans only the start of a huge body for vendor codes', () => {
    expect(isAuthFailure({ status: 200, responseBody: body(`${'x'.repeat(100_000)}invalid_auth`) })).toBe(
      false,
    );
  });
});

describe('isAuthFailure by meaning, whatever the status', () => {
  it('counts a GraphQL 200 whose errors say UNAUTHENTICATED or FORBIDDEN (Apollo Server error codes)', () => {
    const unauthenticated = {
      errors: [{ message: 'You must be logged in', extensions: { code: 'UNAUTHENTICATED' } }],
      data: null,
    };
    const forbidden = {
      errors: [
        { message: 'Not allowed to read Invoice', path: ['invoice'], extensions: { code: 'FORBIDDEN' } },
      ],
      data: { invoice: null },
    };
    expect(isAuthFailure(json(200, unauthenticated))).toBe(true);
    expect(isAuthFailure(json(200, forbidden))).toBe(true);
  });

  it('counts a GraphQL 200 whose only word is the message (Hasura invalid-jwt)', () => {
    const hasura = {
      errors: [
        { extensions: { path: '$', code: 'invalid-jwt' }, message: 'Could not verify JWT: JWTExpired' },
      ],
    };
    expect(isAuthFailure(json(200, hasura))).toBe(true);
  });

  it('leaves a GraphQL 200 with an ordinary error alone, and its data unread', () => {
    const validation = { errors: [{ message: 'Cannot query field "nme" on type "User".' }] };
    const data = { data: { post: { title: 'Why your token expired', author: 'ana' } } };
    expect(isAuthFailure(json(200, validation))).toBe(false);
    expect(isAuthFailure(json(200, data))).toBe(false);
  });

  it('counts a 400 whose challenge states an error (RFC 6750 §3.1 invalid_request)', () => {
    expect(
      isAuthFailure({
        status: 400,
        responseHeaders: challenge(
          'Bearer realm="api", error="invalid_request", error_description="bad header"',
        ),
      }),
    ).toBe(true);
    expect(isAuthFailure({ status: 400, responseHeaders: challenge('Bearer realm="api"') })).toBe(false);
  });

  it('counts a 422 for a malformed Authorization header (Flask-JWT-Extended)', () => {
    const flask = { msg: "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'" };
    expect(isAuthFailure(json(422, flask))).toBe(true);
    expect(isAuthFailure(json(422, { msg: 'Field "email" is not a valid address' }))).toBe(false);
  });

  it('counts a 500 page for an unhandled TokenExpiredError, not an ordinary 500', () => {
    const page =
      '<pre>TokenExpiredError: jwt expired<br> &nbsp; &nbsp;at /app/node_modules/jsonwebtoken/verify.js:152:21</pre>';
    expect(isAuthFailure({ status: 500, responseBody: body(page) })).toBe(true);
    expect(isAuthFailure({ status: 500, responseBody: body('<pre>TypeError: x is undefined</pre>') })).toBe(
      false,
    );
  });

  it('never counts a redirect, whatever its body says', () => {
    expect(isAuthFailure({ status: 302, responseBody: body('{"error":"invalid_token"}') })).toBe(false);
  });

  it('does not mistake a card or an order for a credential', () => {
    expect(
      isAuthFailure(json(402, { error: { message: 'Your card has expired.', code: 'expired_card' } })),
    ).toBe(false);
    expect(isAuthFailure(json(400, { message: 'The order was deleted' }))).toBe(false);
  });
});
