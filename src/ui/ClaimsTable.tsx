import { useState } from 'preact/hooks';
import { formatInstant, formatRelative } from '../core/time/format-relative.ts';
import { boundedJson } from '../core/tokens/bounded-json.ts';
import type { JwtDecodeResult } from '../core/tokens/decode-jwt.ts';
import { claimText, clip } from './format.ts';
import { VisibleText } from './visible-text.tsx';

/**
 * Registered claims explained in words (RFC 7519 §4.1, RFC 9068, OpenID Connect Core §2). A Map,
 * not an object literal: claim names come from the token, and on an object literal
 * `CLAIM_NAMES["__proto__"]` is Object.prototype, which Preact rendered as a child and so wrote its
 * vnode fields (`__`, `__b`, `__i`, `__u`) onto Object.prototype (test/fixtures/hostile-payloads.ts,
 * jwt-header-proto).
 */
const CLAIM_NAMES: ReadonlyMap<string, string> = new Map([
  ['iss', 'Issuer'],
  ['sub', 'Subject (who the token is about)'],
  ['aud', 'Audience (which API it is for)'],
  ['exp', 'Expires'],
  ['nbf', 'Not valid before'],
  ['iat', 'Issued at'],
  ['jti', 'Token id'],
  ['auth_time', 'Signed in at'],
  ['scope', 'Scopes granted'],
  ['scp', 'Scopes granted'],
  ['client_id', 'Client that asked for it'],
  ['azp', 'Authorized party (client)'],
  ['nonce', 'Nonce (ID tokens only)'],
  ['at_hash', 'Access-token hash (ID tokens only)'],
  ['acr', 'Authentication strength'],
  ['amr', 'Authentication methods'],
  ['cnf', 'Bound to a key (DPoP / mTLS)'],
  ['token_use', 'Cognito token type'],
  ['tid', 'Tenant (Microsoft)'],
  ['roles', 'Roles'],
  ['groups', 'Groups'],
  ['alg', 'Signing algorithm'],
  ['typ', 'Token type'],
  ['kid', 'Key id (which signing key)'],
  ['enc', 'Encryption algorithm'],
]);

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time']);

/** The decoded JWT: header and payload claims, times as dates and relative to both clocks. */
export function ClaimsTable({
  jwt,
  now,
  serverSkewMs,
}: {
  jwt: JwtDecodeResult | undefined;
  now: number;
  serverSkewMs: number | undefined;
}) {
  const [raw, setRaw] = useState(false);
  if (!jwt) return null;
  if (jwt.kind === 'invalid') {
    return (
      <section class="card token" aria-label="Token">
        <h3>Token</h3>
        <p class="finding">This token does not decode: {jwt.reason}.</p>
      </section>
    );
  }
  const parts = jwt.kind === 'jws' ? { header: jwt.header, payload: jwt.payload } : { header: jwt.header };
  return (
    <section class="card token" aria-label="Decoded token">
      <div class="card-title-row">
        <h3>Decoded token</h3>
        <button type="button" class="link-button" aria-pressed={raw} onClick={() => setRaw(!raw)}>
          {raw ? 'Table' : 'Raw JSON'}
        </button>
      </div>
      {raw ? (
        <RawJson value={parts} />
      ) : (
        <>
          <ClaimRows title="Header" claims={jwt.header} now={now} serverSkewMs={serverSkewMs} />
          {jwt.kind === 'jws' ? (
            <ClaimRows title="Payload" claims={jwt.payload} now={now} serverSkewMs={serverSkewMs} />
          ) : null}
        </>
      )}
      <p class="muted">
        {jwt.kind === 'jws'
          ? `Signature: ${jwt.signaturePresent ? 'present (not verified)' : 'absent (alg none)'}`
          : 'Encrypted token (JWE): only the header can be read.'}
      </p>
    </section>
  );
}

/** Raw JSON is for reading a token, so it is bounded: no token needs more to be understood. */
const RAW_CHARS = 100_000;
const RAW_DEPTH = 64;
/** Rows per table; a token can carry thousands of claims. */
const MAX_ROWS = 200;
const MAX_SCOPES = 100;

function RawJson({ value }: { value: object }) {
  const { text, truncated } = boundedJson(value, { maxChars: RAW_CHARS, maxDepth: RAW_DEPTH, indent: 2 });
  return (
    <>
      <pre class="raw-json" data-testid="claims-raw">
        <VisibleText text={text} />
      </pre>
      {truncated ? (
        <p class="muted" data-testid="claims-raw-cut">
          Cut here: the token is longer than {RAW_CHARS.toLocaleString('en-US')} characters of JSON, or nests
          deeper than {RAW_DEPTH} levels.
        </p>
      ) : null}
    </>
  );
}

function ClaimRows({
  title,
  claims,
  now,
  serverSkewMs,
}: {
  title: string;
  claims: Record<string, unknown>;
  now: number;
  serverSkewMs: number | undefined;
}) {
  const entries = Object.entries(claims);
  return (
    <table class="claims" data-testid={`claims-${title.toLowerCase()}`}>
      <caption>{title}</caption>
      <tbody>
        {entries.slice(0, MAX_ROWS).map(([name, value]) => (
          <tr key={name} data-claim={name}>
            <th scope="row">
              <code>
                <VisibleText text={clip(name, 200)} />
              </code>
              {CLAIM_NAMES.has(name) ? <span class="claim-name">{CLAIM_NAMES.get(name)}</span> : null}
            </th>
            <td>
              <ClaimValue name={name} value={value} now={now} serverSkewMs={serverSkewMs} />
            </td>
          </tr>
        ))}
        {entries.length > MAX_ROWS ? (
          <tr data-testid="claims-more">
            <td colSpan={2} class="muted">
              … {(entries.length - MAX_ROWS).toLocaleString('en-US')} more claims not shown (Raw JSON lists
              them)
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

function ClaimValue({
  name,
  value,
  now,
  serverSkewMs,
}: {
  name: string;
  value: unknown;
  now: number;
  serverSkewMs: number | undefined;
}) {
  if (TIME_CLAIMS.has(name) && typeof value === 'number' && Number.isFinite(value)) {
    const instant = value * 1000;
    const past = name === 'exp' && instant < now;
    return (
      <span class="time-value">
        <span>{formatInstant(instant)}</span>{' '}
        <span class={past ? 'relative past' : 'relative'}>({formatRelative(instant, now)})</span>
        {serverSkewMs !== undefined && Math.abs(serverSkewMs) >= 2000 ? (
          <span class="relative server-relative">
            {' '}
            · server: {formatRelative(instant, now + serverSkewMs)}
          </span>
        ) : null}
        <code class="claim-raw">{value}</code>
      </span>
    );
  }
  const scopes = (name === 'scope' || name === 'scp') && scopeList(value);
  if (scopes) {
    return (
      <ul class="chips" aria-label="Scopes">
        {scopes.slice(0, MAX_SCOPES).map((scope, index) => (
          <li key={`${index}:${scope}`} class="chip">
            <VisibleText text={clip(scope, 200)} />
          </li>
        ))}
        {scopes.length > MAX_SCOPES ? (
          <li class="chip chip-more">… {(scopes.length - MAX_SCOPES).toLocaleString('en-US')} more</li>
        ) : null}
      </ul>
    );
  }
  return (
    <code class="claim-value">
      <VisibleText text={claimText(value)} />
    </code>
  );
}

function scopeList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}
