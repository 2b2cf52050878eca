import type { Facts } from '../facts.ts';
import { classifyCode } from '../signals/phrase-model.ts';
import type { ServerSignal } from '../signals/server-signal.ts';
import type { JsonObject } from '../tokens/decode-jwt.ts';
import type { Cause, CauseDetector, Evidence } from './cause.ts';
import { findSignal, signalEvidence } from './signal-evidence.ts';

/**
 * The token is valid but does not grant this operation: RFC 6750 §3.1 insufficient_scope, Slack
 * missing_scope (needed/provided), Google "insufficient authentication scopes".
 */
export const insufficientScope: CauseDetector = {
  id: 'insufficient-scope',
  detect(facts) {
    const statement = findSignal(facts, 'insufficient-scope');
    const rfc = facts.bearerError?.error === 'insufficient_scope';
    // Only a 403 with nothing to read: a body, even one that says just "Forbidden", is the server's
    // own account of the refusal and is read as such.
    const refusedWithCredential =
      !statement &&
      !rfc &&
      facts.exchange.status === 403 &&
      facts.credentials.length > 0 &&
      facts.signals.length === 0 &&
      !facts.exchange.responseBody?.text.trim();
    if (!statement && !rfc && !refusedWithCredential) return undefined;
    // Nothing sent, and the server names only a class (FORBIDDEN) or an anonymous caller: what is
    // missing is a credential, not a scope, and token-missing says so. A cookie session is not
    // seen here, so a statement that names a user's rights still counts.
    if (facts.credentials.length === 0 && !rfc && statement && anonymousRefusal(statement)) return undefined;
    if (refusedWithCredential) return bareForbidden(facts);
    // "permission denied" next to "invalid token" (HashiCorp Vault): a token that was not accepted
    // has no scope to lack.
    if (!rfc && tokenRefused(facts)) return undefined;
    const required =
      statement?.details?.requiredScopes ?? facts.bearerError?.scope?.split(/\s+/).filter(Boolean) ?? [];
    const granted =
      (facts.jwt?.kind === 'jws' ? grantedScopes(facts.jwt.payload) : undefined) ??
      statement?.details?.grantedScopes;
    const evidence: Evidence[] = statement
      ? [signalEvidence(statement)]
      : [
          {
            source: 'response-header',
            text: `error="insufficient_scope"${required.length ? `, scope="${required.join(' ')}"` : ''}`,
          },
        ];
    if (granted !== undefined) {
      evidence.push({
        source: 'claim',
        text: `The token grants: ${granted.length ? granted.join(' ') : '(no scopes)'}`,
      });
    }
    const missing = required.filter((scope) => !granted?.includes(scope));
    return {
      id: 'insufficient-scope',
      title: missing.length
        ? `The token lacks the scope this API requires: ${missing.join(' ')}`
        : 'The token lacks the scope this API requires',
      evidence,
      fix: "Request the missing scope when the token is obtained (the `scope` parameter of the authorization request, or the app's configured scopes) and make sure the user or client is allowed to have it; then get a new token.",
      confidence: 'high',
      score: 88,
      rankReason: 'The server says the token was accepted but does not grant this operation.',
    };
  },
};

function tokenRefused(facts: Facts): boolean {
  return facts.signals.some(
    (signal) =>
      (signal.kind === 'invalid' || signal.kind === 'unauthenticated') &&
      /\b(?:token|jwt|credentials?|api[ _-]?key|key)\b/i.test(signal.message),
  );
}

function anonymousRefusal(statement: ServerSignal): boolean {
  return (
    (classifyCode(statement.code ?? '')?.category === true &&
      !/\b(?:user|role|scope|permission)s?\b/i.test(statement.message)) ||
    /\b(?:guests?|anonymous|unauthenticated|public role)\b/i.test(statement.message)
  );
}

/**
 * A 403 with a credential and not a word more: RFC 9110 §15.5.4 says the server understood the
 * request and considers the credentials insufficient. A likely cause, ranked just above the
 * generic refusal and below anything the token or the history shows.
 */
function bareForbidden(facts: Facts): Cause {
  return {
    id: 'insufficient-scope',
    title: 'The server accepted who you are but refused this operation (HTTP 403)',
    evidence: [
      {
        source: 'status',
        text: `HTTP 403 to a request that carried ${facts.credentials.map((credential) => credential.description).join(', ')}; no reason given.`,
      },
    ],
    fix: "Check the roles, groups or scopes this endpoint requires and those the credential carries (its claims, or the key's settings); a 401 would have meant the credential itself was refused.",
    confidence: 'low',
    score: 45,
    rankReason:
      'RFC 9110 §15.5.4: a 403 to a request with credentials means they are insufficient; the server gave no reason, so this is a likely cause only.',
  };
}

/** `scope` (RFC 8693/9068, space-separated) or `scp` (Azure AD, Okta: string or array). */
export function grantedScopes(payload: JsonObject): string[] | undefined {
  for (const claim of ['scope', 'scp']) {
    const value = payload[claim];
    if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  }
  return undefined;
}
