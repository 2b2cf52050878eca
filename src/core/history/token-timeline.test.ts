import { describe, expect, it } from 'vitest';
import { maskSecret } from '../mask-secret.ts';
import { formatInstant } from '../time/format-relative.ts';
import { accessToken, diagnosedHistory, fingerprintOf, MINUTE, repeat, T0 } from './timeline-test-helpers.ts';
import { buildTokenTimelines, type TokenTimeline } from './token-timeline.ts';

const HOUR = 60 * MINUTE;
const SECOND = 1000;

function timelineOf(timelines: readonly TokenTimeline[], token: string): TokenTimeline {
  const found = timelines.find((timeline) => timeline.fingerprint === fingerprintOf(token));
  if (!found) throw new Error('no timeline for the token');
  return found;
}

describe('buildTokenTimelines', () => {
  it('tells when a token that worked was revoked, without ever showing the token', () => {
    const token = accessToken(T0 - 5 * MINUTE, HOUR);
    const steps = [
      ...repeat(3, T0, MINUTE, { token, status: 200 }),
      ...repeat(2, T0 + 3 * MINUTE, MINUTE, { token, status: 401 }),
    ];
    const now = T0 + 10 * MINUTE;
    const { timelines, switches } = buildTokenTimelines(diagnosedHistory(steps, now), now);

    expect(timelines).toHaveLength(1);
    const [timeline] = timelines;
    expect(timeline).toMatchObject({
      label: maskSecret(token),
      kind: 'JWT access token (HS256) from https://login.example.com/',
      firstSeen: T0,
      lastSeen: T0 + 4 * MINUTE,
      successes: 3,
      failures: 2,
      lastSuccessAt: T0 + 2 * MINUTE,
      firstFailureAt: T0 + 3 * MINUTE,
      issuedAt: T0 - 5 * MINUTE,
      expiresAt: T0 + 55 * MINUTE,
      verdict: 'revoked',
    });
    expect(timeline?.explanation).toContain(`Worked until ${formatInstant(T0 + 2 * MINUTE)}`);
    expect(timeline?.explanation).toContain(`refused with 401 from ${formatInstant(T0 + 3 * MINUTE)}`);
    expect(timeline?.events.map((event) => event.ok)).toEqual([true, true, true, false, false]);
    expect(timeline?.events[3]).toMatchObject({ status: 401, topCause: 'token-revoked', exchangeId: 'x3' });
    expect(JSON.stringify(timeline)).not.toContain(token.slice(20, 60));
    expect(switches).toEqual([]);
  });

  it('calls out a refresh that never happened: an expired token still sent minutes later', () => {
    const token = accessToken(T0 - 50 * MINUTE, HOUR); // exp T0 + 10 min
    const steps = [
      ...repeat(2, T0, 5 * MINUTE, { token, status: 200 }),
      ...repeat(4, T0 + 11 * MINUTE, MINUTE, { token, status: 401, challenge: 'The access token expired' }),
    ];
    const now = T0 + 15 * MINUTE;
    const [timeline] = buildTokenTimelines(diagnosedHistory(steps, now), now).timelines;
    expect(timeline).toMatchObject({
      verdict: 'refresh-missed',
      successes: 2,
      failures: 4,
      expiresAt: T0 + 10 * MINUTE,
      firstFailureAt: T0 + 11 * MINUTE,
    });
    expect(timeline?.events[2]?.topCause).toBe('token-expired');
    expect(timeline?.explanation).toBe(
      `Expired at ${formatInstant(T0 + 10 * MINUTE)}, yet the app kept sending it for 4 min more (until ${formatInstant(T0 + 14 * MINUTE)}; 4 requests refused from ${formatInstant(T0 + 11 * MINUTE)}) and no newer token appeared: the refresh never happened.`,
    );
  });

  it('says expired, not refresh-missed, while the expiry is under a minute old', () => {
    const token = accessToken(T0 - 50 * MINUTE, HOUR);
    const steps = [
      { at: T0, token, status: 200 },
      { at: T0 + 10 * MINUTE + 20 * SECOND, token, status: 401 },
    ];
    const [timeline] = buildTokenTimelines(
      diagnosedHistory(steps, T0 + 11 * MINUTE),
      T0 + 11 * MINUTE,
    ).timelines;
    expect(timeline?.verdict).toBe('expired');
    expect(timeline?.explanation).toContain(`Expired at ${formatInstant(T0 + 10 * MINUTE)}`);
  });

  it('follows a refresh: the old token is replaced, the switch is recorded', () => {
    const first = accessToken(T0, 15 * MINUTE);
    const second = accessToken(T0 + 10 * MINUTE, 15 * MINUTE);
    const steps = [
      ...repeat(5, T0, 2 * MINUTE, { token: first, status: 200 }), // last at T0 + 8 min
      ...repeat(3, T0 + 10 * MINUTE, MINUTE, { token: second, status: 200 }),
    ];
    const now = T0 + 13 * MINUTE;
    const { timelines, switches, parallel } = buildTokenTimelines(diagnosedHistory(steps, now), now);
    expect(timelines.map((timeline) => timeline.verdict)).toEqual(['replaced', 'working']);
    expect(switches).toEqual([
      { at: T0 + 10 * MINUTE, from: fingerprintOf(first), to: fingerprintOf(second) },
    ]);
    expect(parallel).toEqual([]);
    expect(timelineOf(timelines, first).explanation).toBe(
      `Worked until ${formatInstant(T0 + 8 * MINUTE)}; the app switched to ${maskSecret(second)} at ${formatInstant(T0 + 10 * MINUTE)} and last sent this one at ${formatInstant(T0 + 8 * MINUTE)}. The switch came 5 min before it would have expired.`,
    );
    expect(timelineOf(timelines, second).explanation).toContain('Accepted 3 times');
  });

  it('keeps the cause when the refresh came only after a 401', () => {
    const first = accessToken(T0 - 55 * MINUTE, HOUR); // exp T0 + 5 min
    const second = accessToken(T0 + 6 * MINUTE, HOUR);
    const steps = [
      { at: T0, token: first, status: 200 },
      { at: T0 + 6 * MINUTE, token: first, status: 401 },
      { at: T0 + 6 * MINUTE + SECOND, token: second, status: 200 },
    ];
    const now = T0 + 7 * MINUTE;
    const { timelines, switches } = buildTokenTimelines(diagnosedHistory(steps, now), now);
    expect(timelines.map((timeline) => timeline.verdict)).toEqual(['expired', 'working']);
    expect(switches).toHaveLength(1);
    expect(timelines[0]?.explanation).toContain(`switched to ${maskSecret(second)}`);
  });

  it('finds two tokens used interleaved, which is not a switch', () => {
    const tabA = accessToken(T0, HOUR);
    const tabB = accessToken(T0 + 30 * SECOND, HOUR);
    const steps = Array.from({ length: 8 }, (_, index) => ({
      at: T0 + index * 20 * SECOND,
      token: index % 2 ? tabB : tabA,
      status: 200,
    }));
    const { timelines, switches, parallel } = buildTokenTimelines(
      diagnosedHistory(steps, T0 + HOUR),
      T0 + HOUR,
    );
    expect(timelines.map((timeline) => timeline.verdict)).toEqual(['working', 'working']);
    expect(switches).toEqual([]);
    expect(parallel).toEqual([
      { from: T0, to: T0 + 140 * SECOND, fingerprints: [fingerprintOf(tabA), fingerprintOf(tabB)] },
    ]);
  });

  it('ignores requests without a credential and reads input in any order', () => {
    const token = accessToken(T0, HOUR);
    const steps = [
      { at: T0, status: 200, url: 'https://cdn.example.com/app.js' },
      { at: T0 + SECOND, token, status: 200 },
      { at: T0 + 2 * SECOND, status: 401 },
      { at: T0 + 3 * SECOND, token, status: 503 },
    ];
    const items = diagnosedHistory(steps, T0 + MINUTE);
    const { timelines } = buildTokenTimelines([...items].reverse(), T0 + MINUTE);
    expect(timelines).toHaveLength(1);
    expect(timelines[0]).toMatchObject({ successes: 1, failures: 0, verdict: 'working' });
    // The 503 is on the timeline but proves nothing either way about the token.
    expect(timelines[0]?.events.map((event) => [event.exchangeId, event.ok])).toEqual([
      ['x1', true],
      ['x3', false],
    ]);
  });

  it('says failing for a token that was never accepted', () => {
    const token = accessToken(T0, HOUR);
    const steps = repeat(3, T0, SECOND, { token, status: 401 });
    const [timeline] = buildTokenTimelines(diagnosedHistory(steps, T0 + MINUTE), T0 + MINUTE).timelines;
    expect(timeline).toMatchObject({ verdict: 'failing', successes: 0, failures: 3, firstFailureAt: T0 });
    expect(timeline?.explanation).toMatch(/^Never accepted: all 3 requests with it were refused \(401/);
  });

  it('warns when a working token has expired since its last use', () => {
    const token = accessToken(T0, 10 * MINUTE);
    const now = T0 + 20 * MINUTE;
    const [timeline] = buildTokenTimelines(
      diagnosedHistory([{ at: T0, token, status: 200 }], now),
      now,
    ).timelines;
    expect(timeline?.verdict).toBe('working');
    expect(timeline?.explanation).toContain(`It expired at ${formatInstant(T0 + 10 * MINUTE)} (10 min ago)`);
  });

  it('shows the refresh attempt of its issuer between the last success and the first failure, and no other', () => {
    const token = accessToken(T0 - 55 * MINUTE, HOUR);
    const refused = '{"error":"invalid_grant","error_description":"Token is not active"}';
    const steps = [
      { at: T0 - 20 * MINUTE, token, status: 200 },
      // A refresh long before: outside the window between the last success and the first failure.
      {
        at: T0 - 30 * MINUTE,
        status: 200,
        grant: { requestBody: 'grant_type=client_credentials', body: refused },
      },
      { at: T0 - 2 * MINUTE, token, status: 200 },
      {
        at: T0 + 4 * MINUTE,
        status: 400,
        grant: { requestBody: 'grant_type=refresh_token&refresh_token=rt-1&client_id=web', body: refused },
      },
      // Another issuer's refresh in the same window (a widget's Google sign-in): not this token's.
      {
        at: T0 + 5 * MINUTE,
        status: 400,
        grant: {
          requestBody: 'grant_type=refresh_token&refresh_token=rt-2&client_id=widget',
          body: refused,
          url: 'https://oauth2.googleapis.com/token',
        },
      },
      { at: T0 + 6 * MINUTE, token, status: 401 },
    ].sort((a, b) => a.at - b.at);
    const now = T0 + 10 * MINUTE;
    const timeline = timelineOf(buildTokenTimelines(diagnosedHistory(steps, now), now).timelines, token);
    expect(timeline.refreshes).toHaveLength(1);
    expect(timeline.refreshes[0]).toMatchObject({
      grant: 'refresh_token',
      ok: false,
      at: T0 + 4 * MINUTE + 40,
    });
    expect(timeline.refreshes[0]?.words).toMatch(/^The token endpoint refused the refresh/);
  });
});
