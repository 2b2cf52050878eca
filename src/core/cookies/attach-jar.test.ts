import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../../test/make-exchange.ts';
import type { Exchange } from '../exchange.ts';
import { type CookieJarSnapshot, jarDomainsFor, withCookieJar } from './attach-jar.ts';
import type { JarCookie } from './cookie-context.ts';

/**
 * The worker reads the cookie jar once for a tab's failures (issue 18): which sites it reads, and
 * which of the cookies it read each failed exchange is diagnosed with.
 */
const AT = Date.UTC(2026, 10, 21, 12, 0, 0);

function cookie(name: string, domain: string, extra: Partial<JarCookie> = {}): JarCookie {
  return {
    name,
    domain,
    hostOnly: !domain.startsWith('.'),
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'lax',
    valueFingerprint: '0123456789abcdef',
    valueLength: 32,
    ...extra,
  };
}

function failure(url: string, pageOrigin: string, extra: Partial<Exchange> = {}): Exchange {
  return { ...makeExchange({ url, status: 401, at: AT }), pageOrigin, ...extra };
}

function snapshot(extra: Partial<CookieJarSnapshot> = {}): CookieJarSnapshot {
  return {
    cookies: [
      cookie('sessionid', '.vendor.com'),
      cookie('api_token', 'api.vendor.com'),
      cookie('connect.sid', 'app.example.com'),
      cookie('_ga', '.example.com', { httpOnly: false, sameSite: 'unspecified' }),
      cookie('sid', '.other.org'),
      cookie('sid', 'localhost', { secure: false }),
    ],
    domains: ['vendor.com', 'example.com', 'other.org'],
    laxByDefault: true,
    ...extra,
  };
}

const names = (exchange: Exchange) =>
  (exchange.cookies?.jar ?? []).map((item) => `${item.name}@${item.domain}`);

describe('jarDomainsFor', () => {
  it('reads the registrable domains of the failures’ hosts and pages, and of the tab’s page', () => {
    const domains = jarDomainsFor(
      [
        failure('https://api.vendor.com/v1/me', 'https://app.example.com'),
        failure('https://auth.partner.co.uk/session', 'https://app.example.com'),
      ],
      'https://app.example.com/projects',
    );
    expect(domains.sort()).toEqual(['example.com', 'partner.co.uk', 'vendor.com']);
  });

  it('reads both loopback names for a loopback host: the browser keeps a jar for each', () => {
    expect(jarDomainsFor([], 'http://localhost:5173/').sort()).toEqual(['127.0.0.1', 'localhost']);
    expect(
      jarDomainsFor([failure('http://127.0.0.1:8000/api/me', 'http://127.0.0.1:8000')], undefined).sort(),
    ).toEqual(['127.0.0.1', 'localhost']);
  });

  it('keeps two apps on one hosting suffix apart (each is its own site)', () => {
    const domains = jarDomainsFor(
      [failure('https://api-one.herokuapp.com/me', 'https://web.example.com')],
      undefined,
    );
    expect(domains.sort()).toEqual(['api-one.herokuapp.com', 'example.com']);
  });

  it('reads at most `max` domains, the page’s and the newest failures’ first', () => {
    const failures = Array.from({ length: 12 }, (_, index) =>
      failure(`https://api.site${index}.com/me`, `https://api.site${index}.com`),
    );
    const domains = jarDomainsFor(failures, 'https://app.example.com/', 3);
    expect(domains).toHaveLength(3);
    expect(domains).toContain('example.com');
    expect(domains).toContain('site11.com');
    expect(domains).not.toContain('site0.com');
    expect(jarDomainsFor(failures, undefined)).toHaveLength(8);
  });

  it('skips what has no host: no page, a page URL it cannot read', () => {
    expect(jarDomainsFor([], undefined)).toEqual([]);
    expect(jarDomainsFor([], 'about:blank')).toEqual([]);
    expect(jarDomainsFor([], 'not a url')).toEqual([]);
  });
});

describe('withCookieJar', () => {
  it('attaches the cookies of the request’s site and the page’s, not another site’s', () => {
    const exchange = failure('https://api.vendor.com/v1/me', 'https://app.example.com');
    expect(names(withCookieJar(exchange, snapshot())).sort()).toEqual([
      '_ga@.example.com',
      'api_token@api.vendor.com',
      'connect.sid@app.example.com',
      'sessionid@.vendor.com',
    ]);
  });

  it('attaches a loopback cookie to a call to another loopback name', () => {
    const exchange = failure('http://127.0.0.1:8000/api/me', 'http://127.0.0.1:8000');
    const jar = snapshot({ domains: ['127.0.0.1', 'localhost'] });
    expect(names(withCookieJar(exchange, jar))).toEqual(['sid@localhost']);
  });

  it('leaves an exchange that did not fail untouched', () => {
    const exchange = { ...failure('https://api.vendor.com/v1/me', 'https://app.example.com'), failed: false };
    const result = withCookieJar(exchange, snapshot());
    expect(result).toBe(exchange);
    expect(result.cookies).toBeUndefined();
  });

  it('leaves an exchange whose site was not read untouched: not read is not "no cookies"', () => {
    const exchange = failure('https://api.unread.net/v1/me', 'https://app.example.com');
    const result = withCookieJar(exchange, snapshot());
    expect(result).toBe(exchange);
    expect(result.cookies?.jar).toBeUndefined();
    expect(withCookieJar(exchange, undefined)).toBe(exchange);
  });

  it('never changes the exchange it is given: the stored record keeps no jar', () => {
    const exchange = failure('https://api.vendor.com/v1/me', 'https://app.example.com', {
      cookies: { credentialsMode: 'include' },
    });
    const before = structuredClone(exchange);
    const result = withCookieJar(exchange, snapshot({ thirdPartyCookiesBlocked: true }));
    expect(result).not.toBe(exchange);
    expect(result.cookies?.jar?.length).toBeGreaterThan(0);
    expect(exchange).toEqual(before);
    expect(exchange.cookies).toEqual({ credentialsMode: 'include' });
  });

  it('keeps how the page asked, and takes the browser’s own rules from the snapshot', () => {
    const exchange = failure('https://api.vendor.com/v1/me', 'https://app.example.com', {
      cookies: { credentialsMode: 'include' },
    });
    const firefox = withCookieJar(
      exchange,
      snapshot({ laxByDefault: false, thirdPartyCookiesBlocked: true }),
    );
    expect(firefox.cookies).toMatchObject({
      credentialsMode: 'include',
      laxByDefault: false,
      thirdPartyCookiesBlocked: true,
    });
    const chrome = withCookieJar(exchange, snapshot({ laxByDefault: true }));
    expect(chrome.cookies?.laxByDefault).toBe(true);
    expect(chrome.cookies).not.toHaveProperty('thirdPartyCookiesBlocked');
  });

  it('takes the top frame’s own page as its top level, and the tab’s page for a frame’s call', () => {
    const jar = snapshot({ topLevelUrl: 'https://customer.example.org/checkout' });
    const top = failure('https://api.vendor.com/v1/me', 'https://app.example.com', { frameId: 0 });
    expect(withCookieJar(top, jar).cookies?.topLevelUrl).toBe('https://app.example.com');
    const unknownFrame = failure('https://api.vendor.com/v1/me', 'https://app.example.com');
    delete unknownFrame.frameId;
    expect(withCookieJar(unknownFrame, jar).cookies?.topLevelUrl).toBe('https://app.example.com');
    const frame = failure('https://api.vendor.com/v1/me', 'https://widget.vendor.com', { frameId: 3 });
    expect(withCookieJar(frame, jar).cookies?.topLevelUrl).toBe('https://customer.example.org/checkout');
  });
});
