import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings, SETTINGS_LIMITS, validateSettings } from './settings.ts';
import { withField } from './settings-test-helpers.ts';

describe('defaults', () => {
  it('are the documented values', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      watchedStatuses: [401, 403, 419, 440, 498],
      extraCredentialHeaders: [],
      ignoredHosts: [],
      skewToleranceSeconds: 60,
      historyPerTab: 200,
      readResponseBodies: true,
    });
  });

  it('cannot be changed by a careless caller', () => {
    expect(Object.isFrozen(DEFAULT_SETTINGS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SETTINGS.watchedStatuses)).toBe(true);
    expect(() => (DEFAULT_SETTINGS.watchedStatuses as number[]).push(200)).toThrow(TypeError);
  });

  it('pass their own validation and fit a storage.sync item', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    expect(parseSettings(JSON.parse(JSON.stringify(DEFAULT_SETTINGS)))).toEqual(DEFAULT_SETTINGS);
  });

  it.each([undefined, null, 0, 'settings', true, [], [DEFAULT_SETTINGS], () => DEFAULT_SETTINGS])(
    'replace a stored value that is not an object: %s',
    (value) => {
      expect(parseSettings(value)).toEqual(DEFAULT_SETTINGS);
    },
  );

  it('fill in fields that are missing (an older version stored fewer)', () => {
    expect(parseSettings({ historyPerTab: 500 })).toEqual({ ...DEFAULT_SETTINGS, historyPerTab: 500 });
  });

  it('ignore fields this version does not know', () => {
    expect(parseSettings({ ...DEFAULT_SETTINGS, theme: 'dark' })).toEqual(DEFAULT_SETTINGS);
  });
});

describe('watchedStatuses', () => {
  it('keeps valid codes, sorted, each once', () => {
    expect(withField('watchedStatuses', [403, 401, 403, 599, 100]).watchedStatuses).toEqual([
      100, 401, 403, 599,
    ]);
  });

  it.each([
    ['not a list', '401,403'],
    ['a number', 401],
    ['an empty list', []],
    ['a string code', ['401']],
    ['a fraction', [401.5]],
    ['NaN', [Number.NaN]],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['below 100', [401, 99]],
    ['above 599', [401, 600]],
    ['negative', [-401]],
    ['null', [null]],
    ['too many', Array.from({ length: 501 }, () => 401)],
  ])('falls back to the default for %s', (_, value) => {
    expect(withField('watchedStatuses', value).watchedStatuses).toEqual(DEFAULT_SETTINGS.watchedStatuses);
  });
});

describe('extraCredentialHeaders', () => {
  it('lower-cases, trims and de-duplicates names', () => {
    expect(
      withField('extraCredentialHeaders', ['X-Session-Key', ' x-session-key ', 'x-tenant_token']),
    ).toMatchObject({ extraCredentialHeaders: ['x-session-key', 'x-tenant_token'] });
  });

  it('accepts every RFC 9110 token character', () => {
    const name = "!#$%&'*+-.^_`|~09az";
    expect(withField('extraCredentialHeaders', [name]).extraCredentialHeaders).toEqual([name]);
  });

  it('accepts 20 names of 64 characters', () => {
    const names = Array.from({ length: 20 }, (_, i) => `x-${String(i).padStart(2, '0')}-${'k'.repeat(59)}`);
    expect(names.every((name) => name.length === 64)).toBe(true);
    expect(withField('extraCredentialHeaders', names).extraCredentialHeaders).toEqual(names);
  });

  it.each([
    ['not a list', 'x-token'],
    ['too many', Array.from({ length: 21 }, (_, i) => `x-h${i}`)],
    ['too long', ['x'.repeat(65)]],
    ['empty', ['']],
    ['a space', ['x token']],
    ['a name with its value', ['x-token: abc']],
    ['a line break (header injection)', ['x-token\r\nset-cookie']],
    ['a NUL', ['x-token\u0000']],
    ['quotes and markup', ['"><img src=x onerror=alert(1)>']],
    ['non-ASCII', ['x-tökén']],
    ['a number', [42]],
    ['an object', [{ toString: () => 'x-token' }]],
  ])('falls back to the default for %s', (_, value) => {
    expect(withField('extraCredentialHeaders', value).extraCredentialHeaders).toEqual([]);
  });
});

describe('numbers', () => {
  it('keep whole numbers within range, ends included', () => {
    const { skewToleranceSeconds: skew, historyPerTab: history } = SETTINGS_LIMITS;
    expect(parseSettings({ skewToleranceSeconds: skew.min, historyPerTab: history.max })).toMatchObject({
      skewToleranceSeconds: 0,
      historyPerTab: 1000,
    });
    expect(parseSettings({ skewToleranceSeconds: skew.max, historyPerTab: history.min })).toMatchObject({
      skewToleranceSeconds: 3600,
      historyPerTab: 20,
    });
  });

  it.each([-1, 3601, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '60', null, true, [60]])(
    'skewToleranceSeconds falls back to the default for %s',
    (value) => {
      expect(withField('skewToleranceSeconds', value).skewToleranceSeconds).toBe(60);
    },
  );

  it.each([19, 1001, 200.5, Number.NaN, '200', null, false, { valueOf: () => 200 }])(
    'historyPerTab falls back to the default for %s',
    (value) => {
      expect(withField('historyPerTab', value).historyPerTab).toBe(200);
    },
  );
});

describe('readResponseBodies', () => {
  it('keeps a boolean', () => {
    expect(withField('readResponseBodies', false).readResponseBodies).toBe(false);
  });

  it.each([0, 1, 'false', null, undefined, {}])('falls back to the default for %s', (value) => {
    expect(withField('readResponseBodies', value).readResponseBodies).toBe(true);
  });
});

describe('one bad field does not spoil the others', () => {
  it('replaces only the invalid fields', () => {
    expect(
      parseSettings({
        watchedStatuses: [401, 'x'],
        extraCredentialHeaders: ['x-session-key'],
        ignoredHosts: 'nope',
        skewToleranceSeconds: 120,
        historyPerTab: 5000,
        readResponseBodies: false,
      }),
    ).toEqual({
      ...DEFAULT_SETTINGS,
      extraCredentialHeaders: ['x-session-key'],
      skewToleranceSeconds: 120,
      readResponseBodies: false,
    });
  });
});

describe('hostile stored values', () => {
  it('treat __proto__ and constructor keys as data, without polluting prototypes', () => {
    const stored = JSON.parse(
      '{"__proto__":{"historyPerTab":999,"polluted":true},"constructor":{"prototype":{"polluted":true}},"skewToleranceSeconds":30}',
    );
    const settings = parseSettings(stored);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, skewToleranceSeconds: 30 });
    expect(Object.getPrototypeOf(settings)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignore values inherited from a prototype', () => {
    const stored = Object.create({ historyPerTab: 500, readResponseBodies: false });
    expect(parseSettings(stored)).toEqual(DEFAULT_SETTINGS);
  });

  it('never throw, even on throwing getters and proxies', () => {
    const getter = Object.defineProperty({}, 'historyPerTab', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        getOwnPropertyDescriptor() {
          throw new Error('boom');
        },
      },
    );
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(parseSettings(getter)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings(proxy)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ watchedStatuses: cyclic, extraCredentialHeaders: [10n] })).toEqual(
      DEFAULT_SETTINGS,
    );
  });

  it('cap the cost of a huge list before looking at its entries', () => {
    const huge = new Array(10_000_000);
    const started = performance.now();
    expect(withField('ignoredHosts', huge).ignoredHosts).toEqual([]);
    expect(withField('watchedStatuses', huge).watchedStatuses).toEqual(DEFAULT_SETTINGS.watchedStatuses);
    expect(performance.now() - started).toBeLessThan(250);
  });
});
