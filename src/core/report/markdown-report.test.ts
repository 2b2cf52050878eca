import { describe, expect, it } from 'vitest';
import { epochSeconds, mintJwt } from '../../../test/mint-jwt.ts';
import { redactJwt } from '../redact/redact-credential.ts';
import { expectAbsent, fake, randomChars, signatureOf } from '../redact/redact-test-helpers.ts';
import { expectWellFormed, MIN, NOW, outline, reportFor } from './report-test-helpers.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('buildMarkdownReport: an expired JWT refused with 401', () => {
  const token = mintJwt({
    sub: 'user-42',
    iss: 'https://login.example.com/',
    aud: 'api://orders',
    scope: 'orders.read',
    iat: epochSeconds(NOW - 65 * MIN),
    exp: epochSeconds(NOW - 5 * MIN),
  });
  const { markdown, diagnosis } = reportFor({
    status: 401,
    url: 'https://api.example.com/v1/orders?page=2',
    request: { authorization: `Bearer ${token}` },
    response: {
      'www-authenticate':
        'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
      date: new Date(NOW).toUTCString(),
    },
    body: '{"error":"invalid_token","error_description":"The access token expired"}',
  });

  it('opens with the top cause and has every section, in order', () => {
    expect(markdown.split('\n')[0]).toBe('### Auth failure: The token expired 5 min ago');
    const headings = markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      '### Auth failure: The token expired 5 min ago',
      '#### Request',
      '#### Server response',
      '#### Credentials sent',
      '#### Decoded JWT (`authorization`)',
      '#### Likely causes',
    ]);
    expectWellFormed(markdown);
  });

  it('describes the request: method, URL, status, time (ISO and relative), sources', () => {
    expect(markdown).toContain('- **Method:** `GET`');
    expect(markdown).toContain('- **URL:** `https://api.example.com/v1/orders?page=2`');
    expect(markdown).toContain('- **Status:** 401');
    expect(markdown).toContain('- **Time:** 2026-11-21T12:00:00.000Z (5 min ago)');
    expect(markdown).toContain('- **Seen by:** network (webRequest)');
  });

  it('quotes the challenge and the body in a code block', () => {
    const { blocks } = outline(markdown);
    expect(blocks).toEqual([
      'WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="The access token expired"\n\n{"error":"invalid_token","error_description":"The access token expired"}',
    ]);
  });

  it('lists the credential redacted, with its kind and fingerprint', () => {
    const summary = diagnosis.credentials[0];
    expect(markdown).toContain(
      '- `authorization` · Bearer · JWT access token (HS256) from https://login.example.com/',
    );
    expect(markdown).toContain(`  - Value: \`Bearer ${redactJwt(token)}\``);
    expect(markdown).toContain(`  - Fingerprint: \`${summary?.fingerprint}\``);
  });

  it('tabulates the claims, times as ISO dates relative to the request', () => {
    expect(markdown).toContain('| Claim | Value |\n| --- | --- |\n| alg (header) | "HS256" |');
    expect(markdown).toContain(
      `| exp | ${epochSeconds(NOW - 5 * MIN)} = 2026-11-21T11:55:00.000Z (5 min before the request) |`,
    );
    expect(markdown).toContain(
      '| iat | 1795258500 = 2026-11-21T10:55:00.000Z (1 h 5 min before the request) |',
    );
    expect(markdown).toContain('| aud | "api://orders" |');
  });

  it('ranks the causes with id, confidence, evidence and fix', () => {
    expect(markdown).toContain('1. **The token expired 5 min ago** (`token-expired`, high confidence)');
    expect(markdown).toMatch(/\n {3}- Evidence \(claim\): exp = /);
    expect(markdown).toMatch(/\n {3}- Fix: Get a new token/);
    expect(markdown).toContain('2. **The server rejected the token');
  });

  it('never contains the token or its signature', () => {
    expectAbsent(markdown, token, signatureOf(token));
  });
});

describe('buildMarkdownReport: credentials of every kind stay redacted', () => {
  it('Basic: keeps the user, hides the password, its base64 and the fingerprint', () => {
    const password = fake.password();
    const encoded = b64(`alice:${password}`);
    const { markdown } = reportFor({
      status: 401,
      request: { authorization: `Basic ${encoded}` },
      response: { 'www-authenticate': 'Basic realm="admin", charset="UTF-8"' },
      body: `Unauthorized: alice:${password}`,
    });
    expect(markdown).toContain('  - Value: `Basic alice:[password removed]`');
    expect(markdown).toContain('  - Fingerprint: not shown');
    expectAbsent(markdown, password, encoded);
    expectWellFormed(markdown);
  });

  it('SigV4 with a session token: no signature, no session token, key id cut to 4 + 4', () => {
    const keyId = fake.awsKeyId('ASIA');
    const signature = fake.sigV4Signature();
    const session = fake.awsSessionToken();
    const authorization = `AWS4-HMAC-SHA256 Credential=${keyId}/20261121/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=${signature}`;
    const { markdown } = reportFor({
      method: 'POST',
      url: 'https://dynamodb.us-east-1.amazonaws.com/',
      status: 400,
      request: { authorization, 'x-amz-date': '20261121T120000Z', 'x-amz-security-token': session },
      response: { 'x-amzn-errortype': 'UnrecognizedClientException' },
      body: JSON.stringify({
        __type: 'com.amazon.coral.service#UnrecognizedClientException',
        message: `The security token included in the request is invalid. Authorization=${authorization} Token=${session}`,
      }),
    });
    expect(markdown).toContain(
      `Credential=${keyId.slice(0, 4)}…${keyId.slice(-4)}/20261121/us-east-1/dynamodb/aws4_request`,
    );
    expect(markdown).toContain('Signature=[signature removed]');
    expect(markdown).toContain('x-amzn-ErrorType: UnrecognizedClientException');
    expectAbsent(markdown, signature, session, session.slice(40, 80), keyId);
    expectWellFormed(markdown);
  });

  it('a session cookie echoed in the body', () => {
    const cookie = fake.opaque(32);
    const { markdown } = reportFor({
      status: 401,
      request: { cookie: `session=${cookie}; theme=dark` },
      body: `{"error":"session ${cookie} expired"}`,
    });
    expectAbsent(markdown, cookie);
    expectWellFormed(markdown);
  });

  it('a query token, shown removed in the URL and in the credential list', () => {
    const token = fake.opaque(32);
    const { markdown } = reportFor({
      status: 401,
      url: `https://api.example.com/v1/me?access_token=${token}&fields=id`,
      body: `invalid access_token ${token}`,
    });
    expect(markdown).toContain('- **URL:** `https://api.example.com/v1/me?access_token=[removed]&fields=id`');
    expect(markdown).toContain('  - Value: `?access_token=[removed]`');
    expectAbsent(markdown, token);
    expectWellFormed(markdown);
  });

  it('a body that echoes the token back, plainly, JSON-escaped and percent-encoded', () => {
    const token = `${randomChars(24)}/${randomChars(23)}+${randomChars(8)}`;
    const { markdown } = reportFor({
      status: 401,
      request: { authorization: `Bearer ${token}` },
      body: `{"token":"${token.replaceAll('/', '\\/')}","raw":"${token}","url":"/x?t=${encodeURIComponent(token)}"}`,
    });
    expectAbsent(
      markdown,
      token,
      token.replaceAll('/', '\\/'),
      encodeURIComponent(token),
      ...token.split(/[/+]/).slice(0, 2),
    );
    expectWellFormed(markdown);
  });

  it('the page URL, a redirect hop and a JWT carried only in the query', () => {
    const jwt = mintJwt({ sub: 'u9', exp: epochSeconds(NOW - MIN) });
    const secret = fake.opaque(30);
    const { markdown } = reportFor(
      {
        status: 401,
        url: `https://api.example.com/feed?access_token=${jwt}`,
        redirectedFrom: { url: `https://old.example.com/feed?api_key=${secret}`, carriedCredential: true },
      },
      { tabUrl: `https://app.example.com/#access_token=${secret}&token_type=Bearer` },
    );
    expect(markdown).toContain(
      '- **Page:** `https://app.example.com/#access_token=[removed]&token_type=Bearer`',
    );
    expect(markdown).toContain(
      '- **Redirected from:** `https://old.example.com/feed?api_key=[removed]` (that hop carried a credential)',
    );
    expect(markdown).toContain('#### Decoded JWT (`?access_token`)');
    expect(markdown).toContain('| sub | "u9" |');
    expectAbsent(markdown, signatureOf(jwt), secret);
    expectWellFormed(markdown);
  });
});
