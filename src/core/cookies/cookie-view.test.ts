import { describe, expect, it } from 'vitest';
import { type ExchangeInput, type FixtureCookies, makeExchange } from '../../../test/make-exchange.ts';
import { diagnose } from '../diagnose.ts';
import { fingerprint } from '../fingerprint.ts';

/**
 * The cookie rows the popup and the panel show for a failed exchange (issue 18), as diagnose()
 * produces them: which cookies went and which the browser withheld and why, what a Set-Cookie
 * did to the session, and never a cookie's value.
 */
const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
type FixtureCookie = NonNullable<FixtureCookies['jar']>[number];

const SESSION_VALUE = 'SESSION-s3cr3t-0987654321';
const REMEMBER_VALUE = 'REMEMBER-abcdefabcdef';
const GA_VALUE = 'GA1.2.11111111.22222222';
const CSRF_VALUE = 'csrf-Zx9Zx9Zx9Zx9Zx9Zx9';

function jarCookie(name: string, value: string, extra: Partial<FixtureCookie> = {}): FixtureCookie {
  return {
    name,
    value,
    domain: 'app.example.com',
    hostOnly: true,
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'lax',
    ...extra,
  };
}

function view(input: ExchangeInput) {
  return diagnose(makeExchange({ at: NOW, failed: true, ...input }), { now: NOW }).cookies;
}

/** A Django app's API call refused after its session ended; the analytics and CSRF cookies listed first in the jar. */
const djangoJar: FixtureCookie[] = [
  jarCookie('_ga', GA_VALUE, {
    domain: '.example.com',
    hostOnly: false,
    secure: false,
    httpOnly: false,
    sameSite: 'unspecified',
  }),
  jarCookie('csrftoken', CSRF_VALUE, { httpOnly: false, expirationDate: NOW / 1000 + 365 * 86_400 }),
  jarCookie('remember_token', REMEMBER_VALUE, { path: '/admin' }),
  jarCookie('sessionid', SESSION_VALUE, { expirationDate: NOW / 1000 + 86_400 }),
];
const django: ExchangeInput = {
  url: 'https://app.example.com/api/me',
  status: 401,
  cookies: { pageUrl: 'https://app.example.com/', credentialsMode: 'same-origin', jar: djangoJar },
};

describe('cookie rows', () => {
  it('lists the session cookies first, then what went, then the rest', () => {
    const rows = view(django)?.rows ?? [];
    expect(rows.map((row) => [row.name, row.session, row.sent])).toEqual([
      ['sessionid', true, true],
      ['remember_token', true, false],
      ['_ga', false, true],
      ['csrftoken', false, true],
    ]);
  });

  it('says why a cookie was withheld, in words', () => {
    const rows = view(django)?.rows ?? [];
    expect(rows.find((row) => row.name === 'remember_token')?.withheld).toEqual(['path does not match']);
    expect(rows.find((row) => row.name === 'sessionid')?.withheld).toEqual([]);

    const crossSite = view({
      url: 'https://api.vendor.com/v1/me',
      status: 401,
      cookies: {
        pageUrl: 'https://app.example.com/',
        credentialsMode: 'include',
        jar: [jarCookie('sessionid', SESSION_VALUE, { domain: 'api.vendor.com' })],
      },
    });
    expect(crossSite?.rows[0]).toMatchObject({ sent: false, withheld: ['SameSite (cross-site request)'] });

    const omitted = view({
      url: 'https://app.example.com/api/me',
      status: 401,
      cookies: {
        pageUrl: 'https://app.example.com/',
        credentialsMode: 'omit',
        jar: [jarCookie('sessionid', SESSION_VALUE)],
      },
    });
    expect(omitted?.credentialsMode).toBe('omit');
    expect(omitted?.rows[0]).toMatchObject({ sent: false, withheld: ['not asked for (credentials mode)'] });

    const plainHttp = view({
      url: 'http://staging.example.com/api/me',
      status: 401,
      cookies: {
        pageUrl: 'http://staging.example.com/',
        credentialsMode: 'same-origin',
        jar: [jarCookie('sessionid', SESSION_VALUE, { domain: 'staging.example.com' })],
      },
    });
    expect(plainHttp?.rows[0]?.withheld).toEqual(['Secure cookie, http request']);
  });

  it('takes a witness’s word on which cookies went over the rules', () => {
    const witnessed = view({
      ...django,
      cookies: { ...(django.cookies as FixtureCookies), sent: ['remember_token', '_ga'] },
    });
    const remember = witnessed?.rows.find((row) => row.name === 'remember_token');
    expect(remember).toMatchObject({ sent: true, withheld: [] });
    expect(witnessed?.rows.find((row) => row.name === 'sessionid')?.sent).toBe(false);
  });

  it('shows the attributes a developer sets, and whether it is a session cookie or when it expires', () => {
    const rows = view(django)?.rows ?? [];
    expect(rows.find((row) => row.name === 'sessionid')).toMatchObject({
      domain: 'app.example.com',
      path: '/',
      attributes: ['Secure', 'HttpOnly', 'SameSite=Lax', 'expires 2026-11-22T12:00:00.000Z'],
    });
    expect(rows.find((row) => row.name === '_ga')).toMatchObject({
      domain: '.example.com',
      attributes: ['SameSite=(not set)', 'session cookie'],
    });
    const partitioned = view({
      url: 'https://widget.vendor.com/api/me',
      status: 401,
      frameId: 2,
      pageOrigin: 'https://widget.vendor.com',
      cookies: {
        pageUrl: 'https://shop.example.org/',
        credentialsMode: 'same-origin',
        jar: [
          jarCookie('__Host-sid', SESSION_VALUE, {
            domain: 'widget.vendor.com',
            sameSite: 'no_restriction',
            partitionKey: { topLevelSite: 'https://shop.example.org' },
          }),
        ],
      },
    });
    expect(partitioned?.rows[0]?.attributes).toContain('SameSite=None');
    expect(partitioned?.rows[0]?.attributes).toContain('Partitioned under https://shop.example.org');
    expect(partitioned?.rows[0]?.partitionTopLevelSite).toBe('https://shop.example.org');
  });

  it('shows a fingerprint and the length of each value, never the value itself', () => {
    const cookies = view(django);
    const session = cookies?.rows.find((row) => row.name === 'sessionid');
    expect(session?.fingerprint).toBe(fingerprint(SESSION_VALUE));
    expect(session?.length).toBe(SESSION_VALUE.length);
    const shown = JSON.stringify(cookies);
    for (const value of [SESSION_VALUE, REMEMBER_VALUE, GA_VALUE, CSRF_VALUE]) {
      expect(shown).not.toContain(value);
    }
    // Nor anywhere else in what the diagnosis holds.
    const diagnosis = diagnose(makeExchange({ at: NOW, failed: true, ...django }), { now: NOW });
    expect(JSON.stringify(diagnosis)).not.toContain(SESSION_VALUE);
  });

  it('keeps the sign-in in view when a page has dozens of analytics cookies', () => {
    const analytics = Array.from({ length: 30 }, (_, index) =>
      jarCookie(`_hjSession_${index}`, `hj${index}`, { httpOnly: false, sameSite: 'unspecified' }),
    );
    const rows =
      view({
        ...django,
        cookies: {
          pageUrl: 'https://app.example.com/',
          credentialsMode: 'same-origin',
          jar: [...analytics, jarCookie('sessionid', SESSION_VALUE)],
        },
      })?.rows ?? [];
    expect(rows).toHaveLength(20);
    expect(rows[0]?.name).toBe('sessionid');
  });
});

describe('Set-Cookie rows', () => {
  it('shows a deleting Set-Cookie on the failed answer as "this answer", deleting', () => {
    const cookies = view({
      ...django,
      response: { 'set-cookie': 'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/' },
    });
    expect(cookies?.setCookies).toEqual([{ name: 'sessionid', where: 'this answer', deletes: true }]);
  });

  it('shows the Set-Cookie the browser refused: Secure over plain http on a real host', () => {
    const refused = view({
      url: 'http://staging.example.com/api/login',
      status: 401,
      response: { 'set-cookie': 'sessionid=abc123; Secure; HttpOnly; Path=/' },
    });
    expect(refused?.setCookies).toEqual([
      { name: 'sessionid', where: 'this answer', deletes: false, refused: 'Secure cookie, http request' },
    ]);
    // No jar was read and no page said how it asked: the view says so rather than inventing rows.
    expect(refused?.jarRead).toBe(false);
    expect(refused?.rows).toEqual([]);
    expect(refused).not.toHaveProperty('credentialsMode');

    // On localhost the browser stores a Secure cookie over http: nothing was refused.
    const loopback = view({
      url: 'http://localhost:8000/api/login',
      status: 401,
      response: { 'set-cookie': 'sessionid=abc123; Secure; HttpOnly; Path=/' },
      cookies: { pageUrl: 'http://localhost:8000/', credentialsMode: 'same-origin' },
    });
    expect(loopback?.setCookies).toEqual([]);
  });

  it('names the earlier answer that set a session which has since run out', () => {
    const login = makeExchange({
      url: 'https://app.example.com/api/login',
      status: 200,
      at: NOW - 2 * 60 * 60 * 1000,
      response: { 'set-cookie': 'sessionid=abc123; Max-Age=3600; HttpOnly; Secure; Path=/' },
      failed: false,
    });
    const failed = makeExchange({ at: NOW, failed: true, ...django });
    const cookies = diagnose({ ...failed, id: 'x2' }, { now: NOW, history: [login] }).cookies;
    expect(cookies?.setCookies).toEqual([
      { name: 'sessionid', where: '10:00:00 app.example.com/api/login', deletes: false, expired: true },
    ]);
  });
});

describe('when there is no cookie view', () => {
  it('shows none for an exchange without cookie context and without Set-Cookie', () => {
    expect(
      view({ url: 'https://api.example.com/v1/me', status: 401, request: { authorization: 'Bearer abc' } }),
    ).toBeUndefined();
  });

  it('shows none for an exchange that did not fail, whatever its cookies', () => {
    expect(view({ ...django, status: 200, failed: false })).toBeUndefined();
  });
});
