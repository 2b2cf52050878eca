import { describe, expect, it } from 'vitest';
import { formatDuration, formatRelative } from './format-relative.ts';
import { isSignificantSkew, readServerClock } from './server-clock.ts';
import { tokenTimes } from './token-times.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const s = (ms: number) => Math.floor(ms / 1000);

describe('tokenTimes', () => {
  it('marks a token past exp beyond the tolerance as expired', () => {
    const times = tokenTimes({ exp: s(NOW - 5 * 60_000), iat: s(NOW - 65 * 60_000) }, NOW, 60_000);
    expect(times).toMatchObject({ expired: true, notYetValid: false, expiresAt: NOW - 5 * 60_000 });
  });

  it('forgives expiry within the tolerance', () => {
    expect(tokenTimes({ exp: s(NOW - 30_000) }, NOW, 60_000).expired).toBe(false);
  });

  it('marks nbf in the future as not yet valid and iat in the future as issued ahead', () => {
    const times = tokenTimes({ nbf: s(NOW + 10 * 60_000), iat: s(NOW + 10 * 60_000) }, NOW, 60_000);
    expect(times).toMatchObject({ notYetValid: true, issuedInFuture: true });
  });

  it('ignores claims that are not numbers', () => {
    expect(tokenTimes({ exp: '1700000000' }, NOW, 0)).toEqual({
      expired: false,
      notYetValid: false,
      issuedInFuture: false,
    });
  });
});

describe('readServerClock', () => {
  it('measures the server clock against the arrival time', () => {
    const clock = readServerClock('Sat, 21 Nov 2026 12:10:00 GMT', NOW);
    expect(clock?.skewMs).toBe(10 * 60_000);
    expect(isSignificantSkew(clock?.skewMs ?? 0, 60_000)).toBe(true);
  });

  it('ignores a missing or unparsable Date', () => {
    expect(readServerClock(undefined, NOW)).toBeUndefined();
    expect(readServerClock('yesterday-ish', NOW)).toBeUndefined();
  });

  it('treats sub-2-second skew as noise', () => {
    expect(isSignificantSkew(1500, 0)).toBe(false);
  });
});

describe('formatRelative', () => {
  it('speaks in the largest readable unit', () => {
    expect(formatRelative(NOW - 5 * 60_000, NOW)).toBe('5 min ago');
    expect(formatRelative(NOW + 2 * 3_600_000, NOW)).toBe('in 2 h');
    expect(formatRelative(NOW + 90 * 60_000, NOW)).toBe('in 1 h 30 min');
    expect(formatRelative(NOW, NOW)).toBe('just now');
    expect(formatDuration(3 * 86_400_000)).toBe('3 days');
  });
});
