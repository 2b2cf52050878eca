import { describe, expect, it } from 'vitest';
import { formatInstant } from '../time/format-relative.ts';
import type { DiagnosedExchange } from './group-failures.ts';
import { accessToken, diagnosedHistory, MINUTE, T0 } from './timeline-test-helpers.ts';
import { buildTokenTimelines, TIMELINE_LIMITS } from './token-timeline.ts';

const HOUR = 60 * MINUTE;

/** Diagnosing thousands of exchanges is not what is measured: diagnose one of each, then copy. */
function copyAt(item: DiagnosedExchange, index: number, at: number): DiagnosedExchange {
  return {
    exchange: { ...item.exchange, id: `c${index}`, startedAt: at, completedAt: at + 40 },
    diagnosis: item.diagnosis,
  };
}

function templates(token: string | undefined): { ok: DiagnosedExchange; refused: DiagnosedExchange } {
  const [ok, refused] = diagnosedHistory(
    [
      { at: T0, ...(token ? { token } : {}), status: 200 },
      { at: T0 + 1000, ...(token ? { token } : {}), status: 401 },
    ],
    T0,
  );
  if (!ok || !refused) throw new Error('no templates');
  return { ok, refused };
}

describe('buildTokenTimelines limits', () => {
  it('keeps 200 events (first use, last success, first failure and the newest) with exact counts', () => {
    const { ok, refused } = templates(accessToken(T0, 24 * HOUR));
    const items = Array.from({ length: 500 }, (_, index) =>
      copyAt(index < 100 ? ok : refused, index, T0 + index * 1000),
    );
    const [timeline] = buildTokenTimelines(items, T0 + HOUR).timelines;
    expect(timeline).toMatchObject({ successes: 100, failures: 400, verdict: 'revoked' });
    expect(timeline?.events).toHaveLength(TIMELINE_LIMITS.eventsPerTimeline);
    expect(timeline?.events.slice(0, 4).map((event) => event.exchangeId)).toEqual([
      'c0',
      'c99',
      'c100',
      'c303',
    ]);
    expect(timeline?.events.at(-1)?.exchangeId).toBe('c499');
    expect(timeline?.lastSuccessAt).toBe(T0 + 99_000);
    expect(timeline?.firstFailureAt).toBe(T0 + 100_000);
  });

  it('takes the server at its word when it says the token was revoked', () => {
    const token = accessToken(T0, HOUR);
    const items = diagnosedHistory(
      [{ at: T0 + MINUTE, token, status: 401, challenge: 'The access token has been revoked' }],
      T0 + 2 * MINUTE,
    );
    const [timeline] = buildTokenTimelines(items, T0 + 2 * MINUTE).timelines;
    expect(timeline?.verdict).toBe('revoked');
    expect(timeline?.explanation).toBe(
      `Refused from ${formatInstant(T0 + MINUTE)}. The server says the token has been revoked. 1 request refused since.`,
    );
  });

  it('builds timelines for 5,000 exchanges in bounded time (no quadratic blow-up)', () => {
    const tokens = Array.from({ length: 5 }, (_, index) => accessToken(T0 + index * HOUR, HOUR));
    const byToken = tokens.map(templates);
    const anonymous = templates(undefined);
    const items = Array.from({ length: 5000 }, (_, index) => {
      const set = index % 10 === 9 ? anonymous : byToken[Math.floor(index / 1000)];
      if (!set) throw new Error('no template');
      return copyAt(index % 50 === 49 ? set.refused : set.ok, index, T0 + index * 3000);
    });
    buildTokenTimelines(items.slice(0, 100), T0); // warm up the JIT so the measure is the steady state
    const started = performance.now();
    const { timelines, switches } = buildTokenTimelines(items, T0 + 5 * HOUR);
    const elapsed = performance.now() - started;
    expect(timelines).toHaveLength(5);
    expect(switches).toHaveLength(4);
    expect(timelines.reduce((sum, timeline) => sum + timeline.successes + timeline.failures, 0)).toBe(4500);
    expect(elapsed).toBeLessThan(500);
  });
});
