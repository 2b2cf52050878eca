import type { Page } from '@playwright/test';
import { SUB_RESOURCES } from './bench-server.ts';
import type { BenchContext } from './context.ts';
import { type Figure, ratioFigure } from './figures.ts';
import { NAVIGATION_TIMING, type NavigationTiming } from './page-code.ts';
import { alternate } from './stats.ts';

/**
 * Figure 4, page load: navigation start → load event (Navigation Timing `loadEventStart`) of a
 * page with 200 sub-resources, with Auth Inspector and without any extension. One tab per browser,
 * navigated to a new URL each run; every sub-resource URL is new each run and `no-store`. The floor
 * extension loads the same pages in the same rounds (4f): the part of the figure no listener adds.
 */
const TOTAL = SUB_RESOURCES.images + SUB_RESOURCES.stylesheets + SUB_RESOURCES.scripts;

export async function navigate(page: Page, url: string): Promise<NavigationTiming> {
  await page.goto(url, { waitUntil: 'load' });
  return (await page.evaluate(NAVIGATION_TIMING)) as NavigationTiming;
}

let runCounter = 0;
export const nextRun = () => ++runCounter;

export async function pageLoadFigures(context: BenchContext): Promise<Figure[]> {
  context.progress(`page load: ${TOTAL} sub-resources`);
  const { browsers, server } = context;
  const tabs = {
    inspector: await browsers.inspector.context.newPage(),
    floor: await browsers.floor.context.newPage(),
    plain: await browsers.plain.context.newPage(),
  };
  try {
    const loads = await alternate(
      ['inspector', 'floor', 'plain'] as const,
      context.pairs,
      async (variant, round) => {
        const timing = await navigate(tabs[variant], `${server.url}/page-load?run=${nextRun()}`);
        if (timing.resources !== TOTAL) {
          throw new Error(`page load fetched ${timing.resources} of ${TOTAL} sub-resources`);
        }
        context.detail(
          `  round ${round < 0 ? 'warm-up' : round + 1} ${variant}: ${timing.load.toFixed(1)} ms`,
        );
        return timing.load;
      },
    );
    return [
      ratioFigure(
        {
          number: '4',
          name: `Page load (${TOTAL} sub-resources)`,
          method: `Navigation Timing loadEventStart (navigation start → load event) of a bench-server page with ${SUB_RESOURCES.images} images, ${SUB_RESOURCES.stylesheets} stylesheets, ${SUB_RESOURCES.scripts} scripts, all URLs new each run and no-store; one tab per browser; rounds run Auth Inspector, floor, none, order reversed every other round`,
        },
        { label: 'inspectorMs', samples: loads.inspector },
        { label: 'plainMs', samples: loads.plain },
      ),
      ratioFigure(
        {
          number: '4f',
          name: 'Page load: floor extension ÷ no extension',
          method:
            'the same rounds as figure 4: the floor extension (webRequest and <all_urls> held, no listener) ÷ no extension',
        },
        { label: 'floorMs', samples: loads.floor },
        { label: 'plainMs', samples: loads.plain },
      ),
    ];
  } finally {
    await Promise.all(Object.values(tabs).map((tab) => tab.close()));
  }
}
