import { useState } from 'preact/hooks';
import type { Cause, CauseId } from '../core/causes/cause.ts';
import type {
  CauseExperiments,
  ExperimentPreview,
  ExperimentResultView,
} from '../core/experiments/experiment-view.ts';
import type { ExperimentRunReply } from '../shared/messages.ts';
import { CauseExperimentSection, latestResult, VERDICT_LABELS } from './CauseExperiment.tsx';
import { clip } from './format.ts';
import { VisibleText } from './visible-text.tsx';

/** Evidence quotes what the server and the page sent: bounded, and hidden characters shown. */
const MAX_EVIDENCE = 20;
const MAX_EVIDENCE_CHARS = 2000;

const SOURCE_LABELS: Record<Cause['evidence'][number]['source'], string> = {
  request: 'Request',
  'response-header': 'Response header',
  'response-body': 'Response body',
  status: 'Status',
  claim: 'Token',
  clock: 'Clocks',
  history: 'History',
};

export type RunCauseExperiment = (
  causeId: CauseId,
  preview: ExperimentPreview,
) => Promise<ExperimentRunReply>;

/**
 * The ranked causes; the first is open, the others expand to their evidence and fix. A cause with
 * an experiment offers it (when `onRunExperiment` is given) and shows what the last one proved.
 */
export function CauseList({
  causes,
  experiments = [],
  onRunExperiment,
}: {
  causes: Cause[];
  experiments?: CauseExperiments[];
  onRunExperiment?: RunCauseExperiment;
}) {
  // Results this page received before the worker's next view of the history carries them.
  const [local, setLocal] = useState<Partial<Record<CauseId, ExperimentResultView>>>({});
  return (
    <ol class="causes" aria-label="Likely causes, most likely first">
      {causes.map((cause, index) => {
        const entry = experiments.find((candidate) => candidate.causeId === cause.id);
        const result = latestResult(entry?.result, local[cause.id]);
        return (
          <li
            key={cause.id}
            class="cause"
            data-cause={cause.id}
            data-confidence={cause.confidence}
            {...(result ? { 'data-experiment-result': result.verdict } : {})}
          >
            <details open={index === 0}>
              <summary>
                <span class="cause-rank">{index + 1}</span>
                <span class="cause-title">{clip(cause.title, 300)}</span>
                {result ? (
                  <span class={`verdict-badge verdict-${result.verdict}`}>
                    {VERDICT_LABELS[result.verdict]}
                  </span>
                ) : null}
                <span class={`confidence confidence-${cause.confidence}`}>{cause.confidence}</span>
              </summary>
              <dl class="cause-body">
                <dt>Evidence</dt>
                <dd>
                  <ul class="evidence">
                    {cause.evidence.slice(0, MAX_EVIDENCE).map((evidence, index) => (
                      <li key={`${index}:${evidence.source}`}>
                        <span class="evidence-source">{SOURCE_LABELS[evidence.source]}</span>
                        <code>
                          <VisibleText text={clip(evidence.text, MAX_EVIDENCE_CHARS)} />
                        </code>
                      </li>
                    ))}
                  </ul>
                </dd>
                <dt>Fix</dt>
                <dd class="fix">{clip(cause.fix, 2000)}</dd>
                <dt>Why this rank</dt>
                <dd class="rank-reason">{clip(cause.rankReason, 1000)}</dd>
                {entry || result ? (
                  <>
                    <dt>Prove it</dt>
                    <dd>
                      <CauseExperimentSection
                        experiments={entry ?? { causeId: cause.id, offers: [], unavailable: [] }}
                        result={result}
                        onRun={onRunExperiment ? (preview) => onRunExperiment(cause.id, preview) : undefined}
                        onResult={(received) => setLocal((known) => ({ ...known, [cause.id]: received }))}
                      />
                    </dd>
                  </>
                ) : null}
              </dl>
            </details>
          </li>
        );
      })}
    </ol>
  );
}
