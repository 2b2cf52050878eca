/**
 * Cookies keep their names (which cookie was sent is usually the question) and lose their values.
 * An empty value stays empty: a cleared cookie is a finding, and there is nothing to hide.
 */
const REMOVED = '[removed]';

/** `Cookie: a=1; b=2` → `a=[removed]; b=[removed]` (RFC 6265 §4.2.1). */
export function redactCookie(value: string): string {
  return value
    .split(';')
    .map((pair) => redactPair(pair))
    .join(';');
}

/** Set-Cookie attributes that describe the cookie and hold nothing secret (RFC 6265bis §4.1.1). */
const KNOWN_ATTRIBUTES = new Set([
  'expires',
  'max-age',
  'domain',
  'path',
  'secure',
  'httponly',
  'samesite',
  'partitioned',
  'priority',
]);

/**
 * `Set-Cookie: sid=abc; Path=/; HttpOnly` → `sid=[removed]; Path=/; HttpOnly`. Several cookies
 * folded into one value with line breaks (as webRequest and HAR files do) are each redacted.
 */
export function redactSetCookie(value: string): string {
  return value
    .split('\n')
    .map((line) => {
      const [first = '', ...attributes] = line.split(';');
      const kept = attributes.map((attribute) => {
        const eq = attribute.indexOf('=');
        const name = (eq === -1 ? attribute : attribute.slice(0, eq)).trim().toLowerCase();
        if (KNOWN_ATTRIBUTES.has(name)) return attribute;
        // An unknown flag could be anything, including a value that lost its name.
        return eq === -1 && /^\s*[A-Za-z-]{1,30}\s*$/.test(attribute) ? attribute : redactPair(attribute);
      });
      return [redactPair(first), ...kept].join(';');
    })
    .join('\n');
}

function redactPair(pair: string): string {
  const eq = pair.indexOf('=');
  if (eq === -1) {
    // A nameless cookie (`Cookie: abc123`): the whole thing is the value.
    const lead = /^\s*/.exec(pair)?.[0] ?? '';
    return pair.trim() === '' ? pair : `${lead}${REMOVED}`;
  }
  // An emptied cookie (`sid=` or Django's `sid=""`) is a finding, not a secret.
  const value = pair.slice(eq + 1).trim();
  return value === '' || value === '""' ? pair : `${pair.slice(0, eq)}=${REMOVED}`;
}
