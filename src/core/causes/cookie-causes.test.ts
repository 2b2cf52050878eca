import { describe, expect, it } from 'vitest';
import { type ExchangeInput, type FixtureCookies, makeExchange } from '../../../test/make-exchange.ts';
import { diagnose } from '../diagnose.ts';

/**
 * The cookie causes' mechanisms (issue 18) on small exchanges: what decides between a cookie
 * cause and the token causes, and when a verdict must say what it cannot know.
 */
const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const session = (domain: string, extra: Partial<NonNullable<FixtureCookies['jar']>[number]> = {}) => ({
  name: 'sessionid',
  value: 'v'.repeat(32),
  domain,
  hostOnly: !domain.startsWith('.'),
  path: '/',
  secure: true,
  httpOnly: true,
  sameSite: 'lax' as const,
  ...extra,
});

function ranked(input: ExchangeInput): string[] {
  return diagnose(makeExchange({ at: NOW, ...input }), { now: NOW }).causes.map((cause) => cause.id);
}

describe('cookie causes', () => {
  it('a session cookie that went, refused with a Bearer challenge: the server reads tokens, not cookies', () => {
    const cookies: FixtureCookies = {
      pageUrl: 'https://app.example.com/',
      credentialsMode: 'same-origin',
      jar: [session('app.example.com')],
    };
    const refused = {
      url: 'https://app.example.com/api/me',
      status: 401,
      body: '{"error":"Authentication required"}',
      cookies,
    };
    expect(ranked({ ...refused, response: { 'www-authenticate': 'Bearer realm="api"' } })[0]).toBe(
      'token-missing',
    );
    // Without the challenge, the session cookie is the credential the server no longer accepts.
    expect(ranked(refused)[0]).toBe('session-expired');
  });

  it('a CSRF header is not the credential: the refused session is still the cause', () => {
    const top = ranked({
      url: 'https://app.example.com/api/tasks',
      status: 403,
      request: { 'x-csrftoken': 'c'.repeat(32) },
      body: '{"detail":"Authentication credentials were not provided."}',
      cookies: {
        pageUrl: 'https://app.example.com/',
        credentialsMode: 'same-origin',
        jar: [session('app.example.com')],
      },
    });
    expect(top[0]).toBe('session-expired');
    expect(top).not.toContain('wrong-scheme');
  });

  it('in a page of another site, with third-party blocking unknown, the verdict says so and ranks low', () => {
    const exchange = makeExchange({
      at: NOW,
      url: 'https://widget.vendor.example/api/me',
      status: 401,
      body: '{"error":"Not signed in"}',
      frameId: 3,
      pageOrigin: 'https://widget.vendor.example',
      cookies: {
        pageUrl: 'https://customer.example.org/',
        credentialsMode: 'same-origin',
        jar: [session('widget.vendor.example', { sameSite: 'no_restriction' })],
      },
    });
    const [top] = diagnose(exchange, { now: NOW }).causes;
    expect(top?.id).toBe('session-expired');
    expect(top?.confidence).toBe('medium');
    expect(top?.evidence.map((item) => item.text).join(' ')).toMatch(/third-party cookies/);
    // Known blocked (Firefox's Total Cookie Protection, an Incognito window): the cookie stayed home.
    const blocked = { ...exchange, cookies: { ...exchange.cookies, thirdPartyCookiesBlocked: true } };
    expect(diagnose(blocked, { now: NOW }).causes[0]?.id).toBe('cookie-blocked');
  });

  it("the server's own words outrank a cookie of another loopback host", () => {
    const top = ranked({
      url: 'http://127.0.0.1:8000/api/profile',
      status: 401,
      body: '{"error":"Your session expired. Please sign in again."}',
      cookies: {
        pageUrl: 'http://127.0.0.1:8000/',
        credentialsMode: 'same-origin',
        jar: [session('localhost', { secure: false })],
      },
    });
    expect(top[0]).toBe('session-expired');
    expect(top).toContain('cookie-blocked');
  });

  it('"Your session expired" to a request without a token is not token-expired', () => {
    const top = ranked({
      url: 'https://crm.example.com/contacts.json',
      status: 401,
      body: '{"error":"Your session expired. Please sign in again to continue."}',
    });
    expect(top[0]).toBe('session-expired');
    expect(top).not.toContain('token-expired');
  });

  it('a refused session names the sign-in it came from, and when', () => {
    const login = {
      ...makeExchange({
        at: NOW - 30 * 60_000,
        method: 'POST',
        url: 'https://app.example.com/accounts/login/',
        status: 302,
        response: { location: '/', 'set-cookie': 'sessionid=abcdefabcdefabcdef; Path=/; HttpOnly; Secure' },
        failed: false,
      }),
      id: 'login',
    };
    const failure = makeExchange({
      at: NOW,
      url: 'https://app.example.com/api/me',
      status: 401,
      body: '{"detail":"Authentication credentials were not provided."}',
      cookies: {
        pageUrl: 'https://app.example.com/',
        credentialsMode: 'same-origin',
        jar: [session('app.example.com')],
      },
    });
    const diagnosis = diagnose(failure, { now: NOW, history: [login, failure] });
    const [top] = diagnosis.causes;
    expect(top?.id).toBe('session-expired');
    expect(top?.evidence.map((item) => item.text).join('\n')).toMatch(
      /set sessionid at 11:30:00, 30 min before/,
    );
    // The sign-in is listed with the cookie facts too, its value never.
    expect(diagnosis.cookies?.setCookies).toEqual([
      { name: 'sessionid', where: '11:30:00 app.example.com/accounts/login/', deletes: false },
    ]);
    expect(JSON.stringify(diagnosis.cookies)).not.toContain('abcdefabcdefabcdef');
  });

  it('a cookie of the other loopback host speaks of an app calling its API, not of a frame loading a page', () => {
    const call = makeExchange({
      at: NOW,
      url: 'http://127.0.0.1:8000/api/profile',
      status: 401,
      body: '{"error":"unauthorized"}',
      pageOrigin: 'http://127.0.0.1:3000',
      cookies: {
        pageUrl: 'http://127.0.0.1:3000/',
        credentialsMode: 'include',
        jar: [session('localhost', { secure: false })],
      },
    });
    expect(diagnose(call, { now: NOW }).causes[0]?.id).toBe('cookie-blocked');
    const frame = { ...call, type: 'sub_frame', frameId: 2 };
    expect(diagnose(frame, { now: NOW }).causes.map((cause) => cause.id)).not.toContain('cookie-blocked');
  });
});
