import { awsKeyType } from '../credentials/aws-sigv4.ts';
import { identifyToken } from '../credentials/identify-token.ts';
import { bareToken, isPlaceholderValue, parseAuthorization } from '../credentials/parse-authorization.ts';
import { hiddenLabel, redactOpaque, redactSecret } from './redact-token.ts';

/** Schemes whose credentials are one token (RFC 6750 Bearer, RFC 9449 DPoP, and vendor habits). */
const TOKEN_SCHEMES = new Set(['', 'bearer', 'dpop', 'token', 'bot', 'jwt', 'apikey', 'key']);

/**
 * An `Authorization` / `Proxy-Authorization` value with its secret parts replaced, per scheme.
 * Everything around the credential (leading space, quotes, a doubled scheme) is kept as sent,
 * because those glue bugs are often what the report is about.
 */
export function redactAuthorizationValue(value: string): string {
  const parsed = parseAuthorization(value);
  const token = bareToken(parsed);
  if (token === '') return value;
  let redacted: string;
  if (TOKEN_SCHEMES.has(parsed.schemeKey)) redacted = redactSecret(token);
  else if (parsed.schemeKey === 'basic') redacted = redactBasic(token);
  else if (parsed.schemeKey === 'aws4-hmac-sha256') redacted = redactSigV4(token);
  else redacted = redactOpaque(token, `${parsed.scheme} credentials`);

  // Splice the redaction where the token sat: it ends the credentials, before a closing quote.
  const lead = value.length - value.trimStart().length;
  const credentialsStart = value.indexOf(parsed.credentials, lead + parsed.scheme.length);
  const quoted = parsed.problems.some((problem) => problem.kind === 'quoted-credentials');
  const end = credentialsStart + parsed.credentials.length - (quoted ? 1 : 0);
  const start = end - token.length;
  const spliced =
    credentialsStart !== -1 && value.slice(start, end) === token
      ? `${value.slice(0, start)}${redacted}${value.slice(end)}`
      : `${parsed.scheme} ${redacted}`.trim();
  // The token could also sit in what was kept (a value sent twice): never let it through.
  const leaked = token.length > 8 && !redacted.includes(token) && spliced.includes(token);
  return leaked ? `${parsed.scheme} ${redacted}`.trim() : spliced;
}

/**
 * RFC 7617: keep the user, drop the password. The user is hidden too when it is itself the secret
 * (see isSecretUser).
 */
export function redactBasic(token: string): string {
  const decoded = decodeBase64Text(token);
  // A frequent glue bug is `Basic alice:secret`, the pair sent without base64: redact it the same way.
  const pair = decoded ?? (token.includes(':') ? token : undefined);
  // No tail for Basic: the last characters of its base64 encode the end of the password.
  if (pair === undefined) return hiddenLabel('Basic credentials, not valid base64', token.length);
  const colon = pair.indexOf(':');
  if (colon === -1) return hiddenLabel('Basic credentials without user:password', token.length);
  const user = pair.slice(0, colon);
  const password = pair.slice(colon + 1);
  const userIsSecret = isSecretUser(user, password);
  const shownUser = userIsSecret ? redactOpaque(user) : user;
  const shownPassword =
    password === ''
      ? '[empty password]'
      : password.length <= 40 && isPlaceholderValue(password)
        ? password
        : '[password removed]';
  return `${shownUser}:${shownPassword}${decoded === undefined ? ' (sent without base64)' : ''}`;
}

/**
 * A user name that is a key: shaped like a known secret, or long with an empty password (the
 * key-as-user convention of Stripe, Mailchimp and others). Short names with no password stay.
 */
export function isSecretUser(user: string, password: string): boolean {
  if (user === '') return false;
  return (
    (password === '' && user.length >= 16) || identifyToken(user, Number.MAX_SAFE_INTEGER).kind !== 'opaque'
  );
}

/** RFC 7617 §2.1: UTF-8 is the only charset a server may announce; anything else is read as Latin-1. */
export function decodeBase64Text(text: string): string | undefined {
  const body = text.replace(/={1,2}$/, '');
  if (!/^[A-Za-z0-9+/_-]*$/.test(body) || body.length % 4 === 1) return undefined;
  let binary: string;
  try {
    binary = atob(body.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return binary;
  }
}

/**
 * `Credential=AKIA…MPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date,
 * Signature=[signature removed]`. The separators are kept as sent (", ", "," or " "), since AWS's
 * IncompleteSignature errors are about exactly that syntax.
 */
export function redactSigV4(credentials: string): string {
  return credentials.replace(/[^\s,]+/g, (part) => {
    const eq = part.indexOf('=');
    if (eq <= 0) return '[removed]';
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    switch (name.toLowerCase()) {
      case 'credential':
        return `${name}=${redactAwsCredentialScope(value)}`;
      case 'signedheaders':
        return /^[A-Za-z0-9;_.-]*$/.test(value) ? part : `${name}=[removed]`;
      case 'signature':
        return `${name}=[signature removed]`;
      default:
        return `${name}=[removed]`;
    }
  });
}

/** `AKID/YYYYMMDD/region/service/aws4_request` after the key id; anything else could be a pasted secret key. */
const SCOPE_REST = /^(?:\/\d{8}(?:\/[a-z0-9_-]{1,40}){0,3})?$/;

/**
 * The access key id reduced to its first 4 and last 4 characters (AWS treats it as an identifier,
 * not a secret; the prefix says long-term or temporary). When the scope is not the expected shape,
 * as when the secret access key was pasted in its place, all of it is hidden.
 */
export function redactAwsCredentialScope(scope: string): string {
  const slash = scope.indexOf('/');
  const keyId = slash === -1 ? scope : scope.slice(0, slash);
  const rest = slash === -1 ? '' : scope.slice(slash);
  if (!SCOPE_REST.test(rest)) return redactOpaque(scope, 'credential scope');
  const shownKey = awsKeyType(keyId)
    ? `${keyId.slice(0, 4)}…${keyId.slice(-4)}`
    : redactOpaque(keyId, 'access key id');
  return `${shownKey}${rest}`;
}
