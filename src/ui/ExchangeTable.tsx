import { useEffect, useRef, useState } from 'preact/hooks';
import type { Exchange } from '../core/exchange.ts';
import { clip, clockTime, hostAndPath } from './format.ts';

export interface ExchangeRow {
  exchange: Exchange;
  scheme: string;
  credentialKind: string;
  fingerprint: string;
  topCause: string;
}

/** Every row has the same height, so the visible slice is arithmetic and 5,000 rows cost 40. */
export const ROW_HEIGHT = 24;
const OVERSCAN = 10;

/**
 * The tab's exchanges as a virtualised grid: only the rows in view exist in the DOM. One tab stop
 * on the grid, the selected row named by aria-activedescendant; arrow keys, Page Up/Down, Home and
 * End move the selection (WAI-ARIA grid pattern). Absolutely positioned rows cannot be <tr>s, so
 * the grid is built from divs with ARIA roles (biome.json lets this file do that).
 */
export function ExchangeTable({
  rows,
  selectedId,
  onSelect,
}: {
  rows: ExchangeRow[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(480);

  useEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const selectedIndex = rows.findIndex((row) => row.exchange.id === selectedId);
  // Keep the selected row in view when it moves by keyboard.
  useEffect(() => {
    const element = viewport.current;
    if (!element || selectedIndex < 0) return;
    const top = selectedIndex * ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight) {
      element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
    }
  }, [selectedIndex]);

  if (rows.length === 0) {
    return (
      <p class="muted table-empty" data-testid="table-empty">
        No request matches: nothing with a credential or an authentication failure recorded for this tab yet,
        or the filter hides it.
      </p>
    );
  }

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const pageRows = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);

  const move = (event: KeyboardEvent) => {
    const current = Math.max(selectedIndex, 0);
    const target =
      event.key === 'ArrowDown'
        ? current + 1
        : event.key === 'ArrowUp'
          ? current - 1
          : event.key === 'PageDown'
            ? current + pageRows
            : event.key === 'PageUp'
              ? current - pageRows
              : event.key === 'Home'
                ? 0
                : event.key === 'End'
                  ? rows.length - 1
                  : undefined;
    if (target === undefined) return;
    event.preventDefault();
    const row = rows[Math.min(Math.max(target, 0), rows.length - 1)];
    if (row) onSelect(row.exchange.id);
  };

  return (
    <div
      class="exchange-grid"
      role="grid"
      aria-label="Recorded requests, newest first"
      aria-rowcount={rows.length + 1}
      aria-activedescendant={selectedIndex >= 0 ? `row-${rows[selectedIndex]?.exchange.id}` : undefined}
      tabIndex={0}
      onKeyDown={move}
      data-testid="exchange-grid"
    >
      <div class="grid-row grid-header" role="row" aria-rowindex={1}>
        <span role="columnheader">Time</span>
        <span role="columnheader">Method</span>
        <span role="columnheader">Host and path</span>
        <span role="columnheader">Status</span>
        <span role="columnheader">Credential</span>
        <span role="columnheader">Token</span>
        <span role="columnheader">Top cause</span>
      </div>
      <div
        class="grid-viewport"
        ref={viewport}
        onScroll={(event) => setScrollTop((event.currentTarget as HTMLDivElement).scrollTop)}
        data-testid="grid-viewport"
      >
        <div class="grid-spacer" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
          {rows.slice(first, last).map((row, offset) => {
            const index = first + offset;
            const { exchange } = row;
            return (
              <div
                key={exchange.id}
                id={`row-${exchange.id}`}
                class="grid-row"
                role="row"
                aria-rowindex={index + 2}
                aria-selected={exchange.id === selectedId}
                data-exchange-id={exchange.id}
                data-failed={exchange.failed}
                {...(exchange.experiment ? { 'data-experiment-row': exchange.experiment.verdict } : {})}
                style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
                onClick={() => onSelect(exchange.id)}
              >
                <span role="gridcell">{clockTime(exchange.completedAt)}</span>
                <span role="gridcell">{clip(exchange.method, 24)}</span>
                <span role="gridcell" title={clip(exchange.url, 2000)}>
                  {hostAndPath(exchange.url)}
                </span>
                <span role="gridcell">{exchange.status || '—'}</span>
                <span role="gridcell" title={clip(row.credentialKind, 300)}>
                  {row.scheme ? `${clip(row.scheme, 40)} · ` : ''}
                  {clip(row.credentialKind, 300) || '—'}
                </span>
                <span role="gridcell">
                  <code>{row.fingerprint ? row.fingerprint.slice(0, 8) : '—'}</code>
                </span>
                <span role="gridcell">
                  {exchange.experiment
                    ? `Experiment (${exchange.experiment.kind}): ${exchange.experiment.verdict}`
                    : clip(row.topCause, 300)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
