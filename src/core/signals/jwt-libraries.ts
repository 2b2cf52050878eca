/**
 * Token-validation libraries whose error texts servers pass through to clients: in the body
 * ({"message":"jwt expired"}) or as a challenge's error_description. Vendor-prefixed texts come first,
 * so "Firebase ID token has invalid signature" is Firebase's, not node-jsonwebtoken's "invalid signature".
 * Identity providers with their own JSON shapes follow: Okta ({"errorCode":"E0000011",...}) and Google
 * APIs ({"error":{"status":"UNAUTHENTICATED","details":[{"reason":"CREDENTIALS_MISSING"}]}}).
 */
import { codeIfSaid, matchTexts, mergeSameKind, rule, signal, type TextMatcher } from './generic.ts';
import { type BodyView, get, isRecord, readBody, str } from './generic-body.ts';
import type { ServerSignal, SignalDetails, SignalInput, SignalKind } from './server-signal.ts';

/** `Expected "X" but got "Y"` (firebase-admin-node, src/auth/token-verifier.ts). */
const expectedGot = (m: RegExpExecArray): SignalDetails => {
  const pair = /Expected "([^"]{0,300})" but got "([^"]{0,300})"/.exec(m.input);
  return { expected: pair?.[1], actual: pair?.[2] };
};
/** Firebase names its code in the text: "... try again (auth/id-token-expired). See ...". */
const firebaseCode = (m: RegExpExecArray): string | undefined => /\bauth\/[a-z-]{3,40}/.exec(m.input)?.[0];
const expectedAfter = (m: RegExpExecArray): SignalDetails => ({ expected: m[1]?.trim() });

// firebase/firebase-admin-node src/auth/token-verifier.ts; codes per src/utils/error.ts.
const FIREBASE: readonly TextMatcher[] = [
  rule(
    'firebase',
    'expired',
    /Firebase (?:ID token|session cookie) has expired|auth\/(?:id-token|session-cookie)-expired/,
    {
      code: firebaseCode,
    },
  ),
  rule(
    'firebase',
    'revoked',
    /Firebase (?:ID token|session cookie) has been revoked|auth\/(?:id-token|session-cookie)-revoked/,
    {
      code: firebaseCode,
    },
  ),
  rule('firebase', 'wrong-audience', /Firebase (?:ID token|session cookie) has incorrect "aud"/, {
    details: expectedGot,
  }),
  rule('firebase', 'wrong-issuer', /Firebase (?:ID token|session cookie) has incorrect "iss"/, {
    details: expectedGot,
  }),
  // A custom token (for signInWithCustomToken) sent where an ID token belongs.
  rule('firebase', 'wrong-scheme', /expects an ID token, but was given a (?:legacy )?custom token/),
  rule(
    'firebase',
    'signature-invalid',
    /Firebase ID token has (?:invalid signature|incorrect algorithm|"kid" claim which does not correspond)/,
  ),
  rule('firebase', 'malformed-credential', /Decoding Firebase (?:ID token|session cookie) failed/),
  rule(
    'firebase',
    'invalid',
    /Firebase ID token has no "kid" claim|auth\/(?:argument-error|invalid-id-token)/,
    {
      code: firebaseCode,
    },
  ),
];

// spring-projects/spring-security: JwtTimestampValidator ("Jwt expired at %s", "Jwt used before %s"),
// DefaultBearerTokenResolver ("Bearer token is malformed"), JwtIssuerValidator / JwtClaimValidator
// ("The iss claim is not valid"); Nimbus via NimbusJwtDecoder ("Signed JWT rejected: ..."); "The
// required audience is missing" is the audience validator of the Spring Security reference docs.
const SPRING: readonly TextMatcher[] = [
  rule('spring', 'expired', /\bJwt expired at /),
  rule('spring', 'not-yet-valid', /\bJwt used before /),
  rule(
    'spring',
    'signature-invalid',
    /Signed JWT rejected: (?:Another algorithm expected|Invalid signature)/,
  ),
  rule('spring', 'malformed-credential', /Bearer token is malformed|attempting to decode the Jwt: Malformed/),
  rule('spring', 'wrong-audience', /The required audience is missing/),
  rule('spring', 'wrong-issuer', /The iss claim is not valid/),
];

// auth0/node-oauth2-jwt-bearer (packages/oauth2-bearer/src/get-token.ts, DPoP verifier) and the
// other Auth0 API SDKs, which share these texts.
const AUTH0: readonly TextMatcher[] = [
  rule(
    'auth0',
    'wrong-scheme',
    /DPoP(?:-bound token| proof) requires (?:the )?DPoP authentication scheme, not Bearer/i,
  ),
  rule('auth0', 'malformed-credential', /More than one method used for authentication/),
];

// panva/jose: src/lib/jwt_claims_set.ts (JWTExpired, JWTClaimValidationFailed), errors.ts codes.
const JOSE: readonly TextMatcher[] = [
  rule(
    'jose',
    'expired',
    // auth0/node-oauth2-jwt-bearer swaps the double quotes for single ones in error_description.
    /["']exp["'] claim timestamp check failed|["']iat["'] claim timestamp check failed \(too far in the past\)/,
    { code: codeIfSaid('ERR_JWT_EXPIRED') },
  ),
  rule('jose', 'not-yet-valid', /["']nbf["'] claim timestamp check failed/),
  rule('jose', 'wrong-audience', /unexpected ["']aud["'] claim value/),
  rule('jose', 'wrong-issuer', /unexpected ["']iss["'] claim value/),
  rule(
    'jose',
    'signature-invalid',
    /\bsignature verification failed|no applicable key found in the JSON Web Key Set/,
    { code: codeIfSaid('ERR_JWS_SIGNATURE_VERIFICATION_FAILED') },
  ),
  rule('jose', 'malformed-credential', /Invalid Compact JWS|JWTs must use Compact JWS serialization/),
  // The code alone, as in {"code":"ERR_JWT_EXPIRED","message":...}: merged with the sentence.
  rule('jose', 'expired', /^ERR_JWT_EXPIRED$/, { code: codeIfSaid('ERR_JWT_EXPIRED') }),
];

// auth0/express-jwt src/index.ts: UnauthorizedError codes credentials_required, credentials_bad_scheme,
// credentials_bad_format, revoked_token; the code is often its own JSON field, and merges with the message.
const EXPRESS_JWT: readonly TextMatcher[] = [
  rule('express-jwt', 'missing-credential', /No authorization token was found|^credentials_required$/, {
    code: codeIfSaid('credentials_required'),
  }),
  rule('express-jwt', 'wrong-scheme', /^credentials_bad_scheme$/, {
    code: codeIfSaid('credentials_bad_scheme'),
  }),
  rule(
    'express-jwt',
    'malformed-credential',
    /Format is Authorization: Bearer \[token\]|^credentials_bad_format$/,
    {
      code: codeIfSaid('credentials_bad_format'),
    },
  ),
  rule('express-jwt', 'revoked', /^The token has been revoked\.?$|^revoked_token$/, {
    code: codeIfSaid('revoked_token'),
  }),
];

// auth0/node-jsonwebtoken verify.js (JsonWebTokenError, TokenExpiredError, NotBeforeError).
const JSONWEBTOKEN: readonly TextMatcher[] = [
  rule('node-jsonwebtoken', 'expired', /\bjwt expired\b|\bmaxAge exceeded\b/),
  rule('node-jsonwebtoken', 'not-yet-valid', /\bjwt not active\b/),
  rule('node-jsonwebtoken', 'malformed-credential', /\bjwt malformed\b/),
  rule('node-jsonwebtoken', 'missing-credential', /\bjwt must be provided\b/),
  rule('node-jsonwebtoken', 'wrong-audience', /\bjwt audience invalid\. expected: ?([^\n]{1,300})/, {
    details: expectedAfter,
  }),
  rule('node-jsonwebtoken', 'wrong-issuer', /\bjwt issuer invalid\. expected: ?([^\n]{1,300})/, {
    details: expectedAfter,
  }),
  rule(
    'node-jsonwebtoken',
    'signature-invalid',
    /\binvalid signature\b|\binvalid algorithm\b|\bjwt signature is required\b/,
  ),
];

/** Exported: rfc6750 refines invalid_token descriptions with the same matchers. */
export const JWT_LIBRARY_RULES: readonly TextMatcher[] = [
  ...FIREBASE,
  ...SPRING,
  ...AUTH0,
  ...JOSE,
  ...EXPRESS_JWT,
  ...JSONWEBTOKEN,
];

// https://developer.okta.com/docs/reference/error-codes/
const OKTA = new Map<string, SignalKind>([
  ['E0000011', 'invalid'], // Invalid token provided
  ['E0000004', 'invalid'], // Authentication failed
  ['E0000005', 'invalid'], // Invalid session
  ['E0000006', 'insufficient-scope'], // You do not have permission to perform the requested action
]);

function readOkta(body: BodyView): ServerSignal[] {
  // Truncated JSON still names its code early: fall back to the text.
  const code =
    str(get(body.json, 'errorCode')) ?? /"errorCode"\s{0,20}:\s{0,20}"(E\d{7})"/.exec(body.text)?.[1];
  const kind = code === undefined ? undefined : OKTA.get(code);
  if (!code || !kind) return [];
  const message = str(get(body.json, 'errorSummary')) ?? code;
  return [signal({ family: 'okta', kind, code, message, where: 'response-body' })];
}

/** ErrorInfo reasons (google.rpc.ErrorInfo in details[]) and legacy reasons (errors[]), at most 10. */
function googleReasons(error: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of ['details', 'errors']) {
    const list = get(error, key);
    if (!Array.isArray(list)) continue;
    for (const item of list.slice(0, 10)) {
      const reason = str(get(item, 'reason'));
      if (reason) out.push(reason);
    }
  }
  return out;
}

// https://cloud.google.com/apis/design/errors and google/rpc/error_reason.proto (ErrorReason).
const GOOGLE_REASONS: readonly [string, SignalKind][] = [
  ['CREDENTIALS_MISSING', 'missing-credential'],
  ['ACCESS_TOKEN_EXPIRED', 'expired'],
  ['ACCESS_TOKEN_TYPE_UNSUPPORTED', 'wrong-scheme'], // e.g. an ID token sent as an access token
  ['ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'insufficient-scope'],
  ['API_KEY_INVALID', 'invalid'],
  ['authError', 'invalid'], // legacy: "Invalid Credentials"
];

function readGoogle(body: BodyView): ServerSignal[] {
  const error = get(body.json, 'error');
  if (!isRecord(error)) return [];
  const status = str(get(error, 'status'));
  const message = str(get(error, 'message')) ?? '';
  const reasons = googleReasons(error);
  let found = GOOGLE_REASONS.find(([reason]) => reasons.includes(reason));
  if (!found && /insufficient authentication scopes/i.test(message))
    found = ['ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'insufficient-scope'];
  if (!found && /missing a valid API key/i.test(message)) found = ['API_KEY_MISSING', 'missing-credential'];
  if (!found && status === 'UNAUTHENTICATED') {
    // "Request is missing required authentication credential." vs "Request had invalid authentication credentials."
    found = /missing required authentication credential/i.test(message)
      ? ['CREDENTIALS_MISSING', 'missing-credential']
      : ['UNAUTHENTICATED', 'invalid'];
  }
  if (!found) return [];
  const [code, kind] = found;
  return [signal({ family: 'google', kind, code, message: message || code, where: 'response-body' })];
}

/** Okta and Google answer with their own JSON shapes rather than library texts. */
export function readIdentityProviderSignals(input: SignalInput): ServerSignal[] {
  const body = readBody(input);
  return [...readOkta(body), ...readGoogle(body)];
}

export function readJwtLibrarySignals(input: SignalInput): ServerSignal[] {
  return mergeSameKind([...readIdentityProviderSignals(input), ...matchTexts(input, JWT_LIBRARY_RULES)]);
}
