/**
 * 60 scroll steps of 2,000 px in the panel's grid, one frame each: the time of every frame, and
 * how many rows the DOM holds after. A string, because the benchmark runs under tsx, whose helper
 * names wrapped functions with a `__name` the page does not have (scripts/bench/page-code.ts).
 */
export interface ScrollFrames {
  times: number[];
  rows: number;
}

export const SCROLL_FRAMES = `(async () => {
  const viewport = document.querySelector('[data-testid="grid-viewport"]');
  const times = [];
  let last = performance.now();
  for (let step = 0; step < 60; step++) {
    viewport.scrollTop += 2000;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const now = performance.now();
    times.push(now - last);
    last = now;
  }
  return { times, rows: document.querySelectorAll('[role="row"][data-exchange-id]').length };
})()`;
