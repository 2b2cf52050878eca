import type { FailureLine } from '../core/history/tab-diagnoses.ts';
import { clip, clockTime, hostAndPath } from './format.ts';

/**
 * The tab's failures, newest first, repeats folded into one line ("×37"). One tab stop; the arrow
 * keys, Home and End move through the list and choose (the listbox pattern of WAI-ARIA APG).
 */
export function FailureList({
  lines: groups,
  selectedKey,
  onSelect,
}: {
  lines: FailureLine[];
  selectedKey: string | undefined;
  onSelect: (key: string) => void;
}) {
  const index = Math.max(
    0,
    groups.findIndex((group) => group.key === selectedKey),
  );
  const move = (event: KeyboardEvent) => {
    const last = groups.length - 1;
    const next =
      event.key === 'ArrowDown'
        ? Math.min(index + 1, last)
        : event.key === 'ArrowUp'
          ? Math.max(index - 1, 0)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    const group = groups[next];
    if (group) onSelect(group.key);
    const list = event.currentTarget as HTMLElement;
    list.querySelectorAll<HTMLElement>('[role="option"]')[next]?.focus();
  };
  return (
    <div
      class="failure-list"
      role="listbox"
      aria-label="Authentication failures on this tab, newest first"
      data-testid="failure-list"
      onKeyDown={move}
    >
      {groups.map((group, position) => {
        const { exchange } = group;
        const selected = position === index;
        return (
          <div
            key={group.key}
            role="option"
            aria-selected={selected}
            tabIndex={selected ? 0 : -1}
            class="failure-item"
            data-failure-id={exchange.id}
            data-count={group.count}
            onClick={() => onSelect(group.key)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') onSelect(group.key);
            }}
          >
            <span class="status">{exchange.status}</span>
            <span class="method">{clip(exchange.method, 24)}</span>
            <span class="url">{hostAndPath(exchange.url)}</span>
            <span class="when">
              {group.count > 1 ? <span class="repeat">×{group.count}</span> : null}{' '}
              {clockTime(exchange.completedAt)}
            </span>
            <span class="cause-hint">{clip(group.causeTitle, 300)}</span>
          </div>
        );
      })}
    </div>
  );
}
