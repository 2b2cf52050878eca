import { type JsonObject, numericDate } from '../tokens/decode-jwt.ts';

/**
 * A token's validity window against a clock. Every instant is in milliseconds since the epoch;
 * JWT claims are seconds (RFC 7519 §2), converted once here.
 */
export interface TokenTimes {
  issuedAt?: number;
  notBefore?: number;
  expiresAt?: number;
  /** Past `exp` by more than the tolerance, at `now`. */
  expired: boolean;
  /** Before `nbf` by more than the tolerance, at `now`. */
  notYetValid: boolean;
  /** `iat` lies in the future beyond the tolerance: a sign the issuer's clock runs ahead of `now`. */
  issuedInFuture: boolean;
}

export function tokenTimes(payload: JsonObject, now: number, toleranceMs: number): TokenTimes {
  const seconds = (claim: string) => {
    const value = numericDate(payload, claim);
    return value === undefined ? undefined : value * 1000;
  };
  const issuedAt = seconds('iat');
  const notBefore = seconds('nbf');
  const expiresAt = seconds('exp');
  return {
    ...(issuedAt === undefined ? {} : { issuedAt }),
    ...(notBefore === undefined ? {} : { notBefore }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
    expired: expiresAt !== undefined && now > expiresAt + toleranceMs,
    notYetValid: notBefore !== undefined && now + toleranceMs < notBefore,
    issuedInFuture: issuedAt !== undefined && now + toleranceMs < issuedAt,
  };
}
