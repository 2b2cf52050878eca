import { describe, expect, it } from 'vitest';
import { readIdentityProviderSignals } from './jwt-libraries.ts';
import { only, response, triples } from './signal-test-helpers.ts';

const read = (body: object | string, status = 401) => readIdentityProviderSignals(response({ status, body }));

describe('readIdentityProviderSignals: Okta', () => {
  // https://developer.okta.com/docs/reference/error-codes/
  it('reads E0000011 "Invalid token provided" as invalid', () => {
    const s = only(
      read({
        errorCode: 'E0000011',
        errorSummary: 'Invalid token provided',
        errorLink: 'E0000011',
        errorId: 'oaeHfmOAx1iRLa0H10DeMz5fQ',
        errorCauses: [],
      }),
    );
    expect(s).toEqual({
      family: 'okta',
      kind: 'invalid',
      code: 'E0000011',
      message: 'Invalid token provided',
      where: 'response-body',
    });
  });

  it('reads E0000004 "Authentication failed" as invalid', () => {
    expect(
      triples(
        read({
          errorCode: 'E0000004',
          errorSummary: 'Authentication failed',
          errorLink: 'E0000004',
          errorCauses: [],
        }),
      ),
    ).toEqual([{ family: 'okta', kind: 'invalid', code: 'E0000004' }]);
  });

  it('reads the code from truncated JSON', () => {
    const cut = '{"errorCode":"E0000011","errorSummary":"Invalid token prov';
    expect(triples(read(cut))).toEqual([{ family: 'okta', kind: 'invalid', code: 'E0000011' }]);
  });

  it('ignores other Okta codes', () => {
    expect(
      read({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: me (User)' }, 404),
    ).toEqual([]);
  });
});

describe('readIdentityProviderSignals: Google APIs', () => {
  it('reads CREDENTIALS_MISSING as no credential sent', () => {
    // BigQuery, from a DataTalksClub data-engineering-zoomcamp FAQ.
    const s = only(
      read({
        error: {
          code: 401,
          message:
            'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
          errors: [
            {
              message: 'Login Required.',
              domain: 'global',
              reason: 'required',
              location: 'Authorization',
              locationType: 'header',
            },
          ],
          status: 'UNAUTHENTICATED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'CREDENTIALS_MISSING',
              domain: 'googleapis.com',
              metadata: {
                method: 'google.cloud.bigquery.v2.TableService.ListTables',
                service: 'bigquery.googleapis.com',
              },
            },
          ],
        },
      }),
    );
    expect(triples([s])).toEqual([
      { family: 'google', kind: 'missing-credential', code: 'CREDENTIALS_MISSING' },
    ]);
  });

  it('reads ACCESS_TOKEN_EXPIRED as expired', () => {
    // Cloud KMS / Text-to-Speech answer for an expired gcloud token.
    const s = only(
      read({
        error: {
          code: 401,
          message:
            'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
          status: 'UNAUTHENTICATED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'ACCESS_TOKEN_EXPIRED',
              domain: 'googleapis.com',
              metadata: {
                method: 'google.cloud.kms.v1.KeyManagementService.Decrypt',
                service: 'cloudkms.googleapis.com',
              },
            },
          ],
        },
      }),
    );
    expect(triples([s])).toEqual([{ family: 'google', kind: 'expired', code: 'ACCESS_TOKEN_EXPIRED' }]);
  });

  it('reads "Request had invalid authentication credentials." without a reason as invalid', () => {
    const s = only(
      read({
        error: {
          code: 401,
          message: 'Request had invalid authentication credentials.',
          status: 'UNAUTHENTICATED',
        },
      }),
    );
    expect(triples([s])).toEqual([{ family: 'google', kind: 'invalid', code: 'UNAUTHENTICATED' }]);
  });

  it('reads insufficient scopes (403)', () => {
    const s = only(
      read(
        {
          error: {
            code: 403,
            message: 'Request had insufficient authentication scopes.',
            errors: [
              { message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' },
            ],
            status: 'PERMISSION_DENIED',
            details: [
              {
                '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
                domain: 'googleapis.com',
                metadata: {
                  service: 'gmail.googleapis.com',
                  method: 'caribou.api.proto.MailboxService.ListMessages',
                },
              },
            ],
          },
        },
        403,
      ),
    );
    expect(triples([s])).toEqual([
      { family: 'google', kind: 'insufficient-scope', code: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' },
    ]);
    expect(s.message).toBe('Request had insufficient authentication scopes.');
  });

  it('reads an ID token sent as an access token as the wrong scheme', () => {
    const body = {
      error: {
        code: 401,
        message: 'Request had invalid authentication credentials.',
        status: 'UNAUTHENTICATED',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED' },
        ],
      },
    };
    expect(only(read(body)).kind).toBe('wrong-scheme');
  });

  it('reads the legacy "Invalid Credentials" shape', () => {
    const body = {
      error: {
        errors: [
          {
            domain: 'global',
            reason: 'authError',
            message: 'Invalid Credentials',
            locationType: 'header',
            location: 'Authorization',
          },
        ],
        code: 401,
        message: 'Invalid Credentials',
      },
    };
    expect(triples(read(body))).toEqual([{ family: 'google', kind: 'invalid', code: 'authError' }]);
  });

  it('ignores Google errors that are not about the credential', () => {
    expect(
      read({ error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } }, 404),
    ).toEqual([]);
  });
});
