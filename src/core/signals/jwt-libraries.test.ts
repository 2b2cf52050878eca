import { describe, expect, it } from 'vitest';
import { readJwtLibrarySignals } from './jwt-libraries.ts';
import { only, response, triples } from './signal-test-helpers.ts';

/** A body as express apps commonly send the library's error: {"message": "..."} with a 401. */
const said = (message: string, status = 401) =>
  readJwtLibrarySignals(response({ status, body: { message } }));
const one = (message: string) => only(said(message));

describe('readJwtLibrarySignals: node-jsonwebtoken', () => {
  // auth0/node-jsonwebtoken verify.js
  it('reads "jwt expired" and "maxAge exceeded" as expired', () => {
    expect(triples([one('jwt expired')])).toEqual([{ family: 'node-jsonwebtoken', kind: 'expired' }]);
    expect(one('maxAge exceeded').kind).toBe('expired');
  });

  it('reads "jwt not active" as not yet valid', () => {
    expect(one('jwt not active').kind).toBe('not-yet-valid');
  });

  it('reads "jwt malformed" as malformed', () => {
    expect(one('jwt malformed').kind).toBe('malformed-credential');
  });

  it('reads "jwt must be provided" as missing', () => {
    expect(one('jwt must be provided').kind).toBe('missing-credential');
  });

  it('reads "invalid signature", "invalid algorithm" and "jwt signature is required" as signature failures', () => {
    for (const m of ['invalid signature', 'invalid algorithm', 'jwt signature is required']) {
      expect(one(m).kind).toBe('signature-invalid');
    }
  });

  it('reads the expected audience', () => {
    const s = one('jwt audience invalid. expected: api://orders');
    expect(s.kind).toBe('wrong-audience');
    expect(s.details).toEqual({ expected: 'api://orders' });
    expect(one('jwt audience invalid. expected: urn:a or urn:b').details).toEqual({
      expected: 'urn:a or urn:b',
    });
  });

  it('reads the expected issuer', () => {
    const s = one('jwt issuer invalid. expected: https://issuer.example.com/');
    expect(s.kind).toBe('wrong-issuer');
    expect(s.details).toEqual({ expected: 'https://issuer.example.com/' });
  });

  it('reads the default Express error page (express-jwt UnauthorizedError, HTML stack)', () => {
    const html =
      '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>UnauthorizedError: jwt expired<br> &nbsp; &nbsp;at /app/node_modules/express-jwt/dist/index.js:133:38</pre>\n</body>\n</html>\n';
    const s = only(readJwtLibrarySignals(response({ body: html })));
    expect(s.kind).toBe('expired');
    expect(s.message).toBe('UnauthorizedError: jwt expired');
  });

  it('keeps the TokenExpiredError body to one statement', () => {
    const body = { name: 'TokenExpiredError', message: 'jwt expired', expiredAt: '2024-01-01T00:00:00.000Z' };
    expect(triples(readJwtLibrarySignals(response({ body })))).toEqual([
      { family: 'node-jsonwebtoken', kind: 'expired' },
    ]);
  });
});

describe('readJwtLibrarySignals: express-jwt, jose, auth0', () => {
  it('reads express-jwt codes and messages as one statement each', () => {
    // auth0/express-jwt src/index.ts
    const body = { code: 'credentials_required', message: 'No authorization token was found' };
    expect(only(readJwtLibrarySignals(response({ body })))).toEqual({
      family: 'express-jwt',
      kind: 'missing-credential',
      code: 'credentials_required',
      message: 'No authorization token was found',
      where: 'response-body',
    });
    expect(one('Format is Authorization: Bearer [token]').kind).toBe('malformed-credential');
    expect(one('The token has been revoked.').kind).toBe('revoked');
  });

  it('reads jose "exp" and "nbf" timestamp failures', () => {
    // panva/jose src/lib/jwt_claims_set.ts
    expect(triples([one('"exp" claim timestamp check failed')])).toEqual([
      { family: 'jose', kind: 'expired' },
    ]);
    expect(one('"nbf" claim timestamp check failed').kind).toBe('not-yet-valid');
  });

  it('reads jose claim and signature failures', () => {
    expect(one('unexpected "aud" claim value').kind).toBe('wrong-audience');
    expect(one('unexpected "iss" claim value').kind).toBe('wrong-issuer');
    expect(one('signature verification failed').kind).toBe('signature-invalid');
    expect(one('Invalid Compact JWS').kind).toBe('malformed-credential');
  });

  it('reads jose through Supabase Storage, with the code when sent', () => {
    // Supabase Storage signed URL past expiry: 400 {"error":"InvalidJWT","message":"\"exp\" claim timestamp check failed"}
    const s = only(
      readJwtLibrarySignals(
        response({
          status: 400,
          body: '{"error":"InvalidJWT","message":"\\"exp\\" claim timestamp check failed"}',
        }),
      ),
    );
    expect(s.kind).toBe('expired');
    const coded = { code: 'ERR_JWT_EXPIRED', message: '"exp" claim timestamp check failed' };
    expect(only(readJwtLibrarySignals(response({ body: coded }))).code).toBe('ERR_JWT_EXPIRED');
  });

  it('reads jose and auth0 texts in a challenge, with the challenge code', () => {
    // auth0/node-oauth2-jwt-bearer: Bearer realm="api", error="invalid_token", error_description="\"exp\" claim timestamp check failed"
    const input = response({
      headers: {
        'WWW-Authenticate':
          'Bearer realm="api", error="invalid_token", error_description="\\"exp\\" claim timestamp check failed"',
      },
    });
    expect(only(readJwtLibrarySignals(input))).toEqual({
      family: 'jose',
      kind: 'expired',
      code: 'invalid_token',
      message: '"exp" claim timestamp check failed',
      where: 'response-header',
    });
  });

  it('reads "More than one method used for authentication" as malformed (400)', () => {
    // auth0/node-oauth2-jwt-bearer packages/oauth2-bearer/src/get-token.ts
    expect(triples(said('More than one method used for authentication', 400))).toEqual([
      { family: 'auth0', kind: 'malformed-credential' },
    ]);
  });

  it('reads the DPoP scheme mismatch as the wrong scheme', () => {
    expect(one('DPoP proof requires the DPoP authentication scheme, not Bearer').kind).toBe('wrong-scheme');
    expect(one('DPoP-bound token requires the DPoP authentication scheme, not Bearer.').kind).toBe(
      'wrong-scheme',
    );
  });
});

describe('readJwtLibrarySignals: Spring Security', () => {
  const header = (description: string) =>
    readJwtLibrarySignals(
      response({
        headers: {
          'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"`,
        },
      }),
    );

  it('reads "Jwt expired at" as expired, with the error_uri', () => {
    const s = only(
      header('An error occurred while attempting to decode the Jwt: Jwt expired at 2020-01-31T14:31:31Z'),
    );
    expect(triples([s])).toEqual([{ family: 'spring', kind: 'expired', code: 'invalid_token' }]);
    expect(s.details).toEqual({ uri: 'https://tools.ietf.org/html/rfc6750#section-3.1' });
  });

  it('reads the Nimbus key/algorithm rejection as a signature failure', () => {
    const s = only(
      header(
        'An error occurred while attempting to decode the Jwt: Signed JWT rejected: Another algorithm expected, or no matching key(s) found',
      ),
    );
    expect(s.kind).toBe('signature-invalid');
    expect(
      only(
        header(
          'An error occurred while attempting to decode the Jwt: Signed JWT rejected: Invalid signature',
        ),
      ).kind,
    ).toBe('signature-invalid');
  });

  it('reads "Bearer token is malformed" as malformed', () => {
    expect(only(header('Bearer token is malformed')).kind).toBe('malformed-credential');
  });

  it('reads the audience and issuer validators', () => {
    expect(only(header('The required audience is missing')).kind).toBe('wrong-audience');
    expect(only(header('The iss claim is not valid')).kind).toBe('wrong-issuer');
  });

  it('reads the same texts in a JSON body (custom entry points)', () => {
    expect(
      one('An error occurred while attempting to decode the Jwt: Jwt expired at 2023-10-25T09:13:44Z').kind,
    ).toBe('expired');
  });
});

describe('readJwtLibrarySignals: Firebase Admin', () => {
  // firebase/firebase-admin-node src/auth/token-verifier.ts
  it('reads the expired ID token text with its code', () => {
    const s = one(
      'Firebase ID token has expired. Get a fresh ID token from your client app and try again (auth/id-token-expired). See https://firebase.google.com/docs/auth/admin/verify-id-tokens for details on how to retrieve an ID token.',
    );
    expect(triples([s])).toEqual([{ family: 'firebase', kind: 'expired', code: 'auth/id-token-expired' }]);
  });

  it('merges a {code, message} error into one statement', () => {
    const body = {
      message: 'Error while verifying Firebase ID token',
      status: 'error',
      err: {
        code: 'auth/id-token-expired',
        message:
          'Firebase ID token has expired. Get a fresh ID token from your client app and try again (auth/id-token-expired). See https://firebase.google.com/docs/auth/admin/verify-id-tokens for details on how to retrieve an ID token.',
      },
      code: 'UnauthorizedError',
    };
    const s = only(readJwtLibrarySignals(response({ body })));
    expect(s.code).toBe('auth/id-token-expired');
    expect(s.message).toMatch(/^Firebase ID token has expired\./);
  });

  it('reads incorrect "aud" with the expected and actual project', () => {
    const s = one(
      'Firebase ID token has incorrect "aud" (audience) claim. Expected "cartuno-a6af3" but got "learningsaint-971bd". Make sure the ID token comes from the same Firebase project as the service account used to authenticate this SDK.',
    );
    expect(s.kind).toBe('wrong-audience');
    expect(s.details).toEqual({ expected: 'cartuno-a6af3', actual: 'learningsaint-971bd' });
  });

  it('reads incorrect "iss" as a wrong issuer', () => {
    const s = one(
      'Firebase ID token has incorrect "iss" (issuer) claim. Expected "https://securetoken.google.com/app-a" but got "https://securetoken.google.com/app-b".',
    );
    expect(s.kind).toBe('wrong-issuer');
    expect(s.details?.expected).toBe('https://securetoken.google.com/app-a');
  });

  it('reads a custom token given as the wrong scheme, and a missing "kid" as invalid', () => {
    expect(one('verifyIdToken() expects an ID token, but was given a custom token.').kind).toBe(
      'wrong-scheme',
    );
    expect(
      one(
        'Firebase ID token has no "kid" claim. See https://firebase.google.com/docs/auth/admin/verify-id-tokens for details.',
      ).kind,
    ).toBe('invalid');
  });

  it('reads revoked and invalid-signature texts', () => {
    expect(one('The Firebase ID token has been revoked.').kind).toBe('revoked');
    expect(one('Firebase ID token has invalid signature.').kind).toBe('signature-invalid');
  });
});

describe('readJwtLibrarySignals: when not to speak', () => {
  it('stays silent on a successful page that quotes these texts', () => {
    expect(
      readJwtLibrarySignals(
        response({ status: 200, body: '<p>If you see "jwt expired", refresh the token.</p>' }),
      ),
    ).toEqual([]);
  });

  it('reads an error-shaped 200', () => {
    expect(
      triples(
        readJwtLibrarySignals(response({ status: 200, body: { success: false, message: 'jwt expired' } })),
      ),
    ).toEqual([{ family: 'node-jsonwebtoken', kind: 'expired' }]);
  });
});
