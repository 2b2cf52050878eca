import type { Exchange } from '../core/exchange.ts';
import { formatRelative } from '../core/time/format-relative.ts';
import { clip, clockTime, hostAndPath } from './format.ts';

/** One line that identifies the request: method, where, status, when. */
export function ExchangeSummary({ exchange, now }: { exchange: Exchange; now: number }) {
  return (
    <p class="exchange-summary" data-testid="exchange-summary">
      <span class="method">{clip(exchange.method, 24)}</span>{' '}
      <span class="url" title={clip(exchange.url, 2000)}>
        {hostAndPath(exchange.url)}
      </span>{' '}
      <span class={`status status-${Math.floor(exchange.status / 100)}xx`} data-testid="status">
        {exchange.status || 'no response'}
      </span>{' '}
      <time class="when" dateTime={new Date(exchange.completedAt).toISOString()}>
        {clockTime(exchange.completedAt)} ({formatRelative(exchange.completedAt, now)})
      </time>
    </p>
  );
}
