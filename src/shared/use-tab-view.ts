import { useCallback, useEffect, useState } from 'preact/hooks';
import { clearTabHistory, onTabHistoryChanged } from './history-client.ts';

export type TabViewState<T> =
  | { status: 'loading' }
  | { status: 'ready'; view: T }
  | { status: 'error'; message: string };

/**
 * What the worker makes of a tab's history (`load`), kept current while the page is open. Updates
 * that arrive while a load is running are folded into one more load: a storm of changes costs the
 * worker a few diagnoses, not one per request.
 */
export function useTabView<T>(
  tabId: number | undefined,
  load: (tabId: number) => Promise<T>,
): { state: TabViewState<T>; clear: () => void } {
  const [state, setState] = useState<TabViewState<T>>({ status: 'loading' });

  useEffect(() => {
    if (tabId === undefined) return;
    let live = true;
    let running = false;
    let again = false;
    const refresh = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      do {
        again = false;
        try {
          const view = await load(tabId);
          if (live) setState({ status: 'ready', view });
        } catch (error) {
          if (live) setState({ status: 'error', message: String(error) });
        }
      } while (again && live);
      running = false;
    };
    void refresh();
    const unsubscribe = onTabHistoryChanged(tabId, () => void refresh());
    return () => {
      live = false;
      unsubscribe();
    };
  }, [tabId, load]);

  const clear = useCallback(() => {
    if (tabId !== undefined) void clearTabHistory(tabId);
  }, [tabId]);

  return { state, clear };
}
