import type { Exchange } from '../core/exchange.ts';
import { historyBytes } from '../core/history/exchange-bytes.ts';
import type { StorageNotice, TabHistory } from '../core/history/tab-history.ts';
import { StoredRecords, type WritePlan } from './stored-records.ts';

/** The part of a `storage.StorageArea` the store needs; tests pass an in-memory one. */
export interface StorageAreaLike {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface StoreTiming {
  /** Least time between the starts of two writes: a request storm costs a few writes, not thousands. */
  writeIntervalMs: number;
  /**
   * Writes may take at most this share of the time: after a write that took d ms the next waits
   * at least d / share. A large history written during a storm is then written less often.
   */
  writeShare: number;
  /** When a write failed for a reason other than space, how long before it is tried again. */
  retryMs: number;
}

/**
 * 200 ms between writes: each write is also a badge update and a broadcast to open extension pages,
 * and nothing waits on a write but a relay's acknowledgement (a page that asks to read forces one).
 */
const DEFAULT_TIMING: StoreTiming = { writeIntervalMs: 200, writeShare: 0.1, retryMs: 2_000 };

interface LoadedTab {
  history: TabHistory;
  records: StoredRecords;
}

/** How many times a write that hit the quota is retried, halving what it writes each time. */
const QUOTA_RETRIES = 6;

/**
 * Per-tab histories in `storage.session`, which survives the MV3 worker being stopped but never
 * reaches disk. Reads are cached; changes are batched into one `set` per write interval, because a
 * read-modify-write per request would race with itself and cost a storage round trip per event.
 * A write carries only the records that changed (stored-records.ts).
 *
 * When the area refuses a write, the store degrades instead of failing: over quota, it drops the
 * oldest half of the histories it was writing and tries again; on any other error it keeps the
 * changes in memory and retries later. Either way the history carries a `storageNotice`, so the
 * popup and panel can say that records are missing or at risk.
 */
export class TabHistoryStore {
  private readonly cache = new Map<number, Promise<LoadedTab>>();
  private readonly dirty = new Set<number>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** Settles when the write the timer will start has finished. */
  private scheduledWrite: Promise<void> | undefined;
  private startScheduledWrite: ((paced?: boolean) => void) | undefined;
  private pendingFlush: Promise<void> = Promise.resolve();
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  /** How long until the next write may start, from the start of the last one. */
  private nextWriteGap = 0;

  constructor(
    private readonly area: StorageAreaLike,
    private readonly onFlushed: (histories: TabHistory[]) => void = () => {},
    private readonly timing: StoreTiming = DEFAULT_TIMING,
  ) {}

  get(tabId: number): Promise<TabHistory> {
    return this.load(tabId).then((loaded) => loaded.history);
  }

  private load(tabId: number): Promise<LoadedTab> {
    let loaded = this.cache.get(tabId);
    if (!loaded) {
      loaded = StoredRecords.load(this.area, tabId);
      this.cache.set(tabId, loaded);
    }
    return loaded;
  }

  /** Applies `change` to the tab's history and schedules a write of all of it. */
  async update<T>(tabId: number, change: (history: TabHistory) => T): Promise<T> {
    const { history, records } = await this.load(tabId);
    const result = change(history);
    // Any record may have been changed in place.
    records.markAll(history);
    this.dirty.add(tabId);
    this.scheduleFlush();
    return result;
  }

  /**
   * Applies a change that adds one record or changes one in place (and may drop the oldest), and
   * returns that record: only it and the summary are written again.
   */
  async record(tabId: number, change: (history: TabHistory) => Exchange): Promise<Exchange> {
    const { history, records } = await this.load(tabId);
    const touched = change(history);
    records.markChanged(touched);
    this.dirty.add(tabId);
    this.scheduleFlush();
    return touched;
  }

  async clear(tabId: number): Promise<void> {
    await this.update(tabId, (history) => {
      history.exchanges = [];
      history.failureCount = 0;
      history.dropped = 0;
      history.bytes = 0;
      delete history.storageNotice;
    });
  }

  async remove(tabId: number): Promise<void> {
    const loaded = this.cache.get(tabId);
    this.cache.delete(tabId);
    this.dirty.delete(tabId);
    // A write under way may be giving this tab new keys (or retrying it over quota): let it end.
    await this.pendingFlush;
    // The keys this worker wrote, and those the summary names (written by a worker before it).
    const keys = new Set((await loaded)?.records.keys() ?? []);
    for (const key of await StoredRecords.keysInStorage(this.area, tabId)) keys.add(key);
    await this.area.remove([...keys]);
  }

  /** Resolves once every change made so far is in storage (or has been refused by it). */
  async flush(): Promise<void> {
    if (this.flushTimer !== undefined) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      // Someone is waiting to read: write now, whatever the pace.
      this.startScheduledWrite?.(false);
    }
    await this.pendingFlush;
  }

  /**
   * Resolves once the changes made so far have been written by the batched write, without forcing
   * an early one (a relay that waits for this knows its record survives a worker stop).
   */
  async stored(): Promise<void> {
    await (this.scheduledWrite ?? this.pendingFlush);
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined) return;
    let start!: (paced?: boolean) => void;
    this.scheduledWrite = new Promise<void>((resolve) => {
      start = (paced = true) => {
        this.scheduledWrite = undefined;
        this.startScheduledWrite = undefined;
        this.pendingFlush = this.pendingFlush.then(() => this.write(paced));
        void this.pendingFlush.then(resolve);
      };
    });
    this.startScheduledWrite = start;
    const wait = Math.max(0, this.lastWriteAt + this.nextWriteGap - Date.now());
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      start();
    }, wait);
  }

  private async write(paced: boolean): Promise<void> {
    // Changes made while the last write ran are scheduled before its duration is known: the pace
    // is kept here, where the writes are already in sequence.
    const wait = this.lastWriteAt + this.nextWriteGap - Date.now();
    if (paced && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const startedAt = Date.now();
    this.lastWriteAt = startedAt;
    try {
      await this.writeDirty();
    } finally {
      const took = Date.now() - startedAt;
      this.nextWriteGap = Math.max(this.timing.writeIntervalMs, took / this.timing.writeShare);
    }
  }

  private async writeDirty(): Promise<void> {
    const tabIds = [...this.dirty];
    this.dirty.clear();
    const tabs: LoadedTab[] = [];
    for (const tabId of tabIds) {
      const loaded = this.cache.get(tabId);
      if (loaded) tabs.push(await loaded);
    }
    if (tabs.length === 0) return;
    const histories = tabs.map((tab) => tab.history);

    let failure: unknown;
    for (let attempt = 0; attempt <= QUOTA_RETRIES; attempt++) {
      for (const history of histories) settleNotice(history);
      const plans = tabs.map(({ history, records }) => ({ records, plan: records.plan(history) }));
      try {
        await this.writePlans(plans);
        failure = undefined;
        break;
      } catch (error) {
        for (const { plan } of plans) plan.restore();
        failure = error;
        if (!isQuotaError(error) || attempt === QUOTA_RETRIES) break;
        let dropped = false;
        for (const history of histories) dropped = dropOldestHalf(history, error) || dropped;
        // Down to the newest record of each tab: it stays in memory rather than being thrown away.
        if (!dropped) break;
      }
    }
    if (failure !== undefined) {
      // Not written: the records stay in this worker's memory, and are written by the next change
      // or the retry below, whichever comes first.
      for (const history of histories) {
        this.dirty.add(history.tabId);
        history.storageNotice = notice(history, 'memory-only', failure);
      }
      setTimeout(() => this.scheduleFlush(), this.timing.retryMs);
    }
    this.onFlushed(histories);
  }

  /** Removes dropped records first (freeing space), then sets the summaries and new records at once. */
  private async writePlans(plans: { records: StoredRecords; plan: WritePlan }[]): Promise<void> {
    const removed = plans.flatMap(({ plan }) => plan.removed);
    if (removed.length > 0) {
      await this.area.remove(removed);
      for (const { records, plan } of plans) records.forget(plan.removed);
    }
    const items: Record<string, unknown> = {};
    for (const { plan } of plans) Object.assign(items, plan.items);
    await this.area.set(items);
    for (const { plan } of plans) plan.commit();
  }
}

/** Chrome: "Session storage quota bytes exceeded…"; Firefox: "QuotaExceededError"/"quota exceeded". */
function isQuotaError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /quota/i.test(text);
}

/** Drops the older half of a history, never its newest record; false when there was nothing to drop. */
function dropOldestHalf(history: TabHistory, error: unknown): boolean {
  const drop = Math.floor(history.exchanges.length / 2);
  if (drop === 0) return false;
  history.exchanges.splice(0, drop);
  history.bytes = historyBytes(history.exchanges);
  history.dropped += drop;
  const previous = history.storageNotice?.droppedForSpace ?? 0;
  history.storageNotice = { ...notice(history, 'trimmed', error), droppedForSpace: previous + drop };
  return true;
}

/** Before a write: a history that is being written is no longer memory-only. */
function settleNotice(history: TabHistory): void {
  const current = history.storageNotice;
  if (current?.kind !== 'memory-only') return;
  if (current.droppedForSpace > 0) history.storageNotice = { ...current, kind: 'trimmed' };
  else delete history.storageNotice;
}

function notice(history: TabHistory, kind: StorageNotice['kind'], error: unknown): StorageNotice {
  const detail = (error instanceof Error ? error.message : String(error)).slice(0, 200);
  return { kind, at: Date.now(), droppedForSpace: history.storageNotice?.droppedForSpace ?? 0, detail };
}
