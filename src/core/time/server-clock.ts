/**
 * The server's clock, read from its `Date` response header (RFC 9110 §6.6.1, one-second resolution).
 * `skewMs` is server minus local: positive when the server runs ahead of this machine.
 */
export interface ServerClock {
  /** Server time when the response was generated, ms since the epoch. */
  serverTime: number;
  /** Local time when the response arrived. */
  localTime: number;
  skewMs: number;
}

export function readServerClock(dateHeader: string | undefined, receivedAt: number): ServerClock | undefined {
  if (dateHeader === undefined || dateHeader.length > 100) return undefined;
  const serverTime = Date.parse(dateHeader);
  if (Number.isNaN(serverTime)) return undefined;
  return { serverTime, localTime: receivedAt, skewMs: serverTime - receivedAt };
}

/**
 * Whether a measured skew exceeds the tolerance. The Date header truncates to whole seconds and
 * the response spent time in flight, so up to 2 s of apparent skew is noise.
 */
export function isSignificantSkew(skewMs: number, toleranceMs: number): boolean {
  return Math.abs(skewMs) > Math.max(toleranceMs, 2000);
}
