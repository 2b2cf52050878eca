import { createHmac } from 'node:crypto';

/**
 * Mints real HS256 JWTs for tests and the demo server, so no token is ever pasted from the
 * internet. The key is a test constant: these tokens guard nothing.
 */
const TEST_KEY = 'auth-inspector-test-signing-key';

export function segment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function mintJwt(payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const signingInput = `${segment({ alg: 'HS256', typ: 'JWT', ...header })}.${segment(payload)}`;
  const signature = createHmac('sha256', TEST_KEY).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/** Seconds since the epoch, as JWT NumericDate claims use. */
export function epochSeconds(date: Date | number = Date.now()): number {
  return Math.floor((typeof date === 'number' ? date : date.getTime()) / 1000);
}

/** Checks an HS256 token minted by `mintJwt` and returns its payload, or why it is refused. */
export function verifyJwt(
  token: string,
  now: number = Date.now(),
):
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' } {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || signature === undefined) return { ok: false, reason: 'malformed' };
  const expected = createHmac('sha256', TEST_KEY).update(`${header}.${payload}`).digest('base64url');
  if (expected !== signature) return { ok: false, reason: 'signature' };
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 < now) return { ok: false, reason: 'expired' };
  return { ok: true, payload: claims };
}
