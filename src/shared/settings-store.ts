import browser from 'webextension-polyfill';
import { loadSettings, type Settings, saveSettings, settingsFromChange } from './settings.ts';

/**
 * Settings bound to the browser: storage.sync, so they follow the user to the browsers they are
 * signed in to (and stay local when sync is off). Everything else about settings is in settings.ts.
 */

/** The stored settings, validated; the defaults when none are stored. Never rejects. */
export function loadSyncedSettings(): Promise<Settings> {
  return loadSettings(browser.storage.sync);
}

/** Validates and stores; rejects with SettingsError (invalid) or the browser's error (quota). */
export function saveSyncedSettings(settings: Settings): Promise<Settings> {
  return saveSettings(browser.storage.sync, settings);
}

/**
 * Calls `callback` with the new settings whenever they change (the options page, another device,
 * a reset). Returns an unsubscribe. In the worker, call it at the top level so the listener is
 * registered synchronously and wakes the worker.
 */
export function onSettingsChanged(callback: (settings: Settings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>) => {
    const settings = settingsFromChange(changes, 'sync');
    if (settings) callback(settings);
  };
  // The sync area's own event, not `storage.onChanged`: that one also carries every write to
  // storage.session, old and new values, and a history write is a batch of records (traced in a
  // storm of 2,000 calls: the worker was sent each write back).
  browser.storage.sync.onChanged.addListener(listener);
  return () => browser.storage.sync.onChanged.removeListener(listener);
}
