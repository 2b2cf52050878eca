import { useEffect, useState } from 'preact/hooks';
import type { DiagnosedExchange } from '../core/history/group-failures.ts';
import type { FailureLine } from '../core/history/tab-diagnoses.ts';
import { fetchFailure } from '../shared/history-client.ts';

export type ChosenFailure =
  | { status: 'ready'; failure: DiagnosedExchange }
  | { status: 'loading' }
  | { status: 'gone' };

/**
 * The failure shown in full: the newest comes with the list; another line is asked of the worker
 * when it is chosen (and asked again when the list changes under it).
 */
export function useChosenFailure(
  tabId: number | undefined,
  line: FailureLine | undefined,
  newest: DiagnosedExchange | undefined,
  revision: unknown,
): ChosenFailure | undefined {
  const wanted = line?.exchange.id;
  const isNewest = wanted !== undefined && newest?.exchange.id === wanted;
  const [fetched, setFetched] = useState<{ id: string; failure: DiagnosedExchange | null }>();

  useEffect(() => {
    if (tabId === undefined || wanted === undefined || isNewest) return;
    let live = true;
    void fetchFailure(tabId, wanted).then(
      (failure) => live && setFetched({ id: wanted, failure }),
      () => live && setFetched({ id: wanted, failure: null }),
    );
    return () => {
      live = false;
    };
    // `revision`: a new history may hold a newer diagnosis of the same exchange.
  }, [tabId, wanted, isNewest, revision]);

  if (wanted === undefined) return undefined;
  if (isNewest && newest) return { status: 'ready', failure: newest };
  if (fetched?.id !== wanted) return { status: 'loading' };
  return fetched.failure ? { status: 'ready', failure: fetched.failure } : { status: 'gone' };
}
