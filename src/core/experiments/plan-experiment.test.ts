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
  it('only for the top page’s own requests: a frame’s request, or one of unknown frame, gets a reason', () => {
    const request = { status: 401, request: { authorization: `Bearer ${expired}` } };
    for (const input of [
      { ...request, frameId: 3 },
      { ...request, pageOrigin: '' },
    ]) {
      const offers = planExperiments(facts(input, [stored(fresh)]), 'token-expired');
      expect(offers.some(isPlan)).toBe(false);
      expect(offers[0]).toMatchObject({ reason: expect.stringMatching(/frame/) });
    }
  });

  it('with no JWT sent, a stored token is tried only on the page’s own origin', () => {
    const missing = { status: 401, url: 'https://x.attacker.example/v1/me' };
    const elsewhere = planExperiments(
      facts({ ...missing, pageOrigin: 'https://bank.example' }, [stored(fresh)]),
      'token-missing',
    );
    expect(elsewhere.some(isPlan)).toBe(false);
    expect(elsewhere[0]).toMatchObject({ reason: expect.stringContaining('another origin than the page') });
    const own = planExperiments(
      facts({ status: 401, url: 'https://bank.example/api/me', pageOrigin: 'https://bank.example' }, [
        stored(fresh),
      ]),
      'token-missing',
    );
    expect(own.find(isPlan)?.kind).toBe('fresher-token');
  });

  it('a stored token must name the same issuer and audience as the one sent, not merely not contradict them', () => {
    const noAudience = mintJwt({
      iss: 'https://id.example/',
      sub: 'u1',
      iat: epochSeconds(NOW),
      exp: epochSeconds(NOW + MIN),
    });
    const noIssuer = mintJwt({
      aud: 'https://api.example',
      sub: 'u1',
      iat: epochSeconds(NOW),
      exp: epochSeconds(NOW + MIN),
    });
    const offers = planExperiments(
      facts({ status: 401, request: { authorization: `Bearer ${expired}` } }, [
        stored(noAudience),
        stored(noIssuer),
      ]),
      'token-expired',
    );
    expect(offers.some((offer) => isPlan(offer) && offer.kind === 'fresher-token')).toBe(false);
  });

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
    // Proxy-Authorization is a credential no script may set: neither sent nor announced.
    const withProxy = planExperiments(
      facts({
        status: 0,
        request: { authorization: `Bearer ${fresh}`, 'proxy-authorization': 'Basic dTpw' },
      }),
      'preflight-rejected',
    ).find(isPlan);
    expect(withProxy?.request.headers.map((entry) => entry.name)).toEqual(['authorization']);
    expect(withProxy?.change).not.toContain('proxy-authorization');
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

describe('planExperiments: the redirect target', () => {
  const FIRST_HOP = 'https://example.com/api/v1/me';
  const FINAL = 'https://api.example.com/v1/me';
  const dropped = (credential?: { name: string; value: string }, method = 'GET') =>
    gatherFacts(
      {
        ...makeExchange({
          at: NOW,
          method,
          url: FINAL,
          status: 401,
          request: { accept: 'application/json' },
        }),
        redirectedFrom: { url: FIRST_HOP, carriedCredential: true, ...(credential ? { credential } : {}) },
      },
      { now: NOW, toleranceMs: 60_000 },
    );

  it('asks the final URL directly with the credential the first hop carried, masked in the change', () => {
    const offers = planExperiments(
      dropped({ name: 'authorization', value: `Bearer ${fresh}` }),
      'credential-dropped-on-redirect',
    );
    expect(offers).toHaveLength(1);
    const plan = offers[0];
    if (!plan || !isPlan(plan)) throw new Error(`expected a plan, got ${JSON.stringify(plan)}`);
    expect(plan.kind).toBe('redirect-target');
    expect(plan.request.method).toBe('GET');
    // The final URL, not the first hop: no redirect is left to drop the credential.
    expect(plan.request.url).toBe(FINAL);
    expect(header(plan, 'authorization')).toEqual([`Bearer ${fresh}`]);
    // The request's own other headers go along unchanged.
    expect(header(plan, 'accept')).toEqual(['application/json']);
    expect(plan.change).toContain(FIRST_HOP);
    expect(plan.change).toContain('authorization');
    expect(plan.change).not.toContain(fresh);
    expect(plan.change).toContain(fresh.slice(-4));
  });

  it('sends a non-Authorization credential (an API key) under its own header name', () => {
    const key = 'k_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
    const plan = planExperiments(
      dropped({ name: 'x-api-key', value: key }),
      'credential-dropped-on-redirect',
    ).find(isPlan);
    expect(plan?.kind).toBe('redirect-target');
    if (!plan) return;
    expect(header(plan, 'x-api-key')).toEqual([key]);
    expect(header(plan, 'authorization')).toEqual([]);
    expect(plan.change).not.toContain(key);
  });

  it('without the first hop’s credential there is nothing to send: a reason, no request', () => {
    const offers = planExperiments(dropped(), 'credential-dropped-on-redirect');
    expect(offers).toEqual([
      {
        causeId: 'credential-dropped-on-redirect',
        reason: expect.stringContaining('was not seen'),
      },
    ]);
  });

  it('a write that was redirected is never sent again, even with the credential at hand', () => {
    for (const method of ['POST', 'put', 'DELETE']) {
      const offers = planExperiments(
        dropped({ name: 'authorization', value: `Bearer ${fresh}` }, method),
        'credential-dropped-on-redirect',
      );
      expect(offers.some(isPlan), method).toBe(false);
      expect(offers).toEqual([
        { causeId: 'credential-dropped-on-redirect', reason: expect.stringContaining(`A ${method} request`) },
      ]);
    }
  });
});

describe('planExperiments: headers no script may set', () => {
  const FORBIDDEN = ['origin', 'date', 'cookie', 'proxy-authorization'];
  const noisy = (authorization: string) => ({
    authorization,
    accept: 'application/json',
    origin: 'https://app.example.com',
    date: 'Sat, 21 Nov 2026 11:59:00 GMT',
    cookie: 'sid=s3ss10n-c00k1e-value',
    'proxy-authorization': 'Basic cHJveHk6c2VjcmV0',
  });

  it('leaves Origin, Date, Cookie and Proxy-Authorization out of every planned request it rewrites', () => {
    const plans: ExperimentPlan[] = [
      ...planExperiments(
        facts({ status: 401, request: noisy(`Bearer ${expired}`) }, [stored(fresh)]),
        'token-expired',
      ).filter(isPlan),
      ...planExperiments(
        facts({ status: 401, request: noisy(`Bearer Bearer ${fresh}`) }),
        'malformed-header',
      ).filter(isPlan),
      ...planExperiments(facts({ status: 401, request: noisy(`Bearer ${fresh}`) }), 'token-rejected').filter(
        isPlan,
      ),
      ...planExperiments(
        gatherFacts(
          {
            ...makeExchange({
              at: NOW,
              status: 401,
              request: {
                accept: 'application/json',
                origin: 'https://app.example.com',
                date: 'x',
                cookie: 'sid=1',
              },
            }),
            redirectedFrom: {
              url: 'https://example.com/api/v1/me',
              carriedCredential: true,
              credential: { name: 'authorization', value: `Bearer ${fresh}` },
            },
          },
          { now: NOW, toleranceMs: 60_000 },
        ),
        'credential-dropped-on-redirect',
      ).filter(isPlan),
    ];
    // Every kind that rewrites the request is covered, so a filter lost from one of them shows here.
    expect(plans.map((plan) => plan.kind).sort()).toEqual([
      'fresher-token',
      'redirect-target',
      'repaired-header',
      'same-again',
      'same-again',
    ]);
    for (const plan of plans) {
      const names = plan.request.headers.map((entry) => entry.name);
      for (const name of FORBIDDEN) expect(names, `${plan.kind} sends ${name}`).not.toContain(name);
      // What may be set is kept: the credential and the ordinary headers.
      expect(names, plan.kind).toContain('authorization');
      expect(names, plan.kind).toContain('accept');
    }
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
