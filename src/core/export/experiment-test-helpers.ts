import { makeExchange } from '../../../test/make-exchange.ts';
import { epochSeconds, mintJwt } from '../../../test/mint-jwt.ts';
import type { CauseId } from '../causes/cause.ts';
import { diagnose } from '../diagnose.ts';
import type { DiagnosisView } from '../diagnosis-view.ts';
import { viewOfDiagnosis } from '../diagnosis-view.ts';
import type { Exchange, ExperimentKind } from '../exchange.ts';
import { experimentOffers, withExperimentResults } from '../experiments/experiment-view.ts';
import { judgeExperiment } from '../experiments/judge-experiment.ts';
import { isPlan, planExperiments } from '../experiments/plan-experiment.ts';
import type { DiagnosedExchange } from '../history/group-failures.ts';
import type { StoredToken } from '../page-tokens/find-stored-tokens.ts';
import { fake, signatureOf } from '../redact/redact-test-helpers.ts';

export const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const MIN = 60_000;

interface Answer {
  status: number;
  response?: Record<string, string>;
  body?: string;
  error?: string;
}

/**
 * Two failures and the experiments run on them, made by the real planner, judge and result view
 * (the worker's ExperimentRunner, minus the browser), with fresh secrets on every run:
 * - x1, an expired JWT: a fresher token from the page's storage confirms `token-expired` (the
 *   server's 200 echoes that token); the same request again for `token-rejected` gets no answer;
 * - x2, a credential dropped on a cross-origin redirect (its first hop's URL has an API key, and
 *   the dropped header is kept in `redirectedFrom.credential`): asking the final URL directly with
 *   it is refused again with a challenge that echoes it, which rules the cause out.
 */
export function experimentScenario() {
  const jwt = (claims: Record<string, unknown>) =>
    mintJwt({ iss: 'https://id.example/', sub: 'u1', aud: 'https://api.example', ...claims });
  const expired = jwt({ iat: epochSeconds(NOW - 90 * MIN), exp: epochSeconds(NOW - 30 * MIN) });
  const fresh = jwt({ iat: epochSeconds(NOW - 5 * MIN), exp: epochSeconds(NOW + 55 * MIN) });
  const dropped = fake.opaque(40);
  const firstHopKey = fake.opaque(32);
  const pageTokens: StoredToken[] = [{ store: 'localStorage', path: 'auth › access_token', value: fresh }];

  const expiredFailure: Exchange = {
    ...makeExchange({
      at: NOW,
      status: 401,
      request: { authorization: `Bearer ${expired}` },
      response: { 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"' },
    }),
    id: 'x1',
  };
  const redirectFailure: Exchange = {
    ...makeExchange({
      at: NOW + 1000,
      url: 'https://api.example.com/v1/me',
      status: 401,
      request: { accept: 'application/json' },
      // The server quotes the credential the first hop carried.
      body: `{"error":"missing credential; first hop had ${dropped}"}`,
    }),
    id: 'x2',
    redirectedFrom: {
      url: `https://example.com/api/v1/me?api_key=${firstHopKey}`,
      carriedCredential: true,
      credential: { name: 'authorization', value: `Bearer ${dropped}` },
    },
  };

  const run = (
    failure: Exchange,
    causeId: CauseId,
    kind: ExperimentKind,
    id: string,
    answer: Answer,
    tokens: StoredToken[] = [],
  ): Exchange => {
    const facts = diagnose(failure, { now: NOW, pageTokens: tokens }).facts;
    const plan = planExperiments(facts, causeId)
      .filter(isPlan)
      .find((offer) => offer.kind === kind);
    if (!plan) throw new Error(`no ${kind} plan for ${causeId}`);
    const record: Exchange = {
      id,
      tabId: 1,
      method: plan.request.method,
      url: plan.request.url,
      status: answer.status,
      type: 'experiment',
      startedAt: NOW + 60_000,
      completedAt: NOW + 60_085,
      requestHeaders: plan.request.headers,
      responseHeaders: Object.entries(answer.response ?? {}).map(([name, value]) => ({ name, value })),
      ...(answer.body === undefined ? {} : { responseBody: { text: answer.body, truncated: false } }),
      ...(answer.error === undefined ? {} : { error: answer.error }),
      sources: ['page'],
      failed: false,
    };
    const judgement = judgeExperiment(plan, {
      status: answer.status,
      refused: answer.status === 401,
      ...(answer.error === undefined ? {} : { error: answer.error }),
    });
    record.experiment = { kind, causeId, forExchangeId: failure.id, ...judgement, change: plan.change };
    return record;
  };

  const confirmed = run(
    expiredFailure,
    'token-expired',
    'fresher-token',
    'e1',
    {
      status: 200,
      response: { 'content-type': 'application/json' },
      body: `{"you":"u1","token":"${fresh}"}`,
    },
    pageTokens,
  );
  const inconclusive = run(expiredFailure, 'token-rejected', 'same-again', 'e2', {
    status: 0,
    error: 'net::ERR_CONNECTION_RESET | *not* <b>bold</b>',
  });
  const ruledOut = run(redirectFailure, 'credential-dropped-on-redirect', 'redirect-target', 'e3', {
    status: 401,
    response: {
      'www-authenticate': `Bearer error="invalid_token", error_description="bad token ${dropped}"`,
    },
    body: `{"error":"invalid_token","token":"${dropped}"}`,
  });

  const view = (failure: Exchange, records: Exchange[], tokens: StoredToken[] = []): DiagnosisView => {
    const diagnosis = diagnose(failure, { now: NOW, pageTokens: tokens });
    const base = viewOfDiagnosis(diagnosis);
    base.experiments = experimentOffers(diagnosis.facts, base.causes);
    return withExperimentResults(base, records);
  };
  const plain = (exchange: Exchange): DiagnosisView => viewOfDiagnosis(diagnose(exchange, { now: NOW }));

  /** The panel's rows, newest first, as fetchDiagnosedHistory hands them over. */
  const rows: DiagnosedExchange[] = [
    { exchange: ruledOut, diagnosis: plain(ruledOut) },
    { exchange: inconclusive, diagnosis: plain(inconclusive) },
    { exchange: confirmed, diagnosis: plain(confirmed) },
    { exchange: redirectFailure, diagnosis: view(redirectFailure, [ruledOut]) },
    { exchange: expiredFailure, diagnosis: view(expiredFailure, [confirmed, inconclusive], pageTokens) },
  ];

  return {
    expiredFailure,
    redirectFailure,
    experiments: { confirmed, inconclusive, ruledOut },
    rows,
    tokens: { expired, fresh, dropped, firstHopKey },
    /** Nothing of these may appear in any export or report, in any form. */
    secrets: [expired, signatureOf(expired), fresh, signatureOf(fresh), dropped, firstHopKey],
  };
}
