import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { INSECURE_DEMO_HOST } from '../../e2e/support/demo-sessions.ts';
import { GECKO_ID } from '../../scripts/manifest-for.ts';

export const FIREFOX_BUILD = resolve(import.meta.dirname, '../../dist/firefox');

/** Debian's Firefox ESR, or the one FIREFOX_PATH names. Nothing here downloads a browser. */
export function firefoxPath(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  if (!found) {
    throw new Error('Firefox not found: install it with `apt-get install firefox-esr` or set FIREFOX_PATH.');
  }
  return found;
}

export interface FirefoxWithExtension {
  browser: Browser;
  /** `moz-extension://<uuid>/`: the extension's pages live under it. */
  baseUrl: string;
  /** Opens one of the extension's pages (a path from the manifest) in a new tab, loaded. */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Firefox ESR, headless, in a fresh profile (puppeteer creates one and deletes it on close), with
 * dist/firefox installed as a temporary add-on.
 *
 * Reaching the extension's pages: Firefox gives each add-on a random moz-extension UUID per
 * profile, read from the `extensions.webextensions.uuids` pref; the fresh profile is seeded with
 * one chosen here, so the base URL is known before the install. WebDriver BiDi refuses to
 * navigate to moz-extension:// unless the remote agent allows system access
 * (`--remote-allow-system-access`, a switch of the browser under test, nothing in the extension).
 * Host permissions: Firefox lets users withhold them; prompts for optional permissions are
 * switched off so a test can grant them from the popup's own button, as a user would.
 */
export async function launchFirefox(extension: string = FIREFOX_BUILD): Promise<FirefoxWithExtension> {
  if (!existsSync(extension.endsWith('.xpi') ? extension : resolve(extension, 'manifest.json'))) {
    throw new Error(`No extension at ${extension}: run \`npm run build\` first.`);
  }
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      'extensions.webextOptionalPermissionPrompts': false,
      // The demo's plain-http host that is not loopback to the browser (the Secure cookie scenario).
      'network.dns.localDomains': INSECURE_DEMO_HOST,
    },
  });
  try {
    // A directory or a packed .xpi: both install as a temporary add-on.
    const id = await browser.installExtension(extension);
    if (id !== GECKO_ID) throw new Error(`installed add-on ${id}, expected ${GECKO_ID}`);
  } catch (error) {
    await browser.close();
    throw error;
  }
  const baseUrl = `moz-extension://${uuid}/`;
  return {
    browser,
    baseUrl,
    openExtensionPage: async (path) => {
      const page = await browser.newPage();
      // Firefox reports no load event to BiDi for moz-extension documents: the navigate command
      // itself waits until the document is interactive, and then the page's own readiness is polled.
      await page.goto(new URL(path, baseUrl).href, { waitUntil: [] });
      // Polled with evaluate, not waitForFunction: that one compiles its predicate with Function(),
      // which an extension page's CSP blocks (Firefox ESR 140: "call to Function() blocked by CSP").
      const deadline = Date.now() + 10_000;
      while ((await page.evaluate(() => document.readyState).catch(() => 'loading')) !== 'complete') {
        if (Date.now() > deadline) throw new Error(`${path} did not finish loading within 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return page;
    },
    close: () => browser.close(),
  };
}
