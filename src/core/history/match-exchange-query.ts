import type { ParsedQuery, QueryTerms } from './exchange-query.ts';
import type { FilterableRow } from './filter-exchanges.ts';

export type RowPredicate = (row: FilterableRow) => boolean;

/** What the matcher reads from a row, lower-cased once and only when a term needs it. */
interface RowText {
  host?: string;
  /** URL, method, status, kind and top cause, one per line so a term cannot span two fields. */
  text?: string;
}

/**
 * Rows are immutable once built, and the same rows are filtered again on every keystroke:
 * their lower-cased text is worth keeping for as long as the row itself lives.
 */
const rowTexts = new WeakMap<FilterableRow, RowText>();

/**
 * Turns a parsed query into a predicate: the same key repeated is an OR, different keys AND,
 * every free-text term must be found, and a row matching any negated term is out.
 */
export function compileQuery(query: ParsedQuery): RowPredicate {
  const include = compileTerms(query, 'all');
  const exclude = compileTerms(query.negated, 'any');
  if (!include.length && !exclude.length) return () => true;
  return (row) => {
    for (const test of include) if (!test(row)) return false;
    for (const test of exclude) if (test(row)) return false;
    return true;
  };
}

type TermTest = (row: FilterableRow) => boolean;

/**
 * One test per key (`all`: each must pass) — except free text, one test per term either way,
 * since `-a -b` hides rows with a or b and `a b` keeps rows with both.
 */
function compileTerms(terms: QueryTerms, mode: 'all' | 'any'): TermTest[] {
  const tests: TermTest[] = [];
  if (terms.status.length || terms.statusClass.length) {
    const codes = new Set(terms.status);
    const classes = new Set(terms.statusClass);
    tests.push(
      ({ exchange }) => codes.has(exchange.status) || classes.has(Math.floor(exchange.status / 100)),
    );
  }
  if (terms.host.length) {
    const patterns = terms.host.map(hostPattern);
    tests.push((row) => {
      const host = hostText(row);
      return patterns.some((matches) => matches(host));
    });
  }
  if (terms.method.length) {
    const methods = new Set(terms.method);
    tests.push(({ exchange }) => methods.has(exchange.method.toUpperCase()));
  }
  if (terms.scheme.length) {
    const schemes = new Set(terms.scheme);
    tests.push(({ scheme }) => schemes.has(scheme.toLowerCase()));
  }
  if (terms.cause.length) {
    const causes = terms.cause;
    tests.push(({ topCause }) => topCause !== '' && causes.some((cause) => topCause.startsWith(cause)));
  }
  if (terms.kind.length) {
    const kinds = terms.kind;
    tests.push(({ credentialKind }) => {
      const kind = credentialKind.toLowerCase();
      return kinds.some((part) => kind.includes(part));
    });
  }
  if (terms.is.length) {
    const failed = terms.is.includes('failed');
    const ok = terms.is.includes('ok');
    tests.push(({ exchange }) => (exchange.failed ? failed : ok));
  }
  const words = terms.text;
  if (mode === 'all') for (const word of words) tests.push((row) => searchText(row).includes(word));
  else if (words.length)
    tests.push((row) => {
      const text = searchText(row);
      return words.some((word) => text.includes(word));
    });
  return tests;
}

/** `*.example.com` is a glob over the whole host; anything else is a substring. */
function hostPattern(pattern: string): (host: string) => boolean {
  if (!pattern.includes('*')) return (host) => host.includes(pattern);
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const glob = new RegExp(`^${source}$`);
  return (host) => glob.test(host);
}

function cacheOf(row: FilterableRow): RowText {
  let cached = rowTexts.get(row);
  if (!cached) {
    cached = {};
    rowTexts.set(row, cached);
  }
  return cached;
}

function hostText(row: FilterableRow): string {
  const cached = cacheOf(row);
  cached.host ??= hostOf(row.exchange.url).toLowerCase();
  return cached.host;
}

function searchText(row: FilterableRow): string {
  const cached = cacheOf(row);
  const { exchange } = row;
  cached.text ??=
    `${exchange.url}\n${exchange.method}\n${exchange.status}\n${row.credentialKind}\n${row.topCause}\n${row.topCauseTitle ?? ''}`.toLowerCase();
  return cached.text;
}

const SCHEME = /^[a-z][a-z\d+.-]*$/i;

/**
 * The host of an absolute URL without `new URL()` or a backtracking regex: filtering runs on
 * every keystroke over thousands of rows. Not an absolute URL: no host.
 */
export function hostOf(url: string): string {
  const scheme = url.indexOf('://');
  if (scheme < 1 || !SCHEME.test(url.slice(0, scheme))) return '';
  const start = scheme + 3;
  let end = start;
  while (end < url.length) {
    const code = url.charCodeAt(end);
    if (code === 47 || code === 63 || code === 35) break; // / ? #
    end++;
  }
  const userEnd = url.lastIndexOf('@', end - 1);
  const authority = url.slice(userEnd >= start ? userEnd + 1 : start, end);
  const afterUser = authority.startsWith('[') ? authority.indexOf(']') + 1 : 0;
  const port = authority.indexOf(':', afterUser);
  return port < 0 ? authority : authority.slice(0, port);
}
