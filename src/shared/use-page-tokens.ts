import { useEffect, useState } from 'preact/hooks';
import type { StoredToken } from '../core/page-tokens/find-stored-tokens.ts';
import { fetchPageTokens } from './history-client.ts';

/** The tokens the tab's page keeps, read once per history revision (they change with refreshes). */
export function usePageTokens(tabId: number | undefined, revision: unknown): StoredToken[] {
  const [tokens, setTokens] = useState<StoredToken[]>([]);
  // `revision` is the trigger, not an input: storage changes when the app refreshes its token.
  useEffect(() => {
    if (tabId === undefined) return;
    let live = true;
    void fetchPageTokens(tabId).then((found) => live && setTokens(found));
    return () => {
      live = false;
    };
  }, [tabId, revision]);
  return tokens;
}
