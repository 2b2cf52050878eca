import { isPlaceholderValue } from '../credentials/parse-authorization.ts';
import { percentEncode } from './percent-encode.ts';
import { redactAwsCredentialScope } from './redact-authorization.ts';
import { MAX_TEXT_LENGTH, maskTokenShapes } from './redact-text.ts';
import { isJwtShaped, redactJwt, redactOpaque } from './redact-token.ts';

/**
 * Query and fragment parameters that carry secrets: RFC 6750 §2.3 access_token, OAuth 2.0 codes
 * and client secrets, OIDC implicit-flow fragments (`#id_token=…`), API keys, S3 / CloudFront /
 * Azure SAS signatures, and server session ids in URLs.
 */
const SECRET_PARAMS = new Set([
  'access_token',
  'id_token',
  'refresh_token',
  'token',
  'code',
  'code_verifier',
  'api_key',
  'apikey',
  'key',
  'sig',
  'signature',
  'x-amz-signature',
  'x-amz-security-token',
  'x-amz-credential',
  'client_secret',
  'client_assertion',
  'assertion',
  'password',
  'passwd',
  'pwd',
  'jwt',
  'auth',
  'authorization',
  'jsessionid',
  'phpsessid',
  'sessionid',
  'session_id',
]);
const SECRET_NAME = /token|secret|signature|password|apikey|api_key|api-key/i;
/** Names that match SECRET_NAME but say what kind of token, not which (RFC 6749 token_type, RFC 8693). */
const TYPE_NAME = /_type(?:_hint)?$/i;

function isSecretParam(name: string): boolean {
  return SECRET_PARAMS.has(name) || (SECRET_NAME.test(name) && !TYPE_NAME.test(name));
}

/**
 * `name=value` after a delimiter: `?` `&` (query), `#` (fragment), `;` (matrix and session-id
 * parameters). A value runs to the next `&`, `#` or `;`, `?` included, so no part of a secret is
 * left behind; an unencoded nested URL (`?next=/cb?token=…`) is then redacted as a URL of its own.
 * Linear: the name and value classes stop at the delimiters that start the next attempt.
 */
const PARAM = /([?&#;])([^=&#;?\s]+)=([^&#;\s]*)/g;
/** Has a parameter: a delimiter, then a name up to `=` (no backtracking across delimiters). */
const HAS_PARAM = /[?&#;][^=?&#;\s]+=/;
/**
 * Credentials in the authority (`https://user:password@host`, `https://ghp_…@github.com`). The last
 * `@` of the authority ends the user info, as in the WHATWG URL parser.
 */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#\s]*)@/i;
const MAX_NESTING = 2;

/**
 * The URL with every secret parameter replaced by `[removed]` (a JWT keeps its claims and loses
 * its signature), the password in its user info removed, and JWT- or vendor-shaped tokens anywhere
 * else masked. Works on the text, so other parameters stay byte for byte as sent, and on invalid
 * URLs alike. Never throws.
 */
export function redactUrl(url: string): string {
  try {
    const bounded = url.length > MAX_TEXT_LENGTH ? `${url.slice(0, MAX_TEXT_LENGTH)}[…]` : url;
    const withoutUser = bounded.replace(USERINFO, (_match, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
      const password = colon === -1 ? undefined : userinfo.slice(colon + 1);
      const shownUser = looksLikeSecretUser(safeDecode(user)) ? redactOpaque(user) : user;
      const shownPassword = password === undefined ? '' : password === '' ? ':' : ':[password removed]';
      return `${scheme}${shownUser}${shownPassword}@`;
    });
    return maskTokenShapes(redactParams(withoutUser, 0));
  } catch {
    return '[URL removed: it could not be redacted]';
  }
}

/** Git hosts take a token as the user name (`https://x-access-token@…`, `https://ghp_…@github.com`). */
function looksLikeSecretUser(user: string): boolean {
  return user.length > 20 || /^(?:gh[pousr]_|github_pat_|glpat-)/.test(user);
}

function redactParams(text: string, depth: number): string {
  return text.replace(PARAM, (match, delimiter: string, rawName: string, rawValue: string) => {
    // A matrix parameter in the path ends where the query begins.
    const query = delimiter === ';' ? rawValue.indexOf('?') : -1;
    if (query !== -1) {
      const head = `${delimiter}${rawName}=${rawValue.slice(0, query)}`;
      return redactParams(head, depth) + redactParams(rawValue.slice(query), depth);
    }
    const name = safeDecode(rawName).toLowerCase();
    if (rawValue === '') return match;
    const value = safeDecode(rawValue);
    if (isSecretParam(name)) {
      return `${delimiter}${rawName}=${redactParamValue(name, rawValue, value)}`;
    }
    if (depth >= MAX_NESTING) return match;
    // A secret inside an unencoded nested URL (`?next=/cb?token=…`).
    if (HAS_PARAM.test(rawValue)) {
      const inner = redactParams(rawValue, depth + 1);
      if (inner !== rawValue) return `${delimiter}${rawName}=${inner}`;
    }
    // A secret inside an encoded nested URL (`?return_to=https%3A%2F%2F…%3Faccess_token%3D…`).
    if (value !== rawValue && HAS_PARAM.test(value)) {
      const inner = redactParams(value, depth + 1);
      if (inner !== value) return `${delimiter}${rawName}=${reencode(inner)}`;
    }
    return match;
  });
}

/** One query parameter's value, redacted as redactUrl would (for credentials listed one by one). */
export function redactQueryValue(name: string, value: string): string {
  return value === '' ? '' : redactParamValue(name.toLowerCase(), value, value);
}

function redactParamValue(name: string, rawValue: string, value: string): string {
  // "access_token=undefined" is the diagnosis, not a secret.
  if (value.length <= 40 && isPlaceholderValue(value.trim())) return rawValue;
  if (name === 'x-amz-credential') {
    const redacted = redactAwsCredentialScope(value);
    return /%2f/i.test(rawValue) ? redacted.replaceAll('/', '%2F') : redacted;
  }
  return isJwtShaped(value) ? redactJwt(value) : '[removed]';
}

/** Percent-decoding that never throws (`%E0%A4%A` is left as it is); `+` is a space in queries. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/** Encoded again so the outer URL keeps its shape; the markers stay readable. */
function reencode(text: string): string {
  return percentEncode(text).replace(/%5B|%5D|%20/g, (encoded) => decodeURIComponent(encoded));
}

/** The secrets a URL carries (secret parameters as sent and decoded, the user-info password). */
export function urlSecrets(url: string): string[] {
  const bounded = url.slice(0, MAX_TEXT_LENGTH);
  const found = paramSecrets(bounded, 0);
  const userinfo = USERINFO.exec(bounded)?.[2] ?? '';
  const colon = userinfo.indexOf(':');
  if (colon !== -1) found.push(userinfo.slice(colon + 1), safeDecode(userinfo.slice(colon + 1)));
  else if (looksLikeSecretUser(safeDecode(userinfo))) found.push(userinfo, safeDecode(userinfo));
  return found;
}

function paramSecrets(text: string, depth: number): string[] {
  const found: string[] = [];
  for (const [, delimiter, rawName = '', matched = ''] of text.matchAll(PARAM)) {
    // As in redactParams: a matrix parameter in the path ends where the query begins.
    const query = delimiter === ';' ? matched.indexOf('?') : -1;
    const rawValue = query === -1 ? matched : matched.slice(0, query);
    if (query !== -1) found.push(...paramSecrets(matched.slice(query), depth));
    if (isSecretParam(safeDecode(rawName).toLowerCase())) found.push(rawValue, safeDecode(rawValue));
    else if (depth < MAX_NESTING) {
      const decoded = safeDecode(rawValue);
      if (HAS_PARAM.test(rawValue)) found.push(...paramSecrets(rawValue, depth + 1));
      if (decoded !== rawValue && HAS_PARAM.test(decoded)) found.push(...paramSecrets(decoded, depth + 1));
    }
  }
  return found;
}
