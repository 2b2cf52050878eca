import { CAUSE_IDS } from '../causes/cause.ts';

/** One polarity of a filter query: what a row must match, or (negated) must not. */
export interface QueryTerms {
  status: number[];
  /** Status classes by first digit: 4 for `4xx`. */
  statusClass: number[];
  /** Lower-case; `*` is a wildcard over the whole host, anything else a substring. */
  host: string[];
  /** Upper-case. */
  method: string[];
  /** Lower-case, compared whole: `bearer`, `basic`, `aws4-hmac-sha256`. */
  scheme: string[];
  /** Lower-case cause id or the start of one. */
  cause: string[];
  /** Lower-case substring of the credential kind text. */
  kind: string[];
  is: ('failed' | 'ok')[];
  /** Lower-case free text. */
  text: string[];
}

export interface ParsedQuery extends QueryTerms {
  /** `-key:value` and `-text`: a row matching any of these is hidden. */
  negated: QueryTerms;
  /** What could not be read, in words for the filter bar. Never thrown. */
  errors: string[];
}

/** The query is typed by the user but also restored from storage and URLs: bound the work. */
export const QUERY_LIMITS = { chars: 1000, tokens: 50 } as const;

type FilterKey = 'status' | 'host' | 'method' | 'scheme' | 'cause' | 'kind' | 'is';

/** DevTools' own spellings (`status-code:`, `domain:`) work too, so muscle memory carries over. */
const KEYS = new Map<string, FilterKey>([
  ['status', 'status'],
  ['status-code', 'status'],
  ['host', 'host'],
  ['domain', 'host'],
  ['method', 'method'],
  ['scheme', 'scheme'],
  ['cause', 'cause'],
  ['kind', 'kind'],
  ['is', 'is'],
]);

export const QUERY_KEYS: readonly string[] = ['status', 'host', 'method', 'scheme', 'cause', 'kind', 'is'];

interface Token {
  negated: boolean;
  /** The key as typed, when the token had the `key:` form. */
  key?: string;
  value: string;
}

export function emptyTerms(): QueryTerms {
  return {
    status: [],
    statusClass: [],
    host: [],
    method: [],
    scheme: [],
    cause: [],
    kind: [],
    is: [],
    text: [],
  };
}

export function parseExchangeQuery(query: string): ParsedQuery {
  const errors: string[] = [];
  let input = query;
  if (input.length > QUERY_LIMITS.chars) {
    input = input.slice(0, QUERY_LIMITS.chars);
    errors.push(`The filter is cut at ${QUERY_LIMITS.chars} characters.`);
  }
  const { tokens, unclosedQuote, cut } = tokenize(input);
  if (unclosedQuote) errors.push('A quote is not closed; the rest of the filter is read as one value.');
  if (cut) errors.push(`Only the first ${QUERY_LIMITS.tokens} terms are used.`);

  const parsed: ParsedQuery = { ...emptyTerms(), negated: emptyTerms(), errors };
  for (const token of tokens) {
    const terms = token.negated ? parsed.negated : parsed;
    if (token.key === undefined) {
      // `""` would match every row: it says nothing, so it filters nothing.
      if (token.value) terms.text.push(token.value.toLowerCase());
      continue;
    }
    const key = KEYS.get(token.key.toLowerCase());
    if (key === undefined) {
      // A URL (`https://…`) or a host with its port (`localhost:8080`) is text, not a typo.
      const plainText = token.value.startsWith('//') || /^\d+$/.test(token.value);
      if (!plainText)
        errors.push(`Unknown filter "${token.key}:", searched as text. Filters: ${QUERY_KEYS.join(', ')}.`);
      terms.text.push(`${token.key}:${token.value}`.toLowerCase());
      continue;
    }
    const problem = addTerm(terms, key, token.value);
    // A term that cannot be read is reported and left out rather than hiding every row.
    if (problem) errors.push(problem);
  }
  return parsed;
}

/** Adds one `key:value` term; returns why it was left out, if it was. */
function addTerm(terms: QueryTerms, key: FilterKey, raw: string): string | undefined {
  const value = raw.trim().toLowerCase();
  if (!value) return `"${key}:" needs a value.`;
  switch (key) {
    case 'status': {
      if (/^\d{1,3}$/.test(value)) terms.status.push(Number(value));
      else if (/^[1-5]xx$/.test(value)) terms.statusClass.push(Number(value[0]));
      else return `"status:${raw}" is not a status: use a code like 401 or a class like 4xx.`;
      return undefined;
    }
    case 'is':
      if (value !== 'failed' && value !== 'ok') return `"is:${raw}" is not known: use is:failed or is:ok.`;
      terms.is.push(value);
      return undefined;
    case 'cause':
      if (!CAUSE_IDS.some((id) => id.startsWith(value))) return `No cause id starts with "${raw}".`;
      terms.cause.push(value);
      return undefined;
    case 'method':
      terms.method.push(value.toUpperCase());
      return undefined;
    default:
      terms[key].push(value);
      return undefined;
  }
}

/**
 * Splits on white space outside double quotes. Quotes group and are dropped (`host:"a b"`,
 * `"two words"`); a `-` right before a term negates it, a lone `-` is text.
 */
function tokenize(input: string): { tokens: Token[]; unclosedQuote: boolean; cut: boolean } {
  const tokens: Token[] = [];
  const keyPattern = /([a-z][a-z-]*):/iy;
  let unclosedQuote = false;
  let index = 0;
  while (index < input.length) {
    while (index < input.length && isSpace(input.charCodeAt(index))) index++;
    if (index >= input.length) break;
    if (tokens.length === QUERY_LIMITS.tokens) return { tokens, unclosedQuote, cut: true };

    const negated = input[index] === '-' && index + 1 < input.length && !isSpace(input.charCodeAt(index + 1));
    if (negated) index++;
    keyPattern.lastIndex = index;
    const keyMatch = keyPattern.exec(input);
    const key = keyMatch?.[1];
    if (keyMatch) index += keyMatch[0].length;

    let value = '';
    while (index < input.length && !isSpace(input.charCodeAt(index))) {
      if (input[index] === '"') {
        const close = input.indexOf('"', index + 1);
        if (close < 0) {
          unclosedQuote = true;
          value += input.slice(index + 1);
          index = input.length;
        } else {
          value += input.slice(index + 1, close);
          index = close + 1;
        }
      } else {
        value += input[index];
        index++;
      }
    }
    tokens.push(key === undefined ? { negated, value } : { negated, key, value });
  }
  return { tokens, unclosedQuote, cut: false };
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0;
}
