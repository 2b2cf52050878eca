import type { Cause } from '../core/causes/cause.ts';
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

/** The ranked causes; the first is open, the others expand to their evidence and fix. */
export function CauseList({ causes }: { causes: Cause[] }) {
  return (
    <ol class="causes" aria-label="Likely causes, most likely first">
      {causes.map((cause, index) => (
        <li key={cause.id} class="cause" data-cause={cause.id} data-confidence={cause.confidence}>
          <details open={index === 0}>
            <summary>
              <span class="cause-rank">{index + 1}</span>
              <span class="cause-title">{clip(cause.title, 300)}</span>
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
            </dl>
          </details>
        </li>
      ))}
    </ol>
  );
}
