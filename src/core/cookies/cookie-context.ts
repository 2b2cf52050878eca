/**
 * What Auth Inspector knows about an exchange's cookies (issue 18) without reading any request's
 * Cookie header (which Chrome shows webRequest listeners only at a cost every request pays): how the
 * page asked (fetch `credentials`, XHR `withCredentials`), and the cookie jar for the request's URL,
 * read once when the failure was recorded. Cookie values are credentials: only a fingerprint and the
 * length of each survive the read.
 */

/** fetch's `credentials`; an XHR is 'same-origin' unless `withCredentials` makes it 'include'. */
export type CredentialsMode = 'omit' | 'same-origin' | 'include';

/** The jar's SameSite values, as the `cookies` API names them. */
export type JarSameSite = 'no_restriction' | 'lax' | 'strict' | 'unspecified';

/** A cookie of the jar as the `cookies` API describes it, value reduced to a fingerprint. */
export interface JarCookie {
  name: string;
  /** `.example.com` for a domain cookie, `app.example.com` for a host-only one. */
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: JarSameSite;
  /** Seconds since the epoch; absent for a session cookie. */
  expirationDate?: number;
  /** CHIPS: the top-level site the cookie is partitioned under. */
  partitionTopLevelSite?: string;
  valueFingerprint?: string;
  valueLength?: number;
}

export interface CookieContext {
  /** The tab's top-level page when the request was made (the site SameSite and third-party rules use). */
  topLevelUrl?: string;
  /** How the page asked; undefined when no page observer saw the call (a document, a worker's call). */
  credentialsMode?: CredentialsMode;
  /** A top-level navigation (SameSite=Lax cookies go with top-level GETs). */
  navigation?: boolean;
  /** The jar's cookies for the request's site and the page's, sent or not; undefined when not read. */
  jar?: JarCookie[];
  /** Names of the cookies the request carried, when a witness saw its Cookie header. */
  sent?: string[];
  /** The browser blocks third-party cookies (undefined: not known). */
  thirdPartyCookiesBlocked?: boolean;
  /**
   * Whether a cookie without SameSite is treated as Lax (Chromium) rather than None (Firefox). The
   * worker says which browser it runs in; undefined is read as Chromium's rule.
   */
  laxByDefault?: boolean;
}

export const CREDENTIALS_MODES: readonly CredentialsMode[] = ['omit', 'same-origin', 'include'];
export const JAR_SAME_SITE: readonly JarSameSite[] = ['no_restriction', 'lax', 'strict', 'unspecified'];
