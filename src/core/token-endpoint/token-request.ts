/**
 * A request to a token endpoint, as the page observer reads it from the form or JSON it sent: what
 * was asked for, by which client, and a fingerprint of each secret that went with it. The secret
 * values themselves (refresh token, code, password, client secret, assertions) are dropped where the
 * body is read, on the page, and never travel further.
 */
export interface TokenRequest {
  /**
   * Which API: RFC 6749's form (`oauth`, also JSON bodies with `grant_type`), Amazon Cognito's
   * InitiateAuth/GetTokensFromRefreshToken (`cognito`), Firebase Auth's REST API (`firebase`).
   */
  api: 'oauth' | 'cognito' | 'firebase';
  /**
   * The grant in RFC 6749 terms: `refresh_token`, `authorization_code`, `client_credentials`,
   * `password`, a URN (token exchange, JWT bearer, device code), or `unknown` when the body could not
   * be read (a stream, a Blob).
   */
  grantType: string;
  /** The provider's own name for the flow when it has one (Cognito's `REFRESH_TOKEN_AUTH`). */
  flow?: string;
  clientId?: string;
  scope?: string;
  /** `audience` or `resource`: the API the token is asked for. */
  audience?: string;
  redirectUri?: string;
  /**
   * How the client proved who it is: `basic` (client_secret_basic, an Authorization: Basic
   * header), `post` (client_secret in the body), `assertion` (private_key_jwt / client_secret_jwt),
   * `none` (a public client: SPAs, mobile apps).
   */
  clientAuth: 'basic' | 'post' | 'assertion' | 'none';
  /** The secret fields sent, by name, with a fingerprint of each value (never the value). */
  secrets: SentSecret[];
}

export interface SentSecret {
  field: string;
  /**
   * A fingerprint of a high-entropy secret (a token, a code, a client secret), so two requests can
   * be told to carry the same one. None for a password or one-time code: a fast hash of a guessable
   * value could be reversed by trying guesses.
   */
  fingerprint?: string;
}

/** What a successful grant answered, reduced where it was read: fingerprints, times, scopes. */
export interface TokenResponse {
  tokenType?: string;
  /** Seconds, as the endpoint said. */
  expiresIn?: number;
  scope?: string;
  accessToken?: IssuedToken;
  refreshToken?: IssuedToken;
  idToken?: IssuedToken;
}

/** A token the endpoint issued: its fingerprint, and for a JWT the claims that say whose and until when. */
export interface IssuedToken {
  fingerprint: string;
  claims?: IssuedClaims;
}

export interface IssuedClaims {
  iss?: string;
  sub?: string;
  /** The audience as a string (several are joined with a space). */
  aud?: string;
  /** The client it was issued to (azp, client_id, appid or cid). */
  client?: string;
  exp?: number;
  iat?: number;
}

/** Field lengths kept: enough to read a client id, a scope list, a redirect URI. */
export const TOKEN_FIELD_CHARS = 512;
