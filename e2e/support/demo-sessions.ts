import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The demo's cookie-session API (issue 18), the way session frameworks behave: a sign-in sets an
 * HttpOnly session cookie; a request whose session the server does not know is refused with 401,
 * and the stale cookie is deleted (`Max-Age=0`); a Secure cookie is set whatever the scheme
 * (express-session's `cookie.secure` over plain http); CORS answers for the app's origin, with or
 * without `Access-Control-Allow-Credentials`. Served by both demo origins (cookies ignore ports).
 */

/** A host name that is not loopback to the browser (mapped to 127.0.0.1 by the test browsers). */
export const INSECURE_DEMO_HOST = 'cookies.auth-demo.test';

const SESSION_COOKIE = 'demo_sid';
/** Sessions the server knows; a forgotten one is what a restart or an idle timeout leaves. */
const sessions = new Set<string>();

export interface SessionOrigins {
  /** The app's origin (the page), allowed by CORS. */
  app: string;
}

function cookiesOf(request: IncomingMessage): Map<string, string> {
  const jar = new Map<string, string>();
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return jar;
}

function newSession(): string {
  const id = randomBytes(24).toString('base64url');
  sessions.add(id);
  return id;
}

/** Answers a /session/… request, or returns false for any other path. */
export function handleSession(
  request: IncomingMessage,
  response: ServerResponse,
  origins: SessionOrigins,
): boolean {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (!url.pathname.startsWith('/session/')) return false;
  const corsOrigin = request.headers.origin;
  // The classic Laravel/Flask-CORS default: the origin is allowed, credentials are not.
  const allowCredentials = url.pathname !== '/session/cors-profile';
  if (corsOrigin === origins.app) {
    response.setHeader('access-control-allow-origin', origins.app);
    if (allowCredentials) response.setHeader('access-control-allow-credentials', 'true');
    response.setHeader('vary', 'Origin');
  }
  if (request.method === 'OPTIONS') {
    response.setHeader('access-control-allow-methods', 'GET, POST');
    response.setHeader('access-control-allow-headers', 'content-type');
    response.writeHead(204).end();
    return true;
  }
  const jar = cookiesOf(request);
  const session = jar.get(SESSION_COOKIE);
  switch (url.pathname) {
    case '/session/login': {
      // SameSite=Lax, the browsers' default made explicit; Secure when asked (?secure=1), over any scheme.
      const secure = url.searchParams.get('secure') === '1';
      const cookie = `${SESSION_COOKIE}=${newSession()}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
      const next = url.searchParams.get('next');
      if (next && /^https?:\/\//.test(next)) {
        response.writeHead(302, { location: next, 'set-cookie': cookie, 'cache-control': 'no-store' }).end();
      } else {
        json(response, 200, { signedIn: true }, { 'set-cookie': cookie });
      }
      return true;
    }
    case '/session/forget':
      // What a server restart with an in-memory store, or an idle timeout, does to every session.
      sessions.clear();
      json(response, 204, undefined);
      return true;
    case '/session/profile':
    case '/session/cors-profile':
    case '/session/update': {
      if (session && sessions.has(session)) {
        json(response, 200, { id: 'user-1042', name: 'Ada Lovelace' });
        return true;
      }
      const headers: Record<string, string | string[]> = {};
      if (session) {
        // A cookie for a session the server no longer has: deleted, as Django and express apps do.
        headers['set-cookie'] = `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`;
        json(response, 401, { error: 'Your session expired. Please sign in again.' }, headers);
        return true;
      }
      json(response, 401, { error: 'Not signed in' }, headers);
      return true;
    }
    case '/session/secure-profile': {
      // express-session with saveUninitialized and cookie.secure: each answer without a session
      // offers a new Secure session cookie, which a browser on plain http refuses to store.
      if (session && sessions.has(session)) {
        json(response, 200, { id: 'user-1042', name: 'Ada Lovelace' });
        return true;
      }
      json(
        response,
        401,
        { error: 'Not signed in' },
        { 'set-cookie': `${SESSION_COOKIE}=${newSession()}; Path=/; HttpOnly; Secure; SameSite=Lax` },
      );
      return true;
    }
    case '/session/rotate': {
      // A session store that rotates the id on a refused request (Rails reset_session, Django
      // cycle_key): a new session cookie on a 401. Derived from the request's demo_seed cookie, so
      // that a test knows the value the browser was given (and can look for it where it must not be).
      const seed = jar.get('demo_seed') ?? 'none';
      json(
        response,
        401,
        { error: 'Not signed in' },
        { 'set-cookie': `demo_rotated_sid=${seed}-rotated; Path=/; HttpOnly; SameSite=Lax` },
      );
      return true;
    }
    default:
      json(response, 404, { error: 'not found' });
      return true;
  }
}

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  response
    .writeHead(status, {
      'cache-control': 'no-store',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    })
    .end(body === undefined ? undefined : JSON.stringify(body));
}
