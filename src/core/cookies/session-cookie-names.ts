/**
 * Which cookies hold a sign-in. Frameworks name their session cookies in a few recognisable ways
 * (`connect.sid`, `sessionid`, `laravel_session`, `JSESSIONID`, `.AspNetCore.Cookies`,
 * `next-auth.session-token`, `sb-<ref>-auth-token`, `_oauth2_proxy`...), and set them HttpOnly;
 * analytics, load-balancer, consent and CSRF cookies are not a sign-in, whatever their flags.
 */
const NOT_A_SESSION =
  /^(?:_ga|_gid|_gat|_gcl|_fbp|_fbc|_hj|_uet|_clck|_clsk|_pk_|__utm|ajs_|amp_|mp_|intercom-|optimizely|__cf_bm|cf_clearance|__cfruid|_cfuvid|awsalb|arraffinity|__stripe_|consent|cookieconsent|optanon|euconsent|next_locale|locale|lang|theme|tz\b|timezone|__vercel_live)/i;
const SESSION_LIKE =
  /sess|sid|auth|token|login|user|jwt|identity|remember|oauth|\.aspnetcore\.|^__(?:host|secure)-|^_[a-z0-9]+_session$/i;

export function isCsrfCookie(name: string): boolean {
  return /csrf|xsrf|antiforgery/i.test(name);
}

/** Whether a cookie looks like it carries the sign-in (its name, or HttpOnly for a name no list knows). */
export function isSessionCookie(cookie: { name: string; httpOnly?: boolean }): boolean {
  if (NOT_A_SESSION.test(cookie.name) || isCsrfCookie(cookie.name)) return false;
  return SESSION_LIKE.test(cookie.name) || cookie.httpOnly === true;
}

/** A request header that carries a CSRF token (Django's X-CSRFToken, Laravel's X-XSRF-TOKEN): proof of origin, not of identity. */
export function isCsrfHeader(name: string): boolean {
  return /^x-(?:csrf|xsrf)-?token$|^x-csrf$|^csrf-token$/i.test(name);
}
