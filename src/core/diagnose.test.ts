import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../test/make-exchange.ts';
import { epochSeconds, mintJwt } from '../../test/mint-jwt.ts';
import { diagnose } from './diagnose.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const MIN = 60_000;
const causeIds = (input: Parameters<typeof makeExchange>[0], now = NOW) =>
  diagnose(makeExchange(input), { now }).causes.map((cause) => cause.id);

describe('diagnose', () => {
  it('ranks token-expired first for an expired JWT refused with invalid_token (RFC 6750 §3)', () => {
    const token = mintJwt({ sub: 'u1', iat: epochSeconds(NOW - 65 * MIN), exp: epochSeconds(NOW - 5 * MIN) });
    const diagnosis = diagnose(
      makeExchange({
        status: 401,
        request: { authorization: `Bearer ${token}` },
        response: {
          'www-authenticate':
            'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
          date: new Date(NOW).toUTCString(),
        },
      }),
      { now: NOW },
    );
    expect(diagnosis.causes.map((cause) => cause.id)).toEqual(['token-expired', 'token-rejected']);
    expect(diagnosis.causes[0]?.title).toBe('The token expired 5 min ago');
    expect(diagnosis.causes[0]?.confidence).toBe('high');
    expect(diagnosis.credentials[0]).toMatchObject({
      header: 'authorization',
      scheme: 'Bearer',
      kind: 'JWT (HS256)',
    });
    expect(diagnosis.credentials[0]?.masked).not.toContain(token.slice(10, 30));
  });

  it('names token-missing for a bare challenge (RFC 6750 §3.1)', () => {
    expect(causeIds({ status: 401, response: { 'www-authenticate': 'Bearer realm="example"' } })).toEqual([
      'token-missing',
    ]);
  });

  it('names token-placeholder for "Bearer undefined" above everything else', () => {
    expect(
      causeIds({
        status: 401,
        request: { authorization: 'Bearer undefined' },
        response: { 'www-authenticate': 'Bearer error="invalid_token"' },
      })[0],
    ).toBe('token-placeholder');
  });

  it('names token-placeholder alone for "Authorization: null" (Stripe)', () => {
    expect(causeIds({ status: 401, request: { authorization: 'null' } })).toEqual([
      'token-placeholder',
      'token-rejected',
    ]);
  });

  it('names malformed-header for a doubled scheme and still decodes the token', () => {
    const token = mintJwt({ exp: epochSeconds(NOW + 60 * MIN) });
    const diagnosis = diagnose(
      makeExchange({ status: 401, request: { authorization: `Bearer Bearer ${token}` } }),
      {
        now: NOW,
      },
    );
    expect(diagnosis.causes[0]?.id).toBe('malformed-header');
    expect(diagnosis.facts.jwt?.kind).toBe('jws');
    // The evidence shows the header's shape with the token masked, as the UI shows it until revealed.
    const evidence = diagnosis.causes[0]?.evidence.map((item) => item.text).join('\n') ?? '';
    expect(evidence).toContain('Authorization: Bearer Bearer eyJ••••••');
    expect(evidence).not.toContain(token);
    expect(evidence).not.toContain(token.split('.')[1]);
  });

  it('names malformed-token for a truncated JWT', () => {
    const token = mintJwt({ sub: 'u1' });
    expect(causeIds({ status: 401, request: { authorization: `Bearer ${token.slice(0, 30)}.x.y` } })[0]).toBe(
      'malformed-token',
    );
  });

  it('names token-not-yet-valid for an nbf in the future', () => {
    const token = mintJwt({ nbf: epochSeconds(NOW + 10 * MIN), exp: epochSeconds(NOW + 70 * MIN) });
    expect(causeIds({ status: 401, request: { authorization: `Bearer ${token}` } })[0]).toBe(
      'token-not-yet-valid',
    );
  });

  it('names clock-skew when the token is valid by our clock but expired by the server Date', () => {
    const token = mintJwt({ exp: epochSeconds(NOW + 5 * MIN) });
    const ids = causeIds({
      status: 401,
      request: { authorization: `Bearer ${token}` },
      response: {
        date: new Date(NOW + 15 * MIN).toUTCString(),
        'www-authenticate': 'Bearer error="invalid_token"',
      },
    });
    expect(ids.slice(0, 2)).toEqual(['clock-skew', 'token-expired']);
  });

  it('names insufficient-scope and the missing scope', () => {
    const token = mintJwt({ scope: 'read:users', exp: epochSeconds(NOW + 60 * MIN) });
    const diagnosis = diagnose(
      makeExchange({
        status: 403,
        request: { authorization: `Bearer ${token}` },
        response: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="read:users write:users"' },
      }),
      { now: NOW },
    );
    expect(diagnosis.causes.map((cause) => cause.id)).toEqual(['insufficient-scope']);
    expect(diagnosis.causes[0]?.title).toContain('write:users');
  });

  it('reads an expiry statement from a JSON body (node-jsonwebtoken "jwt expired") and quotes it', () => {
    const [top] = diagnose(
      makeExchange({
        status: 401,
        request: { authorization: 'Bearer opaque-token-value-123456' },
        body: '{"name":"TokenExpiredError","message":"jwt expired"}',
      }),
      { now: NOW },
    ).causes;
    expect(top?.id).toBe('token-expired');
    expect(top?.evidence).toEqual([{ source: 'response-body', text: 'jwt expired' }]);
  });

  it('quotes an expiry statement from the challenge as a response header', () => {
    const [top] = diagnose(
      makeExchange({
        status: 401,
        request: { authorization: 'Bearer opaque-token-value-123456' },
        response: {
          'www-authenticate': 'Bearer error="invalid_token", error_description="The token expired at 10:00"',
        },
      }),
      { now: NOW },
    ).causes;
    expect(top?.evidence).toContainEqual({
      source: 'response-header',
      text: 'WWW-Authenticate: invalid_token — The token expired at 10:00',
    });
  });

  it('falls back to token-rejected when a credential was refused without a stated reason', () => {
    expect(causeIds({ status: 401, request: { authorization: 'Bearer opaque-token-value-123456' } })).toEqual(
      ['token-rejected'],
    );
  });

  it("reads a bare 419 as Laravel's CSRF failure before a missing token", () => {
    expect(causeIds({ status: 419 })).toEqual(['csrf-token-invalid', 'token-missing']);
  });

  it('says unknown, and what it checked, for a bare 403 with no credential and no challenge', () => {
    const [only, ...rest] = diagnose(makeExchange({ status: 403, body: '<h1>Forbidden</h1>' }), {
      now: NOW,
    }).causes;
    expect(rest).toEqual([]);
    expect(only?.id).toBe('unknown');
    expect(only?.evidence[0]?.text).toContain('Checked: credential headers (0 sent)');
  });

  it('returns no causes for an exchange that did not fail', () => {
    expect(causeIds({ status: 200, request: { authorization: 'Bearer abc' }, failed: false })).toEqual([]);
  });

  it('describes Basic credentials by user, never by password', () => {
    const basic = Buffer.from('alice:s3cret').toString('base64');
    const diagnosis = diagnose(makeExchange({ status: 401, request: { authorization: `Basic ${basic}` } }), {
      now: NOW,
    });
    expect(diagnosis.credentials[0]?.kind).toBe('Basic (user "alice")');
    expect(JSON.stringify(diagnosis.causes)).not.toContain('s3cret');
  });

  it('never throws on hostile input', () => {
    for (const value of [
      '',
      ' ',
      'Bearer eyJ',
      'eyJ.eyJ.',
      '\u202e\u200bBearer x',
      `Bearer ${'a.'.repeat(5000)}`,
    ]) {
      expect(() =>
        diagnose(
          makeExchange({
            status: 401,
            request: { authorization: value },
            response: { 'www-authenticate': value, date: value },
            body: value,
          }),
          { now: NOW },
        ),
      ).not.toThrow();
    }
  });
});
