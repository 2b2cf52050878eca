/**
 * Derives each browser's manifest from the one root manifest.json, so the two cannot drift.
 * Firefox MV3 runs the background as an event page (`background.scripts`), needs an add-on id,
 * and does not know `minimum_chrome_version`.
 */
export type Target = 'chrome' | 'firefox';

export const GECKO_ID = 'auth-inspector@auth-inspector.dev';

type Manifest = Record<string, unknown> & {
  background?: Record<string, unknown> & { service_worker?: string };
};

export function manifestFor(manifest: Manifest, target: Target): Manifest {
  if (target === 'chrome') return manifest;
  const { minimum_chrome_version: _chromeOnly, background, ...rest } = manifest;
  return {
    ...rest,
    background: { scripts: background?.service_worker ? [background.service_worker] : [], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        // 128: MAIN-world content scripts; 140: data_collection_permissions on desktop, and the
        // ESR that Debian ships (140.12 in December 2026), which CI and many users run.
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      // Firefox for Android reads data_collection_permissions from 142.
      gecko_android: { strict_min_version: '142.0' },
    },
  };
}
