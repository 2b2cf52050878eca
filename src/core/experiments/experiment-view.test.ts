import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../../test/make-exchange.ts';
import { epochSeconds, mintJwt } from '../../../test/mint-jwt.ts';
import type { Cause, CauseId } from '../causes/cause.ts';
import type { DiagnosisView } from '../diagnosis-view.ts';
import type { Exchange, ExperimentKind, ExperimentVerdict } from '../exchange.ts';
import { gatherFacts } from '../facts.ts';
import {
  experimentOffers,
  experimentsByFailure,
  resultView,
  withExperimentResults,
  withoutExperiments,
} from './experiment-view.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const MIN = 60_000;
const jwt = (claims: Record<string, unknown>) =>
  mintJwt({ iss: 'https://id.example/', sub: 'u1', aud: 'https://api.example', ...claims });
const expired = jwt({ iat: epochSeconds(NOW - 90 * MIN), exp: epochSeconds(NOW - 30 * MIN) });
const fresh = jwt({ iat: epochSeconds(NOW - 5 * MIN), exp: epochSeconds(NOW + 55 * MIN) });

function cause(id: CauseId, score = 50): Cause {
  return {
    id,
    title: `title of ${id}`,
    evidence: [],
    fix: '',
    confidence: 'medium',
    score,
    rankReason: '',
  };
}

interface RecordInput {
  id: string;
  causeId: CauseId;
  verdict: ExperimentVerdict;
  forExchangeId?: string;
  kind?: ExperimentKind;
  status?: number;
}

/** An experiment's own record, as the runner stores it. */
function experimentRecord(input: RecordInput, overrides: Partial<Exchange> = {}): Exchange {
  return {
    ...makeExchange({ status: input.status ?? 200, at: NOW + 1000 }),
    id: input.id,
    type: 'experiment',
    sources: ['page'],
    failed: false,
    experiment: {
      kind: input.kind ?? 'same-again',
      causeId: input.causeId,
      forExchangeId: input.forExchangeId ?? 'f1',
      verdict: input.verdict,
      reason: `reason of ${input.id}`,
      change: `change of ${input.id}`,
    },
    ...overrides,
  };
}

function appRecord(id: string, status = 401): Exchange {
  return { ...makeExchange({ status, at: NOW, failed: status >= 400 }), id };
}

/** A failure's view with three causes, most likely first, each with an experiment offered. */
function viewOf(...ids: CauseId[]): DiagnosisView {
  return {
    credentials: [],
    causes: ids.map((id, index) => cause(id, 90 - index * 10)),
    experiments: ids.map((causeId) => ({
      causeId,
      offers: [
        { kind: 'same-again', method: 'GET', url: 'https://api.example.com/v1/me', change: 'Nothing' },
      ],
      unavailable: [],
    })),
  };
}

const causeIds = (view: DiagnosisView) => view.causes.map((entry) => entry.id);
const resultOf = (view: DiagnosisView, causeId: CauseId) =>
  view.experiments?.find((entry) => entry.causeId === causeId)?.result;

describe('experimentOffers', () => {
  it('lists, in the causes’ order, what can be tried and why not, leaving out causes with no experiment', () => {
    const facts = gatherFacts(
      makeExchange({ at: NOW, status: 401, request: { authorization: `Bearer ${expired}` } }),
      {
        now: NOW,
        toleranceMs: 60_000,
        pageTokens: [{ store: 'localStorage', path: 'auth › access_token', value: fresh }],
      },
    );
    const offers = experimentOffers(facts, [
      cause('clock-skew'),
      cause('insufficient-scope'),
      cause('token-expired'),
    ]);
    expect(offers.map((entry) => entry.causeId)).toEqual(['clock-skew', 'token-expired']);
    // Clock skew cannot be tested: a reason, nothing to click.
    expect(offers[0]).toEqual({
      causeId: 'clock-skew',
      offers: [],
      unavailable: [expect.stringContaining('own clock')],
    });
    const expiry = offers[1];
    expect(expiry?.unavailable).toEqual([]);
    expect(expiry?.offers.map((offer) => offer.kind)).toEqual(['fresher-token', 'same-again']);
    expect(expiry?.offers[0]).toMatchObject({ method: 'GET', url: 'https://api.example.com/v1/me' });
    // The preview never holds the credential: the worker plans again when the user clicks.
    const sent = JSON.stringify(offers);
    expect(sent).not.toContain(fresh);
    expect(sent).not.toContain(expired);
    expect(expiry?.offers[0]).not.toHaveProperty('request');
    expect(expiry?.offers[0]).not.toHaveProperty('headers');
    expect(expiry?.offers[0]?.change).toContain('localStorage "auth › access_token"');
  });

  it('a write gets only a reason, so the popup offers nothing to click', () => {
    const facts = gatherFacts(
      makeExchange({ at: NOW, method: 'DELETE', status: 401, request: { authorization: `Bearer ${fresh}` } }),
      { now: NOW, toleranceMs: 60_000 },
    );
    expect(experimentOffers(facts, [cause('token-rejected')])).toEqual([
      { causeId: 'token-rejected', offers: [], unavailable: [expect.stringContaining('A DELETE request')] },
    ]);
  });
});

describe('experimentsByFailure and withoutExperiments', () => {
  it('groups the experiment records by the failure they tested, oldest first, ignoring the app’s traffic', () => {
    const history = [
      appRecord('ok', 200),
      appRecord('f1'),
      experimentRecord({ id: 'e1', causeId: 'token-expired', verdict: 'confirmed' }),
      appRecord('f2'),
      experimentRecord({ id: 'e2', causeId: 'token-rejected', verdict: 'ruled-out', forExchangeId: 'f2' }),
      experimentRecord({ id: 'e3', causeId: 'token-rejected', verdict: 'confirmed' }),
    ];
    const byFailure = experimentsByFailure(history);
    expect([...byFailure.keys()]).toEqual(['f1', 'f2']);
    expect(byFailure.get('f1')?.map((record) => record.id)).toEqual(['e1', 'e3']);
    expect(byFailure.get('f2')?.map((record) => record.id)).toEqual(['e2']);
    expect(experimentsByFailure([appRecord('ok', 200), appRecord('f1')]).size).toBe(0);
  });

  it('what diagnoses read is the app’s own traffic only, and the very same list when there are no experiments', () => {
    const app = [appRecord('f1'), appRecord('ok', 200)];
    expect(withoutExperiments(app)).toBe(app);
    const mixed = [
      app[0] as Exchange,
      experimentRecord({ id: 'e1', causeId: 'token-expired', verdict: 'confirmed' }),
      app[1] as Exchange,
    ];
    expect(withoutExperiments(mixed).map((record) => record.id)).toEqual(['f1', 'ok']);
    // The history itself is left as it was (it is the store's cache).
    expect(mixed).toHaveLength(3);
  });
});

describe('resultView', () => {
  it('is undefined for an app record', () => {
    expect(resultView(appRecord('f1'))).toBeUndefined();
  });

  it('shows what was sent, what came back, the verdict and how long it took', () => {
    const record = experimentRecord(
      { id: 'e1', causeId: 'token-expired', verdict: 'confirmed', kind: 'fresher-token', status: 200 },
      { startedAt: NOW + 1000, completedAt: NOW + 1234 },
    );
    expect(resultView(record)).toEqual({
      kind: 'fresher-token',
      verdict: 'confirmed',
      reason: 'reason of e1',
      change: 'change of e1',
      exchangeId: 'e1',
      method: 'GET',
      url: 'https://api.example.com/v1/me',
      status: 200,
      durationMs: 234,
      completedAt: NOW + 1234,
    });
  });

  it('no answer: status 0 with the browser’s error, and no words from a server', () => {
    const view = resultView(
      experimentRecord(
        { id: 'e1', causeId: 'preflight-rejected', verdict: 'inconclusive', status: 0 },
        { error: 'TypeError: Failed to fetch', responseBody: { text: 'ignored', truncated: false } },
      ),
    );
    expect(view).toMatchObject({ status: 0, error: 'TypeError: Failed to fetch' });
    expect(view).not.toHaveProperty('serverSaid');
  });

  it('a long echoed secret is redacted whole before the words are cut, so no piece of it is shown', () => {
    const secret = Array.from({ length: 200 }, (_, index) => (index * 7919).toString(16).slice(-1)).join('');
    const view = resultView(
      experimentRecord(
        { id: 'e1', causeId: 'token-rejected', verdict: 'confirmed', status: 401 },
        {
          requestHeaders: [{ name: 'x-api-key', value: secret }],
          responseBody: { text: `x ${Array.from({ length: 7 }, () => secret).join(' ')}`, truncated: false },
        },
      ),
    );
    expect(view?.serverSaid).toBeDefined();
    expect(view?.serverSaid).not.toContain(secret.slice(0, 40));
  });

  it('a clock running backwards does not show a negative duration', () => {
    const view = resultView(
      experimentRecord(
        { id: 'e1', causeId: 'token-rejected', verdict: 'confirmed' },
        { startedAt: NOW + 500, completedAt: NOW + 200 },
      ),
    );
    expect(view?.durationMs).toBe(0);
  });

  it('a refusal quotes the server’s challenge first, else its body; a success quotes nothing', () => {
    const challenged = experimentRecord(
      { id: 'e1', causeId: 'token-rejected', verdict: 'confirmed', status: 401 },
      {
        responseHeaders: [{ name: 'www-authenticate', value: 'Bearer error="invalid_token"' }],
        responseBody: { text: '{"message":"Unauthorized"}', truncated: false },
      },
    );
    expect(resultView(challenged)?.serverSaid).toBe('Bearer error="invalid_token"');
    const bodyOnly = experimentRecord(
      { id: 'e2', causeId: 'token-rejected', verdict: 'confirmed', status: 403 },
      { responseBody: { text: '  {"message":"Forbidden"}\n', truncated: false } },
    );
    expect(resultView(bodyOnly)?.serverSaid).toBe('{"message":"Forbidden"}');
    const blank = experimentRecord(
      { id: 'e3', causeId: 'token-rejected', verdict: 'confirmed', status: 401 },
      { responseBody: { text: '   \n', truncated: false } },
    );
    expect(resultView(blank)).not.toHaveProperty('serverSaid');
    const success = experimentRecord(
      { id: 'e4', causeId: 'token-expired', verdict: 'confirmed', status: 200 },
      { responseBody: { text: '{"user":"u1"}', truncated: false } },
    );
    expect(resultView(success)).not.toHaveProperty('serverSaid');
  });

  it('redacts a credential the server echoes back, in its challenge or its body', () => {
    const apiKey = 'k_live_51Hc9f8e7d6c5b4a39281706f5e4d3c2';
    const echoedKey = experimentRecord(
      { id: 'e1', causeId: 'token-rejected', verdict: 'confirmed', status: 401 },
      {
        requestHeaders: [{ name: 'x-api-key', value: apiKey }],
        responseBody: { text: `{"error":"invalid api key ${apiKey}"}`, truncated: false },
      },
    );
    const keySaid = resultView(echoedKey)?.serverSaid ?? '';
    expect(keySaid).toContain('invalid api key');
    expect(keySaid).not.toContain(apiKey);
    expect(keySaid).toContain(apiKey.slice(-4));

    const echoedJwt = experimentRecord(
      { id: 'e2', causeId: 'token-expired', verdict: 'ruled-out', status: 401 },
      {
        requestHeaders: [{ name: 'authorization', value: `Bearer ${fresh}` }],
        responseHeaders: [
          { name: 'www-authenticate', value: `Bearer error="invalid_token", token="${fresh}"` },
        ],
      },
    );
    const jwtSaid = resultView(echoedJwt)?.serverSaid ?? '';
    expect(jwtSaid).toContain('invalid_token');
    expect(jwtSaid).not.toContain(fresh);
    expect(jwtSaid).not.toContain(fresh.split('.')[2]);
  });

  it('masks a JWT in the body even when it is not the one sent', () => {
    const other = jwt({ sub: 'someone-else', exp: epochSeconds(NOW + MIN) });
    const record = experimentRecord(
      { id: 'e1', causeId: 'token-rejected', verdict: 'confirmed', status: 401 },
      { responseBody: { text: `expected ${other}`, truncated: false } },
    );
    const said = resultView(record)?.serverSaid ?? '';
    expect(said).toContain('[signature removed]');
    expect(said).not.toContain(other.split('.')[2]);
  });

  it('quotes at most 300 characters of a long body', () => {
    const record = experimentRecord(
      { id: 'e1', causeId: 'token-rejected', verdict: 'confirmed', status: 401 },
      { responseBody: { text: `<html>${'Unauthorized. '.repeat(500)}</html>`, truncated: true } },
    );
    const said = resultView(record)?.serverSaid ?? '';
    expect(said.length).toBe(300);
    expect(said.startsWith('<html>Unauthorized.')).toBe(true);
  });
});

describe('withExperimentResults', () => {
  it('moves a confirmed cause first and keeps the others in their order', () => {
    const view = viewOf('stale-token', 'token-expired', 'token-rejected');
    const shown = withExperimentResults(view, [
      experimentRecord({ id: 'e1', causeId: 'token-rejected', verdict: 'confirmed' }),
    ]);
    expect(causeIds(shown)).toEqual(['token-rejected', 'stale-token', 'token-expired']);
    expect(resultOf(shown, 'token-rejected')).toMatchObject({ verdict: 'confirmed', exchangeId: 'e1' });
    expect(resultOf(shown, 'stale-token')).toBeUndefined();
    expect(resultOf(shown, 'token-expired')).toBeUndefined();
  });

  it('moves a ruled-out cause last, and an inconclusive one nowhere', () => {
    const view = viewOf('stale-token', 'token-expired', 'token-rejected');
    const ruledOut = withExperimentResults(view, [
      experimentRecord({ id: 'e1', causeId: 'stale-token', verdict: 'ruled-out' }),
    ]);
    expect(causeIds(ruledOut)).toEqual(['token-expired', 'token-rejected', 'stale-token']);
    const inconclusive = withExperimentResults(view, [
      experimentRecord({ id: 'e2', causeId: 'stale-token', verdict: 'inconclusive' }),
    ]);
    expect(causeIds(inconclusive)).toEqual(['stale-token', 'token-expired', 'token-rejected']);
    expect(resultOf(inconclusive, 'stale-token')?.verdict).toBe('inconclusive');
  });

  it('with one confirmed and one ruled out, the confirmed leads and the ruled-out trails', () => {
    const view = viewOf('stale-token', 'token-expired', 'token-rejected', 'unknown');
    const shown = withExperimentResults(view, [
      experimentRecord({ id: 'e1', causeId: 'stale-token', verdict: 'ruled-out' }),
      experimentRecord({ id: 'e2', causeId: 'token-rejected', verdict: 'confirmed' }),
    ]);
    expect(causeIds(shown)).toEqual(['token-rejected', 'token-expired', 'unknown', 'stale-token']);
  });

  it('the latest result for a cause wins, in either order', () => {
    const view = viewOf('stale-token', 'token-expired', 'token-rejected');
    const thenRuledOut = withExperimentResults(view, [
      experimentRecord({ id: 'e1', causeId: 'token-expired', verdict: 'confirmed' }),
      experimentRecord({ id: 'e2', causeId: 'token-expired', verdict: 'ruled-out' }),
    ]);
    expect(causeIds(thenRuledOut)).toEqual(['stale-token', 'token-rejected', 'token-expired']);
    expect(resultOf(thenRuledOut, 'token-expired')).toMatchObject({ verdict: 'ruled-out', exchangeId: 'e2' });
    const thenConfirmed = withExperimentResults(view, [
      experimentRecord({ id: 'e1', causeId: 'token-expired', verdict: 'ruled-out' }),
      experimentRecord({ id: 'e2', causeId: 'token-expired', verdict: 'confirmed' }),
    ]);
    expect(causeIds(thenConfirmed)).toEqual(['token-expired', 'stale-token', 'token-rejected']);
    expect(resultOf(thenConfirmed, 'token-expired')).toMatchObject({
      verdict: 'confirmed',
      exchangeId: 'e2',
    });
  });

  it('does not change the cached view it was given', () => {
    const view = viewOf('stale-token', 'token-expired', 'token-rejected');
    const before = structuredClone(view);
    const causes = view.causes;
    const experiments = view.experiments;
    const shown = withExperimentResults(view, [
      experimentRecord({ id: 'e1', causeId: 'token-rejected', verdict: 'confirmed' }),
      experimentRecord({ id: 'e2', causeId: 'stale-token', verdict: 'ruled-out' }),
      experimentRecord({ id: 'e3', causeId: 'token-revoked', verdict: 'confirmed' }),
    ]);
    expect(shown).not.toBe(view);
    expect(view).toEqual(before);
    expect(view.causes).toBe(causes);
    expect(view.experiments).toBe(experiments);
    // Shown again without the records (the ring dropped them), the view is as it was.
    expect(withExperimentResults(view, [])).toBe(view);
    expect(withExperimentResults(view, undefined)).toBe(view);
  });

  it('still shows a result for a cause no longer offered (the page’s tokens changed since)', () => {
    const view = viewOf('token-expired');
    const shown = withExperimentResults(view, [
      experimentRecord({ id: 'e1', causeId: 'stale-token', verdict: 'confirmed', kind: 'fresher-token' }),
    ]);
    expect(shown.experiments?.map((entry) => entry.causeId)).toEqual(['token-expired', 'stale-token']);
    expect(shown.experiments?.[1]).toEqual({
      causeId: 'stale-token',
      offers: [],
      unavailable: [],
      result: expect.objectContaining({ verdict: 'confirmed', kind: 'fresher-token', exchangeId: 'e1' }),
    });
    // It is not among the causes, so the causes keep their order.
    expect(causeIds(shown)).toEqual(['token-expired']);
  });

  it('a view without experiments (a success) is returned as it is', () => {
    const success: DiagnosisView = { credentials: [], causes: [] };
    expect(
      withExperimentResults(success, [
        experimentRecord({ id: 'e1', causeId: 'token-rejected', verdict: 'confirmed' }),
      ]),
    ).toBe(success);
  });
});
