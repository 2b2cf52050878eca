import { DEFAULT_SETTINGS, hostIsIgnored, type Settings } from '../shared/settings.ts';

/**
 * The settings as the worker's hot path wants them: sets, not arrays, built once per change. The
 * worker starts with the defaults and swaps in the stored settings as soon as they are read, so
 * a listener never waits on storage.
 */
export interface CaptureSettings {
  watchedStatuses: ReadonlySet<number>;
  extraCredentialHeaders: ReadonlySet<string>;
  historyPerTab: number;
  readResponseBodies: boolean;
  /** For diagnoses made in the worker. */
  skewToleranceSeconds: number;
  isIgnored(url: string): boolean;
}

export function captureSettings(settings: Settings): CaptureSettings {
  const ignored = settings.ignoredHosts;
  return {
    watchedStatuses: new Set(settings.watchedStatuses),
    extraCredentialHeaders: new Set(settings.extraCredentialHeaders),
    historyPerTab: settings.historyPerTab,
    readResponseBodies: settings.readResponseBodies,
    skewToleranceSeconds: settings.skewToleranceSeconds,
    isIgnored: (url) => {
      if (ignored.length === 0) return false;
      try {
        return hostIsIgnored(new URL(url).hostname, ignored);
      } catch {
        return false;
      }
    },
  };
}

let current = captureSettings(DEFAULT_SETTINGS);

export function currentCaptureSettings(): CaptureSettings {
  return current;
}

export function useCaptureSettings(settings: Settings): void {
  current = captureSettings(settings);
}
