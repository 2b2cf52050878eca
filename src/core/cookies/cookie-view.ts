import type { JarCookie } from './cookie-context.ts';
import type { CookieFacts } from './cookie-facts.ts';
import type { WithheldReason } from './cookie-rules.ts';
import { hostAndPath } from './site.ts';

/**
 * The cookie facts of one exchange as the popup and the panel show them (issue 18): names,
 * attributes, sent or withheld and why, a fingerprint of the value; never the value itself.
 */
export interface CookieRowView {
  name: string;
  domain: string;
  path: string;
  /** "Secure", "HttpOnly", "SameSite=Lax", "Partitioned under https://a.com", "expires 2026-…". */
  attributes: string[];
  /** Holds a sign-in, by its name or HttpOnly. */
  session: boolean;
  sent: boolean;
  /** Why the browser withheld it, in a few words each. */
  withheld: string[];
  fingerprint?: string;
  length?: number;
  /** CHIPS: the top-level site it is partitioned under (with name, domain and path, its address). */
  partitionTopLevelSite?: string;
}

export interface SetCookieRowView {
  name: string;
  /** 'this answer', or the time and path of the earlier response. */
  where: string;
  deletes: boolean;
  /** Why the browser refused to store it, when it did. */
  refused?: string;
  /** Its own lifetime ended before the failed request. */
  expired?: boolean;
}

export interface CookieSessionView {
  /** How the page asked: 'include', 'same-origin', 'omit'; undefined when no page observer saw the call. */
  credentialsMode?: string;
  /** Whether the jar was read for this exchange. */
  jarRead: boolean;
  rows: CookieRowView[];
  setCookies: SetCookieRowView[];
}

export const REASON_LABEL: Record<WithheldReason, string> = {
  'credentials-mode': 'not asked for (credentials mode)',
  samesite: 'SameSite (cross-site request)',
  secure: 'Secure cookie, http request',
  domain: 'domain does not match',
  path: 'path does not match',
  expired: 'expired',
  'third-party': 'third-party cookies blocked',
  partition: 'partitioned under another site',
};

const MAX_ROWS = 20;
const MAX_SET_COOKIES = 10;

export function cookieSessionView(cookies: CookieFacts): CookieSessionView | undefined {
  const seen = [...cookies.established, ...cookies.refused, ...cookies.deleted, ...cookies.lapsed].sort(
    (a, b) => a.at - b.at,
  );
  if (!cookies.jarKnown && cookies.context.credentialsMode === undefined && seen.length === 0)
    return undefined;
  const sentNames = cookies.context.sent ? new Set(cookies.context.sent) : undefined;
  const rows = cookies.judged
    .map((item): CookieRowView => {
      const sent = sentNames ? sentNames.has(item.cookie.name) : item.reasons.length === 0;
      return {
        name: item.cookie.name,
        domain: item.cookie.domain,
        path: item.cookie.path,
        attributes: attributesOf(item.cookie),
        session: item.session,
        sent,
        withheld: sent ? [] : item.reasons.map((reason) => REASON_LABEL[reason]),
        ...(item.cookie.valueFingerprint ? { fingerprint: item.cookie.valueFingerprint } : {}),
        ...(item.cookie.valueLength === undefined ? {} : { length: item.cookie.valueLength }),
        ...(item.cookie.partitionTopLevelSite
          ? { partitionTopLevelSite: item.cookie.partitionTopLevelSite }
          : {}),
      };
    })
    // Sign-ins first, then what went; a page's dozens of analytics cookies come last.
    .sort((a, b) => Number(b.session) - Number(a.session) || Number(b.sent) - Number(a.sent))
    .slice(0, MAX_ROWS);
  const setCookies = seen.slice(-MAX_SET_COOKIES).map((item): SetCookieRowView => {
    const refused = cookies.refused.find((entry) => entry.setCookie === item.setCookie);
    return {
      name: item.setCookie.name,
      where: item.onFailure
        ? 'this answer'
        : `${new Date(item.at).toISOString().slice(11, 19)} ${hostAndPath(item.url)}`,
      deletes: cookies.deleted.includes(item),
      ...(refused ? { refused: REASON_LABEL[refused.reason] } : {}),
      ...(cookies.lapsed.includes(item) ? { expired: true } : {}),
    };
  });
  return {
    ...(cookies.context.credentialsMode ? { credentialsMode: cookies.context.credentialsMode } : {}),
    jarRead: cookies.jarKnown,
    rows,
    setCookies,
  };
}

function attributesOf(cookie: JarCookie): string[] {
  const list: string[] = [];
  if (cookie.secure) list.push('Secure');
  if (cookie.httpOnly) list.push('HttpOnly');
  list.push(
    `SameSite=${{ no_restriction: 'None', lax: 'Lax', strict: 'Strict', unspecified: '(not set)' }[cookie.sameSite]}`,
  );
  if (cookie.partitionTopLevelSite) list.push(`Partitioned under ${cookie.partitionTopLevelSite}`);
  list.push(
    cookie.expirationDate === undefined
      ? 'session cookie'
      : `expires ${new Date(cookie.expirationDate * 1000).toISOString()}`,
  );
  return list;
}
