import type { StorageNotice } from '../core/history/tab-history.ts';

/**
 * Says when the tab's history is incomplete or at risk because the browser's session storage
 * refused it, so a missing failure is never a silent mystery.
 */
export function StorageNoticeBanner({ notice }: { notice: StorageNotice | undefined }) {
  if (!notice) return null;
  const dropped = notice.droppedForSpace;
  const droppedText =
    dropped > 0 ? ` ${dropped} older record${dropped === 1 ? ' was' : 's were'} dropped to make room.` : '';
  return (
    <p class="storage-notice" role="status" data-testid="storage-notice" data-kind={notice.kind}>
      {notice.kind === 'memory-only' ? (
        <>
          <strong>History not saved.</strong> The browser refused to store it
          {notice.detail ? ` (${notice.detail})` : ''}. Recent records are kept in memory only and are lost if
          the browser stops Auth Inspector's background worker; it keeps retrying.{droppedText}
        </>
      ) : (
        <>
          <strong>Session storage was full.</strong>
          {droppedText} Closing tabs you no longer inspect, or clearing their history, frees space.
        </>
      )}
    </p>
  );
}
