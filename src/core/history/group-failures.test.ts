import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../../test/make-exchange.ts';
import { diagnose } from '../diagnose.ts';
import { credentialKey } from './credential-key.ts';
import { groupFailures } from './group-failures.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const failure = (id: string, url: string, authorization?: string) => {
  const exchange = {
    ...makeExchange({ status: 401, url, request: authorization ? { authorization } : {} }),
    id,
  };
  return { exchange, diagnosis: diagnose(exchange, { now: NOW }) };
};

describe('groupFailures', () => {
  it('folds repeats of the same failure and keeps the newest first', () => {
    const list = [
      failure('n3', 'https://api.example.com/me?try=3', 'Bearer a-token-value-0001'),
      failure('n2', 'https://api.example.com/orders', 'Bearer a-token-value-0001'),
      failure('n1', 'https://api.example.com/me?try=1', 'Bearer a-token-value-0001'),
      failure('n0', 'https://api.example.com/me', 'Bearer another-token-0002'),
    ];
    const groups = groupFailures(list);
    expect(groups.map((group) => [group.newest.exchange.id, group.count])).toEqual([
      ['n3', 2],
      ['n2', 1],
      ['n0', 1],
    ]);
  });
});

describe('credentialKey', () => {
  it('treats every request signed with one AWS key as one credential, and counts URL tokens', () => {
    const signed = (signature: string) =>
      makeExchange({
        status: 200,
        request: {
          authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261121/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${signature}`,
        },
      });
    expect(credentialKey(signed('a'.repeat(64)))).toBe(credentialKey(signed('b'.repeat(64))));
    const inUrl = makeExchange({ status: 401, url: 'https://api.example.com/v1/me?access_token=abc123' });
    expect(credentialKey(inUrl)).toMatch(/^[0-9a-f]{16}$/);
    expect(credentialKey(makeExchange({ status: 401 }))).toBeUndefined();
  });

  it('follows a record whose headers were replaced when it was joined with its other view', () => {
    const exchange = makeExchange({ status: 401, request: { authorization: 'Bearer first-token-0001' } });
    const before = credentialKey(exchange);
    exchange.requestHeaders = [{ name: 'authorization', value: 'Bearer second-token-0002' }];
    const after = credentialKey(exchange);
    expect(after).not.toBe(before);
    expect(after).toBe(
      credentialKey(makeExchange({ status: 401, request: { authorization: 'Bearer second-token-0002' } })),
    );
  });
});
