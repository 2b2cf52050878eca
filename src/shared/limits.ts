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
} as const;
