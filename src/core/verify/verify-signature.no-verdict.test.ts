import { beforeAll, describe, expect, it } from 'vitest';
import { segment } from '../../../test/mint-jwt.ts';
import { FetchJsonError } from '../../popup/fetch-json.ts';
import {
  canVerifySignature,
  type FetchJson,
  type SignatureCheck,
  verifyJwtSignature,
} from './verify-signature.ts';
import {
  DISCOVERY,
  fakeIssuer,
  generateKeys,
  ISSUER,
  JWKS_URI,
  rsa,
  rsaJwk,
  sign,
} from './verify-signature-test-helpers.ts';

beforeAll(generateKeys);

const noNetwork: FetchJson = () => {
  throw new Error('the check must not fetch anything for this token');
};

describe('verifyJwtSignature', () => {
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
