import { isCredentialHeader } from '../credential-headers.ts';
import type { Exchange } from '../exchange.ts';
import { fingerprint } from '../fingerprint.ts';

/**
 * One fingerprint for everything an exchange presented as credentials, so two requests can be
 * compared ("the same token worked before") without comparing or keeping raw secrets.
 */
export function credentialKey(exchange: Exchange): string | undefined {
  const known = KEYS.get(exchange);
  if (known && known.headers === exchange.requestHeaders && known.url === exchange.url) return known.key;
  const key = computeKey(exchange);
  KEYS.set(exchange, { headers: exchange.requestHeaders, url: exchange.url, key });
  return key;
}

/**
 * Keys already computed, per exchange object: diagnosing 500 failures against a history of 2,000
 * asks for the same exchanges' keys again and again. A record joined with its other view gets a
 * new headers array (recordExchange), so the array's identity and the URL tell a stale key.
 */
const KEYS = new WeakMap<
  Exchange,
  { headers: Exchange['requestHeaders']; url: string; key: string | undefined }
>();

function computeKey(exchange: Exchange): string | undefined {
  const parts = exchange.requestHeaders
    .filter((header) => isCredentialHeader(header.name) && !isPerRequestProof(header.name))
    .map((header) => `${header.name}:${identity(header.name, header.value.trim())}`);
  const queryToken = queryCredential(exchange.url);
  if (queryToken) parts.push(`?${queryToken}`);
  return parts.length ? fingerprint(parts.sort().join('\n')) : undefined;
}

/** A DPoP proof and CSRF tokens change with every request; the access token is what identifies. */
function isPerRequestProof(name: string): boolean {
  return name === 'dpop' || name === 'x-csrf-token' || name === 'x-xsrf-token';
}

/**
 * A SigV4 Authorization differs for every request (its signature covers the request); the access
 * key id in its Credential is what stays the same, so it stands for the credential.
 */
function identity(name: string, value: string): string {
  if (name !== 'authorization' || !/^AWS4-HMAC-SHA256\s/i.test(value)) return value;
  const keyId = /Credential=([A-Z0-9]{16,128})\//.exec(value)?.[1];
  return keyId ? `aws4:${keyId}` : value;
}

/** RFC 6750 §2.3 access_token (and common token parameters) in the URL. */
function queryCredential(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query === -1) return undefined;
  const params = new URLSearchParams(url.slice(query + 1).split('#')[0]);
  for (const name of ['access_token', 'token', 'api_key', 'apikey']) {
    const value = params.get(name);
    if (value) return `${name}=${value}`;
  }
  return undefined;
}
