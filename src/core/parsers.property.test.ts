import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCredentials } from './credentials/find-credentials.ts';
import { identifyToken } from './credentials/identify-token.ts';
import { parseAuthorization } from './credentials/parse-authorization.ts';
import { parseWwwAuthenticate } from './signals/parse-www-authenticate.ts';
import { readServerSignals } from './signals/read-server-signals.ts';
import { decodeJwt } from './tokens/decode-jwt.ts';

/**
 * Each parser on its own is total: any string in, a result out, nothing thrown. Inputs mix random
 * text with fragments of real credentials and error bodies so the generators reach deep branches.
 */
const RUNS = Math.max(1000, Math.floor(Number(process.env.PROPERTY_RUNS ?? 100_000) / 5));
const fragments = fc.constantFrom(
  'eyJ',
  'eyJhbGciOiJIUzI1NiJ9',
  '.',
  'Bearer ',
  'Basic ',
  'AWS4-HMAC-SHA256 Credential=ASIA',
  '/20261121/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=',
  'ghp_',
  'xoxb-',
  'sk_live_',
  'sig=',
  '&se=2026-01-01',
  '=',
  '"',
  '\\',
  '{"error":{"code":',
  '<Error><Code>',
  '\u202e',
  '\u200b',
);
const text = fc
  .array(fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fragments), {
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

describe('every parser is total', () => {
  it('decodeJwt, identifyToken and parseAuthorization', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(['jws', 'jwe', 'invalid']).toContain(decodeJwt(value).kind);
        expect(typeof identifyToken(value).description).toBe('string');
        expect(Array.isArray(parseAuthorization(value).problems)).toBe(true);
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });

  it('findCredentials over arbitrary headers and URLs', () => {
    fc.assert(
      fc.property(text, text, text, (authorization, other, query) => {
        const found = findCredentials({
          url: `https://api.example.com/x?access_token=${encodeURIComponent(query)}&X-Amz-Credential=${encodeURIComponent(other)}`,
          headers: [
            { name: 'authorization', value: authorization },
            { name: 'x-api-key', value: other },
            { name: 'dpop', value: other },
            { name: 'x-amz-security-token', value: query },
          ],
        });
        expect(Array.isArray(found)).toBe(true);
      }),
      { numRuns: RUNS, seed: 8 },
    );
  });

  it('readServerSignals over arbitrary challenges, headers and bodies', () => {
    fc.assert(
      fc.property(text, text, fc.constantFrom(200, 400, 401, 403, 419, 498), (challenge, body, status) => {
        const signals = readServerSignals({
          status,
          headers: [
            { name: 'www-authenticate', value: challenge },
            { name: 'x-amzn-errortype', value: body.slice(0, 40) },
          ],
          body,
          challenge: parseWwwAuthenticate(challenge),
        });
        for (const signal of signals) expect(signal.message.length).toBeLessThanOrEqual(300);
      }),
      { numRuns: RUNS, seed: 9 },
    );
  });
});
