/**
 * WWW-Authenticate parser (RFC 9110 §11.6.1). The header is where a server says *why* it rejected a
 * token (RFC 6750 §3, RFC 9449 §7.1, RFC 9470 §3), so it must be read even when sloppy or hostile:
 * this never throws, bounds its work, and reports anything odd in `problems`.
 */

export interface AuthChallenge {
  scheme: string; // as sent, e.g. 'Bearer'
  schemeKey: string; // lowercased, for comparisons (RFC 9110 §11.1: schemes are case-insensitive)
  token68?: string; // when the challenge carries a token68 instead of params
  params: Record<string, string>; // null-prototype; names lowercased, values unquoted and unescaped
}

export interface WwwAuthenticate {
  challenges: AuthChallenge[];
  problems: string[]; // human-readable notes on anything that did not parse cleanly
  truncated: boolean; // input exceeded MAX_INPUT and only its start was parsed
}

// Header values come from arbitrary servers; cap everything so a hostile one cannot stall the UI.
const MAX_INPUT = 16 * 1024; // UTF-16 code units (header values are ASCII in practice)
const MAX_CHALLENGES = 20;
const MAX_PARAMS = 50;
const MAX_PROBLEMS = 50;

// Character classes as a lookup table: O(1) per char and no backtracking regexes.
const TCHAR = 1; // RFC 9110 §5.6.2
const TOKEN68 = 2; // RFC 9110 §11.2
const CLASS = new Uint8Array(128);
const mark = (chars: string, flag: number): void => {
  for (const ch of chars) CLASS[ch.charCodeAt(0)] = (CLASS[ch.charCodeAt(0)] ?? 0) | flag;
};
mark('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', TCHAR | TOKEN68);
mark("!#$%&'*^`|", TCHAR);
mark('-._~+', TCHAR | TOKEN68);
mark('/', TOKEN68);

const is = (s: string, i: number, flag: number): boolean => {
  const c = s.charCodeAt(i); // NaN past the end, which fails the comparison
  return c < 128 && ((CLASS[c] ?? 0) & flag) !== 0;
};
// OWS is SP / HTAB (RFC 9110 §5.6.3); CR/LF are tolerated too because pasted headers often carry them.
const isWs = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';

/** RFC 9110 §5.3: several field lines are combined as if joined with ", ". */
function normalise(values: string | readonly string[]): { text: string; truncated: boolean } {
  const list: readonly unknown[] =
    typeof values === 'string' ? [values] : Array.isArray(values) ? values : [];
  let text = '';
  let first = true;
  for (const v of list) {
    if (typeof v !== 'string') continue; // defensive against untyped callers
    text = first ? v : `${text}, ${v}`;
    first = false;
    if (text.length > MAX_INPUT) break; // no point joining what will be cut off
  }
  return text.length > MAX_INPUT
    ? { text: text.slice(0, MAX_INPUT), truncated: true }
    : { text, truncated: false };
}

export function parseWwwAuthenticate(values: string | readonly string[]): WwwAuthenticate {
  const { text: s, truncated } = normalise(values);
  const n = s.length;
  const challenges: AuthChallenge[] = [];
  const problems: string[] = [];
  const note = (msg: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(msg);
    else if (problems.length === MAX_PROBLEMS) problems.push('further problems omitted');
  };
  if (truncated) note(`input longer than ${MAX_INPUT} characters was truncated before parsing`);

  let current: AuthChallenge | undefined;
  let paramCount = 0;
  let hasToken68 = false;
  const where = (): string => (current ? `in ${current.scheme} challenge` : 'before any challenge');
  const skipWs = (p: number): number => {
    while (p < n && isWs(s[p])) p++;
    return p;
  };
  const scanToken = (p: number): number => {
    while (is(s, p, TCHAR)) p++;
    return p;
  };
  /** End of a token68 starting at p, or undefined when the text there is not one (RFC 9110 §11.2). */
  const scanToken68 = (p: number): number | undefined => {
    let q = p;
    while (is(s, q, TOKEN68)) q++;
    if (q === p) return undefined;
    while (s[q] === '=') q++;
    // Only a whole list element counts: `realm="x"` also starts with token68 chars and "=".
    const r = skipWs(q);
    return r >= n || s[r] === ',' ? q : undefined;
  };
  /** quoted-string body after the opening DQUOTE, with quoted-pair unescaping (RFC 9110 §5.6.4). */
  const readQuoted = (p: number): [string, number] => {
    let out = '';
    let run = p;
    while (p < n) {
      const ch = s[p];
      if (ch === '"') return [out + s.slice(run, p), p + 1];
      if (ch === '\\') {
        out += s.slice(run, p) + (s[p + 1] ?? '');
        p += 2;
        run = p;
        continue;
      }
      p++;
    }
    note(`unterminated quoted string ${where()}`);
    return [out + s.slice(run, Math.min(p, n)), n];
  };
  const store = (name: string, value: string): void => {
    const key = name.toLowerCase(); // RFC 9110 §11.2: parameter names are case-insensitive
    if (!current) {
      note(`auth-param "${name}" appears before any auth-scheme; ignored`);
    } else if (Object.hasOwn(current.params, key)) {
      note(`duplicate auth-param "${key}" ${where()}; kept the first`);
    } else if (paramCount++ < MAX_PARAMS) {
      // RFC 9110 §11.6.1: a challenge carries a token68 *or* auth-params; keep both as best effort.
      if (hasToken68) note(`auth-param "${name}" follows a token68 ${where()}`);
      current.params[key] = value;
    } else if (paramCount === MAX_PARAMS + 1) {
      note(`more than ${MAX_PARAMS} auth-params ${where()}; the rest were ignored`);
    }
  };
  /** auth-param value after BWS "=" BWS (RFC 9110 §11.2); returns the position after it. */
  const readParam = (name: string, p: number): number => {
    p = skipWs(p);
    let value: string;
    if (s[p] === '"') {
      [value, p] = readQuoted(p + 1);
    } else {
      const start = p;
      p = scanToken(p);
      if (p < n && s[p] !== ',' && !isWs(s[p])) {
        // Not a token, e.g. `error_uri=https://x/y` unquoted, which some servers send: keep it to the next comma.
        const comma = s.indexOf(',', p);
        p = comma < 0 ? n : comma;
        note(`unquoted value of "${name}" ${where()} contains characters not allowed in a token`);
      } else if (p === start) {
        note(`empty value for "${name}" ${where()}`);
      }
      value = s.slice(start, p).trim();
    }
    store(name, value);
    return p;
  };

  let i = 0;
  let expectComma = false;
  let paramNext = false; // right after `scheme 1*SP` that was not a token68
  while (i < n) {
    const wantParam = paramNext;
    paramNext = false;
    // #rule (RFC 9110 §5.6.1): OWS around commas and empty list elements are allowed.
    let sawComma = false;
    i = skipWs(i);
    while (s[i] === ',') {
      sawComma = true;
      i = skipWs(i + 1);
    }
    if (i >= n) break;
    if (expectComma && !sawComma) note(`missing comma at offset ${i} ${where()}`);
    expectComma = true;
    const end = scanToken(i);
    if (end === i) {
      note(`unexpected ${JSON.stringify(s[i])} at offset ${i} ${where()}; skipped to the next comma`);
      const comma = s.indexOf(',', i + 1);
      i = comma < 0 ? n : comma;
      continue;
    }
    const name = s.slice(i, end);
    const after = skipWs(end);
    // The comma ambiguity (RFC 9110 §11.6.1): `token BWS "="` continues the current challenge's
    // auth-params; any other token begins a new challenge.
    if (s[after] === '=') {
      i = readParam(name, after + 1);
      continue;
    }
    if (wantParam)
      note(`expected an auth-param or token68 after "${current?.scheme}", found "${name}"; new challenge`);
    if (challenges.length === MAX_CHALLENGES) {
      note(`more than ${MAX_CHALLENGES} challenges; the rest were ignored`);
      break;
    }
    current = {
      scheme: name,
      schemeKey: name.toLowerCase(),
      params: Object.create(null) as Record<string, string>,
    };
    challenges.push(current);
    paramCount = 0;
    hasToken68 = false;
    i = after;
    // `auth-scheme 1*SP ( token68 / #auth-param )`: padding "=" must not be mistaken for a param.
    if (after > end && after < n && s[after] !== ',') {
      const t68 = scanToken68(after);
      if (t68 !== undefined) {
        current.token68 = s.slice(after, t68);
        hasToken68 = true;
        i = t68;
      } else {
        expectComma = false; // the first auth-param follows the scheme after whitespace, not a comma
        paramNext = true;
      }
    }
  }
  // RFC 9110 §11.6.1: a 401 response MUST carry at least one challenge.
  if (challenges.length === 0) note('no challenges found');
  return { challenges, problems, truncated };
}

/** Convenience: the first challenge whose scheme matches (case-insensitive, RFC 9110 §11.1). */
export function findChallenge(parsed: WwwAuthenticate, scheme: string): AuthChallenge | undefined {
  const key = scheme.toLowerCase();
  return parsed.challenges.find((c) => c.schemeKey === key);
}
