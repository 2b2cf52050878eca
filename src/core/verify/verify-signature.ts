import { compactVerify, errors, importJWK, type JWK } from 'jose';
import {
  insecureUrlProblem,
  type KeyShape,
  parseUrl,
  precheckSignature,
  type SignatureCheckPlan,
} from './precheck-signature.ts';
import {
  clip,
  type FetchJson,
  type SignatureCheck,
  type SignatureIssuerUnreachable,
  unreachable,
  unsupported,
} from './signature-result.ts';

export { canVerifySignature, insecureUrlProblem, precheckSignature } from './precheck-signature.ts';
export type * from './signature-result.ts';

/**
 * The opt-in "Verify signature" check: fetches the issuer's public keys through OpenID Connect
 * Discovery and checks ONLY the JWS signature (RFC 7515 §5.2). Claims (exp, aud, nbf…) are left
 * alone on purpose: the token was already rejected, and the question here is whether the token
 * itself is genuine. The token never leaves this function: only the issuer's metadata and keys
 * are fetched, through the injected `fetchJson`, which the shell bounds (time, size, no cookies).
 */

/** A JWKS is attacker-influenced input too: only its first keys are considered. */
export const MAX_JWKS_KEYS = 100;

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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
