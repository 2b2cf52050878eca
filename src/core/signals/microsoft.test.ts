import { describe, expect, it } from 'vitest';
import { parseDotNetTime, readMicrosoftSignals } from './microsoft.ts';
import { only, response, triples } from './signal-test-helpers.ts';

const challenge = (description: string) =>
  readMicrosoftSignals(
    response({
      headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` },
    }),
  );
const body = (json: object, status = 401) => readMicrosoftSignals(response({ status, body: json }));

describe('readMicrosoftSignals: ASP.NET Core JwtBearer error_description', () => {
  // dotnet/aspnetcore src/Security/Authentication/JwtBearer/src/JwtBearerHandler.cs, CreateErrorDescription.
  it('reads "The token expired at" as expired, with the challenge code', () => {
    expect(only(challenge("The token expired at '05/11/2026 19:45:32'"))).toEqual({
      family: 'microsoft',
      kind: 'expired',
      code: 'invalid_token',
      message: "The token expired at '05/11/2026 19:45:32'",
      where: 'response-header',
    });
  });

  it('reads "The token is not valid before" as not yet valid', () => {
    expect(only(challenge("The token is not valid before '01/01/2030 00:00:00'")).kind).toBe('not-yet-valid');
  });

  it('reads the audience it rejected into details.actual', () => {
    const s = only(challenge("The audience 'api://wrong-app' is invalid"));
    expect(s.kind).toBe('wrong-audience');
    expect(s.details).toEqual({ actual: 'api://wrong-app' });
  });

  it('reads the issuer it rejected into details.actual', () => {
    const s = only(challenge("The issuer 'https://login.microsoftonline.com/other/v2.0' is invalid"));
    expect(s.kind).toBe('wrong-issuer');
    expect(s.details).toEqual({ actual: 'https://login.microsoftonline.com/other/v2.0' });
  });

  it('reads "(null)" as no value', () => {
    expect(only(challenge("The audience '(null)' is invalid")).details).toBeUndefined();
  });

  it('reads both signature texts', () => {
    expect(only(challenge('The signature key was not found')).kind).toBe('signature-invalid');
    expect(only(challenge('The signature is invalid')).kind).toBe('signature-invalid');
  });

  it('reads "The token has no expiration" as invalid', () => {
    expect(only(challenge('The token has no expiration')).kind).toBe('invalid');
  });

  it('reads the ASP.NET Core 2.x texts without quoted values (aspnetcore JwtBearerTests)', () => {
    expect(only(challenge('The token is expired')).kind).toBe('expired');
    expect(only(challenge('The token is not valid yet')).kind).toBe('not-yet-valid');
    expect(only(challenge('The audience is invalid')).kind).toBe('wrong-audience');
  });

  it('reads the first of several joined descriptions', () => {
    expect(only(challenge("The audience 'a' is invalid; The signature key was not found")).kind).toBe(
      'wrong-audience',
    );
  });
});

describe('readMicrosoftSignals: IdentityModel IDX codes', () => {
  // AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet src/Microsoft.IdentityModel.Tokens/LogMessages.cs
  it('reads IDX10223 with the server time from "Current time (UTC)"', () => {
    // Azure Monitor Agent docs: Error: {"error":{"code":"TokenExpired","message":"IDX10223: ..."}}
    const s = only(
      body({
        error: {
          code: 'TokenExpired',
          message:
            "IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): '12/27/2024 4:41:52 PM', Current time (UTC): '12/30/2024 3:00:16 PM'.",
        },
      }),
    );
    expect(triples([s])).toEqual([{ family: 'microsoft', kind: 'expired', code: 'IDX10223' }]);
    expect(s.details).toEqual({ serverTime: Date.UTC(2024, 11, 30, 15, 0, 16) });
  });

  it('reads IDX10222 (older format without "(UTC)") as not yet valid', () => {
    const s = only(
      readMicrosoftSignals(
        response({
          body: "IDX10222: Lifetime validation failed. The token is not yet valid. ValidFrom: '01/02/2030 10:00:00', Current time: '01/01/2030 09:59:00'.",
        }),
      ),
    );
    expect(s.kind).toBe('not-yet-valid');
    expect(s.details?.serverTime).toBe(Date.UTC(2030, 0, 1, 9, 59, 0));
  });

  it('reads IDX10214 with the audiences found and expected', () => {
    const s = only(
      readMicrosoftSignals(
        response({
          body: "IDX10214: Audience validation failed. Audiences: 'api://a'. Did not match: validationParameters.ValidAudience: 'api://b' or validationParameters.ValidAudiences: 'null'.",
        }),
      ),
    );
    expect(s.kind).toBe('wrong-audience');
    expect(s.details).toEqual({ actual: 'api://a', expected: 'api://b' });
  });

  it('leaves out values IdentityModel hid as PII', () => {
    const s = only(
      readMicrosoftSignals(
        response({
          body: "IDX10214: Audience validation failed. Audiences: '[PII of type 'System.String' is hidden. For more details, see https://aka.ms/IdentityModel/PII.]'. Did not match: validationParameters.ValidAudience: '[PII of type 'System.String' is hidden. For more details, see https://aka.ms/IdentityModel/PII.]' or validationParameters.ValidAudiences: '[PII of type 'System.String' is hidden. For more details, see https://aka.ms/IdentityModel/PII.]'.",
        }),
      ),
    );
    expect(s.details).toBeUndefined();
  });

  it('reads IDX10205 as a wrong issuer', () => {
    const s = only(
      readMicrosoftSignals(
        response({
          body: "IDX10205: Issuer validation failed. Issuer: 'https://evil/'. Did not match: validationParameters.ValidIssuer: 'https://good/' or validationParameters.ValidIssuers: 'null'.",
        }),
      ),
    );
    expect(triples([s])).toEqual([{ family: 'microsoft', kind: 'wrong-issuer', code: 'IDX10205' }]);
    expect(s.details).toEqual({ actual: 'https://evil/', expected: 'https://good/' });
  });

  it('reads the signature codes IDX10500, IDX10501, IDX10503, IDX10511 and the unsigned IDX10504', () => {
    const texts = [
      'IDX10500: Signature validation failed. No security keys were provided to validate the signature.',
      "IDX10501: Signature validation failed. Unable to match key: \nkid: 'abc'.",
      "IDX10503: Signature validation failed. Keys tried: 'x'.\nExceptions caught:\n 'IDX10223: ...'.",
      "IDX10511: Signature validation failed. Keys tried: 'x'. \nkid: 'abc'.",
      "IDX10504: Unable to validate signature, token does not have a signature: 'eyJ...'.",
    ];
    for (const text of texts) {
      const s = only(readMicrosoftSignals(response({ body: text })));
      expect(s.kind).toBe('signature-invalid');
      expect(s.code).toBe(text.slice(0, 8));
    }
  });

  it('reads an IDX code in another response header', () => {
    const input = response({
      headers: { 'X-Error-Detail': 'IDX10223: Lifetime validation failed. The token is expired.' },
    });
    expect(triples(readMicrosoftSignals(input))).toEqual([
      { family: 'microsoft', kind: 'expired', code: 'IDX10223' },
    ]);
    expect(readMicrosoftSignals(input)[0]?.where).toBe('response-header');
  });
});

describe('readMicrosoftSignals: Microsoft Graph and Azure Resource Manager', () => {
  it('reads Graph "Invalid audience." as a wrong audience', () => {
    const s = only(
      body({
        error: {
          code: 'InvalidAuthenticationToken',
          message: 'Access token validation failure. Invalid audience.',
          innerError: { date: '2024-02-02T19:22:43', 'request-id': 'db39f8ea-8072-4eb5-95e2-2f0c0a9c1d11' },
        },
      }),
    );
    expect(s).toEqual({
      family: 'microsoft',
      kind: 'wrong-audience',
      code: 'InvalidAuthenticationToken',
      message: 'Access token validation failure. Invalid audience.',
      where: 'response-body',
    });
  });

  it('reads Graph "Lifetime validation failed, the token is expired." as expired', () => {
    // n8n-io/n8n Microsoft credential tests; firezone MicrosoftEntraDirectory tests.
    const s = only(
      body({
        error: {
          code: 'InvalidAuthenticationToken',
          message: 'Lifetime validation failed, the token is expired.',
        },
      }),
    );
    expect(s.kind).toBe('expired');
  });

  it('reads other Graph InvalidAuthenticationToken messages as invalid', () => {
    const s = only(
      body({
        error: {
          code: 'InvalidAuthenticationToken',
          message: 'CompactToken validation failed with reason code: 80049228.',
        },
      }),
    );
    expect(triples([s])).toEqual([
      { family: 'microsoft', kind: 'invalid', code: 'InvalidAuthenticationToken' },
    ]);
  });

  it('reads Graph IDX14100 as malformed, once', () => {
    const s = only(
      body({
        error: {
          code: 'InvalidAuthenticationToken',
          message:
            "IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format. (JWS): 'EncodedHeader.EndcodedPayload.EncodedSignature'.",
        },
      }),
    );
    expect(triples([s])).toEqual([
      { family: 'microsoft', kind: 'malformed-credential', code: 'InvalidAuthenticationToken' },
    ]);
  });

  it('reads ARM ExpiredAuthenticationToken with the server time', () => {
    const s = only(
      body({
        error: {
          code: 'ExpiredAuthenticationToken',
          message:
            "The access token expiry UTC time '11/24/2025 11:31:00 PM' is earlier than current UTC time '11/28/2025 5:28:45 AM'.",
        },
      }),
    );
    expect(s.kind).toBe('expired');
    expect(s.details).toEqual({ serverTime: Date.UTC(2025, 10, 28, 5, 28, 45) });
  });

  it('reads ARM InvalidAuthenticationTokenAudience with both audiences', () => {
    const s = only(
      body({
        error: {
          code: 'InvalidAuthenticationTokenAudience',
          message:
            "The access token has been obtained for wrong audience or resource 'https://graph.microsoft.com'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.azure.com/'.",
        },
      }),
    );
    expect(s.kind).toBe('wrong-audience');
    expect(s.details).toEqual({
      actual: 'https://graph.microsoft.com',
      expected: 'https://management.core.windows.net/,https://management.azure.com/',
    });
  });

  it('reads ARM InvalidAuthenticationTokenTenant as a wrong issuer', () => {
    const s = only(
      body({
        error: {
          code: 'InvalidAuthenticationTokenTenant',
          message:
            "The access token is from the wrong issuer 'https://sts.windows.net/aaaa/'. It must match the tenant 'https://sts.windows.net/bbbb/' associated with this subscription.",
        },
      }),
    );
    expect(s.kind).toBe('wrong-issuer');
    expect(s.details).toEqual({
      actual: 'https://sts.windows.net/aaaa/',
      expected: 'https://sts.windows.net/bbbb/',
    });
  });

  it('reads Graph Authorization_RequestDenied as insufficient scope', () => {
    const s = only(
      body(
        {
          error: {
            code: 'Authorization_RequestDenied',
            message: 'Insufficient privileges to complete the operation.',
          },
        },
        403,
      ),
    );
    expect(s.kind).toBe('insufficient-scope');
  });

  it('ignores error objects of other vendors', () => {
    expect(
      body({ error: { code: 401, message: 'Request had invalid authentication credentials.' } }),
    ).toEqual([]);
    expect(body({ error: { code: 'NotFound', message: 'Item not found' } }, 404)).toEqual([]);
  });
});

describe('parseDotNetTime', () => {
  it('reads invariant, en-US and ISO renderings as UTC', () => {
    expect(parseDotNetTime('05/11/2026 19:45:32')).toBe(Date.UTC(2026, 4, 11, 19, 45, 32));
    expect(parseDotNetTime('12/27/2024 4:41:52 PM')).toBe(Date.UTC(2024, 11, 27, 16, 41, 52));
    expect(parseDotNetTime('1/1/2024 12:00:00 AM')).toBe(Date.UTC(2024, 0, 1, 0, 0, 0));
    expect(parseDotNetTime('2024-01-01T00:00:00Z')).toBe(Date.UTC(2024, 0, 1));
    expect(parseDotNetTime('yesterday')).toBeUndefined();
    expect(parseDotNetTime(undefined)).toBeUndefined();
  });
});
