import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mintJwt } from '../../../test/mint-jwt.ts';
import { redactJwt, redactUrl } from './redact-credential.ts';
import { expectAbsent, fake, randomChars, signatureOf } from './redact-test-helpers.ts';

describe('redactUrl', () => {
  it('removes RFC 6750 §2.3 access_token and keeps every other parameter byte for byte', () => {
    const token = fake.opaque();
    const url = `https://api.example.com/v1/me?q=a%20b+c&access_token=${token}&sort=-name#top`;
    expect(redactUrl(url)).toBe(
      'https://api.example.com/v1/me?q=a%20b+c&access_token=[removed]&sort=-name#top',
    );
    expectAbsent(redactUrl(url), token);
  });

  it('removes every listed secret parameter, in any case', () => {
    const names = [
      'id_token',
      'refresh_token',
      'token',
      'code',
      'api_key',
      'apikey',
      'key',
      'sig',
      'Signature',
      'X-Amz-Signature',
      'X-Amz-Security-Token',
      'client_secret',
      'password',
      'apiKey',
      'private_token',
      'X-Goog-Signature',
      'my_secret',
      'user-password',
      'API_KEY',
    ];
    for (const name of names) {
      const value = fake.opaque(24);
      const redacted = redactUrl(`https://example.com/p?a=1&${name}=${value}&b=2`);
      expect(redacted, name).toBe(`https://example.com/p?a=1&${name}=[removed]&b=2`);
    }
  });

  it('keeps the claims of a JWT value and drops its signature', () => {
    const token = mintJwt({ sub: 'u1' });
    expect(redactUrl(`https://app.example.com/cb?id_token=${token}`)).toBe(
      `https://app.example.com/cb?id_token=${redactJwt(token)}`,
    );
  });

  it('redacts tokens in the fragment (OAuth implicit flow, OIDC) but not token_type', () => {
    const access = fake.opaque();
    const id = mintJwt({ sub: 'u1', nonce: 'n' });
    const url = `https://app.example.com/callback#access_token=${access}&token_type=Bearer&expires_in=3600&id_token=${id}&state=xyz`;
    const redacted = redactUrl(url);
    expect(redacted).toBe(
      `https://app.example.com/callback#access_token=[removed]&token_type=Bearer&expires_in=3600&id_token=${redactJwt(id)}&state=xyz`,
    );
    expectAbsent(redacted, access, signatureOf(id));
    const hashRoute = redactUrl(`https://app.example.com/#/auth/callback?code=${access}&state=1`);
    expect(hashRoute).toBe('https://app.example.com/#/auth/callback?code=[removed]&state=1');
  });

  it('keeps the key id of X-Amz-Credential (4 + 4) and removes signature and session token', () => {
    const keyId = fake.awsKeyId('ASIA');
    const signature = fake.sigV4Signature();
    const session = encodeURIComponent(fake.awsSessionToken());
    const url = `https://bucket.s3.amazonaws.com/key.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${keyId}%2F20261121%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261121T120000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Security-Token=${session}&X-Amz-Signature=${signature}`;
    const redacted = redactUrl(url);
    expect(redacted).toContain(
      `X-Amz-Credential=${keyId.slice(0, 4)}…${keyId.slice(-4)}%2F20261121%2Fus-east-1%2Fs3%2Faws4_request&`,
    );
    expect(redacted).toContain('X-Amz-Security-Token=[removed]&X-Amz-Signature=[removed]');
    expect(redacted).toContain('X-Amz-Expires=3600&X-Amz-SignedHeaders=host');
    expectAbsent(redacted, keyId, signature, session, decodeURIComponent(session).slice(20, 60));
  });

  it('removes an Azure SAS signature and keeps its validity window', () => {
    const sig = encodeURIComponent(Buffer.from(randomChars(32)).toString('base64'));
    const url = `https://acct.blob.core.windows.net/c/b.txt?sv=2022-11-02&se=2026-11-21T12%3A00%3A00Z&sr=b&sp=r&sig=${sig}`;
    expect(redactUrl(url)).toBe(
      'https://acct.blob.core.windows.net/c/b.txt?sv=2022-11-02&se=2026-11-21T12%3A00%3A00Z&sr=b&sp=r&sig=[removed]',
    );
  });

  it('removes the password in the user info, and a token used as the user name', () => {
    const password = fake.password();
    expect(redactUrl(`https://alice:${encodeURIComponent(password)}@example.com/x`)).toBe(
      'https://alice:[password removed]@example.com/x',
    );
    // The last "@" ends the user info (WHATWG URL): an unencoded "@" in the password must not leak its end.
    expect(redactUrl('https://alice:pa@ss-word-123@example.com/')).toBe(
      'https://alice:[password removed]@example.com/',
    );
    const pat = fake.githubPat();
    expect(redactUrl(`https://${pat}@github.com/org/repo.git`)).toBe(
      `https://[GitHub classic PAT …${pat.slice(-4)}, 40 chars]@github.com/org/repo.git`,
    );
    const installation = fake.githubInstallation();
    expect(redactUrl(`https://x-access-token:${installation}@github.com/o/r`)).toBe(
      'https://x-access-token:[password removed]@github.com/o/r',
    );
  });

  it('removes session ids in matrix parameters and secrets in nested URLs', () => {
    const session = fake.opaque(32);
    expect(redactUrl(`https://shop.example.com/cart;jsessionid=${session}?item=1`)).toBe(
      'https://shop.example.com/cart;jsessionid=[removed]?item=1',
    );
    const token = fake.opaque();
    const encoded = encodeURIComponent(`https://app.example.com/cb?access_token=${token}&x=1`);
    const nested = redactUrl(`https://login.example.com/out?return_to=${encoded}&lang=en`);
    expect(nested).toBe(
      `https://login.example.com/out?return_to=${encodeURIComponent('https://app.example.com/cb?access_token=')}[removed]${encodeURIComponent('&x=1')}&lang=en`,
    );
    expectAbsent(nested, token);
    const unencoded = redactUrl(`https://login.example.com/out?next=/cb?token=${token}&lang=en`);
    expect(unencoded).toBe('https://login.example.com/out?next=/cb?token=[removed]&lang=en');
    // A "?" inside a secret value does not end it.
    const withQuestionMark = `${token}?${fake.opaque(12)}`;
    expect(redactUrl(`https://a.example/?access_token=${withQuestionMark}&b=1`)).toBe(
      'https://a.example/?access_token=[removed]&b=1',
    );
  });

  it('keeps placeholder and empty values: they are the diagnosis', () => {
    expect(redactUrl('https://api.example.com/?access_token=undefined&key=')).toBe(
      'https://api.example.com/?access_token=undefined&key=',
    );
  });

  it('masks token-looking parts of invalid and relative URLs, and JWTs anywhere', () => {
    const token = fake.opaque();
    const jwt = mintJwt({ sub: 'u1' });
    expect(redactUrl(`not a url ?token=${token}&page=2`)).toBe('not a url ?token=[removed]&page=2');
    expect(redactUrl(`/api/v1/me?api_key=${token}`)).toBe('/api/v1/me?api_key=[removed]');
    expect(redactUrl(`http://[::1/reset/${jwt}`)).toBe(`http://[::1/reset/${redactJwt(jwt)}`);
    const pat = fake.githubPat();
    expectAbsent(redactUrl(`https://example.com/hooks/${pat}/run`), pat);
  });

  it('bounds very long URLs and stays fast on adversarial ones', () => {
    const url = `https://example.com/?q=${'a'.repeat(400_000)}`;
    expect(redactUrl(url).length).toBeLessThan(270_000);
    for (const hostile of [
      `https://e.x/?q=${'?a'.repeat(100_000)}`,
      `https://e.x/?q=${'%3F'.repeat(80_000)}`,
      ';a'.repeat(100_000),
    ]) {
      const started = performance.now();
      redactUrl(hostile);
      expect(performance.now() - started).toBeLessThan(3000);
    }
  });

  it('never throws and never lets a secret parameter through (property)', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9._~-]{16,60}$/).filter((value) => !/^eyJ/.test(value));
    fc.assert(
      fc.property(
        fc.string(),
        secret,
        fc.constantFrom('access_token', 'token', 'client_secret', 'code'),
        (noise, value, name) => {
          const url = `https://example.com/${encodeURIComponent(noise)}?${name}=${value}&n=${encodeURIComponent(noise)}`;
          expect(redactUrl(url).includes(value)).toBe(false);
          expect(typeof redactUrl(noise)).toBe('string');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
