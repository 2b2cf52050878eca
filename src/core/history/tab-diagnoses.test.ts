import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../../test/make-exchange.ts';
import { mintJwt } from '../../../test/mint-jwt.ts';
import type { Exchange } from '../exchange.ts';
import {
  DiagnosisCache,
  type DiagnosisContext,
  diagnosedHistory,
  FIRST_LINES,
  tabFailures,
  VIEW_FRESH_MS,
} from './tab-diagnoses.ts';
import { emptyHistory, type TabHistory } from './tab-history.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const CONTEXT: DiagnosisContext = {
  pageTokens: [],
  skewToleranceSeconds: 60,
  extraCredentialHeaders: new Set(),
};

const expired = mintJwt({ sub: 'u1', exp: NOW / 1000 - 600 });
const fresh = mintJwt({ sub: 'u1', exp: NOW / 1000 + 3600 });

function exchange(id: string, status: number, token: string, at = NOW - 1000): Exchange {
  return {
    ...makeExchange({ status, at, request: { authorization: `Bearer ${token}` }, failed: status === 401 }),
    id,
  };
}

function historyOf(...exchanges: Exchange[]): TabHistory {
  return {
    ...emptyHistory(5),
    exchanges,
    failureCount: exchanges.filter((item) => item.failed).length,
  };
}

describe('tabFailures', () => {
  it('sends the popup grouped failures, newest first, with views and no facts', () => {
    const history = historyOf(
      exchange('ok', 200, fresh),
      exchange('f1', 401, expired, NOW - 900),
      exchange('f2', 401, expired, NOW - 800),
    );
    const failures = tabFailures(history, new DiagnosisCache(), CONTEXT, NOW);
    expect(failures).toMatchObject({ tabId: 5, failureCount: 2, kept: 3 });
    expect(failures.lines).toEqual([
      {
        key: expect.any(String),
        count: 2,
        exchange: {
          id: 'f2',
          method: 'GET',
          url: 'https://api.example.com/v1/me',
          status: 401,
          completedAt: NOW - 760,
        },
        causeTitle: failures.newest?.diagnosis.causes[0]?.title,
      },
    ]);
    expect(failures.newest?.exchange.id).toBe('f2');
    const view = failures.newest?.diagnosis;
    expect(view?.causes[0]?.id).toBe('token-expired');
    expect(view?.jwt?.kind).toBe('jws');
    expect(view).not.toHaveProperty('facts');
    // What the page receives is what it would have after a message: plain JSON.
    expect(JSON.parse(JSON.stringify(failures))).toEqual(failures);
  });

  it('compares the sent token with the tokens the page keeps', () => {
    const history = historyOf(exchange('f1', 401, expired));
    const withStored = {
      ...CONTEXT,
      pageTokens: [{ store: 'sessionStorage' as const, path: 'access_token', value: fresh }],
    };
    const causes = tabFailures(history, new DiagnosisCache(), withStored, NOW).newest?.diagnosis.causes;
    expect(causes?.map((cause) => cause.id)).toContain('stale-token');
  });
  it('sends the first lines asked for and says how many there are, counting every failure', () => {
    const failures = Array.from({ length: 60 }, (_, index) => ({
      ...exchange(`f${index}`, 401, expired, NOW - 60_000 + index * 100),
      url: `https://api.example.com/v1/items/${index}`,
    }));
    const repeat = { ...exchange('again', 401, expired, NOW - 100), url: failures[0]?.url as string };
    const history = historyOf(...failures, repeat);
    const first = tabFailures(history, new DiagnosisCache(), CONTEXT, NOW);
    expect(first.lines).toHaveLength(FIRST_LINES);
    expect(first.lineCount).toBe(60);
    expect(first.failureCount).toBe(61);
    // Newest first: the repeat of the oldest URL leads its group of two.
    expect(first.lines[0]).toMatchObject({ count: 2, exchange: { id: 'again' } });
    expect(first.lines[1]?.exchange.id).toBe('f59');
    const more = tabFailures(history, new DiagnosisCache(), CONTEXT, NOW, 100);
    expect(more.lines).toHaveLength(60);
    expect(more.lines.slice(0, FIRST_LINES)).toEqual(first.lines);
    expect(more.lines.at(-1)?.exchange.id).toBe('f1');
  });
});

describe('DiagnosisCache', () => {
  it('reuses a view while the record, the context and the clock allow, and diagnoses again otherwise', () => {
    const record = exchange('f1', 401, expired);
    const history = historyOf(record);
    const cache = new DiagnosisCache();
    const [first] = diagnosedHistory(history, cache, CONTEXT, NOW).diagnoses;
    expect(diagnosedHistory(history, cache, CONTEXT, NOW + 1000).diagnoses[0]).toBe(first);

    // The record was joined with the page's view of it: a body arrived.
    record.responseBody = { text: '{"error":"invalid_token"}', truncated: false };
    const [joined] = diagnosedHistory(history, cache, CONTEXT, NOW + 1000).diagnoses;
    expect(joined).not.toBe(first);

    const otherTokens = {
      ...CONTEXT,
      pageTokens: [{ store: 'localStorage' as const, path: 't', value: fresh }],
    };
    const [recontexted] = diagnosedHistory(history, cache, otherTokens, NOW + 1000).diagnoses;
    expect(recontexted).not.toBe(joined);

    // Evidence says "expired 10 min ago": an old view is redone rather than shown stale.
    const [later] = diagnosedHistory(history, cache, otherTokens, NOW + 1000 + VIEW_FRESH_MS).diagnoses;
    expect(later).not.toBe(recontexted);
  });
});
