import type { ExperimentKind, ExperimentRecord } from '../exchange.ts';
import { verdictLabel } from '../experiments/experiment-view.ts';
import { redactUrl } from '../redact/redact-credential.ts';

const KINDS: ReadonlySet<string> = new Set<ExperimentKind>([
  'fresher-token',
  'repaired-header',
  'same-again',
  'preflight',
  'redirect-target',
]);

/**
 * The words every export uses to mark a request Auth Inspector sent itself (issue 16), so that no
 * reader takes it for the app's traffic. Built from fixed vocabulary only (a stored record is
 * untrusted), so it is safe as a shell comment or a Markdown line without escaping.
 */
export function experimentMarker(experiment: ExperimentRecord): string {
  const kind = KINDS.has(experiment.kind) ? experiment.kind : 'unknown kind';
  return `Experiment (${kind}): ${verdictLabel(experiment.verdict)} — sent by Auth Inspector, not the app`;
}

/**
 * Absolute URLs inside free text. The scheme is a fixed alternation, so a failed attempt costs a
 * few characters and the scan stays linear on hostile text; a URL runs to white space or a quote.
 */
const URL_IN_TEXT = /\b(?:https?|wss?):\/\/[^\s"'<>`]+/gi;
/** Sentence punctuation after a URL ("(not https://a.example/x?k=v).") is not part of it. */
const TRAILING = new Set([')', ',', '.', ';', ':', '!', '?']);

/**
 * Free text with every URL in it redacted as redactUrl does. An experiment's change names the
 * first hop of a redirect (`not https://old.example/?api_key=…`), a URL of the failure it tested
 * whose secrets the experiment's own record does not carry.
 */
export function redactUrlsInText(text: string): string {
  return text.replace(URL_IN_TEXT, (match) => {
    // A loop, not /[…]+$/: that regex is quadratic on a long run of punctuation.
    let end = match.length;
    while (end > 0 && TRAILING.has(match.charAt(end - 1))) end--;
    return redactUrl(match.slice(0, end)) + match.slice(end);
  });
}
