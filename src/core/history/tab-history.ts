import type { Exchange } from '../exchange.ts';

/**
 * Why a tab's history is not all there, when storage was the reason: `trimmed` means older
 * records were dropped to fit `storage.session`'s quota; `memory-only` means the last write
 * failed, so recent records live only in the worker's memory and are lost if the browser stops it.
 */
export interface StorageNotice {
  kind: 'trimmed' | 'memory-only';
  /** When it last happened (ms since the epoch). */
  at: number;
  /** Records dropped to make room, since the history was last cleared. */
  droppedForSpace: number;
  /** The browser's error text, bounded. */
  detail?: string;
}

/** What Auth Inspector keeps about one tab, in `storage.session` (memory only, never on disk). */
export interface TabHistory {
  tabId: number;
  /** Oldest first, at most LIMITS.exchangesPerTab. */
  exchanges: Exchange[];
  /** Authentication failures seen since the tab opened or its history was cleared (the badge). */
  failureCount: number;
  /** Exchanges dropped from the front because the ring was full. */
  dropped: number;
  /** Approximate stored size of `exchanges` (see exchangeBytes), kept up to date as they change. */
  bytes: number;
  storageNotice?: StorageNotice;
}

export function emptyHistory(tabId: number): TabHistory {
  return { tabId, exchanges: [], failureCount: 0, dropped: 0, bytes: 0 };
}
