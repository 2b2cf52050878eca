import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Worker } from '@playwright/test';
import { INSECURE_DEMO_HOST } from './demo-sessions.ts';

/** Debian's Chromium, or the one CHROMIUM_PATH names. Playwright never downloads a browser here. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/lib/chromium/chromium'];
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  if (!found) {
    throw new Error('Chromium not found: install it with `apt-get install chromium` or set CHROMIUM_PATH.');
  }
  return found;
}

export const CHROME_BUILD = resolve(import.meta.dirname, '../../dist/chrome');

/** What Chromium needs as root on a closed network (shared/BROWSER-TESTING.md), for every launch. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The profile directory; deleted on close unless the launch asked to keep it. */
  userDataDir: string;
  /** The extension's current service worker (it may be restarted; ask again after a stop). */
  worker(): Promise<Worker>;
  close(): Promise<void>;
}

/**
 * Chromium with the built extension loaded, in a fresh profile that is deleted on close (kept, for
 * the caller to inspect and delete, with `keepProfile`).
 */
export async function launchWithExtension(options: {
  headless: boolean;
  /** chrome://extensions in developer mode, which is when Chrome collects an extension's errors. */
  developerMode?: boolean;
  /** Leave the profile directory on disk after close (the caller deletes `userDataDir`). */
  keepProfile?: boolean;
}): Promise<ExtensionBrowser> {
  if (!existsSync(join(CHROME_BUILD, 'manifest.json'))) {
    throw new Error(`No extension build in ${CHROME_BUILD}: run \`npm run build\` first.`);
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'auth-inspector-profile-'));
  if (options.developerMode) {
    await mkdir(join(userDataDir, 'Default'), { recursive: true });
    const preferences = { extensions: { ui: { developer_mode: true } } };
    await writeFile(join(userDataDir, 'Default', 'Preferences'), JSON.stringify(preferences));
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: options.headless,
    viewport: { width: 1100, height: 800 },
    args: [
      `--disable-extensions-except=${CHROME_BUILD}`,
      `--load-extension=${CHROME_BUILD}`,
      ...CHROMIUM_FLAGS,
      // The demo's plain-http host that is not loopback to the browser (the Secure cookie scenario).
      `--host-resolver-rules=MAP ${INSECURE_DEMO_HOST} 127.0.0.1`,
    ],
  });
  const worker = async () => context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL((await worker()).url()).host;
  return {
    context,
    extensionId,
    userDataDir,
    worker,
    close: async () => {
      await context.close();
      if (!options.keepProfile) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface PlainBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * The same Chromium with the same flags but no extension, in a fresh profile deleted on close: the
 * baseline that e2e/page-compat.spec.ts compares the extension's browser with.
 */
export async function launchPlainChromium(): Promise<PlainBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'auth-inspector-plain-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1100, height: 800 },
    args: CHROMIUM_FLAGS,
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
