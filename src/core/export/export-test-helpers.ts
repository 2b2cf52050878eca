import { makeExchange } from '../../../test/make-exchange.ts';
import { mintJwt } from '../../../test/mint-jwt.ts';
import type { Exchange } from '../exchange.ts';
import { expectAbsent, fake, signatureOf } from '../redact/redact-test-helpers.ts';

/**
 * Exchanges carrying one credential of each kind the exports must redact, freshly minted or made of
 * random characters on every run, with every secret listed so a test can prove none leaked.
 */
export interface CredentialFixtures {
  exchanges: Exchange[];
  /** Page URL with an OAuth code in its query, as a callback page has. */
  pageUrl: string;
  secrets: string[];
  /** The parts that must stay readable in the export (claims, user, scope, cookie names). */
  kept: { jwtHeaderAndPayload: string; basicUser: string; awsScope: string; cookieNames: string[] };
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export function credentialFixtures(): CredentialFixtures {
  const jwt = mintJwt({ sub: 'user-1', aud: 'api', exp: 1 }, { alg: 'RS256', kid: 'k1' });
  const queryToken = fake.opaque(40);
  const password = fake.password();
  const keyId = fake.awsKeyId('ASIA');
  const sigV4 = fake.sigV4Signature();
  const session = fake.awsSessionToken();
  const sessionCookie = fake.opaque(32);
  const csrfCookie = fake.opaque(24);
  const setSid = fake.opaque(32);
  const setRefresh = fake.opaque(40);
  const authCode = fake.opaque(24);
  const pageCode = fake.opaque(24);
  const apiKey = fake.stripeSecret();
  const proof = mintJwt(
    { htm: 'GET', htu: 'https://api.example.com/v1/me', jti: 'j1', iat: 1 },
    {
      alg: 'ES256',
      typ: 'dpop+jwt',
    },
  );
  const scope = `/20261121/eu-west-1/execute-api/aws4_request`;
  const exchanges = [
    makeExchange({
      url: `https://api.example.com/v1/me?access_token=${queryToken}&fields=name,email&q=a+b%21`,
      status: 401,
      request: { authorization: `Bearer ${jwt}`, origin: 'https://app.example.com' },
      response: {
        'www-authenticate': 'Bearer error="invalid_token", error_description="The token expired"',
        'content-type': 'application/json; charset=utf-8',
      },
      // Echoes both the header token and the query token, the second JSON-escaped.
      body: JSON.stringify({ error: 'invalid_token', token: jwt, query: queryToken }),
    }),
    makeExchange({
      method: 'POST',
      url: 'https://api.example.com/login',
      status: 401,
      request: { authorization: `Basic ${b64(`alice:${password}`)}`, 'content-type': 'application/json' },
      response: { 'www-authenticate': 'Basic realm="api"', 'content-type': 'text/plain' },
      body: `Invalid password '${password}' for alice`,
    }),
    makeExchange({
      method: 'PUT',
      url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/items/1',
      status: 403,
      request: {
        authorization: `AWS4-HMAC-SHA256 Credential=${keyId}${scope}, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=${sigV4}`,
        'x-amz-date': '20261121T120000Z',
        'x-amz-security-token': session,
      },
      response: { 'x-amzn-errortype': 'InvalidSignatureException', 'content-type': 'application/json' },
      // AWS quotes the session token with `\/` (JSON-escaped slashes) and the signature as sent.
      body: `{"message":"Signature=${sigV4} does not match; token ${session.replaceAll('/', '\\/')}"}`,
    }),
    makeExchange({
      url: 'https://app.example.com/session',
      status: 302,
      request: { cookie: `session=${sessionCookie}; csrftoken=${csrfCookie}; theme=` },
      response: {
        location: `https://app.example.com/callback?code=${authCode}&state=xyz`,
        'set-cookie': [`sid=${setSid}; Path=/; HttpOnly; Secure`, `refresh=${setRefresh}; Max-Age=3600`],
      },
    }),
    makeExchange({
      url: 'https://api.example.com/v1/me',
      status: 401,
      request: { authorization: `DPoP ${jwt}`, dpop: proof, 'x-api-key': apiKey },
      response: { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': 'n-1' },
      body: `{"error":"use_dpop_nonce","key":"${apiKey}"}`,
    }),
  ];
  return {
    exchanges,
    pageUrl: `https://app.example.com/callback?code=${pageCode}&state=abc`,
    secrets: [
      jwt,
      signatureOf(jwt),
      signatureOf(proof),
      queryToken,
      password,
      b64(`alice:${password}`),
      sigV4,
      session,
      sessionCookie,
      csrfCookie,
      setSid,
      setRefresh,
      authCode,
      pageCode,
      apiKey,
    ],
    kept: {
      jwtHeaderAndPayload: jwt.slice(0, jwt.lastIndexOf('.')),
      basicUser: 'alice:[password removed]',
      awsScope: `${keyId.slice(0, 4)}…${keyId.slice(-4)}${scope}`,
      cookieNames: ['session=[removed]', 'csrftoken=[removed]', 'theme=', 'sid=[removed]'],
    },
  };
}

/**
 * Fails if any secret appears in the text, as sent or in the forms a server or a serializer
 * writes it (JSON-escaped, `\/`-escaped, percent-encoded).
 */
export function expectNoSecret(text: string, secrets: readonly string[]): void {
  const forms = secrets.flatMap((secret) => [
    secret,
    JSON.stringify(secret).slice(1, -1),
    secret.replaceAll('/', '\\/'),
    JSON.stringify(secret.replaceAll('/', '\\/')).slice(1, -1),
    encodeURIComponent(secret),
  ]);
  expectAbsent(text, ...new Set(forms));
}

/** Every string anywhere in a JSON value: a leak inside a string is found whatever its escaping. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [key, ...allStrings(item)]);
  }
  return [];
}
