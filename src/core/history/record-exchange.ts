import { isAuthFailure } from '../auth-failure.ts';
import { isCredentialHeader } from '../credential-headers.ts';
import type { Exchange, HeaderEntry } from '../exchange.ts';
import { exchangeBytes } from './exchange-bytes.ts';
import type { TabHistory } from './tab-history.ts';

/**
 * Adds what one source saw to a tab's history, joining it with what the other source saw of the
 * same request: the network layer has the wire headers (Authorization as sent, unfiltered response
 * headers), the page has the response body. Mutates `history` in place (it is the store's cache).
 */

/** How far apart the two sources' completion times of one request may be. */
const JOIN_WINDOW_MS = 10_000;
/** How many recent exchanges to search for a record seen before (a relay's retry). */
const JOIN_SEARCH_DEPTH = 50;
/** A bound on the partner search whatever the ring size setting: one record's cost stays small. */
const PARTNER_SEARCH_MAX = 1000;

export interface RecordOptions {
  maxExchanges: number;
  /** Approximate bytes (exchangeBytes) a tab may hold; the oldest go first. The newest always stays. */
  maxBytes?: number;
  failureStatuses?: ReadonlySet<number>;
}

export function recordExchange(history: TabHistory, incoming: Exchange, options: RecordOptions): Exchange {
  if (incoming.experiment) return recordExperiment(history, incoming, options);
  withoutClientSecret(incoming);
  const seen = incoming.observationId && findObservation(history, incoming.observationId);
  if (seen) return seen;
  const partner = findPartner(history, incoming);
  if (partner) {
    const wasFailed = partner.failed;
    history.bytes -= exchangeBytes(partner);
    mergeInto(partner, incoming, options);
    withoutClientSecret(partner);
    history.bytes += exchangeBytes(partner);
    if (partner.failed && !wasFailed) history.failureCount++;
    trim(history, options);
    return partner;
  }
  // The page's "network error" for a call whose preflight the network layer saw refused is that
  // same failure, told twice: the preflight's record says it better.
  const preflight =
    incoming.status === 0 && isPageOnly(incoming) ? findRefusedPreflight(history, incoming) : undefined;
  if (preflight) return preflight;
  incoming.failed = isAuthFailure(incoming, options.failureStatuses);
  // The page relays error bodies that might speak of a credential; one that did not, from a
  // request without a credential, is nobody's business: it is not kept.
  // A token endpoint's success is kept: it is the refresh the timeline shows.
  if (
    !incoming.failed &&
    isPageOnly(incoming) &&
    !incoming.tokenRequest &&
    !incoming.requestHeaders.some((h) => isCredentialHeader(h.name))
  ) {
    return incoming;
  }
  history.exchanges.push(incoming);
  history.bytes += exchangeBytes(incoming);
  if (incoming.failed) history.failureCount++;
  trim(history, options);
  return incoming;
}

/**
 * An experiment the user ran is kept with the tab's traffic, marked, but it is never the app's
 * failure (the badge and the failure list count only those) and never joins an app request.
 */
function recordExperiment(history: TabHistory, incoming: Exchange, options: RecordOptions): Exchange {
  incoming.failed = false;
  history.exchanges.push(incoming);
  history.bytes += exchangeBytes(incoming);
  trim(history, options);
  return incoming;
}

/**
 * A token request's client_secret_basic Authorization is the client's secret: the request keeps
 * its fingerprint (read on the page), the record not the header, whoever saw it (the network view
 * has it as sent).
 */
function withoutClientSecret(exchange: Exchange): void {
  if (!exchange.tokenRequest) return;
  const kept = exchange.requestHeaders.filter(
    (header) => header.name !== 'authorization' || !/^\s*basic\s/i.test(header.value),
  );
  if (kept.length !== exchange.requestHeaders.length) exchange.requestHeaders = kept;
}

function findRefusedPreflight(history: TabHistory, incoming: Exchange): Exchange | undefined {
  const url = withoutFragment(incoming.url);
  for (let index = history.exchanges.length - 1; index >= 0; index--) {
    const candidate = history.exchanges[index];
    if (!candidate || incoming.completedAt - candidate.completedAt > JOIN_WINDOW_MS) break;
    if (candidate.method === 'OPTIONS' && candidate.failed && withoutFragment(candidate.url) === url)
      return candidate;
  }
  return undefined;
}

function isPageOnly(exchange: Exchange): boolean {
  return exchange.sources.length === 1 && exchange.sources[0] === 'page';
}

/** Drops the oldest exchanges until the ring's count and byte budgets hold. */
function trim(history: TabHistory, options: RecordOptions): void {
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  while (
    history.exchanges.length > options.maxExchanges ||
    (history.bytes > maxBytes && history.exchanges.length > 1)
  ) {
    const oldest = history.exchanges.shift();
    if (oldest) history.bytes -= exchangeBytes(oldest);
    history.dropped++;
  }
}

/**
 * A request from DevTools' network log (the panel sees it only while open): usually the worker or
 * the page observer recorded it already, and then it only lends its body; otherwise it is added,
 * so a failure DevTools saw is shown once.
 */
export function recordDevtoolsExchange(
  history: TabHistory,
  incoming: Exchange,
  options: RecordOptions,
): Exchange {
  const url = withoutFragment(incoming.url);
  const stop = Math.max(0, history.exchanges.length - JOIN_SEARCH_DEPTH * 2);
  for (let index = history.exchanges.length - 1; index >= stop; index--) {
    const known = history.exchanges[index];
    if (!known || known.method !== incoming.method || known.status !== incoming.status) continue;
    // DevTools logs the experiment's own request too: it is that record, and stays an experiment.
    if (known.experiment) {
      const same =
        withoutFragment(known.url) === url &&
        Math.abs(known.completedAt - incoming.completedAt) <= JOIN_WINDOW_MS;
      if (same) return known;
      continue;
    }
    if (
      withoutFragment(known.url) !== url ||
      Math.abs(known.completedAt - incoming.completedAt) > JOIN_WINDOW_MS
    ) {
      continue;
    }
    // DevTools read the body of a token request the page observer could not see (a web worker's).
    if (!known.tokenRequest && incoming.tokenRequest) {
      const before = exchangeBytes(known);
      known.tokenRequest = incoming.tokenRequest;
      if (incoming.tokenResponse) known.tokenResponse = incoming.tokenResponse;
      withoutClientSecret(known);
      history.bytes += exchangeBytes(known) - before;
      const wasFailed = known.failed;
      known.failed = isAuthFailure(known, options.failureStatuses);
      if (known.failed !== wasFailed) history.failureCount += known.failed ? 1 : -1;
    }
    // DevTools is the one witness of the Cookie header: which cookies went (issue 18).
    if (incoming.cookies?.sent && !known.cookies?.sent) {
      known.cookies = { ...known.cookies, sent: incoming.cookies.sent };
    }
    if (!known.responseBody && incoming.responseBody) {
      const wasFailed = known.failed;
      const before = exchangeBytes(known);
      known.responseBody = incoming.responseBody;
      history.bytes += exchangeBytes(known) - before;
      known.failed = isAuthFailure(known, options.failureStatuses);
      if (known.failed && !wasFailed) history.failureCount++;
      trim(history, options);
    }
    return known;
  }
  return recordExchange(history, incoming, options);
}

function findObservation(history: TabHistory, observationId: string): Exchange | undefined {
  const stop = Math.max(0, history.exchanges.length - JOIN_SEARCH_DEPTH * 2);
  for (let index = history.exchanges.length - 1; index >= stop; index--) {
    const known = history.exchanges[index];
    if (known?.observationId === observationId) return known;
  }
  return undefined;
}

function findPartner(history: TabHistory, incoming: Exchange): Exchange | undefined {
  const [source] = incoming.sources;
  const url = withoutFragment(incoming.url);
  let best: Exchange | undefined;
  let bestDistance = JOIN_WINDOW_MS;
  // Back in time, not a fixed count: in a storm the other source's copy may come a few hundred
  // records later (the page relays in batches), and a record older than the window cannot join.
  // Records are kept in arrival order, which is completion order give or take a relay's delay.
  const stop = Math.max(0, history.exchanges.length - PARTNER_SEARCH_MAX);
  for (let index = history.exchanges.length - 1; index >= stop; index--) {
    const candidate = history.exchanges[index];
    if (!candidate) continue;
    if (incoming.completedAt - candidate.completedAt > JOIN_WINDOW_MS * 2) break;
    if (candidate.experiment) continue;
    if (source === undefined || candidate.sources.includes(source)) continue;
    if (candidate.method !== incoming.method || !sameAnswer(candidate, incoming)) continue;
    // Two views of one request overlap in time; a call that ended before this one began is another
    // call (an earlier page-only record, from before network capture was on, is never its partner).
    if (disjoint(candidate, incoming)) continue;
    if (withoutFragment(candidate.url) !== url) continue;
    // Two calls to one URL with different tokens (a retry after a refresh) are two requests.
    if (differentAuthorization(candidate, incoming)) continue;
    const distance = Math.abs(candidate.completedAt - incoming.completedAt);
    if (distance <= bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Both views saw the same answer, or the page got a network error for an answer the browser
 * withheld from it (the CORS check of a credentialed call, issue 18).
 */
function sameAnswer(a: Exchange, b: Exchange): boolean {
  if (a.status === b.status) return true;
  const page = a.sources.includes('page') ? a : b;
  return page.status === 0 && page.cookies?.credentialsMode === 'include';
}

/** The page's and the worker's clocks differ by a few ms; a gap larger than this is real. */
const CLOCK_SLACK_MS = 100;

function disjoint(a: Exchange, b: Exchange): boolean {
  return a.completedAt < b.startedAt - CLOCK_SLACK_MS || b.completedAt < a.startedAt - CLOCK_SLACK_MS;
}

function differentAuthorization(a: Exchange, b: Exchange): boolean {
  const first = a.requestHeaders.find((header) => header.name === 'authorization');
  const second = b.requestHeaders.find((header) => header.name === 'authorization');
  return first !== undefined && second !== undefined && first.value !== second.value;
}

function mergeInto(target: Exchange, incoming: Exchange, options: RecordOptions): void {
  const network = incoming.sources.includes('network') ? incoming : target;
  const page = network === incoming ? target : incoming;
  // What went on the wire is the truth: a header the page set but the browser dropped (a
  // cross-origin redirect strips Authorization) was not sent. The page's list only fills in when
  // the network view lost its request headers (a worker restarted mid-request).
  const wireKnown = network.requestHeaders.length > 0 || network.redirectedFrom !== undefined;
  target.requestHeaders = wireKnown ? network.requestHeaders : page.requestHeaders;
  if (network.redirectedFrom) {
    // The page may have seen the credential the network view's hop lost (a worker restart).
    const credential = network.redirectedFrom.credential ?? page.redirectedFrom?.credential;
    target.redirectedFrom = { ...network.redirectedFrom, ...(credential ? { credential } : {}) };
  }
  target.responseHeaders = unionHeaders(network.responseHeaders, page.responseHeaders);
  const body = page.responseBody ?? network.responseBody;
  if (body) target.responseBody = body;
  if (page.observationId) target.observationId = page.observationId;
  // Only the page reads the request body a token request is recognised by.
  const tokenRequest = page.tokenRequest ?? network.tokenRequest;
  const tokenResponse = page.tokenResponse ?? network.tokenResponse;
  if (tokenRequest) target.tokenRequest = tokenRequest;
  if (tokenResponse) target.tokenResponse = tokenResponse;
  // The page's content script knows its frame and document as the sender; the network view's
  // initiator is the same origin, told less surely.
  const frameId = page.frameId ?? network.frameId;
  const pageOrigin = page.pageOrigin ?? network.pageOrigin;
  if (frameId !== undefined) target.frameId = frameId;
  if (pageOrigin !== undefined) target.pageOrigin = pageOrigin;
  // Only the page knows how it asked for cookies; the jar is read later, at diagnosis (issue 18).
  const cookies = page.cookies ?? network.cookies;
  if (cookies) target.cookies = cookies;
  // The server answered, but the browser gave the page a network error (a CORS check of the
  // answer): the page's status 0 is what the app met, and the server's headers say why.
  if (page.status === 0 && network.status !== 0) {
    target.status = 0;
    if (page.error) target.error = page.error;
  }
  // The network layer's timing and resource type describe the request as the browser sent it.
  target.type = network.type;
  target.startedAt = Math.min(target.startedAt, incoming.startedAt);
  target.completedAt = Math.max(target.completedAt, incoming.completedAt);
  target.sources = ['network', 'page'];
  delete target.unseen;
  target.failed = isAuthFailure(target, options.failureStatuses);
}

/** The first list wins for a header name present in both (the wire is the truth). */
function unionHeaders(primary: HeaderEntry[], secondary: HeaderEntry[]): HeaderEntry[] {
  const names = new Set(primary.map((header) => header.name));
  return [...primary, ...secondary.filter((header) => !names.has(header.name))];
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}
