import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeExchange } from '../../test/make-exchange.ts';
import { mintJwt } from '../../test/mint-jwt.ts';
import { emptyHistory } from '../core/history/tab-history.ts';
import type { StoredToken } from '../core/page-tokens/find-stored-tokens.ts';
import { TabDiagnoses } from './tab-diagnoses.ts';

const now = Date.now();
const expired = mintJwt({ sub: 'u1', exp: Math.floor(now / 1000) - 600 });
const fresh = mintJwt({ sub: 'u1', exp: Math.floor(now / 1000) + 3600 });
const stored: StoredToken[] = [{ store: 'sessionStorage', path: 'access_token', value: fresh }];

function setup(collect: () => Promise<StoredToken[]>) {
  return new TabDiagnoses({
    history: async (tabId) => ({
      ...emptyHistory(tabId),
      exchanges: [
        makeExchange({ status: 401, at: now - 1000, request: { authorization: `Bearer ${expired}` } }),
      ],
      failureCount: 1,
    }),
    collectPageTokens: collect,
    settings: () => ({ skewToleranceSeconds: 60, extraCredentialHeaders: new Set() }),
  });
}

const causeIds = async (diagnoses: TabDiagnoses) =>
  (await diagnoses.failures(1)).newest?.diagnosis.causes.map((cause) => cause.id) ?? [];

afterEach(() => {
  vi.useRealTimers();
});

describe('TabDiagnoses', () => {
  it('diagnoses with the tokens the page reports', async () => {
    await expect(causeIds(setup(async () => stored))).resolves.toContain('stale-token');
  });

  it('diagnoses without stored tokens when the tab has no content script', async () => {
    const ids = await causeIds(setup(() => Promise.reject(new Error('Receiving end does not exist'))));
    expect(ids).toContain('token-expired');
    expect(ids).not.toContain('stale-token');
  });

  it('does not wait long on a busy page: it uses the tokens that page reported last', async () => {
    let answer = true;
    const diagnoses = setup(() => (answer ? Promise.resolve(stored) : new Promise<never>(() => {})));
    await causeIds(diagnoses);
    answer = false;
    vi.useFakeTimers();
    const pending = causeIds(diagnoses);
    await vi.advanceTimersByTimeAsync(400);
    await expect(pending).resolves.toContain('stale-token');
  });
});
