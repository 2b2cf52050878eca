import { describe, expect, it } from 'vitest';
import { fingerprint } from '../fingerprint.ts';
import { expectWellFormed, NOW, reportFor } from './report-test-helpers.ts';

describe('buildMarkdownReport: a cookie session (issue 18)', () => {
  const value = 'QmFzZTY0U2Vzc2lvbklkMTIzNDU2Nzg5MA';
  const { markdown } = reportFor({
    at: NOW,
    method: 'POST',
    url: 'http://localhost:8000/api/posts',
    status: 401,
    request: { origin: 'http://127.0.0.1:3000' },
    response: {
      'set-cookie': 'demo_sid=fresh-value-from-server-123456; Path=/; HttpOnly; Secure',
      'access-control-allow-origin': 'http://127.0.0.1:3000',
      'access-control-allow-credentials': 'true',
    },
    body: '{"error":"Not signed in"}',
    cookies: {
      pageUrl: 'http://127.0.0.1:3000/',
      credentialsMode: 'include',
      jar: [
        {
          name: 'demo_sid',
          value,
          domain: 'localhost',
          hostOnly: true,
          path: '/',
          secure: false,
          httpOnly: true,
          sameSite: 'lax',
        },
      ],
    },
  });

  it('lists the cookies, sent or withheld and why, and the Set-Cookie, with no value or fingerprint', () => {
    expectWellFormed(markdown);
    expect(markdown).toContain('#### Cookies');
    expect(markdown).toContain('Credentials mode: `include`');
    expect(markdown).toMatch(/- `demo_sid` \(localhost\/\) · withheld: SameSite \(cross-site request\)/);
    expect(markdown).toContain(`value ${value.length} characters, not shown`);
    expect(markdown).not.toContain(value);
    expect(markdown).not.toContain(fingerprint(value));
    expect(markdown).not.toContain('fresh-value-from-server-123456');
  });

  it('names the cookie and the rule as the top cause', () => {
    expect(markdown.split('\n')[0]).toMatch(
      /^### Auth failure: The browser did not send the session cookie demo\\_sid \(in the jar\): its SameSite attribute$/,
    );
  });
});
