import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../test/make-exchange.ts';
import { mintJwt } from '../../test/mint-jwt.ts';
import { CAUSE_IDS } from './causes/cause.ts';
import { diagnose } from './diagnose.ts';

/**
 * Totality: whatever a page or server sends, the engine returns a diagnosis and never throws.
 * PROPERTY_RUNS sets the number of cases (the bar is 100,000; `npm test` runs that).
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 100_000);
const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

/** Strings that look like what servers and apps send, and mutations of them. */
const seeds = [
  'Bearer ',
  'Basic ',
  'DPoP ',
  'AWS4-HMAC-SHA256 Credential=',
  'eyJ',
  mintJwt({ sub: 'u', exp: 1 }),
  'error="invalid_token"',
  '{"ok":false,"error":"invalid_auth"}',
  '<Error><Code>SignatureDoesNotMatch</Code>',
  'Signature expired: 20151221T200419Z is now earlier than 20151221T201450Z (20151221T201950Z - 5 min.)',
];
const fragment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...seeds),
);
const text = fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join(''));

describe('diagnose is total', () => {
  it(`returns a ranked diagnosis for ${RUNS.toLocaleString('en')} arbitrary exchanges`, () => {
    fc.assert(
      fc.property(
        fc.record({
          method: fc.constantFrom('GET', 'POST', 'OPTIONS', 'DELETE'),
          status: fc.constantFrom(200, 400, 401, 403, 419, 440, 498, 499, 500),
          authorization: text,
          apiKey: fc.option(text, { nil: undefined }),
          challenge: text,
          date: fc.oneof(
            text,
            fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
          ),
          body: text,
        }),
        (input) => {
          const exchange = makeExchange({
            method: input.method,
            status: input.status,
            request: {
              authorization: input.authorization,
              ...(input.apiKey ? { 'x-api-key': input.apiKey } : {}),
            },
            response: { 'www-authenticate': input.challenge, date: input.date },
            body: input.body,
            failed: input.status !== 200,
          });
          const diagnosis = diagnose(exchange, { now: NOW, history: [exchange] });
          if (exchange.failed) expect(diagnosis.causes.length).toBeGreaterThan(0);
          for (const cause of diagnosis.causes) {
            expect(CAUSE_IDS).toContain(cause.id);
            // A detector that threw is caught and listed with score -1: that is a bug here.
            expect(cause.score, cause.title).not.toBe(-1);
          }
        },
      ),
      { numRuns: RUNS, seed: 20261121 },
    );
  }, 300_000);
});
