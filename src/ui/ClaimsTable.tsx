import { useState } from 'preact/hooks';
import { formatInstant, formatRelative } from '../core/time/format-relative.ts';
import type { JwtDecodeResult } from '../core/tokens/decode-jwt.ts';
import { claimText } from './format.ts';
import { VisibleText } from './visible-text.tsx';

/** Registered claims explained in words (RFC 7519 §4.1, RFC 9068, OpenID Connect Core §2). */
const CLAIM_NAMES: Record<string, string> = {
  iss: 'Issuer',
  sub: 'Subject (who the token is about)',
  aud: 'Audience (which API it is for)',
  exp: 'Expires',
  nbf: 'Not valid before',
  iat: 'Issued at',
  jti: 'Token id',
  auth_time: 'Signed in at',
  scope: 'Scopes granted',
  scp: 'Scopes granted',
  client_id: 'Client that asked for it',
  azp: 'Authorized party (client)',
  nonce: 'Nonce (ID tokens only)',
  at_hash: 'Access-token hash (ID tokens only)',
  acr: 'Authentication strength',
  amr: 'Authentication methods',
  cnf: 'Bound to a key (DPoP / mTLS)',
  token_use: 'Cognito token type',
  tid: 'Tenant (Microsoft)',
  roles: 'Roles',
  groups: 'Groups',
  alg: 'Signing algorithm',
  typ: 'Token type',
  kid: 'Key id (which signing key)',
  enc: 'Encryption algorithm',
};

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
        <pre class="raw-json" data-testid="claims-raw">
          <VisibleText text={JSON.stringify(parts, null, 2).slice(0, 200_000)} />
        </pre>
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
  return (
    <table class="claims" data-testid={`claims-${title.toLowerCase()}`}>
      <caption>{title}</caption>
      <tbody>
        {Object.entries(claims)
          .slice(0, 200)
          .map(([name, value]) => (
            <tr key={name} data-claim={name}>
              <th scope="row">
                <code>
                  <VisibleText text={name.slice(0, 200)} />
                </code>
                {CLAIM_NAMES[name] ? <span class="claim-name">{CLAIM_NAMES[name]}</span> : null}
              </th>
              <td>
                <ClaimValue name={name} value={value} now={now} serverSkewMs={serverSkewMs} />
              </td>
            </tr>
          ))}
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
        {scopes.slice(0, 100).map((scope) => (
          <li key={scope} class="chip">
            <VisibleText text={scope} />
          </li>
        ))}
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
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean).slice(0, 100);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}
