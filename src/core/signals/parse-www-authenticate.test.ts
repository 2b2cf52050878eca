import { describe, expect, it } from 'vitest';
import { findChallenge, parseWwwAuthenticate } from './parse-www-authenticate.ts';
import { plain } from './www-authenticate-test-helpers.ts';

describe('parseWwwAuthenticate: RFC examples', () => {
  it('parses the RFC 6750 §3 realm-only example', () => {
    const r = parseWwwAuthenticate('Bearer realm="example"');
    expect(plain(r)).toEqual([{ scheme: 'Bearer', schemeKey: 'bearer', params: { realm: 'example' } }]);
    expect(r.problems).toEqual([]);
    expect(r.truncated).toBe(false);
  });

  it('parses the RFC 6750 §3 expired-token example', () => {
    const r = parseWwwAuthenticate(
      'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
    );
    expect(plain(r)).toEqual([
      {
        scheme: 'Bearer',
        schemeKey: 'bearer',
        params: { realm: 'example', error: 'invalid_token', error_description: 'The access token expired' },
      },
    ]);
    expect(r.problems).toEqual([]);
  });

  it('keeps spaces and colons inside a quoted scope', () => {
    const r = parseWwwAuthenticate('Bearer error="insufficient_scope", scope="read:users write:users"');
    expect(r.challenges[0]?.params).toEqual({ error: 'insufficient_scope', scope: 'read:users write:users' });
    expect(r.problems).toEqual([]);
  });

  it('splits several challenges in one header', () => {
    const r = parseWwwAuthenticate('Bearer realm="api", DPoP algs="ES256 PS256"');
    expect(plain(r)).toEqual([
      { scheme: 'Bearer', schemeKey: 'bearer', params: { realm: 'api' } },
      { scheme: 'DPoP', schemeKey: 'dpop', params: { algs: 'ES256 PS256' } },
    ]);
    expect(r.problems).toEqual([]);
  });

  it('parses the RFC 9110 §11.6.1 Newauth example, unescaping quoted-pairs', () => {
    const r = parseWwwAuthenticate(
      'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"',
    );
    expect(plain(r)).toEqual([
      {
        scheme: 'Newauth',
        schemeKey: 'newauth',
        params: { realm: 'apps', type: '1', title: 'Login to "apps"' },
      },
      { scheme: 'Basic', schemeKey: 'basic', params: { realm: 'simple' } },
    ]);
    expect(r.problems).toEqual([]);
  });

  it('unescapes an escaped backslash', () => {
    const r = parseWwwAuthenticate('Bearer realm="a\\\\b"');
    expect(r.challenges[0]?.params.realm).toBe('a\\b');
  });

  it('reads a long Negotiate token68 with padding', () => {
    const token = 'YIIFyQYJKoZIhvcSAQICAQBuggW4MIIFtKADAgEFoQMCAQ6iBwMFACAAAACjggPaYYID1jCCA9KgAwIBBaERGw9=';
    const r = parseWwwAuthenticate(`Negotiate ${token}`);
    expect(plain(r)).toEqual([{ scheme: 'Negotiate', schemeKey: 'negotiate', token68: token, params: {} }]);
    expect(r.problems).toEqual([]);
  });

  it('does not mistake "==" padding for an auth-param', () => {
    const r = parseWwwAuthenticate('Negotiate YIIF==, Basic realm="x"');
    expect(plain(r)).toEqual([
      { scheme: 'Negotiate', schemeKey: 'negotiate', token68: 'YIIF==', params: {} },
      { scheme: 'Basic', schemeKey: 'basic', params: { realm: 'x' } },
    ]);
    expect(r.problems).toEqual([]);
  });

  it('accepts a bare scheme', () => {
    const r = parseWwwAuthenticate('Basic');
    expect(plain(r)).toEqual([{ scheme: 'Basic', schemeKey: 'basic', params: {} }]);
    expect(r.problems).toEqual([]);
    expect(plain(parseWwwAuthenticate('Negotiate, Basic'))).toEqual([
      { scheme: 'Negotiate', schemeKey: 'negotiate', params: {} },
      { scheme: 'Basic', schemeKey: 'basic', params: {} },
    ]);
  });

  it('parses the RFC 9449 DPoP nonce challenge', () => {
    const r = parseWwwAuthenticate(
      'DPoP error="use_dpop_nonce", error_description="Authorization server requires nonce in DPoP proof"',
    );
    expect(plain(r)).toEqual([
      {
        scheme: 'DPoP',
        schemeKey: 'dpop',
        params: {
          error: 'use_dpop_nonce',
          error_description: 'Authorization server requires nonce in DPoP proof',
        },
      },
    ]);
    expect(r.problems).toEqual([]);
  });

  it('parses the RFC 9470 step-up challenge', () => {
    const r = parseWwwAuthenticate(
      'Bearer error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="myACR"',
    );
    expect(r.challenges[0]?.params).toEqual({
      error: 'insufficient_user_authentication',
      error_description: 'A different authentication level is required',
      acr_values: 'myACR',
    });
    expect(r.problems).toEqual([]);
  });

  it('parses a Microsoft-style challenge with an empty realm', () => {
    const r = parseWwwAuthenticate(
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    );
    expect(r.challenges[0]?.params).toEqual({
      realm: '',
      authorization_uri: 'https://login.microsoftonline.com/common/oauth2/authorize',
      client_id: '00000003-0000-0000-c000-000000000000',
    });
    expect(r.problems).toEqual([]);
  });
});

describe('parseWwwAuthenticate: list handling', () => {
  it('joins an array of header values as if with ", "', () => {
    const r = parseWwwAuthenticate(['Bearer realm="a"', 'Basic realm="b"']);
    expect(plain(r)).toEqual([
      { scheme: 'Bearer', schemeKey: 'bearer', params: { realm: 'a' } },
      { scheme: 'Basic', schemeKey: 'basic', params: { realm: 'b' } },
    ]);
    expect(r.problems).toEqual([]);
  });

  it('lowercases param names but keeps the scheme as sent', () => {
    const r = parseWwwAuthenticate('Bearer Error="invalid_token"');
    expect(plain(r)).toEqual([{ scheme: 'Bearer', schemeKey: 'bearer', params: { error: 'invalid_token' } }]);
  });

  it('allows BWS around "=" and skips empty list elements', () => {
    const r = parseWwwAuthenticate(' , Bearer realm = "a" , , error=invalid_token ,');
    expect(plain(r)).toEqual([
      { scheme: 'Bearer', schemeKey: 'bearer', params: { realm: 'a', error: 'invalid_token' } },
    ]);
    expect(r.problems).toEqual([]);
  });

  it('keeps the first of duplicate params and notes it', () => {
    const r = parseWwwAuthenticate('Bearer error="first", ERROR="second"');
    expect(r.challenges[0]?.params).toEqual({ error: 'first' });
    expect(r.problems).toEqual(['duplicate auth-param "error" in Bearer challenge; kept the first']);
  });

  it('captures an unquoted URI value up to the next comma, with a problem', () => {
    const r = parseWwwAuthenticate('Bearer error=invalid_token, error_uri=https://x/y?a=b, realm="r"');
    expect(r.challenges[0]?.params).toEqual({
      error: 'invalid_token',
      error_uri: 'https://x/y?a=b',
      realm: 'r',
    });
    expect(r.problems).toEqual([
      'unquoted value of "error_uri" in Bearer challenge contains characters not allowed in a token',
    ]);
  });

  it('recovers from a missing comma between challenges', () => {
    const r = parseWwwAuthenticate('Basic realm="x" Bearer realm="y"');
    expect(plain(r)).toEqual([
      { scheme: 'Basic', schemeKey: 'basic', params: { realm: 'x' } },
      { scheme: 'Bearer', schemeKey: 'bearer', params: { realm: 'y' } },
    ]);
    expect(r.problems).toEqual(['missing comma at offset 16 in Basic challenge']);
  });

  it('notes a scheme followed by neither a token68 nor an auth-param', () => {
    const r = parseWwwAuthenticate('Bearer Basic realm="x"');
    expect(plain(r)).toEqual([
      { scheme: 'Bearer', schemeKey: 'bearer', params: {} },
      { scheme: 'Basic', schemeKey: 'basic', params: { realm: 'x' } },
    ]);
    expect(r.problems).toEqual([
      'expected an auth-param or token68 after "Bearer", found "Basic"; new challenge',
    ]);
  });

  it('ignores an auth-param with no scheme before it', () => {
    const r = parseWwwAuthenticate('realm="x", Bearer');
    expect(plain(r)).toEqual([{ scheme: 'Bearer', schemeKey: 'bearer', params: {} }]);
    expect(r.problems).toEqual(['auth-param "realm" appears before any auth-scheme; ignored']);
  });
});

describe('findChallenge', () => {
  it('matches the scheme case-insensitively and returns the first match', () => {
    const parsed = parseWwwAuthenticate('Basic realm="b", DPoP algs="ES256", dpop error="use_dpop_nonce"');
    expect(findChallenge(parsed, 'dpop')?.params).toEqual({ algs: 'ES256' });
    expect(findChallenge(parsed, 'DPOP')?.scheme).toBe('DPoP');
    expect(findChallenge(parsed, 'BASIC')?.params.realm).toBe('b');
    expect(findChallenge(parsed, 'Bearer')).toBeUndefined();
  });
});
