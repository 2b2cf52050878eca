import type { Exchange, HeaderEntry } from '../exchange.ts';

/** JSON punctuation, field names and numbers of one exchange, measured on real records. */
const EXCHANGE_OVERHEAD = 220;
const HEADER_OVERHEAD = 26;

/**
 * About how many bytes an exchange takes in `storage.session` (which counts its JSON). Counted in
 * UTF-16 code units, which undercounts non-ASCII text; the budgets it serves leave room for that.
 * Cheap on purpose: it runs for every recorded request.
 */
export function exchangeBytes(exchange: Exchange): number {
  let bytes =
    EXCHANGE_OVERHEAD +
    exchange.id.length +
    exchange.method.length +
    exchange.url.length +
    exchange.type.length +
    headerBytes(exchange.requestHeaders) +
    headerBytes(exchange.responseHeaders);
  if (exchange.responseBody) bytes += exchange.responseBody.text.length + 32;
  if (exchange.error) bytes += exchange.error.length + 12;
  if (exchange.redirectedFrom) {
    const { url, credential } = exchange.redirectedFrom;
    bytes += url.length + 48;
    if (credential) bytes += HEADER_OVERHEAD + credential.name.length + credential.value.length;
  }
  if (exchange.experiment) {
    const { kind, causeId, forExchangeId, verdict, reason, change } = exchange.experiment;
    bytes += 96 + kind.length + causeId.length + forExchangeId.length + verdict.length;
    bytes += reason.length + change.length;
  }
  if (exchange.observationId) bytes += exchange.observationId.length + 20;
  if (exchange.pageOrigin) bytes += exchange.pageOrigin.length + 16;
  if (exchange.frameId !== undefined) bytes += 12;
  // Page-relayed and bounded by the worker's checks, but not small: a forging page must pay for it.
  if (exchange.tokenRequest) bytes += JSON.stringify(exchange.tokenRequest).length + 16;
  if (exchange.tokenResponse) bytes += JSON.stringify(exchange.tokenResponse).length + 16;
  return bytes;
}

function headerBytes(headers: readonly HeaderEntry[]): number {
  let bytes = 0;
  for (const header of headers) bytes += HEADER_OVERHEAD + header.name.length + header.value.length;
  return bytes;
}

export function historyBytes(exchanges: readonly Exchange[]): number {
  let bytes = 0;
  for (const exchange of exchanges) bytes += exchangeBytes(exchange);
  return bytes;
}
