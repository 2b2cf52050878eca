/**
 * Standard challenge errors: RFC 6750 §3.1 (invalid_request, invalid_token, insufficient_scope),
 * RFC 9470 §3 (insufficient_user_authentication) and RFC 9449 §7.1/§8/§9 (invalid_dpop_proof,
 * use_dpop_nonce), read from Bearer and DPoP challenges, plus the DPoP errors a token endpoint puts
 * in its JSON body (RFC 9449 §5, §8).
 */
import { headerValue } from '../exchange.ts';
import { firstMatch, rule, signal, splitScopes, type TextMatch, type TextMatcher } from './generic.ts';
import { get, readBody, str } from './generic-body.ts';
import { JWT_LIBRARY_RULES } from './jwt-libraries.ts';
import { MICROSOFT_RULES } from './microsoft.ts';
import type { AuthChallenge } from './parse-www-authenticate.ts';
import { offersAlternatives } from './phrase-model.ts';
import type { ServerSignal, SignalDetails, SignalInput, SignalKind } from './server-signal.ts';

/**
 * What an invalid_token description says beyond "invalid", when no library matcher knows the text
 * (RFC 6750 §3 example: error_description="The access token expired").
 */
const KEYWORDS: readonly TextMatcher[] = [
  rule('rfc6750', 'dpop-proof', /DPoP (?:proof|key binding)|invalid DPoP/i),
  rule('rfc6750', 'expired', /\bexpired\b/i),
  rule('rfc6750', 'not-yet-valid', /not yet valid|not valid (?:yet|before)|\bnbf\b/i),
  rule('rfc6750', 'wrong-audience', /audience|\baud\b/i),
  rule('rfc6750', 'wrong-issuer', /issuer|\biss\b/i),
  rule('rfc6750', 'signature-invalid', /signature/i),
  rule('rfc6750', 'revoked', /\brevoked\b|session not found|session (?:has )?(?:expired|ended)|not active/i),
  rule('rfc6750', 'malformed-credential', /malformed/i),
];
const LIBRARY_RULES: readonly TextMatcher[] = [...MICROSOFT_RULES, ...JWT_LIBRARY_RULES];
const ALL_RULES: readonly TextMatcher[] = [...LIBRARY_RULES, ...KEYWORDS];

/** The more specific reason in a description; invalid_request only takes library-recognised ones. */
function refine(description: string | undefined, withKeywords: boolean): TextMatch | undefined {
  if (!description || offersAlternatives(description)) return undefined;
  return firstMatch(description, withKeywords ? ALL_RULES : [...LIBRARY_RULES, ...SESSION_ENDED]);
}

/** Keycloak answers invalid_request "User session not found" (or "Session not active") after a sign-out. */
const SESSION_ENDED: readonly TextMatcher[] = [
  rule('rfc6750', 'revoked', /session not found|session not active/i),
];

function decodeClaims(value: string | undefined): string {
  if (!value || value.length > 4096) return '';
  try {
    return atob(value.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    return value;
  }
}

/** The challenge as the server sent it, for quoting when it has no description. */
function quoteChallenge(c: AuthChallenge): string {
  const params = Object.entries(c.params)
    .slice(0, 5)
    .map(([name, value]) => `${name}="${value}"`);
  return [c.scheme, params.join(', ')].filter(Boolean).join(' ');
}

function fromChallenge(c: AuthChallenge, input: SignalInput): ServerSignal | undefined {
  const error = c.params.error?.trim();
  if (!error) return undefined;
  const description = c.params.error_description;
  const details: SignalDetails = { uri: c.params.error_uri };
  let family = 'rfc6750';
  let kind: SignalKind = 'invalid';
  switch (error.toLowerCase()) {
    case 'invalid_request':
    case 'invalid_token': {
      const isToken = error.toLowerCase() === 'invalid_token';
      const refined = refine(description, isToken);
      kind = refined?.kind ?? (isToken ? 'invalid' : 'malformed-credential');
      Object.assign(details, refined?.details);
      break;
    }
    case 'insufficient_scope':
      kind = 'insufficient-scope';
      details.requiredScopes = splitScopes(c.params.scope);
      break;
    case 'insufficient_user_authentication':
      family = 'rfc9470';
      kind = 'step-up';
      details.acrValues = c.params.acr_values;
      details.maxAge = c.params.max_age;
      break;
    case 'insufficient_claims': {
      // Microsoft claims challenges: a base64 `claims` JSON asking for an authentication context
      // (acrs → step-up) or a token issued after a revocation time (nbf → CAE revocation).
      const claims = decodeClaims(c.params.claims);
      family = 'microsoft';
      kind = claims.includes('"acrs"') ? 'step-up' : claims.includes('"nbf"') ? 'revoked' : 'invalid';
      break;
    }
    case 'use_dpop_nonce':
      family = 'rfc9449';
      kind = 'dpop-nonce';
      details.nonce = headerValue(input.headers, 'dpop-nonce');
      break;
    case 'invalid_dpop_proof':
      family = 'rfc9449';
      kind = 'dpop-proof';
      break;
    default:
      break; // an unregistered error code in a Bearer/DPoP challenge still rejects the token
  }
  return signal({
    family,
    kind,
    code: error,
    message: description || quoteChallenge(c),
    where: 'response-header',
    details,
  });
}

/** RFC 9449 §8: the token endpoint answers 400 {"error":"use_dpop_nonce"} with a DPoP-Nonce header. */
function fromBody(input: SignalInput): ServerSignal[] {
  const json = readBody(input).json;
  const error = str(get(json, 'error'));
  if (error !== 'use_dpop_nonce' && error !== 'invalid_dpop_proof') return [];
  const nonce = error === 'use_dpop_nonce' ? headerValue(input.headers, 'dpop-nonce') : undefined;
  return [
    signal({
      family: 'rfc9449',
      kind: error === 'use_dpop_nonce' ? 'dpop-nonce' : 'dpop-proof',
      code: error,
      message: str(get(json, 'error_description')) || error,
      where: 'response-body',
      details: { nonce, uri: str(get(json, 'error_uri')) },
    }),
  ];
}

export function readRfc6750Signals(input: SignalInput): ServerSignal[] {
  const challenges = input.challenge.challenges.filter(
    (c) => c.schemeKey === 'bearer' || c.schemeKey === 'dpop',
  );
  const out: ServerSignal[] = [];
  for (const c of challenges) {
    const s = fromChallenge(c, input);
    if (s) out.push(s);
  }
  // RFC 6750 §3.1: "If the request lacks any authentication information ... the resource server
  // SHOULD NOT include an error code". One signal even when Bearer and DPoP are both offered.
  const bare = challenges.find((c) => c.params.error === undefined);
  if (out.length === 0 && input.status === 401 && bare) {
    out.push(
      signal({
        family: 'rfc6750',
        kind: 'missing-credential',
        message: quoteChallenge(bare),
        where: 'response-header',
      }),
    );
  }
  return [...out, ...fromBody(input)];
}
