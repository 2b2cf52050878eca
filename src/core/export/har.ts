import { type Exchange, type ExperimentRecord, type HeaderEntry, headerValue } from '../exchange.ts';
import { redactHeader, redactText, redactUrl } from '../redact/redact-credential.ts';
import { urlSecrets } from '../redact/redact-url.ts';
import { requestSecrets } from '../redact/request-secrets.ts';
import { experimentMarker, redactUrlsInText } from './experiment-marker.ts';
import type { Har, HarEntry, HarExperiment, HarNameValue, HarPage, HarResponse } from './har-types.ts';
import { statusText } from './status-text.ts';

export type { Har } from './har-types.ts';

export interface HarOptions {
  creatorVersion: string;
  pageTitle?: string;
  pageUrl?: string;
}

/**
 * webRequest does not report the protocol, and fetch cannot see it; HAR 1.2 requires a value,
 * so we write what DevTools writes when it does not know either.
 */
const HTTP_VERSION = 'HTTP/1.1';
const PAGE_ID = 'page_1';
/** Headers whose value is a URL, and so can carry `?access_token=…` like the request URL. */
const URL_HEADERS = new Set(['location', 'content-location', 'referer', 'origin']);
const utf8 = new TextEncoder();

/** One redactor per exchange: the carrier rule first, then every secret the request carried. */
type Clean = (text: string) => string;

/**
 * A HAR 1.2 log of the recorded exchanges, sanitized the way Chrome DevTools' "Export HAR
 * (sanitized)" and Cloudflare's har-sanitizer do: credential headers keep what explains them (JWT
 * claims, the Basic user, the SigV4 scope, cookie names) and lose what would replay them, and every
 * URL, header and body is searched for the request's secrets in case the server echoed them.
 */
export function buildHar(exchanges: readonly Exchange[], options: HarOptions): Har {
  const { pageUrl } = options;
  const page = pageUrl === undefined ? undefined : buildPage(exchanges, pageUrl, options.pageTitle);
  const extraUrls = pageUrl === undefined ? [] : [pageUrl];
  // An experiment's words can quote the failure it tested (its first hop's URL): that failure's
  // secrets are hunted in its entry too. Looked up only when the log holds an experiment.
  const byId = exchanges.some((exchange) => exchange.experiment)
    ? new Map(exchanges.map((exchange) => [exchange.id, exchange]))
    : undefined;
  return {
    log: {
      version: '1.2',
      creator: { name: 'Auth Inspector', version: options.creatorVersion },
      // HAR 1.2 §pages: "the <pages> object is empty" when requests are not grouped by page.
      pages: page ? [page] : [],
      entries: exchanges.map((exchange) => {
        const tested = exchange.experiment ? byId?.get(exchange.experiment.forExchangeId) : undefined;
        return buildEntry(exchange, page?.id, extraUrls, tested);
      }),
    },
  };
}

/** HAR files are JSON (HAR 1.2 §HAR Data Structure); two spaces keep them diffable. */
export function serializeHar(har: Har): string {
  return JSON.stringify(har, null, 2);
}

function buildPage(exchanges: readonly Exchange[], pageUrl: string, pageTitle?: string): HarPage {
  const secrets = urlSecrets(pageUrl);
  const url = redactText(redactUrl(pageUrl), secrets);
  const first = exchanges.reduce((earliest, { startedAt }) => Math.min(earliest, startedAt), Infinity);
  return {
    // No exchange, no start to point at: the export time is the honest answer.
    startedDateTime: isoTime(Number.isFinite(first) ? first : Date.now()),
    id: PAGE_ID,
    // The title is page-controlled text and may quote a token from the URL.
    title: pageTitle === undefined ? url : redactText(pageTitle, secrets),
    pageTimings: {},
  };
}

function buildEntry(
  exchange: Exchange,
  pageref: string | undefined,
  extraUrls: string[],
  tested: Exchange | undefined,
): HarEntry {
  const secrets = requestSecrets(exchange, [], extraUrls);
  if (tested) secrets.push(...requestSecrets(tested));
  const clean = cleaner(secrets);
  const url = clean(redactUrl(exchange.url));
  const elapsed = exchange.completedAt - exchange.startedAt;
  // HAR 1.2 §entries: time is the sum of the timings, none of which may be negative.
  const time = Number.isFinite(elapsed) && elapsed > 0 ? elapsed : 0;
  return {
    ...(pageref === undefined ? {} : { pageref }),
    startedDateTime: isoTime(exchange.startedAt),
    time,
    request: {
      method: clean(exchange.method),
      url,
      httpVersion: HTTP_VERSION,
      // Cookies stay in the (redacted) Cookie header only: a parsed copy would be a second place to leak.
      cookies: [],
      headers: harHeaders(exchange.requestHeaders, clean),
      queryString: queryString(url, clean),
      // -1: "if the info is not available" (HAR 1.2 §request); we record neither sizes nor bodies.
      headersSize: -1,
      bodySize: -1,
    },
    response: buildResponse(exchange, clean),
    cache: {},
    // Only start and end are recorded: the whole wait goes to `wait`, send/receive are required.
    timings: { send: 0, wait: time, receive: 0 },
    ...(exchange.experiment ? { comment: `${experimentMarker(exchange.experiment)}.` } : {}),
    _authInspector: {
      id: exchange.id,
      sources: [...exchange.sources],
      failed: exchange.failed,
      ...(exchange.error === undefined ? {} : { error: clean(exchange.error) }),
    },
    ...(exchange.experiment ? { _authInspectorExperiment: experimentField(exchange.experiment, clean) } : {}),
  };
}

/** What the experiment tested and proved; its words redacted like every other text. */
function experimentField(experiment: ExperimentRecord, clean: Clean): HarExperiment {
  const words = (text: string) => clean(redactUrlsInText(text));
  return {
    kind: experiment.kind,
    causeId: clean(experiment.causeId),
    forExchangeId: clean(experiment.forExchangeId),
    verdict: experiment.verdict,
    reason: words(experiment.reason),
    change: words(experiment.change),
    sentBy: 'Auth Inspector',
  };
}

function buildResponse(exchange: Exchange, clean: Clean): HarResponse {
  const headers = exchange.responseHeaders;
  const contentType = headerValue(headers, 'content-type');
  const location = headerValue(headers, 'location');
  const body = exchange.responseBody;
  return {
    status: exchange.status,
    statusText: statusText(exchange.status),
    httpVersion: HTTP_VERSION,
    cookies: [],
    headers: harHeaders(headers, clean),
    content: {
      // Bytes of what was recorded (HAR 1.2 §content.size); a truncated body says so in the comment.
      size: body ? utf8.encode(body.text).byteLength : 0,
      // HAR 1.2 §content.mimeType: the Content-Type value, charset included.
      mimeType: contentType === undefined ? 'x-unknown' : clean(contentType),
      ...(body ? { text: clean(body.text) } : {}),
      ...(body?.truncated
        ? {
            comment: `Truncated by Auth Inspector: only the first ${body.text.length} characters were recorded.`,
          }
        : {}),
    },
    redirectURL: location === undefined ? '' : clean(redactUrl(location)),
    headersSize: -1,
    bodySize: -1,
  };
}

function harHeaders(headers: readonly HeaderEntry[], clean: Clean): HarNameValue[] {
  return headers.map(({ name, value }) => {
    const key = name.toLowerCase();
    const redacted = URL_HEADERS.has(key) ? redactUrl(value) : redactHeader(key, value);
    return { name, value: clean(redacted) };
  });
}

/**
 * HAR 1.2 §queryString: the parameters parsed from the (already redacted) URL, decoded for reading.
 * Decoding can turn an encoded secret back into its plain form, so each part is cleaned again.
 */
function queryString(url: string, clean: Clean): HarNameValue[] {
  const start = url.indexOf('?');
  if (start === -1) return [];
  const hash = url.indexOf('#', start);
  const query = url.slice(start + 1, hash === -1 ? undefined : hash);
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    return { name: decodeClean(name, clean), value: decodeClean(value, clean) };
  });
}

/**
 * application/x-www-form-urlencoded decoding (`+` is a space) that leaves malformed escapes as
 * sent. Text that decodes to itself was cleaned as part of the URL already.
 */
function decodeClean(text: string, clean: Clean): string {
  const spaced = text.replaceAll('+', ' ');
  let decoded = spaced;
  try {
    decoded = decodeURIComponent(spaced);
  } catch {}
  return decoded === text ? text : clean(decoded);
}

/**
 * redactText for one exchange's many short strings. It dedupes and sorts the secrets on every call;
 * handing it only those present in the text keeps a 5,000-entry export fast, and finds the same hits.
 */
function cleaner(secrets: readonly string[]): Clean {
  const usable = [...new Set(secrets)].filter((secret) => secret.length >= 8);
  return (text) =>
    redactText(
      text,
      usable.filter((secret) => text.includes(secret)),
    );
}

/** ISO 8601 with time zone, as HAR 1.2 §entries.startedDateTime requires; never throws. */
function isoTime(ms: number): string {
  const safe = Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : 0;
  return new Date(safe).toISOString();
}
