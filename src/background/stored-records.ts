import type { Exchange } from '../core/exchange.ts';
import { historyBytes } from '../core/history/exchange-bytes.ts';
import { emptyHistory, type TabHistory } from '../core/history/tab-history.ts';
import type { StorageAreaLike } from './tab-history-store.ts';

/**
 * How one tab's history lies in `storage.session`: a summary under `tab:<id>` (counts, notice, and
 * the keys of its records, oldest first) and each record under its own key, `tab:<id>:<n>`. A write
 * then carries the summary and the records that are new or changed, not the whole history: with a
 * full ring of 200 records, writing all of them took the browser's main thread up to 38 ms a write
 * in a storm of 2,000 calls (traced), time in which no request of any tab made progress.
 */
export function summaryKey(tabId: number): string {
  return `tab:${tabId}`;
}

export interface StoredSummary extends Omit<TabHistory, 'exchanges'> {
  /** The records' keys, oldest first. */
  records: string[];
}

/** A write that brings storage up to date with a history: remove these keys, then set these items. */
export interface WritePlan {
  removed: string[];
  items: Record<string, unknown>;
  /** The write succeeded: what it wrote is now in storage. */
  commit(): void;
  /** The write failed: what it would have written is still to write. */
  restore(): void;
}

/** What the store knows of one tab's records in storage, and which are still to write. */
export class StoredRecords {
  private readonly keyOf = new WeakMap<Exchange, string>();
  private readonly inStorage = new Set<string>();
  /** Records changed in place since they were last written (new ones have no key yet). */
  private changed = new Set<Exchange>();
  private nextIndex = 0;

  private constructor(readonly tabId: number) {}

  static empty(tabId: number): StoredRecords {
    return new StoredRecords(tabId);
  }

  /** Reads a tab's history; what cannot be read is an empty history, never an error. */
  static async load(
    area: StorageAreaLike,
    tabId: number,
  ): Promise<{ history: TabHistory; records: StoredRecords }> {
    const records = new StoredRecords(tabId);
    const key = summaryKey(tabId);
    const value = (await area.get(key).catch((): Record<string, unknown> => ({})))[key];
    if (typeof value !== 'object' || value === null) return { history: emptyHistory(tabId), records };
    const stored = value as Partial<StoredSummary> & { exchanges?: unknown };
    let exchanges: Exchange[] = [];
    let complete = true;
    if (Array.isArray(stored.records)) {
      const keys = stored.records.filter((record): record is string => typeof record === 'string');
      const items = await area.get(keys).catch(() => ({}) as Record<string, unknown>);
      for (const recordKey of keys) {
        // Named, so freed (reused or removed) by the next write even when it could not be read.
        records.inStorage.add(recordKey);
        records.countIndex(recordKey);
        const exchange = items[recordKey];
        // A record missing (a write cut short by a worker stop) leaves a gap, not a broken history.
        if (typeof exchange !== 'object' || exchange === null) {
          complete = false;
          continue;
        }
        exchanges.push(exchange as Exchange);
        records.keyOf.set(exchange as Exchange, recordKey);
      }
    } else if (Array.isArray(stored.exchanges)) {
      // One value holding every record, as tests and benches seed a history: rewritten in the
      // layout above by the first write.
      exchanges = stored.exchanges as Exchange[];
    } else {
      return { history: emptyHistory(tabId), records };
    }
    const history: TabHistory = {
      tabId,
      exchanges,
      failureCount: typeof stored.failureCount === 'number' ? stored.failureCount : 0,
      dropped: typeof stored.dropped === 'number' ? stored.dropped : 0,
      // A history with gaps is smaller than its summary says.
      bytes: complete && typeof stored.bytes === 'number' ? stored.bytes : historyBytes(exchanges),
    };
    if (stored.storageNotice?.kind === 'trimmed') history.storageNotice = stored.storageNotice;
    return { history, records };
  }

  /** The keys a tab's summary in storage names, and the summary's own (to remove them all). */
  static async keysInStorage(area: StorageAreaLike, tabId: number): Promise<string[]> {
    const key = summaryKey(tabId);
    const value = (await area.get(key).catch((): Record<string, unknown> => ({})))[key] as
      | Partial<StoredSummary>
      | undefined;
    const records = Array.isArray(value?.records) ? value.records : [];
    return [key, ...records.filter((record): record is string => typeof record === 'string')];
  }

  /** Every key of this tab in storage that this worker knows of. */
  keys(): string[] {
    return [summaryKey(this.tabId), ...this.inStorage];
  }

  /** A record changed in place (a join, a body lent): it is written again. */
  markChanged(exchange: Exchange): void {
    this.changed.add(exchange);
  }

  /** Every record may have changed in place. */
  markAll(history: TabHistory): void {
    for (const exchange of history.exchanges) this.changed.add(exchange);
  }

  /**
   * What to remove and set so that storage holds `history`, as it is now. A new record takes the
   * key of one that was dropped, when there is one: a full ring then turns over with one `set` and
   * no `remove` (a removal costs the browser as much as a write).
   */
  plan(history: TabHistory): WritePlan {
    const changed = this.changed;
    this.changed = new Set();
    const live = new Set<string>();
    for (const exchange of history.exchanges) {
      const key = this.keyOf.get(exchange);
      if (key !== undefined) live.add(key);
    }
    const freed = [...this.inStorage].filter((key) => !live.has(key));
    const items: Record<string, unknown> = {};
    const written: Exchange[] = [];
    const keys: string[] = [];
    for (const exchange of history.exchanges) {
      let key = this.keyOf.get(exchange);
      if (key === undefined) {
        key = freed.pop() ?? `${summaryKey(this.tabId)}:${this.nextIndex++}`;
        this.keyOf.set(exchange, key);
        items[key] = exchange;
        written.push(exchange);
      } else if (!this.inStorage.has(key) || changed.has(exchange)) {
        items[key] = exchange;
        written.push(exchange);
      }
      keys.push(key);
    }
    const { exchanges: _records, ...counts } = history;
    items[summaryKey(this.tabId)] = { ...counts, records: keys } satisfies StoredSummary;
    return {
      removed: freed,
      items,
      commit: () => {
        for (const key of keys) this.inStorage.add(key);
      },
      // A reused key still holds the dropped record: everything this write carried is written again.
      restore: () => {
        for (const exchange of written) this.changed.add(exchange);
      },
    };
  }

  /** Keys removed from storage (before the set that follows them, which may fail). */
  forget(keys: readonly string[]): void {
    for (const key of keys) this.inStorage.delete(key);
  }

  private countIndex(key: string): void {
    const index = Number(key.slice(key.lastIndexOf(':') + 1));
    if (Number.isSafeInteger(index) && index >= this.nextIndex) this.nextIndex = index + 1;
  }
}
