import { type CookieJarSnapshot, withCookieJar } from '../cookies/attach-jar.ts';
import { type DiagnoseOptions, diagnose } from '../diagnose.ts';
import { type DiagnosisView, viewOfDiagnosis } from '../diagnosis-view.ts';
import type { Exchange } from '../exchange.ts';
import {
  experimentOffers,
  experimentsByFailure,
  withExperimentResults,
  withoutExperiments,
} from '../experiments/experiment-view.ts';
import type { StoredToken } from '../page-tokens/find-stored-tokens.ts';
import { type DiagnosedExchange, groupFailures } from './group-failures.ts';
import type { StorageNotice, TabHistory } from './tab-history.ts';

/**
 * A tab's history as the popup and the panel show it, diagnosed where the engine lives (the
 * worker), so that neither page loads the engine. The popup gets the failures, grouped; the panel
 * gets every exchange with its view.
 */

/** Everything a diagnosis depends on besides the exchange and the tab's history. */
export interface DiagnosisContext {
  pageTokens: readonly StoredToken[];
  /** The cookie jar for the tab's failures, read when they are diagnosed (issue 18). */
  cookieJar?: CookieJarSnapshot;
  skewToleranceSeconds: number;
  extraCredentialHeaders: ReadonlySet<string>;
}

/** One line of the popup's failure list: enough to show it and to ask for it in full. */
export interface FailureLine {
  /** Stable for the group (see groupFailures). */
  key: string;
  count: number;
  /** The group's newest failure. */
  exchange: Pick<Exchange, 'id' | 'method' | 'url' | 'status' | 'completedAt'>;
  /** The most likely cause, in words ('' when there is none). */
  causeTitle: string;
}

/**
 * What the popup needs: the failures as list lines, grouped, newest first, and the newest one in
 * full. Another line is asked for when chosen (get-failure): a tab with 500 failures is not sent
 * as 500 diagnoses to show one.
 */
export interface TabFailures {
  tabId: number;
  /** Authentication failures since the tab opened or its history was cleared (the badge). */
  failureCount: number;
  /** Exchanges kept for the tab, successes included (the empty state says how many). */
  kept: number;
  storageNotice?: StorageNotice;
  /** The first lines, newest first: as many as were asked for (the popup pages its list). */
  lines: FailureLine[];
  /** Lines there are in all: more than `lines.length` when the list was cut. */
  lineCount: number;
  newest?: DiagnosedExchange;
}

/** What the panel needs: the whole history, and a view per exchange at the same index. */
export interface DiagnosedHistory {
  history: TabHistory;
  diagnoses: DiagnosisView[];
}

/**
 * How long a view may be reused. Evidence says "expired 40 s ago": seconds are the finest unit
 * shown, so a view a few seconds old is still right, and a panel following a storm does not
 * diagnose its rows again on every update.
 */
export const VIEW_FRESH_MS = 5_000;
/** A history holds a few hundred exchanges by default; this bounds a cache for any setting. */
const MAX_ENTRIES = 20_000;

interface Entry {
  version: string;
  at: number;
  view: DiagnosisView;
}

/**
 * Views of one tab's exchanges, kept while the exchange, the context and the clock allow. The
 * worker holds one per tab in memory only: it is rebuilt by diagnosing again after a restart.
 */
export class DiagnosisCache {
  readonly #entries = new Map<string, Entry>();
  #contextKey = '';

  /** Views of `chosen`, some of a tab's `history` (oldest first), each diagnosed with the rest. */
  views(
    history: readonly Exchange[],
    chosen: readonly Exchange[],
    context: DiagnosisContext,
    now: number,
  ): DiagnosisView[] {
    this.#useContext(context);
    // The experiments' own records are not the app's traffic: no detector reads them.
    const appHistory = withoutExperiments(history);
    let options: DiagnoseOptions | undefined;
    const views = chosen.map((exchange) => {
      const version = versionOf(exchange);
      const cached = this.#entries.get(exchange.id);
      if (cached && cached.version === version && now - cached.at < VIEW_FRESH_MS) return cached.view;
      options ??= {
        now,
        history: appHistory,
        pageTokens: context.pageTokens,
        skewToleranceSeconds: context.skewToleranceSeconds,
        extraCredentialHeaders: context.extraCredentialHeaders,
      };
      const diagnosis = diagnose(withCookieJar(exchange, context.cookieJar), options);
      const view = viewOfDiagnosis(diagnosis);
      if (exchange.failed) view.experiments = experimentOffers(diagnosis.facts, view.causes);
      this.#entries.set(exchange.id, { version, at: now, view });
      return view;
    });
    this.#prune(history);
    const results = experimentsByFailure(history);
    if (results.size === 0) return views;
    return views.map((view, index) => withExperimentResults(view, results.get(chosen[index]?.id ?? '')));
  }

  #useContext(context: DiagnosisContext): void {
    const key = JSON.stringify([
      context.pageTokens,
      context.cookieJar ?? null,
      context.skewToleranceSeconds,
      [...context.extraCredentialHeaders].sort(),
    ]);
    if (key === this.#contextKey) return;
    this.#contextKey = key;
    this.#entries.clear();
  }

  /** Forgets exchanges the ring dropped. */
  #prune(exchanges: readonly Exchange[]): void {
    if (this.#entries.size <= exchanges.length && this.#entries.size <= MAX_ENTRIES) return;
    const kept = new Set(exchanges.map((exchange) => exchange.id));
    for (const id of this.#entries.keys()) if (!kept.has(id)) this.#entries.delete(id);
    while (this.#entries.size > MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}

/**
 * What changes when a record is joined with the other source's view of the same request, or
 * lent a body by DevTools (records are updated in place, so identity says nothing).
 */
function versionOf(exchange: Exchange): string {
  return [
    exchange.sources.join('+'),
    exchange.status,
    exchange.failed,
    exchange.completedAt,
    exchange.requestHeaders.length,
    exchange.responseHeaders.length,
    exchange.responseBody?.text.length ?? -1,
  ].join('|');
}

/**
 * A popup shows its first lines at once and more on request: 500 lines of which a user reads a
 * handful cost the popup more to send and lay out than the verdict it opened for.
 */
export const FIRST_LINES = 25;

export function tabFailures(
  history: TabHistory,
  cache: DiagnosisCache,
  context: DiagnosisContext,
  now: number,
  lineLimit = FIRST_LINES,
): TabFailures {
  const failed = history.exchanges.filter((exchange) => exchange.failed);
  // Diagnosed against the whole history ("it worked before" reads the successes too).
  const views = cache.views(history.exchanges, failed, context, now);
  const newestFirst = failed.map((exchange, index) => ({
    exchange,
    diagnosis: views[index] as DiagnosisView,
  }));
  newestFirst.reverse();
  const groups = groupFailures(newestFirst);
  // Every failure is diagnosed even when few lines are sent: a group's key and count need them.
  const lines = groups.slice(0, lineLimit).map(({ key, count, newest: { exchange, diagnosis } }) => ({
    key,
    count,
    exchange: {
      id: exchange.id,
      method: exchange.method,
      url: exchange.url,
      status: exchange.status,
      completedAt: exchange.completedAt,
    },
    causeTitle: diagnosis.causes[0]?.title ?? '',
  }));
  return {
    tabId: history.tabId,
    failureCount: history.failureCount,
    kept: history.exchanges.length,
    ...(history.storageNotice ? { storageNotice: history.storageNotice } : {}),
    lines,
    lineCount: groups.length,
    ...(groups[0] ? { newest: groups[0].newest } : {}),
  };
}

/** One exchange of the history in full, with its view; undefined when the ring has dropped it. */
export function diagnosedExchange(
  history: TabHistory,
  exchangeId: string,
  cache: DiagnosisCache,
  context: DiagnosisContext,
  now: number,
): DiagnosedExchange | undefined {
  const exchange = history.exchanges.find((candidate) => candidate.id === exchangeId);
  if (!exchange) return undefined;
  const [diagnosis] = cache.views(history.exchanges, [exchange], context, now);
  return diagnosis ? { exchange, diagnosis } : undefined;
}

export function diagnosedHistory(
  history: TabHistory,
  cache: DiagnosisCache,
  context: DiagnosisContext,
  now: number,
): DiagnosedHistory {
  return { history, diagnoses: cache.views(history.exchanges, history.exchanges, context, now) };
}
