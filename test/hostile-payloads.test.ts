/**
 * Every payload of the hostile catalogue through the engine and everything that leaves it: the
 * diagnosis, credential finding, the Markdown report, HAR and cURL exports, redaction, and the
 * history views the popup and panel build. Nothing throws, nothing takes long, nothing pollutes a
 * prototype. The bounds are loose (CI has two busy cores): they catch a freeze, not a slow path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCredentials } from '../src/core/credentials/find-credentials.ts';
import { diagnose } from '../src/core/diagnose.ts';
import type { Exchange } from '../src/core/exchange.ts';
import { buildCurl } from '../src/core/export/curl.ts';
import { buildHar, serializeHar } from '../src/core/export/har.ts';
import { validateHar } from '../src/core/export/validate-har.ts';
import { filterRows, parseExchangeQuery, rowOf } from '../src/core/history/filter-exchanges.ts';
import { groupFailures } from '../src/core/history/group-failures.ts';
import { buildTokenTimelines } from '../src/core/history/token-timeline.ts';
import { redactHeader, redactText, redactUrl } from '../src/core/redact/redact-credential.ts';
import { requestSecrets } from '../src/core/redact/request-secrets.ts';
import { buildMarkdownReport } from '../src/core/report/markdown-report.ts';
import { expectWellFormed } from '../src/core/report/report-test-helpers.ts';
import { claimText, hostAndPath } from '../src/ui/format.ts';
import { hasHiddenCharacters } from '../src/ui/visible-text.tsx';
import {
  HOSTILE_PAYLOADS,
  type HostilePayload,
  hostileExchange,
  hostileExchanges,
  type Placement,
} from './fixtures/hostile-payloads.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const TAB = 7;
/** Per step and payload; a linear pass over a megabyte takes a few ms. */
const STEP_MS = 500;

const exchanges = hostileExchanges({ now: NOW, tabId: TAB });
const byId = new Map(HOSTILE_PAYLOADS.map((payload, index) => [payload.id, exchanges[index] as Exchange]));

type Snapshot = Map<string, PropertyDescriptor | undefined>;

/** Own properties and their descriptors of the prototypes a careless merge would write to. */
function snapshotPrototypes(): Snapshot {
  const snapshot: Snapshot = new Map();
  const targets: [string, object][] = [
    ['Object', Object.prototype],
    ['Array', Array.prototype],
    ['Function', Function.prototype],
    ['String', String.prototype],
  ];
  for (const [name, target] of targets) {
    for (const key of Reflect.ownKeys(target)) {
      snapshot.set(`${name}.${String(key)}`, Object.getOwnPropertyDescriptor(target, key));
    }
    snapshot.set(`${name}.[[Prototype]]`, { value: Object.getPrototypeOf(target) });
  }
  return snapshot;
}

function expectUnpolluted(before: Snapshot): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.create(null)).toEqual(Object.create(null));
  const after = snapshotPrototypes();
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  for (const [key, descriptor] of before) expect(after.get(key), key).toEqual(descriptor);
}

/**
 * Runs `step`, failing when it throws or takes longer than the bound; returns its result. A step
 * over the bound runs once more and the faster run counts: a freeze (backtracking, a quadratic
 * loop) is slow every time, a garbage collection or a busy CI core only once.
 */
function timed<T>(label: string, step: () => T, bound = STEP_MS): T {
  let started = performance.now();
  let result = step();
  let elapsed = performance.now() - started;
  if (elapsed >= bound) {
    started = performance.now();
    result = step();
    elapsed = Math.min(elapsed, performance.now() - started);
  }
  expect(elapsed, `${label} took ${elapsed.toFixed(0)} ms`).toBeLessThan(bound);
  return result;
}

describe('the hostile payload catalogue', () => {
  it('holds at least 50 distinct payloads, each placed, described and building one exchange', () => {
    expect(HOSTILE_PAYLOADS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(HOSTILE_PAYLOADS.map((payload) => payload.id)).size).toBe(HOSTILE_PAYLOADS.length);
    for (const [payload, exchange] of HOSTILE_PAYLOADS.map((p, i) => [p, exchanges[i]] as const)) {
      expect(payload.attack.length, payload.id).toBeGreaterThan(10);
      expect(exchange?.id).toBe(`hostile-${payload.id}`);
      expect(exchange?.failed).toBe(true);
      // Plain JSON: what storage.session holds and e2e tests seed.
      expect(() => JSON.stringify(exchange)).not.toThrow();
    }
  });

  it('covers every placement and the attacks the security model names', () => {
    const placements = new Set(HOSTILE_PAYLOADS.map((payload) => payload.placement));
    const wanted: Placement[] = [
      'jwt-header',
      'jwt-claims',
      'jwt-encoding',
      'authorization',
      'header-name',
      'header-value',
      'www-authenticate',
      'server-date',
      'cookie',
      'url-path',
      'url-query',
      'url-fragment',
      'url',
      'body-json',
      'body-html',
      'body-text',
      'method',
      'status',
    ];
    expect([...placements].sort()).toEqual([...wanted].sort());
    const authorization = (id: string) =>
      byId.get(id)?.requestHeaders.find((header) => header.name === 'authorization')?.value ?? '';
    expect(authorization('token-1mb').length).toBeGreaterThanOrEqual(1024 * 1024);
    expect(byId.get('body-1mb')?.responseBody?.text.length).toBeGreaterThan(1024 * 1024);
    const deep = authorization('claims-deep-array').split('.')[1] ?? '';
    expect(Buffer.from(deep, 'base64url').toString()).toContain('['.repeat(10_000));
    expect(byId.get('headers-5000')?.requestHeaders.length).toBeGreaterThan(5000);
    const payload = Buffer.from(
      authorization('claims-proto-key').split('.')[1] ?? '',
      'base64url',
    ).toString();
    expect(payload.startsWith('{"__proto__":{"polluted":1')).toBe(true);
  });
});

describe('every hostile payload through the core', () => {
  let before: Snapshot;
  beforeAll(() => {
    before = snapshotPrototypes();
    // Time the engine, not the first compilation of each module.
    diagnose(hostileExchange(HOSTILE_PAYLOADS[0] as HostilePayload, { now: NOW, tabId: TAB }), { now: NOW });
  });
  afterAll(() => expectUnpolluted(before));

  it.each(HOSTILE_PAYLOADS.map((payload) => [payload.id, payload] as const))('%s', (id, payload) => {
    const exchange = byId.get(id) as Exchange;
    expect(exchange.id).toBe(`hostile-${payload.id}`);

    const diagnosis = timed('diagnose', () => diagnose(exchange, { now: NOW + 60_000, history: exchanges }));
    expect(diagnosis.causes.length).toBeGreaterThan(0);
    // A detector that throws is caught and shown as a finding; none may throw here.
    expect(diagnosis.causes.filter((cause) => cause.title.includes('check failed on this input'))).toEqual(
      [],
    );

    const found = timed('findCredentials', () =>
      findCredentials({ url: exchange.url, headers: exchange.requestHeaders }),
    );
    expect(Array.isArray(found)).toBe(true);

    const report = timed('buildMarkdownReport', () =>
      buildMarkdownReport({ exchange, diagnosis, now: NOW + 120_000 }),
    );
    expectWellFormed(report);
    expect(report.length).toBeLessThan(200_000);

    const har = timed('buildHar', () => serializeHar(buildHar([exchange], { creatorVersion: '0.0.0' })));
    expect(validateHar(JSON.parse(har))).toEqual([]);

    const curl = timed('buildCurl', () => buildCurl(exchange));
    // Every line but the comments continues the one command: no header can start a new one.
    const lines = curl.split('\n');
    const command = lines.filter((line) => !line.startsWith('# '));
    for (const line of command.slice(0, -1)) expect(line.endsWith(' \\'), line.slice(0, 80)).toBe(true);
    expect(curl).not.toMatch(/\r/);

    timed('redaction', () => {
      const secrets = requestSecrets(
        exchange,
        diagnosis.credentials.map((credential) => ({ value: credential.secret })),
      );
      for (const { name, value } of exchange.requestHeaders.slice(0, 200)) {
        expect(typeof redactHeader(name, value)).toBe('string');
      }
      expect(typeof redactUrl(exchange.url)).toBe('string');
      expect(typeof redactText(exchange.responseBody?.text ?? '', secrets)).toBe('string');
    });

    // What the shared UI formats from the same data (pure functions, no DOM).
    timed('ui formatting', () => {
      const jwt = diagnosis.facts.jwt;
      const claims =
        jwt?.kind === 'jws' ? { ...jwt.header, ...jwt.payload } : jwt?.kind === 'jwe' ? jwt.header : {};
      for (const value of Object.values(claims)) expect(claimText(value).length).toBeLessThan(2100);
      expect(typeof hostAndPath(exchange.url)).toBe('string');
      for (const credential of diagnosis.credentials) hasHiddenCharacters(credential.secret);
    });

    // Checked after each payload, so a pollution names the payload that caused it.
    expectUnpolluted(before);
  });

  it('builds the popup list, the panel rows, its filters, the token timelines and a HAR of them all', () => {
    const diagnosed = timed(
      'diagnose all',
      () =>
        exchanges.map((exchange) => ({
          exchange,
          diagnosis: diagnose(exchange, { now: NOW, history: exchanges }),
        })),
      5000,
    );
    const groups = timed('groupFailures', () => groupFailures([...diagnosed].reverse()));
    // Every payload has its own request line, so the popup lists each one.
    expect(groups).toHaveLength(HOSTILE_PAYLOADS.length);
    const rows = diagnosed.map(rowOf);
    for (const query of ['is:failed', 'status:401 -cause:token-expired', '<script>', '__proto__', '\u202e']) {
      timed(`filter ${query}`, () =>
        filterRows(rows, { failuresOnly: false, query: parseExchangeQuery(query) }),
      );
    }
    const timelines = timed('timelines', () => buildTokenTimelines(diagnosed, NOW));
    expect(timelines.timelines.length).toBeGreaterThan(0);
    const har = timed(
      'HAR of all',
      () => serializeHar(buildHar(exchanges, { creatorVersion: '0.0.0' })),
      5000,
    );
    expect(validateHar(JSON.parse(har))).toEqual([]);
  });
});
