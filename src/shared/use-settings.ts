import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, type Settings } from './settings.ts';
import { loadSyncedSettings, onSettingsChanged } from './settings-store.ts';

/** The user's settings, following changes made in the options page while this page is open. */
export function useSettings(): Settings {
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  useEffect(() => {
    let live = true;
    void loadSyncedSettings().then((loaded) => live && setSettings(loaded));
    const unsubscribe = onSettingsChanged((changed) => live && setSettings(changed));
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);
  return settings;
}

/** What diagnose() takes from the settings. */
export function diagnoseSettings(settings: Settings) {
  return {
    skewToleranceSeconds: settings.skewToleranceSeconds,
    extraCredentialHeaders: new Set(settings.extraCredentialHeaders),
  };
}
