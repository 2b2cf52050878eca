import { describe, expect, it } from 'vitest';
import { makeExchange } from '../../../test/make-exchange.ts';
import { isAuthFailure } from '../auth-failure.ts';
import { isSignInUrl, redirectsToSignIn } from './sign-in-redirect.ts';

/**
 * Session-cookie apps answer a request whose session they do not know with a redirect to their
 * sign-in page rather than a 401 (issue 18). Locations below are what each framework writes.
 */
const PAGE = 'https://app.example.com/projects/42/';

describe('redirectsToSignIn', () => {
  it.each([
    ["Django's login_required", '/accounts/login/?next=/projects/42/'],
    ['Devise', '/users/sign_in'],
    ["ASP.NET Core's cookie handler", '/Identity/Account/Login?ReturnUrl=%2Fprojects%2F42%2F'],
    ["Spring Security's form login", 'http://app.example.com/login'],
    ['an express app', '/login'],
    ['an express app with a return-to', '/login?redirect_to=%2Fprojects%2F42%2F'],
    [
      'an identity provider on another host',
      'https://idp.example.org/signin?continue=https%3A%2F%2Fapp.example.com',
    ],
    ['a loopback sign-in page', 'http://localhost:8080/login'],
    ['a sign-in page with a file extension', '/login.html'],
    ['a sign-in path in upper case', '/LOGIN/'],
    ['a return-to on an /auth path', '/auth?next=%2Fprojects%2F42%2F'],
  ])('recognises %s: %s', (_label, location) => {
    expect(redirectsToSignIn(PAGE, location)).toBe(true);
  });

  it.each([
    ['the home page', '/'],
    ['the dashboard', '/dashboard'],
    ['a page after logout', '/logout-done'],
    [
      'an OAuth authorization request',
      '/oauth/authorize?client_id=spa&redirect_uri=https%3A%2F%2Fapp&state=s',
    ],
    ['a sign-up page', '/signup'],
    ['the ASP.NET OIDC callback', '/signin-oidc'],
  ])('does not take %s for sign-in: %s', (_label, location) => {
    expect(redirectsToSignIn(PAGE, location)).toBe(false);
  });

  it('reads "login" as a whole path segment: a blog post about logging in is no sign-in page', () => {
    // The segment must end at `/`, `.`, `?`, `#` or the end of the path.
    expect(redirectsToSignIn(PAGE, '/blog/login-tips-for-beginners')).toBe(false);
    expect(redirectsToSignIn(PAGE, '/loginhelp')).toBe(false);
    expect(redirectsToSignIn(PAGE, '/api/logins')).toBe(false);
    // Any segment may be the sign-in page, so a `login` segment under another path counts.
    expect(redirectsToSignIn(PAGE, '/blog/login')).toBe(true);
  });

  // Found by this suite and fixed: the return-to rule took any path that merely contained "log", "sign" or "auth" as a
  // substring, so an ordinary redirect to a catalog (or /design?redirect=, /authors?from=) that
  // carries a common `from`/`redirect` parameter was read as a sign-in redirect, and isAuthFailure
  // recorded that 302 as an authentication failure.
  it('does not take a redirect to /catalog?from=home for sign-in, nor record it as a failure', () => {
    const shop = makeExchange({
      url: 'https://shop.example.com/products',
      status: 302,
      response: { location: '/catalog?from=home' },
      failed: false,
    });
    expect(isAuthFailure(shop)).toBe(false);
  });

  it('does not count the sign-in page redirecting to itself (a failed login form, its own flow)', () => {
    expect(redirectsToSignIn('https://app.example.com/login', '/login?error=1')).toBe(false);
    expect(
      redirectsToSignIn('https://app.example.com/accounts/login/?next=/x/', '/accounts/login/?next=/x/'),
    ).toBe(false);
    expect(redirectsToSignIn('https://app.example.com/users/sign_in', '/users/sign_in')).toBe(false);
  });

  it('says no without a location, with an absurdly long one, or for a URL it cannot read', () => {
    expect(redirectsToSignIn(PAGE, undefined)).toBe(false);
    expect(redirectsToSignIn(PAGE, `/login?next=${'a'.repeat(5000)}`)).toBe(false);
    expect(redirectsToSignIn('not a url', '/login')).toBe(false);
  });

  it('isSignInUrl reads the path of relative and absolute URLs alike', () => {
    expect(isSignInUrl('/users/sign_in')).toBe(true);
    expect(isSignInUrl('https://idp.example.org/signin')).toBe(true);
    expect(isSignInUrl('https://app.example.com/?next=/login')).toBe(false);
  });
});

describe('a redirect to sign in as an authentication failure', () => {
  const redirect = (location: string, url = PAGE) =>
    makeExchange({ url, status: 302, response: { location }, failed: false });

  it('records a 302 to the sign-in page as a failure, and a 302 to / as none', () => {
    expect(isAuthFailure(redirect('/accounts/login/?next=/projects/42/'))).toBe(true);
    expect(isAuthFailure(redirect('https://idp.example.org/signin'))).toBe(true);
    expect(isAuthFailure({ ...redirect('/login'), status: 303 })).toBe(true);
    expect(isAuthFailure(redirect('/'))).toBe(false);
    expect(isAuthFailure(redirect('/dashboard'))).toBe(false);
  });

  it('does not record the sign-in form sending the user back to itself', () => {
    expect(isAuthFailure(redirect('/login?error=1', 'https://app.example.com/login'))).toBe(false);
  });

  it('does not record a redirect without a Location header or without a URL to resolve it against', () => {
    expect(isAuthFailure(makeExchange({ url: PAGE, status: 302 }))).toBe(false);
    const { url: _url, ...withoutUrl } = redirect('/login');
    expect(isAuthFailure(withoutUrl)).toBe(false);
  });
});
