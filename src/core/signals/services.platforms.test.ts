import { describe, expect, it } from 'vitest';
import { readServiceSignals } from './services.ts';
import { only, response, triples } from './signal-test-helpers.ts';

const read = (body: object | string, status = 401) => readServiceSignals(response({ status, body }));

describe('Esri ArcGIS', () => {
  it('reads 498 "Invalid Token" as invalid, even inside a 200', () => {
    expect(only(read({ error: { code: 498, message: 'Invalid Token', details: [] } }, 200))).toEqual({
      family: 'esri',
      kind: 'invalid',
      code: '498',
      message: 'Invalid Token',
      where: 'response-body',
    });
  });

  it('reads 499 "Token Required" as missing', () => {
    expect(triples(read({ error: { code: 499, message: 'Token Required', details: [] } }, 200))).toEqual([
      { family: 'esri', kind: 'missing-credential', code: '499' },
    ]);
  });
});

describe('Kubernetes API server', () => {
  it('reads a Status with reason Unauthorized as invalid', () => {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    };
    expect(triples(read(status))).toEqual([{ family: 'kubernetes', kind: 'invalid', code: 'Unauthorized' }]);
  });

  it('reads a Forbidden for a named user as insufficient scope', () => {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'pods is forbidden: User "system:serviceaccount:default:ci" cannot list resource "pods" in API group "" in the namespace "kube-system"',
      reason: 'Forbidden',
      details: { kind: 'pods' },
      code: 403,
    };
    expect(only(read(status, 403)).kind).toBe('insufficient-scope');
  });

  it('reads a Forbidden for system:anonymous as no credential accepted', () => {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"',
      reason: 'Forbidden',
      details: { kind: 'pods' },
      code: 403,
    };
    expect(only(read(status, 403)).kind).toBe('missing-credential');
  });

  it('skips a Forbidden that names no user', () => {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: 'forbidden: admission webhook denied',
      reason: 'Forbidden',
      code: 403,
    };
    expect(read(status, 403)).toEqual([]);
  });
});

describe('Django REST framework', () => {
  const detail = (text: string, extra: object = {}) => read({ detail: text, ...extra });

  it('reads "Authentication credentials were not provided." as missing', () => {
    expect(triples(detail('Authentication credentials were not provided.'))).toEqual([
      { family: 'drf', kind: 'missing-credential' },
    ]);
  });

  it('reads "Invalid token." and "Incorrect authentication credentials." as invalid', () => {
    expect(only(detail('Invalid token.')).kind).toBe('invalid');
    expect(only(detail('Incorrect authentication credentials.')).kind).toBe('invalid');
  });

  it('reads bad Authorization headers as malformed', () => {
    expect(only(detail('Invalid token header. No credentials provided.')).kind).toBe('malformed-credential');
    expect(
      only(
        detail('Authorization header must contain two space-delimited values', {
          code: 'bad_authorization_header',
        }),
      ),
    ).toMatchObject({ kind: 'malformed-credential', code: 'bad_authorization_header' });
  });

  it('reads simplejwt "Given token not valid for any token type" by its messages', () => {
    const expired = {
      detail: 'Given token not valid for any token type',
      code: 'token_not_valid',
      messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is expired' }],
    };
    expect(triples(read(expired))).toEqual([{ family: 'drf', kind: 'expired', code: 'token_not_valid' }]);
    const either = {
      detail: 'Given token not valid for any token type',
      code: 'token_not_valid',
      messages: [
        { token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid or expired' },
      ],
    };
    expect(only(read(either)).kind).toBe('invalid');
  });

  it('reads simplejwt "Token is invalid or expired" as invalid and drf-jwt "Signature has expired." as expired', () => {
    expect(only(detail('Token is invalid or expired', { code: 'token_not_valid' })).kind).toBe('invalid');
    expect(only(detail('Signature has expired.')).kind).toBe('expired');
  });

  it('ignores other details', () => {
    expect(detail('Not found.')).toEqual([]);
    expect(detail('You do not have permission to perform this action.')).toEqual([]);
  });
});
