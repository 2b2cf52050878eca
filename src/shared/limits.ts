/**
 * Size bounds shared by every context. Everything a page can influence is capped before it is
 * stored or rendered, so a hostile or buggy page cannot exhaust memory or freeze the UI.
 */
export const LIMITS = {
  /** Response body bytes read from a clone of a failed response. */
  bodyChars: 64 * 1024,
  urlChars: 8 * 1024,
  headerCount: 64,
  headerNameChars: 256,
  headerValueChars: 16 * 1024,
  methodChars: 24,
  /** Exchanges kept per tab; the oldest is dropped first. */
  exchangesPerTab: 200,
  /**
   * Approximate bytes (exchangeBytes) of history per tab: whichever of this and the count is
   * reached first drops the oldest. storage.session holds 10 MB for all tabs together.
   */
  bytesPerTab: 1536 * 1024,
} as const;
