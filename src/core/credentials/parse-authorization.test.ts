import { describe, expect, it } from 'vitest';
import { bareToken, parseAuthorization } from './parse-authorization.ts';

const kinds = (raw: string) => parseAuthorization(raw).problems.map((problem) => problem.kind);

describe('parseAuthorization', () => {
  it('reads a well-formed Bearer header with no problems', () => {
    const parsed = parseAuthorization('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln');
    expect(parsed).toMatchObject({ scheme: 'Bearer', schemeKey: 'bearer', problems: [] });
    expect(parsed.credentials).toBe('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln');
  });

  it('treats the scheme case-insensitively (RFC 9110 §11.1)', () => {
    expect(parseAuthorization('bearer abc').schemeKey).toBe('bearer');
  });

  it.each([
    'Bearer undefined',
    'Bearer null',
    'Bearer [object Object]',
    'Bearer ""',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text a broken template sends
    'Bearer ${token}',
    'Bearer {{access_token}}',
    'Bearer <token>',
    'Bearer YOUR_TOKEN_HERE',
  ])('flags the placeholder in %s', (raw) => {
    expect(kinds(raw)).toContain('placeholder');
  });

  it('flags a bare placeholder value with no scheme (Stripe sees "Authorization: null")', () => {
    expect(kinds('null')).toEqual(['missing-scheme', 'placeholder']);
  });

  it('flags a token sent without its scheme', () => {
    expect(kinds('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln')).toEqual(['missing-scheme']);
  });

  it('flags "Bearer " and "Bearer" with nothing after them', () => {
    expect(kinds('Bearer ')).toEqual(['whitespace', 'empty-credentials']);
    expect(kinds('Bearer')).toEqual(['empty-credentials']);
  });

  it('flags a doubled scheme and still finds the token', () => {
    const parsed = parseAuthorization('Bearer Bearer abc.def.ghi');
    expect(parsed.problems.map((problem) => problem.kind)).toEqual(['double-scheme']);
    expect(bareToken(parsed)).toBe('abc.def.ghi');
  });

  it('flags quotes around the token and strips them for decoding', () => {
    const parsed = parseAuthorization('Bearer "abc.def.ghi"');
    expect(parsed.problems.map((problem) => problem.kind)).toEqual(['quoted-credentials']);
    expect(bareToken(parsed)).toBe('abc.def.ghi');
  });

  it('flags white space and line breaks inside a token', () => {
    expect(kinds('Bearer abc def')).toEqual(['whitespace']);
    expect(parseAuthorization('Bearer abc\ndef').problems).toContainEqual({
      kind: 'whitespace',
      where: 'line-break',
    });
    expect(parseAuthorization('Bearer  abc').problems).toContainEqual({
      kind: 'whitespace',
      where: 'extra-spaces',
    });
  });

  it('accepts SigV4 parameters with spaces after commas', () => {
    const sigv4 =
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';
    expect(kinds(sigv4)).toEqual([]);
  });

  it('reports an empty header', () => {
    expect(kinds('   ')).toEqual(['empty-header']);
  });
});
