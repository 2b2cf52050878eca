import { describe, expect, it } from 'vitest';
import { classifyCode, classifyPhrase, codeWords } from './phrase-model.ts';

const kind = (text: string) => classifyPhrase(text)?.kind;
const codeKind = (code: string) => classifyCode(code)?.kind;

describe('the phrase model: the server’s words, whoever the server', () => {
  it('reads the families of expiry words, in sentences and in codes', () => {
    for (const text of [
      'Token has expired', // Flask-JWT-Extended
      'Signature has expired', // PyJWT, ruby-jwt
      'token has invalid claims: token is expired', // golang-jwt v5
      'JWT expired at 2026-11-21T11:00:00Z. Current time: 2026-11-21T12:00:00Z', // jjwt
      'Expired token', // firebase/php-jwt
      'The OAuth token used to make this call expired 2 hour(s) ago.', // HubSpot
      'Session has timed out, please log in again',
    ]) {
      expect(kind(text), text).toBe('expired');
    }
    for (const code of [
      'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED',
      'TokenExpiredError',
      'expired_access_token/',
      'JWTExpired',
      'EXPIRED_AUTHENTICATION',
      'ExpiredSignature',
    ]) {
      expect(codeKind(code), code).toBe('expired');
    }
  });

  it('splits codes into words', () => {
    expect(codeWords('FST_JWT_AUTHORIZATION_TOKEN_EXPIRED')).toBe('fst jwt authorization token expired');
    expect(codeWords('JWTExpired')).toBe('jwt expired');
    expect(codeWords('expired_access_token/')).toBe('expired access token');
  });

  it('reads revocation, signature, audience, issuer, not-before, malformation and scope words', () => {
    expect(kind('The token has been revoked')).toBe('revoked');
    expect(kind('User account is deactivated')).toBe('revoked');
    expect(kind('token signature is invalid: signature is invalid')).toBe('signature-invalid');
    expect(kind('Token Signature could not be verified.')).toBe('signature-invalid');
    expect(kind('No suitable key or wrong key type')).toBe('signature-invalid');
    expect(kind("Audience doesn't match")).toBe('wrong-audience');
    expect(kind('Invalid issuer')).toBe('wrong-issuer');
    expect(kind('Cannot handle token prior to 2026-11-21T12:05:00+0000')).toBe('not-yet-valid');
    expect(kind('token used before issued')).toBe('not-yet-valid');
    expect(kind('Not enough segments')).toBe('malformed-credential');
    expect(kind('token contains an invalid number of segments')).toBe('malformed-credential');
    expect(kind("Bad Authorization header. Expected 'Authorization: Bearer <JWT>'")).toBe(
      'malformed-credential',
    );
    expect(kind('this token does not have the required permissions to perform this action')).toBe(
      'insufficient-scope',
    );
    expect(kind("The consumer isn't authorized to access %resources.")).toBe('insufficient-scope');
    expect(kind('Missing Authorization Header')).toBe('missing-credential');
    expect(kind('Authentication required, not authenticated')).toBe('unauthenticated');
  });

  it('reads the CSRF checks of frameworks other than Django, Laravel and Rails', () => {
    for (const text of [
      'The CSRF token has expired.', // Flask-WTF
      "'_xsrf' argument missing from POST", // Tornado
      'Forbidden - CSRF token invalid', // gorilla/csrf
      'Cookie check failed', // WordPress rest_cookie_invalid_nonce
      'No valid crumb was included in the request', // Jenkins
      'The required antiforgery cookie ".AspNetCore.Antiforgery.x" is not present.', // ASP.NET Core
      'Cross-site POST form submissions are forbidden', // SvelteKit
    ]) {
      expect(kind(text), text).toBe('csrf');
    }
    expect(codeKind('rest_cookie_invalid_nonce')).toBe('csrf');
    expect(codeKind('EBADCSRFTOKEN')).toBe('csrf');
  });

  it('respects negations and alternatives, and never reads a card or an order as a credential', () => {
    expect(kind('The token has not expired, but its signature is invalid')).toBe('signature-invalid');
    expect(kind('invalid or expired jwt')).toBe('unauthenticated');
    expect(
      kind('The access token provided is expired, revoked, malformed or invalid for other reasons.'),
    ).toBe('unauthenticated');
    expect(kind('Your card has expired.')).toBeUndefined();
    expect(kind('The order was deleted')).toBeUndefined();
    expect(kind('Unauthorized')).toBeUndefined();
  });

  it('lets a category code give way: FORBIDDEN and PERMISSION_DENIED only name a class', () => {
    expect(classifyCode('FORBIDDEN')).toMatchObject({ kind: 'insufficient-scope', category: true });
    expect(classifyCode('UNAUTHENTICATED')).toMatchObject({ kind: 'unauthenticated', category: true });
    expect(classifyCode('TOKEN_EXPIRED')).toMatchObject({ kind: 'expired', category: false });
  });
});
