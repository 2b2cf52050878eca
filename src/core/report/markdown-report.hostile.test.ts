import { describe, expect, it } from 'vitest';
import { mintJwt, segment } from '../../../test/mint-jwt.ts';
import { expectAbsent, randomChars, signatureOf } from '../redact/redact-test-helpers.ts';
import { expectWellFormed, outline, reportFor } from './report-test-helpers.ts';

describe('buildMarkdownReport: hostile content cannot break the Markdown', () => {
  const token = mintJwt({
    sub: 'a|b|c',
    name: '`code` ```fence``` <script>alert(1)</script>',
    'evil|claim': '\n# Injected heading\n| x | y |',
    note: `[click](https://evil.example/)${'x'.repeat(10_000)}`,
    exp: 1e20,
  });
  const body = `\`\`\`\`\`\`\n# not a heading\n<script>steal()</script>\n${'y'.repeat(5000)}`;
  const { markdown } = reportFor({
    status: 401,
    url: 'https://api.example.com/<script>/`x`|y',
    request: { authorization: `Bearer ${token}` },
    response: { 'www-authenticate': 'Bearer error_description="````` <img src=x onerror=alert(1)>"' },
    body,
  });

  it('keeps headings, tables and fences intact and shows HTML only as text', () => {
    expectWellFormed(markdown);
    expect(markdown).toContain('| evil\\|claim | "\\\\n# Injected heading\\\\n\\| x \\| y \\|" |');
    expect(markdown).toContain('| sub | "a\\|b\\|c" |');
    expect(markdown).toContain('&lt;script>alert(1)&lt;/script>');
    expect(markdown).toContain('\\[click\\](https://evil.example/)');
    expect(markdown).toContain('| exp | 100000000000000000000 (not a representable date) |');
  });

  it('bounds a 10,000-character claim and a long body', () => {
    expect(markdown.length).toBeLessThan(12_000);
    expect(markdown).not.toContain('x'.repeat(400));
    const { blocks } = outline(markdown);
    expect(blocks[0]?.length).toBeLessThan(2_200);
    expect(markdown).toContain(`Body: the first 2000 characters of ${body.length} characters.`);
    expect(markdown).toContain('# not a heading\n<script>steal()</script>');
  });

  it('never contains the signature', () => {
    expectAbsent(markdown, signatureOf(token));
  });
});

describe('buildMarkdownReport: edge cases', () => {
  it('shows a placeholder as sent, since it is the diagnosis', () => {
    const { markdown } = reportFor({ status: 401, request: { authorization: 'Bearer undefined' } });
    expect(markdown.split('\n')[0]).toBe('### Auth failure: The app sent "undefined" instead of a token');
    expect(markdown).toContain('  - Value: `Bearer undefined`');
    expectWellFormed(markdown);
  });

  it('reads only the header of an encrypted token', () => {
    const jwe = [
      segment({ alg: 'RSA-OAEP', enc: 'A256GCM' }),
      randomChars(40),
      randomChars(16),
      randomChars(80),
      randomChars(22),
    ].join('.');
    const { markdown } = reportFor({ status: 401, request: { authorization: `Bearer ${jwe}` } });
    expect(markdown).toContain('| enc (header) | "A256GCM" |');
    expect(markdown).toContain('An encrypted token (JWE): only its header can be read.');
    expectAbsent(markdown, ...jwe.split('.').slice(1));
    expectWellFormed(markdown);
  });

  it('says so when a token does not decode, or nothing failed, or nothing came back', () => {
    const cut = mintJwt({ sub: 'u1' }).split('.').slice(0, 2).join('.').slice(0, -5);
    expect(reportFor({ status: 401, request: { authorization: `Bearer ${cut}.x` } }).markdown).toContain(
      'The token does not decode: the payload',
    );
    const ok = reportFor({ status: 200, failed: false });
    expect(ok.markdown.split('\n')[0]).toBe('### Auth failure: no failure found (HTTP 200)');
    expect(ok.markdown).toContain('None: this exchange did not fail.');
    expect(ok.markdown).toContain('No WWW-Authenticate header and no response body were recorded.');
    expectWellFormed(ok.markdown);
    const offline = reportFor({ status: 0 }, { exchange: { error: 'net::ERR_<b>FAILED</b>' } });
    expect(offline.markdown).toContain('- **Status:** 0 (no response) (net::ERR\\_&lt;b>FAILED&lt;/b>)');
    expectWellFormed(offline.markdown);
  });
});
