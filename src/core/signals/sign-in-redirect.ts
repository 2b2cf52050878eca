/**
 * A redirect to the sign-in page: how session-cookie apps (Django's login_required, Devise,
 * ASP.NET Core's cookie handler, Spring Security's form login, express apps) answer a request
 * whose session they do not know, instead of a 401. The sign-in page is recognised by its path
 * (`/login`, `/accounts/login/`, `/Identity/Account/Login`, `/users/sign_in`, `/signin`) or by the
 * return-to parameter it carries (`?next=`, `?ReturnUrl=`, `?redirect_to=`).
 */
const SIGN_IN_PATH =
  /\/(?:log-?in|sign-?in|sign_in|signon|sign-?on|auth\/login|account\/login|accounts\/login|users\/sign_in)(?:[/.?#]|$)/i;
/** A sign-in word as a path segment or part of one (`/auth/`, `/sso`, `/user_login`), not inside a word (`/catalog`). */
const SIGN_IN_WORD = /(?:^|[/._-])(?:log-?in|log-?on|sign-?in|sign-?on|auth|sso)(?:$|[/._-])/i;
const RETURN_TO = /[?&](?:next|returnurl|return_to|returnto|redirect_to|redirect|continue|from)=/i;

export function isSignInUrl(url: string): boolean {
  try {
    const parsed = new URL(url, 'https://placeholder.invalid');
    return SIGN_IN_PATH.test(parsed.pathname);
  } catch {
    return false;
  }
}

/** Whether a redirect from `requestUrl` to `location` sends the user to sign in (and is not the sign-in page's own flow). */
export function redirectsToSignIn(requestUrl: string, location: string | undefined): boolean {
  if (location === undefined || location.length > 4096) return false;
  if (isSignInUrl(requestUrl)) return false;
  let target: URL;
  try {
    target = new URL(location, requestUrl);
  } catch {
    return false;
  }
  return (
    SIGN_IN_PATH.test(target.pathname) ||
    (RETURN_TO.test(target.search) && SIGN_IN_WORD.test(target.pathname))
  );
}
