/**
 * Shared by the family readers: matchers, quoting, building and merging signals. Bodies from
 * servers no family recognises are read by stated-reasons.ts.
 */
import { isFailure, readBody } from './generic-body.ts';
import type { AuthChallenge } from './parse-www-authenticate.ts';
import type { ServerSignal, SignalDetails, SignalInput, SignalKind } from './server-signal.ts';

export const MAX_MESSAGE_CHARS = 300;

export type Where = ServerSignal['where'];

/** What one matcher recognised in one text; `at` is where, so a long text is quoted around it. */
export interface TextMatch {
  family: string;
  kind: SignalKind;
  code?: string;
  details?: SignalDetails;
  at?: number;
}
export type TextMatcher = (text: string) => TextMatch | undefined;

/** A matcher from one regex (no `g` flag: `exec` must stay stateless). */
export function rule(
  family: string,
  kind: SignalKind,
  pattern: RegExp,
  extra: {
    code?: string | ((m: RegExpExecArray) => string | undefined);
    details?: (m: RegExpExecArray) => SignalDetails | undefined;
  } = {},
): TextMatcher {
  return (text) => {
    const m = pattern.exec(text);
    if (!m) return undefined;
    const code = typeof extra.code === 'function' ? extra.code(m) : extra.code;
    return { family, kind, code, details: extra.details?.(m), at: m.index };
  };
}

/** A code for `rule` that is reported only when the server's text contains it: codes are quoted, never inferred. */
export const codeIfSaid =
  (code: string) =>
  (m: RegExpExecArray): string | undefined =>
    m.input.includes(code) ? code : undefined;

export function firstMatch(text: string, matchers: readonly TextMatcher[]): TextMatch | undefined {
  for (const match of matchers) {
    const found = match(text);
    if (found) return found;
  }
  return undefined;
}

/** Whitespace collapsed, at most 300 characters, starting near `at` when the statement sits deep in the text. */
export function quote(text: string, at = 0): string {
  const start = at + 120 > MAX_MESSAGE_CHARS ? Math.max(0, at - 60) : 0;
  let out = text
    .slice(start, start + MAX_MESSAGE_CHARS * 4)
    .replace(/\s+/g, ' ')
    .trim();
  if (start > 0) out = `…${out}`;
  return out.length > MAX_MESSAGE_CHARS ? `${out.slice(0, MAX_MESSAGE_CHARS - 1)}…` : out;
}

export interface SignalInit {
  family: string;
  kind: SignalKind;
  message: string;
  where: Where;
  code?: string | undefined;
  details?: SignalDetails | undefined;
  at?: number | undefined;
}

/** A signal with a bounded message and no undefined fields (so results compare and serialise cleanly). */
export function signal(init: SignalInit): ServerSignal {
  const out: ServerSignal = {
    family: init.family,
    kind: init.kind,
    message: quote(init.message, init.at),
    where: init.where,
  };
  if (init.code) out.code = init.code;
  const details = pruneDetails(init.details);
  if (details) out.details = details;
  return out;
}

export function pruneDetails(details: SignalDetails | undefined): SignalDetails | undefined {
  if (!details) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (!empty && !(typeof value === 'number' && !Number.isFinite(value))) out[key] = value;
  }
  return Object.keys(out).length > 0 ? (out as SignalDetails) : undefined;
}

/** Bearer/DPoP challenges whose error_description a vendor matcher may explain (RFC 6750 §3, RFC 9449 §7.1). */
export function describedChallenges(input: SignalInput): { challenge: AuthChallenge; description: string }[] {
  const out: { challenge: AuthChallenge; description: string }[] = [];
  for (const challenge of input.challenge.challenges) {
    const error = challenge.params.error?.toLowerCase();
    const description = challenge.params.error_description;
    if (challenge.schemeKey !== 'bearer' && challenge.schemeKey !== 'dpop') continue;
    if ((error === 'invalid_token' || error === 'invalid_request') && description)
      out.push({ challenge, description });
  }
  return out;
}

/**
 * Vendor matchers over the challenge descriptions and the body. A header statement carries the
 * challenge's error code, so the rfc6750 reader's signal for the same words collapses into this one.
 */
export function matchTexts(input: SignalInput, matchers: readonly TextMatcher[]): ServerSignal[] {
  const out: ServerSignal[] = [];
  for (const { challenge, description } of describedChallenges(input)) {
    const m = firstMatch(description, matchers);
    if (!m) continue;
    const details = { ...m.details, uri: challenge.params.error_uri };
    // Quoted from its start, exactly as rfc6750 quotes it, so the two collapse in readServerSignals.
    out.push(
      signal({
        ...m,
        at: 0,
        code: challenge.params.error,
        details,
        message: description,
        where: 'response-header',
      }),
    );
  }
  const body = readBody(input);
  if (!isFailure(input, body)) return out;
  for (const segment of body.segments) {
    const m = firstMatch(segment, matchers);
    if (m) out.push(signal({ ...m, message: segment, where: 'response-body' }));
  }
  return mergeSameKind(out);
}

/**
 * One statement per family and kind: a body often says the same thing twice (a code and a sentence,
 * `"code":"auth/id-token-expired"` next to its message). Keep the sentence, the first code, all details.
 */
export function mergeSameKind(signals: readonly ServerSignal[]): ServerSignal[] {
  const out: ServerSignal[] = [];
  for (const s of signals) {
    const same = out.findIndex((o) => o.family === s.family && o.kind === s.kind && o.where === s.where);
    const kept = out[same];
    if (!kept) {
      out.push(s);
      continue;
    }
    const merged: ServerSignal = { ...kept };
    if (!kept.message.includes(' ') && s.message.includes(' ')) merged.message = s.message;
    if (!merged.code && s.code) merged.code = s.code;
    const details = pruneDetails({ ...s.details, ...kept.details });
    if (details) merged.details = details;
    out[same] = merged;
  }
  return out;
}

/** Scope lists: space- (RFC 6749 §3.3) or comma-separated (Slack, GitHub headers). */
export function splitScopes(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[\s,]+/)
    .filter((s) => s.length > 0)
    .slice(0, 100);
}

/** `YYYYMMDDTHHMMSSZ` (AWS SigV4, always UTC), ISO 8601 with a zone, or an RFC 9110 date, to ms. */
export function parseUtcTime(text: string | undefined): number | undefined {
  if (!text || text.length > 64) return undefined;
  const t = text.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(t);
  if (compact) {
    const [y, mo, d, h, mi, s] = compact.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return Date.UTC(y, mo - 1, d, h, mi, s);
  }
  // Only forms that name their zone: Date.parse reads a zoneless time as local time.
  if (!/(?:Z|[+-]\d{2}:?\d{2}|GMT|UTC)$/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}
