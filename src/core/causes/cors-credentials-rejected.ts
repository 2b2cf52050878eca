import { identifyingCredentials } from '../cookies/cookie-causes-input.ts';
import { originOf } from '../cookies/site.ts';
import { headerValue } from '../exchange.ts';
import type { Facts } from '../facts.ts';
import type { Cause, CauseDetector, Evidence } from './cause.ts';

/**
 * A credentialed cross-origin call (fetch credentials "include", XHR withCredentials) whose answer
 * the browser kept from the page: the Fetch standard's CORS check requires
 * `Access-Control-Allow-Credentials: true` and the page's own origin (never `*`) on it. The server
 * answered, maybe 200; the page got a network error.
 */
export const corsCredentialsRejected: CauseDetector = {
  id: 'cors-credentials-rejected',
  detect(facts) {
    const refusal = facts.cookies.cors;
    if (!refusal) return unseenRefusal(facts);
    const { exchange } = facts;
    const allowOrigin = headerValue(exchange.responseHeaders, 'access-control-allow-origin') ?? '';
    const allowCredentials = headerValue(exchange.responseHeaders, 'access-control-allow-credentials');
    const page = facts.cookies.request.initiatorOrigin ?? 'the page';
    const evidence: Evidence[] = [
      {
        source: 'request',
        text: `The page at ${page} asked for credentials (credentials: "include" / withCredentials) on a call to another origin.`,
      },
      {
        source: 'response-header',
        text:
          refusal === 'cors-wildcard-origin'
            ? `Access-Control-Allow-Origin: ${allowOrigin.trim()} — a wildcard is refused for a credentialed call.`
            : `Access-Control-Allow-Origin: ${allowOrigin.trim()}, ${allowCredentials === undefined ? 'no Access-Control-Allow-Credentials' : `Access-Control-Allow-Credentials: ${allowCredentials}`} — a credentialed call needs Access-Control-Allow-Credentials: true.`,
      },
      {
        source: 'status',
        text:
          exchange.status === 0
            ? "The page saw a network error (TypeError: Failed to fetch), not the server's answer."
            : `The server answered ${exchange.status}, but the browser did not hand that answer to the page.`,
      },
    ];
    const sent = facts.cookies.sentSessions[0];
    if (sent)
      evidence.push({ source: 'request', text: `The session cookie ${sent.cookie.name} went with it.` });
    return {
      id: 'cors-credentials-rejected',
      title:
        refusal === 'cors-wildcard-origin'
          ? 'The server allowed any origin (*), which browsers refuse for a call with cookies'
          : 'The server did not allow credentials (no Access-Control-Allow-Credentials: true), so the browser hid its answer',
      evidence,
      fix:
        refusal === 'cors-wildcard-origin'
          ? `Echo the page's origin (Access-Control-Allow-Origin: ${page}, with Vary: Origin) instead of *, and send Access-Control-Allow-Credentials: true (express cors({ origin: [...], credentials: true }), django-cors-headers CORS_ALLOWED_ORIGINS + CORS_ALLOW_CREDENTIALS = True).`
          : 'Send Access-Control-Allow-Credentials: true on the answer and its preflight (Laravel supports_credentials, Spring allowCredentials = true, express cors({ credentials: true })), or drop credentials from the call if it needs no cookies.',
      confidence: 'high',
      score: 96,
      rankReason:
        'The CORS check of the answer failed; nothing the credential holds matters until the server allows credentials.',
    };
  },
};

/**
 * Seen from the page alone: a call that asked for cookies, to another origin, ended in a network
 * error with no answer to read. Without a credential header it needed no preflight, so the CORS
 * check of the answer (or an unreachable server) is what failed.
 */
function unseenRefusal(facts: Facts): Cause | undefined {
  const { exchange } = facts;
  const { request } = facts.cookies;
  if (exchange.status !== 0 || exchange.responseHeaders.length > 0) return undefined;
  if (request.credentialsMode !== 'include' || identifyingCredentials(facts.credentials).length > 0)
    return undefined;
  if (request.initiatorOrigin === undefined || originOf(exchange.url) === request.initiatorOrigin)
    return undefined;
  return {
    id: 'cors-credentials-rejected',
    title: 'The browser blocked the answer to this call with cookies (a CORS check, most likely)',
    evidence: [
      {
        source: 'request',
        text: `The page at ${request.initiatorOrigin} asked for credentials (credentials: "include" / withCredentials) on a call to ${originOf(exchange.url) ?? exchange.url}.`,
      },
      { source: 'status', text: 'The page saw a network error, with no answer to read.' },
      {
        source: 'request',
        text: "Seen from the page only: repeat the call to see the server's CORS headers (network capture is on for this tab from now on).",
      },
    ],
    fix: "The answer must carry Access-Control-Allow-Credentials: true and the page's exact origin in Access-Control-Allow-Origin (never *); if the server was unreachable, the repeat will show it.",
    confidence: 'medium',
    score: 78,
    rankReason:
      'A call with cookies and no credential header needs no preflight: the CORS check of its answer is the usual reason it ends with no answer at all.',
  };
}
