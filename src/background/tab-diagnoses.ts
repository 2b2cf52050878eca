import type { CauseId } from '../core/causes/cause.ts';
import type { CookieJarSnapshot } from '../core/cookies/attach-jar.ts';
import type { ExperimentKind } from '../core/exchange.ts';
import type { ExperimentPlan } from '../core/experiments/plan-experiment.ts';
import { planForFailure } from '../core/experiments/plan-for-failure.ts';
import type { DiagnosedExchange } from '../core/history/group-failures.ts';
import {
  type DiagnosedHistory,
  DiagnosisCache,
  type DiagnosisContext,
  diagnosedExchange,
  diagnosedHistory,
  type TabFailures,
  tabFailures,
} from '../core/history/tab-diagnoses.ts';
import type { TabHistory } from '../core/history/tab-history.ts';
import type { StoredToken } from '../core/page-tokens/find-stored-tokens.ts';

export interface TabDiagnosesDeps {
  /** The tab's history as stored (waiting for any pending write first). */
  history(tabId: number): Promise<TabHistory>;
  /** The tokens the tab's page keeps now, from its content script; rejects when it cannot answer. */
  collectPageTokens(tabId: number): Promise<StoredToken[]>;
  settings(): Pick<DiagnosisContext, 'skewToleranceSeconds' | 'extraCredentialHeaders'>;
  /** The cookie jar for the tab's failures (issue 18); undefined when it cannot be read. */
  readCookieJar?(tabId: number, history: TabHistory): Promise<CookieJarSnapshot | undefined>;
}

/**
 * A page that is busy (a long task, a storm) answers late: the verdict does not wait for it
 * longer than this, and uses the tokens the page reported last time.
 */
const PAGE_TOKENS_WAIT_MS = 300;

/**
 * The worker's side of "diagnose where the engine lives": the popup and the panel ask, the worker
 * reads the history, asks the page for its stored tokens, and diagnoses what is not cached yet.
 * Caches are memory only (a stopped worker diagnoses again), one per tab.
 */
export class TabDiagnoses {
  readonly #caches = new Map<number, DiagnosisCache>();
  readonly #lastPageTokens = new Map<number, StoredToken[]>();

  constructor(private readonly deps: TabDiagnosesDeps) {}

  async failures(tabId: number, lineLimit?: number): Promise<TabFailures> {
    const [history, context] = await this.#inputs(tabId);
    return tabFailures(history, this.#cache(tabId), context, Date.now(), lineLimit);
  }

  /** One failure in full, for the popup line the user chose; null when it is no longer kept. */
  async failure(tabId: number, exchangeId: string): Promise<DiagnosedExchange | null> {
    const [history, context] = await this.#inputs(tabId);
    return diagnosedExchange(history, exchangeId, this.#cache(tabId), context, Date.now()) ?? null;
  }

  async history(tabId: number): Promise<DiagnosedHistory> {
    const [history, context] = await this.#inputs(tabId);
    return diagnosedHistory(history, this.#cache(tabId), context, Date.now());
  }

  /**
   * An experiment's request, planned now (with the tokens the page keeps now, waited for: the
   * user clicked and a plan from old tokens could send the wrong one); a string says why not.
   */
  async plan(
    tabId: number,
    exchangeId: string,
    causeId: CauseId,
    kind: ExperimentKind,
  ): Promise<ExperimentPlan | string> {
    const [history, pageTokens] = await Promise.all([
      this.deps.history(tabId),
      this.deps.collectPageTokens(tabId).catch(() => undefined),
    ]);
    if (pageTokens === undefined)
      return 'The page did not answer (the tab was closed or reloaded, or it shows a page extensions cannot run in), so nothing was sent. Reload the page and try again.';
    this.#lastPageTokens.set(tabId, pageTokens);
    return planForFailure(
      history,
      exchangeId,
      causeId,
      kind,
      { pageTokens, ...this.deps.settings() },
      Date.now(),
    );
  }

  forget(tabId: number): void {
    this.#caches.delete(tabId);
    this.#lastPageTokens.delete(tabId);
  }

  /** The history and what its diagnoses depend on: the page's tokens, and the jar for its failures. */
  async #inputs(tabId: number): Promise<[TabHistory, DiagnosisContext]> {
    const [history, context] = await Promise.all([this.deps.history(tabId), this.#context(tabId)]);
    const cookieJar = await this.deps.readCookieJar?.(tabId, history).catch(() => undefined);
    return [history, cookieJar ? { ...context, cookieJar } : context];
  }

  #cache(tabId: number): DiagnosisCache {
    let cache = this.#caches.get(tabId);
    if (!cache) {
      cache = new DiagnosisCache();
      this.#caches.set(tabId, cache);
    }
    return cache;
  }

  async #context(tabId: number): Promise<DiagnosisContext> {
    return { pageTokens: await this.#pageTokens(tabId), ...this.deps.settings() };
  }

  async #pageTokens(tabId: number): Promise<StoredToken[]> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), PAGE_TOKENS_WAIT_MS);
    });
    const asked = this.deps.collectPageTokens(tabId).then(
      (tokens) => {
        this.#lastPageTokens.set(tabId, tokens);
        return tokens;
      },
      // No content script (a restricted page, a closed tab): nothing stored to compare with.
      () => [],
    );
    try {
      return (await Promise.race([asked, late])) ?? this.#lastPageTokens.get(tabId) ?? [];
    } finally {
      clearTimeout(timer);
    }
  }
}
