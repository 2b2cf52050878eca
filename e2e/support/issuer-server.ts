import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { listenOnLoopback } from './loopback.ts';

/**
 * A local OpenID issuer for the signature check: its discovery document (OIDC Discovery §4), its
 * JWKS (RFC 7517 §5) with one RS256 key generated at start, and an API that refuses every token.
 * Listens on 127.0.0.1 only, on a random port; the issuer identifier is its http://127.0.0.1 URL,
 * which the extension accepts because it is loopback.
 */
export interface IssuerServer {
  /** The issuer identifier: the `iss` of the tokens it mints, without a trailing slash. */
  url: string;
  /** The kid of the issuer's published key. */
  kid: string;
  /**
   * An RS256 token for `iss` = this issuer. `key: 'issuer'` signs with the published key;
   * `key: 'other'` with a key the issuer never published (another environment's).
   */
  mint(options: { key: 'issuer' | 'other'; kid: string; claims?: JWTPayload }): Promise<string>;
  /** Holds back the JWKS answers until the returned function is called, to observe a check in flight. */
  holdJwks(): () => void;
  /** Every request received, oldest first, to check what the extension did and did not send. */
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

const KID = 'issuer-key-1';

export async function startIssuerServer(): Promise<IssuerServer> {
  const [issuerKey, otherKey] = await Promise.all([generateKeyPair('RS256'), generateKeyPair('RS256')]);
  const publicJwk = { ...(await exportJWK(issuerKey.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const requests: ReceivedRequest[] = [];
  let url = '';
  let held: Promise<void> | undefined;

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push({ method: request.method ?? '', path, authorization: request.headers.authorization });
    const gate = path === '/jwks' ? held : undefined;
    if (gate) void gate.then(() => handle(request, response, path, url, publicJwk));
    else handle(request, response, path, url, publicJwk);
  });
  const loopback = await listenOnLoopback(server);
  url = loopback.url;

  const keys: Record<'issuer' | 'other', CryptoKey> = {
    issuer: issuerKey.privateKey,
    other: otherKey.privateKey,
  };
  return {
    url,
    kid: KID,
    requests,
    holdJwks: () => {
      let release = () => {};
      held = new Promise<void>((resolve) => {
        release = () => {
          held = undefined;
          resolve();
        };
      });
      return release;
    },
    mint: ({ key, kid, claims = {} }) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        sub: 'user-1042',
        aud: 'https://api.issuer.test',
        scope: 'profile:read',
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid })
        .setIssuer(url)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(keys[key]);
    },
    close: loopback.close,
  };
}

// The demo page calls /api/protected cross-origin with Authorization, so it needs CORS; the
// extension page would not (host access), but allowing any origin keeps the other routes usable
// from a page too.
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization',
  'access-control-allow-methods': 'GET',
  'access-control-expose-headers': 'www-authenticate',
};

function handle(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  issuer: string,
  publicJwk: Record<string, unknown>,
) {
  if (request.method === 'OPTIONS') return send(response, 204, {}, '');
  switch (path) {
    case '/.well-known/openid-configuration':
      return sendJson(response, 200, {
        issuer,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    case '/jwks':
      return sendJson(response, 200, { keys: [publicJwk] });
    case '/api/protected':
      // RFC 6750 §3.1: whatever the token, this API calls it invalid.
      return send(
        response,
        401,
        { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' },
        JSON.stringify({ error: 'invalid_token' }),
      );
    default:
      return send(response, 404, { 'content-type': 'text/plain' }, 'not found');
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  send(response, status, { 'content-type': 'application/json' }, JSON.stringify(body));
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: string) {
  response.writeHead(status, { 'cache-control': 'no-store', ...CORS, ...headers }).end(body);
}
