import type { Exchange } from '../exchange.ts';

/** What Auth Inspector keeps about one tab, in `storage.session` (memory only, never on disk). */
export interface TabHistory {
  tabId: number;
  /** Oldest first, at most LIMITS.exchangesPerTab. */
  exchanges: Exchange[];
  /** Authentication failures seen since the tab opened or its history was cleared (the badge). */
  failureCount: number;
  /** Exchanges dropped from the front because the ring was full. */
  dropped: number;
}

export function emptyHistory(tabId: number): TabHistory {
  return { tabId, exchanges: [], failureCount: 0, dropped: 0 };
}
