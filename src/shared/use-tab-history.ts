import { useCallback, useEffect, useState } from 'preact/hooks';
import type { TabHistory } from '../core/history/tab-history.ts';
import { clearTabHistory, fetchTabHistory, onTabHistoryChanged } from './history-client.ts';

export type TabHistoryState =
  | { status: 'loading' }
  | { status: 'ready'; history: TabHistory }
  | { status: 'error'; message: string };

/** A tab's history, kept current while the page is open. */
export function useTabHistory(tabId: number | undefined): { state: TabHistoryState; clear: () => void } {
  const [state, setState] = useState<TabHistoryState>({ status: 'loading' });

  useEffect(() => {
    if (tabId === undefined) return;
    let live = true;
    const load = () =>
      fetchTabHistory(tabId).then(
        (history) => live && setState({ status: 'ready', history }),
        (error: unknown) => live && setState({ status: 'error', message: String(error) }),
      );
    void load();
    const unsubscribe = onTabHistoryChanged(tabId, () => void load());
    return () => {
      live = false;
      unsubscribe();
    };
  }, [tabId]);

  const clear = useCallback(() => {
    if (tabId !== undefined) void clearTabHistory(tabId);
  }, [tabId]);

  return { state, clear };
}
