import { compactVerify, errors, importJWK, type JWK } from 'jose';
import { decodeJwt } from '../tokens/decode-jwt.ts';

/**
 * The opt-in "Verify signature" check: fetches the issuer's public keys through OpenID Connect
 * Discovery and checks ONLY the JWS signature (RFC 7515 §5.2). Claims (exp, aud, nbf…) are left
 * alone on purpose: the token was already rejected, and the question here is whether the token
 * itself is genuine. The token never leaves this function: only the issuer's metadata and keys
 * are fetched, through the injected `fetchJson`, which the shell bounds (time, size, no cookies).
 */
export type SignatureCheck =
  | SignatureValid
  | SignatureInvalid
  | SignatureKeyNotFound
  | SignatureIssuerUnreachable
  | SignatureUnsupported;

export type SignatureStatus = SignatureCheck['status'];

export interface SignatureValid {
  status: 'valid';
  /** The kid of the key that verified the token (the token may name none). */
  kid: string | undefined;
  alg: string;
  jwksUri: string;
}

export interface SignatureInvalid {
  status: 'invalid';
  kid: string | undefined;
  alg: string;
  jwksUri: string;
  /** Which keys were tried, and why none verified the token. */
  detail: string;
}

export interface SignatureKeyNotFound {
  status: 'key-not-found';
  /** The kid the token names; undefined when it names none and no key fits its alg. */
  kid: string | undefined;
  alg: string;
  /** The kids the issuer's JWKS does publish (those considered, at most MAX_JWKS_KEYS). */
  kids: string[];
  jwksUri: string;
}

export interface SignatureIssuerUnreachable {
  status: 'issuer-unreachable';
  /** Which step failed (discovery document or JWKS) and how. */
  detail: string;
}

export interface SignatureUnsupported {
  status: 'unsupported';
  /** Why this token's signature cannot be checked from public keys. */
  detail: string;
}

/** Fetches a URL and returns its parsed JSON body; throws an Error with a readable message. */
export type FetchJson = (url: string) => Promise<unknown>;

/** A JWKS is attacker-influenced input too: only its first keys are considered. */
export const MAX_JWKS_KEYS = 100;

interface KeyShape {
  kty: 'RSA' | 'EC' | 'OKP';
  crv?: string;
}

/**
 * The asymmetric JWS algorithms (RFC 7518 §3, RFC 8037 §3.1, RFC 9864) and the key each needs.
 * A Map rather than an object literal, so a header `alg` such as "constructor" finds nothing.
 */
const ASYMMETRIC_ALGS = new Map<string, KeyShape>([
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

/** Checks the token's signature against its issuer's published keys. Never throws. */
export async function verifyJwtSignature(token: string, fetchJson: FetchJson): Promise<SignatureCheck> {
  try {
    const checkable = precheckSignature(token);
    if ('status' in checkable) return checkable;
    return await checkWithIssuerKeys(token, checkable, fetchJson);
  } catch (error) {
    return unsupported(`The check failed unexpectedly: ${messageOf(error)}`);
  }
}

async function checkWithIssuerKeys(
  token: string,
  { alg, shape, kid, discoveryUrl, issuer }: SignatureCheckPlan,
  fetchJson: FetchJson,
): Promise<SignatureCheck> {
  const metadata = await fetchStep('the OpenID configuration', discoveryUrl, fetchJson);
  if ('status' in metadata) return metadata;
  // OIDC Discovery §4.3: the document's issuer must be identical to the one it was fetched for,
  // otherwise its contents must not be used.
  if (metadata.value.issuer !== undefined && metadata.value.issuer !== issuer) {
    return unreachable(
      `The OpenID configuration at ${discoveryUrl} names the issuer ${clip(String(metadata.value.issuer))}, not ${clip(issuer)}; OpenID Connect Discovery §4.3 forbids using it.`,
    );
  }
  const jwksUri = metadata.value.jwks_uri;
  if (typeof jwksUri !== 'string' || jwksUri === '') {
    return unreachable(`The OpenID configuration at ${discoveryUrl} has no jwks_uri.`);
  }
  const jwksUrl = parseUrl(jwksUri);
  if (!jwksUrl) return unreachable(`The jwks_uri ${clip(jwksUri)} is not a URL.`);
  const refused = insecureUrlProblem(jwksUrl);
  if (refused) return unreachable(`The jwks_uri ${clip(jwksUri)} ${refused}.`);

  const jwks = await fetchStep("the issuer's JWKS", jwksUrl.href, fetchJson);
  if ('status' in jwks) return jwks;
  const keys = jwks.value.keys;
  // RFC 7517 §5: a JWK Set is an object whose "keys" member is an array of JWKs.
  if (!Array.isArray(keys)) return unreachable(`The JWKS at ${jwksUri} has no keys array (RFC 7517 §5).`);
  const considered = keys.slice(0, MAX_JWKS_KEYS).filter(isObject);
  const kids = [...new Set(considered.map((key) => key.kid).filter((id) => typeof id === 'string'))];

  const named = kid === undefined ? considered : considered.filter((key) => key.kid === kid);
  const fitting = named.filter((key) => keyMisfit(key, alg, shape) === undefined);
  if (kid === undefined ? fitting.length === 0 : named.length === 0) {
    return { status: 'key-not-found', kid, alg, kids, jwksUri };
  }
  const base = { kid, alg, jwksUri };
  if (fitting.length === 0) {
    // The issuer has a key with this kid, but not one that can have made this signature.
    const misfit = named.map((key) => keyMisfit(key, alg, shape)).join('; ');
    return { status: 'invalid', ...base, detail: `The issuer's key "${clip(kid ?? '')}" ${misfit}.` };
  }

  const failures: string[] = [];
  let mismatches = 0;
  for (const key of fitting) {
    const outcome = await verifyWith(token, key, alg);
    if (outcome === 'verified') {
      return { status: 'valid', kid: typeof key.kid === 'string' ? key.kid : kid, alg, jwksUri };
    }
    if (outcome === 'mismatch') mismatches++;
    else failures.push(outcome.error);
  }
  const tried =
    kid === undefined
      ? `none of the ${fitting.length} ${alg} key${fitting.length === 1 ? '' : 's'} in the issuer's JWKS`
      : `the issuer's key "${clip(kid)}"`;
  if (mismatches > 0) {
    return { status: 'invalid', ...base, detail: `The signature does not verify with ${tried}.` };
  }
  return unsupported(`The issuer's key could not be used: ${failures.join('; ')}`);
}

async function verifyWith(
  token: string,
  key: Record<string, unknown>,
  alg: string,
): Promise<'verified' | 'mismatch' | { error: string }> {
  try {
    const cryptoKey = await importJWK(publicPart(key), alg);
    // Signature only: compactVerify does not look at the claims (no exp/nbf/aud checks).
    await compactVerify(token, cryptoKey, { algorithms: [alg] });
    return 'verified';
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) return 'mismatch';
    return { error: messageOf(error) };
  }
}

/**
 * Only the public members are imported (RFC 7518 §6.2.1, §6.3.1; RFC 8037 §2): a JWKS that
 * wrongly publishes a private key must still be used as a public one.
 */
function publicPart(key: Record<string, unknown>): JWK {
  const jwk: JWK = {};
  for (const member of ['kty', 'crv', 'n', 'e', 'x', 'y'] as const) {
    const value = key[member];
    if (typeof value === 'string') jwk[member] = value;
  }
  return jwk;
}

/** Why a JWK cannot have made a signature with `alg`, or undefined when it can. */
function keyMisfit(key: Record<string, unknown>, alg: string, shape: KeyShape): string | undefined {
  // RFC 7517 §4.2-4.4: use, key_ops and alg, when present, restrict what the key is for.
  if (key.use !== undefined && key.use !== 'sig') return `is for use "${clip(String(key.use))}", not "sig"`;
  if (Array.isArray(key.key_ops) && !key.key_ops.includes('verify')) return 'has key_ops without "verify"';
  if (key.alg !== undefined && key.alg !== alg) {
    return `is for ${clip(String(key.alg))}, but the token is signed with ${alg}`;
  }
  if (key.kty !== shape.kty) {
    return `is a ${clip(String(key.kty))} key, but ${alg} needs an ${shape.kty} key`;
  }
  if (shape.crv !== undefined && key.crv !== shape.crv) {
    return `is on curve ${clip(String(key.crv))}, but ${alg} needs ${shape.crv}`;
  }
  return undefined;
}

type Fetched = { value: Record<string, unknown> } | SignatureIssuerUnreachable;

async function fetchStep(what: string, url: string, fetchJson: FetchJson): Promise<Fetched> {
  let value: unknown;
  try {
    value = await fetchJson(url);
  } catch (error) {
    return unreachable(`Could not get ${what}: ${messageOf(error)}`);
  }
  if (!isObject(value)) return unreachable(`${capitalise(what)} at ${url} is JSON but not an object.`);
  return { value };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function unsupported(detail: string): SignatureUnsupported {
  return { status: 'unsupported', detail };
}

function unreachable(detail: string): SignatureIssuerUnreachable {
  return { status: 'issuer-unreachable', detail };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Token and issuer values are page-controlled: quoted at a bounded length. */
function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
