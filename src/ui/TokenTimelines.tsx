import type { ParallelUse, TokenSwitch, TokenTimeline } from '../core/history/token-timeline.ts';
import { formatInstant } from '../core/time/format-relative.ts';
import { clip, clockTime, hostAndPath } from './format.ts';

const VERDICT_WORDS: Record<TokenTimeline['verdict'], string> = {
  working: 'working',
  expired: 'expired',
  revoked: 'revoked',
  failing: 'never worked',
  replaced: 'replaced',
  'refresh-missed': 'refresh missed',
};

/**
 * One line per credential the tab used: when it was first and last seen, where it worked and
 * where it started failing, and the verdict in words ("revoked at 10:42 while still valid").
 */
export function TokenTimelines({
  timelines,
  switches,
  parallel,
  onSelect,
}: {
  timelines: readonly TokenTimeline[];
  switches: readonly TokenSwitch[];
  parallel: readonly ParallelUse[];
  onSelect: (exchangeId: string) => void;
}) {
  if (timelines.length === 0) {
    return <p class="muted">No request in this tab carried a credential yet.</p>;
  }
  return (
    <>
      {parallel.map((use) => (
        <p key={`${use.from}-${use.to}`} class="finding" data-testid="parallel-use">
          {use.fingerprints.length} tokens were used side by side between {clockTime(use.from)} and{' '}
          {clockTime(use.to)}: two parts of the app hold different tokens.
        </p>
      ))}
      <ol class="timelines" aria-label="Credentials used by this tab, oldest first" data-testid="timelines">
        {timelines.map((timeline) => {
          const switched = switches.find((item) => item.from === timeline.fingerprint);
          return (
            <li
              key={timeline.fingerprint}
              class="timeline"
              data-fingerprint={timeline.fingerprint}
              data-verdict={timeline.verdict}
            >
              <header class="timeline-head">
                <span class={`timeline-verdict verdict-${timeline.verdict}`}>
                  {VERDICT_WORDS[timeline.verdict]}
                </span>
                <code>{timeline.label}</code>
                <span class="muted">{timeline.kind}</span>
              </header>
              <p class="timeline-explanation">{timeline.explanation}</p>
              <p class="muted timeline-span">
                First seen {formatInstant(timeline.firstSeen)}, last seen {formatInstant(timeline.lastSeen)} ·{' '}
                {timeline.successes} worked, {timeline.failures} failed
                {switched ? ` · replaced at ${clockTime(switched.at)}` : ''}
              </p>
              {timeline.refreshes.length > 0 ? (
                <ul class="timeline-refreshes" data-testid="timeline-refreshes">
                  {timeline.refreshes.map((refresh) => (
                    <li key={refresh.exchangeId} data-refresh-ok={refresh.ok}>
                      <button type="button" class="link-button" onClick={() => onSelect(refresh.exchangeId)}>
                        {clockTime(refresh.at)}{' '}
                        {refresh.grant === 'refresh_token' ? 'refresh' : clip(refresh.grant, 80)}
                      </button>{' '}
                      {refresh.ok ? 'succeeded' : 'failed'}: {clip(refresh.words, 300)}
                    </li>
                  ))}
                </ul>
              ) : null}
              <ol class="timeline-events" aria-label="Requests with this credential">
                {timeline.events.map((event) => (
                  <li key={event.exchangeId}>
                    <button
                      type="button"
                      class={`event ${event.ok ? 'event-ok' : 'event-failed'}`}
                      title={`${clockTime(event.at)} ${event.method} ${hostAndPath(event.url)} → ${event.status}${event.topCause ? ` (${event.topCause})` : ''}`}
                      aria-label={`${clockTime(event.at)} ${event.method} ${hostAndPath(event.url)}, status ${event.status}`}
                      onClick={() => onSelect(event.exchangeId)}
                    />
                  </li>
                ))}
              </ol>
            </li>
          );
        })}
      </ol>
    </>
  );
}
