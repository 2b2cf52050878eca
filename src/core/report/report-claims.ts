import type { CredentialSummary } from '../credential-summary.ts';
import { isJwtShaped } from '../redact/redact-token.ts';
import { formatDuration } from '../time/format-relative.ts';
import { claimText } from '../tokens/claim-text.ts';
import { decodeJwt, type JsonObject, type JwtDecodeResult } from '../tokens/decode-jwt.ts';
import { escapeInline } from './markdown-escape.ts';

/** RFC 7519 §4.1 and OIDC Core §2: the claims that are NumericDate instants. */
const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time']);
/** A hostile token can carry thousands of claims; a report needs the first few. */
const MAX_ROWS = 40;
const MAX_VALUE = 300;
const INVALID_DATE = 'not a representable date';

/** The token the diagnosis decoded (Authorization), else the first JWT-shaped credential sent. */
export function reportedJwt(
  jwt: JwtDecodeResult | undefined,
  credentials: readonly CredentialSummary[],
): { decoded: JwtDecodeResult; from: string } | undefined {
  const bearer = credentials.find((credential) => credential.header === 'authorization');
  if (jwt) return { decoded: jwt, from: bearer?.header ?? 'authorization' };
  const other = credentials.find((credential) => isJwtShaped(credential.secret.trim()));
  return other ? { decoded: decodeJwt(other.secret.trim()), from: other.header } : undefined;
}

/**
 * A two-column table of the header and payload claims. Cells go through `text` (redaction and
 * escaping) after clipping, so a 10,000-character claim costs one bounded line.
 */
export function claimsTable(
  decoded: JwtDecodeResult,
  requestTime: number,
  text: (value: string, limit?: number) => string,
): string[] {
  if (decoded.kind === 'invalid') return [`The token does not decode: ${text(decoded.reason)}`];
  const rows: [string, string][] = [
    ...entries(decoded.header).map(([name, value]): [string, string] => [
      `${name} (header)`,
      claimText(value, MAX_VALUE),
    ]),
    ...(decoded.kind === 'jws'
      ? entries(decoded.payload).map(([name, value]): [string, string] => [
          name,
          claimValue(name, value, requestTime),
        ])
      : []),
  ];
  const lines = ['| Claim | Value |', '| --- | --- |'];
  for (const [name, value] of rows.slice(0, MAX_ROWS))
    lines.push(`| ${escapeInline(name, 100)} | ${text(value)} |`);
  if (rows.length > MAX_ROWS) lines.push(`| … | ${rows.length - MAX_ROWS} more claims not shown |`);
  if (decoded.kind === 'jwe') lines.push('', 'An encrypted token (JWE): only its header can be read.');
  return lines;
}

function entries(object: JsonObject): [string, unknown][] {
  return Object.entries(object);
}

/** `1763725800 = 2026-11-21T11:50:00.000Z (10 min before the request)`. */
function claimValue(name: string, value: unknown, requestTime: number): string {
  if (!TIME_CLAIMS.has(name) || typeof value !== 'number' || !Number.isFinite(value)) {
    return claimText(value, MAX_VALUE);
  }
  const instant = value * 1000;
  const iso = isoTime(instant);
  return iso === INVALID_DATE
    ? `${value} (${INVALID_DATE})`
    : `${value} = ${iso} (${relativeToRequest(instant, requestTime)})`;
}

function relativeToRequest(instant: number, requestTime: number): string {
  const span = formatDuration(Math.abs(instant - requestTime));
  if (span === undefined) return 'at the time of the request';
  return `${span} ${instant < requestTime ? 'before' : 'after'} the request`;
}

/** ISO 8601 in UTC; Date#toISOString throws beyond ±8.64e15 ms, which a hostile claim can reach. */
export function isoTime(instant: number): string {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? INVALID_DATE : date.toISOString();
}
