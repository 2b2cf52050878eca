import { isCredentialHeader } from './credential-headers.ts';
import type { Exchange, HeaderEntry } from './exchange.ts';

/**
 * What a request looks like from the page alone, and what that view leaves out. Network capture
 * (webRequest) is dormant until a tab needs it (docs/PERFORMANCE.md); until then the page observer
 * is the only witness, and it sees everything the diagnosis reads of a same-origin fetch or XHR.
 * What it cannot see, it says, so the popup can tell the user what is missing and how to see it.
 */

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The page's origin as the browser sends it on a cross-origin call (an `origin` request header). */
export function pageOriginHeader(url: string, pageUrl: string | undefined): HeaderEntry | undefined {
  const page = pageUrl === undefined ? undefined : originOf(pageUrl);
  if (page === undefined || page === 'null' || originOf(url) === page) return undefined;
  return { name: 'origin', value: page };
}

/**
 * A call the browser refused before any answer reached the page (status 0), which carried a
 * credential to another origin. A credential header makes a cross-origin call "non-simple", so the
 * browser sends a CORS preflight first; refusing that preflight (or the CORS check of the answer)
 * is what turns it into a bare network error.
 */
export function blockedCredentialedCrossOriginCall(exchange: {
  status: number;
  url: string;
  requestHeaders?: readonly HeaderEntry[] | undefined;
}): boolean {
  if (exchange.status !== 0) return false;
  const headers = exchange.requestHeaders ?? [];
  const origin = headers.find((header) => header.name === 'origin')?.value;
  if (origin === undefined || origin === originOf(exchange.url)) return false;
  return headers.some((header) => isCredentialHeader(header.name));
}

/**
 * What the page's own view of this exchange could not show; empty when it shows all the diagnosis
 * reads. Said in the popup for a failure recorded before network capture was on for its tab.
 */
export function unseenFromPage(exchange: Exchange): string[] {
  // A success says nothing the network view would change: only a failure (or a body relayed as one),
  // a blocked call or a refused document needs more than the page's view.
  const troubled =
    exchange.status === 0 ||
    exchange.status >= 400 ||
    exchange.responseBody !== undefined ||
    exchange.type === 'document';
  if (!troubled) return [];
  const unseen: string[] = [];
  if (exchange.status === 0) {
    unseen.push(
      'why the browser gave up: a refused CORS preflight (OPTIONS), a CORS check of the answer, or an unreachable server',
    );
  }
  if (exchange.redirectedFrom) unseen.push('each redirect hop as the browser followed it');
  if (exchange.viaServiceWorker) {
    unseen.push(
      'the request as it went out: this page’s service worker handles its requests and may add or change headers (a token it injects is not seen by the page)',
    );
  }
  // A refusal without a credential header is a cookie session's: whether the server deleted the
  // session cookie (Set-Cookie) is hidden from every page (issue 18).
  if (exchange.status >= 400 && !exchange.requestHeaders.some((header) => isCredentialHeader(header.name))) {
    unseen.push('whether the server set or deleted a session cookie (Set-Cookie is hidden from pages)');
  }
  if (exchange.type === 'document') unseen.push('the headers of the page’s own response');
  else if (exchange.status !== 0 && exchange.requestHeaders.some((header) => header.name === 'origin')) {
    unseen.push(
      'response headers the server did not expose to this page (WWW-Authenticate, Date) unless it lists them in Access-Control-Expose-Headers',
    );
  }
  return unseen;
}
