import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeExchange } from '../../test/make-exchange.ts';
import type { Exchange } from '../core/exchange.ts';
import { ExperimentClaims } from './experiment-claims.ts';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
const URL_ME = 'https://api.example.com/v1/me';

/** A clock the test moves by hand. */
function clock(start = T0) {
  let now = start;
  return {
    now: () => now,
    set: (at: number) => {
      now = at;
    },
  };
}

let records = 0;

/** A record as network capture or DevTools hands it over. */
function seen(overrides: Partial<Exchange> & { at?: number } = {}): Exchange {
  const { at = T0 + 100, ...rest } = overrides;
  return {
    ...makeExchange({ status: 401, at, url: URL_ME }),
    id: `r${++records}`,
    tabId: 7,
    ...rest,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ExperimentClaims.claim', () => {
  it('claims the experiment’s own request: same tab, same URL, same method, inside its window', () => {
    const time = clock();
    const claims = new ExperimentClaims(time.now);
    claims.expect(7, 'GET', URL_ME);
    expect(claims.claim(seen())).toBe(true);
    // DevTools reports the same request a moment later, with a fragment: still the experiment's.
    time.set(T0 + 500);
    expect(claims.claim(seen({ url: `${URL_ME}#devtools`, sources: ['devtools'] }))).toBe(true);
  });

  it('claims the browser’s OPTIONS preflight of it, and keeps it for the preflight experiment', () => {
    const time = clock();
    const claims = new ExperimentClaims(time.now);
    const claim = claims.expect(7, 'GET', URL_ME);
    const preflight = seen({ method: 'OPTIONS', status: 403 });
    expect(claims.claim(preflight)).toBe(true);
    expect(claim.preflight).toBe(preflight);
  });

  it('an OPTIONS experiment (a write’s preflight test): the first OPTIONS is the browser’s preflight, the second its own', () => {
    const claims = new ExperimentClaims(clock().now);
    const claim = claims.expect(7, 'OPTIONS', URL_ME);
    const preflight = seen({ method: 'OPTIONS', status: 401 });
    expect(claims.claim(preflight)).toBe(true);
    expect(claim.preflight).toBe(preflight);
    expect(claims.claim(seen({ method: 'OPTIONS', status: 204 }))).toBe(true);
    expect(claim.preflight).toBe(preflight);
    // A third is the app's.
    expect(claims.claim(seen({ method: 'OPTIONS' }))).toBe(false);
  });

  it('claims one request and one preflight per source: the app’s own call a moment later stays the app’s', () => {
    const claims = new ExperimentClaims(clock().now);
    claims.expect(7, 'GET', URL_ME);
    expect(claims.claim(seen({}))).toBe(true);
    expect(claims.claim(seen({}))).toBe(false);
    expect(claims.claim(seen({ sources: ['devtools'] }))).toBe(true);
    expect(claims.claim(seen({ sources: ['devtools'] }))).toBe(false);
  });

  it('leaves the app’s traffic alone: other tabs, other URLs, other methods', () => {
    const claims = new ExperimentClaims(clock().now);
    const claim = claims.expect(7, 'GET', `${URL_ME}?q=1#section`);
    expect(claims.claim(seen({ tabId: 8, url: `${URL_ME}?q=1` }))).toBe(false);
    expect(claims.claim(seen({ url: URL_ME }))).toBe(false);
    expect(claims.claim(seen({ url: `${URL_ME}?q=2` }))).toBe(false);
    expect(claims.claim(seen({ url: 'https://other.example.com/v1/me?q=1' }))).toBe(false);
    expect(claims.claim(seen({ url: `${URL_ME}?q=1`, method: 'POST' }))).toBe(false);
    expect(claims.claim(seen({ url: `${URL_ME}?q=1`, method: 'HEAD' }))).toBe(false);
    // An OPTIONS of another tab is not this experiment's preflight.
    expect(claims.claim(seen({ tabId: 8, url: `${URL_ME}?q=1`, method: 'OPTIONS' }))).toBe(false);
    expect(claim.preflight).toBeUndefined();
    // And the experiment's own request is still claimed after all that.
    expect(claims.claim(seen({ url: `${URL_ME}?q=1` }))).toBe(true);
  });

  it('a request that ended before the experiment began is the app’s', () => {
    const time = clock(T0 + 10_000);
    const claims = new ExperimentClaims(time.now);
    claims.expect(7, 'GET', URL_ME);
    expect(claims.claim(seen({ at: T0, completedAt: T0 + 9_000 }))).toBe(false);
    // A few ms across the worker's and the browser's clocks is tolerated.
    expect(claims.claim(seen({ at: T0 + 9_800, completedAt: T0 + 9_900 }))).toBe(true);
  });

  it('after finish, only a record of a request that started during the experiment is claimed', () => {
    const time = clock();
    const claims = new ExperimentClaims(time.now);
    const claim = claims.expect(7, 'GET', URL_ME);
    time.set(T0 + 1000);
    claims.finish(claim);
    time.set(T0 + 2000);
    // The app calls the same URL after the experiment: its own request.
    expect(claims.claim(seen({ at: T0 + 1500, completedAt: T0 + 1600 }))).toBe(false);
    // A late copy of the experiment's request (started at T0 + 100) is still the experiment's.
    expect(claims.claim(seen({ at: T0 + 100, completedAt: T0 + 900 }))).toBe(true);
  });

  it('records arriving more than 3 s after finish are no longer claimed', () => {
    const time = clock();
    const claims = new ExperimentClaims(time.now);
    const claim = claims.expect(7, 'GET', URL_ME);
    time.set(T0 + 1000);
    claims.finish(claim);
    time.set(T0 + 1000 + 2_999);
    expect(claims.claim(seen({ at: T0 + 100 }))).toBe(true);
    time.set(T0 + 1000 + 3_001);
    expect(claims.claim(seen({ at: T0 + 100 }))).toBe(false);
    // Once forgotten it stays forgotten, even if the clock were set back.
    time.set(T0 + 1000);
    expect(claims.claim(seen({ at: T0 + 100 }))).toBe(false);
  });

  it('an unfinished experiment keeps claiming its requests however long it runs', () => {
    const time = clock();
    const claims = new ExperimentClaims(time.now);
    claims.expect(7, 'GET', URL_ME);
    time.set(T0 + 60_000);
    expect(claims.claim(seen({ at: T0 + 50_000 }))).toBe(true);
  });
});

describe('ExperimentClaims.preflight', () => {
  it('is the preflight already claimed, at once', async () => {
    const claims = new ExperimentClaims(clock().now);
    const claim = claims.expect(7, 'GET', URL_ME);
    const options = seen({ method: 'OPTIONS' });
    claims.claim(options);
    vi.useFakeTimers();
    await expect(claims.preflight(claim, 1_500)).resolves.toBe(options);
  });

  it('resolves as soon as network capture hands over the OPTIONS, without waiting out the delay', async () => {
    vi.useFakeTimers();
    const claims = new ExperimentClaims(clock().now);
    const claim = claims.expect(7, 'GET', URL_ME);
    let settled: Exchange | undefined | 'pending' = 'pending';
    const waiting = claims.preflight(claim, 60_000).then((value) => {
      settled = value;
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(settled).toBe('pending');
    const options = seen({ method: 'OPTIONS' });
    expect(claims.claim(options)).toBe(true);
    // No timer is advanced: the claim alone wakes the waiting experiment.
    await waiting;
    expect(settled).toBe(options);
  });

  it('gives up after the wait with nothing when no preflight was seen', async () => {
    vi.useFakeTimers();
    const claims = new ExperimentClaims(clock().now);
    const claim = claims.expect(7, 'GET', URL_ME);
    let settled: Exchange | undefined | 'pending' = 'pending';
    void claims.preflight(claim, 1_500).then((value) => {
      settled = value;
    });
    await vi.advanceTimersByTimeAsync(1_499);
    expect(settled).toBe('pending');
    // The experiment's own GET is not a preflight.
    claims.claim(seen());
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBeUndefined();
  });

  it('an OPTIONS for another experiment does not wake this one', async () => {
    vi.useFakeTimers();
    const claims = new ExperimentClaims(clock().now);
    const mine = claims.expect(7, 'GET', URL_ME);
    const theirs = claims.expect(9, 'GET', URL_ME);
    let settled: Exchange | undefined | 'pending' = 'pending';
    void claims.preflight(mine, 1_500).then((value) => {
      settled = value;
    });
    const other = seen({ tabId: 9, method: 'OPTIONS' });
    expect(claims.claim(other)).toBe(true);
    expect(theirs.preflight).toBe(other);
    await vi.advanceTimersByTimeAsync(100);
    expect(settled).toBe('pending');
    await vi.advanceTimersByTimeAsync(1_400);
    expect(settled).toBeUndefined();
  });
});
