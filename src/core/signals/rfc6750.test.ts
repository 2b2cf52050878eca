import { describe, expect, it } from 'vitest';
import { readRfc6750Signals } from './rfc6750.ts';
import { only, response, triples } from './signal-test-helpers.ts';

const read = (wwwAuthenticate: string | string[], status = 401, headers: Record<string, string> = {}) =>
  readRfc6750Signals(response({ status, headers: { ...headers, 'WWW-Authenticate': wwwAuthenticate } }));

describe('readRfc6750Signals: RFC 6750 §3', () => {
  it('reads a bare challenge on a 401 as "no credential sent" (RFC 6750 §3 example)', () => {
    // RFC 6750 §3: HTTP/1.1 401 Unauthorized / WWW-Authenticate: Bearer realm="example"
    expect(read('Bearer realm="example"')).toEqual([
      {
        family: 'rfc6750',
        kind: 'missing-credential',
        message: 'Bearer realm="example"',
        where: 'response-header',
      },
    ]);
  });

  it('reads a bare challenge only on a 401', () => {
    expect(read('Bearer realm="example"', 403)).toEqual([]);
    expect(read('Bearer realm="example"', 200)).toEqual([]);
  });

  it('reports one missing credential when Bearer and DPoP are both offered bare', () => {
    // auth0/node-oauth2-jwt-bearer with DPoP allowed: Bearer realm="api", DPoP algs="ES256 PS256"
    const s = only(read('Bearer realm="api", DPoP algs="ES256 PS256"'));
    expect(s.kind).toBe('missing-credential');
    expect(s.message).toBe('Bearer realm="api"');
  });

  it('refines invalid_token by its description (RFC 6750 §3 example)', () => {
    // RFC 6750 §3: Bearer realm="example", error="invalid_token", error_description="The access token expired"
    const s = only(
      read('Bearer realm="example", error="invalid_token", error_description="The access token expired"'),
    );
    expect(s).toEqual({
      family: 'rfc6750',
      kind: 'expired',
      code: 'invalid_token',
      message: 'The access token expired',
      where: 'response-header',
    });
  });

  it('reads invalid_token with no description as invalid, quoting the challenge', () => {
    expect(only(read('Bearer realm="example", error="invalid_token"'))).toEqual({
      family: 'rfc6750',
      kind: 'invalid',
      code: 'invalid_token',
      message: 'Bearer realm="example", error="invalid_token"',
      where: 'response-header',
    });
  });

  it('reads invalid_request as a malformed credential (RFC 6750 §3.1, 400)', () => {
    const s = only(read('Bearer realm="example", error="invalid_request"', 400));
    expect(triples([s])).toEqual([
      { family: 'rfc6750', kind: 'malformed-credential', code: 'invalid_request' },
    ]);
  });

  it('reads insufficient_scope with the scopes the resource requires', () => {
    // Google APIs on a token without the scope (403), as in the Drive API.
    const s = only(
      read(
        'Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="https://www.googleapis.com/auth/drive https://www.googleapis.com/auth/drive.file"',
        403,
      ),
    );
    expect(s.kind).toBe('insufficient-scope');
    expect(s.details?.requiredScopes).toEqual([
      'https://www.googleapis.com/auth/drive',
      'https://www.googleapis.com/auth/drive.file',
    ]);
  });

  it('keeps error_uri as details.uri', () => {
    // Spring Security BearerTokenAuthenticationEntryPoint (spring-projects/spring-security).
    const s = only(
      read(
        'Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: Jwt expired at 2020-01-31T14:31:31Z", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"',
      ),
    );
    expect(s.kind).toBe('expired');
    expect(s.details).toEqual({ uri: 'https://tools.ietf.org/html/rfc6750#section-3.1' });
  });

  it('reads an unregistered error code as a plain rejection', () => {
    expect(triples(read('Bearer error="token_revoked_by_admin"'))).toEqual([
      { family: 'rfc6750', kind: 'invalid', code: 'token_revoked_by_admin' },
    ]);
  });

  it('ignores challenges of other schemes', () => {
    // Stripe: WWW-Authenticate: Basic realm="Stripe"
    expect(read('Basic realm="Stripe"')).toEqual([]);
    expect(read('Negotiate, NTLM')).toEqual([]);
  });
});

describe('readRfc6750Signals: descriptions read with the library matchers', () => {
  const kindOf = (description: string): string | undefined =>
    read(`Bearer error="invalid_token", error_description="${description}"`)[0]?.kind;

  it('ASP.NET Core JwtBearer: expiry and not-before (dotnet/aspnetcore JwtBearerHandler.cs)', () => {
    expect(kindOf("The token expired at '05/11/2026 19:45:32'")).toBe('expired');
    expect(kindOf("The token is not valid before '01/01/2030 00:00:00'")).toBe('not-yet-valid');
  });

  it('ASP.NET Core JwtBearer: audience and issuer, with the value found', () => {
    const aud = only(
      read(`Bearer error="invalid_token", error_description="The audience 'api://other' is invalid"`),
    );
    expect(aud.kind).toBe('wrong-audience');
    expect(aud.details).toEqual({ actual: 'api://other' });
    expect(kindOf("The issuer 'https://sts.windows.net/other/' is invalid")).toBe('wrong-issuer');
  });

  it('ASP.NET Core JwtBearer: signature texts', () => {
    // WWW-Authenticate: Bearer error="invalid_token", error_description="The signature key was not found"
    expect(kindOf('The signature key was not found')).toBe('signature-invalid');
    expect(kindOf('The signature is invalid')).toBe('signature-invalid');
  });

  it('jose via express-oauth2-jwt-bearer (escaped quotes in the quoted-string)', () => {
    // auth0/node-oauth2-jwt-bearer: Bearer realm="api", error="invalid_token", error_description="\"exp\" claim timestamp check failed"
    const s = only(
      read(
        'Bearer realm="api", error="invalid_token", error_description="\\"exp\\" claim timestamp check failed"',
      ),
    );
    expect(s.kind).toBe('expired');
    expect(s.message).toBe('"exp" claim timestamp check failed');
    expect(kindOf('unexpected \\"aud\\" claim value')).toBe('wrong-audience');
  });

  it('Spring Security: "Bearer token is malformed" is malformed, not merely invalid', () => {
    // spring-security DefaultBearerTokenResolver: BearerTokenErrors.invalidToken("Bearer token is malformed")
    expect(kindOf('Bearer token is malformed')).toBe('malformed-credential');
  });

  it('falls back to keywords for texts no library matcher knows', () => {
    expect(kindOf('Token not yet valid')).toBe('not-yet-valid');
    expect(kindOf('Invalid issuer')).toBe('wrong-issuer');
    expect(kindOf('Bad signature')).toBe('signature-invalid');
    expect(kindOf('The access token has been revoked')).toBe('revoked');
    expect(kindOf('Something went wrong')).toBe('invalid');
  });

  it('refines invalid_request only with library-recognised texts', () => {
    // auth0/node-oauth2-jwt-bearer get-token.ts: InvalidRequestError('More than one method used for authentication')
    expect(
      read(
        'Bearer realm="api", error="invalid_request", error_description="More than one method used for authentication"',
        400,
      )[0]?.kind,
    ).toBe('malformed-credential');
    expect(read('Bearer error="invalid_request", error_description="Token expired?"', 400)[0]?.kind).toBe(
      'malformed-credential',
    );
  });
});

describe('readRfc6750Signals: RFC 9470 and RFC 9449', () => {
  it('reads insufficient_user_authentication with acr_values (RFC 9470 §3 example)', () => {
    const s = only(
      read(
        'Bearer error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="myACR"',
      ),
    );
    expect(s).toEqual({
      family: 'rfc9470',
      kind: 'step-up',
      code: 'insufficient_user_authentication',
      message: 'A different authentication level is required',
      where: 'response-header',
      details: { acrValues: 'myACR' },
    });
  });

  it('reads insufficient_user_authentication with max_age (RFC 9470 §3 example)', () => {
    const s = only(
      read(
        'Bearer error="insufficient_user_authentication", error_description="More recent authentication is required", max_age="5"',
      ),
    );
    expect(s.details).toEqual({ maxAge: '5' });
  });

  it('reads use_dpop_nonce with the DPoP-Nonce header (RFC 9449 §9 example)', () => {
    const s = only(
      read(
        'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
        401,
        {
          'DPoP-Nonce': 'eyJ7S_zG.eyJH0-Z.HX4w-7v',
        },
      ),
    );
    expect(s).toEqual({
      family: 'rfc9449',
      kind: 'dpop-nonce',
      code: 'use_dpop_nonce',
      message: 'Resource server requires nonce in DPoP proof',
      where: 'response-header',
      details: { nonce: 'eyJ7S_zG.eyJH0-Z.HX4w-7v' },
    });
  });

  it('reads invalid_dpop_proof (panva/node-oidc-provider test/dpop)', () => {
    const s = only(
      read(
        'DPoP error="invalid_dpop_proof", error_description="DPoP proof htu mismatch", algs="ES256 PS256"',
      ),
    );
    expect(triples([s])).toEqual([{ family: 'rfc9449', kind: 'dpop-proof', code: 'invalid_dpop_proof' }]);
  });

  it('reads a DPoP key-binding failure under invalid_token as a proof problem (RFC 9449 §7.1 example)', () => {
    const s = only(
      read('DPoP error="invalid_token", error_description="Invalid DPoP key binding", algs="ES256"'),
    );
    expect(s.kind).toBe('dpop-proof');
    expect(s.family).toBe('rfc6750');
  });

  it('reads a DPoP-bound token sent as Bearer as the wrong scheme (auth0/node-oauth2-jwt-bearer)', () => {
    const signals = read(
      'Bearer realm="api", error="invalid_token", error_description="DPoP-bound token requires the DPoP authentication scheme, not Bearer.", DPoP algs="ES256 PS256"',
    );
    expect(triples(signals)).toEqual([{ family: 'rfc6750', kind: 'wrong-scheme', code: 'invalid_token' }]);
  });

  it('reads use_dpop_nonce from a token endpoint body (RFC 9449 §8 example)', () => {
    const input = response({
      status: 400,
      headers: { 'DPoP-Nonce': 'eyJ7S_zG.eyJH0-Z.HX4w-7v' },
      body: '{\n  "error": "use_dpop_nonce",\n  "error_description":\n    "Authorization server requires nonce in DPoP proof"\n}',
    });
    expect(readRfc6750Signals(input)).toEqual([
      {
        family: 'rfc9449',
        kind: 'dpop-nonce',
        code: 'use_dpop_nonce',
        message: 'Authorization server requires nonce in DPoP proof',
        where: 'response-body',
        details: { nonce: 'eyJ7S_zG.eyJH0-Z.HX4w-7v' },
      },
    ]);
  });

  it('reads invalid_dpop_proof from a body, and no other OAuth body error', () => {
    const proof = response({
      status: 400,
      body: { error: 'invalid_dpop_proof', error_description: 'DPoP proof htm mismatch' },
    });
    expect(triples(readRfc6750Signals(proof))).toEqual([
      { family: 'rfc9449', kind: 'dpop-proof', code: 'invalid_dpop_proof' },
    ]);
    expect(readRfc6750Signals(response({ status: 400, body: { error: 'invalid_grant' } }))).toEqual([]);
  });
});
