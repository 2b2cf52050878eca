import { describe, expect, it } from 'vitest';
import { mintJwt, segment } from '../../../test/mint-jwt.ts';
import { decodeJwt } from '../tokens/decode-jwt.ts';
import { describeSecretKind, redactJwt, redactOpaque } from './redact-credential.ts';
import { expectAbsent, fake, randomChars, signatureOf } from './redact-test-helpers.ts';

describe('redactJwt', () => {
  it('keeps header and payload and drops the signature', () => {
    const token = mintJwt({ sub: 'u1', exp: 1_800_000_000 });
    const [header, payload] = token.split('.');
    const redacted = redactJwt(token);
    expect(redacted).toBe(`${header}.${payload}.[signature removed]`);
    expectAbsent(redacted, signatureOf(token), token);
    // The claims stay readable by any JWT decoder: the point of keeping them.
    const decoded = decodeJwt(`${header}.${payload}.x`);
    expect(decoded.kind === 'jws' && decoded.payload.sub).toBe('u1');
  });

  it('drops long RSA and ECDSA signatures alike', () => {
    for (const alg of ['RS256', 'ES512', 'PS384']) {
      const token = mintJwt({ sub: alg }, { alg });
      expectAbsent(redactJwt(token), signatureOf(token));
      expect(redactJwt(token)).toMatch(/\.\[signature removed\]$/);
    }
  });

  it('leaves an unsigned token (alg none) as it is: there is no signature to remove', () => {
    const token = mintJwt({ sub: 'u1' }, { alg: 'none' });
    expect(redactJwt(token)).toBe(token);
  });

  it('keeps only the protected header of a JWE (RFC 7516)', () => {
    const header = segment({ alg: 'RSA-OAEP', enc: 'A256GCM' });
    const parts = [randomChars(342), randomChars(16), randomChars(120), randomChars(22)];
    const jwe = [header, ...parts].join('.');
    expect(redactJwt(jwe)).toBe(`${header}.[encrypted parts removed]`);
    expectAbsent(redactJwt(jwe), ...parts);
  });

  it('keeps a token cut after its payload, and drops everything after the signature', () => {
    const token = mintJwt({ sub: 'u1' });
    const [header, payload] = token.split('.');
    expect(redactJwt(`${header}.${payload}`)).toBe(`${header}.${payload}`);
    const extra = `${token}.${randomChars(20)}`;
    expect(redactJwt(extra)).toBe(`${header}.${payload}.[signature removed]`);
  });

  it('trims white space and labels values that are not JWTs', () => {
    const token = mintJwt({ sub: 'u1' });
    expect(redactJwt(`  ${token}\n`)).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.\[signature removed\]$/);
    const opaque = fake.opaque();
    expect(redactJwt(opaque)).toBe(`[token …${opaque.slice(-4)}, 40 chars]`);
    // A base64 JSON blob with a signature but no JSON payload (itsdangerous, Discord) is not a JWT.
    const blob = `${segment({ a: 1 })}.${randomChars(30)}`;
    expectAbsent(redactJwt(blob), blob.split('.')[1] ?? '');
  });
});

describe('redactOpaque', () => {
  it('shows kind, last four characters and length', () => {
    const token = `ghp_${randomChars(32)}a1B2`;
    expect(redactOpaque(token)).toBe('[GitHub classic PAT …a1B2, 40 chars]');
    expectAbsent(redactOpaque(token), token, token.slice(4, 20));
  });

  it('hides values of 8 characters or fewer entirely, and shrinks the tail below 16', () => {
    expect(redactOpaque('hunter22')).toBe('[secret, 8 chars]');
    expect(redactOpaque('s3cr3t')).toBe('[secret, 6 chars]');
    expect(redactOpaque('abcdefghijkl')).toBe('[secret …jkl, 12 chars]');
    expect(redactOpaque('abcdefghi')).toBe('[secret …hi, 9 chars]');
    expect(redactOpaque('abcdefghijklmnop')).toBe('[secret …mnop, 16 chars]');
  });

  it('names vendor kinds by shape, or takes the caller’s', () => {
    expect(redactOpaque(fake.slackBot())).toMatch(/^\[Slack bot token …\w{4}, \d+ chars\]$/);
    expect(redactOpaque(fake.stripeSecret())).toMatch(/^\[Stripe test secret key …/);
    expect(redactOpaque(fake.googleApiKey())).toMatch(/^\[Google API key …/);
    expect(redactOpaque(fake.awsKeyId())).toMatch(/^\[AWS access key id …/);
    expect(redactOpaque(fake.githubInstallation())).toMatch(/^\[GitHub installation token …/);
    expect(redactOpaque(fake.opaque(), 'CSRF token')).toMatch(/^\[CSRF token …/);
    expect(describeSecretKind(fake.opaque())).toBe('secret');
  });

  it('shows placeholders as they are: "undefined" is the diagnosis, not a secret', () => {
    for (const value of ['undefined', 'null', '{{token}}', '$' + '{TOKEN}', 'your_token_here']) {
      expect(redactOpaque(value)).toBe(value);
    }
    expect(redactOpaque('')).toBe('');
    expect(redactOpaque(`{{${'a'.repeat(60)}}}`)).toMatch(/^\[secret …/);
  });
});
