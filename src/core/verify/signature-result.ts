/** The answers of the signature check: one per outcome, each with what a person needs to act. */
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

export function unsupported(detail: string): SignatureUnsupported {
  return { status: 'unsupported', detail };
}

export function unreachable(detail: string): SignatureIssuerUnreachable {
  return { status: 'issuer-unreachable', detail };
}

/** Token and issuer values are page-controlled: quoted at a bounded length. */
export function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
