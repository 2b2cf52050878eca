/**
 * `Set-Cookie` as the browser reads it (RFC 6265bis §5.6), from a header whose value was already
 * redacted at capture (`sid=[removed]; Path=/`): only whether the value was empty survives, which is
 * what "the server cleared the session" needs. Several cookies folded into one header value with
 * line breaks (Firefox's webRequest, HAR files) are read one per line.
 */
export interface SetCookie {
  name: string;
  /** Empty value (`sid=;` or `sid=""`): what a framework writes when it deletes a cookie. */
  emptyValue: boolean;
  domain?: string;
  path?: string;
  /** Expires as epoch ms; undefined when absent or unparseable (then the cookie is a session cookie). */
  expires?: number;
  /** Max-Age in seconds; it wins over Expires (§5.6.2). */
  maxAge?: number;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: 'strict' | 'lax' | 'none';
  partitioned: boolean;
}

const MAX_LINES = 50;
/** §5.6.1/§5.6.2: a cookie lives at most 400 days (Chrome and Firefox enforce it). */
const MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

/**
 * §5.1.1 cookie-date: a time, a day, a month name and a year, always UTC. A bare number (`0`,
 * `-1`) is no date (Date.parse would read it as a year and see a logout that never happened).
 */
function cookieDate(raw: string): number | undefined {
  if (raw.length > 100 || !/\d{1,2}:\d{1,2}:\d{1,2}/.test(raw)) return undefined;
  if (!/jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i.test(raw)) return undefined;
  const zoned = /gmt|utc|[+-]\d{4}\b/i.test(raw) ? raw : `${raw} GMT`;
  const time = Date.parse(zoned);
  return Number.isFinite(time) ? time : undefined;
}
const MAX_LINE_CHARS = 4096;

/** Every cookie the header values set, at most 50; a line without a name=value pair is skipped (§5.6 step 3). */
export function parseSetCookies(values: readonly string[]): SetCookie[] {
  const cookies: SetCookie[] = [];
  for (const value of values) {
    for (const line of value.split('\n')) {
      if (cookies.length >= MAX_LINES) return cookies;
      const cookie = parseSetCookie(line.slice(0, MAX_LINE_CHARS));
      if (cookie) cookies.push(cookie);
    }
  }
  return cookies;
}

export function parseSetCookie(line: string): SetCookie | undefined {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq === -1) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  if (name === '' && value === '') return undefined;
  const cookie: SetCookie = {
    name,
    emptyValue: value === '' || value === '""',
    secure: false,
    httpOnly: false,
    partitioned: false,
  };
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const raw = at === -1 ? '' : attribute.slice(at + 1).trim();
    switch (key) {
      case 'expires': {
        const time = cookieDate(raw);
        if (time !== undefined) cookie.expires = time;
        break;
      }
      case 'max-age':
        // §5.6.2: digits with an optional leading minus, any number of them; anything else is ignored.
        if (/^-?\d+$/.test(raw)) cookie.maxAge = Number(raw);
        break;
      case 'domain':
        if (raw) cookie.domain = raw.replace(/^\./, '').toLowerCase();
        break;
      case 'path':
        if (raw.startsWith('/')) cookie.path = raw;
        break;
      case 'secure':
        cookie.secure = true;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'samesite': {
        const mode = raw.toLowerCase();
        if (mode === 'strict' || mode === 'lax' || mode === 'none') cookie.sameSite = mode;
        break;
      }
      case 'partitioned':
        cookie.partitioned = true;
        break;
    }
  }
  return cookie;
}

/**
 * When the cookie stops being sent, as epoch ms from `receivedAt`; undefined for a session cookie
 * (kept until the browser closes). Max-Age ≤ 0 and an Expires in the past both delete it at once.
 */
export function expiresAt(cookie: SetCookie, receivedAt: number): number | undefined {
  if (cookie.maxAge !== undefined)
    return cookie.maxAge <= 0 ? receivedAt : receivedAt + Math.min(cookie.maxAge, MAX_AGE_SECONDS) * 1000;
  if (cookie.expires === undefined) return undefined;
  return Math.min(cookie.expires, receivedAt + MAX_AGE_SECONDS * 1000);
}

/** Whether this Set-Cookie deletes the cookie it names (the way every framework's logout does). */
export function deletesCookie(cookie: SetCookie, receivedAt: number): boolean {
  const end = expiresAt(cookie, receivedAt);
  return end !== undefined && end <= receivedAt;
}
