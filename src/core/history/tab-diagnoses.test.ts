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

describe('experiments in the views', () => {
  const stored = {
    ...CONTEXT,
    pageTokens: [{ store: 'localStorage' as const, path: 'auth › access_token', value: fresh }],
  };

  function experiment(id: string, forExchangeId: string, overrides: Partial<Exchange> = {}): Exchange {
    return {
      ...makeExchange({ status: 200, at: NOW - 500, request: { authorization: `Bearer ${fresh}` } }),
      id,
      type: 'experiment',
      sources: ['page'],
      failed: false,
      experiment: {
        kind: 'fresher-token',
        causeId: 'token-expired',
        forExchangeId,
        verdict: 'confirmed',
        reason: 'With the change, the server answered 200.',
        change: 'authorization: … → Bearer eyJ…',
      },
      ...overrides,
    };
  }

  it('offers experiments on a failure’s view and none on a success’s', () => {
    const history = historyOf(exchange('ok', 200, fresh, NOW - 2000), exchange('f1', 401, expired));
    const [success, failed] = diagnosedHistory(history, new DiagnosisCache(), stored, NOW).diagnoses;
    expect(success?.experiments).toBeUndefined();
    const offered = failed?.experiments?.find((entry) => entry.causeId === 'token-expired');
    expect(offered?.offers.map((offer) => offer.kind)).toEqual(['fresher-token', 'same-again']);
    // A preview only: the fresher token itself is not in what the popup receives.
    expect(JSON.stringify(failed?.experiments)).not.toContain(fresh);
  });

  it('shows what an experiment proved on the failure it tested, the confirmed cause first', () => {
    const failure = exchange('f1', 401, expired, NOW - 1000);
    const history = historyOf(failure, experiment('e1', 'f1'));
    const failures = tabFailures(history, new DiagnosisCache(), stored, NOW);
    const view = failures.newest?.diagnosis;
    expect(view?.causes[0]?.id).toBe('token-expired');
    expect(view?.experiments?.find((entry) => entry.causeId === 'token-expired')?.result).toMatchObject({
      verdict: 'confirmed',
      kind: 'fresher-token',
      exchangeId: 'e1',
      status: 200,
    });
    // The popup's line follows: the confirmed cause is the one named.
    expect(failures.lines[0]?.causeTitle).toBe(view?.causes[0]?.title);
    // The experiment is neither a failure nor a line of its own.
    expect(failures.failureCount).toBe(1);
    expect(failures.lines).toHaveLength(1);
  });

  it('a result belongs to the failure it tested, not to another failure of the same request', () => {
    const history = historyOf(
      exchange('f0', 401, expired, NOW - 3000),
      exchange('f1', 401, expired, NOW - 1000),
      experiment('e1', 'f0'),
    );
    const cache = new DiagnosisCache();
    const [f0, f1] = cache.views(history.exchanges, history.exchanges.slice(0, 2), stored, NOW);
    expect(f0?.experiments?.some((entry) => entry.result)).toBe(true);
    expect(f1?.experiments?.some((entry) => entry.result)).toBe(false);
  });

  it('the cached view is not changed by a result: it shows again without it once the record is gone', () => {
    const failure = exchange('f1', 401, expired, NOW - 1000);
    const cache = new DiagnosisCache();
    const [plain] = diagnosedHistory(historyOf(failure), cache, stored, NOW).diagnoses;
    const before = structuredClone(plain);
    const ruledOut = experiment('e1', 'f1', {
      status: 401,
      experiment: {
        kind: 'fresher-token',
        causeId: 'stale-token',
        forExchangeId: 'f1',
        verdict: 'ruled-out',
        reason: 'With the change, the server still refused it (401).',
        change: '…',
      },
    });
    const [withResult] = cache.views([failure, ruledOut], [failure], stored, NOW + 1000);
    expect(withResult?.causes.at(-1)?.id).toBe('stale-token');
    expect(plain?.causes[0]?.id).toBe('stale-token');
    expect(plain).toEqual(before);
    // The ring dropped the experiment: the view is the cached one, as it was.
    const [again] = cache.views([failure], [failure], stored, NOW + 2000);
    expect(again).toBe(plain);
    expect(again?.causes[0]?.id).toBe('stale-token');
    expect(again?.experiments?.some((entry) => entry.result)).toBe(false);
  });

  it('no detector reads an experiment: a successful one does not make a later failure "revoked"', () => {
    const valid = mintJwt({ sub: 'u1', iat: NOW / 1000 - 60, exp: NOW / 1000 + 3600 });
    const first = exchange('f1', 401, valid, NOW - 60_000);
    // The user sent the same token again and it went through (a passing fault, ruled out)...
    const again = experiment('e1', 'f1', {
      startedAt: NOW - 30_100,
      completedAt: NOW - 30_000,
      requestHeaders: [{ name: 'authorization', value: `Bearer ${valid}` }],
      experiment: {
        kind: 'same-again',
        causeId: 'token-rejected',
        forExchangeId: 'f1',
        verdict: 'ruled-out',
        reason: 'Sent again unchanged, it succeeded (200).',
        change: 'Nothing',
      },
    });
    // ...then the app's own call with that token was refused again.
    const later = exchange('f2', 401, valid, NOW - 1000);
    const withExperiment = historyOf(first, again, later);
    const appOnly = historyOf(first, later);
    const [viewWith] = new DiagnosisCache().views(withExperiment.exchanges, [later], CONTEXT, NOW);
    const [viewWithout] = new DiagnosisCache().views(appOnly.exchanges, [later], CONTEXT, NOW);
    expect(viewWith?.causes.map((cause) => cause.id)).not.toContain('token-revoked');
    expect(viewWith).toEqual(viewWithout);

    // The control: had the app itself succeeded with that token, the later refusal reads "revoked".
    const appSuccess: Exchange = { ...again, id: 'a1', type: 'fetch', sources: ['network'] };
    delete appSuccess.experiment;
    const [viewApp] = new DiagnosisCache().views(
      historyOf(first, appSuccess, later).exchanges,
      [later],
      CONTEXT,
      NOW,
    );
    expect(viewApp?.causes[0]?.id).toBe('token-revoked');
  });

  it('a successful fresher-token experiment does not change how a later failure with that token reads', () => {
    const failure = exchange('f1', 401, expired, NOW - 60_000);
    // The experiment sent the page's fresher token and it went through...
    const tried = experiment('e1', 'f1', { startedAt: NOW - 30_100, completedAt: NOW - 30_000 });
    // ...then the app sent that same token and was refused.
    const later = exchange('f2', 401, fresh, NOW - 1000);
    const [withExperiment] = new DiagnosisCache().views([failure, tried, later], [later], stored, NOW);
    const [appOnly] = new DiagnosisCache().views([failure, later], [later], stored, NOW);
    expect(withExperiment?.causes.map((cause) => cause.id)).not.toContain('token-revoked');
    expect(withExperiment).toEqual(appOnly);
  });
});
