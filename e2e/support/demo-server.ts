import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { epochSeconds, mintJwt, verifyJwt } from '../../test/mint-jwt.ts';
import { handleSession, INSECURE_DEMO_HOST } from './demo-sessions.ts';
import { type LoopbackServer, listenOnLoopback } from './loopback.ts';

/**
 * A small API that fails the way real ones do, and a page that calls it. Used by the end-to-end
 * tests and by `npm start`. Listens on 127.0.0.1 only; tokens are minted per page load.
 */

export interface Scenario {
  id: string;
  label: string;
  /** The cause Auth Inspector should rank first. */
  expectedCause: string;
  /** Why a browser cannot show this scenario to an extension, where one cannot. */
  notInFirefox?: string;
  /**
   * What only network capture shows (a Set-Cookie), when the verdict needs it: the runs turn it on
   * for the tab first, as opening the popup or the panel once does. A first failure in a tab that
   * was never looked at is diagnosed from the page's view, which says what it could not see.
   */
  networkCapture?: string;
  /** The scenario navigates the tab (to sign in on another site) before its failing call. */
  navigates?: boolean;
  /** Failures it records (1 unless said): the verdict is read once all are in. */
  failures?: number;
}

/**
 * The one list of scenarios: the demo, the Chromium suite and the Firefox suite all run it, so the
 * browsers cannot drift apart.
 */
export const SCENARIOS: readonly Scenario[] = [
  { id: 'expired-jwt', label: 'Expired JWT (fetch)', expectedCause: 'token-expired' },
  { id: 'bearer-undefined', label: 'Authorization: Bearer undefined', expectedCause: 'token-placeholder' },
  { id: 'missing-token', label: 'No credential at all', expectedCause: 'token-missing' },
  { id: 'insufficient-scope', label: '403 insufficient_scope', expectedCause: 'insufficient-scope' },
  { id: 'xhr-expired', label: 'Expired JWT (XMLHttpRequest)', expectedCause: 'token-expired' },
  { id: 'stale-token', label: 'Old token sent, fresh one in sessionStorage', expectedCause: 'stale-token' },
  {
    id: 'preflight-rejected',
    label: 'API refuses the CORS preflight',
    expectedCause: 'preflight-rejected',
    notInFirefox: 'Firefox does not show CORS preflight requests to webRequest listeners',
  },
  {
    id: 'slack-token-revoked',
    label: 'Slack-style 200 {"ok":false,"error":"token_revoked"}',
    expectedCause: 'token-revoked',
  },
  {
    id: 'aws-no-session-token',
    label: 'AWS temporary key signed without its session token',
    expectedCause: 'aws-missing-session-token',
  },
  { id: 'dpop-nonce', label: 'DPoP proof without the server nonce', expectedCause: 'dpop-nonce-required' },
  {
    id: 'graphql-unauthenticated',
    label: 'GraphQL 200 with errors: UNAUTHENTICATED, "jwt expired"',
    expectedCause: 'token-expired',
  },
  {
    id: 'redirect-drops-credential',
    label: 'Redirect to another origin drops Authorization',
    expectedCause: 'credential-dropped-on-redirect',
  },
  {
    id: 'header-doubled-scheme',
    label: 'Authorization: Bearer Bearer <token> (scheme added twice)',
    expectedCause: 'malformed-header',
  },
  {
    id: 'refresh-rejected',
    label: 'Refresh refused with invalid_grant (oauth4webapi), then the API 401 with the old token',
    expectedCause: 'refresh-failed',
    failures: 2,
  },
  {
    id: 'refresh-ignored',
    label: 'Refresh succeeds (oauth4webapi), the app keeps sending the old token',
    expectedCause: 'stale-token',
  },
  // Cookie sessions (issue 18), on two loopback origins: the app, and the API on another port
  // (same site: cookies ignore ports) or as localhost (another site).
  {
    id: 'cookie-no-credentials',
    label: 'Signed in, then a fetch to the API origin without credentials: "include"',
    expectedCause: 'cookie-not-sent',
  },
  {
    id: 'cookie-samesite-post',
    label: 'SameSite=Lax session cookie on a cross-site POST (the API as localhost)',
    expectedCause: 'cookie-blocked',
    navigates: true,
  },
  {
    id: 'cookie-secure-http',
    label: 'Secure session cookie set over plain http (a LAN or staging host name)',
    expectedCause: 'cookie-blocked',
    navigates: true,
    networkCapture: 'the Set-Cookie the browser refused to store',
  },
  {
    id: 'session-cleared',
    label: 'The server forgets the session and deletes its cookie',
    expectedCause: 'session-expired',
  },
  {
    id: 'cookie-cors-no-credentials',
    label: 'credentials: "include" to an API without Access-Control-Allow-Credentials',
    expectedCause: 'cors-credentials-rejected',
  },
];

/**
 * Scenarios whose top cause can be proved by experiment (issue 16): which experiment, and what it
 * shows against the demo API. The demo and the experiment suites run this one list.
 */
export interface ExperimentScenario {
  scenario: string;
  cause: string;
  kind: 'fresher-token' | 'repaired-header' | 'same-again' | 'preflight' | 'redirect-target';
  verdict: 'confirmed' | 'ruled-out' | 'inconclusive';
  /** The status the experiment's answer had (for the preflight, the server's answer to OPTIONS). */
  status: number;
  notInFirefox?: string;
}

export const EXPERIMENT_SCENARIOS: readonly ExperimentScenario[] = [
  { scenario: 'stale-token', cause: 'stale-token', kind: 'fresher-token', verdict: 'confirmed', status: 200 },
  {
    scenario: 'header-doubled-scheme',
    cause: 'malformed-header',
    kind: 'repaired-header',
    verdict: 'confirmed',
    status: 200,
  },
  {
    scenario: 'preflight-rejected',
    cause: 'preflight-rejected',
    kind: 'preflight',
    verdict: 'confirmed',
    status: 401,
    notInFirefox: 'Firefox does not show CORS preflight requests to webRequest listeners',
  },
  {
    scenario: 'redirect-drops-credential',
    cause: 'credential-dropped-on-redirect',
    kind: 'redirect-target',
    verdict: 'confirmed',
    status: 200,
  },
  // Refused again unchanged: the credential itself is refused, a passing fault is ruled out.
  {
    scenario: 'sign-out-elsewhere',
    cause: 'token-revoked',
    kind: 'same-again',
    verdict: 'confirmed',
    status: 401,
  },
];

export interface DemoTokens {
  expired: string;
  valid: string;
  /** Fake vendor-shaped values, random each time: none is, or was, a real secret. */
  slack: string;
  awsTemporaryKeyId: string;
  /** A DPoP-bound access token and a proof for GET /api/dpop/profile (RFC 9449). */
  dpopBound: string;
  dpopProof: string;
  /** Refresh tokens of the demo's token endpoint: one it refuses as expired, one it honours. */
  refreshExpired: string;
  refreshValid: string;
}

export interface DemoServer {
  url: string;
  /** A second origin serving the API, for cross-origin scenarios. */
  apiUrl: string;
  close(): Promise<void>;
}

const PAGES = join(import.meta.dirname, '../pages');
const DEMO_CLIENT_ID = 'demo-spa';
/** The demo token endpoint tells its refresh tokens apart by prefix (they are random otherwise). */
const REFRESH_EXPIRED_PREFIX = 'rt-exp-';
const REFRESH_VALID_PREFIX = 'rt-ok-';
/** A real OAuth client library, served to the demo page (issue 17: it drives the refresh). */
const OAUTH4WEBAPI = join(import.meta.dirname, '../../node_modules/oauth4webapi/build/index.js');
const REALM = 'demo-api';

/** Fresh tokens for each page load, so "expired 5 min ago" holds however long a run takes. */
function randomOf(alphabet: string, length: number): string {
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

export function mintDemoTokens(appOrigin: string, now = Date.now()): DemoTokens {
  // azp: the demo SPA's client id, which its token endpoint's refreshes name too.
  const claims = {
    iss: 'https://id.demo.test/',
    sub: 'user-1042',
    aud: 'https://api.demo.test',
    azp: DEMO_CLIENT_ID,
  };
  return {
    expired: mintJwt({
      ...claims,
      scope: 'profile:read orders:read',
      iat: epochSeconds(now - 65 * 60_000),
      exp: epochSeconds(now - 5 * 60_000),
    }),
    valid: mintJwt({
      ...claims,
      scope: 'profile:read',
      iat: epochSeconds(now),
      exp: epochSeconds(now + 24 * 3600_000),
    }),
    refreshExpired: `${REFRESH_EXPIRED_PREFIX}${randomOf('abcdefghijklmnopqrstuvwxyz0123456789', 40)}`,
    refreshValid: `${REFRESH_VALID_PREFIX}${randomOf('abcdefghijklmnopqrstuvwxyz0123456789', 40)}`,
    slack: `xoxb-${randomOf('0123456789', 12)}-${randomOf('0123456789', 13)}-${randomOf('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 24)}`,
    awsTemporaryKeyId: `ASIA${randomOf('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
    dpopBound: mintJwt({
      ...claims,
      scope: 'profile:read',
      cnf: { jkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' },
      iat: epochSeconds(now),
      exp: epochSeconds(now + 3600_000),
    }),
    dpopProof: mintJwt(
      {
        htm: 'GET',
        htu: `${appOrigin}/api/dpop/profile`,
        iat: epochSeconds(now),
        jti: randomOf('abcdef0123456789', 16),
      },
      {
        typ: 'dpop+jwt',
        alg: 'ES256',
        jwk: {
          kty: 'EC',
          crv: 'P-256',
          x: 'l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs',
          y: '9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA',
        },
      },
    ),
  };
}

/**
 * The other sites of the cookie scenarios: the API as localhost (another site than 127.0.0.1), and
 * the app under a host name that is not loopback to the browser (Secure cookies need https there).
 */
function demoSites(origins: { app: string; api: string }) {
  return {
    app: origins.app,
    apiOtherSite: origins.api.replace('127.0.0.1', 'localhost'),
    appInsecure: origins.app.replace('127.0.0.1', INSECURE_DEMO_HOST),
  };
}

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

function listen(handler: Handler, port: number): Promise<LoopbackServer> {
  const server = createServer((request, response) => {
    Promise.resolve(handler(request, response)).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  return listenOnLoopback(server, port);
}

/**
 * The app (page and same-origin API) and a second origin for the API, on another loopback port,
 * so cross-origin behaviour (CORS preflights, redirects that drop Authorization) is real.
 */
export async function startDemoServer(port = 0): Promise<DemoServer> {
  const origins = { app: '', api: '' };
  const api = await listen((request, response) => handleApiOrigin(request, response, origins), 0);
  const app = await listen((request, response) => handle(request, response, origins), port);
  origins.app = app.url;
  origins.api = api.url;
  return {
    url: app.url,
    apiUrl: api.url,
    close: async () => {
      await app.close();
      await api.close();
    },
  };
}

/** The API's own origin: CORS for the app, and a strict preflight bug on /api/strict/. */
function handleApiOrigin(request: IncomingMessage, response: ServerResponse, origins: { app: string }) {
  if (handleSession(request, response, origins)) return;
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  response.setHeader('access-control-allow-origin', origins.app);
  response.setHeader('access-control-expose-headers', 'www-authenticate');
  if (request.method === 'OPTIONS') {
    // The classic bug: the auth middleware runs before CORS and refuses the credential-less preflight.
    if (url.pathname.startsWith('/api/strict/')) {
      return sendJson(response, 401, `Bearer realm="${REALM}"`, { error: 'unauthorized' });
    }
    response.setHeader('access-control-allow-headers', 'authorization');
    response.setHeader('access-control-allow-methods', 'GET, DELETE');
    return send(response, 204, {}, '');
  }
  if (url.pathname === '/api/profile' || url.pathname === '/api/strict/profile') {
    return protectedResource(request, response, { scope: 'profile:read' });
  }
  return send(response, 404, { 'content-type': 'text/plain' }, 'not found');
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  origins: { app: string; api: string },
) {
  if (handleSession(request, response, origins)) return;
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  switch (url.pathname) {
    case '/':
      return sendFile(response, 'demo.html', 'text/html; charset=utf-8');
    case '/login':
      return sendFile(response, 'login.html', 'text/html; charset=utf-8');
    case '/demo.js':
      return sendFile(response, 'demo.js', 'text/javascript; charset=utf-8');
    case '/vendor/oauth4webapi.js':
      return send(
        response,
        200,
        { 'content-type': 'text/javascript; charset=utf-8' },
        await readFile(OAUTH4WEBAPI, 'utf8'),
      );
    case '/oauth/token':
      return tokenEndpoint(request, response);
    case '/demo-tokens.js':
      return send(
        response,
        200,
        { 'content-type': 'text/javascript' },
        `window.DEMO_TOKENS = ${JSON.stringify(mintDemoTokens(origins.app))}; window.DEMO_API = ${JSON.stringify(origins.api)}; window.DEMO_SITES = ${JSON.stringify(demoSites(origins))};`,
      );
    case '/api/profile':
    case '/api/orders':
      return protectedResource(request, response, { scope: 'profile:read' });
    case '/api/v1/profile':
      // The API moved to its own origin; the redirect makes the browser drop Authorization.
      return send(response, 307, { location: `${origins.api}/api/profile` }, '');
    case '/graphql': {
      // GraphQL servers (Apollo Server, Yoga) verify the token while building the context and
      // answer HTTP 200 with an errors array whose extensions.code is UNAUTHENTICATED.
      const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      const verdict = token ? verifyJwt(token) : undefined;
      const reason = !verdict
        ? 'no token'
        : verdict.ok
          ? undefined
          : verdict.reason === 'expired'
            ? 'jwt expired'
            : 'invalid token';
      const body = reason
        ? {
            errors: [
              { message: `Context creation failed: ${reason}`, extensions: { code: 'UNAUTHENTICATED' } },
            ],
            data: null,
          }
        : { data: { me: { id: 'user-1042' } } };
      return send(response, 200, { 'content-type': 'application/json' }, JSON.stringify(body));
    }
    case '/slack/api/auth.test':
      // Slack answers auth errors with HTTP 200 (api.slack.com/web#responses).
      return send(
        response,
        200,
        { 'content-type': 'application/json' },
        '{"ok":false,"error":"token_revoked"}',
      );
    case '/aws/dynamodb':
      // AWS JSON protocol: 400 with the error type in a header and the body (PynamoDB#603).
      return send(
        response,
        400,
        {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-errortype':
            'UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/',
        },
        '{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}',
      );
    case '/api/dpop/profile':
      // RFC 9449 §9: the resource server asks for its nonce in the proof.
      return send(
        response,
        401,
        {
          'content-type': 'application/json',
          'www-authenticate':
            'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
          'dpop-nonce': 'eyJ7S_zG.eyJH0-Z.HX4w-7v',
        },
        '{"error":"use_dpop_nonce"}',
      );
    case '/api/session/logout':
      return logout(request, response);
    case '/api/admin/users':
      return protectedResource(request, response, { scope: 'admin:write' });
    case '/api/echo-401':
      // A fixed failure for checking that the page sees exactly what the server sent.
      return send(
        response,
        401,
        {
          'content-type': 'text/plain; charset=utf-8',
          'x-demo-trace': 'trace-7f3a',
          'www-authenticate': `Bearer realm="${REALM}"`,
        },
        'denied: trace-7f3a',
      );
    case '/api/stream-401':
      return streamSlowly(response);
    case '/api/load':
      return loadTestResource(url, response);
    case '/favicon.ico':
      return send(response, 204, {}, '');
    default:
      return send(response, 404, { 'content-type': 'text/plain' }, 'not found');
  }
}

/**
 * For load and reliability tests: `?i=N` answers 401 (invalid_token) for every fourth N, else 200,
 * after `?delay=` ms; the body names N so the page can check it got its own answer.
 */
function loadTestResource(url: URL, response: ServerResponse) {
  const index = Number(url.searchParams.get('i') ?? 0);
  const delay = Math.min(Number(url.searchParams.get('delay') ?? 0) || 0, 5_000);
  const failing = url.searchParams.get('fail') === 'all' || index % 4 === 0;
  const answer = () =>
    failing
      ? sendJson(response, 401, `Bearer realm="${REALM}", error="invalid_token"`, {
          error: 'invalid_token',
          i: index,
        })
      : send(response, 200, { 'content-type': 'application/json' }, JSON.stringify({ ok: true, i: index }));
  if (delay > 0) setTimeout(answer, delay);
  else answer();
}

/** RFC 6750 behaviour: a bare challenge without a token, invalid_token or insufficient_scope otherwise. */
/** Tokens signed out by /api/session/logout: valid by their claims, refused by the server (revocation). */
const revoked = new Set<string>();

function logout(request: IncomingMessage, response: ServerResponse) {
  const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (token) revoked.add(token);
  send(response, 204, {}, '');
}

function protectedResource(request: IncomingMessage, response: ServerResponse, { scope }: { scope: string }) {
  const authorization = request.headers.authorization;
  if (!authorization) {
    return sendJson(response, 401, `Bearer realm="${REALM}"`, {
      error: 'unauthorized',
      message: 'Authentication required',
    });
  }
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization);
  if (match?.[1] && revoked.has(match[1])) {
    // Keycloak's wording for a token whose session ended.
    return sendJson(
      response,
      401,
      `Bearer realm="${REALM}", error="invalid_token", error_description="Token is not active"`,
      {
        error: 'invalid_token',
        error_description: 'Token is not active',
      },
    );
  }
  const verdict = match?.[1] ? verifyJwt(match[1]) : undefined;
  if (!verdict?.ok) {
    const description =
      verdict?.reason === 'expired'
        ? 'The access token expired'
        : 'The access token is malformed or its signature is invalid';
    return sendJson(
      response,
      401,
      `Bearer realm="${REALM}", error="invalid_token", error_description="${description}"`,
      {
        error: 'invalid_token',
        error_description: description,
      },
    );
  }
  const granted = String(verdict.payload.scope ?? '').split(' ');
  if (!granted.includes(scope)) {
    return sendJson(response, 403, `Bearer realm="${REALM}", error="insufficient_scope", scope="${scope}"`, {
      error: 'insufficient_scope',
      error_description: `This operation needs the ${scope} scope`,
    });
  }
  return send(
    response,
    200,
    { 'content-type': 'application/json' },
    JSON.stringify({ id: verdict.payload.sub, name: 'Ada Lovelace' }),
  );
}

/**
 * The demo's token endpoint (RFC 6749 §6 refresh): an expired refresh token is refused as Keycloak
 * refuses it; a good one gets a new access token and a rotated refresh token.
 */
async function tokenEndpoint(request: IncomingMessage, response: ServerResponse) {
  if (request.method !== 'POST') return send(response, 405, { allow: 'POST' }, '');
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > 16_384) return send(response, 413, {}, '');
  }
  const form = new URLSearchParams(text);
  const refusal = (status: number, error: string, description: string) =>
    send(
      response,
      status,
      { 'content-type': 'application/json' },
      JSON.stringify({ error, error_description: description }),
    );
  if (form.get('grant_type') !== 'refresh_token')
    return refusal(400, 'unsupported_grant_type', 'Only refresh_token is supported here');
  if (form.get('client_id') !== DEMO_CLIENT_ID)
    return refusal(401, 'invalid_client', 'Invalid client credentials');
  const refreshToken = form.get('refresh_token') ?? '';
  // Legacy Spring Security OAuth echoes the refused value (DefaultTokenServices): a leak test's case.
  if (refreshToken.startsWith('rt-echo-'))
    return refusal(400, 'invalid_grant', `Invalid refresh token: ${refreshToken}`);
  if (!refreshToken.startsWith(REFRESH_VALID_PREFIX))
    return refusal(400, 'invalid_grant', 'Token is not active');
  const now = Date.now();
  const body = {
    access_token: mintJwt({
      iss: 'https://id.demo.test/',
      sub: 'user-1042',
      aud: 'https://api.demo.test',
      azp: DEMO_CLIENT_ID,
      scope: 'profile:read',
      iat: epochSeconds(now),
      exp: epochSeconds(now + 300_000),
    }),
    token_type: 'Bearer',
    expires_in: 300,
    refresh_token: `${REFRESH_VALID_PREFIX}${randomOf('abcdefghijklmnopqrstuvwxyz0123456789', 40)}`,
    scope: 'profile:read',
  };
  return send(response, 200, { 'content-type': 'application/json' }, JSON.stringify(body));
}

/** A failure whose body arrives in two parts 300 ms apart, to check that pages still stream it. */
function streamSlowly(response: ServerResponse) {
  response.writeHead(401, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
  response.write('first part;');
  setTimeout(() => response.end('second part'), 300);
}

function sendJson(response: ServerResponse, status: number, challenge: string, body: unknown) {
  send(
    response,
    status,
    { 'content-type': 'application/json', 'www-authenticate': challenge },
    JSON.stringify(body),
  );
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: string) {
  response.writeHead(status, { 'cache-control': 'no-store', ...headers }).end(body);
}

async function sendFile(response: ServerResponse, name: string, type: string) {
  send(response, 200, { 'content-type': type }, await readFile(join(PAGES, name), 'utf8'));
}
