import type { JsonObject } from '../tokens/decode-jwt.ts';
import type { CauseDetector, Evidence } from './cause.ts';
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
    if (!statement && !rfc) return undefined;
    // With nothing sent, what is missing is a credential, not a scope: token-missing says so.
    if (facts.credentials.length === 0 && !rfc) return undefined;
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

/** `scope` (RFC 8693/9068, space-separated) or `scp` (Azure AD, Okta: string or array). */
export function grantedScopes(payload: JsonObject): string[] | undefined {
  for (const claim of ['scope', 'scp']) {
    const value = payload[claim];
    if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  }
  return undefined;
}
