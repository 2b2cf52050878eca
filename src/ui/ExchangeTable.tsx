import type { Exchange } from '../core/exchange.ts';
import { clockTime, hostAndPath } from './format.ts';

export interface ExchangeRow {
  exchange: Exchange;
  credentialKind: string;
  topCause: string;
}

/** Every recorded exchange of a tab as a table; failures stand out. */
export function ExchangeTable({
  rows,
  selectedId,
  onSelect,
}: {
  rows: ExchangeRow[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}) {
  if (rows.length === 0) {
    return (
      <p class="muted">
        No request with a credential or an authentication failure recorded for this tab yet.
      </p>
    );
  }
  return (
    <table class="exchange-table" aria-label="Recorded requests, newest first">
      <colgroup>
        <col style={{ width: '5.5em' }} />
        <col style={{ width: '4.5em' }} />
        <col />
        <col style={{ width: '4em' }} />
        <col style={{ width: '11em' }} />
        <col style={{ width: '11em' }} />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Method</th>
          <th scope="col">URL</th>
          <th scope="col">Status</th>
          <th scope="col">Credential</th>
          <th scope="col">Top cause</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ exchange, credentialKind, topCause }) => (
          <tr
            key={exchange.id}
            data-exchange-id={exchange.id}
            data-failed={exchange.failed}
            aria-selected={exchange.id === selectedId}
            tabIndex={0}
            onClick={() => onSelect(exchange.id)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') onSelect(exchange.id);
            }}
          >
            <td>{clockTime(exchange.completedAt)}</td>
            <td>{exchange.method}</td>
            <td title={exchange.url}>{hostAndPath(exchange.url)}</td>
            <td>{exchange.status}</td>
            <td>{credentialKind}</td>
            <td>{topCause}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
