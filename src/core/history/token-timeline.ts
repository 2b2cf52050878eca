import type { Exchange } from '../exchange.ts';
import { type GrantLinkInput, grantLink } from '../token-endpoint/grant-link.ts';
import { credentialKey } from './credential-key.ts';
import { addToTrack, type CredentialTrack, keptEvents, newTrack } from './credential-track.ts';
import type { DiagnosedExchange } from './group-failures.ts';
import { type CredentialUse, findParallelUse } from './parallel-use.ts';
import { firstFailureAt, judgeTimeline, lastSuccessAt } from './timeline-verdict.ts';
import { findSwitches } from './token-switches.ts';

export type TimelineVerdict = 'working' | 'expired' | 'revoked' | 'failing' | 'replaced' | 'refresh-missed';

export interface TimelineEvent {
  at: number;
  exchangeId: string;
  method: string;
  url: string;
  status: number;
  /** The server answered 2xx/3xx and did not refuse the credential. */
  ok: boolean;
  /** Top cause id of a failure, '' otherwise. */
  topCause: string;
}

/**
 * One credential's life in the tab: "which token did this request use, when did it stop working,
 * and why". Successes count accepted answers and failures authentication refusals; server errors
 * and network failures are events that count as neither, since they say nothing of the token.
 */
export interface TokenTimeline {
  /** credentialKey of its exchanges. */
  fingerprint: string;
  /** The masked value ("eyJ••••••ab12 (812 chars)"), never the secret. */
  label: string;
  kind: string;
  firstSeen: number;
  lastSeen: number;
  successes: number;
  failures: number;
  lastSuccessAt?: number;
  /** When it stopped working: the first failure after its last success; unset while it works. */
  firstFailureAt?: number;
  /** From the JWT's iat and exp, when it is one. */
  issuedAt?: number;
  expiresAt?: number;
  verdict: TimelineVerdict;
  /** The verdict in plain words, with times. */
  explanation: string;
  /** Oldest first; at most TIMELINE_LIMITS.eventsPerTimeline (the counts above stay exact). */
  events: TimelineEvent[];
  /**
   * Token-endpoint exchanges between the credential's last success and its first failure (or while
   * it was in use): the refresh that failed, or succeeded while the app kept this token (issue 17).
   */
  refreshes: RefreshAttempt[];
}

export interface RefreshAttempt {
  at: number;
  exchangeId: string;
  /** The grant asked for (`refresh_token`, ...). */
  grant: string;
  ok: boolean;
  /** The top cause's title of a refused one; what was issued of a successful one. */
  words: string;
}

/** The app moved from one credential to the next (a refresh, a new sign-in). */
export interface TokenSwitch {
  at: number;
  from: string;
  to: string;
}

/** Two or more credentials used interleaved (A B A B) within five minutes. */
export interface ParallelUse {
  from: number;
  to: number;
  fingerprints: string[];
}

export const TIMELINE_LIMITS = { eventsPerTimeline: 200, refreshesPerTimeline: 5 } as const;

/** Exchanges without a credential are left out: they have no token to tell the story of. */
export function buildTokenTimelines(
  items: readonly DiagnosedExchange[],
  now: number,
): { timelines: TokenTimeline[]; switches: TokenSwitch[]; parallel: ParallelUse[] } {
  // Stable: exchanges that started in the same millisecond keep the order they were recorded in.
  const sorted = [...items].sort((a, b) => a.exchange.startedAt - b.exchange.startedAt);
  const tracks = new Map<string, CredentialTrack>();
  const uses: CredentialUse[] = [];
  const grants = sorted.filter((item) => item.exchange.tokenRequest !== undefined);
  /** Each credential's first request: what ties a grant to it (its token's issuer, client, page). */
  const firstOf = new Map<string, DiagnosedExchange>();
  const exchanges = grants.length > 0 ? sorted.map((item) => item.exchange) : [];
  for (const item of sorted) {
    const fingerprint = credentialKey(item.exchange);
    if (fingerprint === undefined) continue;
    let track = tracks.get(fingerprint);
    if (!track) {
      track = newTrack(fingerprint, item);
      tracks.set(fingerprint, track);
      firstOf.set(fingerprint, item);
    }
    addToTrack(track, item);
    uses.push({ fingerprint, at: item.exchange.startedAt });
  }

  // Map order is insertion order, so this is first-seen order.
  const ordered = [...tracks.values()].map((track) => ({
    track,
    fingerprint: track.fingerprint,
    slot: track.slot,
    firstSeen: track.events[0]?.at ?? 0,
    lastSeen: track.events[track.events.length - 1]?.at ?? 0,
  }));
  const switches = findSwitches(ordered);
  const replacedBy = new Map(switches.map((change) => [change.from, change]));
  const newer = newerInSlot(ordered);

  const timelines = ordered.map(({ track, firstSeen, lastSeen }): TokenTimeline => {
    const change = replacedBy.get(track.fingerprint);
    const next = newer.get(track.fingerprint);
    const { verdict, explanation } = judgeTimeline(track, {
      now,
      firstSeen,
      lastSeen,
      ...(change ? { replacedBy: { at: change.at, label: tracks.get(change.to)?.label ?? change.to } } : {}),
      ...(next ? { newer: { at: next.firstSeen, label: next.track.label } } : {}),
    });
    return {
      fingerprint: track.fingerprint,
      label: track.label,
      kind: track.kind,
      firstSeen,
      lastSeen,
      successes: track.successes,
      failures: track.failures,
      ...(track.successes ? { lastSuccessAt: lastSuccessAt(track) } : {}),
      ...(track.tail ? { firstFailureAt: firstFailureAt(track, track.tail) } : {}),
      ...(track.issuedAt === undefined ? {} : { issuedAt: track.issuedAt }),
      ...(track.expiresAt === undefined ? {} : { expiresAt: track.expiresAt }),
      verdict,
      explanation,
      events: keptEvents(track, TIMELINE_LIMITS.eventsPerTimeline),
      refreshes: refreshesDuring(grants, track, tiedBy(firstOf.get(track.fingerprint), exchanges), {
        // A token that never worked here: the refreshes shortly before its first use.
        from: track.successes ? lastSuccessAt(track) : firstSeen - REFRESH_LOOKBACK_MS,
        to: track.tail ? firstFailureAt(track, track.tail) : lastSeen,
      }),
    };
  });
  return { timelines, switches, parallel: findParallelUse(uses) };
}

/** How far before a never-working token's first use a refresh still belongs to its story. */
const REFRESH_LOOKBACK_MS = 5 * 60_000;

/** The grants of the tab in a credential's window, none of them its own requests. */
function refreshesDuring(
  grants: readonly DiagnosedExchange[],
  track: CredentialTrack,
  tie: GrantLinkInput | undefined,
  window: { from: number; to: number },
): RefreshAttempt[] {
  const attempts: RefreshAttempt[] = [];
  if (!tie || grants.length === 0) return attempts;
  for (const { exchange, diagnosis } of grants) {
    if (exchange.completedAt < window.from || exchange.startedAt > window.to) continue;
    if (credentialKey(exchange) === track.fingerprint) continue;
    // Only the grants of this token's issuer or client (or, for an opaque token, its page).
    if (!grantLink(tie, exchange)) continue;
    const issued = exchange.tokenResponse?.accessToken ?? exchange.tokenResponse?.idToken;
    attempts.push({
      at: exchange.completedAt,
      exchangeId: exchange.id,
      grant: exchange.tokenRequest?.grantType ?? 'unknown',
      ok: !exchange.failed && exchange.status >= 200 && exchange.status < 300,
      words: exchange.failed
        ? (diagnosis.causes[0]?.title ?? `refused (${exchange.status})`)
        : issued
          ? `issued a new token (${issued.fingerprint})`
          : `answered ${exchange.status}`,
    });
  }
  return attempts.slice(-TIMELINE_LIMITS.refreshesPerTimeline);
}

/** What ties grants to a credential, from its first request; none for a credential with no token. */
function tiedBy(
  first: DiagnosedExchange | undefined,
  history: readonly Exchange[],
): GrantLinkInput | undefined {
  if (!first || first.diagnosis.token === undefined) return undefined;
  return {
    exchange: first.exchange,
    token: first.diagnosis.token,
    ...(first.diagnosis.jwt ? { jwt: first.diagnosis.jwt } : {}),
    history,
  };
}

interface Seen {
  track: CredentialTrack;
  slot: string;
  firstSeen: number;
}

/** For each credential, the first one to appear after it in the same slot. */
function newerInSlot(ordered: readonly Seen[]): Map<string, Seen> {
  const newer = new Map<string, Seen>();
  // Per slot, the credentials still waiting for a successor (all share the latest first-seen time).
  const waiting = new Map<string, Seen[]>();
  for (const seen of ordered) {
    const pending = waiting.get(seen.slot) ?? [];
    const stillWaiting = pending.filter((earlier) => earlier.firstSeen === seen.firstSeen);
    for (const earlier of pending)
      if (earlier.firstSeen < seen.firstSeen) newer.set(earlier.track.fingerprint, seen);
    stillWaiting.push(seen);
    waiting.set(seen.slot, stillWaiting);
  }
  return newer;
}
