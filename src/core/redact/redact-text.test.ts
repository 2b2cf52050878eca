import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../../test/make-exchange.ts';
import { mintJwt, segment } from '../../../test/mint-jwt.ts';
import { redactJwt, redactOpaque, redactText } from './redact-credential.ts';
import { expectAbsent, fake, randomChars, signatureOf } from './redact-test-helpers.ts';
import { MAX_TEXT_LENGTH } from './redact-text.ts';
import { requestSecrets } from './request-secrets.ts';

describe('redactText', () => {
  it('replaces every occurrence of each secret with its redacted form', () => {
    const key = fake.stripeSecret();
    const body = `{"error":{"message":"Invalid API Key provided: ${key}","param":"${key}"}}`;
    const label = redactOpaque(key);
    expect(redactText(body, [key])).toBe(
      `{"error":{"message":"Invalid API Key provided: ${label}","param":"${label}"}}`,
    );
  });

  it('redacts a SigV4 signature echoed in AWS IncompleteSignature', () => {
    const signature = fake.sigV4Signature();
    const keyId = fake.awsKeyId();
    const body = `{"message":"Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256 ${keyId}/20261121/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=${signature}"}`;
    const redacted = redactText(body, [signature, keyId]);
    expectAbsent(redacted, signature, keyId);
    expect(redacted).toContain('SignedHeaders=host, Signature=[secret …');
  });

  it('ignores secrets under 8 characters and keeps the rest of the text intact', () => {
    expect(redactText('the pin 1234 is wrong', ['1234'])).toBe('the pin 1234 is wrong');
    expect(redactText('', [fake.opaque()])).toBe('');
  });

  it('replaces the longest of overlapping secrets and shows nothing of either', () => {
    const token = fake.opaque(40);
    const inner = token.slice(10, 30);
    const other = `${token.slice(30)}${randomChars(12)}`;
    const text = `a ${token} b ${inner} c ${token.slice(0, 30)}${other}`;
    const redacted = redactText(text, [inner, token, other]);
    expectAbsent(redacted, token, inner, other);
    expect(redacted.startsWith(`a ${redactOpaque(token)} b ${redactOpaque(inner)} c `)).toBe(true);
  });

  it('drops the signature of any JWT-looking substring, given or not', () => {
    const first = mintJwt({ sub: 'u1' });
    const second = mintJwt({ sub: 'u2' }, { alg: 'RS256' });
    const text = `token=${first}, other:"${second}". glued:abc${first}.`;
    const redacted = redactText(text, []);
    expect(redacted).toBe(
      `token=${redactJwt(first)}, other:"${redactJwt(second)}". glued:abc${redactJwt(first)}.`,
    );
    expectAbsent(redacted, signatureOf(first), signatureOf(second));
  });

  it('keeps only the header of a JWE and leaves unsigned tokens and dotted names alone', () => {
    const header = segment({ alg: 'dir', enc: 'A128GCM' });
    const parts = ['', randomChars(16), randomChars(64), randomChars(22)];
    expect(redactText(`jwe ${header}.${parts.join('.')} end`, [])).toBe(
      `jwe ${header}.[encrypted parts removed] end`,
    );
    const unsigned = mintJwt({ sub: 'u1' }, { alg: 'none' });
    expect(redactText(`t=${unsigned} x`, [])).toBe(`t=${unsigned} x`);
    expect(redactText('com.example.eyJ.service', [])).toBe('com.example.eyJ.service');
  });

  it('redacts vendor-shaped tokens it was not given', () => {
    const tokens = [fake.githubPat(), fake.slackBot(), fake.stripeSecret(), fake.googleApiKey()];
    const redacted = redactText(`leaked: ${tokens.join(' and ')}`, []);
    expectAbsent(redacted, ...tokens);
    expect(redacted).toContain('[GitHub classic PAT …');
    // Stripe's own masked echo is not a key.
    expect(redactText('sk_test_********************abcd', [])).toBe('sk_test_********************abcd');
  });

  it('cuts text at 256 KiB without leaving part of a secret that straddles the cut', () => {
    const secret = fake.opaque(64);
    const text = `${'x'.repeat(MAX_TEXT_LENGTH - 10)}${secret}${'y'.repeat(100)}`;
    const redacted = redactText(text, [secret]);
    expectAbsent(redacted, secret.slice(0, 10));
    expect(redacted).toContain(redactOpaque(secret));
    expect(redacted).toMatch(/\n\[… 154 more characters not shown\]$/);
    const jwt = mintJwt({ sub: 'u1' });
    const cutInSignature = `${'x'.repeat(MAX_TEXT_LENGTH - jwt.length + 8)} ${jwt}`;
    expectAbsent(redactText(cutInSignature, []), signatureOf(jwt).slice(0, 8));
  });

  it('stays linear on adversarial input (256 KiB in bounded time)', () => {
    const size = MAX_TEXT_LENGTH;
    const secrets = [`${'a'.repeat(2000)}b`, `${'a'.repeat(63)}c`, 'eyJeyJeyJ', 'ghp_ghp_ghp_'];
    const inputs = [
      'a'.repeat(size),
      'eyJ'.repeat(size / 3),
      'eyJa.'.repeat(size / 5),
      'eyJ.eyJ.'.repeat(size / 8),
      'ghp_'.repeat(size / 4),
      'xoxb-'.repeat(size / 5),
      `${'eyJ'.repeat(size / 6)}.${'eyJ'.repeat(size / 6)}`,
    ];
    for (const input of inputs) {
      const started = performance.now();
      redactText(input, secrets);
      expect(performance.now() - started, input.slice(0, 10)).toBeLessThan(3000);
    }
  });
});

describe('requestSecrets', () => {
  it('collects header tokens, Basic passwords, SigV4 signatures, cookies and URL secrets', () => {
    const bearer = fake.opaque();
    const password = fake.password();
    const signature = fake.sigV4Signature();
    const session = fake.awsSessionToken();
    const cookie = fake.opaque(32);
    const query = fake.opaque(24);
    const userPassword = fake.password();
    const exchange = makeExchange({
      status: 401,
      url: `https://u:${encodeURIComponent(userPassword)}@api.example.com/?access_token=${query}`,
      request: {
        authorization: `Bearer ${bearer}`,
        'proxy-authorization': `Basic ${Buffer.from(`proxy:${password}`).toString('base64')}`,
        'x-amz-security-token': session,
        cookie: `sid=${cookie}; theme=dark`,
      },
    });
    const sigv4 = makeExchange({
      status: 403,
      request: {
        authorization: `AWS4-HMAC-SHA256 Credential=AKIA/x, SignedHeaders=host, Signature=${signature}`,
      },
    });
    const secrets = [...requestSecrets(exchange), ...requestSecrets(sigv4)];
    for (const secret of [bearer, password, signature, session, cookie, query, userPassword]) {
      expect(secrets).toContain(secret);
    }
    // Error bodies quote secrets JSON-escaped ("\/") and percent-encoded.
    expect(secrets).toContain(session.replaceAll('/', '\\/'));
    expect(secrets).toContain(encodeURIComponent(session));
    expect(secrets).not.toContain('dark');
    const nested = fake.opaque(20);
    const matrixSession = fake.opaque(24);
    const urls = requestSecrets(
      makeExchange({
        status: 401,
        url: `https://a.example/p;jsessionid=${matrixSession}?next=/cb?token=${nested}&r=${encodeURIComponent(`/x?api_key=${nested}x`)}`,
      }),
    );
    expect(urls).toEqual(expect.arrayContaining([matrixSession, nested, `${nested}x`]));
  });
});
