import { describe, expect, it } from 'vitest';
import { mintJwt, segment } from '../../../test/mint-jwt.ts';
import { decodeJwt, looksLikeJwt } from './decode-jwt.ts';

describe('decodeJwt', () => {
  it('decodes header and payload of a signed token', () => {
    const token = mintJwt({ sub: 'user-1', exp: 1_700_000_000 });
    const decoded = decodeJwt(token);
    expect(decoded).toMatchObject({
      kind: 'jws',
      header: { alg: 'HS256', typ: 'JWT' },
      payload: { sub: 'user-1', exp: 1_700_000_000 },
      signaturePresent: true,
    });
  });

  it('reports an unsecured token (alg none, empty signature)', () => {
    const token = `${segment({ alg: 'none' })}.${segment({ sub: 'x' })}.`;
    expect(decodeJwt(token)).toMatchObject({ kind: 'jws', signaturePresent: false });
  });

  it('reads only the header of an encrypted token (JWE, 5 parts)', () => {
    const token = `${segment({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`;
    expect(decodeJwt(token)).toEqual({ kind: 'jwe', header: { alg: 'RSA-OAEP', enc: 'A256GCM' } });
  });

  it('explains a truncated token instead of throwing', () => {
    const token = mintJwt({ sub: 'user-1' });
    const cut = token.slice(0, token.indexOf('.') + 6);
    expect(decodeJwt(cut)).toMatchObject({ kind: 'invalid' });
    expect(decodeJwt(`${cut}.sig`)).toMatchObject({ kind: 'invalid', part: 'payload' });
  });

  it('rejects a payload that is JSON but not an object', () => {
    const token = `${segment({ alg: 'HS256' })}.${Buffer.from('[1,2]').toString('base64url')}.sig`;
    expect(decodeJwt(token)).toMatchObject({ kind: 'invalid', part: 'payload' });
  });

  it('names characters outside base64url', () => {
    expect(decodeJwt('eyJ$.eyJ.x')).toMatchObject({ kind: 'invalid', part: 'header' });
  });

  it('keeps __proto__ claims as data without polluting prototypes', () => {
    const token = `${segment({ alg: 'HS256' })}.${Buffer.from('{"__proto__":{"polluted":1}}').toString('base64url')}.s`;
    const decoded = decodeJwt(token);
    expect(decoded.kind).toBe('jws');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses to decode absurdly long tokens', () => {
    expect(decodeJwt(`eyJ${'a'.repeat(70_000)}.a.b`)).toMatchObject({ kind: 'invalid' });
  });
});

describe('looksLikeJwt', () => {
  it('recognises JWS and JWE shapes only', () => {
    expect(looksLikeJwt(mintJwt({}))).toBe(true);
    expect(looksLikeJwt('eyJa.b.c.d.e')).toBe(true);
    expect(looksLikeJwt('ghp_abcdefghijklmnopqrstuvwxyz0123456789')).toBe(false);
    expect(looksLikeJwt('eyJa.b')).toBe(false);
  });
});
