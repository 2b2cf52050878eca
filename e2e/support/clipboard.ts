import type { Page } from '@playwright/test';

/**
 * Records what an extension page writes to the clipboard, and returns a reader of it. Chromium
 * refuses clipboard permission grants for extension origins in tests, so the tests observe the
 * call the page makes instead.
 */
export async function captureClipboard(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const copied: string[] = [];
    (window as unknown as { copied: string[] }).copied = copied;
    navigator.clipboard.writeText = async (text: string) => {
      copied.push(text);
    };
  });
  return () => page.evaluate(() => (window as unknown as { copied: string[] }).copied);
}
