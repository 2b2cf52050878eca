import { setTimeout as pause } from 'node:timers/promises';
import type { Page } from '@playwright/test';
import type { BenchBrowser } from './browsers.ts';
import { type ElementMark, marksReady, READ_MARKS, watchElementsCode } from './page-code.ts';

/**
 * Figures 7 and 8 open the popup and the DevTools panel as tabs on synthetic histories written
 * straight into storage.session (Inspector.seedHistory) for tab ids no real tab has. Times are read
 * inside the page, from navigation start: an init script notes when the awaited element entered
 * the DOM and when the next frame had run (requestAnimationFrame, then a task: after its paint).
 */
export const TAB_IDS = { failures: 900_001, empty: 900_002, panel: 900_003, ring: 900_004 } as const;

export type Watched = [name: string, selector: string, text: string | null];

export async function openWatched(
  browser: BenchBrowser,
  path: string,
  watched: Watched[],
  viewport?: { width: number; height: number },
): Promise<{ page: Page; marks: Record<string, ElementMark> }> {
  const page = await browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.addInitScript(watchElementsCode(watched));
  await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
  // Polled with evaluate: waitForFunction compiles its string with eval, which the pages' CSP forbids.
  const ready = marksReady(watched.map(([name]) => name));
  const deadline = Date.now() + 30_000;
  while (!(await page.evaluate(ready))) {
    if (Date.now() > deadline) throw new Error(`${path}: ${ready} still false after 30 s`);
    await pause(50);
  }
  const marks = (await page.evaluate(READ_MARKS)) as Record<string, ElementMark>;
  for (const [name, selector] of watched) {
    if (marks[name]?.visible !== true) throw new Error(`${path}: ${selector} was in the DOM but not visible`);
  }
  return { page, marks };
}
