import { isCredentialHeader } from '../credential-headers.ts';
import type { Exchange } from '../exchange.ts';
import { fingerprint } from '../fingerprint.ts';

/**
 * One fingerprint for everything an exchange presented as credentials, so two requests can be
 * compared ("the same token worked before") without comparing or keeping raw secrets.
 */
export function credentialKey(exchange: Exchange): string | undefined {
  const parts = exchange.requestHeaders
    .filter((header) => isCredentialHeader(header.name) && !isPerRequestProof(header.name))
    .map((header) => `${header.name}:${header.value.trim()}`)
    .sort();
  return parts.length ? fingerprint(parts.join('\n')) : undefined;
}

/** A DPoP proof and CSRF tokens change with every request; the access token is what identifies. */
function isPerRequestProof(name: string): boolean {
  return name === 'dpop' || name === 'x-csrf-token' || name === 'x-xsrf-token';
}
