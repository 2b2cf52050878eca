import type { Cause, CauseId } from '../causes/cause.ts';
import type { DiagnosisView } from '../diagnosis-view.ts';
import type { Exchange, ExperimentKind, ExperimentVerdict } from '../exchange.ts';
import type { Facts } from '../facts.ts';
import { maskTokenShapes, redactText } from '../redact/redact-text.ts';
import { redactUrl } from '../redact/redact-url.ts';
import { requestSecrets } from '../redact/request-secrets.ts';
import { isPlan, planExperiments } from './plan-experiment.ts';

/**
 * What the popup and the panel show of experiments: per cause, what can be tried (without the
 * credential itself: the worker plans again when the user clicks, so a page of ours never holds
 * or sends the request), why nothing can, and what the last run proved.
 */
export interface ExperimentPreview {
  kind: ExperimentKind;
  method: string;
  url: string;
  /** The one change from the failed request, credentials masked. */
  change: string;
}

export interface ExperimentResultView {
  kind: ExperimentKind;
  verdict: ExperimentVerdict;
  reason: string;
  change: string;
  /** The experiment's own record in the tab's history. */
  exchangeId: string;
  method: string;
  url: string;
  /** 0 when no answer came (the error says why). */
  status: number;
  error?: string;
  durationMs: number;
  completedAt: number;
  /** The server's words when it refused again: its challenge or the start of its body. */
  serverSaid?: string;
}

export interface CauseExperiments {
  causeId: CauseId;
  offers: ExperimentPreview[];
  /** Why an experiment is not offered, in words (writes, clock skew, SigV4, no fresher token). */
  unavailable: string[];
  /** The latest experiment run for this cause of this failure. */
  result?: ExperimentResultView;
}

/** Offers for each cause of a failure that has any (in the causes' order). */
export function experimentOffers(facts: Facts, causes: readonly Cause[]): CauseExperiments[] {
  const result: CauseExperiments[] = [];
  for (const cause of causes) {
    const offers = planExperiments(facts, cause.id);
    if (offers.length === 0) continue;
    result.push({
      causeId: cause.id,
      offers: offers.filter(isPlan).map((plan) => ({
        kind: plan.kind,
        method: plan.request.method,
        // Shown before Reveal: a token in the query is redacted like everywhere else.
        url: redactUrl(plan.request.url),
        change: plan.change,
      })),
      unavailable: offers.flatMap((offer) => (isPlan(offer) ? [] : [offer.reason])),
    });
  }
  return result;
}

/** The tab's experiment records by the failure they tested, oldest first. */
export function experimentsByFailure(exchanges: readonly Exchange[]): Map<string, Exchange[]> {
  const byFailure = new Map<string, Exchange[]>();
  for (const exchange of exchanges) {
    const id = exchange.experiment?.forExchangeId;
    if (id === undefined) continue;
    const list = byFailure.get(id);
    if (list) list.push(exchange);
    else byFailure.set(id, [exchange]);
  }
  return byFailure;
}

/** The exchanges that are the app's own traffic: what diagnoses read as the tab's history. */
export function withoutExperiments(exchanges: readonly Exchange[]): readonly Exchange[] {
  return exchanges.some((exchange) => exchange.experiment)
    ? exchanges.filter((e) => !e.experiment)
    : exchanges;
}

const SERVER_SAID_CHARS = 300;

export function resultView(record: Exchange): ExperimentResultView | undefined {
  const experiment = record.experiment;
  if (!experiment) return undefined;
  const challenge = record.responseHeaders.find((header) => header.name === 'www-authenticate')?.value;
  const body = record.responseBody?.text.trim();
  const said = record.status >= 300 ? (challenge ?? (body || undefined)) : undefined;
  return {
    kind: experiment.kind,
    verdict: experiment.verdict,
    reason: experiment.reason,
    change: experiment.change,
    exchangeId: record.id,
    method: record.method,
    url: redactUrl(record.url),
    status: record.status,
    ...(record.error ? { error: record.error } : {}),
    durationMs: Math.max(0, record.completedAt - record.startedAt),
    completedAt: record.completedAt,
    // A server may echo the credential it refused: redacted like every export.
    ...(said
      ? {
          serverSaid: maskTokenShapes(
            // Whole, then cut: a cut first could split a secret so that redaction no longer finds it.
            redactText(said, requestSecrets(record)),
          ).slice(0, SERVER_SAID_CHARS),
        }
      : {}),
  };
}

/**
 * The view with what the experiments proved: each cause's latest result; a confirmed cause first,
 * a ruled-out one last (the others keep their rank between). The cached view is not changed.
 */
export function withExperimentResults(
  view: DiagnosisView,
  records: readonly Exchange[] | undefined,
): DiagnosisView {
  if (!records || records.length === 0 || !view.experiments) return view;
  const latest = new Map<string, ExperimentResultView>();
  for (const record of records) {
    const result = resultView(record);
    if (result && record.experiment) latest.set(record.experiment.causeId, result);
  }
  if (latest.size === 0) return view;
  const known = new Set(view.experiments.map((entry) => entry.causeId));
  const experiments = view.experiments.map((entry) => {
    const result = latest.get(entry.causeId);
    return result ? { ...entry, result } : entry;
  });
  // A result for a cause no longer offered (the page's tokens changed since) still shows.
  for (const [causeId, result] of latest) {
    if (!known.has(causeId as CauseId))
      experiments.push({ causeId: causeId as CauseId, offers: [], unavailable: [], result });
  }
  const rank = (cause: Cause) => {
    const verdict = latest.get(cause.id)?.verdict;
    return verdict === 'confirmed' ? 0 : verdict === 'ruled-out' ? 2 : 1;
  };
  const causes = view.causes
    .map((cause, index) => ({ cause, index }))
    .sort((a, b) => rank(a.cause) - rank(b.cause) || a.index - b.index)
    .map(({ cause }) => cause);
  return { ...view, causes, experiments };
}

/** For reports: a verdict in words a reader expects. */
export function verdictLabel(verdict: ExperimentVerdict): string {
  return verdict === 'confirmed' ? 'Confirmed' : verdict === 'ruled-out' ? 'Ruled out' : 'Inconclusive';
}
