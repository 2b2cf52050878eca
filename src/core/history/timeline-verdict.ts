import { formatDuration, formatInstant, formatRelative } from '../time/format-relative.ts';
import type { CredentialTrack, FailureTail } from './credential-track.ts';
import type { TimelineVerdict } from './token-timeline.ts';

/** Sending an expired token for longer than this is no longer a race with the refresh: it was missed. */
export const REFRESH_MISSED_AFTER_MS = 60_000;

export interface VerdictContext {
  now: number;
  firstSeen: number;
  lastSeen: number;
  /** The switch that took this credential's place, with the newer credential's label. */
  replacedBy?: { at: number; label: string };
  /** The first credential seen after this one in the same slot. */
  newer?: { at: number; label: string };
}

export interface Verdict {
  verdict: TimelineVerdict;
  explanation: string;
}

/**
 * How the credential's story ends, judged from its last stretch: the failures after its last
 * success say why it stopped working; without them it works, or was replaced while working.
 */
export function judgeTimeline(track: CredentialTrack, context: VerdictContext): Verdict {
  const { tail } = track;
  if (tail?.expiredAt !== undefined) return expiredVerdict(track, tail, tail.expiredAt, context);
  if (tail && (tail.revokedBecause !== undefined || (track.successes > 0 && tail.unexpired401)))
    return revokedVerdict(track, tail, context);
  if (tail) return refusedVerdict(track, tail, context);
  if (track.successes === 0) {
    return {
      verdict: 'failing',
      explanation: `Never shown to work: none of its ${count(track.events.length, 'request')} got an answer that shows whether it works (server errors or network failures), from ${at(context.firstSeen)} to ${at(context.lastSeen)}.`,
    };
  }
  const lastSuccess = lastSuccessAt(track);
  if (context.replacedBy) {
    const { replacedBy } = context;
    const ahead =
      track.expiresAt !== undefined && replacedBy.at < track.expiresAt
        ? ` The switch came ${duration(track.expiresAt - replacedBy.at)} before it would have expired.`
        : '';
    return {
      verdict: 'replaced',
      explanation: `Worked until ${at(lastSuccess)}; the app switched to ${replacedBy.label} at ${at(replacedBy.at)} and last sent this one at ${at(context.lastSeen)}.${ahead}`,
    };
  }
  const refusedBefore = track.failures
    ? ` It was refused ${count(track.failures, 'time')} earlier, but worked again after.`
    : '';
  return {
    verdict: 'working',
    explanation: `Accepted ${count(track.successes, 'time')}, last at ${at(lastSuccess)}.${refusedBefore}${expiryOutlook(track, context.now)}`,
  };
}

function expiredVerdict(
  track: CredentialTrack,
  tail: FailureTail,
  refusedAsExpiredAt: number,
  context: VerdictContext,
): Verdict {
  const expiry = track.expiresAt ?? refusedAsExpiredAt;
  const expiredWords =
    track.expiresAt !== undefined
      ? `Expired at ${at(track.expiresAt)}`
      : `Refused as expired from ${at(expiry)}`;
  const sentFor = context.lastSeen - expiry;
  const refused = `${count(tail.count, 'request')} refused from ${at(firstFailureAt(track, tail))}`;
  if (!context.newer && sentFor > REFRESH_MISSED_AFTER_MS) {
    return {
      verdict: 'refresh-missed',
      explanation: `${expiredWords}, yet the app kept sending it for ${duration(sentFor)} more (until ${at(context.lastSeen)}; ${refused}) and no newer token appeared: the refresh never happened.`,
    };
  }
  const worked = track.successes ? ` It worked until ${at(lastSuccessAt(track))}.` : '';
  let after = ` Last sent at ${at(context.lastSeen)}.`;
  if (context.replacedBy) after = switched(context);
  else if (context.newer)
    after = ` It was still sent until ${at(context.lastSeen)}, although a newer credential (${context.newer.label}) appeared at ${at(context.newer.at)}.`;
  return { verdict: 'expired', explanation: `${expiredWords}; ${refused}.${worked}${after}` };
}

function revokedVerdict(track: CredentialTrack, tail: FailureTail, context: VerdictContext): Verdict {
  const refusedAt = at(firstFailureAt(track, tail));
  const exp = track.expiresAt !== undefined ? `its exp is ${at(track.expiresAt)}` : 'it carries no expiry';
  // Our own evidence first (worked, then 401 before exp); otherwise the diagnosis' words.
  const how =
    track.successes > 0 && tail.unexpired401
      ? `Worked until ${at(lastSuccessAt(track))}, then refused with 401 from ${refusedAt} although it had not expired (${exp}): it was revoked (a sign-out, a password change or a session invalidated on the server).`
      : `Refused from ${refusedAt}. ${tail.revokedBecause ?? 'It was revoked'}.`;
  const since = ` ${count(tail.count, 'request')} refused since.`;
  return { verdict: 'revoked', explanation: `${how}${since}${switched(context)}` };
}

function refusedVerdict(track: CredentialTrack, tail: FailureTail, context: VerdictContext): Verdict {
  const why = `${tail.last.status}${tail.last.topCause ? `, ${tail.last.topCause}` : ''}`;
  const explanation = track.successes
    ? `Worked until ${at(lastSuccessAt(track))}, then refused from ${at(firstFailureAt(track, tail))} (${why}); ${count(tail.count, 'refusal')} in a row.`
    : `Never accepted: all ${count(tail.count, 'request')} with it were refused (${why}), from ${at(firstFailureAt(track, tail))} to ${at(tail.last.at)}.`;
  return { verdict: 'failing', explanation: `${explanation}${switched(context)}` };
}

function switched({ replacedBy }: VerdictContext): string {
  return replacedBy ? ` The app then switched to ${replacedBy.label} at ${at(replacedBy.at)}.` : '';
}

function expiryOutlook(track: CredentialTrack, now: number): string {
  if (track.expiresAt === undefined) return '';
  return track.expiresAt <= now
    ? ` It expired at ${at(track.expiresAt)} (${formatRelative(track.expiresAt, now)}): the next request with it will be refused unless the app refreshes it first.`
    : ` It expires at ${at(track.expiresAt)} (${formatRelative(track.expiresAt, now)}).`;
}

export function firstFailureAt(track: CredentialTrack, tail: FailureTail): number {
  return track.events[tail.firstIndex]?.at ?? tail.last.at;
}

export function lastSuccessAt(track: CredentialTrack): number {
  return track.events[track.lastSuccessIndex ?? -1]?.at ?? 0;
}

const at = formatInstant;

function duration(ms: number): string {
  return formatDuration(ms) ?? 'less than a second';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
