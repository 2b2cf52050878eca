/**
 * Reads an `Authorization` (or `Proxy-Authorization`) header value the way a server would, and
 * notes every way it departs from `credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]`
 * (RFC 9110 §11.4) — the glue bugs that make servers answer 401 before looking at the token.
 */
export type AuthorizationProblem =
  | { kind: 'empty-header' }
  | { kind: 'missing-scheme' }
  | { kind: 'empty-credentials' }
  | { kind: 'placeholder'; value: string }
  | { kind: 'double-scheme'; scheme: string }
  | { kind: 'quoted-credentials' }
  | { kind: 'whitespace'; where: 'leading' | 'trailing' | 'inside' | 'line-break' | 'extra-spaces' };

export interface AuthorizationCredential {
  /** Scheme as sent ('' when the value has none). */
  scheme: string;
  /** Scheme lower-cased: schemes are case-insensitive (RFC 9110 §11.1). */
  schemeKey: string;
  /** What follows the scheme, with surrounding white space removed. */
  credentials: string;
  problems: AuthorizationProblem[];
}

/** Values that JavaScript glue code produces when the real token was never filled in. */
const PLACEHOLDER =
  /^(?:undefined|null|nil|none|NaN|\[object Object\]|""|''|``|false|true|\{\{?\s*[\w.-]*\s*\}\}?|\$\{[\w.-]*\}|\$[A-Za-z_]\w{0,60}|<[\w .-]*>|(?:your|my)[_ -]?(?:access[_ -]?|api[_ -]?)?(?:token|key)(?:[_ -]?here)?|token|api[_-]?key)$/i;

/** Schemes in common use: a value starting with one of these is a scheme, not a bare token. */
const KNOWN_SCHEMES = new Set([
  'bearer',
  'basic',
  'digest',
  'dpop',
  'bot',
  'token',
  'negotiate',
  'ntlm',
  'hoba',
  'mutual',
  'aws4-hmac-sha256',
  'sharedaccesssignature',
  'sharedkey',
  'apikey',
  'key',
  'jwt',
  'oauth',
]);

const TOKEN_CHAR = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function isPlaceholderValue(value: string): boolean {
  return PLACEHOLDER.test(value);
}

/** The credential finder and the facts parse the same header one after the other: keep the last. */
let last: { raw: string; parsed: AuthorizationCredential } | undefined;

export function parseAuthorization(raw: string): AuthorizationCredential {
  if (last?.raw === raw) return last.parsed;
  const parsed = parseUncached(raw);
  last = { raw, parsed };
  return parsed;
}

function parseUncached(raw: string): AuthorizationCredential {
  const problems: AuthorizationProblem[] = [];
  if (raw.trim() === '') {
    return { scheme: '', schemeKey: '', credentials: '', problems: [{ kind: 'empty-header' }] };
  }
  if (/[\r\n]/.test(raw)) problems.push({ kind: 'whitespace', where: 'line-break' });
  if (/^\s/.test(raw)) problems.push({ kind: 'whitespace', where: 'leading' });
  if (/\s$/.test(raw)) problems.push({ kind: 'whitespace', where: 'trailing' });

  const value = raw.trim();
  const firstSpace = value.search(/\s/);
  const head = firstSpace === -1 ? value : value.slice(0, firstSpace);
  const rest = firstSpace === -1 ? '' : value.slice(firstSpace);

  // A lone value is a scheme only when it looks like one ("Bearer", "Negotiate"); otherwise it is a
  // token sent without its scheme ("eyJhbGciOi...", "undefined").
  const headIsScheme = TOKEN_CHAR.test(head) && (firstSpace !== -1 || KNOWN_SCHEMES.has(head.toLowerCase()));
  if (!headIsScheme) {
    problems.push({ kind: 'missing-scheme' });
    if (isPlaceholderValue(value)) problems.push({ kind: 'placeholder', value });
    return { scheme: '', schemeKey: '', credentials: value, problems };
  }

  if (/^\s{2,}/.test(rest)) problems.push({ kind: 'whitespace', where: 'extra-spaces' });
  const credentials = rest.trim();
  const scheme = head;
  const schemeKey = scheme.toLowerCase();

  if (credentials === '') {
    problems.push({ kind: 'empty-credentials' });
    return { scheme, schemeKey, credentials, problems };
  }

  const doubled = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s+/.exec(credentials);
  if (doubled?.[1] && doubled[1].toLowerCase() === schemeKey) {
    problems.push({ kind: 'double-scheme', scheme: doubled[1] });
  }
  if (/^(["'`]).*\1$/s.test(credentials) && credentials.length > 2) {
    problems.push({ kind: 'quoted-credentials' });
  }
  if (isPlaceholderValue(credentials)) problems.push({ kind: 'placeholder', value: credentials });
  else if (schemeKey !== 'aws4-hmac-sha256' && schemeKey !== 'digest' && /\s/.test(credentials)) {
    // Token68 credentials have no white space; SigV4 and Digest carry comma-separated params.
    if (!problems.some((problem) => problem.kind === 'double-scheme')) {
      problems.push({ kind: 'whitespace', where: 'inside' });
    }
  }
  return { scheme, schemeKey, credentials, problems };
}

/** The token itself for token-carrying schemes, with a doubled scheme stripped so it can be decoded. */
export function bareToken(credential: AuthorizationCredential): string {
  const doubled = credential.problems.find((problem) => problem.kind === 'double-scheme');
  let token = credential.credentials;
  if (doubled) token = token.slice(doubled.scheme.length).trim();
  if (credential.problems.some((problem) => problem.kind === 'quoted-credentials'))
    token = token.slice(1, -1);
  return token;
}
