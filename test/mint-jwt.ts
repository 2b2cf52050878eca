import { createHmac } from 'node:crypto';

/**
 * Mints real HS256 JWTs for tests and the demo server, so no token is ever pasted from the
 * internet. The key is a test constant: these tokens guard nothing.
 */
const TEST_KEY = 'auth-inspector-test-signing-key';

export function segment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Signature bytes per alg (RFC 7518): real tokens have these lengths, and the engine checks them. */
const SIGNATURE_BYTES: Record<string, number> = {
  HS256: 32,
  HS384: 48,
  HS512: 64,
  ES256: 64,
  ES384: 96,
  ES512: 132,
  EdDSA: 64,
  RS256: 256,
  RS384: 256,
  RS512: 256,
  PS256: 256,
  PS384: 256,
  PS512: 256,
};

/**
 * A compact JWS. HS256 tokens carry a real HMAC (the demo server verifies them); other algs get
 * deterministic filler of the right length, since nothing here verifies RSA or ECDSA signatures.
 */
export function mintJwt(payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const fullHeader = { alg: 'HS256', typ: 'JWT', ...header };
  const signingInput = `${segment(fullHeader)}.${segment(payload)}`;
  const alg = String(fullHeader.alg);
  if (alg === 'none') return `${signingInput}.`;
  if (alg === 'HS256')
    return `${signingInput}.${createHmac('sha256', TEST_KEY).update(signingInput).digest('base64url')}`;
  const size = SIGNATURE_BYTES[alg] ?? 32;
  const blocks: Buffer[] = [];
  for (let block = 0; blocks.length * 64 < size; block++) {
    blocks.push(createHmac('sha512', TEST_KEY).update(`${block}:${signingInput}`).digest());
  }
  return `${signingInput}.${Buffer.concat(blocks).subarray(0, size).toString('base64url')}`;
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
