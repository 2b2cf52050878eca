import { isCredentialHeader } from '../credential-headers.ts';
import { redactAuthorizationValue } from './redact-authorization.ts';
import { redactCookie, redactSetCookie } from './redact-cookie.ts';
import { redactJwt, redactOpaque, redactSecret } from './redact-token.ts';

/**
 * Redaction rules for everything Auth Inspector lets leave the browser: the Markdown report now,
 * HAR and cURL exports later. One rule per carrier, each keeping what a reader needs to debug
 * (scheme, claims, user name, key id, cookie names) and removing what would let them replay it.
 * This module is the entry point; the rules live in the files it re-exports.
 */
export {
  redactAuthorizationValue,
  redactAwsCredentialScope,
  redactBasic,
  redactSigV4,
} from './redact-authorization.ts';
export { redactCookie, redactSetCookie } from './redact-cookie.ts';
export { redactText } from './redact-text.ts';
export { describeSecretKind, isJwtShaped, redactJwt, redactOpaque, redactSecret } from './redact-token.ts';
export { redactUrl } from './redact-url.ts';

/** A request or response header value, redacted by what its name says it carries. */
export function redactHeader(name: string, value: string): string {
  const key = name.trim().toLowerCase();
  switch (key) {
    case 'authorization':
    case 'proxy-authorization':
      return redactAuthorizationValue(value);
    case 'cookie':
      return redactCookie(value);
    case 'set-cookie':
      return redactSetCookie(value);
    case 'x-amz-security-token':
      return redactOpaque(value, 'AWS session token');
    case 'dpop':
      // RFC 9449 §4.2: the proof is a JWT whose claims (htm, htu, ath, nonce) explain DPoP failures.
      return redactJwt(value);
    default:
      // A JWT in X-Access-Token and friends keeps its claims like a Bearer token does.
      return isCredentialHeader(key) ? redactSecret(value) : value;
  }
}
