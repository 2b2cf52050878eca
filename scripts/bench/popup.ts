import { Inspector } from '../../e2e/support/inspector.ts';
import type { BenchContext } from './context.ts';
import { openWatched, TAB_IDS, type Watched } from './extension-pages.ts';
import { type Figure, ratioFigure, rounded } from './figures.ts';
import { alternate, median, ratios, round } from './stats.ts';

/**
 * Figure 7, popup time to verdict: navigation → first [data-cause] painted, for a tab with 500
 * recorded failures (Inspector.seedHistory(id, 2000): 2,000 exchanges, every fourth failed), ÷
 * navigation → `main` painted in the popup for a tab with no history (the empty extension page).
 * Each round also opens the popup on the history a worker really keeps (the newest 200 exchanges,
 * the default ring; 50 failures), since 2,000 stored exchanges is more than the ring ever holds.
 */
const VIEWPORT = { width: 460, height: 600 };
const CAUSE: Watched[] = [['cause', '[data-cause]', null]];
const EMPTY: Watched[] = [
  ['main', 'main', null],
  ['empty', '[data-testid="empty-state"]', null],
];

export async function popupFigures(context: BenchContext): Promise<Figure[]> {
  context.progress('popup: time to verdict with 500 recorded failures');
  const browser = context.browsers.inspector;
  const inspector = new Inspector(browser);
  await inspector.seedHistory(TAB_IDS.failures, 2000);
  await inspector.seedHistory(TAB_IDS.ring, 200);
  await inspector.clearHistory(TAB_IDS.empty);
  const emptyStateMs: number[] = [];
  let failureCountText = '';
  const label = (round: number) => (round < 0 ? 'warm-up' : round + 1);
  const samples = await alternate(
    ['verdict', 'empty', 'ring'] as const,
    context.pairs,
    async (variant, round) => {
      if (variant !== 'empty') {
        const tabId = variant === 'verdict' ? TAB_IDS.failures : TAB_IDS.ring;
        const { page, marks } = await openWatched(
          browser,
          `src/popup/index.html?tab=${tabId}`,
          CAUSE,
          VIEWPORT,
        );
        if (variant === 'verdict')
          failureCountText = (await page.getByTestId('failure-count').textContent()) ?? '';
        await page.close();
        const ms = marks.cause?.frame as number;
        context.detail(`  round ${label(round)} ${variant}: ${ms.toFixed(1)} ms`);
        return ms;
      }
      const { page, marks } = await openWatched(
        browser,
        `src/popup/index.html?tab=${TAB_IDS.empty}`,
        EMPTY,
        VIEWPORT,
      );
      await page.close();
      if (round >= 0) emptyStateMs.push(marks.empty?.frame as number);
      const ms = marks.main?.frame as number;
      context.detail(`  round ${label(round)} empty: ${ms.toFixed(1)} ms`);
      return ms;
    },
  );
  await inspector.clearHistory(TAB_IDS.failures);
  await inspector.clearHistory(TAB_IDS.ring);
  return [
    ratioFigure(
      {
        number: '7',
        name: 'Popup time to verdict, 500 failures',
        method:
          'popup page (460×600 tab) for a tab id seeded with 2,000 exchanges (500 failures, Inspector.seedHistory): navigation start → first [data-cause] in the DOM and the next frame run, ÷ the same popup for a tab id with no history: navigation start → `main` and the next frame; fresh tab each run; rounds of (500 failures, empty, 200-exchange ring) alternated',
        budget: 1.5,
        extra: {
          failureCountShown: failureCountText,
          againstEmptyStatePainted: {
            ratio: round(median(ratios(samples.verdict, emptyStateMs)), 4),
            emptyStateMs: rounded(emptyStateMs),
          },
          ringOf200With50Failures: {
            ratio: round(median(ratios(samples.ring, samples.empty)), 4),
            verdictMs: rounded(samples.ring),
          },
        },
      },
      { label: 'verdictMs', samples: samples.verdict },
      { label: 'emptyMainMs', samples: samples.empty },
    ),
  ];
}
