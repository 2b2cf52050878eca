import { describe, expect, it } from 'vitest';
import { mintJwt } from '../../../test/mint-jwt.ts';
import { findCredentials } from './find-credentials.ts';
import { KEY_ID, SIGNATURE } from './find-credentials-test-helpers.ts';

// Tokens are minted or built from repeated fake characters here; none is a real secret.
const find = (headers: Record<string, string>, url = 'https://api.example/v1/items') =>
  findCredentials({ url, headers: Object.entries(headers).map(([name, value]) => ({ name, value })) });
const only = (headers: Record<string, string>, url?: string) => {
  const found = find(headers, url);
  expect(found).toHaveLength(1);
  const [first] = found;
  if (!first) throw new Error('no credential found');
  return first;
};

describe('findCredentials: Authorization', () => {
  it('identifies a Bearer JWT and keeps scheme, location and value', () => {
    const jwt = mintJwt({ sub: 'u1' });
    expect(only({ authorization: `Bearer ${jwt}` })).toEqual({
      kind: 'jwt',
      description: 'JWT (HS256)',
      details: {},
      location: { in: 'header', name: 'authorization' },
      scheme: 'Bearer',
      value: jwt,
    });
  });

  it.each(['Bearer undefined', 'Bearer null', 'undefined', 'Basic undefined'])(
    'keeps the placeholder in %j for the detectors',
    (value) => {
      expect(only({ authorization: value })).toMatchObject({
        kind: 'opaque',
        details: { shapeNotes: ['placeholder value'] },
      });
    },
  );

  it('reads Basic and Proxy-Authorization Basic', () => {
    const basic = `Basic ${Buffer.from('alice:pw-1234').toString('base64')}`;
    expect(only({ authorization: basic })).toMatchObject({ kind: 'basic', details: { basicUser: 'alice' } });
    expect(only({ 'proxy-authorization': basic })).toMatchObject({
      kind: 'basic',
      location: { in: 'header', name: 'proxy-authorization' },
    });
  });

  it('reads SigV4 with its X-Amz-Date header and lists the session token separately', () => {
    const authorization = `AWS4-HMAC-SHA256 Credential=${KEY_ID.replace('AKIA', 'ASIA')}/20250601/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`;
    const found = find({
      authorization,
      'x-amz-date': '20250601T120000Z',
      'x-amz-security-token': 'FwoG'.repeat(40),
    });
    expect(found.map((credential) => credential.kind)).toEqual(['aws-sigv4', 'aws-session-token']);
    expect(found[0]?.details).toMatchObject({
      awsKeyType: 'temporary',
      awsRequestTime: Date.UTC(2025, 5, 1, 12),
    });
    expect(found[0]?.details.shapeNotes).toBeUndefined();
    expect(found[1]?.description).toBe('AWS session token, 160 characters');
  });

  it('notes a temporary SigV4 key sent without its session token', () => {
    const authorization = `AWS4-HMAC-SHA256 Credential=ASIA${KEY_ID.slice(4)}/20250601/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=${SIGNATURE}`;
    expect(only({ authorization }).details.shapeNotes).toEqual([
      'temporary key (ASIA…) but no X-Amz-Security-Token header',
    ]);
  });

  it('identifies token-scheme values by shape: Bot (Discord), token (GitHub)', () => {
    const time = Buffer.alloc(4);
    time.writeUInt32BE(400_000_000);
    const discord = `${Buffer.from('123456789012345678').toString('base64url')}.${time.toString('base64url')}.${'Hm4c'.repeat(7)}`;
    expect(only({ authorization: `Bot ${discord}` }).kind).toBe('discord-bot-token');
    expect(only({ authorization: `token ghp_${'a1B2'.repeat(9)}` }).kind).toBe('github-token');
  });

  it('identifies a token sent with no scheme, a doubled scheme or quotes', () => {
    const jwt = mintJwt({ sub: 'u1' });
    expect(only({ authorization: jwt })).toMatchObject({ kind: 'jwt', scheme: '' });
    expect(only({ authorization: `Bearer Bearer ${jwt}` })).toMatchObject({ kind: 'jwt', value: jwt });
    expect(only({ authorization: `Bearer "${jwt}"` })).toMatchObject({ kind: 'jwt', value: jwt });
  });

  it('reads a SharedAccessSignature Authorization header', () => {
    const value =
      'SharedAccessSignature sr=sb%3A%2F%2Fns.servicebus.windows.net%2Fq&sig=c2lnbmF0dXJl&se=1748736000&skn=send';
    expect(only({ authorization: value })).toMatchObject({
      kind: 'azure-sas',
      scheme: 'SharedAccessSignature',
      details: { sasExpiry: 1_748_736_000_000, sasResource: 'sb://ns.servicebus.windows.net/q' },
    });
  });

  it('leaves challenge-response schemes opaque', () => {
    expect(only({ authorization: 'Digest username="a", realm="r", response="00ff"' })).toMatchObject({
      kind: 'opaque',
      scheme: 'Digest',
      details: {},
    });
  });

  it('describes an empty Bearer', () => {
    expect(only({ authorization: 'Bearer ' })).toMatchObject({
      kind: 'opaque',
      details: { shapeNotes: ['empty value'] },
    });
  });
});

describe('findCredentials: other headers', () => {
  it('decodes the DPoP header next to the DPoP Authorization', () => {
    const dpop = mintJwt(
      { jti: 'j1', htm: 'GET', htu: 'https://api.example/v1/items', iat: 1_748_736_000 },
      { alg: 'ES256', typ: 'dpop+jwt', jwk: { kty: 'EC' } },
    );
    const found = find({ authorization: `DPoP ${mintJwt({ sub: 'u1' })}`, dpop });
    expect(found.map((credential) => [credential.kind, credential.scheme])).toEqual([
      ['jwt', 'DPoP'],
      ['dpop-proof', ''],
    ]);
  });

  it('keeps a placeholder DPoP header as a placeholder', () => {
    expect(only({ dpop: 'null' })).toMatchObject({
      kind: 'opaque',
      details: { shapeNotes: ['placeholder value'] },
    });
  });

  it.each([
    ['undefined', 'AWS session token is "undefined"', ['placeholder value']],
    ['', 'AWS session token, empty', ['empty value']],
  ])('flags an X-Amz-Security-Token of %j', (value, description, shapeNotes) => {
    expect(only({ 'x-amz-security-token': value })).toMatchObject({
      kind: 'aws-session-token',
      description,
      details: { shapeNotes },
    });
  });

  it('calls an opaque value in an API-key header an API key', () => {
    expect(only({ 'x-api-key': 'k'.repeat(40) })).toMatchObject({
      kind: 'api-key',
      description: 'API key, 40 characters',
    });
    expect(only({ 'ocp-apim-subscription-key': 'f'.repeat(32) }).kind).toBe('api-key');
  });

  it('still recognises a known shape in an API-key header', () => {
    expect(only({ 'x-api-key': `sk_live_${'z9'.repeat(12)}` }).kind).toBe('stripe-key');
    expect(only({ 'x-goog-api-key': `AIza${'Q'.repeat(35)}` }).kind).toBe('google-api-key');
  });

  it('names a CSRF token', () => {
    expect(only({ 'x-csrf-token': 'c'.repeat(24) }).description).toBe('CSRF token, 24 characters');
  });

  it('ignores headers that carry no credential', () => {
    expect(
      find({ 'content-type': 'application/json', 'x-amz-date': '20250601T120000Z', cookie: 'a=b' }),
    ).toEqual([]);
  });
});

describe('findCredentials: query string', () => {
  it('finds access_token, token, api_key and apikey parameters', () => {
    const jwt = mintJwt({ sub: 'u1' });
    const url = `https://api.example/x?access_token=${jwt}&token=ghp_${'a1B2'.repeat(9)}&api_key=${'k'.repeat(20)}&apikey=null`;
    expect(find({}, url).map((credential) => [credential.location.name, credential.kind])).toEqual([
      ['access_token', 'jwt'],
      ['token', 'github-token'],
      ['api_key', 'api-key'],
      ['apikey', 'opaque'],
    ]);
  });

  it('takes "key" only when it is shaped like a Google API key', () => {
    const key = `AIza${'x'.repeat(35)}`;
    expect(find({}, `https://maps.example/api?key=${key}`)).toMatchObject([
      { kind: 'google-api-key', location: { in: 'query', name: 'key' }, value: key },
    ]);
    expect(find({}, 'https://example.com/?key=sort-order')).toEqual([]);
  });

  it('finds an Azure Storage SAS by sig and se', () => {
    const url =
      'https://acct.blob.core.windows.net/c/b.txt?sv=2022-11-02&sr=b&sp=r&se=2025-06-01T00%3A00%3A00Z&sig=c2ln%2Bsig%3D';
    expect(find({}, url)).toMatchObject([
      {
        kind: 'azure-sas',
        location: { in: 'query', name: 'sig' },
        value: 'c2ln+sig=',
        details: { sasExpiry: Date.UTC(2025, 5, 1) },
      },
    ]);
  });

  it('finds a presigned URL and its session token', () => {
    const url = `https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIA${KEY_ID.slice(4)}%2F20250601%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20250601T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Security-Token=undefined&X-Amz-Signature=${SIGNATURE}`;
    const found = find({}, url);
    expect(found.map((credential) => [credential.location.name, credential.kind])).toEqual([
      ['X-Amz-Security-Token', 'aws-session-token'],
      ['X-Amz-Signature', 'aws-presigned-url'],
    ]);
    expect(found[1]?.value).toBe(SIGNATURE);
  });

  it('lists header credentials before query credentials', () => {
    const found = find({ authorization: 'Bearer abc' }, 'https://x.example/?access_token=def');
    expect(found.map((credential) => credential.location.in)).toEqual(['header', 'query']);
  });
});
