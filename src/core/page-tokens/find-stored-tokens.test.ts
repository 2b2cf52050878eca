import { describe, expect, it } from 'vitest';
import { mintJwt } from '../../../test/mint-jwt.ts';
import { findStoredTokens, STORED_TOKEN_LIMITS } from './find-stored-tokens.ts';

describe('findStoredTokens', () => {
  const jwt = mintJwt({ sub: 'u1' });

  it('finds a JWT stored directly, quoted, or nested in JSON (as auth libraries store them)', () => {
    const tokens = findStoredTokens([
      { store: 'localStorage', key: 'token', value: jwt },
      { store: 'sessionStorage', key: 'quoted', value: JSON.stringify(jwt) },
      {
        store: 'localStorage',
        key: '@@auth0spajs@@::client::api::openid',
        value: JSON.stringify({ body: { access_token: jwt, expires_in: 86400 }, expiresAt: 1 }),
      },
    ]);
    expect(tokens.map((token) => `${token.store}:${token.path}`)).toEqual([
      'localStorage:token',
      'sessionStorage:quoted',
      'localStorage:@@auth0spajs@@::client::api::openid › body › access_token',
    ]);
  });

  it('finds opaque tokens by name and ignores other values', () => {
    const tokens = findStoredTokens([
      { store: 'cookie', key: 'access_token', value: 'gho_16C7e42F292c6912E7710c838347Ae178B4a' },
      { store: 'localStorage', key: 'theme', value: 'dark' },
      { store: 'localStorage', key: 'user', value: JSON.stringify({ name: 'Ada', refreshToken: 'short' }) },
    ]);
    expect(tokens).toEqual([
      { store: 'cookie', path: 'access_token', value: 'gho_16C7e42F292c6912E7710c838347Ae178B4a' },
    ]);
  });

  it('stays bounded on hostile storage', () => {
    const deep = JSON.stringify(Array.from({ length: 5000 }, () => ({ token: jwt })));
    const many = Array.from({ length: 1000 }, (_, index) => ({
      store: 'localStorage' as const,
      key: `k${index}`,
      value: jwt,
    }));
    expect(
      findStoredTokens([{ store: 'localStorage', key: 'deep', value: deep }]).length,
    ).toBeLessThanOrEqual(STORED_TOKEN_LIMITS.tokens);
    expect(findStoredTokens(many)).toHaveLength(STORED_TOKEN_LIMITS.tokens);
    expect(() =>
      findStoredTokens([{ store: 'cookie', key: 'x', value: '{"a":'.repeat(10_000) }]),
    ).not.toThrow();
  });
});
