import { resolve } from 'node:path';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import { manifestFor, type Target } from './scripts/manifest-for.ts';

/**
 * One manifest.json, two builds: `vite build --mode chrome` → dist/chrome, `--mode firefox` →
 * dist/firefox. The Firefox differences are derived in scripts/manifest-for.ts.
 */
export default defineConfig(({ mode }) => {
  const target: Target = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    plugins: [
      preact(),
      crx({
        manifest: manifestFor(manifest, target) as unknown as ManifestV3Export,
        browser: target,
        // Self-contained files: the isolated relay must be listening before the first observation
        // arrives, and the page-world script cannot load modules from the extension at all.
        contentScripts: { standaloneFiles: ['src/content/isolated.ts', 'src/content/main-world.ts'] },
      }),
    ],
    build: {
      outDir: `dist/${target}`,
      emptyOutDir: true,
      target: 'es2022',
      // Readable stack traces in bug reports cost little in an unpacked extension.
      sourcemap: false,
      rollupOptions: {
        // The panel is opened only through devtools.panels.create, so crxjs cannot discover it.
        input: { panel: resolve(import.meta.dirname, 'src/devtools/panel.html') },
      },
    },
    // Never open the dev server to the network.
    server: { host: '127.0.0.1', strictPort: true, port: 5173, hmr: { host: '127.0.0.1' } },
  };
});
