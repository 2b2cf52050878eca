import { describe, expect, it } from 'vitest';
import { epochSeconds, mintJwt, segment } from '../../../test/mint-jwt.ts';
import { checkDpopProof, readDpopProof } from './dpop-proof.ts';

// Proofs are minted here; the signature is a test HMAC, which is fine: nothing here verifies it.
const JWK = { kty: 'EC', crv: 'P-256', x: 'x-coordinate-fake', y: 'y-coordinate-fake' };
const SENT_AT = Date.UTC(2025, 5, 1, 12);
const REQUEST = { method: 'POST', url: 'https://server.example/token', sentAt: SENT_AT };

function proof(claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string {
  const payload = {
    jti: 'e1j3V_bKic8-LAEB',
    htm: 'POST',
    htu: 'https://server.example/token',
    iat: epochSeconds(SENT_AT),
    ...claims,
  };
  return mintJwt(payload, { alg: 'ES256', typ: 'dpop+jwt', jwk: JWK, ...header });
}

describe('readDpopProof', () => {
  it('describes a well-formed proof and keeps iat as its creation time', () => {
    expect(readDpopProof(proof())).toEqual({
      kind: 'dpop-proof',
      description: 'DPoP proof (ES256, for POST https://server.example/token)',
      details: { createdAt: SENT_AT },
    });
  });

  it('says when the header value is not a JWT', () => {
    const result = readDpopProof('not-a-jwt');
    expect(result.description).toBe('DPoP proof, not decodable');
    expect(result.details.shapeNotes?.[0]).toMatch(/^the DPoP proof does not decode: a JWT has 3/);
  });

  it('notes a typ other than dpop+jwt', () => {
    expect(readDpopProof(proof({}, { typ: 'JWT' })).details.shapeNotes).toEqual(['typ is JWT, not dpop+jwt']);
  });

  it('notes a missing jwk and a jwk holding a private key', () => {
    expect(readDpopProof(proof({}, { jwk: undefined })).details.shapeNotes).toEqual(['no jwk in header']);
    expect(readDpopProof(proof({}, { jwk: { ...JWK, d: 'private-part' } })).details.shapeNotes).toEqual([
      'jwk contains a private key ("d"); it must hold the public key only',
    ]);
  });

  it('notes a symmetric or absent signature algorithm (RFC 9449 §4.2)', () => {
    expect(readDpopProof(proof({}, { alg: 'HS256' })).details.shapeNotes).toEqual([
      'alg HS256 is not an asymmetric signature algorithm',
    ]);
    expect(readDpopProof(proof({}, { alg: 'none' })).details.shapeNotes).toEqual([
      'alg none is not an asymmetric signature algorithm',
    ]);
  });

  it('notes every missing claim', () => {
    const bare = `${segment({ alg: 'ES256', typ: 'dpop+jwt', jwk: JWK })}.${segment({})}.c2ln`;
    expect(readDpopProof(bare).details.shapeNotes).toEqual([
      'no jti claim',
      'no htm claim',
      'no htu claim',
      'no iat claim',
    ]);
  });

  it('notes an htu that carries a query', () => {
    expect(readDpopProof(proof({ htu: 'https://server.example/token?x=1' })).details.shapeNotes).toEqual([
      'htu includes a query or fragment (§4.2 says without)',
    ]);
  });
});

describe('checkDpopProof', () => {
  it('finds nothing wrong with a proof made for this request', () => {
    expect(checkDpopProof(proof(), REQUEST)).toEqual([]);
  });

  it('reports an htm for another method', () => {
    expect(checkDpopProof(proof({ htm: 'GET' }), REQUEST)).toEqual(['htm is GET but the request was POST']);
  });

  it('says methods are case-sensitive when only the case differs', () => {
    expect(checkDpopProof(proof({ htm: 'post' }), REQUEST)).toEqual([
      'htm is post but the request was POST (methods are case-sensitive)',
    ]);
  });

  it('reports an htu for another URL', () => {
    const request = { ...REQUEST, url: 'https://a/y' };
    expect(checkDpopProof(proof({ htu: 'https://a/x' }), request)).toEqual([
      'htu https://a/x does not match the request URL https://a/y (RFC 9449 §4.3 compares without query and fragment)',
    ]);
  });

  it('compares htu without query and fragment, after normalisation', () => {
    const request = { ...REQUEST, url: 'https://SERVER.example:443/token?code=abc#frag' };
    expect(checkDpopProof(proof(), request)).toEqual([]);
  });

  it('does not show the request query in the mismatch (it may hold secrets)', () => {
    const request = { ...REQUEST, url: 'https://server.example/other?access_token=secret-value' };
    const [problem] = checkDpopProof(proof(), request);
    expect(problem).toContain('https://server.example/other ');
    expect(problem).not.toContain('secret-value');
  });

  it('reports an iat long before the request', () => {
    const iat = epochSeconds(SENT_AT - 10 * 60_000);
    expect(checkDpopProof(proof({ iat }), REQUEST)).toEqual(['iat is 10 min before the request']);
  });

  it('reports an iat after the request (client clock ahead)', () => {
    const iat = epochSeconds(SENT_AT + 3 * 60_000);
    expect(checkDpopProof(proof({ iat }), REQUEST)).toEqual([
      'iat is 3 min after the request (client clock ahead?)',
    ]);
  });

  it('accepts an iat within the leeway, which the caller may change', () => {
    const iat = epochSeconds(SENT_AT - 45_000);
    expect(checkDpopProof(proof({ iat }), REQUEST)).toEqual([]);
    expect(checkDpopProof(proof({ iat }), REQUEST, 30)).toEqual(['iat is 45 s before the request']);
  });

  it('reports a missing ath when an access token travels with the proof', () => {
    const request = { ...REQUEST, accessToken: mintJwt({ sub: 'u1' }) };
    expect(checkDpopProof(proof(), request)).toEqual([
      'no ath claim, but the request carries an access token (RFC 9449 §4.3 requires it)',
    ]);
    expect(checkDpopProof(proof({ ath: 'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo' }), request)).toEqual(
      [],
    );
  });

  it('includes the shape problems: wrong typ and no jwk', () => {
    expect(checkDpopProof(proof({}, { typ: 'JWT', jwk: undefined }), REQUEST)).toEqual([
      'typ is JWT, not dpop+jwt',
      'no jwk in header',
    ]);
  });

  it('refuses an encrypted proof', () => {
    const jwe = `${segment({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`;
    expect(checkDpopProof(jwe, REQUEST)).toEqual([
      'the DPoP proof is encrypted (JWE); it must be a signed JWT',
    ]);
  });
});
