import { describe, expect, it } from 'vitest';
import { isAuthFailure, looksLikeAuthErrorBody } from './auth-failure.ts';

const body = (text: string) => ({ text, truncated: false });

describe('isAuthFailure', () => {
  it('counts the authentication statuses on their own', () => {
    for (const status of [401, 403, 419, 440, 498]) expect(isAuthFailure(status, undefined)).toBe(true);
    for (const status of [200, 204, 302, 400, 404, 500]) expect(isAuthFailure(status, undefined)).toBe(false);
  });

  it('counts a Slack 200 whose body says invalid_auth (Slack Web API error format)', () => {
    expect(isAuthFailure(200, body('{"ok":false,"error":"invalid_auth"}'))).toBe(true);
    expect(isAuthFailure(200, body('{"ok":true,"channels":[]}'))).toBe(false);
  });

  it('counts an AWS JSON-protocol 400 for an unrecognised client', () => {
    const aws =
      '{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}';
    expect(isAuthFailure(400, body(aws))).toBe(true);
    expect(isAuthFailure(400, body('{"error":"missing field name"}'))).toBe(false);
  });

  it('counts an Esri token error served with 200', () => {
    expect(isAuthFailure(200, body('{"error":{"code":498,"message":"Invalid Token","details":[]}}'))).toBe(
      true,
    );
  });

  it('honours a custom status set', () => {
    expect(isAuthFailure(401, undefined, new Set([403]))).toBe(false);
  });

  it('scans only the start of a huge body', () => {
    expect(looksLikeAuthErrorBody(`${'x'.repeat(100_000)}invalid_auth`)).toBe(false);
  });
});
