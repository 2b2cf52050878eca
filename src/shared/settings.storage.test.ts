import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  SETTINGS_KEY,
  SETTINGS_LIMITS,
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
