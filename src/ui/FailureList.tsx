import type { Exchange } from '../core/exchange.ts';
import { clockTime, hostAndPath } from './format.ts';

export interface FailureListItem {
  exchange: Exchange;
  topCauseTitle: string;
}

/** The tab's failures, newest first; choosing one shows its detail. */
export function FailureList({
  items,
  selectedId,
  onSelect,
}: {
  items: FailureListItem[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}) {
  return (
    <ul class="failure-list" aria-label="Authentication failures on this tab, newest first">
      {items.map(({ exchange, topCauseTitle }) => (
        <li key={exchange.id} data-failure-id={exchange.id}>
          <button
            type="button"
            class="failure-item"
            aria-current={exchange.id === selectedId ? 'true' : undefined}
            onClick={() => onSelect(exchange.id)}
          >
            <span class="status">{exchange.status}</span>
            <span class="method">{exchange.method}</span>
            <span class="url">{hostAndPath(exchange.url)}</span>
            <span class="when">{clockTime(exchange.completedAt)}</span>
            <span class="cause-hint">{topCauseTitle}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
