import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import { draftFieldError, draftFromSettings, draftsEqual, settingsFromDraft } from './settings-form.ts';

const defaults = draftFromSettings(DEFAULT_SETTINGS);

describe('the options form text', () => {
  it('shows the defaults as the user would type them', () => {
    expect(defaults).toEqual({
      watchedStatuses: '401, 403, 419, 440, 498',
      extraCredentialHeaders: '',
      ignoredHosts: '',
      skewToleranceSeconds: '60',
      historyPerTab: '200',
      readResponseBodies: true,
    });
  });

  it('round-trips the defaults', () => {
    expect(settingsFromDraft(defaults)).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
  });

  it('reads statuses separated by commas, semicolons, spaces or lines', () => {
    const result = settingsFromDraft({ ...defaults, watchedStatuses: ' 403,401;  419\n401 ,' });
    expect(result.ok && result.settings.watchedStatuses).toEqual([401, 403, 419]);
  });

  it('reads one header or host per line, skipping blank lines', () => {
    const result = settingsFromDraft({
      ...defaults,
      extraCredentialHeaders: 'X-Session-Key\r\n\n  x-tenant-token  \n',
      ignoredHosts: '\n*.Internal.test\napi.example.com\n\n',
    });
    expect(result.ok && result.settings).toMatchObject({
      extraCredentialHeaders: ['x-session-key', 'x-tenant-token'],
      ignoredHosts: ['*.internal.test', 'api.example.com'],
    });
  });

  it.each([
    ['watchedStatuses', 'abc', '“abc” is not a status code: use whole numbers from 100 to 599.'],
    ['watchedStatuses', '401 4o3', '“4o3” is not a status code: use whole numbers from 100 to 599.'],
    ['watchedStatuses', '401, 99999', '“99999” is not a status code: use whole numbers from 100 to 599.'],
    ['watchedStatuses', '401, 700', '700 is not a status code: use numbers from 100 to 599.'],
    ['watchedStatuses', ' , ', 'Enter at least one status code, such as 401.'],
    ['skewToleranceSeconds', '', 'Enter a whole number from 0 to 3600.'],
    ['skewToleranceSeconds', '1.5', 'Enter a whole number from 0 to 3600.'],
    ['skewToleranceSeconds', '-1', 'Enter a whole number from 0 to 3600.'],
    ['historyPerTab', '1e3', 'Enter a whole number from 20 to 1000.'],
    ['historyPerTab', '99999999999999999999', 'Enter a whole number from 20 to 1000.'],
  ] as const)('marks %s = %j: %s', (name, text, error) => {
    const draft = { ...defaults, [name]: text };
    expect(draftFieldError(draft, name)).toBe(error);
    expect(settingsFromDraft(draft)).toEqual({ ok: false, errors: { [name]: error } });
  });

  it('accepts surrounding spaces in numbers', () => {
    expect(draftFieldError({ ...defaults, historyPerTab: ' 300 ' }, 'historyPerTab')).toBeUndefined();
  });

  it('knows when the form has unsaved edits', () => {
    expect(draftsEqual(defaults, draftFromSettings(DEFAULT_SETTINGS))).toBe(true);
    expect(draftsEqual(defaults, { ...defaults, readResponseBodies: false })).toBe(false);
    expect(draftsEqual(defaults, { ...defaults, ignoredHosts: 'a.test' })).toBe(false);
  });
});
