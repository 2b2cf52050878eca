/** Every reader against hostile and random input: bounded time, never a throw, well-formed output. */
import { describe, expect, it } from 'vitest';
import { readAwsSignals } from './aws.ts';
import { readCsrfSignals } from './csrf.ts';
import { readJwtLibrarySignals } from './jwt-libraries.ts';
import { readMicrosoftSignals } from './microsoft.ts';
import { readServerSignals } from './read-server-signals.ts';
import { readRfc6750Signals } from './rfc6750.ts';
import type { ServerSignal, SignalInput } from './server-signal.ts';
import { readServiceSignals } from './services.ts';
import { adversarialBodies, randomText, response } from './signal-test-helpers.ts';
import { readStatedSignals } from './stated-reasons.ts';
import { rng } from './www-authenticate-test-helpers.ts';

const READERS: [string, (input: SignalInput) => ServerSignal[]][] = [
  ['rfc6750', readRfc6750Signals],
  ['aws', readAwsSignals],
  ['microsoft', readMicrosoftSignals],
  ['jwt-libraries', readJwtLibrarySignals],
  ['services', readServiceSignals],
  ['csrf', readCsrfSignals],
  ['generic', readStatedSignals],
  ['readServerSignals', readServerSignals],
];

function expectWellFormed(signals: readonly ServerSignal[]): void {
  expect(Array.isArray(signals)).toBe(true);
  for (const s of signals) {
    expect(typeof s.family).toBe('string');
    expect(typeof s.kind).toBe('string');
    expect(s.message.length).toBeLessThanOrEqual(300);
    expect(['response-header', 'response-body']).toContain(s.where);
  }
}

/** The same text as a body, a description, and a header value, on a failure status. */
function hostileInputs(text: string): SignalInput[] {
  const description = text.replace(/["\\]/g, 'x');
  return [
    response({ status: 401, body: text }),
    response({ status: 200, body: text }),
    response({
      status: 401,
      headers: {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"`,
        'x-amzn-ErrorType': text.slice(0, 4096),
        'X-Error': text,
      },
      body: text,
    }),
  ];
}

describe('readers on hostile input', () => {
  // A linear reader takes a few ms on 16 KiB; a backtracking regex takes seconds. The bound is loose so a
  // busy CI machine cannot fail it, and still catches catastrophic backtracking.
  it.each(READERS)('%s reads each 16 KiB adversarial input in under 200 ms', (_name, reader) => {
    reader(response({ body: 'warm up' })); // time the reader, not the JIT
    for (const body of adversarialBodies()) {
      for (const input of hostileInputs(body)) {
        const started = performance.now();
        const signals = reader(input);
        const elapsed = performance.now() - started;
        expectWellFormed(signals);
        expect(elapsed).toBeLessThan(1000);
      }
    }
  });

  it.each(READERS)('%s never throws on random input', (_name, reader) => {
    const next = rng(7);
    for (let round = 0; round < 40; round++) {
      const text = randomText(next, Math.floor(next() * 4000));
      const status = [200, 400, 401, 403, 419, 498][round % 6] ?? 401;
      for (const input of [...hostileInputs(text), response({ status, body: text })]) {
        expect(() => expectWellFormed(reader(input))).not.toThrow();
      }
    }
  });

  it('survives deeply nested, huge and prototype-named JSON', () => {
    const inputs = [
      response({ body: `${'['.repeat(8000)}"jwt expired"${']'.repeat(8000)}` }),
      response({
        body: JSON.stringify({ items: Array.from({ length: 3000 }, (_, i) => `jwt expired ${i}`) }),
      }),
      response({
        body: '{"__proto__":{"error":"invalid_auth"},"constructor":{"prototype":{"ok":false}},"ok":false,"error":"invalid_auth"}',
      }),
    ];
    for (const input of inputs) {
      for (const [, reader] of READERS) expectWellFormed(reader(input));
    }
    expect(({} as Record<string, unknown>).error).toBeUndefined();
    expect(({} as Record<string, unknown>).ok).toBeUndefined();
  });

  it('treats a body that is not a string as absent', () => {
    const input = { ...response({ status: 401 }), body: 42 as unknown as string };
    for (const [, reader] of READERS) expect(reader(input)).toEqual([]);
  });
});
