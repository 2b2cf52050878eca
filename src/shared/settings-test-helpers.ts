/** Test-only: parse settings that differ from the defaults in one field. */
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './settings.ts';

export const withField = (name: keyof Settings, value: unknown) =>
  parseSettings({ ...DEFAULT_SETTINGS, [name]: value });
