import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIssuerServer } from '../../../e2e/support/issuer-server.ts';
import { segment } from '../../../test/mint-jwt.ts';
import { FetchJsonError, fetchJson } from '../../popup/fetch-json.ts';
import {
  canVerifySignature,
  type FetchJson,
  MAX_JWKS_KEYS,
  type SignatureCheck,
  verifyJwtSignature,
} from './verify-signature.ts';

const ISSUER = 'https://login.example.test/tenant-1/';
const DISCOVERY = 'https://login.example.test/tenant-1/.well-known/openid-configuration';
const JWKS_URI = 'https://keys.example.test/tenant-1/jwks';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

let rsa: KeyPair;
let ec: KeyPair;
let otherRsa: KeyPair;
let rsaJwk: JWK;
let ecJwk: JWK;

beforeAll(async () => {
  [rsa, ec, otherRsa] = await Promise.all([
    generateKeyPair('RS256', { extractable: true }),
    generateKeyPair('ES256', { extractable: true }),
    generateKeyPair('RS256'),
  ]);
  rsaJwk = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
  ecJwk = { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', use: 'sig' };
});

function sign(
  key: CryptoKey,
  header: { alg: string; kid?: string },
  claims: JWTPayload = { iss: ISSUER, sub: 'user-1042', aud: 'https://api.example.test' },
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

/** The issuer's two documents, served from memory; records every URL asked for. */
function fakeIssuer(
  keys: unknown[],
  metadata: Record<string, unknown> = { issuer: ISSUER, jwks_uri: JWKS_URI },
): { fetchJson: FetchJson; urls: string[] } {
  const documents = new Map<string, unknown>([
    [DISCOVERY, metadata],
    [JWKS_URI, { keys }],
  ]);
  const urls: string[] = [];
  return {
    urls,
    fetchJson: async (url) => {
      urls.push(url);
      if (!documents.has(url)) throw new Error(`${url} answered HTTP 404 Not Found`);
      return documents.get(url);
    },
  };
}

const noNetwork: FetchJson = () => {
  throw new Error('the check must not fetch anything for this token');
};

describe('verifyJwtSignature', () => {
  it('says valid for an RS256 token signed with the key its kid names', async () => {
    const token = await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' });
    const { fetchJson, urls } = fakeIssuer([ecJwk, rsaJwk]);
    expect(await verifyJwtSignature(token, fetchJson)).toEqual({
      status: 'valid',
      kid: 'rsa-1',
      alg: 'RS256',
      jwksUri: JWKS_URI,
    });
    // OIDC Discovery §4: trailing slash removed before the well-known path; the token goes nowhere.
    expect(urls).toEqual([DISCOVERY, JWKS_URI]);
    expect(urls.join(' ')).not.toContain(token.split('.')[1]);
  });

  it('says valid for an ES256 token', async () => {
    const token = await sign(ec.privateKey, { alg: 'ES256', kid: 'ec-1' });
    const result = await verifyJwtSignature(token, fakeIssuer([rsaJwk, ecJwk]).fetchJson);
    expect(result).toMatchObject({ status: 'valid', kid: 'ec-1', alg: 'ES256' });
  });

  it('checks only the signature: an expired token for another audience is still valid', async () => {
    const token = await sign(
      rsa.privateKey,
      { alg: 'RS256', kid: 'rsa-1' },
      { iss: ISSUER, aud: 'someone-else', exp: 1_000_000_000, nbf: 4_000_000_000 },
    );
    expect(await verifyJwtSignature(token, fakeIssuer([rsaJwk]).fetchJson)).toMatchObject({
      status: 'valid',
    });
  });

  it('says invalid when the payload was altered after signing', async () => {
    const token = await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' });
    const [header, , signature] = token.split('.');
    const tampered = `${header}.${segment({ iss: ISSUER, sub: 'admin', aud: 'https://api.example.test' })}.${signature}`;
    const result = await verifyJwtSignature(tampered, fakeIssuer([rsaJwk]).fetchJson);
    expect(result).toMatchObject({ status: 'invalid', kid: 'rsa-1', alg: 'RS256', jwksUri: JWKS_URI });
    expect(result.status === 'invalid' && result.detail).toContain('"rsa-1"');
  });

  it('says invalid when another key signed under the same kid (another environment)', async () => {
    const token = await sign(otherRsa.privateKey, { alg: 'RS256', kid: 'rsa-1' });
    expect(await verifyJwtSignature(token, fakeIssuer([rsaJwk]).fetchJson)).toMatchObject({
      status: 'invalid',
    });
  });

  it('says key-not-found with the kids the JWKS does have', async () => {
    const token = await sign(otherRsa.privateKey, { alg: 'RS256', kid: 'rotated-away' });
    expect(await verifyJwtSignature(token, fakeIssuer([rsaJwk, ecJwk]).fetchJson)).toEqual({
      status: 'key-not-found',
      kid: 'rotated-away',
      alg: 'RS256',
      kids: ['rsa-1', 'ec-1'],
      jwksUri: JWKS_URI,
    });
  });

  it('says invalid when the kid names a key of another type than the alg needs', async () => {
    const token = await sign(rsa.privateKey, { alg: 'RS256', kid: 'ec-1' });
    const result = await verifyJwtSignature(token, fakeIssuer([ecJwk]).fetchJson);
    expect(result).toMatchObject({ status: 'invalid' });
    expect(result.status === 'invalid' && result.detail).toContain('needs an RSA key');
  });

  describe('a token without kid', () => {
    it('is checked with the only key', async () => {
      const token = await sign(rsa.privateKey, { alg: 'RS256' });
      const { alg: _alg, ...withoutAlg } = rsaJwk;
      expect(await verifyJwtSignature(token, fakeIssuer([withoutAlg]).fetchJson)).toMatchObject({
        status: 'valid',
        kid: 'rsa-1',
      });
    });

    it('is checked with each key that fits its alg, and valid when one verifies', async () => {
      const token = await sign(rsa.privateKey, { alg: 'RS256' });
      const otherJwk = { ...(await exportJWK(otherRsa.publicKey)), kid: 'rsa-0' };
      expect(await verifyJwtSignature(token, fakeIssuer([otherJwk, ecJwk, rsaJwk]).fetchJson)).toMatchObject({
        status: 'valid',
        kid: 'rsa-1',
      });
    });

    it('is invalid when no fitting key verifies it', async () => {
      const token = await sign(otherRsa.privateKey, { alg: 'RS256' });
      const result = await verifyJwtSignature(token, fakeIssuer([rsaJwk, ecJwk]).fetchJson);
      expect(result).toMatchObject({ status: 'invalid', kid: undefined });
      expect(result.status === 'invalid' && result.detail).toContain('none of the 1 RS256 key');
    });

    it('is key-not-found when no key fits its alg', async () => {
      const token = await sign(rsa.privateKey, { alg: 'RS256' });
      expect(await verifyJwtSignature(token, fakeIssuer([ecJwk]).fetchJson)).toEqual({
        status: 'key-not-found',
        kid: undefined,
        alg: 'RS256',
        kids: ['ec-1'],
        jwksUri: JWKS_URI,
      });
    });
  });

  it('skips encryption keys (RFC 7517 §4.2 use "enc")', async () => {
    const token = await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' });
    const result = await verifyJwtSignature(token, fakeIssuer([{ ...rsaJwk, use: 'enc' }]).fetchJson);
    expect(result.status === 'invalid' && result.detail).toContain('use "enc"');
  });

  it('imports only the public part of a key a careless JWKS published whole', async () => {
    const token = await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' });
    const whole = { ...(await exportJWK(rsa.privateKey)), kid: 'rsa-1' };
    expect(whole.d).toBeDefined();
    expect(await verifyJwtSignature(token, fakeIssuer([whole]).fetchJson)).toMatchObject({ status: 'valid' });
  });

  it(`considers at most ${MAX_JWKS_KEYS} keys`, async () => {
    const token = await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' });
    const filler = Array.from({ length: 150 }, (_, index) => ({ ...ecJwk, kid: `filler-${index}` }));
    const result = await verifyJwtSignature(token, fakeIssuer([...filler, rsaJwk]).fetchJson);
    expect(result).toMatchObject({ status: 'key-not-found', kid: 'rsa-1' });
    expect(result.status === 'key-not-found' && result.kids).toHaveLength(MAX_JWKS_KEYS);
  });

  describe('unsupported, without fetching anything', () => {
    const cases: [string, () => string | Promise<string>, RegExp][] = [
      [
        'HS256 (a shared secret)',
        () => `${segment({ alg: 'HS256', typ: 'JWT' })}.${segment({ iss: ISSUER })}.c2lnbmF0dXJl`,
        /shared-secret \(HMAC\)/,
      ],
      ['alg none', () => `${segment({ alg: 'none' })}.${segment({ iss: ISSUER })}.`, /alg none/],
      [
        'a JWE',
        () => `${segment({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a2V5.aXY.Y2lwaGVy.dGFn`,
        /encrypted \(JWE/,
      ],
      ['no iss', () => sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }, { sub: 'user' }), /no iss/],
      [
        'an iss that is not a URL',
        () => sign(rsa.privateKey, { alg: 'RS256' }, { iss: 'orders-service' }),
        /not a URL/,
      ],
      [
        'an http issuer that is not loopback',
        () => sign(rsa.privateKey, { alg: 'RS256' }, { iss: 'http://login.example.test' }),
        /plain http/,
      ],
      ['a token that does not decode', () => 'eyJhbGciOiJSUzI1NiJ9.@@@.c2ln', /does not decode/],
      [
        'an alg it does not know',
        () => `${segment({ alg: 'constructor' })}.${segment({ iss: ISSUER })}.c2ln`,
        /not one this check supports/,
      ],
    ];
    it.each(cases)('%s', async (_name, makeToken, detail) => {
      const token = await makeToken();
      const result = await verifyJwtSignature(token, noNetwork);
      expect(result.status).toBe('unsupported');
      expect(result.status === 'unsupported' && result.detail).toMatch(detail);
      expect(canVerifySignature(token)).toBe(false);
    });
  });

  it('allows http for a loopback issuer (tests, local development)', async () => {
    const token = await sign(rsa.privateKey, { alg: 'RS256' }, { iss: 'http://127.0.0.1:8080' });
    expect(canVerifySignature(token)).toBe(true);
    const urls: string[] = [];
    await verifyJwtSignature(token, async (url) => {
      urls.push(url);
      throw new Error('refused');
    });
    expect(urls).toEqual(['http://127.0.0.1:8080/.well-known/openid-configuration']);
  });

  describe('issuer-unreachable, saying which step failed', () => {
    async function check(fetchJson: FetchJson): Promise<SignatureCheck> {
      return verifyJwtSignature(await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }), fetchJson);
    }
    const unreachable = (detail: RegExp) => ({
      status: 'issuer-unreachable',
      detail: expect.stringMatching(detail),
    });

    it('the discovery document cannot be fetched', async () => {
      expect(
        await check(async (url) => {
          throw new FetchJsonError('network', `${url} could not be reached (Failed to fetch)`);
        }),
      ).toEqual(unreachable(/^Could not get the OpenID configuration: .*could not be reached/));
    });

    it('the discovery document is not JSON', async () => {
      expect(
        await check(async (url) => {
          throw new FetchJsonError('not-json', `${url} did not answer with JSON (content-type text/html)`);
        }),
      ).toEqual(unreachable(/did not answer with JSON/));
    });

    it('the discovery document has no jwks_uri', async () => {
      expect(await check(fakeIssuer([rsaJwk], { issuer: ISSUER }).fetchJson)).toEqual(
        unreachable(/has no jwks_uri/),
      );
    });

    it('the discovery document names another issuer (OIDC Discovery §4.3)', async () => {
      const { fetchJson } = fakeIssuer([rsaJwk], {
        issuer: 'https://evil.example.test/',
        jwks_uri: JWKS_URI,
      });
      expect(await check(fetchJson)).toEqual(unreachable(/names the issuer https:\/\/evil/));
    });

    it('the jwks_uri is plain http on a public host', async () => {
      const { fetchJson } = fakeIssuer([rsaJwk], {
        issuer: ISSUER,
        jwks_uri: 'http://keys.example.test/jwks',
      });
      expect(await check(fetchJson)).toEqual(unreachable(/jwks_uri .*plain http/));
    });

    it('the JWKS cannot be fetched', async () => {
      const { fetchJson } = fakeIssuer([rsaJwk], {
        issuer: ISSUER,
        jwks_uri: 'https://keys.example.test/gone',
      });
      expect(await check(fetchJson)).toEqual(unreachable(/^Could not get the issuer's JWKS: .*HTTP 404/));
    });

    it('the JWKS has no keys array', async () => {
      const documents: Record<string, unknown> = {
        [DISCOVERY]: { issuer: ISSUER, jwks_uri: JWKS_URI },
        [JWKS_URI]: { keys: 'none' },
      };
      expect(await check(async (url) => documents[url])).toEqual(unreachable(/no keys array/));
    });
  });
});

describe('fetchJson (the popup shell)', () => {
  let server: Server;
  let base: string;
  const seen: IncomingMessage[] = [];
  let oversizeClosed: Promise<void> | undefined;
  const limits = { timeoutMs: 300, maxBytes: 1024 };
  let redirectTarget = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request);
      route(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function route(request: IncomingMessage, response: ServerResponse) {
    switch (request.url) {
      case '/json':
        return response.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
      case '/missing':
        return response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      case '/html':
        return response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>Sign in');
      case '/declared-large':
        return response.writeHead(200, { 'content-length': '4096' }).end('x'.repeat(4096));
      case '/endless':
        // No Content-Length: the cap must hold while streaming. The server sees the reader go away.
        oversizeClosed = new Promise((resolve) => response.on('close', resolve));
        response.writeHead(200, { 'content-type': 'application/json' });
        writeForever(response);
        return;
      case '/redirect':
        return response.writeHead(302, { location: redirectTarget }).end();
      case '/silent':
        return; // never answers
      case '/trickle':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"keys":');
        return; // headers, then nothing more
      default:
        return response.writeHead(404).end();
    }
  }

  function writeForever(response: ServerResponse) {
    const write = () => {
      if (response.destroyed) return;
      if (response.write(`${' '.repeat(256)}`)) setImmediate(write);
      else response.once('drain', write);
    };
    write();
  }

  async function failure(path: string): Promise<FetchJsonError> {
    const error = await fetchJson(`${base}${path}`, limits).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FetchJsonError);
    return error as FetchJsonError;
  }

  it('returns the parsed JSON, without cookies', async () => {
    expect(await fetchJson(`${base}/json`, limits)).toEqual({ keys: [] });
    const request = seen.at(-1);
    expect(request?.headers.cookie).toBeUndefined();
    expect(request?.headers.accept).toBe('application/json');
  });

  it('names the HTTP status of a non-2xx answer', async () => {
    expect(await failure('/missing')).toMatchObject({
      kind: 'http-status',
      message: expect.stringMatching(/HTTP 404/),
    });
  });

  it('says when the answer is not JSON, with its content type', async () => {
    expect(await failure('/html')).toMatchObject({
      kind: 'not-json',
      message: expect.stringContaining('text/html'),
    });
  });

  it('refuses an answer whose Content-Length is past the cap', async () => {
    expect(await failure('/declared-large')).toMatchObject({
      kind: 'too-large',
      message: expect.stringContaining('more than 1 KiB'),
    });
  });

  it('stops reading a streamed answer once it passes the cap', async () => {
    expect(await failure('/endless')).toMatchObject({ kind: 'too-large' });
    await oversizeClosed; // the connection was dropped rather than read to the end
  });

  it('gives up on a server that does not answer', async () => {
    expect(await failure('/silent')).toMatchObject({
      kind: 'timeout',
      message: expect.stringContaining('0.3 s'),
    });
  });

  it('gives up on a body that stops half-way', async () => {
    expect(await failure('/trickle')).toMatchObject({ kind: 'timeout' });
  });

  it('refuses a redirect to plain http on a host that is not loopback', async () => {
    // 127.0.0.2 is reachable on Linux yet is not a name the https rule exempts, like a public host.
    const elsewhere = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    );
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.2', resolve));
    redirectTarget = `http://127.0.0.2:${(elsewhere.address() as AddressInfo).port}/keys`;
    try {
      expect(await failure('/redirect')).toMatchObject({
        kind: 'refused',
        message: expect.stringContaining(`redirected to ${redirectTarget}`),
      });
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });

  it('says when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await fetchJson(`http://127.0.0.1:${port}/`, limits).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      kind: 'network',
      message: expect.stringContaining('could not be reached'),
    });
  });

  it('carries a whole check against a real issuer (the e2e issuer server)', async () => {
    const issuer = await startIssuerServer();
    try {
      const valid = await issuer.mint({ key: 'issuer', kid: issuer.kid });
      const forged = await issuer.mint({ key: 'other', kid: issuer.kid });
      const unknown = await issuer.mint({ key: 'other', kid: 'rotated-away' });
      expect(await verifyJwtSignature(valid, fetchJson)).toEqual({
        status: 'valid',
        kid: issuer.kid,
        alg: 'RS256',
        jwksUri: `${issuer.url}/jwks`,
      });
      expect(await verifyJwtSignature(forged, fetchJson)).toMatchObject({ status: 'invalid' });
      expect(await verifyJwtSignature(unknown, fetchJson)).toMatchObject({
        status: 'key-not-found',
        kids: [issuer.kid],
      });
      // The token itself was never sent: no Authorization, and only the two public documents.
      expect(issuer.requests.every((request) => request.authorization === undefined)).toBe(true);
      expect(new Set(issuer.requests.map((request) => request.path))).toEqual(
        new Set(['/.well-known/openid-configuration', '/jwks']),
      );
    } finally {
      await issuer.close();
    }
  });
});
