import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeExchange } from '../../test/make-exchange.ts';
import { epochSeconds, mintJwt } from '../../test/mint-jwt.ts';
import { AUTH_FAILURE_STATUSES } from '../core/auth-failure.ts';
import type { Exchange } from '../core/exchange.ts';
import type { ExperimentPlan, ExperimentRequest } from '../core/experiments/plan-experiment.ts';
import { recordExchange } from '../core/history/record-exchange.ts';
import { emptyHistory } from '../core/history/tab-history.ts';
import type { ExperimentResponse } from '../shared/messages.ts';
import { ExperimentClaims } from './experiment-claims.ts';
import { ExperimentRunner, type ExperimentRunnerDeps, PageChangedError } from './experiment-runner.ts';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
const TAB = 4;
const URL_ME = 'https://api.example.com/v1/me';
const fresh = mintJwt({ sub: 'u1', iat: epochSeconds(T0 - 60_000), exp: epochSeconds(T0 + 3_600_000) });

const fresherToken: ExperimentPlan = {
  kind: 'fresher-token',
  causeId: 'token-expired',
  request: { method: 'GET', url: URL_ME, headers: [{ name: 'authorization', value: `Bearer ${fresh}` }] },
  change: 'authorization: "Bearer eyJ••••••abcd (200 chars)" → Bearer eyJ••••••wxyz (217 chars)',
  pageOrigin: 'https://app.example.com',
};
const sameAgain: ExperimentPlan = {
  kind: 'same-again',
  causeId: 'token-revoked',
  request: { method: 'GET', url: URL_ME, headers: [{ name: 'authorization', value: `Bearer ${fresh}` }] },
  change: 'Nothing: the same request again.',
  pageOrigin: 'https://app.example.com',
};
const preflightPlan: ExperimentPlan = {
  kind: 'preflight',
  causeId: 'preflight-rejected',
  request: { method: 'GET', url: URL_ME, headers: [{ name: 'authorization', value: `Bearer ${fresh}` }] },
  change: 'Nothing: the same GET with authorization.',
  pageOrigin: 'https://app.example.com',
};

function response(overrides: Partial<ExperimentResponse> = {}): ExperimentResponse {
  return {
    status: 200,
    url: URL_ME,
    headers: [],
    startedAt: T0 + 10,
    completedAt: T0 + 70,
    ...overrides,
  };
}

interface Setup {
  plan?: ExperimentPlan | string | ((kind: string) => Promise<ExperimentPlan | string>);
  send?: (tabId: number, request: ExperimentRequest) => Promise<ExperimentResponse>;
}

/** The runner with the worker's parts faked: a real claims registry and a real tab history. */
function setup({ plan = fresherToken, send }: Setup = {}) {
  let now = T0;
  const claims = new ExperimentClaims(() => now);
  const history = emptyHistory(TAB);
  const recorded: Exchange[] = [];
  const sent: ExperimentRequest[] = [];
  let ids = 0;
  const deps: ExperimentRunnerDeps = {
    plan: vi.fn(async (_tabId, _exchangeId, _causeId, kind) =>
      typeof plan === 'function' ? plan(kind) : plan,
    ),
    sendFromPage: vi.fn(async (tabId: number, request: ExperimentRequest, _origin: string) => {
      sent.push(request);
      return send ? send(tabId, request) : response();
    }),
    record: vi.fn(async (exchange: Exchange) => {
      // As handed over: the history's recorder may change its copy.
      recorded.push(structuredClone(exchange));
      recordExchange(history, exchange, { maxExchanges: 50 });
    }),
    claims,
    failureStatuses: () => AUTH_FAILURE_STATUSES,
    nextId: () => `x-${++ids}`,
  };
  return {
    runner: new ExperimentRunner(deps),
    deps,
    claims,
    history,
    recorded,
    sent,
    setNow: (at: number) => {
      now = at;
    },
  };
}

/** What network capture would hand over while the experiment runs. */
function captured(overrides: Partial<Exchange>): Exchange {
  return {
    ...makeExchange({ status: 401, at: T0 + 5, url: URL_ME }),
    id: 'capture',
    tabId: TAB,
    type: 'preflight',
    ...overrides,
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ExperimentRunner', () => {
  it('sends nothing and records nothing when the plan says why not', async () => {
    const reason = 'This failure is no longer in the tab’s history: nothing was sent.';
    const { runner, deps, recorded, claims } = setup({ plan: reason });
    await expect(runner.run(TAB, 'f1', 'token-expired', 'fresher-token')).resolves.toEqual({
      ok: false,
      reason,
    });
    expect(deps.plan).toHaveBeenCalledWith(TAB, 'f1', 'token-expired', 'fresher-token');
    expect(deps.sendFromPage).not.toHaveBeenCalled();
    expect(recorded).toEqual([]);
    // No claim was left behind to swallow the app's own call to that URL.
    expect(claims.claim(captured({ method: 'GET' }))).toBe(false);
  });

  it('when the page does not answer, says so, records nothing and stops claiming the URL', async () => {
    const { runner, recorded, history, claims, setNow } = setup({
      send: async () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
    });
    const reply = await runner.run(TAB, 'f1', 'token-expired', 'fresher-token');
    expect(reply.ok).toBe(false);
    expect(reply.ok ? '' : reply.reason).toContain('The page did not answer');
    expect(reply.ok ? '' : reply.reason).toContain('nothing was recorded');
    expect(recorded).toEqual([]);
    expect(history.exchanges).toEqual([]);
    // The app's next call to the same URL, a second later, is the app's again.
    setNow(T0 + 1000);
    expect(claims.claim(captured({ method: 'GET', startedAt: T0 + 900, completedAt: T0 + 950 }))).toBe(false);
  });

  it('a success is recorded once, marked as the experiment, never as a failure, and confirms the fix', async () => {
    const { runner, recorded, history, sent } = setup({
      send: async () =>
        response({
          status: 200,
          url: `${URL_ME}?after=redirect`,
          headers: [
            { name: 'content-type', value: 'application/json' },
            { name: 'set-cookie', value: 'sid=server-session-secret' },
            { name: 'x-powered-by', value: 'Express' },
          ],
          body: { text: '{"user":"u1"}', truncated: false },
        }),
    });
    const reply = await runner.run(TAB, 'f1', 'token-expired', 'fresher-token');
    // What the page sent is the plan's request, exactly.
    expect(sent).toEqual([fresherToken.request]);
    expect(recorded).toHaveLength(1);
    const [record] = recorded;
    expect(record).toMatchObject({
      id: 'x-1',
      tabId: TAB,
      method: 'GET',
      url: `${URL_ME}?after=redirect`,
      status: 200,
      type: 'experiment',
      startedAt: T0 + 10,
      completedAt: T0 + 70,
      requestHeaders: fresherToken.request.headers,
      responseBody: { text: '{"user":"u1"}', truncated: false },
      sources: ['page'],
      failed: false,
      experiment: {
        kind: 'fresher-token',
        causeId: 'token-expired',
        forExchangeId: 'f1',
        verdict: 'confirmed',
        change: fresherToken.change,
      },
    });
    // Only the response headers a diagnosis reads are kept, and a Set-Cookie without its value.
    expect(record?.responseHeaders).toEqual([
      { name: 'content-type', value: 'application/json' },
      { name: 'set-cookie', value: 'sid=[removed]' },
    ]);
    expect(history.exchanges).toHaveLength(1);
    expect(history.failureCount).toBe(0);
    expect(reply).toEqual({
      ok: true,
      result: expect.objectContaining({
        kind: 'fresher-token',
        verdict: 'confirmed',
        exchangeId: 'x-1',
        status: 200,
        durationMs: 60,
        change: fresherToken.change,
      }),
    });
  });

  it('a fix still refused rules its cause out, and the refusal does not count on the badge', async () => {
    const { runner, recorded, history } = setup({
      send: async () =>
        response({
          status: 401,
          headers: [{ name: 'www-authenticate', value: 'Bearer error="invalid_token"' }],
        }),
    });
    const reply = await runner.run(TAB, 'f1', 'token-expired', 'fresher-token');
    expect(recorded[0]?.experiment?.verdict).toBe('ruled-out');
    expect(recorded[0]?.failed).toBe(false);
    expect(history.failureCount).toBe(0);
    expect(reply.ok && reply.result).toMatchObject({
      verdict: 'ruled-out',
      status: 401,
      serverSaid: 'Bearer error="invalid_token"',
    });
  });

  it('a 200 whose body says token_revoked counts as refused', async () => {
    const revoked = () =>
      response({
        status: 200,
        headers: [{ name: 'content-type', value: 'application/json' }],
        body: { text: '{"ok":false,"error":"token_revoked"}', truncated: false },
      });
    const again = setup({ plan: sameAgain, send: async () => revoked() });
    const confirmed = await again.runner.run(TAB, 'f1', 'token-revoked', 'same-again');
    expect(confirmed.ok && confirmed.result.verdict).toBe('confirmed');
    expect(again.recorded[0]?.failed).toBe(false);
    expect(again.history.failureCount).toBe(0);

    const fix = setup({ send: async () => revoked() });
    const ruledOut = await fix.runner.run(TAB, 'f1', 'token-expired', 'fresher-token');
    expect(ruledOut.ok && ruledOut.result.verdict).toBe('ruled-out');
  });

  it('no answer at all (a CORS block) proves nothing, and says what the page saw', async () => {
    const { runner, recorded } = setup({
      send: async () => response({ status: 0, error: 'TypeError: Failed to fetch' }),
    });
    const reply = await runner.run(TAB, 'f1', 'token-expired', 'fresher-token');
    expect(recorded[0]).toMatchObject({ status: 0, error: 'TypeError: Failed to fetch', failed: false });
    expect(reply.ok && reply.result).toMatchObject({
      verdict: 'inconclusive',
      status: 0,
      error: 'TypeError: Failed to fetch',
    });
    expect(reply.ok && reply.result.reason).toContain('TypeError: Failed to fetch');
  });

  it('claims the experiment’s own request while it runs, so network capture does not record it as the app’s', async () => {
    let claimedOwn: boolean | undefined;
    const box: { claims?: ExperimentClaims } = {};
    const context = setup({
      send: async (tabId, request) => {
        claimedOwn = box.claims?.claim(
          captured({ tabId, method: request.method, url: request.url, type: 'xmlhttprequest' }),
        );
        return response({ status: 401 });
      },
    });
    box.claims = context.claims;
    await context.runner.run(TAB, 'f1', 'token-expired', 'fresher-token');
    expect(claimedOwn).toBe(true);
    expect(context.recorded).toHaveLength(1);
  });

  it('preflight: the browser’s own OPTIONS, as network capture saw it, is the answer and the record', async () => {
    const box: { claims?: ExperimentClaims } = {};
    const options = captured({
      id: 'net-9',
      method: 'OPTIONS',
      status: 403,
      sources: ['network'],
      responseHeaders: [{ name: 'content-type', value: 'text/plain' }],
    });
    const context = setup({
      plan: preflightPlan,
      send: async () => {
        box.claims?.claim(options);
        // The page's fetch fails: the browser blocked it after the refused preflight.
        return response({ status: 0, error: 'TypeError: Failed to fetch' });
      },
    });
    box.claims = context.claims;
    const reply = await context.runner.run(TAB, 'f1', 'preflight-rejected', 'preflight');
    expect(context.recorded).toHaveLength(1);
    expect(context.recorded[0]).toMatchObject({
      id: 'x-1',
      method: 'OPTIONS',
      status: 403,
      type: 'experiment',
      sources: ['network'],
      failed: false,
      experiment: { kind: 'preflight', verdict: 'confirmed', forExchangeId: 'f1' },
    });
    // The capture's own object is not changed (it may be held elsewhere).
    expect(options.experiment).toBeUndefined();
    expect(options.id).toBe('net-9');
    expect(context.history.failureCount).toBe(0);
    expect(reply.ok && reply.result).toMatchObject({ verdict: 'confirmed', status: 403, method: 'OPTIONS' });
  });

  it('preflight: an accepted OPTIONS rules the preflight out, whatever the page’s request got', async () => {
    const box: { claims?: ExperimentClaims } = {};
    const context = setup({
      plan: preflightPlan,
      send: async () => {
        box.claims?.claim(captured({ method: 'OPTIONS', status: 204, sources: ['network'] }));
        return response({ status: 401 });
      },
    });
    box.claims = context.claims;
    const reply = await context.runner.run(TAB, 'f1', 'preflight-rejected', 'preflight');
    expect(reply.ok && reply.result).toMatchObject({ verdict: 'ruled-out', status: 204 });
  });

  it('preflight: one not seen is inconclusive when the request was blocked, ruled out when it went through', async () => {
    vi.useFakeTimers();
    const blocked = setup({
      plan: preflightPlan,
      send: async () => response({ status: 0, error: 'TypeError: Failed to fetch' }),
    });
    const running = blocked.runner.run(TAB, 'f1', 'preflight-rejected', 'preflight');
    // It waits a moment for network capture before judging without it.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(blocked.recorded).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    const reply = await running;
    expect(reply.ok && reply.result).toMatchObject({ verdict: 'inconclusive', status: 0 });
    expect(reply.ok && reply.result.reason).toContain('preflight was not seen');
    expect(blocked.recorded[0]).toMatchObject({ method: 'GET', status: 0, failed: false });

    const through = setup({ plan: preflightPlan, send: async () => response({ status: 200 }) });
    const passing = through.runner.run(TAB, 'f1', 'preflight-rejected', 'preflight');
    await vi.advanceTimersByTimeAsync(2_000);
    const passed = await passing;
    expect(passed.ok && passed.result).toMatchObject({ verdict: 'ruled-out', status: 200 });
  });

  it('refuses a second run in a tab while one runs, but not in another tab, and not once it is over', async () => {
    const pending = deferred<ExperimentResponse>();
    let calls = 0;
    const context = setup({
      send: async () => {
        calls++;
        return calls === 1 ? pending.promise : response();
      },
    });
    const first = context.runner.run(TAB, 'f1', 'token-expired', 'fresher-token');
    await vi.waitFor(() => expect(context.deps.sendFromPage).toHaveBeenCalledTimes(1));
    await expect(context.runner.run(TAB, 'f2', 'token-expired', 'fresher-token')).resolves.toEqual({
      ok: false,
      reason: expect.stringContaining('already running in this tab'),
    });
    // Refused before anything: not even planned.
    expect(context.deps.plan).toHaveBeenCalledTimes(1);
    const otherTab = await context.runner.run(TAB + 1, 'g1', 'token-expired', 'fresher-token');
    expect(otherTab.ok).toBe(true);
    pending.resolve(response());
    expect((await first).ok).toBe(true);
    const later = await context.runner.run(TAB, 'f2', 'token-expired', 'fresher-token');
    expect(later.ok).toBe(true);
    expect(context.recorded.map((record) => record.experiment?.forExchangeId)).toEqual(['g1', 'f1', 'f2']);
  });

  it('a run that failed does not leave the tab locked', async () => {
    let attempt = 0;
    const context = setup({
      plan: async () => {
        attempt++;
        if (attempt === 1) throw new Error('storage unavailable');
        return fresherToken;
      },
    });
    await expect(context.runner.run(TAB, 'f1', 'token-expired', 'fresher-token')).rejects.toThrow(
      'storage unavailable',
    );
    const reply = await context.runner.run(TAB, 'f1', 'token-expired', 'fresher-token');
    expect(reply.ok).toBe(true);
  });

  it('sends nothing when the tab now shows another origin, and says where the failure was', async () => {
    const { runner, recorded } = setup({
      send: async () => {
        throw new PageChangedError('https://elsewhere.example');
      },
    });
    const reply = await runner.run(TAB, 'f1', 'token-expired', 'fresher-token');
    expect(reply).toEqual({
      ok: false,
      reason: expect.stringContaining('the tab now shows https://elsewhere.example: nothing was sent'),
    });
    expect(recorded).toEqual([]);
  });

  it('refuses a plan whose page is not known', async () => {
    const { runner, deps } = setup({ plan: { ...fresherToken, pageOrigin: undefined } as ExperimentPlan });
    const reply = await runner.run(TAB, 'f1', 'token-expired', 'fresher-token');
    expect(reply.ok).toBe(false);
    expect(deps.sendFromPage).not.toHaveBeenCalled();
  });

  it('sends nothing when the plan is no longer the change the user was shown', async () => {
    const { runner, deps } = setup();
    const reply = await runner.run(
      TAB,
      'f1',
      'token-expired',
      'fresher-token',
      'authorization: another token',
    );
    expect(reply).toEqual({ ok: false, reason: expect.stringContaining('changed since this was shown') });
    expect(deps.sendFromPage).not.toHaveBeenCalled();
    const same = await runner.run(TAB, 'f1', 'token-expired', 'fresher-token', fresherToken.change);
    expect(same.ok).toBe(true);
  });
});
