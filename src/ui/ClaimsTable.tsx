import { formatInstant, formatRelative } from '../core/time/format-relative.ts';
import type { JwtDecodeResult } from '../core/tokens/decode-jwt.ts';
import { claimText } from './format.ts';

/** Registered claims explained in words (RFC 7519 §4.1, OpenID Connect Core §2). */
const CLAIM_NAMES: Record<string, string> = {
  iss: 'Issuer',
  sub: 'Subject',
  aud: 'Audience',
  exp: 'Expires',
  nbf: 'Not before',
  iat: 'Issued at',
  jti: 'Token id',
  auth_time: 'Authenticated at',
  scope: 'Scopes',
  scp: 'Scopes',
  client_id: 'Client',
  azp: 'Authorized party',
  nonce: 'Nonce',
};

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time']);

/** The decoded JWT: header and payload claims, times as dates and relative to now. */
export function ClaimsTable({ jwt, now }: { jwt: JwtDecodeResult | undefined; now: number }) {
  if (!jwt) return null;
  if (jwt.kind === 'invalid') {
    return (
      <section class="card token" aria-label="Token">
        <h3>Token</h3>
        <p class="finding">This token does not decode: {jwt.reason}.</p>
      </section>
    );
  }
  return (
    <section class="card token" aria-label="Decoded token">
      <h3>Decoded token</h3>
      <ClaimRows title="Header" claims={jwt.header} now={now} />
      {jwt.kind === 'jws' ? (
        <>
          <ClaimRows title="Payload" claims={jwt.payload} now={now} />
          <p class="muted">
            Signature: {jwt.signaturePresent ? 'present (not verified)' : 'absent (alg none)'}
          </p>
        </>
      ) : (
        <p class="muted">Encrypted token (JWE): only the header can be read.</p>
      )}
    </section>
  );
}

function ClaimRows({ title, claims, now }: { title: string; claims: Record<string, unknown>; now: number }) {
  return (
    <table class="claims" aria-label={title} data-testid={`claims-${title.toLowerCase()}`}>
      <caption>{title}</caption>
      <tbody>
        {Object.entries(claims).map(([name, value]) => (
          <tr key={name} data-claim={name}>
            <th scope="row" title={CLAIM_NAMES[name] ?? ''}>
              <code>{name}</code>
              {CLAIM_NAMES[name] ? <span class="claim-name">{CLAIM_NAMES[name]}</span> : null}
            </th>
            <td>
              {TIME_CLAIMS.has(name) && typeof value === 'number' ? (
                <TimeValue seconds={value} now={now} warnIfPast={name === 'exp'} />
              ) : (
                <code class="claim-value">{claimText(value)}</code>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TimeValue({ seconds, now, warnIfPast }: { seconds: number; now: number; warnIfPast: boolean }) {
  const instant = seconds * 1000;
  return (
    <span class="time-value">
      <code>{seconds}</code> <span>{formatInstant(instant)}</span>{' '}
      <span class={warnIfPast && instant < now ? 'relative past' : 'relative'}>
        ({formatRelative(instant, now)})
      </span>
    </span>
  );
}
