import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDENTIALS_MODES, JAR_SAME_SITE, type JarCookie } from './cookie-context.ts';
import {
  type CookieRequest,
  credentialsWithheld,
  domainMatches,
  isCrossSite,
  pathMatches,
  withheldReasons,
} from './cookie-rules.ts';
import { isLoopbackHost, isPublicSuffix, registrableDomain, siteOf } from './site.ts';

/**
 * Whether the browser sends a cookie (RFC 6265bis §5.8.3, the Fetch credentials mode, SameSite,
 * CHIPS). Every "cookie not sent" cause names the rule that withheld it; a wrong rule sends a
 * developer to fix the wrong thing. PROPERTY_RUNS scales the number of cases like the other suites.
 */
const RUNS = Math.max(1000, Math.floor(Number(process.env.PROPERTY_RUNS ?? 100_000) / 20));
const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

/** A DNS label the URL parser keeps as is (no punycode, never all digits). */
const label = fc.stringMatching(/^[a-z](?:[a-z0-9-]{0,8}[a-z0-9])?$/).filter((l) => !l.startsWith('xn--'));
const labels = (min: number, max: number) =>
  fc.array(label, { minLength: min, maxLength: max }).map((parts) => parts.join('.'));
/** Public suffixes site.ts knows: plain TLDs, country second levels, hosting suffixes. */
const suffix = fc.constantFrom(
  'com',
  'org',
  'net',
  'dev',
  'app',
  'io',
  'de',
  'uk',
  'co.uk',
  'com.au',
  'ac.jp',
  'github.io',
  'herokuapp.com',
  'vercel.app',
);
/** A registrable domain (eTLD+1): one label under a public suffix, which is not itself a public suffix. */
const registrable = fc
  .tuple(label, suffix)
  .map(([name, tld]) => `${name}.${tld}`)
  .filter((domain) => !isPublicSuffix(domain));
/** A host under a registrable domain, maybe the domain itself. */
const hostUnder = (domain: string) => labels(0, 3).map((sub) => (sub ? `${sub}.${domain}` : domain));
const host = registrable.chain(hostUnder);
const nonLoopbackHost = host.filter((h) => !isLoopbackHost(h));
const loopbackHost = fc.oneof(
  fc.constant('localhost'),
  labels(1, 2).map((sub) => `${sub}.localhost`),
  fc.constant('127.0.0.1'),
  fc.constant('[::1]'),
);
const path = fc
  .array(fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/), { maxLength: 4 })
  .chain((segments) => fc.constantFrom(`/${segments.join('/')}`, `/${segments.join('/')}/`));
const scheme = fc.constantFrom('http', 'https');
const urlOn = (h: fc.Arbitrary<string>, s: fc.Arbitrary<string> = scheme) =>
  fc
    .tuple(s, h, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), path, fc.boolean())
    .map(
      ([sch, name, port, p, query]) => `${sch}://${name}${port ? `:${port}` : ''}${p}${query ? '?q=1' : ''}`,
    );
const method = fc.oneof(
  fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'get', 'post'),
  fc.string({ maxLength: 10 }),
);

/** Any cookie of the jar, including ones no browser would store. */
const anyCookie: fc.Arbitrary<JarCookie> = fc.record(
  {
    name: fc.string({ maxLength: 10 }),
    domain: fc.oneof(
      host,
      host.map((h) => `.${h}`),
      fc.string({ maxLength: 20 }),
    ),
    hostOnly: fc.boolean(),
    path: fc.oneof(path, fc.string({ maxLength: 10 })),
    secure: fc.boolean(),
    httpOnly: fc.boolean(),
    sameSite: fc.constantFrom(...JAR_SAME_SITE),
    expirationDate: fc.double({ noNaN: false }),
    partitionTopLevelSite: fc.oneof(urlOn(registrable, fc.constant('https')), fc.string({ maxLength: 20 })),
  },
  { requiredKeys: ['name', 'domain', 'hostOnly', 'path', 'secure', 'httpOnly', 'sameSite'] },
);

/** A request the browser could make: valid URLs, any method, any page context. */
const anyRequest: fc.Arbitrary<CookieRequest> = fc.record(
  {
    url: urlOn(host),
    method,
    initiatorOrigin: urlOn(host).map((u) => new URL(u).origin),
    topLevelUrl: urlOn(host),
    navigation: fc.boolean(),
    credentialsMode: fc.constantFrom(...CREDENTIALS_MODES),
    at: fc.integer({ min: 0, max: 4_000_000_000_000 }),
    thirdPartyCookiesBlocked: fc.boolean(),
    laxByDefault: fc.boolean(),
  },
  { requiredKeys: ['url', 'method', 'navigation', 'at', 'laxByDefault'] },
);

/** A cookie that nothing withholds on its own host: host-only, `/`, not Secure, SameSite=None, no end. */
function openCookie(domain: string, overrides: Partial<JarCookie> = {}): JarCookie {
  return {
    name: 'sid',
    domain,
    hostOnly: true,
    path: '/',
    secure: false,
    httpOnly: false,
    sameSite: 'no_restriction',
    ...overrides,
  };
}

describe('pathMatches (RFC 6265bis §5.1.4)', () => {
  // A cookie always goes to the path that set it.
  it('a path matches itself', () => {
    fc.assert(
      fc.property(fc.oneof(path, fc.string()), (p) => {
        expect(pathMatches(p, p)).toBe(true);
      }),
      { numRuns: RUNS, seed: 81 },
    );
  });

  // Path=/ is what almost every session cookie uses: it must cover the whole site.
  it('/ matches every path', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          path,
          fc.string().map((s) => `/${s}`),
        ),
        (p) => {
          expect(pathMatches('/', p)).toBe(true);
        },
      ),
      { numRuns: RUNS, seed: 82 },
    );
  });

  // Path=/a covers /a/b but not /ab: prefixes only count on a segment boundary.
  it('a cookie path matches below it on a segment boundary, never a longer segment', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/), { minLength: 1, maxLength: 4 }),
        fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/),
        path,
        (segments, extra, rest) => {
          const cookiePath = `/${segments.join('/')}`;
          expect(pathMatches(cookiePath, `${cookiePath}${rest}`)).toBe(true);
          expect(pathMatches(`${cookiePath}/`, `${cookiePath}${rest}`)).toBe(true);
          expect(pathMatches(cookiePath, `${cookiePath}${extra}${rest}`)).toBe(false);
          // Nor does it go up to its parent.
          expect(pathMatches(`${cookiePath}/x`, cookiePath)).toBe(false);
        },
      ),
      { numRuns: RUNS, seed: 83 },
    );
    expect(pathMatches('/a', '/a/b')).toBe(true);
    expect(pathMatches('/a', '/ab')).toBe(false);
    expect(pathMatches('/a/', '/a/b')).toBe(true);
  });
});

describe('domainMatches (RFC 6265bis §5.1.3, host-only §5.7 step 10)', () => {
  // A cookie set without Domain goes back to exactly its host, never to a sibling or subdomain.
  it('a host-only cookie matches only its exact host', () => {
    fc.assert(
      fc.property(
        registrable.chain((d) => fc.tuple(hostUnder(d), hostUnder(d))),
        fc.boolean(),
        ([cookieHost, requestHost], upper) => {
          const asked = upper ? requestHost.toUpperCase() : requestHost;
          expect(domainMatches({ domain: cookieHost, hostOnly: true }, asked)).toBe(
            requestHost === cookieHost,
          );
          expect(domainMatches({ domain: cookieHost, hostOnly: true }, `x.${cookieHost}`)).toBe(false);
        },
      ),
      { numRuns: RUNS, seed: 84 },
    );
  });

  // Domain=example.com covers every subdomain, and only those: `badexample.com` is someone else's.
  it('a domain cookie matches every subdomain under it and nothing that merely ends with it', () => {
    fc.assert(
      fc.property(registrable, labels(1, 4), label, (domain, sub, prefix) => {
        const cookie = { domain: `.${domain}`, hostOnly: false };
        expect(domainMatches(cookie, domain)).toBe(true);
        expect(domainMatches(cookie, `${sub}.${domain}`)).toBe(true);
        expect(domainMatches(cookie, `${sub}.${domain}`.toUpperCase())).toBe(true);
        expect(domainMatches(cookie, `${prefix}${domain}`)).toBe(false);
        expect(domainMatches(cookie, `${sub}.${prefix}${domain}`)).toBe(false);
        // A cookie for a subdomain never goes up to its parent.
        expect(domainMatches({ domain: `.${sub}.${domain}`, hostOnly: false }, domain)).toBe(false);
      }),
      { numRuns: RUNS, seed: 85 },
    );
    expect(domainMatches({ domain: '.example.com', hostOnly: false }, 'badexample.com')).toBe(false);
    expect(domainMatches({ domain: '.example.com', hostOnly: false }, 'api.v2.example.com')).toBe(true);
  });
});

describe('withheldReasons', () => {
  // Jar contents and page contexts come from the browser as they are; a throw would lose the diagnosis.
  it('never throws, for arbitrary cookies, URLs and methods', () => {
    const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), urlOn(host));
    fc.assert(
      fc.property(
        anyCookie,
        fc.record({
          url: anyText,
          method: fc.string(),
          initiatorOrigin: fc.option(anyText, { nil: undefined }),
          topLevelUrl: fc.option(anyText, { nil: undefined }),
          navigation: fc.boolean(),
          credentialsMode: fc.option(fc.constantFrom(...CREDENTIALS_MODES), { nil: undefined }),
          at: fc.double(),
          thirdPartyCookiesBlocked: fc.option(fc.boolean(), { nil: undefined }),
          laxByDefault: fc.boolean(),
        }),
        (cookie, request) => {
          const reasons = withheldReasons(cookie, request);
          expect(new Set(reasons).size).toBe(reasons.length);
          expect(typeof isCrossSite(request)).toBe('boolean');
          expect(typeof credentialsWithheld(request)).toBe('boolean');
        },
      ),
      { numRuns: RUNS, seed: 86 },
    );
  });

  // The baseline: a cookie with no restriction, asked for by its own origin with credentials, is sent.
  it('an unrestricted cookie goes with a same-origin credentialed request', () => {
    fc.assert(
      fc.property(
        urlOn(host),
        path,
        method,
        fc.boolean(),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.boolean(),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        (url, topPath, m, navigation, thirdPartyCookiesBlocked, laxByDefault, at) => {
          const parsed = new URL(url);
          const request: CookieRequest = {
            url,
            method: m,
            initiatorOrigin: parsed.origin,
            topLevelUrl: `${parsed.origin}${topPath}`,
            navigation,
            credentialsMode: 'include',
            at,
            thirdPartyCookiesBlocked,
            laxByDefault,
          };
          expect(withheldReasons(openCookie(parsed.hostname), request)).toEqual([]);
          expect(
            withheldReasons(
              openCookie(`.${registrableDomain(parsed.hostname)}`, { hostOnly: false }),
              request,
            ),
          ).toEqual([]);
        },
      ),
      { numRuns: RUNS, seed: 87 },
    );
  });

  // fetch(url, { credentials: 'omit' }) sends no cookie at all, whatever the cookie says.
  it("credentials 'omit' always withholds a non-navigation request's cookies", () => {
    fc.assert(
      fc.property(anyCookie, anyRequest, (cookie, request) => {
        const call = { ...request, navigation: false, credentialsMode: 'omit' as const };
        expect(withheldReasons(cookie, call)).toContain('credentials-mode');
        expect(credentialsWithheld(call)).toBe(true);
      }),
      { numRuns: RUNS, seed: 88 },
    );
  });

  // §5.8.3: a Secure cookie never goes over plain http, except to loopback, which Chrome and Firefox
  // treat as a secure context (so the tool must not blame Secure for a localhost failure).
  it('a Secure cookie is withheld over http to any non-loopback host, never over https or http://localhost', () => {
    fc.assert(
      fc.property(
        anyCookie,
        anyRequest,
        nonLoopbackHost,
        loopbackHost,
        path,
        (cookie, request, h, loop, p) => {
          const secure = { ...cookie, secure: true };
          expect(withheldReasons(secure, { ...request, url: `http://${h}${p}` })).toContain('secure');
          expect(withheldReasons(secure, { ...request, url: `https://${h}${p}` })).not.toContain('secure');
          expect(withheldReasons(secure, { ...request, url: `http://${loop}${p}` })).not.toContain('secure');
          expect(withheldReasons(secure, { ...request, url: `http://${loop}:8080${p}` })).not.toContain(
            'secure',
          );
        },
      ),
      { numRuns: RUNS, seed: 89 },
    );
  });

  // Found by this suite and fixed: the Secure Contexts spec (§3.1, "potentially trustworthy origin"), which Chrome's
  // cookie code applies through net::IsLocalhost, counts all of 127.0.0.0/8 as loopback, not only
  // 127.0.0.1: a Secure cookie goes to http://127.0.0.2:3000, but isLoopbackHost says no and
  // withheldReasons blames Secure.
  it('a Secure cookie is not withheld over http to any 127.0.0.0/8 address', () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)), ([b, c, d]) => {
        const cookie = openCookie(`127.${b}.${c}.${d}`, { secure: true });
        const url = `http://127.${b}.${c}.${d}:3000/`;
        expect(
          withheldReasons(cookie, { url, method: 'GET', navigation: true, at: NOW, laxByDefault: true }),
        ).not.toContain('secure');
      }),
      { numRuns: 500, seed: 90 },
    );
  });

  // A cookie whose expiry has passed is gone from the jar's point of view: it is never sent.
  it('an expirationDate (seconds) before the request time is expired; a later one or none is not', () => {
    fc.assert(
      fc.property(
        anyCookie,
        anyRequest,
        fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 1, max: 1e12, noNaN: true })),
        (cookie, request, msBefore) => {
          const expirationDate = (request.at - msBefore) / 1000;
          expect(withheldReasons({ ...cookie, expirationDate }, request)).toContain('expired');
        },
      ),
      { numRuns: RUNS, seed: 91 },
    );
    fc.assert(
      fc.property(
        anyCookie,
        anyRequest,
        fc.integer({ min: 1, max: 1e9 }),
        (cookie, request, secondsAfter) => {
          const expirationDate = Math.ceil(request.at / 1000) + secondsAfter;
          expect(withheldReasons({ ...cookie, expirationDate }, request)).not.toContain('expired');
          const { expirationDate: _, ...session } = cookie;
          expect(withheldReasons(session, request)).not.toContain('expired');
        },
      ),
      { numRuns: RUNS, seed: 92 },
    );
  });

  // DISCREPANCY (floating point, at the exact boundary only): withheldReasons compares
  // `expirationDate * 1000 <= at`, and (at / 1000) * 1000 can round above `at`, so a cookie whose
  // expirationDate is exactly at/1000 is sometimes not 'expired' (at = 537753566085,
  // expirationDate = 537753566.085). Harmless in practice; RFC 6265bis §5.5 only removes cookies
  // whose expiry is "in the past", so the boundary itself is arguably not expired at all.
  it.fails("an expirationDate equal to request.at / 1000 is 'expired'", () => {
    fc.assert(
      fc.property(anyCookie, anyRequest, (cookie, request) => {
        expect(withheldReasons({ ...cookie, expirationDate: request.at / 1000 }, request)).toContain(
          'expired',
        );
      }),
      { numRuns: RUNS, seed: 91 },
    );
  });

  // §5.8.3 / §8.8.1: SameSite=Strict stays home when the page is another site (an embed, a widget,
  // an API call).
  it('a Strict cookie is withheld from a request made inside a page of another registrable domain', () => {
    const otherSite = fc
      .tuple(registrable, registrable)
      .filter(([a, b]) => a !== b)
      .chain(([target, top]) => fc.tuple(urlOn(hostUnder(target)), urlOn(hostUnder(top))));
    fc.assert(
      fc.property(anyCookie, anyRequest, otherSite, (cookie, request, [url, topLevelUrl]) => {
        const call = { ...request, url, topLevelUrl, navigation: false };
        expect(isCrossSite(call)).toBe(true);
        expect(withheldReasons({ ...cookie, sameSite: 'strict' }, call)).toContain('samesite');
      }),
      { numRuns: RUNS, seed: 93 },
    );
  });

  // §5.8.3 / §8.8.2: Lax goes along when a link from another site opens the page (a top-level GET),
  // but not with a cross-site form POST, the CSRF case Lax exists for.
  it('a Lax cookie goes with a cross-site top-level GET navigation but not with a POST one', () => {
    const crossSite = fc
      .tuple(registrable, registrable)
      .filter(([a, b]) => a !== b)
      .chain(([target, from]) => fc.tuple(urlOn(hostUnder(target)), urlOn(hostUnder(from))));
    fc.assert(
      fc.property(
        crossSite,
        fc.boolean(),
        fc.constantFrom<JarCookie['sameSite']>('lax', 'unspecified'),
        fc.constantFrom('GET', 'get', 'HEAD'),
        fc.constantFrom('POST', 'post', 'PUT', 'DELETE', 'PATCH'),
        ([url, from], withTop, sameSite, safe, unsafe) => {
          const cookie = openCookie(new URL(url).hostname, { sameSite });
          const navigation: CookieRequest = {
            url,
            method: safe,
            initiatorOrigin: new URL(from).origin,
            // A navigation's top-level page is the one it loads; a stale page URL must not matter.
            ...(withTop ? { topLevelUrl: from } : {}),
            navigation: true,
            at: NOW,
            laxByDefault: true,
          };
          expect(withheldReasons(cookie, navigation)).not.toContain('samesite');
          expect(withheldReasons(cookie, { ...navigation, method: unsafe })).toContain('samesite');
        },
      ),
      { numRuns: RUNS, seed: 94 },
    );
  });

  // Worked example (RFC 6265bis §8.8): the three SameSite values for one cross-site link and one form.
  it('§8.8: a link and a form from another site, for each SameSite value', () => {
    const link: CookieRequest = {
      url: 'https://bank.example/account',
      method: 'GET',
      initiatorOrigin: 'https://evil.test',
      navigation: true,
      at: NOW,
      laxByDefault: true,
    };
    const form = { ...link, method: 'POST' };
    const cookie = (sameSite: JarCookie['sameSite']) =>
      openCookie('bank.example', { sameSite, secure: true });
    expect(withheldReasons(cookie('strict'), link)).toEqual(['samesite']);
    expect(withheldReasons(cookie('lax'), link)).toEqual([]);
    expect(withheldReasons(cookie('lax'), form)).toEqual(['samesite']);
    expect(withheldReasons(cookie('no_restriction'), form)).toEqual([]);
    // Chromium reads a missing SameSite as Lax; Firefox as None.
    expect(withheldReasons(cookie('unspecified'), form)).toEqual(['samesite']);
    expect(withheldReasons(cookie('unspecified'), { ...form, laxByDefault: false })).toEqual([]);
    // The same navigation from a subdomain of the same site is same-site: nothing withheld.
    expect(
      withheldReasons(cookie('strict'), { ...form, initiatorOrigin: 'https://login.bank.example' }),
    ).toEqual([]);
  });
});

describe('registrableDomain, siteOf and isPublicSuffix', () => {
  const anyHost = fc.oneof(
    host,
    labels(1, 5),
    fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.')),
    fc.constantFrom('localhost', 'co.uk', 'github.io', 'com', '[::1]'),
  );
  const anyCaseHost = fc.tuple(anyHost, fc.boolean()).map(([h, upper]) => (upper ? h.toUpperCase() : h));

  // Two hosts are the same site exactly when their registrable domains are equal; a second pass
  // must not move the boundary, or the answer would depend on how often it is asked.
  it('registrableDomain is idempotent and a label-aligned suffix of the host', () => {
    fc.assert(
      fc.property(anyCaseHost, (h) => {
        const domain = registrableDomain(h);
        expect(registrableDomain(domain)).toBe(domain);
        const lower = h.toLowerCase();
        expect(lower === domain || lower.endsWith(`.${domain}`)).toBe(true);
      }),
      { numRuns: RUNS, seed: 95 },
    );
  });

  // The registrable domain is one label more than a public suffix: never a suffix itself, and
  // dropping its first label gives one (so a Domain= on it is refused, §5.7 step 9).
  it('below a registrable domain, registrableDomain returns it; it is not a public suffix, its parent is', () => {
    fc.assert(
      fc.property(
        registrable.chain((d) => fc.tuple(fc.constant(d), hostUnder(d))),
        ([domain, h]) => {
          expect(registrableDomain(h)).toBe(domain);
          expect(isPublicSuffix(domain)).toBe(false);
          expect(isPublicSuffix(domain.slice(domain.indexOf('.') + 1))).toBe(true);
        },
      ),
      { numRuns: RUNS, seed: 96 },
    );
    expect(registrableDomain('api.example.co.uk')).toBe('example.co.uk');
    expect(registrableDomain('my-app.herokuapp.com')).toBe('my-app.herokuapp.com');
    expect(registrableDomain('a.b.example.com')).toBe('example.com');
    expect(isPublicSuffix('.co.uk')).toBe(true);
    expect(isPublicSuffix('example.com')).toBe(false);
    expect(isPublicSuffix('127.0.0.1')).toBe(false);
  });

  // Schemeful same-site: subdomains of one site share cookies' SameSite context, but http and
  // https of the same domain are different sites (Chrome and Firefox since 2020).
  it('siteOf is equal for two subdomains of one domain, and differs between http and https', () => {
    fc.assert(
      fc.property(
        registrable.chain((d) =>
          fc.tuple(urlOn(hostUnder(d), fc.constant('https')), urlOn(hostUnder(d), fc.constant('https'))),
        ),
        ([a, b]) => {
          expect(siteOf(a)).toBe(siteOf(b));
          expect(siteOf(a)).toBeDefined();
          const insecure = a.replace(/^https:/, 'http:');
          expect(siteOf(insecure)).not.toBe(siteOf(a));
          expect(siteOf(insecure)).toBe(siteOf(b.replace(/^https:/, 'http:')));
        },
      ),
      { numRuns: RUNS, seed: 97 },
    );
    expect(siteOf('https://api.example.com:8443/x')).toBe('https://example.com');
    expect(siteOf('https://alice.github.io/')).not.toBe(siteOf('https://bob.github.io/'));
  });
});
