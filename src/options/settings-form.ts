import {
  CHECK_SETTING,
  type SettingName,
  type Settings,
  type SettingsErrors,
  validateSettings,
} from '../shared/settings.ts';

/**
 * The options form edits text, not settings: what the user typed stays on screen, errors and all,
 * until it checks out. These turn settings into that text and back, with the rules of settings.ts.
 */
export interface SettingsDraft {
  watchedStatuses: string;
  extraCredentialHeaders: string;
  ignoredHosts: string;
  skewToleranceSeconds: string;
  historyPerTab: string;
  readResponseBodies: boolean;
}

export function draftFromSettings(settings: Settings): SettingsDraft {
  return {
    watchedStatuses: settings.watchedStatuses.join(', '),
    extraCredentialHeaders: settings.extraCredentialHeaders.join('\n'),
    ignoredHosts: settings.ignoredHosts.join('\n'),
    skewToleranceSeconds: String(settings.skewToleranceSeconds),
    historyPerTab: String(settings.historyPerTab),
    readResponseBodies: settings.readResponseBodies,
  };
}

export function settingsFromDraft(
  draft: SettingsDraft,
): { ok: true; settings: Settings } | { ok: false; errors: SettingsErrors } {
  return validateSettings(candidateFromDraft(draft));
}

/** The error of one field as the user types, or undefined; the size limit is checked on save only. */
export function draftFieldError(draft: SettingsDraft, name: SettingName): string | undefined {
  const result = CHECK_SETTING[name](candidateFromDraft(draft)[name]);
  return result.ok ? undefined : result.error;
}

export function draftsEqual(a: SettingsDraft, b: SettingsDraft): boolean {
  return (Object.keys(a) as SettingName[]).every((name) => a[name] === b[name]);
}

function candidateFromDraft(draft: SettingsDraft): Record<SettingName, unknown> {
  return {
    // "401, 403" or "401 403": commas, semicolons and spaces all separate.
    watchedStatuses: words(draft.watchedStatuses).map((word) =>
      /^\d{1,4}$/.test(word) ? Number(word) : word,
    ),
    extraCredentialHeaders: lines(draft.extraCredentialHeaders),
    ignoredHosts: lines(draft.ignoredHosts),
    skewToleranceSeconds: wholeNumber(draft.skewToleranceSeconds),
    historyPerTab: wholeNumber(draft.historyPerTab),
    readResponseBodies: draft.readResponseBodies,
  };
}

function words(text: string): string[] {
  return text.split(/[\s,;]+/).filter((word) => word !== '');
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** `"60"` → 60; anything else (empty, `1.5`, `1e3`) → the text, which the check rejects. */
function wholeNumber(text: string): unknown {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : trimmed;
}
