import type { Exchange } from '../exchange.ts';
import { credentialKey } from './credential-key.ts';
import { type ParsedQuery, parseExchangeQuery } from './exchange-query.ts';
import type { DiagnosedExchange } from './group-failures.ts';
import { compileQuery } from './match-exchange-query.ts';

export type { ParsedQuery, QueryTerms } from './exchange-query.ts';
export { parseExchangeQuery, QUERY_KEYS, QUERY_LIMITS } from './exchange-query.ts';
export { compileQuery, type RowPredicate } from './match-exchange-query.ts';

/**
 * One line of the panel's exchange table, with what the filter reads already worked out.
 * Treated as immutable: the filter keeps its lower-cased text per row object.
 */
export interface FilterableRow {
  exchange: Exchange;
  /** Authorization scheme as sent ('Bearer', 'AWS4-HMAC-SHA256'), '' when none. */
  scheme: string;
  /** The credential kind in words ('JWT access token (RS256) from …'), '' when none. */
  credentialKind: string;
  /** The top cause id, '' when the exchange did not fail. */
  topCause: string;
  /** The top cause title, searched as free text. */
  topCauseTitle?: string;
  /** credentialKey of the exchange, '' when it carried no credential. */
  fingerprint: string;
}

export interface ExchangeFilter {
  /** Only authentication failures (the "Failures" toggle). */
  failuresOnly: boolean;
  /**
   * DevTools-style: `status:4xx -host:*.cdn.com is:failed token`, or that query already parsed
   * (the panel parses once, for its error line and for filtering).
   */
  query: string | ParsedQuery;
}

/**
 * The rows the filter keeps, in their order. Never throws; a query it cannot read in part still
 * filters by the rest (parseExchangeQuery's `errors` say what was left out).
 */
export function filterRows<T extends FilterableRow>(rows: readonly T[], filter: ExchangeFilter): T[] {
  const parsed = typeof filter.query === 'string' ? parseExchangeQuery(filter.query) : filter.query;
  const matches = compileQuery(parsed);
  const kept: T[] = [];
  for (const row of rows) {
    if (filter.failuresOnly && !row.exchange.failed) continue;
    if (matches(row)) kept.push(row);
  }
  return kept;
}

export function rowOf(item: DiagnosedExchange): FilterableRow & DiagnosedExchange {
  const credential = item.diagnosis.credentials[0];
  const top = item.diagnosis.causes[0];
  return {
    exchange: item.exchange,
    diagnosis: item.diagnosis,
    scheme: credential?.scheme ?? '',
    credentialKind: credential?.kind ?? '',
    topCause: top?.id ?? '',
    topCauseTitle: top?.title ?? '',
    fingerprint: credentialKey(item.exchange) ?? '',
  };
}
