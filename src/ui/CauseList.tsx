import type { Cause } from '../core/causes/cause.ts';

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
              <span class="cause-title">{cause.title}</span>
              <span class={`confidence confidence-${cause.confidence}`}>{cause.confidence}</span>
            </summary>
            <dl class="cause-body">
              <dt>Evidence</dt>
              <dd>
                <ul class="evidence">
                  {cause.evidence.map((evidence) => (
                    <li key={evidence.text}>
                      <span class="evidence-source">{SOURCE_LABELS[evidence.source]}</span>
                      <code>{evidence.text}</code>
                    </li>
                  ))}
                </ul>
              </dd>
              <dt>Fix</dt>
              <dd class="fix">{cause.fix}</dd>
              <dt>Why this rank</dt>
              <dd class="rank-reason">{cause.rankReason}</dd>
            </dl>
          </details>
        </li>
      ))}
    </ol>
  );
}
