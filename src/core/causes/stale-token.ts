import type { Facts } from '../facts.ts';
import { fingerprint } from '../fingerprint.ts';
import { formatInstant } from '../time/format-relative.ts';
import { grantWords, tokenRequestLine } from '../token-endpoint/describe-token-exchange.ts';
import { type Refreshed, refreshedBefore } from '../token-endpoint/refreshed-before.ts';
import type { TokenRequest } from '../token-endpoint/token-request.ts';
import { boundedJson } from '../tokens/bounded-json.ts';
import { decodeJwt, type JsonObject, numericDate } from '../tokens/decode-jwt.ts';
import type { Cause, CauseDetector, Evidence } from './cause.ts';

/**
 * The app sent an older token while a fresher one for the same user sits in page storage: a
 * refresh happened but a cached header, an HTTP client instance or another tab kept the old one.
 */
export const staleToken: CauseDetector = {
  id: 'stale-token',
  detect(facts) {
    const refreshed = refreshedBefore(facts);
    const stored = fresherInStorage(facts);
    if (!refreshed) return stored;
    const evidence = refreshEvidence(refreshed);
    if (stored) return { ...stored, evidence: [evidence, ...stored.evidence] };
    return {
      id: 'stale-token',
      title: `The app got a new token at ${formatInstant(refreshed.exchange.completedAt)} but this request still sent the old one`,
      evidence: [
        evidence,
        {
          source: 'request',
          text: `This request sent token ${fingerprint(facts.token as string)}, from before that ${grantWords(refreshed.exchange.tokenRequest as TokenRequest)}.`,
        },
      ],
      fix: FIX,
      confidence: refreshed.link === 'tab' ? 'medium' : 'high',
      score: 90,
      rankReason:
        'More specific than "expired": a valid replacement was issued, so the app is sending the wrong one.',
    };
  },
};

function refreshEvidence(refreshed: Refreshed): Evidence {
  return {
    source: 'history',
    text: `At ${formatInstant(refreshed.exchange.completedAt)} ${tokenRequestLine(refreshed.exchange)} → ${refreshed.exchange.status} issued a new token (${refreshed.issued.fingerprint})${refreshed.validUntil === undefined ? '' : `, valid until ${formatInstant(refreshed.validUntil)}`}.`,
  };
}

const FIX =
  'Read the token from storage (or the auth library) when each request is made instead of capturing it once: an interceptor that reads the current token, or update the HTTP client defaults after every refresh.';

function fresherInStorage(facts: Facts): Cause | undefined {
  if (facts.jwt?.kind !== 'jws' || facts.token === undefined) return undefined;
  const sent = facts.jwt.payload;
  const sentIssued = numericDate(sent, 'iat') ?? numericDate(sent, 'exp');
  if (sentIssued === undefined) return undefined;
  for (const stored of facts.pageTokens) {
    if (stored.value === facts.token) continue;
    const decoded = decodeJwt(stored.value);
    if (decoded.kind !== 'jws' || !sameSubject(sent, decoded.payload)) continue;
    const storedIssued = numericDate(decoded.payload, 'iat') ?? numericDate(decoded.payload, 'exp');
    const storedExpiry = numericDate(decoded.payload, 'exp');
    if (storedIssued === undefined || storedIssued <= sentIssued) continue;
    if (storedExpiry !== undefined && storedExpiry * 1000 < facts.now) continue;
    return {
      id: 'stale-token',
      title: `The app sent an old token while a fresher one is in ${stored.store} (${stored.path})`,
      evidence: [
        { source: 'claim', text: `Sent token issued ${formatInstant(sentIssued * 1000)}.` },
        {
          source: 'history',
          text: `${stored.store} "${stored.path}" holds a token for the same subject issued ${formatInstant(storedIssued * 1000)}${storedExpiry ? `, valid until ${formatInstant(storedExpiry * 1000)}` : ''}.`,
        },
      ],
      fix: FIX,
      confidence: 'high',
      score: 90,
      rankReason:
        'More specific than "expired": a valid replacement exists, so the app is sending the wrong one.',
    };
  }
  return undefined;
}

function sameSubject(a: JsonObject, b: JsonObject): boolean {
  if (a.iss !== b.iss) return false;
  if (a.sub !== undefined || b.sub !== undefined) return a.sub === b.sub;
  return sameJson(a.aud, b.aud);
}

/** Equal as JSON; an audience too deep or too long to write out is never "the same" (it is hostile). */
function sameJson(a: unknown, b: unknown): boolean {
  const left = boundedJson(a, { maxChars: 4096 });
  const right = boundedJson(b, { maxChars: 4096 });
  return !left.truncated && !right.truncated && left.text === right.text;
}
