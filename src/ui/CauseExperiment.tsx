import { useState } from 'preact/hooks';
import type { ExperimentKind, ExperimentVerdict } from '../core/exchange.ts';
import type {
  CauseExperiments,
  ExperimentPreview,
  ExperimentResultView,
} from '../core/experiments/experiment-view.ts';
import type { ExperimentRunReply } from '../shared/messages.ts';
import { clip } from './format.ts';
import { VisibleText } from './visible-text.tsx';

/** Runs the experiment the user confirmed (the worker checks it is still the one shown). */
export type RunExperiment = (preview: ExperimentPreview) => Promise<ExperimentRunReply>;

const ACTION_LABELS: Record<ExperimentKind, string> = {
  'fresher-token': 'Confirm: retry with the fresher token',
  'repaired-header': 'Confirm: retry with the header repaired',
  'same-again': 'Confirm: send the same request again',
  preflight: 'Confirm: let the browser send the preflight again',
  'redirect-target': 'Confirm: request the final URL directly',
};

export const VERDICT_LABELS: Record<ExperimentVerdict, string> = {
  confirmed: 'Confirmed',
  'ruled-out': 'Ruled out',
  inconclusive: 'Inconclusive',
};

/** The newer of the result the worker sent and the one this popup just received. */
export function latestResult(
  shown: ExperimentResultView | undefined,
  local: ExperimentResultView | undefined,
): ExperimentResultView | undefined {
  if (!shown || !local) return shown ?? local;
  return local.completedAt > shown.completedAt ? local : shown;
}

/**
 * A cause's experiments: the last result, a "Confirm" action per experiment, and the reasons none
 * is offered. An action opens a confirmation step that shows exactly what will be sent; only its
 * Send button sends, one request per click.
 */
export function CauseExperimentSection({
  experiments,
  result,
  onRun,
  onResult,
}: {
  experiments: CauseExperiments;
  result: ExperimentResultView | undefined;
  onRun: RunExperiment | undefined;
  onResult: (result: ExperimentResultView) => void;
}) {
  const [open, setOpen] = useState<ExperimentPreview | undefined>();
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>();

  const send = async (preview: ExperimentPreview) => {
    if (!onRun || sending) return;
    setSending(true);
    setRefusal(undefined);
    try {
      const reply = await onRun(preview);
      if (reply.ok) {
        onResult(reply.result);
        setOpen(undefined);
      } else setRefusal(reply.reason);
    } catch (error) {
      setRefusal(`The extension could not run it: ${String(error)}`);
    } finally {
      setSending(false);
    }
  };

  const canRun = onRun !== undefined && experiments.offers.length > 0;
  return (
    <div class="experiments">
      {result ? <ExperimentResult result={result} /> : null}
      {canRun ? (
        <div class="experiment-actions">
          {experiments.offers.map((preview) => (
            <button
              key={preview.kind}
              type="button"
              class="experiment-button"
              data-experiment={preview.kind}
              aria-expanded={open?.kind === preview.kind}
              onClick={() => {
                setRefusal(undefined);
                setOpen(open?.kind === preview.kind ? undefined : preview);
              }}
            >
              {ACTION_LABELS[preview.kind]}
            </button>
          ))}
        </div>
      ) : null}
      {open && canRun ? (
        <dialog
          open
          class="experiment-dialog"
          aria-label="Send this experiment?"
          data-testid="experiment-dialog"
        >
          <p>One request, sent from the page itself (its origin and cookies), only when you click Send:</p>
          <p>
            <code class="experiment-request">
              {open.method} <VisibleText text={clip(open.url, 2000)} />
            </code>
          </p>
          <p>
            <span class="muted">The one change: </span>
            <VisibleText text={clip(open.change, 1000)} />
          </p>
          <div class="experiment-dialog-actions">
            <button
              type="button"
              class="action-button"
              data-experiment-send
              disabled={sending}
              onClick={() => void send(open)}
            >
              {sending ? 'Sending…' : 'Send'}
            </button>
            <button type="button" class="link-button" disabled={sending} onClick={() => setOpen(undefined)}>
              Cancel
            </button>
          </div>
        </dialog>
      ) : null}
      {refusal ? (
        <p class="finding" role="status" data-experiment-error>
          {clip(refusal, 500)}
        </p>
      ) : null}
      {experiments.unavailable.map((reason) => (
        <p key={reason} class="muted experiment-unavailable" data-testid="experiment-unavailable">
          {clip(reason, 500)}
        </p>
      ))}
    </div>
  );
}

function ExperimentResult({ result }: { result: ExperimentResultView }) {
  const answer = result.status > 0 ? `${result.status}` : `no answer (${result.error ?? 'network error'})`;
  return (
    <div class={`experiment-result verdict-${result.verdict}`} role="status" data-testid="experiment-result">
      <p>
        <strong>{VERDICT_LABELS[result.verdict]}</strong> — {clip(result.reason, 500)}
      </p>
      <p class="muted">
        {result.method} <VisibleText text={clip(result.url, 300)} /> → {answer} in {result.durationMs} ms.
        Change: <VisibleText text={clip(result.change, 500)} />
      </p>
      {result.serverSaid ? (
        <p class="muted">
          The server said: <code>{<VisibleText text={clip(result.serverSaid, 300)} />}</code>
        </p>
      ) : null}
    </div>
  );
}
