import type { JsonObject } from '../tokens/decode-jwt.ts';
import type { CauseDetector, Evidence } from './cause.ts';

/** RFC 6750 §3.1 insufficient_scope: the token is valid but does not grant this operation. */
export const insufficientScope: CauseDetector = {
  id: 'insufficient-scope',
  detect(facts) {
    if (facts.bearerError?.error !== 'insufficient_scope') return undefined;
    const required = facts.bearerError.scope;
    const granted = facts.jwt?.kind === 'jws' ? grantedScopes(facts.jwt.payload) : undefined;
    const evidence: Evidence[] = [
      {
        source: 'response-header',
        text: `error="insufficient_scope"${required ? `, scope="${required}"` : ''}`,
      },
    ];
    if (granted !== undefined) {
      evidence.push({
        source: 'claim',
        text: `The token grants: ${granted.length ? granted.join(' ') : '(no scopes)'}`,
      });
    }
    const missing = required?.split(/\s+/).filter((scope) => scope && !granted?.includes(scope));
    return {
      id: 'insufficient-scope',
      title: missing?.length
        ? `The token lacks the scope this API requires: ${missing.join(' ')}`
        : 'The token lacks the scope this API requires',
      evidence,
      fix: 'Request the missing scope when the token is obtained (the `scope` parameter of the authorization request) and make sure the user or client is allowed to have it.',
      confidence: 'high',
      score: 88,
      rankReason:
        'The server names insufficient_scope: the token was accepted but does not grant this operation.',
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
