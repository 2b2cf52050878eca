import type { DiagnosedExchange } from './group-failures.ts';
import type { TimelineEvent } from './token-timeline.ts';

/** Causes that mean "this credential's time ran out", whatever the clocks say. */
const EXPIRY_CAUSES: ReadonlySet<string> = new Set(['token-expired', 'aws-expired-credentials']);

/**
 * Everything one credential's exchanges add up to, gathered in one pass oldest first. The
 * "tail" is the run of failures after the last success: it is what says how the credential
 * stopped working, so it restarts whenever the credential works again.
 */
export interface CredentialTrack {
  fingerprint: string;
  label: string;
  kind: string;
  /** Where the credential travels (`authorization`, `x-api-key`…): a refresh keeps the slot. */
  slot: string;
  events: TimelineEvent[];
  successes: number;
  failures: number;
  lastSuccessIndex?: number;
  issuedAt?: number;
  expiresAt?: number;
  tail?: FailureTail;
}

export interface FailureTail {
  /** Index in `events` of the first failure after the last success. */
  firstIndex: number;
  count: number;
  /** The first tail failure refused after the token's expiry (by either clock or by the server's word). */
  expiredAt?: number;
  /** The diagnosis ranked revocation first (the server said so, or the history shows it): its title. */
  revokedBecause?: string;
  /** A 401 while the token had not expired. */
  unexpired401?: TimelineEvent;
  /** The newest tail failure: its status and cause name the refusal. */
  last: TimelineEvent;
}

export function newTrack(fingerprint: string, { diagnosis }: DiagnosedExchange): CredentialTrack {
  const credential = diagnosis.credentials[0];
  return {
    fingerprint,
    // The masked form only: the timeline is rendered and may be copied into reports.
    label: credential?.masked ?? `credential ${fingerprint}`,
    kind: credential?.kind ?? 'unrecognised credential',
    slot: diagnosis.credentials
      .map((sent) => sent.header)
      .sort()
      .join(','),
    events: [],
    successes: 0,
    failures: 0,
  };
}

/** A success is a credential the server answered and accepted; 5xx and network errors prove nothing. */
export function isSuccess({ exchange }: DiagnosedExchange): boolean {
  return !exchange.failed && exchange.status >= 200 && exchange.status < 400;
}

export function addToTrack(track: CredentialTrack, item: DiagnosedExchange): void {
  const { exchange, diagnosis } = item;
  const ok = isSuccess(item);
  const topCause = diagnosis.causes[0]?.id ?? '';
  const event: TimelineEvent = {
    at: exchange.startedAt,
    exchangeId: exchange.id,
    method: exchange.method,
    url: exchange.url,
    status: exchange.status,
    ok,
    topCause,
  };
  track.events.push(event);

  const times = diagnosis.localTimes;
  if (times && track.expiresAt === undefined && track.issuedAt === undefined) {
    if (times.issuedAt !== undefined) track.issuedAt = times.issuedAt;
    if (times.expiresAt !== undefined) track.expiresAt = times.expiresAt;
  }

  if (ok) {
    track.successes++;
    track.lastSuccessIndex = track.events.length - 1;
    track.tail = undefined;
    return;
  }
  if (!exchange.failed) return;
  track.failures++;
  // By the token's own exp with no leeway: a strict server refuses the second after exp.
  const pastExpiry =
    (track.expiresAt !== undefined && event.at > track.expiresAt) ||
    diagnosis.localTimes?.expired === true ||
    diagnosis.serverTimes?.expired === true ||
    EXPIRY_CAUSES.has(topCause);
  const tail = track.tail ?? { firstIndex: track.events.length - 1, count: 0, last: event };
  tail.count++;
  tail.last = event;
  if (pastExpiry) tail.expiredAt ??= event.at;
  if (topCause === 'token-revoked') tail.revokedBecause ??= diagnosis.causes[0]?.title;
  if (!pastExpiry && exchange.status === 401) tail.unexpired401 ??= event;
  track.tail = tail;
}

/**
 * At most `limit` events, oldest first. The newest are kept, plus the moments the timeline is
 * about when they are older: first use, last success and the first failure after it.
 */
export function keptEvents(track: CredentialTrack, limit: number): TimelineEvent[] {
  const { events } = track;
  if (events.length <= limit) return events.slice();
  const pinned = new Set<number>([0]);
  if (track.lastSuccessIndex !== undefined) pinned.add(track.lastSuccessIndex);
  if (track.tail) pinned.add(track.tail.firstIndex);
  // A pinned moment inside the newest run needs no slot of its own, which widens the run, which
  // may take in another pinned moment: settle on the fixed point (at most three rounds).
  let outside = [...pinned].sort((a, b) => a - b);
  let start = events.length - (limit - outside.length);
  for (;;) {
    const before = outside.filter((index) => index < start);
    if (before.length === outside.length) break;
    outside = before;
    start = events.length - (limit - outside.length);
  }
  const kept: TimelineEvent[] = [];
  for (const index of outside) {
    const event = events[index];
    if (event) kept.push(event);
  }
  return kept.concat(events.slice(start));
}
