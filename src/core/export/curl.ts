import type { Exchange } from '../exchange.ts';
import { redactHeader, redactText, redactUrl } from '../redact/redact-credential.ts';
import { requestSecrets } from '../redact/request-secrets.ts';
import { experimentMarker } from './experiment-marker.ts';
import { shellQuote } from './shell-quote.ts';

/** Headers curl computes itself, and HTTP/2 pseudo-headers (`:authority`), which are not headers to send. */
const SKIPPED = new Set(['content-length', 'host']);
/** Headers whose value is a URL, redacted like the request URL. */
const URL_HEADERS = new Set(['referer', 'origin']);
const AUTHORIZATION = new Set(['authorization', 'proxy-authorization']);
/** curl(1) --globoff: `[` `]` `{` `}` in a URL are glob ranges, and `[removed]` would be one. */
const GLOB = /[[\]{}]/;
/** Method tokens that need no quoting (RFC 9110 §9.1 allows more; those are quoted). */
const PLAIN_METHOD = /^[A-Za-z]+$/;

/**
 * The exchange as a bash command, like DevTools' "Copy as cURL (bash)", with every credential
 * redacted: each credential value becomes a visible `<…>` placeholder built by the redact module
 * (`Bearer <eyJ….eyJ….[signature removed]>`, `Basic <alice:[password removed]>`), which keeps what
 * identifies the credential and must be replaced by a real one before the command will work.
 * A request Auth Inspector sent itself (an experiment, issue 16) opens with a comment saying so.
 */
export function buildCurl(exchange: Exchange): string {
  const secrets = requestSecrets(exchange);
  const clean = (text: string) => redactText(text, secrets);
  const url = clean(redactUrl(exchange.url));
  const args: string[] = [`curl ${shellQuote(url)}`];
  if (GLOB.test(url)) args.push('--globoff');
  args.push(methodArgument(exchange.method));

  let redacted = url !== exchange.url;
  for (const { name, value } of exchange.requestHeaders) {
    const key = name.toLowerCase();
    if (SKIPPED.has(key) || key.startsWith(':')) continue;
    let shown: string;
    if (URL_HEADERS.has(key)) shown = redactUrl(value);
    else {
      const safe = redactHeader(key, value);
      redacted ||= safe !== value;
      shown = safe === value ? value : placeholder(key, value, safe);
    }
    args.push(`-H ${shellQuote(`${name}: ${clean(shown)}`)}`);
  }

  // The marker is fixed words only: no page text can end the comment and start a command.
  const lines = exchange.experiment ? [`# ${experimentMarker(exchange.experiment)}`] : [];
  lines.push(args.join(' \\\n  '));
  // Only headers are recorded (webRequest's request body is not kept), so a POST is replayed empty.
  lines.push('# request body not recorded');
  if (redacted)
    lines.push('# credentials redacted: put real values in place of the <…> and […] before running');
  return lines.join('\n');
}

/**
 * `-X HEAD` makes curl wait for a body that never comes (curl(1) -X), so HEAD is `--head`. A page
 * can send any method token: anything unusual is quoted.
 */
function methodArgument(method: string): string {
  if (method.toUpperCase() === 'HEAD') return '--head';
  return `-X ${PLAIN_METHOD.test(method) ? method : shellQuote(method)}`;
}

/**
 * `Bearer <…>`: a leading scheme stays outside the brackets, since it is what the user keeps. It
 * is read from the value as sent (the redacted form has spaces of its own). A label that is
 * bracketed already (`[AWS session token …a1B2, 320 chars]`) gets angle brackets instead.
 */
function placeholder(key: string, value: string, redacted: string): string {
  const lead = AUTHORIZATION.has(key) ? (/^\s*\S+\s+/.exec(value)?.[0] ?? '') : '';
  const scheme = lead !== '' && redacted.startsWith(lead) ? lead : '';
  const rest = redacted.slice(scheme.length).trim();
  const inner = /^\[[^[\]]*\]$/.test(rest) ? rest.slice(1, -1) : rest;
  return `${scheme}<${inner}>`;
}
