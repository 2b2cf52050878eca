import { Inspector } from '../../e2e/support/inspector.ts';
import { SCROLL_FRAMES, type ScrollFrames } from '../../e2e/support/scroll-frames.ts';
import type { BenchContext } from './context.ts';
import { openWatched, TAB_IDS } from './extension-pages.ts';
import { type Figure, figure, ms, rounded } from './figures.ts';
import { median, percentile, round } from './stats.ts';

/**
 * Figure 8, the panel with 5,000 rows (as e2e/panel.spec.ts measures it): first render, from
 * navigation start to "5000 requests" shown with the first row painted, and the p95 frame time of
 * 60 scroll steps of 2,000 px. Median of runs (one warm-up run discarded).
 */
export async function panelFigures(context: BenchContext): Promise<Figure[]> {
  context.progress('panel: 5,000 rows');
  const browser = context.browsers.inspector;
  const inspector = new Inspector(browser);
  await inspector.seedHistory(TAB_IDS.panel, 5000);
  const firstRenderMs: number[] = [];
  const scrollP95Ms: number[] = [];
  const frames: number[] = [];
  const domRows: number[] = [];
  for (let run = -1; run < context.pairs; run++) {
    const { page, marks } = await openWatched(browser, `src/devtools/panel.html?tabId=${TAB_IDS.panel}`, [
      ['count', '[data-testid="row-count"]', '5000 requests'],
      ['row', '[role="row"][data-exchange-id]', null],
    ]);
    const firstRender = Math.max(marks.count?.frame as number, marks.row?.frame as number);
    const scroll = (await page.evaluate(SCROLL_FRAMES)) as ScrollFrames;
    await page.close();
    const p95 = percentile(scroll.times, 95);
    context.detail(
      `  run ${run < 0 ? 'warm-up' : run + 1}: first render ${firstRender.toFixed(0)} ms, p95 ${p95.toFixed(1)} ms`,
    );
    if (run < 0) continue;
    firstRenderMs.push(firstRender);
    scrollP95Ms.push(p95);
    frames.push(...scroll.times);
    domRows.push(scroll.rows);
  }
  await inspector.clearHistory(TAB_IDS.panel);
  return [
    figure({
      number: '8a',
      name: 'Panel, 5,000 rows: first render',
      value: round(median(firstRenderMs)),
      unit: 'ms',
      text: ms(median(firstRenderMs)),
      method:
        'panel page for a tab id seeded with 5,000 exchanges: navigation start → "5000 requests" shown and the first row in the DOM, then the next frame; median of runs (e2e/panel.spec.ts times from after `goto` instead)',
      pairs: firstRenderMs.length,
      samples: { firstRenderMs: rounded(firstRenderMs) },
    }),
    figure({
      number: '8b',
      name: 'Panel, 5,000 rows: scroll frame p95',
      value: round(median(scrollP95Ms)),
      unit: 'ms',
      text: `${ms(median(scrollP95Ms), 1)} (all frames p95 ${ms(percentile(frames, 95), 1)}, ${Math.max(...domRows)} rows in DOM)`,
      method:
        '60 scroll steps of 2,000 px, one requestAnimationFrame each (as e2e/panel.spec.ts); p95 per run, median of runs',
      pairs: scrollP95Ms.length,
      samples: { scrollP95Ms: rounded(scrollP95Ms), framesMs: rounded(frames, 2), domRows },
    }),
  ];
}
