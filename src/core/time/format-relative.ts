/** "5 min ago", "in 2 h", "just now": how far `instant` lies from `now`, in words. */
export function formatRelative(instant: number, now: number): string {
  const delta = instant - now;
  const span = formatDuration(Math.abs(delta));
  if (span === undefined) return 'just now';
  return delta < 0 ? `${span} ago` : `in ${span}`;
}

/** A duration in the largest unit that keeps it readable; undefined below one second. */
export function formatDuration(ms: number): string | undefined {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return undefined;
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60 ? `${minutes % 60} min` : ''}`.trim();
  const days = Math.floor(hours / 24);
  if (days < 730) return `${days} days`;
  return `${Math.floor(days / 365)} years`;
}

/** An instant as an ISO-like local date and time, for claims tables and reports. */
export function formatInstant(instant: number): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return 'invalid date';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
