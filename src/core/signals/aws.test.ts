import { describe, expect, it } from 'vitest';
import { readAwsSignals } from './aws.ts';
import { only, response, triples } from './signal-test-helpers.ts';

const read = (body: object | string, status = 400, headers: Record<string, string> = {}) =>
  readAwsSignals(response({ status, body, headers }));
const queryXml = (code: string, message: string) =>
  `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>Sender</Type>\n    <Code>${code}</Code>\n    <Message>${message}</Message>\n  </Error>\n  <RequestId>4c5b1d8e-8f0a-4b0b-9a7e-1c2d3e4f5a6b</RequestId>\n</ErrorResponse>\n`;
const s3Xml = (code: string, message: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${extra}<RequestId>6C8855BC97D17A1B</RequestId><HostId>3bwhtSpY9tAypFr9L6V+W6UAxFUyk7mK+VQGhIu4Bxj0t7jhQWMEEinW4YHpi8Q9qONnx1CEHKE=</HostId></Error>`;

describe('readAwsSignals: invalid and expired credentials', () => {
  it('reads a coral UnrecognizedClientException, stripping the namespace (PynamoDB#603)', () => {
    const s = only(
      read({
        __type: 'com.amazon.coral.service#UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      }),
    );
    expect(s).toEqual({
      family: 'aws',
      kind: 'aws-invalid-credentials',
      code: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      where: 'response-body',
    });
  });

  it('reads x-amzn-ErrorType alone when the body is empty', () => {
    const s = only(
      read('', 400, {
        'x-amzn-ErrorType':
          'UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/',
      }),
    );
    expect(triples([s])).toEqual([
      { family: 'aws', kind: 'aws-invalid-credentials', code: 'UnrecognizedClientException' },
    ]);
    expect(s.where).toBe('response-header');
  });

  it('reads STS InvalidClientTokenId from query XML', () => {
    const s = only(
      read(
        queryXml(
          'InvalidClientTokenId',
          'The X.509 certificate or AWS access key ID provided does not exist in our records.',
        ),
        403,
      ),
    );
    expect(triples([s])).toEqual([
      { family: 'aws', kind: 'aws-invalid-credentials', code: 'InvalidClientTokenId' },
    ]);
  });

  it('reads S3 InvalidAccessKeyId and InvalidToken', () => {
    const key = s3Xml(
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      '<AWSAccessKeyId>ASIAEXAMPLEKEY000000</AWSAccessKeyId>',
    );
    expect(only(read(key, 403)).kind).toBe('aws-invalid-credentials');
    const token = s3Xml(
      'InvalidToken',
      'The provided token is malformed or otherwise invalid.',
      '<Token-0>FwoGZXIvYXdzEXAMPLE</Token-0>',
    );
    expect(triples(read(token, 400))).toEqual([
      { family: 'aws', kind: 'aws-invalid-credentials', code: 'InvalidToken' },
    ]);
  });

  it('reads ExpiredToken (XML) and ExpiredTokenException (JSON)', () => {
    const xml = queryXml('ExpiredToken', 'The security token included in the request is expired');
    expect(triples(read(xml, 403))).toEqual([
      { family: 'aws', kind: 'aws-expired-credentials', code: 'ExpiredToken' },
    ]);
    const json = {
      __type: 'com.amazon.coral.service#ExpiredTokenException',
      message: 'The security token included in the request is expired',
    };
    expect(triples(read(json))).toEqual([
      { family: 'aws', kind: 'aws-expired-credentials', code: 'ExpiredTokenException' },
    ]);
  });

  it('reads the API Gateway messages that carry no code (kndt84/aws-api-gateway-client#31)', () => {
    expect(triples(read({ message: 'The security token included in the request is invalid.' }, 403))).toEqual(
      [{ family: 'aws', kind: 'aws-invalid-credentials' }],
    );
    expect(only(read({ message: 'The security token included in the request is expired' }, 403)).kind).toBe(
      'aws-expired-credentials',
    );
  });

  it('reads EC2 AuthFailure', () => {
    const ec2 =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate the provided access credentials</Message></Error></Errors><RequestID>a1b2c3d4</RequestID></Response>';
    expect(triples(read(ec2, 401))).toEqual([
      { family: 'aws', kind: 'aws-invalid-credentials', code: 'AuthFailure' },
    ]);
  });

  it('reads the code from truncated JSON', () => {
    const cut =
      '{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token incl';
    expect(triples(read(cut))).toEqual([
      { family: 'aws', kind: 'aws-invalid-credentials', code: 'UnrecognizedClientException' },
    ]);
  });
});

describe('readAwsSignals: signatures and clocks', () => {
  it('reads "Signature expired" as clock skew with both times and the window (convox/rack#235)', () => {
    const body = queryXml(
      'SignatureDoesNotMatch',
      'Signature expired: 20151221T200419Z is now earlier than 20151221T201450Z (20151221T201950Z - 5 min.)',
    );
    const s = only(read(body, 403));
    expect(triples([s])).toEqual([{ family: 'aws', kind: 'clock-skew', code: 'SignatureDoesNotMatch' }]);
    expect(s.details).toEqual({
      requestTime: Date.UTC(2015, 11, 21, 20, 4, 19),
      serverTime: Date.UTC(2015, 11, 21, 20, 19, 50),
      allowedSkewMs: 5 * 60_000,
    });
  });

  it('reads "Signature not yet current" as clock skew (aws-sdk-js#2565)', () => {
    const s = only(
      read({
        __type: 'InvalidSignatureException',
        message:
          'Signature not yet current: 20190305T002809Z is still later than 20190304T214315Z (20190304T212815Z + 15 min.)',
      }),
    );
    expect(triples([s])).toEqual([{ family: 'aws', kind: 'clock-skew', code: 'InvalidSignatureException' }]);
    expect(s.details).toEqual({
      requestTime: Date.UTC(2019, 2, 5, 0, 28, 9),
      serverTime: Date.UTC(2019, 2, 4, 21, 28, 15),
      allowedSkewMs: 15 * 60_000,
    });
  });

  it('reads S3 RequestTimeTooSkewed from its RequestTime and ServerTime elements', () => {
    // filestack/filestack-js test fixture of an S3 answer.
    const body =
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestTime>20191102T153031Z</RequestTime><ServerTime>2019-11-02T15:56:35Z</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds><RequestId>6C8855BC97D17A1B</RequestId><HostId>3bwhtSpY9tAypFr9L6V+W6UAxFUyk7mK+VQGhIu4Bxj0t7jhQWMEEinW4YHpi8Q9qONnx1CEHKE=</HostId></Error>';
    const s = only(read(body, 403));
    expect(s.kind).toBe('clock-skew');
    expect(s.details).toEqual({
      requestTime: Date.UTC(2019, 10, 2, 15, 30, 31),
      serverTime: Date.UTC(2019, 10, 2, 15, 56, 35),
      allowedSkewMs: 900_000,
    });
  });

  it('reads RequestExpired as clock skew', () => {
    const body = queryXml('RequestExpired', 'Request has expired. Timestamp date is 2016-08-01T10:00:00Z');
    expect(triples(read(body, 400))).toEqual([{ family: 'aws', kind: 'clock-skew', code: 'RequestExpired' }]);
  });

  it('reads other SignatureDoesNotMatch as a signature problem', () => {
    const body = s3Xml(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      '<AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256</StringToSign>',
    );
    expect(triples(read(body, 403))).toEqual([
      { family: 'aws', kind: 'aws-signature', code: 'SignatureDoesNotMatch' },
    ]);
  });

  it('reads IncompleteSignature for a JWT sent to an IAM-authorised API (nordcloud/cognitocurl#15)', () => {
    const s = only(
      read(
        {
          message:
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.e30.c2ln",
        },
        403,
        { 'x-amzn-ErrorType': 'IncompleteSignatureException' },
      ),
    );
    expect(triples([s])).toEqual([
      { family: 'aws', kind: 'aws-signature', code: 'IncompleteSignatureException' },
    ]);
    expect(s.where).toBe('response-body');
  });

  it('reads IncompleteSignature for a Bearer token sent to SigV4 (serverless#3205)', () => {
    const body = {
      message:
        "'sometoken' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer sometoken'.",
    };
    expect(only(read(body, 403, { 'x-amzn-ErrorType': 'IncompleteSignatureException' })).kind).toBe(
      'aws-signature',
    );
  });

  it('reads {"message":"Missing Authentication Token"} with that code', () => {
    expect(triples(read({ message: 'Missing Authentication Token' }, 403))).toEqual([
      { family: 'aws', kind: 'missing-credential', code: 'MissingAuthenticationToken' },
    ]);
    const withHeader = read({ message: 'Missing Authentication Token' }, 403, {
      'x-amzn-ErrorType': 'MissingAuthenticationTokenException',
    });
    expect(only(withHeader).code).toBe('MissingAuthenticationTokenException');
  });
});

describe('readAwsSignals: API Gateway authorizers and Cognito', () => {
  it("reads the Cognito authorizer's expired token", () => {
    expect(only(read({ message: 'The incoming token has expired' }, 401))).toEqual({
      family: 'cognito',
      kind: 'expired',
      message: 'The incoming token has expired',
      where: 'response-body',
    });
  });

  it('reads {"message":"Unauthorized"} only from API Gateway', () => {
    const gateway = read({ message: 'Unauthorized' }, 401, { 'x-amzn-ErrorType': 'UnauthorizedException' });
    expect(triples(gateway)).toEqual([{ family: 'aws', kind: 'invalid', code: 'UnauthorizedException' }]);
    expect(triples(read({ message: 'Unauthorized' }, 401, { 'x-amz-apigw-id': 'Ab1CdEfGhIjKlM=' }))).toEqual([
      { family: 'aws', kind: 'invalid' },
    ]);
    expect(read({ message: 'Unauthorized' }, 401)).toEqual([]);
  });

  it('reads Cognito user-pool NotAuthorizedException token texts', () => {
    const expired = { __type: 'NotAuthorizedException', message: 'Access Token has expired' };
    expect(triples(read(expired))).toEqual([
      { family: 'cognito', kind: 'expired', code: 'NotAuthorizedException' },
    ]);
    expect(
      only(read({ __type: 'NotAuthorizedException', message: 'Access Token has been revoked' })).kind,
    ).toBe('revoked');
    expect(read({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' })).toEqual(
      [],
    );
  });

  it('reads an expired S3 presigned URL as expired, with the server time', () => {
    const body = s3Xml(
      'AccessDenied',
      'Request has expired',
      '<X-Amz-Expires>3600</X-Amz-Expires><Expires>2019-02-26T10:52:50Z</Expires><ServerTime>2019-02-26T11:19:13Z</ServerTime>',
    );
    const s = only(read(body, 403));
    expect(triples([s])).toEqual([{ family: 'aws', kind: 'expired', code: 'AccessDenied' }]);
    expect(s.details).toEqual({ serverTime: Date.UTC(2019, 1, 26, 11, 19, 13) });
  });

  it('ignores other AWS errors and other vendors\' "code" fields', () => {
    expect(
      read({
        __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
        message: 'Requested resource not found',
      }),
    ).toEqual([]);
    expect(read({ message: '401: Unauthorized', code: 0 }, 401)).toEqual([]);
    expect(read(s3Xml('NoSuchKey', 'The specified key does not exist.'), 404)).toEqual([]);
  });
});
