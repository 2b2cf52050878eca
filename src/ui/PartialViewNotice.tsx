import type { Exchange } from '../core/exchange.ts';
import { clip } from './format.ts';

/**
 * Says what a failure's record could not show because it was seen from the page alone (network
 * capture was not yet on for its tab), and how to see the rest: capture is on now, so repeating the
 * action records the whole exchange.
 */
export function PartialViewNotice({ exchange }: { exchange: Exchange }) {
  const unseen = exchange.unseen ?? [];
  if (unseen.length === 0) return null;
  return (
    <section class="partial-view" role="note" data-testid="partial-view">
      <p>
        <strong>Seen from the page only.</strong> Network capture was not yet on for this tab when this
        happened, so this view does not show:
      </p>
      <ul>
        {unseen.slice(0, 4).map((item) => (
          <li key={item}>{clip(item, 200)}</li>
        ))}
      </ul>
      <p>It is on now: repeat the action (call again, or reload the page) to see the whole exchange.</p>
    </section>
  );
}
