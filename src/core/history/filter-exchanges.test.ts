import { describe, expect, it } from 'vitest';
import type { ExchangeInput } from '../../../test/make-exchange.ts';
import { makeExchange } from '../../../test/make-exchange.ts';
import { epochSeconds, mintJwt } from '../../../test/mint-jwt.ts';
import { diagnose } from '../diagnose.ts';
import { filterRows, parseExchangeQuery, rowOf } from './filter-exchanges.ts';
import { hostOf } from './match-exchange-query.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const live = mintJwt({
  sub: 'alice',
  iss: 'https://login.example.com/',
  scope: 'read',
  iat: epochSeconds(NOW - 600_000),
  exp: epochSeconds(NOW + 3_000_000),
});
const expired = mintJwt({
  sub: 'alice',
  iat: epochSeconds(NOW - 7_200_000),
  exp: epochSeconds(NOW - 3_600_000),
});
const sigv4 =
  'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261121/us-east-1/s3/aws4_request, ' +
  `SignedHeaders=host;x-amz-date, Signature=${'ab'.repeat(32)}`;

function row(id: string, input: ExchangeInput) {
  const exchange = { ...makeExchange({ at: NOW, failed: false, ...input }), id };
  return rowOf({ exchange, diagnosis: diagnose(exchange, { now: NOW }) });
}

// A tab's worth of traffic: an API with a fresh and an expired JWT, an OAuth token call with
// client Basic credentials, a failing S3 request, and page assets without credentials.
const rows = [
  row('me', { status: 200, request: { authorization: `Bearer ${live}` } }),
  row('orders', {
    status: 401,
    failed: true,
    url: 'https://api.example.com/v1/orders',
    request: { authorization: `Bearer ${expired}` },
    response: {
      'www-authenticate': 'Bearer error="invalid_token", error_description="The access token expired"',
    },
  }),
  row('token', {
    status: 400,
    failed: true,
    method: 'POST',
    url: 'https://auth.example.com/oauth/token',
    request: { authorization: `Basic ${Buffer.from('client:secret').toString('base64')}` },
    body: '{"error":"invalid_grant"}',
  }),
  row('s3', {
    status: 403,
    failed: true,
    url: 'https://bucket.s3.amazonaws.com/report.csv',
    request: { authorization: sigv4, 'x-amz-date': '20261121T120000Z' },
    body: '<Error><Code>SignatureDoesNotMatch</Code></Error>',
  }),
  row('asset', { status: 200, url: 'https://cdn.other.net/app.js' }),
  row('delete', {
    status: 500,
    method: 'DELETE',
    url: 'https://api.example.com/v1/items/7',
    request: { authorization: `Bearer ${live}` },
  }),
];

const ids = (query: string, failuresOnly = false) =>
  filterRows(rows, { query, failuresOnly }).map((kept) => kept.exchange.id);

describe('rowOf', () => {
  it('takes scheme, kind, top cause and fingerprint from the diagnosis', () => {
    const orders = rows[1];
    expect(orders).toMatchObject({
      scheme: 'Bearer',
      credentialKind: 'JWT (HS256)',
      topCause: 'token-expired',
      topCauseTitle: expect.stringContaining('expired'),
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(rows[4]).toMatchObject({ scheme: '', credentialKind: '', topCause: '', fingerprint: '' });
  });
});

describe('hostOf', () => {
  it('reads the host without user, port or path, and nothing from a non-URL', () => {
    expect(hostOf('https://API.example.com:8443/v1?next=https://evil.test')).toBe('API.example.com');
    expect(hostOf('https://user:p@ss@host.example/x@y')).toBe('host.example');
    expect(hostOf('http://[::1]:8080/')).toBe('[::1]');
    expect(hostOf('/relative?u=https://x.test')).toBe('');
    expect(hostOf('not a url')).toBe('');
  });
});

describe('filterRows', () => {
  it('keeps everything for an empty query, and only failures with failuresOnly', () => {
    expect(ids('')).toEqual(['me', 'orders', 'token', 's3', 'asset', 'delete']);
    expect(ids('  ', true)).toEqual(['orders', 'token', 's3']);
  });

  it('matches status codes and classes, OR within the key', () => {
    expect(ids('status:401')).toEqual(['orders']);
    expect(ids('status:4xx')).toEqual(['orders', 'token', 's3']);
    expect(ids('status:401 status:5xx')).toEqual(['orders', 'delete']);
  });

  it('matches hosts by substring or wildcard, case-insensitively', () => {
    expect(ids('host:EXAMPLE.com')).toEqual(['me', 'orders', 'token', 'delete']);
    expect(ids('host:*.amazonaws.com')).toEqual(['s3']);
    expect(ids('host:*.example')).toEqual([]);
    expect(ids('domain:auth.*')).toEqual(['token']);
  });

  it('matches method, scheme, cause prefix and kind', () => {
    expect(ids('method:post')).toEqual(['token']);
    expect(ids('scheme:bearer')).toEqual(['me', 'orders', 'delete']);
    expect(ids('scheme:aws4-hmac-sha256')).toEqual(['s3']);
    expect(ids('cause:aws-')).toEqual(['s3']);
    expect(ids('cause:token-expired')).toEqual(['orders']);
    expect(ids('kind:"access token"')).toEqual(['me', 'delete']);
    expect(ids('kind:basic')).toEqual(['token']);
  });

  it('ANDs different keys and applies is:', () => {
    expect(ids('host:api.example.com is:ok')).toEqual(['me', 'delete']);
    expect(ids('scheme:bearer is:failed')).toEqual(['orders']);
    expect(ids('is:failed is:ok')).toHaveLength(rows.length);
  });

  it('hides rows matching any negated term', () => {
    expect(ids('-host:*.example.com -host:cdn')).toEqual(['s3']);
    expect(ids('-status:2xx -is:failed')).toEqual(['delete']);
    expect(ids('-scheme:bearer -v1')).toEqual(['token', 's3', 'asset']);
  });

  it('searches free text in URL, method, status, kind and top cause id and title', () => {
    expect(ids('orders')).toEqual(['orders']);
    expect(ids('delete')).toEqual(['delete']);
    expect(ids('500')).toEqual(['delete']);
    expect(ids('signature-mismatch')).toEqual(['s3']);
    expect(ids('"different signature"')).toEqual(['s3']);
    expect(ids('HS256 orders')).toEqual(['orders']);
  });

  it('never searches the secret itself', () => {
    expect(ids(live.slice(-12))).toEqual([]);
    expect(ids('secret')).toEqual([]);
  });

  it('treats an unknown key as text instead of failing', () => {
    expect(ids('v1/items')).toEqual(['delete']);
    expect(ids('https://bucket.s3')).toEqual(['s3']);
    expect(ids('nosuchkey:value')).toEqual([]);
  });

  it('filters 5,000 rows quickly (a few ms here; the bound allows a loaded CI machine)', () => {
    const many = Array.from({ length: 5000 }, (_, index) => {
      const template = rows[index % rows.length];
      if (!template) throw new Error('no template');
      return {
        ...template,
        exchange: { ...template.exchange, id: `e${index}`, url: `${template.exchange.url}?page=${index}` },
      };
    });
    const query = 'status:4xx host:example -method:delete -is:ok expired token';
    const started = performance.now();
    const kept = filterRows(many, { query, failuresOnly: true });
    const elapsed = performance.now() - started;
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((kept) => kept.exchange.failed)).toBe(true);
    expect(elapsed).toBeLessThan(250);
  });

  it('takes an already parsed query, with the same result as the text', () => {
    const rows = Array.from({ length: 12 }, (_, index) => ({
      exchange: {
        ...makeExchange({ status: index % 3 ? 200 : 401, failed: index % 3 === 0 }),
        id: `r${index}`,
      },
      scheme: 'Bearer',
      credentialKind: 'JWT',
      topCause: index % 3 ? '' : 'token-expired',
      fingerprint: '',
    }));
    const query = 'status:401 cause:token-expired';
    expect(filterRows(rows, { failuresOnly: false, query: parseExchangeQuery(query) })).toEqual(
      filterRows(rows, { failuresOnly: false, query }),
    );
  });
});
