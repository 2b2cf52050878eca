import { describe, expect, it } from 'vitest';
import { type StorageAreaLike, TabHistoryStore } from './tab-history-store.ts';

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
    const store = new TabHistoryStore(flaky);
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
});
