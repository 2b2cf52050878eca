import type { ExperimentRecord, ExperimentVerdict } from '../exchange.ts';
import type { CauseExperiments, ExperimentResultView } from '../experiments/experiment-view.ts';
import { verdictLabel } from '../experiments/experiment-view.ts';
import { experimentMarker, redactUrlsInText } from '../export/experiment-marker.ts';
import { redactText, redactUrl } from '../redact/redact-credential.ts';
import { codeSpan } from './markdown-escape.ts';
import type { TextFormatter } from './report-sections.ts';

/** One result per cause at most, and causes are few: a bound all the same, as the cause list has. */
const MAX_EXPERIMENTS = 12;
const SERVER_SAID = 300;

/**
 * What Auth Inspector's own requests proved about the causes (issue 16). Every string is redacted
 * with the failure's secrets: the result view was redacted with the experiment's (its fresher
 * token, what the server echoed), and its change can name the failure's first hop, with its URL.
 */
export function experimentsSection(
  experiments: readonly CauseExperiments[] | undefined,
  secrets: readonly string[],
  text: TextFormatter,
): string[] {
  const run = (experiments ?? []).flatMap((entry) =>
    entry.result ? [{ causeId: entry.causeId, result: entry.result }] : [],
  );
  if (run.length === 0) return [];
  const lines = [
    '#### Experiments',
    '',
    'Requests Auth Inspector sent on the user’s click to test a cause: not the app’s own traffic.',
    '',
  ];
  for (const { causeId, result } of run.slice(0, MAX_EXPERIMENTS)) {
    lines.push(
      `- ${codeSpan(causeId, 100)}: **${verdictLabel(result.verdict)}** — ${text(redactUrlsInText(result.reason), 500)}`,
      `  - Experiment: ${text(result.kind, 40)}`,
      `  - Request: ${codeSpan(result.method, 40)} ${reportUrl(result.url, secrets)}`,
      `  - Answer: ${answer(result, text)}`,
      `  - Change: ${text(redactUrlsInText(result.change), 500)}`,
    );
    if (result.serverSaid)
      lines.push(`  - The server said: ${codeSpan(redactText(result.serverSaid, secrets), SERVER_SAID)}`);
  }
  if (run.length > MAX_EXPERIMENTS) lines.push('', `${run.length - MAX_EXPERIMENTS} more not shown.`);
  return lines;
}

/** ` — experiment: **Confirmed**` after a cause an experiment tested, so the list says what it proved. */
export function verdictSuffix(verdict: ExperimentVerdict | undefined): string {
  return verdict === undefined ? '' : ` — experiment: **${verdictLabel(verdict)}**`;
}

/** Each cause's latest verdict, for the cause list. */
export function verdictsByCause(
  experiments: readonly CauseExperiments[] | undefined,
): Map<string, ExperimentVerdict> {
  const verdicts = new Map<string, ExperimentVerdict>();
  for (const entry of experiments ?? []) if (entry.result) verdicts.set(entry.causeId, entry.result.verdict);
  return verdicts;
}

/** The title of a report on a request Auth Inspector sent itself. */
export function experimentTitle(experiment: ExperimentRecord): string {
  return `### Auth Inspector experiment: ${verdictLabel(experiment.verdict)} for ${codeSpan(experiment.causeId, 100)}`;
}

/** The marker under that title: this request is not the app's, and what it tested and proved. */
export function experimentMarkerSection(experiment: ExperimentRecord, text: TextFormatter): string[] {
  return [
    `**${experimentMarker(experiment)}.**`,
    '',
    `- **Tested:** ${codeSpan(experiment.causeId, 100)}, a cause of the failure ${codeSpan(experiment.forExchangeId, 100)}`,
    `- **Reason:** ${text(redactUrlsInText(experiment.reason), 500)}`,
    `- **Change:** ${text(redactUrlsInText(experiment.change), 500)}`,
  ];
}

function reportUrl(value: string, secrets: readonly string[]): string {
  return codeSpan(redactText(redactUrl(value), secrets), 2000);
}

function answer(result: ExperimentResultView, text: TextFormatter): string {
  const status =
    result.status > 0 ? String(result.status) : `no answer (${text(result.error ?? 'network error', 200)})`;
  const ms = Number.isFinite(result.durationMs) ? `${Math.max(0, Math.round(result.durationMs))} ms` : '';
  return ms ? `${status} in ${ms}` : status;
}
