import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../../test/make-exchange.ts';
import { epochSeconds, mintJwt } from '../../../test/mint-jwt.ts';
import type { Exchange } from '../exchange.ts';
import type { DiagnosisContext } from '../history/tab-diagnoses.ts';
import { emptyHistory, type TabHistory } from '../history/tab-history.ts';
import { planForFailure } from './plan-for-failure.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const MIN = 60_000;
const jwt = (claims: Record<string, unknown>) =>
  mintJwt({ iss: 'https://id.example/', sub: 'u1', aud: 'https://api.example', ...claims });
const expired = jwt({ iat: epochSeconds(NOW - 90 * MIN), exp: epochSeconds(NOW - 30 * MIN) });
const fresh = jwt({ iat: epochSeconds(NOW - 5 * MIN), exp: epochSeconds(NOW + 55 * MIN) });
const valid = jwt({ iat: epochSeconds(NOW - 20 * MIN), exp: epochSeconds(NOW + 40 * MIN) });

const NO_TOKENS: DiagnosisContext = {
  pageTokens: [],
  skewToleranceSeconds: 60,
  extraCredentialHeaders: new Set(),
};
const WITH_FRESH: DiagnosisContext = {
  ...NO_TOKENS,
  pageTokens: [{ store: 'localStorage', path: 'auth › access_token', value: fresh }],
};

function failure(id: string, token: string, overrides: Partial<Exchange> = {}): Exchange {
  return {
    ...makeExchange({ status: 401, at: NOW - MIN, request: { authorization: `Bearer ${token}` } }),
    id,
    ...overrides,
  };
}

function historyOf(...exchanges: Exchange[]): TabHistory {
  return { ...emptyHistory(3), exchanges, failureCount: exchanges.filter((item) => item.failed).length };
}

describe('planForFailure', () => {
  it('plans the fresher-token request again from the record and the tokens the page keeps now', () => {
    const history = historyOf(failure('f1', expired));
    const plan = planForFailure(history, 'f1', 'token-expired', 'fresher-token', WITH_FRESH, NOW);
    if (typeof plan === 'string') throw new Error(plan);
    expect(plan).toMatchObject({
      kind: 'fresher-token',
      causeId: 'token-expired',
      request: { method: 'GET', url: 'https://api.example.com/v1/me' },
    });
    expect(plan.request.headers).toContainEqual({ name: 'authorization', value: `Bearer ${fresh}` });
  });

  it('plans the exchange named by its id, not another failure of the tab', () => {
    const other = failure('f0', expired, { url: 'https://api.example.com/v1/other' });
    const history = historyOf(other, failure('f1', expired));
    const plan = planForFailure(history, 'f1', 'token-expired', 'same-again', NO_TOKENS, NOW);
    if (typeof plan === 'string') throw new Error(plan);
    expect(plan.request.url).toBe('https://api.example.com/v1/me');
    expect(plan.request.headers).toContainEqual({ name: 'authorization', value: `Bearer ${expired}` });
  });

  it('refuses when the failure is no longer in the history (the ring dropped it)', () => {
    const history = historyOf(failure('f1', expired));
    expect(planForFailure(history, 'gone', 'token-expired', 'same-again', WITH_FRESH, NOW)).toBe(
      'This failure is no longer in the tab’s history: nothing was sent.',
    );
  });

  it('refuses to plan from an experiment’s own record, even one that was refused', () => {
    const experiment = failure('e1', expired, {
      type: 'experiment',
      experiment: {
        kind: 'same-again',
        causeId: 'token-expired',
        forExchangeId: 'f1',
        verdict: 'confirmed',
        reason: '',
        change: '',
      },
    });
    const history = historyOf(failure('f1', expired), experiment);
    expect(planForFailure(history, 'e1', 'token-expired', 'same-again', WITH_FRESH, NOW)).toBe(
      'This failure is no longer in the tab’s history: nothing was sent.',
    );
  });

  it('refuses a request that did not fail', () => {
    const success = {
      ...makeExchange({ status: 200, request: { authorization: `Bearer ${valid}` }, failed: false }),
      id: 'ok',
    };
    expect(planForFailure(historyOf(success), 'ok', 'token-rejected', 'same-again', NO_TOKENS, NOW)).toBe(
      'This request did not fail: there is nothing to confirm.',
    );
  });

  it('refuses a cause the failure does not have, whatever kind is asked for', () => {
    // A token still valid and refused: not expired, so nothing may be sent "to test expiry".
    const history = historyOf(failure('f1', valid));
    for (const kind of ['fresher-token', 'same-again', 'repaired-header'] as const) {
      expect(planForFailure(history, 'f1', 'token-expired', kind, WITH_FRESH, NOW)).toBe(
        'That cause is no longer among this failure’s causes: nothing was sent.',
      );
    }
  });

  it('a cause found only through another test’s record is not a cause: experiments are not the history', () => {
    // The same token succeeded in an experiment before this failure: as app traffic that would
    // read "worked earlier, now refused: revoked". It was the extension's request, not the app's.
    const experiment: Exchange = {
      ...makeExchange({
        status: 200,
        at: NOW - 3 * MIN,
        request: { authorization: `Bearer ${valid}` },
        failed: false,
      }),
      id: 'e0',
      type: 'experiment',
      sources: ['page'],
      experiment: {
        kind: 'same-again',
        causeId: 'token-rejected',
        forExchangeId: 'f0',
        verdict: 'ruled-out',
        reason: '',
        change: '',
      },
    };
    const history = historyOf(experiment, failure('f1', valid));
    expect(planForFailure(history, 'f1', 'token-revoked', 'same-again', NO_TOKENS, NOW)).toBe(
      'That cause is no longer among this failure’s causes: nothing was sent.',
    );
    // The same success as the app's own traffic does make it a revocation (the control).
    const asApp: Exchange = { ...experiment, type: 'fetch', sources: ['network'] };
    delete asApp.experiment;
    const plan = planForFailure(
      historyOf(asApp, failure('f1', valid)),
      'f1',
      'token-revoked',
      'same-again',
      NO_TOKENS,
      NOW,
    );
    expect(typeof plan === 'string' ? plan : plan.kind).toBe('same-again');
  });

  it('says why when the cause’s experiment cannot be planned now (the page no longer keeps a fresher token)', () => {
    const history = historyOf(failure('f1', expired));
    expect(planForFailure(history, 'f1', 'token-expired', 'fresher-token', NO_TOKENS, NOW)).toBe(
      'The page keeps no other token, still valid, for the same issuer and audience: there is none to try. Nothing was sent.',
    );
  });

  it('never plans a write, whatever the user asks', () => {
    const history = historyOf(failure('f1', expired, { method: 'POST' }));
    const refusal = planForFailure(history, 'f1', 'token-expired', 'fresher-token', WITH_FRESH, NOW);
    expect(typeof refusal).toBe('string');
    expect(refusal).toMatch(/^A POST request may change data on the server.* Nothing was sent\.$/);
  });

  it('a kind the cause does not offer is refused in words', () => {
    const history = historyOf(failure('f1', expired));
    expect(planForFailure(history, 'f1', 'token-expired', 'redirect-target', WITH_FRESH, NOW)).toBe(
      'This experiment is not offered for that cause (the page’s tokens may have changed): nothing was sent.',
    );
  });
});
