import { emptyHistory, type TabHistory } from '../core/history/tab-history.ts';

/** The part of a `storage.StorageArea` the store needs; tests pass an in-memory one. */
export interface StorageAreaLike {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/**
 * Per-tab histories in `storage.session`, which survives the MV3 worker being stopped but never
 * reaches disk. Reads are cached; changes are batched into one `set` per turn of the event loop,
 * because a read-modify-write per request would race with itself and cost a storage round trip
 * per event. Every update is serialised through the per-tab load promise.
 */
export class TabHistoryStore {
  private readonly cache = new Map<number, Promise<TabHistory>>();
  private readonly dirty = new Set<number>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingFlush: Promise<void> = Promise.resolve();

  constructor(
    private readonly area: StorageAreaLike,
    private readonly onFlushed: (histories: TabHistory[]) => void = () => {},
  ) {}

  static key(tabId: number): string {
    return `tab:${tabId}`;
  }

  get(tabId: number): Promise<TabHistory> {
    let loaded = this.cache.get(tabId);
    if (!loaded) {
      loaded = this.area.get(TabHistoryStore.key(tabId)).then(
        (items) => asHistory(items[TabHistoryStore.key(tabId)], tabId),
        () => emptyHistory(tabId),
      );
      this.cache.set(tabId, loaded);
    }
    return loaded;
  }

  /** Applies `change` to the tab's history and schedules a write. */
  async update<T>(tabId: number, change: (history: TabHistory) => T): Promise<T> {
    const history = await this.get(tabId);
    const result = change(history);
    this.dirty.add(tabId);
    this.scheduleFlush();
    return result;
  }

  async clear(tabId: number): Promise<void> {
    await this.update(tabId, (history) => {
      history.exchanges = [];
      history.failureCount = 0;
      history.dropped = 0;
    });
  }

  async remove(tabId: number): Promise<void> {
    this.cache.delete(tabId);
    this.dirty.delete(tabId);
    await this.area.remove(TabHistoryStore.key(tabId));
  }

  /** Resolves once every change made so far is in storage. */
  async flush(): Promise<void> {
    if (this.flushTimer !== undefined) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      this.pendingFlush = this.write();
    }
    await this.pendingFlush;
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.pendingFlush = this.write();
    }, 0);
  }

  private async write(): Promise<void> {
    const tabIds = [...this.dirty];
    this.dirty.clear();
    const histories: TabHistory[] = [];
    for (const tabId of tabIds) {
      const loaded = this.cache.get(tabId);
      if (loaded) histories.push(await loaded);
    }
    if (histories.length === 0) return;
    const items: Record<string, TabHistory> = {};
    for (const history of histories) items[TabHistoryStore.key(history.tabId)] = history;
    try {
      await this.area.set(items);
    } catch {
      // Quota or a closed area: keep the in-memory copy; the next change retries the write.
      for (const history of histories) this.dirty.add(history.tabId);
    }
    this.onFlushed(histories);
  }
}

function asHistory(value: unknown, tabId: number): TabHistory {
  if (typeof value !== 'object' || value === null) return emptyHistory(tabId);
  const stored = value as Partial<TabHistory>;
  if (!Array.isArray(stored.exchanges)) return emptyHistory(tabId);
  return {
    tabId,
    exchanges: stored.exchanges,
    failureCount: typeof stored.failureCount === 'number' ? stored.failureCount : 0,
    dropped: typeof stored.dropped === 'number' ? stored.dropped : 0,
  };
}
