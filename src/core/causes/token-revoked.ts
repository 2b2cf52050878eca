import type { Exchange } from '../exchange.ts';
import type { Facts } from '../facts.ts';
import { credentialKey } from '../history/credential-key.ts';
import { formatInstant } from '../time/format-relative.ts';
import type { Cause, CauseDetector } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/**
 * The same credential worked earlier in this tab and is now refused although it has not expired:
 * it was revoked (sign-out elsewhere, password change, key rotation, session invalidated).
 */
export const tokenRevoked: CauseDetector = {
  id: 'token-revoked',
  detect(facts) {
    const statement = findSignal(facts, 'revoked');
    if (statement) return statedRevocation(signalEvidence(statement));
    const key = credentialKey(facts.exchange);
    const signedOut = key === undefined ? undefined : signedOutWith(key, facts);
    if (signedOut) return signOutInHistory(signedOut, key as string);
    if (facts.exchange.status !== 401 || facts.localTimes?.expired || facts.serverTimes?.expired)
      return undefined;
    if (key === undefined) return undefined;
    const worked = lastWorkedWith(key, facts);
    if (!worked) return undefined;
    return {
      id: 'token-revoked',
      title: 'The same token worked earlier in this tab and is now refused: it was probably revoked',
      evidence: [
        {
          source: 'history',
          text: `${worked.method} ${new URL(worked.url).pathname} → ${worked.status} at ${formatInstant(worked.completedAt)} with the same credential (fingerprint ${key}).`,
        },
        {
          source: 'claim',
          text:
            facts.localTimes?.expiresAt !== undefined
              ? `Not expired: exp is ${formatInstant(facts.localTimes.expiresAt)}.`
              : 'The token carries no expiry the browser can read.',
        },
      ],
      fix: 'Sign in again to get a new token. If this happens without a sign-out, look for session invalidation on the server (logout elsewhere, password or key rotation, refresh-token reuse detection) and make the app refresh and retry once on 401.',
      confidence: 'medium',
      score: 80,
      rankReason:
        'A credential that succeeded minutes ago and now fails without expiring points to revocation.',
    };
  },
};

/** Slack token_revoked / account_inactive and the like: the server says it outright. */
function statedRevocation(evidence: Cause['evidence'][number]): Cause {
  return {
    id: 'token-revoked',
    title: 'The server says the token has been revoked',
    evidence: [evidence],
    fix: 'Get a new token: sign in again or reinstall/reauthorise the app. Revoked tokens do not come back; find out who revoked it (a user, an admin, a password change) if it keeps happening.',
    confidence: 'high',
    score: 89,
    rankReason: 'The server states the revocation.',
  };
}

/** The newest success before this request with the same credential (newest first, no copy). */
/** A sign-out or revocation endpoint (`/logout`, `/auth/sign_out`, `/oauth/revoke`, `/sessions/current`). */
const SIGN_OUT = /\/(?:log[-_]?out|sign[-_]?out|revoke|end[-_]?session)\b|\/logout/i;

/** An earlier, successful call to a sign-out endpoint with this same credential. */
function signedOutWith(key: string, { exchange, history }: Facts): Exchange | undefined {
  for (let index = history.length - 1; index >= 0; index--) {
    const earlier = history[index] as Exchange;
    if (
      earlier.id !== exchange.id &&
      earlier.completedAt <= exchange.startedAt &&
      earlier.status >= 200 &&
      earlier.status < 300 &&
      // The whole URL first (no parsing): most records are no sign-out at all.
      SIGN_OUT.test(earlier.url) &&
      SIGN_OUT.test(pathOf(earlier.url)) &&
      credentialKey(earlier) === key
    )
      return earlier;
  }
  return undefined;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/** The app itself signed this credential out, then sent it again. */
function signOutInHistory(signedOut: Exchange, key: string): Cause {
  return {
    id: 'token-revoked',
    title: 'This token was signed out earlier in this tab, then sent again',
    evidence: [
      {
        source: 'history',
        text: `${signedOut.method} ${pathOf(signedOut.url)} → ${signedOut.status} at ${formatInstant(signedOut.completedAt)} with the same credential (fingerprint ${key}).`,
      },
    ],
    fix: 'After a sign-out, clear the token everywhere the app keeps it (memory, storage, HTTP client defaults) and sign in again before calling the API.',
    confidence: 'high',
    score: 91,
    rankReason: 'The same credential was sent to a sign-out endpoint, which succeeded, before this refusal.',
  };
}

function lastWorkedWith(key: string, { exchange, history }: Facts): Exchange | undefined {
  for (let index = history.length - 1; index >= 0; index--) {
    const earlier = history[index] as Exchange;
    if (
      earlier.id !== exchange.id &&
      earlier.completedAt <= exchange.startedAt &&
      !earlier.failed &&
      earlier.status >= 200 &&
      earlier.status < 400 &&
      credentialKey(earlier) === key
    )
      return earlier;
  }
  return undefined;
}
