import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate } from './parse-www-authenticate.ts';
import { readServerSignals } from './read-server-signals.ts';
import type { SignalInput } from './server-signal.ts';
import { response, triples } from './signal-test-helpers.ts';

describe('readServerSignals', () => {
  it('returns nothing for a response that says nothing', () => {
    expect(readServerSignals(response({ status: 200, body: '{"data":[]}' }))).toEqual([]);
    expect(readServerSignals(response({ status: 500 }))).toEqual([]);
  });

  it('puts challenge statements before body statements', () => {
    // An API behind ASP.NET Core JwtBearer whose error handler also writes a Graph-style body.
    const input = response({
      headers: {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description="The audience 'api://other' is invalid"`,
      },
      body: {
        error: {
          code: 'InvalidAuthenticationToken',
          message: 'Lifetime validation failed, the token is expired.',
        },
      },
    });
    const signals = readServerSignals(input);
    expect(triples(signals)).toEqual([
      { family: 'microsoft', kind: 'wrong-audience', code: 'invalid_token' },
      { family: 'microsoft', kind: 'expired', code: 'InvalidAuthenticationToken' },
    ]);
    expect(signals.map((s) => s.where)).toEqual(['response-header', 'response-body']);
  });

  it('collapses the rfc6750 and vendor readings of one description, pooling their details', () => {
    const input = response({
      headers: {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description="The token expired at '05/11/2026 19:45:32'", error_uri="https://learn.microsoft.com/x"`,
      },
    });
    expect(readServerSignals(input)).toEqual([
      {
        family: 'microsoft',
        kind: 'expired',
        code: 'invalid_token',
        message: "The token expired at '05/11/2026 19:45:32'",
        where: 'response-header',
        details: { uri: 'https://learn.microsoft.com/x' },
      },
    ]);
  });

  it('keeps the standard reading when no vendor recognises the description', () => {
    const input = response({
      headers: {
        'WWW-Authenticate':
          'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
      },
    });
    expect(triples(readServerSignals(input))).toEqual([
      { family: 'rfc6750', kind: 'expired', code: 'invalid_token' },
    ]);
  });

  it('reads challenge and body speaking together (express-oauth2-jwt-bearer with a JSON error handler)', () => {
    const input = response({
      headers: {
        'WWW-Authenticate':
          'Bearer realm="api", error="invalid_token", error_description="\\"exp\\" claim timestamp check failed"',
      },
      body: { error: 'invalid_token', message: '"exp" claim timestamp check failed' },
    });
    const signals = readServerSignals(input);
    expect(triples(signals)).toEqual([
      { family: 'jose', kind: 'expired', code: 'invalid_token' },
      { family: 'jose', kind: 'expired' },
    ]);
  });

  it('removes identical entries', () => {
    // Two identical challenges (a proxy repeating the header) state one thing.
    const input = response({
      headers: {
        'WWW-Authenticate': [
          'Bearer error="insufficient_scope", scope="read"',
          'Bearer error="insufficient_scope", scope="read"',
        ],
      },
      status: 403,
    });
    expect(triples(readServerSignals(input))).toEqual([
      { family: 'rfc6750', kind: 'insufficient-scope', code: 'insufficient_scope' },
    ]);
  });

  it('uses the generic matchers only for kinds no family stated', () => {
    const cognito = response({ body: { message: 'The incoming token has expired' } });
    expect(triples(readServerSignals(cognito))).toEqual([{ family: 'cognito', kind: 'expired' }]);
    const unknown = response({ body: { message: 'Access token expired, please sign in again' } });
    expect(triples(readServerSignals(unknown))).toEqual([{ family: 'generic', kind: 'expired' }]);
  });

  it('drops a generic "invalid" once a family explained the body', () => {
    // Esri "Invalid Token" is Esri's statement; the generic /invalid token/ adds nothing.
    const esri = response({
      status: 200,
      body: { error: { code: 498, message: 'Invalid Token', details: [] } },
    });
    expect(triples(readServerSignals(esri))).toEqual([{ family: 'esri', kind: 'invalid', code: '498' }]);
    const drf = response({ body: { detail: 'Token is invalid or expired', code: 'token_not_valid' } });
    expect(triples(readServerSignals(drf))).toEqual([
      { family: 'drf', kind: 'invalid', code: 'token_not_valid' },
    ]);
  });

  it("reads Slack's HTTP 200 answer end to end", () => {
    const input = response({ status: 200, body: { ok: false, error: 'invalid_auth' } });
    expect(triples(readServerSignals(input))).toEqual([
      { family: 'slack', kind: 'invalid', code: 'invalid_auth' },
    ]);
  });

  it('reads only the first 16 KiB of the body', () => {
    const late = response({ body: `${' '.repeat(17_000)}jwt expired` });
    expect(readServerSignals(late)).toEqual([]);
    const early = response({ body: `jwt expired${' '.repeat(17_000)}` });
    expect(triples(readServerSignals(early))).toEqual([{ family: 'node-jsonwebtoken', kind: 'expired' }]);
  });

  it('keeps every message within 300 characters', () => {
    const long = `IDX10503: Signature validation failed. Keys tried: '${'k'.repeat(2000)}'.`;
    const input = response({
      body: long,
      headers: {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description="${'The signature is invalid; '.repeat(40)}"`,
      },
    });
    const signals = readServerSignals(input);
    expect(signals.length).toBeGreaterThan(1);
    for (const s of signals) expect(s.message.length).toBeLessThanOrEqual(300);
  });

  it('still returns the other families when one reader throws', () => {
    // A challenge whose list throws on access breaks every reader that looks at it; AWS reads the body.
    const hostile = {
      get challenges(): never {
        throw new Error('boom');
      },
      problems: [],
      truncated: false,
    };
    const base = response({
      status: 400,
      body: {
        __type: 'ExpiredTokenException',
        message: 'The security token included in the request is expired',
      },
    });
    const input: SignalInput = { ...base, challenge: hostile as unknown as SignalInput['challenge'] };
    expect(triples(readServerSignals(input))).toEqual([
      { family: 'aws', kind: 'aws-expired-credentials', code: 'ExpiredTokenException' },
    ]);
  });

  it('accepts a challenge built by parseWwwAuthenticate from several header fields', () => {
    const input: SignalInput = {
      status: 401,
      headers: [{ name: 'dpop-nonce', value: 'n-1' }],
      challenge: parseWwwAuthenticate(['Bearer realm="api"', 'DPoP error="use_dpop_nonce", algs="ES256"']),
    };
    expect(readServerSignals(input)).toEqual([
      {
        family: 'rfc9449',
        kind: 'dpop-nonce',
        code: 'use_dpop_nonce',
        message: 'DPoP error="use_dpop_nonce", algs="ES256"',
        where: 'response-header',
        details: { nonce: 'n-1' },
      },
    ]);
  });
});
