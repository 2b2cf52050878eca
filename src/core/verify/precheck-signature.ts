import { decodeJwt } from '../tokens/decode-jwt.ts';
import { clip, type SignatureUnsupported, unsupported } from './signature-result.ts';

export interface KeyShape {
  kty: 'RSA' | 'EC' | 'OKP';
  crv?: string;
}

/**
 * The asymmetric JWS algorithms (RFC 7518 §3, RFC 8037 §3.1, RFC 9864) and the key each needs.
 * A Map rather than an object literal, so a header `alg` such as "constructor" finds nothing.
 */
export const ASYMMETRIC_ALGS = new Map<string, KeyShape>([
  ['RS256', { kty: 'RSA' }],
  ['RS384', { kty: 'RSA' }],
  ['RS512', { kty: 'RSA' }],
  ['PS256', { kty: 'RSA' }],
  ['PS384', { kty: 'RSA' }],
  ['PS512', { kty: 'RSA' }],
  ['ES256', { kty: 'EC', crv: 'P-256' }],
  ['ES384', { kty: 'EC', crv: 'P-384' }],
  ['ES512', { kty: 'EC', crv: 'P-521' }],
  // WebCrypto offers Ed25519 only; Ed448 keys are reported as not fitting.
  ['EdDSA', { kty: 'OKP', crv: 'Ed25519' }],
  ['Ed25519', { kty: 'OKP', crv: 'Ed25519' }],
]);

/** What a check needs once the token itself has passed: the alg, the key it needs, where to look. */
export interface SignatureCheckPlan {
  alg: string;
  shape: KeyShape;
  kid: string | undefined;
  discoveryUrl: string;
  issuer: string;
}

/**
 * What can be said without any network: an `unsupported` result when the token's signature
 * cannot be checked from an issuer's public keys, or what is needed to check it.
 */
export function precheckSignature(token: string): SignatureUnsupported | SignatureCheckPlan {
  const decoded = decodeJwt(token);
  if (decoded.kind === 'invalid') return unsupported(`The token does not decode: ${decoded.reason}.`);
  if (decoded.kind === 'jwe') {
    return unsupported(
      'The token is encrypted (JWE, RFC 7516): only its recipient can decrypt it, and any signature is inside.',
    );
  }
  const { header, payload } = decoded;
  const alg = header.alg;
  if (typeof alg !== 'string' || alg === '') {
    return unsupported('The token header has no alg (RFC 7515 §4.1.1 requires one).');
  }
  if (alg === 'none' || !decoded.signaturePresent) {
    return unsupported('The token is unsecured (alg none, RFC 7519 §6): it has no signature to check.');
  }
  if (/^HS\d+$/.test(alg)) {
    return unsupported(
      `${alg} is a shared-secret (HMAC) algorithm: the signature can be checked only with the secret, which issuers never publish.`,
    );
  }
  const shape = ASYMMETRIC_ALGS.get(alg);
  if (!shape) return unsupported(`The token's alg ${clip(alg)} is not one this check supports.`);
  // RFC 7515 §4.1.4: kid is a string. The jku, jwk, x5u and x5c headers are deliberately ignored:
  // keys named by the token itself prove nothing (RFC 8725 §3.10); only the issuer's JWKS counts.
  const kid = header.kid;
  if (kid !== undefined && typeof kid !== 'string') {
    return unsupported('The token header has a kid that is not a string (RFC 7515 §4.1.4).');
  }
  const iss = payload.iss;
  if (typeof iss !== 'string' || iss === '') {
    return unsupported('The token has no iss claim, so there is no issuer to fetch public keys from.');
  }
  const issuer = parseUrl(iss);
  if (!issuer) return unsupported(`The issuer ${clip(iss)} is not a URL, so its keys cannot be discovered.`);
  // OIDC Discovery §2: an issuer is an https URL without query or fragment.
  if (issuer.search || issuer.hash) {
    return unsupported(
      `The issuer ${clip(iss)} has a query or fragment, which an OpenID issuer cannot have.`,
    );
  }
  const refused = insecureUrlProblem(issuer);
  if (refused) return unsupported(`The issuer ${clip(iss)} ${refused}.`);
  // OIDC Discovery §4: the issuer without its trailing slash, followed by the well-known path.
  const base = `${issuer.origin}${issuer.pathname}`.replace(/\/+$/, '');
  return { alg, shape, kid, discoveryUrl: `${base}/.well-known/openid-configuration`, issuer: iss };
}

/** Whether the button is worth showing: the token is a JWS whose signature public keys can check. */
export function canVerifySignature(token: string): boolean {
  return !('status' in precheckSignature(token));
}

/**
 * Why a URL may not be fetched for keys, or undefined when it may. Keys fetched over plain http
 * could be swapped in transit, so https is required except on loopback, where tests and local
 * development run issuers (RFC 8252 §8.3 makes the same exception for loopback redirects).
 */
export function insecureUrlProblem(url: URL): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    return LOOPBACK_HOSTS.has(url.hostname)
      ? undefined
      : 'uses plain http: keys could be forged in transit, so only https is fetched (http only on localhost)';
  }
  return `uses ${clip(url.protocol)} rather than https`;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
