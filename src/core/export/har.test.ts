import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../../test/make-exchange.ts';
import { mintJwt } from '../../../test/mint-jwt.ts';
import { redactJwt } from '../redact/redact-credential.ts';
import { fake } from '../redact/redact-test-helpers.ts';
import { experimentScenario } from './experiment-test-helpers.ts';
import { allStrings, credentialFixtures, expectNoSecret } from './export-test-helpers.ts';
import { buildHar, serializeHar } from './har.ts';
import { validateHar } from './validate-har.ts';

const options = { creatorVersion: '0.1.0' };

describe('buildHar: HAR 1.2 structure', () => {
  it('passes the structural validator, with and without a page', () => {
    const { exchanges, pageUrl } = credentialFixtures();
    const withPage = buildHar(exchanges, { ...options, pageUrl, pageTitle: 'Callback' });
    expect(validateHar(withPage)).toEqual([]);
    expect(withPage.log.pages).toHaveLength(1);
    expect(withPage.log.entries.every((entry) => entry.pageref === 'page_1')).toBe(true);
    const bare = buildHar(exchanges, options);
    expect(validateHar(bare)).toEqual([]);
    expect(bare.log.pages).toEqual([]);
    expect(bare.log.entries.some((entry) => 'pageref' in entry)).toBe(false);
    expect(validateHar(buildHar([], { ...options, pageUrl }))).toEqual([]);
  });

  it('has a validator that catches what it claims to', () => {
    const har = JSON.parse(serializeHar(buildHar(credentialFixtures().exchanges, options)));
    har.log.entries[0].timings.wait = -5;
    delete har.log.entries[1].response.redirectURL;
    har.log.entries[2].custom = true;
    har.log.entries[4].startedDateTime = 'yesterday';
    expect(validateHar(har)).toEqual([
      expect.stringMatching(/^\$\.log\.entries\[0\]\.timings\.wait: expected number >= 0/),
      '$.log.entries[1].response.redirectURL: missing',
      '$.log.entries[2].custom: unknown field (custom fields start with _)',
      expect.stringMatching(/^\$\.log\.entries\[4\]\.startedDateTime: expected ISO 8601/),
    ]);
    const consistent = JSON.parse(serializeHar(buildHar(credentialFixtures().exchanges, options)));
    consistent.log.entries[0].pageref = 'nope';
    consistent.log.entries[1].time = 999;
    expect(validateHar(consistent)).toEqual([
      '$.log.entries[0].pageref: no such page',
      '$.log.entries[1].time: not the sum of timings',
    ]);
  });

  it('round-trips through serializeHar (JSON, two-space indent)', () => {
    const { exchanges, pageUrl } = credentialFixtures();
    const har = buildHar(exchanges, { ...options, pageUrl });
    const text = serializeHar(har);
    expect(JSON.parse(text)).toStrictEqual(har);
    expect(text.startsWith('{\n  "log": {\n    "version": "1.2",')).toBe(true);
  });

  it('fills the log, page and entry fields from the exchange', () => {
    const at = Date.UTC(2026, 10, 21, 12, 0, 0);
    const exchange = makeExchange({
      url: 'https://api.example.com/v1/items?fields=a%2Cb&q=x+y&flag#frag',
      status: 401,
      at,
      response: { 'content-type': 'application/problem+json; charset=utf-8', location: '/login' },
      body: '{"title":"Unauthorized","detail":"café"}',
    });
    const har = buildHar([exchange, { ...exchange, status: 0, error: 'net::ERR_FAILED' }], {
      creatorVersion: '1.2.3',
      pageUrl: 'https://app.example.com/',
    });
    expect(har.log.creator).toEqual({ name: 'Auth Inspector', version: '1.2.3' });
    expect(har.log.pages[0]).toEqual({
      startedDateTime: '2026-11-21T12:00:00.000Z',
      id: 'page_1',
      title: 'https://app.example.com/',
      pageTimings: {},
    });
    const [entry, failed] = har.log.entries;
    expect(entry?.startedDateTime).toBe('2026-11-21T12:00:00.000Z');
    expect(entry?.time).toBe(40);
    expect(entry?.timings).toEqual({ send: 0, wait: 40, receive: 0 });
    expect(entry?.request.queryString).toEqual([
      { name: 'fields', value: 'a,b' },
      { name: 'q', value: 'x y' },
      { name: 'flag', value: '' },
    ]);
    expect(entry?.response).toMatchObject({
      status: 401,
      statusText: 'Unauthorized',
      redirectURL: '/login',
      content: { size: 41, mimeType: 'application/problem+json; charset=utf-8' },
    });
    expect(entry?._authInspector).toEqual({ id: 'x1', sources: ['network'], failed: true });
    expect(failed?.response.statusText).toBe('');
    expect(failed?._authInspector.error).toBe('net::ERR_FAILED');
  });

  it('includes the body only when recorded, and says when it was truncated', () => {
    const recorded = makeExchange({ status: 401, body: 'x'.repeat(10) });
    const truncated = { ...recorded, responseBody: { text: 'partial', truncated: true } };
    const none = makeExchange({ status: 401 });
    const [a, b, c] = buildHar([recorded, truncated, none], options).log.entries.map(
      (e) => e.response.content,
    );
    expect(a).toEqual({ size: 10, mimeType: 'x-unknown', text: 'xxxxxxxxxx' });
    expect(b?.comment).toMatch(/^Truncated by Auth Inspector: only the first 7 characters were recorded/);
    expect(c).toEqual({ size: 0, mimeType: 'x-unknown' });
    expect(c && 'text' in c).toBe(false);
  });
});

describe('buildHar: redaction', () => {
  it('leaves no credential anywhere in the serialized HAR', () => {
    const { exchanges, pageUrl, secrets } = credentialFixtures();
    const har = buildHar(exchanges, { ...options, pageUrl, pageTitle: `Signed in ${pageUrl}` });
    expectNoSecret(serializeHar(har), secrets);
    expectNoSecret(allStrings(har).join('\n'), secrets);
  });

  it('keeps what explains the failure: JWT claims, Basic user, SigV4 scope, cookie names', () => {
    const { exchanges, kept } = credentialFixtures();
    const text = allStrings(buildHar(exchanges, options)).join('\n');
    expect(text).toContain(`Bearer ${kept.jwtHeaderAndPayload}.[signature removed]`);
    expect(text).toContain(`Basic ${kept.basicUser}`);
    expect(text).toContain(`Credential=${kept.awsScope}, SignedHeaders=host;x-amz-date;x-amz-security-token`);
    expect(text).toContain('Signature=[signature removed]');
    for (const name of kept.cookieNames) expect(text).toContain(name);
    expect(text).toContain('Bearer error="invalid_token", error_description="The token expired"');
  });

  it('redacts URL, queryString, Location and redirectURL', () => {
    const { exchanges } = credentialFixtures();
    const [bearer, , , cookies] = buildHar(exchanges, options).log.entries;
    expect(bearer?.request.url).toBe(
      'https://api.example.com/v1/me?access_token=[removed]&fields=name,email&q=a+b%21',
    );
    expect(bearer?.request.queryString[0]).toEqual({ name: 'access_token', value: '[removed]' });
    expect(cookies?.response.redirectURL).toBe('https://app.example.com/callback?code=[removed]&state=xyz');
    expect(cookies?.response.headers).toContainEqual({
      name: 'location',
      value: cookies?.response.redirectURL,
    });
  });

  it('redacts a token echoed in the body, in headers and in an encoded nested URL', () => {
    const jwt = mintJwt({ sub: 'u9' });
    const key = fake.opaque(32);
    const nested = encodeURIComponent(`https://app.example.com/cb?token=${key}`);
    const exchange = makeExchange({
      url: `https://api.example.com/out?next=${nested}`,
      status: 401,
      request: { 'x-auth-token': key, authorization: `Bearer ${jwt}` },
      response: { 'x-debug': `rejected ${key}` },
      body: `you sent ${jwt} and ${key}`,
    });
    const har = buildHar([exchange], options);
    expectNoSecret(serializeHar(har), [jwt, key]);
    expect(har.log.entries[0]?.response.content.text).toContain(redactJwt(jwt));
  });

  it('exports 5,000 exchanges in bounded time (about 0.4 s here; 5 s allows a loaded CI machine)', () => {
    const { exchanges } = credentialFixtures();
    const many = Array.from({ length: 5000 / exchanges.length }, () => exchanges)
      .flat()
      .map((exchange, index) => ({ ...exchange, id: `x${index}`, startedAt: exchange.startedAt + index }));
    const started = performance.now();
    const text = serializeHar(buildHar(many, options));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(JSON.parse(text).log.entries).toHaveLength(5000);
  });
});

describe('buildHar: experiments (requests Auth Inspector sent itself)', () => {
  const scenario = experimentScenario();
  /** The panel exports its rows oldest first. */
  const exchanges = [...scenario.rows].reverse().map((row) => row.exchange);
  const har = buildHar(exchanges, { ...options, pageUrl: 'https://app.example.com/' });

  it('still passes the structural validator', () => {
    expect(validateHar(har)).toEqual([]);
    expect(validateHar(JSON.parse(serializeHar(har)))).toEqual([]);
  });

  it('marks each experiment with a comment and a custom field naming the failure it tested', () => {
    const byId = new Map(har.log.entries.map((entry) => [entry._authInspector.id, entry]));
    const confirmed = byId.get('e1');
    expect(confirmed?.comment).toBe(
      'Experiment (fresher-token): Confirmed — sent by Auth Inspector, not the app.',
    );
    expect(confirmed?._authInspectorExperiment).toEqual({
      kind: 'fresher-token',
      causeId: 'token-expired',
      forExchangeId: 'x1',
      verdict: 'confirmed',
      reason: 'With the change, the server answered 200.',
      change: expect.stringMatching(
        /^authorization: "Bearer eyJ••••••\S{4} \(\d+ chars\)" → Bearer eyJ••••••/,
      ),
      sentBy: 'Auth Inspector',
    });
    expect(byId.get('e2')?._authInspectorExperiment).toMatchObject({
      verdict: 'inconclusive',
      reason: expect.stringContaining('No answer reached the page (net::ERR_CONNECTION_RESET'),
    });
    const ruledOut = byId.get('e3');
    expect(ruledOut?.comment).toBe(
      'Experiment (redirect-target): Ruled out — sent by Auth Inspector, not the app.',
    );
    expect(ruledOut?._authInspectorExperiment).toMatchObject({
      forExchangeId: 'x2',
      verdict: 'ruled-out',
      reason: 'With the change, the server still refused it (401).',
      change: expect.stringContaining('(not https://example.com/api/v1/me?api_key=[removed])'),
    });
    // The app's own requests carry neither.
    for (const id of ['x1', 'x2']) {
      const entry = byId.get(id);
      expect(entry).toBeDefined();
      expect(entry?.comment).toBeUndefined();
      expect(entry?._authInspectorExperiment).toBeUndefined();
    }
  });

  it('leaves no token: the failed one, the fresher one sent, the one the server echoed, the first hop’s', () => {
    expectNoSecret(serializeHar(har), scenario.secrets);
    expectNoSecret(allStrings(har).join('\n'), scenario.secrets);
  });

  it('redacts the first hop in the change even when the failure it tested is not exported', () => {
    const alone = buildHar([scenario.experiments.ruledOut], options);
    expect(validateHar(alone)).toEqual([]);
    expect(alone.log.entries[0]?._authInspectorExperiment?.change).toContain('api_key=[removed]');
    expectNoSecret(serializeHar(alone), scenario.secrets);
  });
});
