import { describe, expect, it } from 'vitest';
import { readAzureStorageSignals } from './microsoft-storage.ts';
import { only, response, triples } from './signal-test-helpers.ts';

// Azure Storage error bodies as the service sends them (common-rest-api-error-codes; the time-frame
// text is the one in Azure/azure-storage-net issue reports of SAS tokens used too early or too late).
const xml = (code: string, message: string, detail?: string) =>
  `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:5f3a1b2c-001e-0042-4b2a-0a6d4f000000\nTime:2019-05-10T06:41:51.7052345Z</Message>${
    detail === undefined ? '' : `<AuthenticationErrorDetail>${detail}</AuthenticationErrorDetail>`
  }</Error>`;
const failed =
  'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.';

describe('readAzureStorageSignals', () => {
  it('reads a SAS used before its start time as not yet valid, with the server time', () => {
    const body = xml(
      'AuthenticationFailed',
      failed,
      'Signature not valid in the specified time frame: Start [Fri, 10 May 2019 06:42:00 GMT] - Expiry [Fri, 10 May 2019 14:42:00 GMT] - Current [Fri, 10 May 2019 06:41:51 GMT]',
    );
    const s = only(readAzureStorageSignals(response({ status: 403, body })));
    expect(triples([s])).toEqual([
      { family: 'microsoft', kind: 'not-yet-valid', code: 'AuthenticationFailed' },
    ]);
    expect(s.details).toEqual({ serverTime: Date.UTC(2019, 4, 10, 6, 41, 51) });
    expect(s.message).toMatch(/^Signature not valid in the specified time frame/);
  });

  it('reads a SAS used after its expiry as expired', () => {
    const body = xml(
      'AuthenticationFailed',
      failed,
      'Signature not valid in the specified time frame: Start [Fri, 10 May 2019 06:42:00 GMT] - Expiry [Fri, 10 May 2019 14:42:00 GMT] - Current [Sat, 11 May 2019 09:00:00 GMT]',
    );
    expect(only(readAzureStorageSignals(response({ status: 403, body }))).kind).toBe('expired');
  });

  it('reads "Signature did not match" as an invalid signature', () => {
    const body = xml(
      'AuthenticationFailed',
      failed,
      'Signature did not match. String to sign used was r\n2019-05-10T06:42:00Z\n2019-05-10T14:42:00Z\n/blob/account/container/file.txt\n\n\nhttps\n2018-03-28\n\n\n\n\n\n',
    );
    expect(only(readAzureStorageSignals(response({ status: 403, body }))).kind).toBe('signature-invalid');
  });

  it('reads the other authentication codes', () => {
    const cases: [string, string, string][] = [
      [
        'AuthorizationPermissionMismatch',
        'This request is not authorized to perform this operation using this permission.',
        'insufficient-scope',
      ],
      [
        'InvalidAuthenticationInfo',
        'Authentication information is not given in the correct format. Check the value of Authorization header.',
        'malformed-credential',
      ],
      [
        'NoAuthenticationInformation',
        'Server failed to authenticate the request. Please refer to the information in the www-authenticate header.',
        'missing-credential',
      ],
    ];
    for (const [code, message, kind] of cases) {
      expect(triples(readAzureStorageSignals(response({ status: 403, body: xml(code, message) })))).toEqual([
        { family: 'microsoft', kind, code },
      ]);
    }
  });

  it("reads the JSON form, and ARM's missing Authorization header", () => {
    const arm = {
      error: {
        code: 'AuthenticationFailed',
        message: "Authentication failed. The 'Authorization' header is missing.",
      },
    };
    expect(only(readAzureStorageSignals(response({ body: arm }))).kind).toBe('missing-credential');
  });

  it('ignores XML errors that are not about authentication', () => {
    expect(
      readAzureStorageSignals(
        response({ status: 404, body: xml('BlobNotFound', 'The specified blob does not exist.') }),
      ),
    ).toEqual([]);
  });
});
