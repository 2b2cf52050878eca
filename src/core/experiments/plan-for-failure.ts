import type { CauseId } from '../causes/cause.ts';
import { diagnose } from '../diagnose.ts';
import type { ExperimentKind } from '../exchange.ts';
import type { DiagnosisContext } from '../history/tab-diagnoses.ts';
import type { TabHistory } from '../history/tab-history.ts';
import { withoutExperiments } from './experiment-view.ts';
import { type ExperimentPlan, isPlan, planExperiments } from './plan-experiment.ts';

/**
 * The request to send when the user asks for an experiment, planned again from what was recorded
 * and the tokens the page keeps now: the asker names only the failure, the cause and the kind, so
 * what is sent, and where, is never theirs to choose. A string says why nothing is sent.
 */
export function planForFailure(
  history: TabHistory,
  exchangeId: string,
  causeId: CauseId,
  kind: ExperimentKind,
  context: DiagnosisContext,
  now: number,
): ExperimentPlan | string {
  const exchange = history.exchanges.find((candidate) => candidate.id === exchangeId);
  if (!exchange || exchange.experiment)
    return 'This failure is no longer in the tab’s history: nothing was sent.';
  if (!exchange.failed) return 'This request did not fail: there is nothing to confirm.';
  const diagnosis = diagnose(exchange, {
    now,
    history: withoutExperiments(history.exchanges),
    pageTokens: context.pageTokens,
    skewToleranceSeconds: context.skewToleranceSeconds,
    extraCredentialHeaders: context.extraCredentialHeaders,
  });
  if (!diagnosis.causes.some((cause) => cause.id === causeId))
    return 'That cause is no longer among this failure’s causes: nothing was sent.';
  const offers = planExperiments(diagnosis.facts, causeId);
  const plan = offers.filter(isPlan).find((offer) => offer.kind === kind);
  if (plan) return exchange.pageOrigin ? { ...plan, pageOrigin: exchange.pageOrigin } : plan;
  const reason = offers.find((offer) => !isPlan(offer));
  return reason && !isPlan(reason)
    ? `${reason.reason} Nothing was sent.`
    : 'This experiment is not offered for that cause (the page’s tokens may have changed): nothing was sent.';
}
