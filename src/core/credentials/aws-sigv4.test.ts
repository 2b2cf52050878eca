import { describe, expect, it } from 'vitest';
import { parseSigV4Authorization, readPresignedUrl } from './aws-sigv4.ts';

// The AWS documentation's own example values (S3 "Signature Calculations for the Authorization
// Header: Example GET Object" and "Authenticating Requests: Using Query Parameters"): AKIAIOSFODNN7EXAMPLE
// is AWS's published placeholder key id, and the signatures are the ones printed there.
const HEADER_SIGNATURE = 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41';
const DOCS_HEADER = `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=${HEADER_SIGNATURE}`;
const DOCS_PRESIGNED =
  'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
const notes = (value: string, date?: string) => parseSigV4Authorization(value, date).details.shapeNotes ?? [];

describe('parseSigV4Authorization', () => {
  it('reads the AWS documentation example', () => {
    expect(parseSigV4Authorization(DOCS_HEADER, '20130524T000000Z')).toEqual({
      kind: 'aws-sigv4',
      description: 'AWS Signature Version 4 (long-term access key AKIA…, us-east-1, s3)',
      details: {
        awsAccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        awsKeyType: 'long-term',
        awsDate: '20130524',
        awsRegion: 'us-east-1',
        awsService: 's3',
        awsSignedHeaders: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'],
        awsRequestTime: Date.UTC(2013, 4, 24),
      },
    });
  });

  it('accepts commas without spaces, and spaces without commas', () => {
    const compact = DOCS_HEADER.replaceAll(', ', ',');
    const spaced = DOCS_HEADER.replaceAll(', ', '  ');
    expect(parseSigV4Authorization(compact).details).toEqual(parseSigV4Authorization(DOCS_HEADER).details);
    expect(parseSigV4Authorization(spaced).details).toEqual(parseSigV4Authorization(DOCS_HEADER).details);
  });

  it('accepts the credentials without the scheme in front', () => {
    const credentials = DOCS_HEADER.slice('AWS4-HMAC-SHA256 '.length);
    expect(parseSigV4Authorization(credentials).details.awsRegion).toBe('us-east-1');
  });

  it('names a missing Credential parameter (AWS IncompleteSignature)', () => {
    expect(notes(`AWS4-HMAC-SHA256 SignedHeaders=host, Signature=${HEADER_SIGNATURE}`)).toEqual([
      'no Credential parameter',
    ]);
  });

  it('names missing SignedHeaders and Signature parameters', () => {
    expect(
      notes('AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request'),
    ).toEqual(['no SignedHeaders parameter', 'no Signature parameter']);
  });

  it('says a bare token is not a key=value pair, without repeating the token', () => {
    const result = parseSigV4Authorization('sometoken-that-is-secret');
    expect(result.details.shapeNotes).toEqual([
      'part 1 is not a key=value pair (missing "=")',
      'no Credential parameter',
      'no SignedHeaders parameter',
      'no Signature parameter',
    ]);
    expect(JSON.stringify(result)).not.toContain('sometoken');
  });

  it('notes a signature that is not 64 lowercase hex digits', () => {
    expect(notes(DOCS_HEADER.replace(HEADER_SIGNATURE, HEADER_SIGNATURE.slice(0, 60)))).toEqual([
      'Signature is not 64 lowercase hex digits (found 60 characters)',
    ]);
  });

  it('notes a credential scope with missing parts or a wrong terminator', () => {
    expect(notes(DOCS_HEADER.replace('/us-east-1/s3/aws4_request', '/us-east-1/aws4_request'))).toEqual([
      'Credential has 4 parts; AKID/YYYYMMDD/region/service/aws4_request expected',
    ]);
    expect(notes(DOCS_HEADER.replace('aws4_request', 'aws_request'))).toEqual([
      'Credential does not end in /aws4_request',
    ]);
  });

  it('notes a Credential that does not start with an access key id', () => {
    expect(notes(DOCS_HEADER.replace('AKIAIOSFODNN7EXAMPLE', 'my-key'))).toEqual([
      'Credential does not start with an AWS access key id (AKIA…/ASIA… + 16 characters)',
    ]);
  });

  it('reads a temporary (ASIA) key', () => {
    const header = DOCS_HEADER.replace('AKIAIOSFODNN7EXAMPLE', 'ASIAIOSFODNN7EXAMPLE');
    expect(parseSigV4Authorization(header).details.awsKeyType).toBe('temporary');
  });

  it('notes SignedHeaders without host', () => {
    expect(notes(DOCS_HEADER.replace('host;', ''))).toEqual(['SignedHeaders does not include host']);
  });

  it('notes an X-Amz-Date in the wrong format', () => {
    const result = parseSigV4Authorization(DOCS_HEADER, '2013-05-24T00:00:00Z');
    expect(result.details.awsRequestTime).toBeUndefined();
    expect(result.details.shapeNotes).toEqual([
      'X-Amz-Date "2013-05-24T00:00:00Z" is not in the form 20130524T000000Z',
    ]);
  });

  it('notes an X-Amz-Date on another day than the credential scope', () => {
    expect(notes(DOCS_HEADER, '20130525T000000Z')).toEqual([
      'X-Amz-Date day 20130525 differs from the credential scope date 20130524',
    ]);
  });
});

describe('readPresignedUrl', () => {
  it('reads the AWS documentation example', () => {
    expect(readPresignedUrl(DOCS_PRESIGNED)).toEqual({
      kind: 'aws-presigned-url',
      description: 'AWS presigned URL (long-term access key AKIA…, us-east-1, s3, valid 24 h)',
      details: {
        awsAccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        awsKeyType: 'long-term',
        awsDate: '20130524',
        awsRegion: 'us-east-1',
        awsService: 's3',
        awsRequestTime: Date.UTC(2013, 4, 24),
        awsExpiresSeconds: 86_400,
        awsSignedHeaders: ['host'],
      },
    });
  });

  it('ignores URLs without presigning parameters', () => {
    expect(readPresignedUrl('https://example.com/a?b=c')).toBeUndefined();
    expect(readPresignedUrl('https://example.com/a')).toBeUndefined();
    expect(readPresignedUrl('not a url at all')).toBeUndefined();
  });

  it('notes a temporary key without X-Amz-Security-Token', () => {
    const url = DOCS_PRESIGNED.replace('AKIAIOSFODNN7EXAMPLE', 'ASIAIOSFODNN7EXAMPLE');
    expect(readPresignedUrl(url)?.details.shapeNotes).toEqual([
      'temporary key (ASIA…) but no X-Amz-Security-Token parameter',
    ]);
  });

  it('notes an X-Amz-Security-Token of "undefined"', () => {
    const url = `${DOCS_PRESIGNED.replace('AKIAIOSFODNN7EXAMPLE', 'ASIAIOSFODNN7EXAMPLE')}&X-Amz-Security-Token=undefined`;
    expect(readPresignedUrl(url)?.details.shapeNotes).toEqual([
      'X-Amz-Security-Token is empty or a placeholder value',
    ]);
  });

  it('notes an expiry beyond the 7-day maximum', () => {
    const url = DOCS_PRESIGNED.replace('X-Amz-Expires=86400', 'X-Amz-Expires=700000');
    expect(readPresignedUrl(url)?.details).toMatchObject({
      awsExpiresSeconds: 700_000,
      shapeNotes: ['X-Amz-Expires 700000 exceeds the 7-day maximum (604800 s)'],
    });
  });

  it('names every missing parameter of a cut URL', () => {
    const url = DOCS_PRESIGNED.slice(0, DOCS_PRESIGNED.indexOf('&X-Amz-Date'));
    expect(readPresignedUrl(url)?.details.shapeNotes).toEqual([
      'no X-Amz-Date parameter',
      'no X-Amz-Expires parameter',
      'no X-Amz-SignedHeaders parameter',
      'no X-Amz-Signature parameter',
    ]);
  });

  it('notes another algorithm and a fragment does not leak into the signature', () => {
    const url = `${DOCS_PRESIGNED.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256')}#part`;
    expect(readPresignedUrl(url)?.details.shapeNotes).toEqual([
      'X-Amz-Algorithm is "AWS4-ECDSA-P256-SHA256", not AWS4-HMAC-SHA256',
    ]);
  });

  it('tolerates lower-case parameter names', () => {
    expect(readPresignedUrl(DOCS_PRESIGNED.replaceAll('X-Amz-', 'x-amz-'))?.details.awsRegion).toBe(
      'us-east-1',
    );
  });
});
