import { exportJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { segment } from '../../../test/mint-jwt.ts';
import { MAX_JWKS_KEYS, verifyJwtSignature } from './verify-signature.ts';
import {
  DISCOVERY,
  ec,
  ecJwk,
  fakeIssuer,
  generateKeys,
  ISSUER,
  JWKS_URI,
  otherRsa,
  rsa,
  rsaJwk,
  sign,
} from './verify-signature-test-helpers.ts';

beforeAll(generateKeys);

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
});
