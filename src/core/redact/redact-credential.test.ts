import { describe, expect, it } from 'vitest';
import { mintJwt } from '../../../test/mint-jwt.ts';
import { redactAuthorizationValue, redactHeader, redactJwt } from './redact-credential.ts';
import { expectAbsent, fake, randomChars, signatureOf } from './redact-test-helpers.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('redactAuthorizationValue: token schemes', () => {
  it('redacts Bearer, DPoP and scheme-less JWTs with redactJwt', () => {
    const token = mintJwt({ sub: 'u1' });
    const [header, payload] = token.split('.');
    const kept = `${header}.${payload}.[signature removed]`;
    expect(redactAuthorizationValue(`Bearer ${token}`)).toBe(`Bearer ${kept}`);
    expect(redactAuthorizationValue(`DPoP ${token}`)).toBe(`DPoP ${kept}`);
    expect(redactAuthorizationValue(token)).toBe(kept);
  });

  it('redacts opaque and vendor tokens with redactOpaque', () => {
    const pat = fake.githubPat();
    expect(redactAuthorizationValue(`token ${pat}`)).toBe(
      `token [GitHub classic PAT …${pat.slice(-4)}, 40 chars]`,
    );
    const bot = `${randomChars(24)}.${randomChars(6)}.${randomChars(38)}`;
    expect(redactAuthorizationValue(`Bot ${bot}`)).toMatch(/^Bot \[[^\]]+ …\S{4}, 70 chars\]$/);
    for (const value of [`token ${pat}`, `Bot ${bot}`]) {
      expectAbsent(redactAuthorizationValue(value), pat, bot);
    }
  });

  it('keeps the glue around the token as sent: doubled scheme, quotes, stray white space', () => {
    const token = mintJwt({ sub: 'u1' });
    const kept = redactJwt(token);
    expect(redactAuthorizationValue(`Bearer Bearer ${token}`)).toBe(`Bearer Bearer ${kept}`);
    expect(redactAuthorizationValue(`Bearer "${token}"`)).toBe(`Bearer "${kept}"`);
    expect(redactAuthorizationValue(` Bearer  ${token} `)).toBe(` Bearer  ${kept} `);
    for (const value of [`Bearer Bearer ${token}`, `Bearer "${token}"`, ` Bearer  ${token} `]) {
      expectAbsent(redactAuthorizationValue(value), signatureOf(token));
    }
  });

  it('shows placeholders and empty credentials unchanged', () => {
    expect(redactAuthorizationValue('Bearer undefined')).toBe('Bearer undefined');
    expect(redactAuthorizationValue('Bearer ')).toBe('Bearer ');
    expect(redactAuthorizationValue('')).toBe('');
    expect(redactAuthorizationValue('null')).toBe('null');
  });
});

describe('redactAuthorizationValue: Basic (RFC 7617)', () => {
  it('keeps the user and removes the password', () => {
    const password = fake.password();
    const encoded = b64(`alice:${password}`);
    const redacted = redactAuthorizationValue(`Basic ${encoded}`);
    expect(redacted).toBe('Basic alice:[password removed]');
    expectAbsent(redacted, password, encoded);
  });

  it('decodes UTF-8 user names and notes an empty password', () => {
    expect(redactAuthorizationValue(`Basic ${b64('jürgen:')}`)).toBe('Basic jürgen:[empty password]');
    expect(redactAuthorizationValue(`Basic ${b64('jürgen-müller:x')}`)).toBe(
      'Basic jürgen-müller:[password removed]',
    );
  });

  it('hides a user name that is itself the key (Stripe `sk_…:`, a GitHub token as user)', () => {
    const key = fake.stripeSecret();
    const redacted = redactAuthorizationValue(`Basic ${b64(`${key}:`)}`);
    expect(redacted).toMatch(/^Basic \[Stripe test secret key …\w{4}, 32 chars\]:\[empty password\]$/);
    expectAbsent(redacted, key, b64(`${key}:`));
    const anyKey = fake.opaque(32);
    expect(redactAuthorizationValue(`Basic ${b64(`${anyKey}:`)}`)).toBe(
      `Basic [secret …${anyKey.slice(-4)}, 32 chars]:[empty password]`,
    );
    const token = fake.githubInstallation();
    const git = redactAuthorizationValue(`Basic ${b64(`x-access-token:${token}`)}`);
    expect(git).toBe('Basic x-access-token:[password removed]');
    expectAbsent(git, token);
  });

  it('redacts a pair sent without base64, and shows nothing of undecodable values', () => {
    const password = fake.password();
    expect(redactAuthorizationValue(`Basic bob:${password}`)).toBe(
      'Basic bob:[password removed] (sent without base64)',
    );
    const garbage = `${randomChars(21)}*`;
    expect(redactAuthorizationValue(`Basic ${garbage}`)).toBe(
      'Basic [Basic credentials, not valid base64, 22 chars]',
    );
    const noColon = b64(randomChars(24));
    expect(redactAuthorizationValue(`Basic ${noColon}`)).toBe(
      `Basic [Basic credentials without user:password, ${noColon.length} chars]`,
    );
    expectAbsent(redactAuthorizationValue(`Basic ${garbage}`), garbage.slice(-9));
  });
});

describe('redactAuthorizationValue: AWS SigV4, Digest and others', () => {
  it('keeps the scope and signed headers, cuts the key id to 4 + 4 and removes the signature', () => {
    const keyId = fake.awsKeyId('ASIA');
    const signature = fake.sigV4Signature();
    const value = `AWS4-HMAC-SHA256 Credential=${keyId}/20261121/eu-west-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${signature}`;
    expect(redactAuthorizationValue(value)).toBe(
      `AWS4-HMAC-SHA256 Credential=${keyId.slice(0, 4)}…${keyId.slice(-4)}/20261121/eu-west-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[signature removed]`,
    );
    expectAbsent(redactAuthorizationValue(value), signature, keyId);
  });

  it('keeps the separators as sent and removes unknown or broken parts', () => {
    const signature = fake.sigV4Signature();
    const keyId = fake.awsKeyId();
    const value = `AWS4-HMAC-SHA256 Credential=${keyId}/20261121/us-east-1/s3/aws4_request,SignedHeaders=host Signature=${signature},Extra=${randomChars(20)} ${randomChars(30)}`;
    expect(redactAuthorizationValue(value)).toBe(
      `AWS4-HMAC-SHA256 Credential=${keyId.slice(0, 4)}…${keyId.slice(-4)}/20261121/us-east-1/s3/aws4_request,SignedHeaders=host Signature=[signature removed],Extra=[removed] [removed]`,
    );
  });

  it('hides a credential scope that is not one (a secret access key pasted in its place)', () => {
    const secretKey = fake.awsSecretKey();
    const redacted = redactAuthorizationValue(`AWS4-HMAC-SHA256 Credential=${secretKey}, Signature=abc`);
    expect(redacted).toMatch(/^AWS4-HMAC-SHA256 Credential=\[credential scope …/);
    expectAbsent(redacted, ...secretKey.split('/'));
  });

  it('labels Digest, Negotiate and unknown schemes by scheme', () => {
    const response = randomChars(32, '0123456789abcdef');
    const digest = `Digest username="alice", realm="api", nonce="${randomChars(20)}", uri="/", response="${response}", qop=auth, nc=00000001, cnonce="${randomChars(16)}"`;
    expect(redactAuthorizationValue(digest)).toMatch(/^Digest \[Digest credentials …\S{4}, \d+ chars\]$/);
    expectAbsent(redactAuthorizationValue(digest), response);
    const ticket = randomChars(400, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
    expect(redactAuthorizationValue(`Negotiate ${ticket}`)).toMatch(/^Negotiate \[Negotiate credentials …/);
    expectAbsent(redactAuthorizationValue(`Negotiate ${ticket}`), ticket.slice(0, 20));
  });
});

describe('redactHeader', () => {
  it('applies the Authorization rules to Authorization and Proxy-Authorization, any case', () => {
    const password = fake.password();
    expect(redactHeader('Proxy-Authorization', `Basic ${b64(`proxy:${password}`)}`)).toBe(
      'Basic proxy:[password removed]',
    );
    const token = mintJwt({ sub: 'u1' });
    expectAbsent(redactHeader('AUTHORIZATION', `Bearer ${token}`), signatureOf(token));
  });

  it('keeps cookie names and removes their values', () => {
    const session = fake.opaque(32);
    const csrf = fake.opaque(24);
    const redacted = redactHeader(
      'Cookie',
      `session=${session}; csrftoken=${csrf}; theme=; ${fake.opaque(20)}`,
    );
    expect(redactHeader('cookie', `session=${session}; csrftoken=${csrf}; theme=`)).toBe(
      'session=[removed]; csrftoken=[removed]; theme=',
    );
    expect(redacted).toMatch(/; \[removed\]$/);
    expectAbsent(redacted, session, csrf);
  });

  it('keeps Set-Cookie attributes, for each cookie of a folded value', () => {
    const sid = fake.opaque(32);
    const other = fake.opaque(16);
    const value = `sid=${sid}; Path=/; Expires=Wed, 21 Nov 2026 12:00:00 GMT; HttpOnly; Secure; SameSite=Lax; Tracking=${other}\nrefresh=${other}; Max-Age=0; Domain=example.com`;
    expect(redactHeader('Set-Cookie', value)).toBe(
      'sid=[removed]; Path=/; Expires=Wed, 21 Nov 2026 12:00:00 GMT; HttpOnly; Secure; SameSite=Lax; Tracking=[removed]\nrefresh=[removed]; Max-Age=0; Domain=example.com',
    );
    expectAbsent(redactHeader('set-cookie', value), sid, other);
  });

  it('redacts the AWS session token, the DPoP proof and every API-key header', () => {
    const session = fake.awsSessionToken();
    expect(redactHeader('X-Amz-Security-Token', session)).toBe(
      `[AWS session token …${session.slice(-4)}, ${session.length} chars]`,
    );
    const proof = mintJwt(
      { htm: 'GET', htu: 'https://api.example.com/', jti: 'j1', iat: 1 },
      { typ: 'dpop+jwt', alg: 'ES256' },
    );
    expect(redactHeader('DPoP', proof)).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.\[signature removed\]$/);
    const key = fake.opaque(32);
    for (const name of [
      'x-api-key',
      'Api-Key',
      'x-acme-api-key',
      'x-auth-token',
      'Ocp-Apim-Subscription-Key',
    ]) {
      expect(redactHeader(name, key)).toBe(`[secret …${key.slice(-4)}, 32 chars]`);
    }
    const jwt = mintJwt({ sub: 'u2' });
    expect(redactHeader('x-access-token', jwt)).toBe(redactJwt(jwt));
    expectAbsent(
      [
        redactHeader('x-amz-security-token', session),
        redactHeader('dpop', proof),
        redactHeader('x-api-key', key),
      ].join(),
      session,
      signatureOf(proof),
      key,
    );
  });

  it('leaves other headers unchanged', () => {
    expect(redactHeader('Content-Type', 'application/json')).toBe('application/json');
    expect(redactHeader('x-request-id', 'abc-123-def-456')).toBe('abc-123-def-456');
    expect(redactHeader('www-authenticate', 'Bearer error="invalid_token"')).toBe(
      'Bearer error="invalid_token"',
    );
  });
});
