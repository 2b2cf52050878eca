import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  hostIsIgnored,
  loadSettings,
  normalizeHostPattern,
  parseSettings,
  SETTINGS_KEY,
  SETTINGS_LIMITS,
  type Settings,
  type SettingsArea,
  SettingsError,
  saveSettings,
  settingsFromChange,
  syncBytes,
  validateSettings,
} from './settings.ts';

/** storage.sync as the extension sees it: values go through JSON (structured clone in Chrome). */
class MemoryArea implements SettingsArea {
  readonly items = new Map<string, string>();
  async get(key: string): Promise<Record<string, unknown>> {
    const stored = this.items.get(key);
    return stored === undefined ? {} : { [key]: JSON.parse(stored) };
  }
  async set(items: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(items)) this.items.set(key, JSON.stringify(value));
  }
}

const withField = (name: keyof Settings, value: unknown) =>
  parseSettings({ ...DEFAULT_SETTINGS, [name]: value });

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

describe('ignoredHosts', () => {
  it('normalizes hosts and wildcards', () => {
    expect(
      withField('ignoredHosts', ['API.Example.com', '*.Example.org.', 'localhost', '127.0.0.1', '[::1]'])
        .ignoredHosts,
    ).toEqual(['api.example.com', '*.example.org', 'localhost', '127.0.0.1', '[::1]']);
  });

  it('spells international names as URL.hostname does (punycode)', () => {
    expect(normalizeHostPattern('bücher.de')).toBe(new URL('http://bücher.de').hostname);
    expect(normalizeHostPattern('*.Bücher.de')).toBe('*.xn--bcher-kva.de');
  });

  it('accepts 100 hosts and drops repeats', () => {
    const hosts = Array.from({ length: 100 }, (_, i) => `h${i % 50}.example.com`);
    expect(withField('ignoredHosts', hosts).ignoredHosts).toHaveLength(50);
  });

  it.each([
    ['not a list', 'example.com'],
    ['too many', Array.from({ length: 101 }, (_, i) => `h${i}.example.com`)],
    ['a URL', ['https://example.com/path']],
    ['a port', ['example.com:8080']],
    ['credentials', ['user@example.com']],
    ['a bare *', ['*']],
    ['a wildcard in the middle', ['api.*.example.com']],
    ['a wildcard without a dot', ['*example.com']],
    ['a wildcard IPv6', ['*.[::1]']],
    ['spaces', ['exa mple.com']],
    ['an empty label', ['example..com']],
    ['a leading hyphen', ['-example.com']],
    ['a label over 63 characters', [`${'a'.repeat(64)}.com`]],
    ['a name over 253 characters', [`${'a.'.repeat(127)}com`]],
    ['markup', ['<script>.com']],
    ['a path hidden in a non-ASCII name', ['bücher.de/evil']],
    ['an empty string', ['']],
    ['a number', [1]],
  ])('falls back to the default for %s', (_, value) => {
    expect(withField('ignoredHosts', value).ignoredHosts).toEqual([]);
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
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('validateSettings (saving)', () => {
  it('explains each invalid field in words', () => {
    const result = validateSettings({
      watchedStatuses: [401, 700],
      extraCredentialHeaders: ['Authorization: Bearer x'],
      ignoredHosts: ['https://api.example.com/v1'],
      skewToleranceSeconds: -5,
      historyPerTab: 10,
      readResponseBodies: 'yes',
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        watchedStatuses: '700 is not a status code: use numbers from 100 to 599.',
        extraCredentialHeaders:
          '“Authorization: Bearer x” is not a header name: write only the name (like x-my-token), with no spaces, colon or value.',
        ignoredHosts:
          '“https://api.example.com/v1” is not a host name: write only the host, like api.example.com, or *.example.com for a whole domain.',
        skewToleranceSeconds: 'Enter a whole number from 0 to 3600.',
        historyPerTab: 'Enter a whole number from 20 to 1000.',
        readResponseBodies: 'Choose on or off.',
      },
    });
  });

  it('shortens a long offending entry in the message', () => {
    const result = validateSettings({ ...DEFAULT_SETTINGS, watchedStatuses: ['4'.repeat(1000)] });
    expect(result.ok ? '' : result.errors.watchedStatuses).toMatch(/^“4{40}…” is not a status code/);
  });

  it('refuses settings too big for one storage.sync item', () => {
    const ignoredHosts = Array.from(
      { length: 100 },
      (_, i) => `${'a'.repeat(60)}.${'b'.repeat(60)}.h${i}.com`,
    );
    const candidate = { ...DEFAULT_SETTINGS, ignoredHosts };
    expect(syncBytes(candidate)).toBeGreaterThan(SETTINGS_LIMITS.syncItemBytes);
    const result = validateSettings(candidate);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.errors.ignoredHosts).toMatch(/too big to sync/);
  });
});

describe('hostIsIgnored', () => {
  const patterns = ['api.example.com', '*.internal.test', '[::1]'];

  it.each([
    ['api.example.com', true],
    ['API.Example.COM', true],
    ['api.example.com.', true],
    ['example.com', false],
    ['v2.api.example.com', false],
    ['api.example.com.evil.test', false],
    ['internal.test', true],
    ['a.internal.test', true],
    ['a.b.internal.test', true],
    ['notinternal.test', false],
    ['internal.test.evil.com', false],
    ['[::1]', true],
    ['', false],
  ])('%s → %s', (host, ignored) => {
    expect(hostIsIgnored(host, patterns)).toBe(ignored);
  });

  it('ignores nothing with no patterns', () => {
    expect(hostIsIgnored('example.com', [])).toBe(false);
  });

  it('matches international hosts as the browser reports them', () => {
    const { ignoredHosts } = withField('ignoredHosts', ['*.bücher.de']);
    expect(hostIsIgnored(new URL('https://shop.bücher.de/').hostname, ignoredHosts)).toBe(true);
  });
});

describe('storage', () => {
  it('loads the defaults when nothing is stored', async () => {
    expect(await loadSettings(new MemoryArea())).toEqual(DEFAULT_SETTINGS);
  });

  it('saves under one key and loads back what was saved, normalized', async () => {
    const area = new MemoryArea();
    const saved = await saveSettings(area, {
      ...DEFAULT_SETTINGS,
      watchedStatuses: [403, 401],
      extraCredentialHeaders: ['X-Session-Key'],
      readResponseBodies: false,
    });
    expect(saved).toMatchObject({ watchedStatuses: [401, 403], extraCredentialHeaders: ['x-session-key'] });
    expect([...area.items.keys()]).toEqual([SETTINGS_KEY]);
    expect(await loadSettings(area)).toEqual(saved);
  });

  it('rejects invalid settings without writing', async () => {
    const area = new MemoryArea();
    const saving = saveSettings(area, { ...DEFAULT_SETTINGS, historyPerTab: 5 });
    await expect(saving).rejects.toBeInstanceOf(SettingsError);
    await expect(saving).rejects.toMatchObject({ errors: { historyPerTab: expect.any(String) } });
    expect(area.items.size).toBe(0);
  });

  it('loads the defaults when the area fails or answers nonsense', async () => {
    expect(await loadSettings({ get: () => Promise.reject(new Error('sync disabled')) })).toEqual(
      DEFAULT_SETTINGS,
    );
    expect(
      await loadSettings({ get: () => Promise.resolve(null as unknown as Record<string, unknown>) }),
    ).toEqual(DEFAULT_SETTINGS);
  });

  it('reads settings from storage.onChanged events for the sync area only', () => {
    const newValue = { ...DEFAULT_SETTINGS, historyPerTab: 300 };
    expect(settingsFromChange({ [SETTINGS_KEY]: { newValue } }, 'sync')).toEqual(newValue);
    expect(settingsFromChange({ [SETTINGS_KEY]: { newValue } }, 'local')).toBeUndefined();
    expect(settingsFromChange({ 'tab:1': { newValue: {} } }, 'sync')).toBeUndefined();
    // storage.sync.clear() or remove(): back to the defaults.
    expect(settingsFromChange({ [SETTINGS_KEY]: {} }, 'sync')).toEqual(DEFAULT_SETTINGS);
  });
});
