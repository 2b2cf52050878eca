/**
 * Code the benchmark runs inside pages, as strings: `tsx` (esbuild) wraps named functions with a
 * `__name` helper that does not exist in the page, so no function is passed to `page.evaluate`.
 */

export interface StormOptions {
  /** fetch calls in all. */
  count: number;
  /** fetch calls in flight at once (the page's concurrency; Chromium opens at most 6 per host). */
  concurrency: number;
  /** Extra query for /api/load, e.g. `&delay=20`. */
  query: string;
  /** Sent as `Authorization: Bearer <token>` on every call. */
  token: string;
}

/** The call workloads every browser bench runs (peers, Firefox, the Playwright storms). */
export const CALL_WORKLOADS = {
  /** An SPA's calls to a server with latency: 400 calls, 20 ms, 6 at a time (Chromium's per-host limit). */
  api: { count: 400, concurrency: 6, query: '&delay=20' },
  /** 2,000 calls without latency, 20 in flight from the page. */
  storm: { count: 2000, concurrency: 20, query: '' },
} as const satisfies Record<string, Omit<StormOptions, 'token'>>;

export interface StormResult {
  ms: number;
  statuses: Record<string, number>;
}

/** `count` fetches of /api/load (401 for every fourth i), `concurrency` at a time; bodies read. */
export function stormCode({ count, concurrency, query, token }: StormOptions): string {
  return `(async () => {
  const count = ${count};
  const headers = { Authorization: ${JSON.stringify(`Bearer ${token}`)} };
  const statuses = {};
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      const response = await fetch('/api/load?i=' + index + ${JSON.stringify(query)}, { headers });
      await response.text();
      statuses[response.status] = (statuses[response.status] || 0) + 1;
    }
  };
  const started = performance.now();
  const lanes = [];
  for (let lane_ = 0; lane_ < ${concurrency}; lane_++) lanes.push(lane());
  await Promise.all(lanes);
  return { ms: performance.now() - started, statuses };
})()`;
}

/** Navigation timing of the current document, ms from navigation start. */
export const NAVIGATION_TIMING = `(() => {
  const navigation = performance.getEntriesByType('navigation')[0];
  const mark = performance.getEntriesByName('first-page-script')[0];
  return {
    responseStart: navigation.responseStart,
    domContentLoaded: navigation.domContentLoadedEventStart,
    load: navigation.loadEventStart,
    // The page's own sub-resources (the browser's favicon request is listed too).
    resources: performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/r/')).length,
    firstScript: mark ? mark.startTime : null,
  };
})()`;

export interface NavigationTiming {
  responseStart: number;
  domContentLoaded: number;
  load: number;
  resources: number;
  firstScript: number | null;
}

/**
 * An init script for extension pages: records, for each watched selector (and text, when given),
 * when the element first appeared in the DOM (`dom`) and when the frame after it had run (`frame`:
 * one requestAnimationFrame then a task, which is after that frame's paint), in ms from navigation
 * start, in `window.__benchMarks[name]`.
 */
export function watchElementsCode(watched: [name: string, selector: string, text: string | null][]): string {
  return `(() => {
  const watched = ${JSON.stringify(watched)};
  const marks = {};
  window.__benchMarks = marks;
  const look = () => {
    for (const [name, selector, text] of watched) {
      if (marks[name]) continue;
      const element = document.querySelector(selector);
      if (!element || (text !== null && element.textContent !== text)) continue;
      const mark = { dom: performance.now() };
      marks[name] = mark;
      requestAnimationFrame(() => {
        mark.visible = element.checkVisibility();
        setTimeout(() => { mark.frame = performance.now(); }, 0);
      });
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });
})()`;
}

export interface ElementMark {
  dom: number;
  frame?: number;
  visible?: boolean;
}

export const marksReady = (names: string[]): string =>
  `(() => { const marks = window.__benchMarks; return !!marks && ${JSON.stringify(names)}.every((name) => marks[name] && marks[name].frame !== undefined); })()`;

export const READ_MARKS = 'window.__benchMarks';
