import { describe, expect, it } from 'vitest';
import type { WwwAuthenticate } from './parse-www-authenticate.ts';
import { findChallenge, parseWwwAuthenticate } from './parse-www-authenticate.ts';

/** Plain-object view of the result, so null-prototype params compare with toEqual literals. */
function plain(r: WwwAuthenticate) {
  return r.challenges.map((c) => ({
    scheme: c.scheme,
    schemeKey: c.schemeKey,
    ...(c.token68 === undefined ? {} : { token68: c.token68 }),
    params: { ...c.params },
  }));
}

/** Invariants every result must satisfy, whatever the input. */
function expectWellFormed(r: WwwAuthenticate): void {
  expect(Array.isArray(r.challenges)).toBe(true);
  expect(r.challenges.length).toBeLessThanOrEqual(20);
  for (const c of r.challenges) {
    expect(c.scheme.length).toBeGreaterThan(0);
    expect(c.schemeKey).toBe(c.scheme.toLowerCase());
    expect(Object.keys(c.params).length).toBeLessThanOrEqual(50);
  }
  expect(r.problems.every((p) => typeof p === 'string')).toBe(true);
  expect(r.problems.length).toBeLessThanOrEqual(51);
  expect(typeof r.truncated).toBe('boolean');
}

/** Deterministic PRNG (mulberry32) so the fuzz-ish tests are reproducible. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

describe('parseWwwAuthenticate: messy and hostile input', () => {
  it('reports an unterminated quoted string and keeps what it read', () => {
    // A dropped quote re-pairs the rest: best effort, but it must not throw and must say something.
    const r = parseWwwAuthenticate('Bearer realm="example, error="x');
    expect(plain(r)).toEqual([
      { scheme: 'Bearer', schemeKey: 'bearer', params: { realm: 'example, error=' } },
      { scheme: 'x', schemeKey: 'x', params: {} },
    ]);
    expect(r.problems).toEqual(['missing comma at offset 30 in Bearer challenge']);
    const r2 = parseWwwAuthenticate('Bearer realm="abc');
    expect(r2.challenges[0]?.params).toEqual({ realm: 'abc' });
    expect(r2.problems).toEqual(['unterminated quoted string in Bearer challenge']);
  });

  it('handles a trailing backslash inside a quoted string', () => {
    const r = parseWwwAuthenticate('Bearer realm="a\\');
    expect(plain(r)).toEqual([{ scheme: 'Bearer', schemeKey: 'bearer', params: { realm: 'a' } }]);
    expect(r.problems).toEqual(['unterminated quoted string in Bearer challenge']);
  });

  it('handles a lone "=", commas only, empty and whitespace-only input', () => {
    const lone = parseWwwAuthenticate('=');
    expect(lone.challenges).toEqual([]);
    expect(lone.problems).toEqual([
      'unexpected "=" at offset 0 before any challenge; skipped to the next comma',
      'no challenges found',
    ]);
    for (const input of [',,,', '', '   \t ']) {
      const r = parseWwwAuthenticate(input);
      expect(r).toEqual({ challenges: [], problems: ['no challenges found'], truncated: false });
    }
    expect(parseWwwAuthenticate([])).toEqual({
      challenges: [],
      problems: ['no challenges found'],
      truncated: false,
    });
  });

  it('survives 100k random characters and truncates to 16 KiB', () => {
    const next = rng(42);
    const alphabet = 'abcXYZ019 \t,="\\\'/:;+-._~!#ü€\u0000';
    let input = '';
    for (let k = 0; k < 100_000; k++) input += alphabet[Math.floor(next() * alphabet.length)];
    const r = parseWwwAuthenticate(input);
    expectWellFormed(r);
    expect(r.truncated).toBe(true);
    expect(r.problems[0]).toBe('input longer than 16384 characters was truncated before parsing');
  });

  it('survives 50,000 commas, quotes or "=" signs', () => {
    for (const ch of [',', '"', '=']) {
      const r = parseWwwAuthenticate(ch.repeat(50_000));
      expectWellFormed(r);
      expect(r.truncated).toBe(true);
      expect(r.challenges).toEqual([]);
    }
  });

  // Linear parsing takes about 1 ms here; a quadratic scan of 16 KiB takes seconds. The bound is
  // loose so a busy CI machine cannot fail it, and still catches catastrophic backtracking.
  it('parses 16 KiB of adversarial input in under 500 ms', () => {
    const inputs = [
      'Bearer '.repeat(2400),
      'a=,'.repeat(5500),
      `Bearer ${'a'.repeat(16_000)}=b`,
      `Bearer ${'Y'.repeat(8000)}${'='.repeat(8000)}x`,
      `Bearer x="${'\\"'.repeat(8000)}`,
      `Bearer ${'a=b '.repeat(4000)}`,
      ` ${' '.repeat(16_000)}Basic`,
    ];
    parseWwwAuthenticate(inputs[0] ?? ''); // warm up the JIT so we time the parser, not compilation
    for (const input of inputs) {
      const started = performance.now();
      const r = parseWwwAuthenticate(input);
      const elapsed = performance.now() - started;
      expectWellFormed(r);
      expect(elapsed).toBeLessThan(500);
    }
  });

  it('stores __proto__ and constructor as plain data without polluting prototypes', () => {
    const r = parseWwwAuthenticate('Bearer __proto__="x", constructor="y", toString="z"');
    const params = r.challenges[0]?.params;
    expect(params).toBeDefined();
    // An own data property, not the prototype accessor.
    expect(Object.getOwnPropertyDescriptor(params, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect(params?.constructor).toBe('y');
    expect(params?.tostring).toBe('z');
    expect(Object.keys(params ?? {})).toEqual(['__proto__', 'constructor', 'tostring']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(r.problems).toEqual([]);
  });

  it('caps challenges at 20 and params at 50', () => {
    const many = parseWwwAuthenticate(Array.from({ length: 25 }, (_, k) => `S${k}`).join(', '));
    expect(many.challenges).toHaveLength(20);
    expect(many.challenges[19]?.scheme).toBe('S19');
    expect(many.problems).toEqual(['more than 20 challenges; the rest were ignored']);

    const wide = parseWwwAuthenticate(`Bearer ${Array.from({ length: 60 }, (_, k) => `p${k}=v`).join(', ')}`);
    expect(Object.keys(wide.challenges[0]?.params ?? {})).toHaveLength(50);
    expect(wide.challenges[0]?.params.p49).toBe('v');
    expect(wide.challenges[0]?.params.p50).toBeUndefined();
    expect(wide.problems).toEqual(['more than 50 auth-params in Bearer challenge; the rest were ignored']);
  });

  it('never returns more than 50 problems plus a marker', () => {
    const r = parseWwwAuthenticate(`Bearer ${'a=b, a=c, '.repeat(200)}`);
    expect(r.problems).toHaveLength(51);
    expect(r.problems[50]).toBe('further problems omitted');
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
