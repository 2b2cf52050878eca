import { isAuthFailure } from '../core/auth-failure.ts';
import type { CauseId } from '../core/causes/cause.ts';
import { keptResponseHeader } from '../core/credential-headers.ts';
import type { Exchange, ExperimentKind } from '../core/exchange.ts';
import { resultView } from '../core/experiments/experiment-view.ts';
import { type ExperimentJudgement, judgeExperiment } from '../core/experiments/judge-experiment.ts';
import type { ExperimentPlan, ExperimentRequest } from '../core/experiments/plan-experiment.ts';
import type { ExperimentResponse, ExperimentRunReply } from '../shared/messages.ts';
import type { ExperimentClaims } from './experiment-claims.ts';

export interface ExperimentRunnerDeps {
  /** The request to send, planned again from the record and the page's tokens; a string: why not. */
  plan(
    tabId: number,
    exchangeId: string,
    causeId: CauseId,
    kind: ExperimentKind,
  ): Promise<ExperimentPlan | string>;
  /**
   * Sends it from the tab's top page (its content script), only if that page is of `origin`;
   * rejects when the page cannot answer, or with an error whose `shownOrigin` names the other
   * origin the tab shows now.
   */
  sendFromPage(tabId: number, request: ExperimentRequest, origin: string): Promise<ExperimentResponse>;
  /** Adds the experiment's record to the tab's history. */
  record(exchange: Exchange): Promise<void>;
  claims: ExperimentClaims;
  failureStatuses(): ReadonlySet<number>;
  nextId(): string;
}

/** The tab shows a page of another origin than the failure's: nothing was sent. */
export class PageChangedError extends Error {
  constructor(readonly shownOrigin: string) {
    super(`The tab now shows ${shownOrigin}`);
  }
}

/** The preflight experiment when network capture did not see the browser's OPTIONS. */
function unseenPreflight(response: ExperimentResponse): ExperimentJudgement {
  return response.status === 0
    ? {
        verdict: 'inconclusive',
        reason: `The request was blocked (${response.error ?? 'no answer'}), and the browser's preflight was not seen (only Chromium shows preflights to extensions): the experiment proves nothing.`,
      }
    : {
        verdict: 'ruled-out',
        reason: `The request went through (${response.status}), so any preflight the browser sent first was accepted: the preflight is not what fails.`,
      };
}

/** How long the preflight experiment waits for network capture's view of the browser's OPTIONS. */
const PREFLIGHT_WAIT_MS = 1_500;

/**
 * Runs one experiment on the user's click (issue 16): plans it again, sends it from the page,
 * judges the answer and records it, marked, in the tab's history. One at a time per tab: a click
 * is one request, and a second click while one runs is refused rather than queued.
 */
export class ExperimentRunner {
  readonly #running = new Set<number>();

  constructor(private readonly deps: ExperimentRunnerDeps) {}

  async run(
    tabId: number,
    exchangeId: string,
    causeId: CauseId,
    kind: ExperimentKind,
    shownChange?: string,
  ): Promise<ExperimentRunReply> {
    if (this.#running.has(tabId))
      return { ok: false, reason: 'An experiment is already running in this tab: nothing more was sent.' };
    this.#running.add(tabId);
    try {
      return await this.#run(tabId, exchangeId, causeId, kind, shownChange);
    } finally {
      this.#running.delete(tabId);
    }
  }

  async #run(
    tabId: number,
    exchangeId: string,
    causeId: CauseId,
    kind: ExperimentKind,
    shownChange: string | undefined,
  ): Promise<ExperimentRunReply> {
    const plan = await this.deps.plan(tabId, exchangeId, causeId, kind);
    if (typeof plan === 'string') return { ok: false, reason: plan };
    // Planned again now: if the page's tokens changed since the dialog, it is not what was shown.
    if (shownChange !== undefined && plan.change !== shownChange)
      return {
        ok: false,
        reason: `The page's tokens changed since this was shown, so it would now send: ${plan.change}. Nothing was sent; look at the change again and Send if it is right.`,
      };
    if (!plan.pageOrigin)
      return { ok: false, reason: 'The page this request came from is not known: nothing was sent.' };
    const { claims } = this.deps;
    const claim = claims.expect(tabId, plan.request.method, plan.request.url);
    let response: ExperimentResponse;
    try {
      response = await this.deps.sendFromPage(tabId, plan.request, plan.pageOrigin);
    } catch (error) {
      claims.finish(claim);
      if (error instanceof PageChangedError)
        return {
          ok: false,
          reason: `The request failed on ${plan.pageOrigin}, and the tab now shows ${error.shownOrigin}: nothing was sent from there. Go back to ${plan.pageOrigin} to run it.`,
        };
      return {
        ok: false,
        reason:
          'The page did not answer (the tab was closed or reloaded, or it shows a page extensions cannot run in): the request was not sent, or its answer was lost, and nothing was recorded. Reload the page and try again.',
      };
    }
    // The browser's own preflight is the answer for the preflight experiment.
    const preflight =
      plan.kind === 'preflight' ? await claims.preflight(claim, PREFLIGHT_WAIT_MS) : undefined;
    claims.finish(claim);
    const record = preflight
      ? { ...preflight, id: this.deps.nextId(), type: 'experiment' }
      : this.#recordOf(tabId, plan, response);
    const refused = isAuthFailure({ ...record }, this.deps.failureStatuses());
    const judgement =
      plan.kind === 'preflight' && !preflight
        ? unseenPreflight(response)
        : judgeExperiment(plan, {
            status: record.status,
            refused,
            ...(record.error ? { error: record.error } : {}),
          });
    record.experiment = {
      kind: plan.kind,
      causeId,
      forExchangeId: exchangeId,
      verdict: judgement.verdict,
      reason: judgement.reason,
      change: plan.change,
    };
    record.failed = false;
    await this.deps.record(record);
    const result = resultView(record);
    return result ? { ok: true, result } : { ok: false, reason: 'The experiment could not be recorded.' };
  }

  #recordOf(tabId: number, plan: ExperimentPlan, response: ExperimentResponse): Exchange {
    return {
      id: this.deps.nextId(),
      tabId,
      method: plan.request.method,
      url: response.url || plan.request.url,
      status: response.status,
      type: 'experiment',
      startedAt: response.startedAt,
      completedAt: response.completedAt,
      requestHeaders: plan.request.headers,
      responseHeaders: response.headers.flatMap(
        (header) => keptResponseHeader(header.name, header.value) ?? [],
      ),
      ...(response.body ? { responseBody: response.body } : {}),
      ...(response.error ? { error: response.error } : {}),
      sources: ['page'],
      failed: false,
    };
  }
}
