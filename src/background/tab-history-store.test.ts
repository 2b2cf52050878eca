import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../test/make-exchange.ts';
import type { Exchange } from '../core/exchange.ts';
import { historyBytes } from '../core/history/exchange-bytes.ts';
import { recordExchange } from '../core/history/record-exchange.ts';
import type { TabHistory } from '../core/history/tab-history.ts';
import { type StorageAreaLike, TabHistoryStore } from './tab-history-store.ts';

const FAST = { writeIntervalMs: 0, writeShare: 1, retryMs: 20 };

class MemoryArea implements StorageAreaLike {
  readonly data = new Map<string, unknown>();
  sets = 0;
  async get(keys: string | string[]) {
    const result: Record<string, unknown> = {};
    for (const key of Array.isArray(keys) ? keys : [keys]) {
      if (this.data.has(key)) result[key] = structuredClone(this.data.get(key));
    }
    return result;
  }
  async set(items: Record<string, unknown>) {
    this.sets++;
    for (const [key, value] of Object.entries(items)) this.data.set(key, structuredClone(value));
  }
  async remove(keys: string | string[]) {
    for (const key of Array.isArray(keys) ? keys : [keys]) this.data.delete(key);
  }
}

describe('TabHistoryStore', () => {
  it('batches concurrent updates into one write and loses none', async () => {
    const area = new MemoryArea();
    const store = new TabHistoryStore(area);
    await Promise.all(
      Array.from({ length: 50 }, () =>
        store.update(7, (history) => {
          history.failureCount++;
        }),
      ),
    );
    await store.flush();
    expect(area.sets).toBe(1);
    expect((area.data.get('tab:7') as { failureCount: number }).failureCount).toBe(50);
  });

  it('survives a worker restart: a new store reads what the old one wrote', async () => {
    const area = new MemoryArea();
    const first = new TabHistoryStore(area);
    await first.update(3, (history) => {
      history.failureCount = 4;
    });
    await first.flush();
    const second = new TabHistoryStore(area);
    expect((await second.get(3)).failureCount).toBe(4);
  });

  it('forgets a removed tab and clears a tab on request', async () => {
    const area = new MemoryArea();
    const store = new TabHistoryStore(area);
    await store.update(1, (history) => {
      history.failureCount = 2;
    });
    await store.flush();
    await store.clear(1);
    await store.flush();
    expect((await store.get(1)).failureCount).toBe(0);
    await store.remove(1);
    expect(area.data.has('tab:1')).toBe(false);
  });

  it('keeps changes in memory and retries when a write fails', async () => {
    const area = new MemoryArea();
    let fail = true;
    const flaky: StorageAreaLike = {
      get: (keys) => area.get(keys),
      remove: (keys) => area.remove(keys),
      set: async (items) => {
        if (fail) throw new Error('QUOTA_BYTES quota exceeded');
        await area.set(items);
      },
    };
    const store = new TabHistoryStore(flaky, () => {}, FAST);
    await store.update(2, (history) => {
      history.failureCount = 1;
    });
    await store.flush();
    expect(area.data.has('tab:2')).toBe(false);
    fail = false;
    await store.update(2, (history) => {
      history.failureCount++;
    });
    await store.flush();
    expect((area.data.get('tab:2') as { failureCount: number }).failureCount).toBe(2);
  });

  it('over quota, drops the oldest half until the write fits, and says so on the history', async () => {
    const area = new MemoryArea();
    const limited: StorageAreaLike = {
      get: (keys) => area.get(keys),
      remove: (keys) => area.remove(keys),
      set: async (items) => {
        if (JSON.stringify(items).length > 40_000)
          throw new Error('Session storage quota bytes exceeded. Values were not stored.');
        await area.set(items);
      },
    };
    const store = new TabHistoryStore(limited, () => {}, FAST);
    await store.update(4, (history) => {
      for (let index = 0; index < 100; index++) {
        history.exchanges.push(
          makeExchange({ status: 401, url: `https://api.example.com/${index}`, body: 'x'.repeat(900) }),
        );
      }
      history.bytes = historyBytes(history.exchanges);
    });
    await store.flush();
    const stored = await storedHistory(area, 4);
    expect(stored.exchanges.length).toBeGreaterThan(0);
    expect(stored.exchanges.length).toBeLessThanOrEqual(50);
    // The newest are the ones kept.
    expect(stored.exchanges.at(-1)?.url).toBe('https://api.example.com/99');
    expect(stored.dropped).toBe(100 - stored.exchanges.length);
    expect(stored.storageNotice).toMatchObject({ kind: 'trimmed', droppedForSpace: stored.dropped });
    expect(stored.bytes).toBe(historyBytes(stored.exchanges));
  });

  it('on a write error keeps the records in memory, marks them memory-only, and recovers by itself', async () => {
    const area = new MemoryArea();
    let fail = true;
    const broken: StorageAreaLike = {
      get: (keys) => area.get(keys),
      remove: (keys) => area.remove(keys),
      set: async (items) => {
        if (fail) throw new Error('Storage area is closed');
        await area.set(items);
      },
    };
    const flushed: TabHistory[][] = [];
    const store = new TabHistoryStore(broken, (histories) => flushed.push(histories), FAST);
    await store.update(5, (history) => {
      history.failureCount = 3;
    });
    await store.flush();
    const inMemory = await store.get(5);
    expect(inMemory.failureCount).toBe(3);
    expect(inMemory.storageNotice).toMatchObject({ kind: 'memory-only', detail: 'Storage area is closed' });
    expect(flushed.length).toBe(1);
    fail = false;
    // No further change: the store retries on its own.
    await waitFor(() => area.data.has('tab:5'));
    const stored = area.data.get('tab:5') as TabHistory;
    expect(stored.failureCount).toBe(3);
    expect(stored.storageNotice).toBeUndefined();
    expect((await store.get(5)).storageNotice).toBeUndefined();
  });

  it('writes a storm of changes in a few writes, and stored() waits for the write that holds them', async () => {
    const area = new MemoryArea();
    const store = new TabHistoryStore(area, () => {}, { writeIntervalMs: 40, writeShare: 1, retryMs: 10 });
    const started = Date.now();
    let acknowledged = 0;
    const waits: Promise<void>[] = [];
    while (Date.now() - started < 300) {
      await store.update(6, (history) => {
        history.failureCount++;
      });
      const count = (await store.get(6)).failureCount;
      waits.push(
        store.stored().then(() => {
          // When stored() resolves, storage holds at least this change.
          expect((area.data.get('tab:6') as TabHistory).failureCount).toBeGreaterThanOrEqual(count);
          acknowledged++;
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(waits);
    expect(acknowledged).toBe(waits.length);
    expect(waits.length).toBeGreaterThan(50);
    // One write per interval at most (plus the first), not one per change.
    expect(area.sets).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 40) + 2);
  });
});

describe('TabHistoryStore write pacing', () => {
  it('writes a slow area less often: writes take at most their share of the time', async () => {
    const area = new MemoryArea();
    const slow: StorageAreaLike = {
      get: (keys) => area.get(keys),
      remove: (keys) => area.remove(keys),
      set: async (items) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        await area.set(items);
      },
    };
    const store = new TabHistoryStore(slow, () => {}, { writeIntervalMs: 10, writeShare: 0.25, retryMs: 10 });
    const started = Date.now();
    while (Date.now() - started < 600) {
      await store.update(8, (history) => {
        history.failureCount++;
      });
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await store.flush();
    const elapsed = Date.now() - started;
    // A 30 ms write at a 25 % share is followed by ≥ 120 ms of quiet: about elapsed / 150 writes.
    expect(area.sets).toBeLessThanOrEqual(Math.ceil(elapsed / 120) + 1);
    expect((area.data.get('tab:8') as TabHistory).failureCount).toBe((await store.get(8)).failureCount);
  });
});

describe('TabHistoryStore layout: a write carries what changed', () => {
  const options = { maxExchanges: 20 };

  it("once the ring is full, a write holds the summary and the new record, in the dropped one's key", async () => {
    const area = new RecordingArea();
    const store = new TabHistoryStore(area, () => {}, FAST);
    for (let index = 0; index < 20; index++) {
      await store.record(9, (history) => recordExchange(history, failure(index), options));
    }
    await store.flush();
    area.writes.length = 0;
    await store.record(9, (history) => recordExchange(history, failure(20), options));
    await store.flush();
    expect(area.writes).toEqual([{ set: expect.any(Object) }]);
    expect(Object.keys(area.writes[0]?.set ?? {})).toHaveLength(2);
    const stored = await storedHistory(area, 9);
    expect(stored.exchanges.map((exchange) => exchange.url)).toEqual(
      Array.from({ length: 20 }, (_, index) => `https://api.example.com/${index + 1}`),
    );
    expect(stored.dropped).toBe(1);
    expect(area.data.size).toBe(21);
  });

  it("a failed write that reused a dropped record's key is written whole by the next one", async () => {
    const area = new MemoryArea();
    let fail = false;
    const flaky: StorageAreaLike = {
      get: (keys) => area.get(keys),
      remove: (keys) => area.remove(keys),
      set: async (items) => {
        if (fail) throw new Error('Storage area is closed');
        await area.set(items);
      },
    };
    const store = new TabHistoryStore(flaky, () => {}, { ...FAST, retryMs: 60_000 });
    for (let index = 0; index < 20; index++) {
      await store.record(14, (history) => recordExchange(history, failure(index), options));
    }
    await store.flush();
    fail = true;
    await store.record(14, (history) => recordExchange(history, failure(20), options));
    await store.flush();
    fail = false;
    await store.record(14, (history) => recordExchange(history, failure(21), options));
    await store.flush();
    const reread = await new TabHistoryStore(area).get(14);
    expect(reread.exchanges.map((exchange) => exchange.url)).toEqual(
      (await store.get(14)).exchanges.map((e) => e.url),
    );
    expect(reread.exchanges.at(-2)?.url).toBe('https://api.example.com/20');
  });

  it("a history that shrinks frees its records' keys", async () => {
    const area = new MemoryArea();
    const store = new TabHistoryStore(area, () => {}, FAST);
    for (let index = 0; index < 5; index++) {
      await store.record(15, (history) => recordExchange(history, failure(index), options));
    }
    await store.flush();
    await store.clear(15);
    await store.flush();
    expect([...area.data.keys()]).toEqual(['tab:15']);
  });

  it('a record joined in place is written again: a new worker reads the joined record', async () => {
    const area = new MemoryArea();
    const store = new TabHistoryStore(area, () => {}, FAST);
    const page = {
      ...makeExchange({ status: 401, url: 'https://api.example.com/me', body: '{"error":"invalid_token"}' }),
      sources: ['page' as const],
    };
    await store.record(10, (history) => recordExchange(history, page, options));
    await store.flush();
    const network = makeExchange({
      status: 401,
      url: 'https://api.example.com/me',
      response: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    });
    await store.record(10, (history) => recordExchange(history, network, options));
    await store.flush();
    const reread = await new TabHistoryStore(area).get(10);
    expect(reread.exchanges).toHaveLength(1);
    expect(reread.exchanges[0]?.sources).toEqual(['network', 'page']);
    expect(reread.exchanges[0]?.responseHeaders.map((header) => header.name)).toContain('www-authenticate');
  });

  it('a record that failed to be written is written by the next write, with the changes made since', async () => {
    const area = new MemoryArea();
    let fail = true;
    const broken: StorageAreaLike = {
      get: (keys) => area.get(keys),
      remove: (keys) => area.remove(keys),
      set: async (items) => {
        if (fail) throw new Error('Storage area is closed');
        await area.set(items);
      },
    };
    const store = new TabHistoryStore(broken, () => {}, { ...FAST, retryMs: 60_000 });
    await store.record(11, (history) => recordExchange(history, failure(1), options));
    await store.flush();
    fail = false;
    await store.record(11, (history) => recordExchange(history, failure(2), options));
    await store.flush();
    const reread = await new TabHistoryStore(area).get(11);
    expect(reread.exchanges.map((exchange) => exchange.url)).toEqual([
      'https://api.example.com/1',
      'https://api.example.com/2',
    ]);
    expect(reread.failureCount).toBe(2);
  });

  it('removing a tab removes its records, also those a stopped worker wrote', async () => {
    const area = new MemoryArea();
    const first = new TabHistoryStore(area, () => {}, FAST);
    for (let index = 0; index < 5; index++) {
      await first.record(12, (history) => recordExchange(history, failure(index), options));
    }
    await first.flush();
    expect(area.data.size).toBe(6);
    await new TabHistoryStore(area).remove(12);
    expect(area.data.size).toBe(0);
  });

  it("a tab closed while another tab's write is under way leaves no key behind", async () => {
    const area = new MemoryArea();
    let release!: () => void;
    const held: StorageAreaLike = {
      get: (keys) => area.get(keys),
      set: (items) => area.set(items),
      // The write's removal (tab 1 shrank) waits, so tab 2's new record is planned but not yet set.
      remove: async (keys) => {
        if (Array.isArray(keys) && keys.includes('tab:1:0'))
          await new Promise<void>((done) => (release = done));
        await area.remove(keys);
      },
    };
    const store = new TabHistoryStore(held, () => {}, FAST);
    await store.record(1, (history) => recordExchange(history, failure(0), options));
    await store.flush();
    await store.clear(1);
    await store.record(2, (history) => recordExchange(history, failure(1), options));
    const flushing = store.flush();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const removing = store.remove(2);
    release();
    await Promise.all([flushing, removing]);
    expect([...area.data.keys()].filter((key) => key.startsWith('tab:2'))).toEqual([]);
  });

  it('a record missing from storage: the history is counted without it, and its key is freed', async () => {
    const area = new MemoryArea();
    const first = new TabHistoryStore(area, () => {}, FAST);
    for (let index = 0; index < 3; index++) {
      await first.record(16, (history) => recordExchange(history, failure(index), options));
    }
    await first.flush();
    // A worker stopped between a write's removal and its set.
    await area.remove('tab:16:1');
    const second = new TabHistoryStore(area, () => {}, FAST);
    const history = await second.get(16);
    expect(history.exchanges).toHaveLength(2);
    expect(history.bytes).toBe(historyBytes(history.exchanges));
    await second.clear(16);
    await second.flush();
    expect([...area.data.keys()]).toEqual(['tab:16']);
  });

  it('reads a history seeded as one value, and rewrites it in the per-record layout', async () => {
    const area = new MemoryArea();
    const exchanges = [failure(1), failure(2)];
    await area.set({ 'tab:13': { tabId: 13, exchanges, failureCount: 2, dropped: 0 } });
    const store = new TabHistoryStore(area, () => {}, FAST);
    expect((await store.get(13)).exchanges).toHaveLength(2);
    await store.record(13, (history) => recordExchange(history, failure(3), options));
    await store.flush();
    expect((await storedHistory(area, 13)).exchanges).toHaveLength(3);
    expect(area.data.get('tab:13')).not.toHaveProperty('exchanges');
  });
});

function failure(index: number) {
  return makeExchange({ status: 401, url: `https://api.example.com/${index}`, at: 1_000_000 * index });
}

/** A history as storage holds it: the summary, and the records it names. */
async function storedHistory(area: MemoryArea, tabId: number): Promise<TabHistory> {
  const summary = area.data.get(`tab:${tabId}`) as Omit<TabHistory, 'exchanges'> & { records: string[] };
  const items = await area.get(summary.records);
  return { ...summary, exchanges: summary.records.map((key) => items[key] as Exchange) };
}

class RecordingArea extends MemoryArea {
  readonly writes: { set?: Record<string, unknown>; removed?: string[] }[] = [];
  override async set(items: Record<string, unknown>) {
    const last = this.writes.at(-1);
    if (last && last.set === undefined && last.removed) last.set = items;
    else this.writes.push({ set: items });
    await super.set(items);
  }
  override async remove(keys: string | string[]) {
    this.writes.push({ removed: Array.isArray(keys) ? keys : [keys] });
    await super.remove(keys);
  }
}

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
