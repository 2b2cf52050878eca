import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../../test/make-exchange.ts';
import { diagnose } from '../diagnose.ts';
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
