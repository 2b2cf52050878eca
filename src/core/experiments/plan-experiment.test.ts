import { describe, expect, it } from 'vitest';
import type { ExchangeInput } from '../../../test/make-exchange.ts';
import { makeExchange } from '../../../test/make-exchange.ts';
import { epochSeconds, mintJwt } from '../../../test/mint-jwt.ts';
import { gatherFacts } from '../facts.ts';
import type { StoredToken } from '../page-tokens/find-stored-tokens.ts';
import { judgeExperiment } from './judge-experiment.ts';
import { type ExperimentPlan, isPlan, planExperiments } from './plan-experiment.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const MIN = 60_000;
const jwt = (claims: Record<string, unknown>) =>
  mintJwt({ iss: 'https://id.example/', sub: 'u1', aud: 'https://api.example', ...claims });
const expired = jwt({ iat: epochSeconds(NOW - 90 * MIN), exp: epochSeconds(NOW - 30 * MIN) });
const fresh = jwt({ iat: epochSeconds(NOW - 5 * MIN), exp: epochSeconds(NOW + 55 * MIN) });

function facts(input: ExchangeInput, pageTokens: StoredToken[] = []) {
  return gatherFacts(makeExchange({ at: NOW, ...input }), { now: NOW, toleranceMs: 60_000, pageTokens });
}
const stored = (value: string, path = 'auth › access_token'): StoredToken => ({
  store: 'localStorage',
  path,
  value,
});
const header = (plan: ExperimentPlan, name: string) =>
  plan.request.headers.filter((entry) => entry.name === name).map((entry) => entry.value);

describe('planExperiments', () => {
  it('fresher token: the failed GET again with the freshest valid token the page keeps, masked in the change', () => {
    const older = jwt({ iat: epochSeconds(NOW - 20 * MIN), exp: epochSeconds(NOW + 40 * MIN) });
    const offers = planExperiments(
      facts({ status: 401, request: { authorization: `Bearer ${expired}` } }, [
        stored(older, 'old'),
        stored(fresh, 'auth › access_token'),
        stored(expired, 'same'),
      ]),
      'token-expired',
    );
    const plan = offers.find(isPlan);
    expect(plan?.kind).toBe('fresher-token');
    if (!plan) return;
    expect(plan.request).toMatchObject({ method: 'GET', url: 'https://api.example.com/v1/me' });
    expect(header(plan, 'authorization')).toEqual([`Bearer ${fresh}`]);
    expect(plan.change).toContain('localStorage "auth › access_token"');
    expect(plan.change).not.toContain(fresh);
    expect(plan.change).not.toContain(expired);
    // Expired also offers the same request again, to tell expiry from a passing fault.
    expect(offers.filter(isPlan).map((offer) => offer.kind)).toEqual(['fresher-token', 'same-again']);
  });

  it('a token of another audience or issuer, or an expired one, is never tried', () => {
    const elsewhere = jwt({
      aud: 'https://other.example',
      iat: epochSeconds(NOW),
      exp: epochSeconds(NOW + MIN),
    });
    const otherIssuer = jwt({
      iss: 'https://evil.example/',
      iat: epochSeconds(NOW),
      exp: epochSeconds(NOW + MIN),
    });
    const offers = planExperiments(
      facts({ status: 401, request: { authorization: `Bearer ${expired}` } }, [
        stored(elsewhere),
        stored(otherIssuer),
      ]),
      'stale-token',
    );
    expect(offers).toEqual([{ causeId: 'stale-token', reason: expect.stringContaining('no other token') }]);
  });

  it('a write is never sent again: POST, PUT, DELETE get a reason, not an experiment', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const offers = planExperiments(
        facts({ method, status: 401, request: { authorization: `Bearer ${expired}` } }, [stored(fresh)]),
        'token-expired',
      );
      expect(offers.some(isPlan)).toBe(false);
      expect(offers[0]).toMatchObject({ reason: expect.stringContaining(`A ${method} request`) });
    }
  });

  it('repaired header: one scheme, no quotes, no invisible characters, Bearer where the scheme was missing', () => {
    const cases: [string, string][] = [
      [`Bearer Bearer ${fresh}`, `Bearer ${fresh}`],
      [`Bearer "${fresh}"`, `Bearer ${fresh}`],
      [`Bearer ${fresh}\u200b`, `Bearer ${fresh}`],
      [`Bearer  ${fresh} `, `Bearer ${fresh}`],
      [fresh, `Bearer ${fresh}`],
    ];
    for (const [sent, repaired] of cases) {
      const plan = planExperiments(
        facts({ status: 401, request: { authorization: sent } }),
        'malformed-header',
      ).find(isPlan);
      expect(plan?.kind, sent).toBe('repaired-header');
      if (plan) expect(header(plan, 'authorization')).toEqual([repaired]);
    }
  });

  it('a placeholder cannot be repaired, and a sound header offers no repair', () => {
    expect(
      planExperiments(
        facts({ status: 401, request: { authorization: 'Bearer undefined' } }),
        'malformed-header',
      ).some(isPlan),
    ).toBe(false);
    expect(
      planExperiments(
        facts({ status: 401, request: { authorization: `Bearer ${fresh}` } }),
        'wrong-scheme',
      ).some(isPlan),
    ).toBe(false);
  });

  it('preflight: the browser is made to send its own, by the same safe request or an OPTIONS in place of a write', () => {
    const options = planExperiments(
      facts({ status: 401, method: 'OPTIONS', request: { authorization: `Bearer ${fresh}` } }),
      'preflight-rejected',
    );
    expect(options[0]).toMatchObject({ kind: 'preflight', request: { method: 'OPTIONS' } });
    const fromGet = planExperiments(
      facts({ status: 0, request: { authorization: `Bearer ${fresh}`, accept: 'application/json' } }),
      'preflight-rejected',
    ).find(isPlan);
    expect(fromGet?.request.method).toBe('GET');
    expect(fromGet?.request.headers.map((entry) => entry.name)).toEqual(['authorization']);
    const fromPost = planExperiments(
      facts({ status: 0, method: 'POST', request: { authorization: `Bearer ${fresh}` } }),
      'preflight-rejected',
    ).find(isPlan);
    expect(fromPost?.request.method).toBe('OPTIONS');
    expect(fromPost?.change).toContain('never sent again');
  });

  it('clock skew and AWS signatures are not replayable, and say why', () => {
    const exchange = facts({ status: 401, request: { authorization: `Bearer ${fresh}` } });
    expect(planExperiments(exchange, 'clock-skew')).toEqual([
      { causeId: 'clock-skew', reason: expect.stringContaining('own clock') },
    ]);
    expect(planExperiments(exchange, 'aws-signature-mismatch')).toEqual([
      { causeId: 'aws-signature-mismatch', reason: expect.stringContaining('secret key') },
    ]);
    expect(planExperiments(exchange, 'insufficient-scope')).toEqual([]);
  });
});

describe('judgeExperiment', () => {
  const fix = { kind: 'fresher-token', causeId: 'token-expired' } as ExperimentPlan;
  const again = { kind: 'same-again', causeId: 'token-revoked' } as ExperimentPlan;

  it('a fix answered 2xx confirms its cause; still refused rules it out', () => {
    expect(judgeExperiment(fix, { status: 200, refused: false }).verdict).toBe('confirmed');
    expect(judgeExperiment(fix, { status: 401, refused: false }).verdict).toBe('ruled-out');
  });

  it('the same request refused again confirms the credential is refused; a 2xx rules that out', () => {
    expect(judgeExperiment(again, { status: 401, refused: false }).verdict).toBe('confirmed');
    expect(judgeExperiment(again, { status: 204, refused: false }).verdict).toBe('ruled-out');
  });

  it('a preflight refused with 401 confirms the cause; a 204 rules it out', () => {
    const preflight = { kind: 'preflight', causeId: 'preflight-rejected' } as ExperimentPlan;
    expect(judgeExperiment(preflight, { status: 401, refused: false }).verdict).toBe('confirmed');
    expect(judgeExperiment(preflight, { status: 204, refused: false }).verdict).toBe('ruled-out');
  });

  it('a 200 whose body refuses the credential (Slack, GraphQL) counts as refused, not as a success', () => {
    expect(judgeExperiment(again, { status: 200, refused: true }).verdict).toBe('confirmed');
    expect(judgeExperiment(fix, { status: 200, refused: true }).verdict).toBe('ruled-out');
  });

  it('no answer, a 404 or a 500 proves nothing', () => {
    for (const outcome of [
      { status: 0, error: 'TypeError: Failed to fetch', refused: false },
      { status: 404, refused: false },
      { status: 500, refused: false },
    ])
      expect(judgeExperiment(fix, outcome).verdict).toBe('inconclusive');
  });
});
